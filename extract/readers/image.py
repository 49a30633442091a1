"""The OCR reader: image files and image-only PDFs to a `Document` (issue 12).

`read_image` takes PNG/JPEG/TIFF/... bytes, `read_scanned_pdf` a PDF whose pages are images (the PDF
reader calls it when a PDF has no text layer, or one with no table text). `ocr_images` reads a list
of images (the `<img>` tables of a saved HTML page, the pictures of a DOCX) into Pages for the readers
of those formats. Every page is straightened, OCR'd, its ruled tables rebuilt as Grids and written to
`Document.lines` as pipe rows (`a | b | c |`, as the HTML reader writes tables), text in reading order.

Coordinates: for a PDF, spans and cell boxes are in PDF points, top-left origin (as the text-layer
reader's); for an image file, in pixels of the image. Every cell keeps the engine's confidence.

Without an OCR engine installed the document is returned with no lines and an `ocr_unavailable`
issue that says how to enable OCR: never a crash.
"""

from __future__ import annotations

from extract.document import Document, Grid, Page, SourceFormat
from extract.gridrows import append_grid
from extract.layouts import is_page_footer
from extract.ocr.base import INSTALL_HINT, OcrEngine, OcrUnavailable, get_engine
from extract.ocr.continuation import join_continued_tables
from extract.ocr.pages import PageRead, read_page
from extract.ocr.raster import PageImage, image_pages, pdf_pages
from extract.record import issue


def read_image(data: bytes, engine: str | None = None) -> Document:
    """An image file (every frame of a multi-page TIFF is a page); boxes in image pixels."""
    return _read(data, SourceFormat.IMAGE, image_pages, engine)


def read_scanned_pdf(data: bytes, engine: str | None = None, dpi: float = 200) -> Document:
    """An image-only PDF rendered at `dpi` and OCR'd; boxes in PDF points."""
    return _read(data, SourceFormat.PDF, lambda d: pdf_pages(d, dpi=dpi), engine)


def read_images(images: list[bytes], engine: str | None = None) -> list[PageRead]:
    """Images embedded in another document, one PageRead each (lines and Page); an image that cannot
    be decoded is skipped. Raises OcrUnavailable without an engine (the caller turns it into an issue)."""
    eng = get_engine(engine)
    out: list[PageRead] = []
    for data in images:
        try:
            frames = image_pages(data)
        except Exception:  # not an image PIL can decode: a logo in a format we cannot read
            continue
        for img in frames:
            out.append(read_page(img, eng, len(out) + 1))
    join_continued_tables(out)
    return out


def ocr_images(images: list[bytes], engine: str | None = None) -> list[Page]:
    """The Pages (spans and grids, boxes in pixels of each image) of images embedded in a document."""
    return [pr.page for pr in read_images(images, engine)]


def unavailable_issue(what: str, e: Exception) -> dict:
    return issue("error", "ocr_unavailable", f"{what} has no text layer and needs OCR: {e}")


def _read(data: bytes, fmt: SourceFormat, raster, engine: str | None) -> Document:
    doc = Document(source_format=fmt, lines=[])
    what = "image" if fmt == SourceFormat.IMAGE else "scanned PDF"
    try:
        eng: OcrEngine = get_engine(engine)
    except OcrUnavailable as e:
        doc.issues.append(unavailable_issue(f"this {what}", e))
        doc.failed = True
        return doc
    try:
        images: list[PageImage] = raster(data)
    except Exception as e:  # corrupt or truncated file: one issue, never a traceback
        doc.issues.append(
            issue("error", "unreadable_image", f"cannot decode this {what}: {type(e).__name__}: {e}")
        )
        doc.failed = True
        return doc
    doc.meta["ocr_engine"] = eng.name
    reads = []
    for n, img in enumerate(images, 1):
        reads.append(read_page(img, eng, n))
        if img.angle:
            doc.meta[f"ocr_skew_p{n}"] = f"{img.angle:.2f}"
    join_continued_tables(reads)
    for pr in reads:
        add_page(doc, pr)
    if not any(doc.lines):
        doc.issues.append(issue("warning", "ocr_no_text", f"OCR found no text in this {what}"))
    return doc


def add_page(doc: Document, pr: PageRead) -> None:
    """Append a page to `doc`: text lines as read (page numbers such as `-4-` dropped, as the PDF
    reader does), grids as the pipe rows and row cells the table reader reads (extract.gridrows)."""
    pr.page.first_line = len(doc.lines) + 1
    for block in pr.blocks:
        if isinstance(block, Grid):
            append_grid(doc, block)
        elif not is_page_footer(block):
            doc.lines.append(block)
    doc.pages.append(pr.page)


read = read_image  # the registry's entry point (extract.readers: SourceFormat.IMAGE -> image:read)

__all__ = ["INSTALL_HINT", "ocr_images", "read", "read_image", "read_images", "read_scanned_pdf"]
