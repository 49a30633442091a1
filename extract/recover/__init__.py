"""Recovery of tables a crawler or a converter degraded, proven by the template's own arithmetic.

Entry point: `improve(result, lines)`, called by `extract.parse` right after `read_tables`. It
returns `result` unchanged unless the document is one of the degraded shapes it knows (a flattened
crawl; PDF/OCR→Markdown shreds; table 四's fifteen cells glued into one run under a table the
regular reader did read), so every other document reads exactly as before.
"""

from __future__ import annotations

from extract.recover.flattened import looks_flattened, read_flattened
from extract.recover.glued import recover_glued_t2, recover_glued_t4
from extract.recover.merge import fill_nulls
from extract.recover.shredded import recover_markdown


def improve(result: dict, lines: list[str], text: str | None = None) -> dict:
    """`result` of read_tables, or a better reading of the same lines when they are degraded.
    `text` is "\\n".join(lines) when the caller has it (it is joined here otherwise)."""
    if looks_flattened(lines, text):
        flat = read_flattened(lines)
        if flat is not None:
            if not any(v is not None for row in result.get("t3", {}).values() for v in row):
                return flat
            return fill_nulls(result, flat)  # partly flattened: the rows the regular reader read stay
    if result.get("layout") == "markdown" and _not_read_whole(result):
        return recover_markdown(result, lines)
    if result.get("template") == "unknown":
        return result
    if result.get("t4") and all(v is None for v in result["t4"]):
        result = recover_glued_t4(result, lines)
    if result.get("t2") and all(v is None for row in result["t2"].values() for v in row.values()):
        result = recover_glued_t2(result, lines)
    return result


# Row-level flags of read_tables: the row (or table) was not read, the Markdown reader may place it.
_NOT_READ = frozenset({"missing_row", "misaligned", "column_count_mismatch", "missing_table"})


def _not_read_whole(result: dict) -> bool:
    """A table-三 row or table 四 without any value, or a row the regular reader could not place."""
    if any(all(v is None for v in row) for row in result.get("t3", {}).values()):
        return True
    if result.get("t4") and all(v is None for v in result["t4"]):
        return True
    return any(c["flags"] and not _NOT_READ.isdisjoint(c["flags"]) for c in result.get("cells", ()))
