"""Cells and issues of recovered tables, in the shape `extract.tables.read_tables` returns.

Flags (REPORTS.md §9 `cells[].flags`, landed in raw.cells): `rule_resolved` when the balance rules
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
