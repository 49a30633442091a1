"""One reader per source format, chosen by content sniffing (extract.sniff), each `read(data) -> Document`.

Readers are imported on first use, so a batch of text dumps never pays for PDFium or lxml. The image
reader is a hook: `extract.readers.image` (OCR, an optional extra) is used when it is installed in the
tree; until then an image yields a Document with no lines and an `ocr_unavailable` issue.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from extract.document import Document, SourceFormat
from extract.record import issue
from extract.sniff import sniff

Reader = Callable[[bytes], Document]

# format → "module:function"; TEXT and HTML share the decoding reader, which has the last word on HTML
_REGISTRY: dict[SourceFormat, str] = {
    SourceFormat.TEXT: "extract.readers.text:read",
    SourceFormat.HTML: "extract.readers.text:read",
    SourceFormat.UNKNOWN: "extract.readers.text:read",  # names the binary kind in a `binary_file` issue
    SourceFormat.PDF: "extract.readers.pdf:read",
    SourceFormat.DOCX: "extract.readers.docx:read",
    SourceFormat.LEGACY: "extract.readers.legacy:read",
    SourceFormat.IMAGE: "extract.readers.image:read",
}
_LOADED: dict[SourceFormat, Reader] = {}
OCR_HINT = "install the OCR extra to read it: pip install 'ogi-warehouse[ocr]'"


def reader_for(fmt: SourceFormat) -> Reader:
    """The reader function of a format (imported once)."""
    fn = _LOADED.get(fmt)
    if fn is None:
        module, name = _REGISTRY[fmt].split(":")
        try:
            fn = getattr(importlib.import_module(module), name)
        except ModuleNotFoundError as e:
            if fmt is not SourceFormat.IMAGE or e.name != module:
                raise
            fn = read_image_unavailable
        _LOADED[fmt] = fn
    return fn


def read_document(data: bytes) -> Document:
    """Bytes → Document by the sniffed format. Readers never raise for bad input (they return a failed
    Document with an issue); a reader bug is caught by extract.parse and named there."""
    return reader_for(sniff(data))(data)


def ocr_module():
    """extract.readers.image when the OCR reader is in the tree, else None (the hook for scans)."""
    try:
        return importlib.import_module("extract.readers.image")
    except ModuleNotFoundError as e:
        if e.name != "extract.readers.image":
            raise
        return None


def read_image_unavailable(data: bytes) -> Document:
    """An image when no OCR reader is installed: no lines, an error that says how to read it."""
    kind = {
        b"\x89P": "a PNG image",
        b"\xff\xd8": "a JPEG image",
        b"II": "a TIFF image",
        b"MM": "a TIFF image",
        b"BM": "a BMP image",
    }.get(data[:2], "an image")
    msg = f"{kind} ({len(data)} bytes) holds no text layer; {OCR_HINT}"
    return Document(SourceFormat.IMAGE, [], issues=[issue("error", "ocr_unavailable", msg)], failed=True)
