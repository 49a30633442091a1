"""Tables 二 and 四 glued into runs under tables the regular reader did read.

A crawl may keep the borders of table 三 (or a space between its cells) and still run table 四's
fifteen cells together (`001120100100101`), or table 二's (`规范性文件9122`). When the regular reader
read nothing of such a table, its runs are split as in a flattened crawl: the only reading, the only
one A4-A6 (or the narrative, for 二) allow, or null with the readings listed.
"""

from __future__ import annotations

from extract.recover import build as b
from extract.recover.flat import find_t2, find_t4, nfkc, t3_heading_at
from extract.recover.flattened import t2_cells, t4_cells
from extract.recover.t2 import narrative_facts

_T3_LAST = ("结转下年度", "继续办理")


def recover_glued_t4(result: dict, lines: list[str]) -> dict:
    """Table 四 whose fifteen cells a crawler glued into one run (`001120100100101`) under tables the
    regular reader did read: split by A4-A6 when nothing of it was read. `result` is changed in place."""
    text = nfkc("\n".join(lines))
    after = max(text.rfind(w) for w in _T3_LAST)
    if after < 0:
        return result
    raw, chunks, line = find_t4(text, after)
    if raw is None or chunks is None:
        return result
    version = (result.get("table_templates") or {}).get("t4") or (result.get("table_templates") or {}).get(
        "t3"
    )
    if version not in ("v2019", "v2021"):
        return result
    cells: list[dict] = []
    issues: list[dict] = []
    values = t4_cells(version, raw, chunks, line, cells, issues)
    if all(v is None for v in values):
        return result
    keep = [c for c in result["cells"] if c["table"] != "t4"]
    result["cells"] = keep + cells
    result["t4"] = values
    result["issues"] = [
        i
        for i in result["issues"]
        if not (
            (i["code"] in ("missing_row", "missing_table") and ("四" in i["message"] or "t4" in i["message"]))
            or i.get("cell") == "t4"
        )
    ] + issues
    result["cell_flags"] = {c["key"]: c["flags"] for c in result["cells"] if c["flags"]}
    result["table_status"]["t4"] = b.table_status(values)
    if (result.get("table_templates") or {}).get("t4") is None:
        result["table_templates"] = {**result["table_templates"], "t4": version}
    return result


MIN_GLUED_ROWS = 3


def recover_glued_t2(result: dict, lines: list[str]) -> dict:
    """Table 二 whose rows a crawler glued (`规范性文件9122`) when the regular reader read none of it:
    split as in a flattened crawl (one reading, or the narrative's). `result` is changed in place."""
    version = (result.get("table_templates") or {}).get("t2") or result.get("template")
    if version not in ("v2019", "v2021"):
        return result
    text = nfkc("\n".join(lines))
    heading = t3_heading_at(text)
    if heading is None:
        return result
    rows = find_t2(text, version, heading)
    if sum(1 for r in rows.values() if r.chunks) < MIN_GLUED_ROWS:  # a glued table, not a stray number
        return result
    cells: list[dict] = []
    issues: list[dict] = []
    facts = narrative_facts(text[:heading], version)
    t2 = t2_cells(text, version, heading, facts, cells, issues)
    if all(v is None for r in t2.values() for v in r.values()):
        return result
    result["cells"] = cells + [c for c in result["cells"] if c["table"] != "t2"]
    result["t2"] = t2
    result["issues"] = [
        i
        for i in result["issues"]
        if not (i.get("cell") or "").startswith("t2.") and "t2 not found" not in i["message"]
    ] + issues
    result["cell_flags"] = {c["key"]: c["flags"] for c in result["cells"] if c["flags"]}
    result["table_status"]["t2"] = b.table_status([v for r in t2.values() for v in r.values()])
    result["table_templates"] = {**(result.get("table_templates") or {}), "t2": version}
    return result
