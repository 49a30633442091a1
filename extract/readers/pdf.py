"""PDF (placeholder until the PDF reader lands)."""

from __future__ import annotations

from extract.document import Document, SourceFormat
from extract.record import issue


def read(data: bytes) -> Document:
    return Document(
        SourceFormat.PDF, [], issues=[issue("error", "unsupported_format", "PDF not read yet")], failed=True
    )
