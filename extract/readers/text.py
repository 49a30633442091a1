"""Text dumps (and HTML pages, which only decoding can tell for sure): bytes → decoded lines.

The lines are exactly what the parser always read (decode_bytes, then split_lines or html_to_lines),
so the records of text and HTML files are unchanged by the reader layer.
"""

from __future__ import annotations

from extract.decode import decode_bytes
from extract.document import Document, Page, SourceFormat


def read(data: bytes) -> Document:
    """Decode; an HTML page goes on to the HTML reader; empty or binary bytes give a failed Document."""
    decoded = decode_bytes(data)
    if decoded.text is None:
        fmt = (
            SourceFormat.TEXT
            if any(i["code"] == "empty_file" for i in decoded.issues)
            else SourceFormat.UNKNOWN
        )
        return Document(fmt, [], encoding=None, issues=decoded.issues, failed=True)
    if decoded.is_html:
        from extract.readers.html import from_decoded

        return from_decoded(decoded.text, decoded.encoding, decoded.issues)
    lines = split_lines(decoded.text)
    return Document(
        SourceFormat.TEXT,
        lines,
        [Page(1)],
        encoding=decoded.encoding,
        issues=decoded.issues,
        source_text=decoded.text,
    )


def split_lines(text: str) -> list[str]:
    """Lines as an editor counts them: only CR, LF and CRLF end a line (str.splitlines would also break at
    form feeds, which pdftotext writes between pages, and shift every later line number)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines
