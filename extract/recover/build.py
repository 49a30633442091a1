"""Cells and issues of recovered tables, in the shape `extract.tables.read_tables` returns.

Flags (docs/REPORTS.md §9 `cells[].flags`, landed in raw.cells): `rule_resolved` when the balance rules
picked the reading (the checks must not count those rules as independent evidence for these cells),
`narrative_resolved` when the report's text did, `placed_by_order` when a row without its label was
placed between labelled rows; `ambiguous_split` / `no_consistent_split` on cells left null.
"""

from __future__ import annotations

from typing import Any

from extract.record import issue
from extract.values import INT, parse_value

RULE_RESOLVED = "rule_resolved"
NARRATIVE_RESOLVED = "narrative_resolved"
PLACED_BY_ORDER = "placed_by_order"
AMBIGUOUS_SPLIT = "ambiguous_split"
NO_CONSISTENT_SPLIT = "no_consistent_split"
UNREADABLE_RUN = "unreadable_run"


def fmt(v: Any) -> str:
    """How a value is printed in a run (no leading zeros, no exponent)."""
    if isinstance(v, float):
        return repr(v) if v != int(v) else str(int(v))
    return str(v)


def make_cell(
    table: str,
    subtable: str | None,
    row: str | None,
    col: str,
    value: Any,
    *,
    kind: str = INT,
    unit: str | None = None,
    flags: list[str] | None = None,
    line: int | None = None,
    raw: str | None = None,
) -> dict:
    """One §9 cell; `value` None makes a null cell carrying `flags` (`blank` when none is given)."""
    key = f"t4.{col}" if table == "t4" else f"{table}.{row}.{col}"
    if value is None:
        return {
            "table": table,
            "subtable": subtable,
            "row": row,
            "col": col,
            "key": key,
            "value": None,
            "raw": raw,
            "unit": unit,
            "unit_raw": None,
            "flags": list(flags or ["blank"]),
            "line": line,
        }
    text = fmt(value) if raw is None else raw
    cv = parse_value(text, kind, unit)
    return {
        "table": table,
        "subtable": subtable,
        "row": row,
        "col": col,
        "key": key,
        "value": cv.value,
        "raw": text,
        "unit": cv.unit,
        "unit_raw": cv.unit_raw,
        "flags": [*cv.flags, *(flags or [])],
        "line": line,
    }


def readings_text(readings: list[tuple], limit: int = 6) -> str:
    """`2648 | -18 | 538` or `2648 | -185 | 38` (and how many more)."""
    shown = [" | ".join(fmt(v) for v in r) for r in readings[:limit]]
    more = f" (and {len(readings) - limit} more)" if len(readings) > limit else ""
    return " or ".join(shown) + more


def ambiguous_issue(name: str, raw: str, readings: list[tuple], line: int | None, cell: str) -> dict:
    return issue(
        "warning",
        AMBIGUOUS_SPLIT,
        f"{name}: the run {raw!r} has {len(readings)} readings that satisfy every rule: "
        f"{readings_text(readings)}; the cells they disagree on are left null",
        line,
        cell=cell,
    )


def no_split_issue(name: str, raw: str, why: str, line: int | None, cell: str) -> dict:
    return issue(
        "warning",
        NO_CONSISTENT_SPLIT,
        f"{name}: no reading of the run {raw!r} satisfies {why}; nothing is forced, the cells are null",
        line,
        cell=cell,
    )


def table_status(values: list[Any]) -> str:
    if all(v is None for v in values):
        return "all_null"
    if all(v in (None, 0) for v in values):
        return "all_zero"
    return "has_values"


def refresh(result: dict) -> None:
    """cell_flags, table_status and the regular reader's issues after recovered cells were filled in:
    an issue about a row (or table) that is now read whole is stale and dropped."""
    result["cell_flags"] = {c["key"]: c["flags"] for c in result["cells"] if c["flags"]}
    values = {
        "t2": [v for r in result["t2"].values() for v in r.values()],
        "t3": [v for r in result["t3"].values() for v in r],
        "t4": result["t4"],
    }
    for t, vs in values.items():
        if result["table_status"].get(t) != "missing" or any(v is not None for v in vs):
            result["table_status"][t] = table_status(vs)
    # row issues of the regular reader about rows that are now read are stale
    done = {f"t3.{k}" for k, row in result["t3"].items() if all(v is not None for v in row)}
    if all(v is not None for v in result["t4"]):
        done.add("t4")
    kept = []
    for i in result["issues"]:
        if i["code"] in _ROW_ISSUES and i.get("cell") in done:
            continue
        if (
            i["code"] == "missing_table"
            and i["message"] in _TABLE_NOT_FOUND
            and _TABLE_NOT_FOUND[i["message"]](result)
        ):
            continue
        if i["code"] == "missing_row" and i.get("cell") is None and i["message"].startswith(_NOT_FOUND):
            left = [k for k in i["message"][len(_NOT_FOUND) :].split(", ") if f"t3.{k}" not in done]
            if not left:
                continue
            i = {**i, "message": _NOT_FOUND + ", ".join(left)}
        kept.append(i)
    result["issues"] = kept


_ROW_ISSUES = frozenset({"missing_row", "misaligned_row", "column_count_mismatch"})
_NOT_FOUND = "table 三 rows not found: "
_TABLE_NOT_FOUND = {
    "table t2 not found": lambda r: any(v is not None for row in r["t2"].values() for v in row.values()),
    "table t3 not found": lambda r: any(v is not None for row in r["t3"].values() for v in row),
    "table t4 not found": lambda r: any(v is not None for v in r["t4"]),
}
