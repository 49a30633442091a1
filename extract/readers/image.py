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

from typing import TYPE_CHECKING

from extract.document import Document, Page, SourceFormat
from extract.ocr.base import INSTALL_HINT, OcrUnavailable, get_engine
from extract.record import issue

if TYPE_CHECKING:
    from extract.ocr.pages import PageRead


def read_image(data: bytes, engine: str | None = None) -> Document:
    """An image file (every frame of a multi-page TIFF is a page); boxes in image pixels."""
    return _read(data, SourceFormat.IMAGE, engine)


def read_scanned_pdf(data: bytes, engine: str | None = None, dpi: float = 200) -> Document:
    """An image-only PDF rendered at `dpi` and OCR'd; boxes in PDF points."""
    return _read(data, SourceFormat.PDF, engine, dpi)


def read_images(images: list[bytes], engine: str | None = None) -> list[PageRead]:
    """Images embedded in another document, one PageRead (Page and blocks) each; an image that cannot
    be decoded is skipped. Raises OcrUnavailable without an engine (the caller makes it an issue)."""
    eng = get_engine(engine)
    from extract.ocr.reader import read_image_list

    return read_image_list(images, eng)


def ocr_images(images: list[bytes], engine: str | None = None) -> list[Page]:
    """The Pages (spans and grids, boxes in pixels of each image) of images embedded in a document."""
    return [pr.page for pr in read_images(images, engine)]


def unavailable_issue(what: str, e: Exception) -> dict:
    return issue("error", "ocr_unavailable", f"{what} has no text layer and needs OCR: {e}")


def _read(data: bytes, fmt: SourceFormat, engine: str | None, dpi: float = 200) -> Document:
    try:
        eng = get_engine(engine)
    except OcrUnavailable as e:
        what = "this image" if fmt == SourceFormat.IMAGE else "this scanned PDF"
        return Document(fmt, [], issues=[unavailable_issue(what, e)], failed=True)
    from extract.ocr.reader import read_pages

    return read_pages(data, fmt, eng, dpi)


read = read_image  # the registry's entry point (extract.readers: SourceFormat.IMAGE -> image:read)

__all__ = ["INSTALL_HINT", "ocr_images", "read", "read_image", "read_images", "read_scanned_pdf"]
