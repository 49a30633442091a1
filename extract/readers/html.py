"""HTML pages: the page's text lines (extract.html), one line per data-table row."""

from __future__ import annotations

from typing import Any

from extract.document import Document, Page, SourceFormat
from extract.html import html_to_lines


def read(data: bytes) -> Document:
    """Decode and read (a page that decoding finds is not HTML is read as text)."""
    from extract.readers.text import read as read_text

    return read_text(data)


def from_decoded(text: str, encoding: str | None, issues: list[dict[str, Any]]) -> Document:
    """The Document of a decoded page."""
    lines = html_to_lines(text)
    return Document(SourceFormat.HTML, lines, [Page(1)], encoding=encoding, issues=issues, source_text=text)
