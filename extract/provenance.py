"""Where each cell of a record was read: the rows `ogi extract --provenance` prints.

One flat row per cell, in the record's cell order: the cell key, its value and raw text as printed,
and the source position a reader knows: page and box (PDF, OCR: page points/pixels, top-left origin),
line (a line of the original file for text and HTML, of the document's text lines otherwise) and the
format address (`html:table2/row5/col3`, `docx:table3/row5/col2`, `pdf:page4`).
"""

from __future__ import annotations

from typing import Any

from extract.record import Record

PROVENANCE_FIELDS = ("file", "key", "value", "raw", "page", "line", "box", "source", "confidence")


def cell_provenance(rec: Record) -> list[dict[str, Any]]:
    """The provenance row of every cell of `rec` (`box` is [x0, top, x1, bottom] or None)."""
    out = []
    for c in rec.get("cells") or ():
        box = [c.get("x0"), c.get("top"), c.get("x1"), c.get("bottom")]
        out.append(
            {
                "file": rec.get("source_path") or rec.get("source_file"),
                "key": c["key"],
                "value": c.get("value"),
                "raw": c.get("raw"),
                "page": c.get("page"),
                "line": c.get("line"),
                "box": None if all(v is None for v in box) else [round(v, 2) for v in box],
                "source": c.get("source"),
                "confidence": c.get("confidence"),
            }
        )
    return out
