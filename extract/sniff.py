"""Bytes → SourceFormat, decided by what the bytes are (magic numbers, ZIP members), never by extension.

Why content: analysts' folders hold `.pdf` files that are HTML error pages, `.doc` files that are
really DOCX or HTML (a CMS "export to Word"), and attachments saved without any extension. Text and
HTML are told apart cheaply here; the text reader's decoding has the last word (it sees the encoding).
"""

from __future__ import annotations

import io
import zipfile

from extract.document import SourceFormat

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",  # PNG
    b"\xff\xd8\xff",  # JPEG
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
    b"BM",  # BMP (checked with its header size below)
)
_HTML_HINTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<table", b"<div", b"<p")


def sniff(data: bytes) -> SourceFormat:
    """The format of one file's bytes. Anything not recognised as binary is TEXT or HTML (the text
    reader decides by decoding; an unknown binary becomes a `binary_file` issue there)."""
    head = data[:1024]
    if b"%PDF-" in head:  # the spec allows junk before the header; readers accept it within 1 KB
        return SourceFormat.PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data)
    if head.startswith(_OLE2):
        return SourceFormat.LEGACY  # .doc, .wps (and .xls, which the converter also reads)
    if _is_image(head):
        return SourceFormat.IMAGE
    if _looks_like_html(head):
        return SourceFormat.HTML
    return SourceFormat.TEXT


def _zip_format(data: bytes) -> SourceFormat:
    """DOCX (word/document.xml), OFD (OFD.xml), else unknown (an XLSX or a plain archive)."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return SourceFormat.UNKNOWN
    if "word/document.xml" in names:
        return SourceFormat.DOCX
    if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
        return SourceFormat.LEGACY
    return SourceFormat.UNKNOWN


def _is_image(head: bytes) -> bool:
    for magic in _IMAGE_MAGIC:
        if head.startswith(magic):
            if magic == b"BM":  # "BM" also starts text; a BMP has its 14-byte header and a DIB size
                return len(head) >= 26 and int.from_bytes(head[14:18], "little") in (12, 40, 52, 56, 108, 124)
            return True
    return False


def _looks_like_html(head: bytes) -> bool:
    """An ASCII-compatible page that opens with markup; the decoder confirms it (UTF-16 pages too)."""
    start = head.lstrip(b" \t\r\n\xef\xbb\xbf")[:256].lower()
    if not start.startswith(b"<"):
        return False
    return (
        start.startswith((b"<!doctype html", b"<html", b"<?xml"))
        or sum(h in head.lower() for h in _HTML_HINTS) >= 2
    )
