"""DOCX (placeholder until the DOCX reader lands)."""

from __future__ import annotations

from extract.document import Document, SourceFormat
from extract.record import issue


def read(data: bytes) -> Document:
    return Document(
        SourceFormat.DOCX, [], issues=[issue("error", "unsupported_format", "DOCX not read yet")], failed=True
    )
