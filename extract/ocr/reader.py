"""Page images to a Document: OCR every page, join tables continued over a page break, print lines.

The implementation behind `extract.readers.image` (which imports this module only once an engine has
loaded, so a tree without the `ocr` extra never imports numpy or PIL for a text file).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extract.document import Document, Grid, SourceFormat
from extract.gridrows import append_grid
from extract.layouts import is_page_footer
from extract.ocr.base import OcrEngine
from extract.ocr.continuation import join_continued_tables
from extract.ocr.pages import PageRead, read_page
from extract.ocr.raster import PageImage, image_pages, pdf_pages
from extract.record import issue

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")  # `<… object at 0x7f…>` in an exception's text

_KINDS = {
    b"\x89P": "a PNG image",
    b"\xff\xd8": "a JPEG image",
    b"II": "a TIFF image",
    b"MM": "a TIFF image",
    b"BM": "a BMP image",
    b"GI": "a GIF image",
}


def read_pages(data: bytes, fmt: SourceFormat, eng: OcrEngine, dpi: float = 200) -> Document:
    """An image file (fmt IMAGE, boxes in pixels) or an image-only PDF (fmt PDF, rendered at `dpi`,
    boxes in PDF points) as a Document; a file that cannot be decoded is a failed Document."""
    doc = Document(source_format=fmt, lines=[])
    what = "image" if fmt == SourceFormat.IMAGE else "scanned PDF"
    raster: Callable[[bytes], list[PageImage]] = (
        image_pages if fmt == SourceFormat.IMAGE else (lambda d: pdf_pages(d, dpi=dpi))
    )
    try:
        images = raster(data)
    except Exception as e:  # corrupt or truncated file: one issue, never a traceback
        kind = _KINDS.get(data[:2], what) if fmt == SourceFormat.IMAGE else what
        doc.issues.append(
            issue(
                "error",
                "unreadable_image",
                # without object addresses (PIL names its `<_io.BytesIO object at 0x…>`): the same
                # bytes must give the same record
                f"{kind} ({len(data)} bytes) that cannot be decoded: {type(e).__name__}: "
                + _ADDRESS.sub("", str(e)),
            )
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


def read_image_list(images: list[bytes], eng: OcrEngine, keep_empty: bool = False) -> list[PageRead]:
    """Images embedded in another document, one PageRead per image (a multi-frame image: its first
    frame); an image that cannot be decoded is skipped, or with `keep_empty` an empty PageRead, so the
    reads stay in step with the images. Tables continued from one image to the next are joined."""
    from extract.document import Page

    out: list[PageRead] = []
    for data in images:
        try:
            img = image_pages(data)[0]
        except Exception:  # not an image PIL can decode (a logo in an odd format): nothing to read
            if keep_empty:
                out.append(PageRead(page=Page(number=len(out) + 1)))
            continue
        out.append(read_page(img, eng, len(out) + 1))
    join_continued_tables(out)
    return out


def images_document(images: list[bytes], eng: OcrEngine) -> Document:
    """Images that are the pages of one report (a scan saved as PNG pages, the `<img>` tables of a
    web page) as one Document: a table continued from one image to the next is one table."""
    doc = Document(source_format=SourceFormat.IMAGE, lines=[])
    doc.meta["ocr_engine"] = eng.name
    for pr in read_image_list(images, eng):
        add_page(doc, pr)
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
