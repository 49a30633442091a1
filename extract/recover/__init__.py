"""Recovery of tables a crawler or a converter degraded, proven by the template's own arithmetic.

Entry point: `improve(result, lines)`, called once at the end of `extract.tables.read_tables`. It
returns `result` unchanged unless the document is one of the degraded shapes it knows (a flattened
crawl; PDF/OCR→Markdown shreds), so every other document reads exactly as before.
"""

from __future__ import annotations

from extract.recover.flattened import looks_flattened, read_flattened
from extract.recover.shredded import recover_markdown


def improve(result: dict, lines: list[str]) -> dict:
    """`result` of read_tables, or a better reading of the same lines when they are degraded."""
    if not any(v is not None for row in result.get("t3", {}).values() for v in row) and looks_flattened(
        lines
    ):
        flat = read_flattened(lines)
        if flat is not None:
            return flat
    if result.get("layout") == "markdown" and any(
        c["value"] is None for c in result.get("cells", ()) if c["table"] in ("t3", "t4")
    ):
        return recover_markdown(result, lines)
    return result
