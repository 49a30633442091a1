"""HTML pages: the page's text lines and one Grid per data table (extract.html), cells with source lines."""

from __future__ import annotations

from typing import Any

from extract.document import Document
from extract.html import read_page


def read(data: bytes) -> Document:
    """Decode and read (a page that decoding finds is not HTML is read as text)."""
    from extract.readers.text import read as read_text

    return read_text(data)


def from_decoded(text: str, encoding: str | None, issues: list[dict[str, Any]]) -> Document:
    """The Document of a decoded page."""
    doc = read_page(text)
    doc.encoding, doc.source_text = encoding, text
    doc.issues[:0] = issues
    return doc
