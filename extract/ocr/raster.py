"""Page images: PDF pages rendered, image files decoded, both as grayscale and deskewed.

A scan is rarely square on the page: at 1° a table's ruling drifts 17 px over 1,000 px and neither
line finding nor row grouping works. The skew is estimated from the image itself (the angle that
makes the dark-pixel row profile sharpest, searched on a reduced copy) and undone by rotation;
`PageImage.to_source` maps a point of the straightened image back to the source coordinates (PDF
points for a PDF page, pixels of the original image for an image file), so provenance boxes point
where the text is printed.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

from extract.document import Box

RENDER_DPI = 200
MAX_SKEW_DEG = 3.0
MAX_PIXELS = 40_000_000  # a decompression bomb is refused, not rendered


@dataclass
class PageImage:
    """A straightened grayscale page. `scale` converts pixels to source units, `angle` was undone."""

    gray: np.ndarray  # H x W uint8, 0 = black
    scale: float  # source units per pixel (72 / dpi for PDF, 1.0 for images)
    angle: float  # degrees the source was rotated by (counter-clockwise), undone in `gray`
    dpi: float

    @property
    def width(self) -> int:
        return int(self.gray.shape[1])

    @property
    def height(self) -> int:
        return int(self.gray.shape[0])

    def to_source(self, box: Box) -> Box:
        """A box of the straightened image in source coordinates (its corners rotated back)."""
        if not self.angle:
            s = self.scale
            return Box(box.x0 * s, box.top * s, box.x1 * s, box.bottom * s)
        cx, cy = self.width / 2, self.height / 2
        a = math.radians(self.angle)
        cos, sin = math.cos(a), math.sin(a)
        xs, ys = [], []
        for x, y in ((box.x0, box.top), (box.x1, box.top), (box.x0, box.bottom), (box.x1, box.bottom)):
            dx, dy = x - cx, y - cy
            # undo the straightening: rotate by +angle (image y points down)
            xs.append(cx + dx * cos + dy * sin)
            ys.append(cy - dx * sin + dy * cos)
        s = self.scale
        return Box(min(xs) * s, min(ys) * s, max(xs) * s, max(ys) * s)


def to_gray(img: Image.Image) -> np.ndarray:
    if img.mode in ("RGBA", "LA", "P"):
        img = img.convert("RGBA")
        bg = Image.new("RGBA", img.size, (255, 255, 255, 255))
        img = Image.alpha_composite(bg, img)
    return np.asarray(img.convert("L"), dtype=np.uint8)


def estimate_skew(gray: np.ndarray, max_deg: float = MAX_SKEW_DEG) -> float:
    """How far the source is turned (degrees, counter-clockwise positive, as PIL's rotate).

    Shear approximation on a copy reduced to ~800 px wide: each column is shifted by x·tan(θ) and the
    variance of the row sums (dark pixels per row) is highest when rows of ink line up. Coarse 0.25°
    steps, then 0.05° around the best.
    """
    _h, w = gray.shape
    f = max(1, w // 800)
    small = gray[::f, ::f] < 128
    if small.sum() < 50:
        return 0.0
    ys, xs = np.nonzero(small)
    n_rows = small.shape[0]

    def score(deg: float) -> float:
        shift = np.round(xs * math.tan(math.radians(deg))).astype(np.int64)
        rows = ys + shift
        keep = (rows >= 0) & (rows < n_rows)
        prof = np.bincount(rows[keep], minlength=n_rows).astype(np.float64)
        return float(np.sum(np.diff(prof) ** 2))

    coarse = np.arange(-max_deg, max_deg + 1e-9, 0.25)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05)
    best = max(fine, key=score)
    # sheared rows y' = y + x·tan θ are level when the source was turned θ counter-clockwise
    return float(best) if abs(best) >= 0.05 else 0.0


def straighten(gray: np.ndarray, scale: float, dpi: float) -> PageImage:
    angle = estimate_skew(gray)
    if angle:
        img = Image.fromarray(gray).rotate(-angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
        gray = np.asarray(img, dtype=np.uint8)
    return PageImage(gray=gray, scale=scale, angle=angle, dpi=dpi)


def image_pages(data: bytes) -> list[PageImage]:
    """Every frame of an image file (PNG, JPEG, TIFF, ...), straightened; scale 1 (pixels)."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    img = Image.open(io.BytesIO(data))
    out: list[PageImage] = []
    for i in range(getattr(img, "n_frames", 1)):
        img.seek(i)
        dpi = float((img.info.get("dpi") or (0, 0))[0] or 0) or 150.0
        out.append(straighten(to_gray(img), 1.0, dpi))
    return out


def pdf_pages(data: bytes, dpi: float = RENDER_DPI, pages: list[int] | None = None) -> list[PageImage]:
    """PDF pages rendered at `dpi` with pypdfium2 (1-based `pages`, default all), straightened;
    coordinates map back to PDF points, top-left origin, like the text-layer reader's."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for i in range(len(pdf)) if pages is None else [p - 1 for p in pages]:
            page = pdf[i]
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            gray = to_gray(bitmap.to_pil())
            out.append(straighten(gray, 72.0 / dpi, dpi))
            page.close()
        return out
    finally:
        pdf.close()
