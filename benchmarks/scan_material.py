"""Scans made from real PDFs: test material for OCR (issue 12), generated, never committed.

Each page is rendered with pypdfium2 at `dpi`, rotated by a small angle (≤ 1°, as a sheet fed
slightly askew), given sensor noise and a little blur, then saved as PNG pages and as one
image-only PDF (PIL writes each page as a JPEG image, no text layer). Deterministic for a seed.
Third-party documents are read in place; only their renderings in a temporary folder exist.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter


def scan_pages(
    pdf: Path | bytes, dpi: int, seed: int = 0, max_skew: float = 1.0, noise: float = 10.0
) -> list[Image.Image]:
    """The pages of `pdf` as noisy, slightly rotated grayscale scans at `dpi`."""
    import pypdfium2 as pdfium

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes())
    out = []
    try:
        for i in range(len(doc)):
            img = doc[i].render(scale=dpi / 72).to_pil().convert("L")
            angle = rng.uniform(0.3, max_skew) * rng.choice((-1, 1))
            img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            img = img.filter(ImageFilter.GaussianBlur(radius=0.4))
            arr = np.asarray(img, dtype=np.float32)
            arr = arr + nrng.normal(0.0, noise, arr.shape)
            speckle = nrng.random(arr.shape) < 0.0005
            arr[speckle] = 0.0
            out.append(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)))
    finally:
        doc.close()
    return out


def image_pdf(pages: list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF of `pages` (no text layer)."""
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return buf.getvalue()


def png_bytes(page: Image.Image, dpi: int) -> bytes:
    buf = io.BytesIO()
    page.save(buf, "PNG", dpi=(dpi, dpi))
    return buf.getvalue()
