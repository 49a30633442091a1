"""The cell value model of docs/REPORTS.md §6.2: one printed cell → value, flags, unit.

Blank is never 0; markers and text become null with a flag saying why, so a reader can tell an
unreported cell from a reported zero. Pure and cached: tables repeat the same few strings (`0`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from extract.normalize import nfkc

# Value kinds, as declared in seeds/template_t2_cells.csv value_type.
INT, SIGNED_INT, DECIMAL = "int", "signed_int", "decimal"

# Flags a cell may carry.
BLANK, NA_MARKER, TEXT, APPROX = "blank", "na_marker", "text", "approx"
THOUSANDS_SEP, UNIT_IN_CELL, NON_INTEGER, NEGATIVE = (
    "thousands_sep",
    "unit_in_cell",
    "non_integer",
    "negative",
)
SPLIT_NUMBER = "split_number"

_NA_MARKERS = frozenset(
    [
        "-",
        "—",
        "–",
        "——",
        "－",
        "−",
        "--",
        "---",
        "/",
        "／",
        "\\",
        "无",
        "暂无",
        "空",
        "×",
        "x",
        "X",
        "N/A",
        "n/a",
        "NA",
        "na",
        "/ /",
        "—/—",
        "……",
        "…",
    ]
)
_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?$")
_SPLIT_DIGITS = re.compile(r"^\d+(?: \d+)+$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$|^\.\d+$")
_SIGN_WORD = re.compile(r"^(增加|增|减少|减)")
_APPROX_PREFIX = re.compile(r"^(大约|约|近)")
_APPROX_SUFFIX = re.compile(r"(余|多|\+)$")
# Money units convert to the canonical 万元; count units (件/项/个) are just dropped.
_MONEY_UNITS = {"亿元": Decimal(10000), "万元": Decimal(1), "千元": Decimal("0.1"), "元": Decimal("0.0001")}
_UNIT_SUFFIX = re.compile(r"(亿元|万元|千元|元|件|项|个|次|条)$")


class CellValue(NamedTuple):
    """A parsed cell. `unit` is the unit of `value` after conversion; `unit_raw` what the cell printed."""

    value: int | float | None
    flags: tuple[str, ...]
    unit: str | None
    unit_raw: str | None


def _as_number(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


@lru_cache(maxsize=4096)
def parse_value(raw: str | None, kind: str = INT, unit: str | None = None) -> CellValue:
    """Parse one printed cell.

    `kind` is the template value type of the cell (int / signed_int / decimal) and `unit` its
    column unit (万元 for money columns, None when the template fixes none). A negative value is
    kept but flagged outside signed columns; a decimal is kept but flagged outside money columns.
    """
    s = _WS.sub(" ", nfkc(raw or "")).replace("\u2212", "-").strip(" |")
    if not s:
        return CellValue(None, (BLANK,), unit, None)
    if s in _NA_MARKERS or s.replace(" ", "") in _NA_MARKERS:
        return CellValue(None, (NA_MARKER,), unit, None)
    flags: list[str] = []
    if " " in s and not _THOUSANDS.match(s):
        if _SPLIT_DIGITS.match(s):  # `108 66`: one number wrapped inside its cell; repair decides
            return CellValue(None, (SPLIT_NUMBER,), unit, None)
        s = s.replace(" ", "")
    m = _APPROX_PREFIX.match(s)
    if m:
        flags.append(APPROX)
        s = s[m.end() :]
    unit_raw = None
    m = _UNIT_SUFFIX.search(s)
    if m and m.start() > 0:
        unit_raw = m.group(1)
        s = s[: m.start()]
        flags.append(UNIT_IN_CELL)
    m = _APPROX_SUFFIX.search(s)
    if m and m.start() > 0:
        flags.append(APPROX)
        s = s[: m.start()]
    if unit_raw is None:  # `80余件`: the unit follows the approximation word
        m = _UNIT_SUFFIX.search(s)
        if m and m.start() > 0:
            unit_raw = m.group(1)
            s = s[: m.start()]
            flags.append(UNIT_IN_CELL)
    sign = 1
    if s[:1] in "+-":
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    else:
        m = _SIGN_WORD.match(s)
        if m:
            sign = -1 if m.group(1).startswith("减") else 1
            s = s[m.end() :]
    if _THOUSANDS.match(s) and ("," in s or " " in s):
        s = s.replace(",", "").replace(" ", "")
        flags.append(THOUSANDS_SEP)
    if not _NUMBER.match(s):
        return CellValue(None, (TEXT,), unit, None)
    try:
        d = Decimal(s) * sign
    except InvalidOperation:  # pragma: no cover - the regex admits only decimal literals
        return CellValue(None, (TEXT,), unit, unit_raw)
    out_unit = unit
    if unit_raw in _MONEY_UNITS and kind == DECIMAL:
        d = d * _MONEY_UNITS[unit_raw]
        out_unit = "万元"
    elif unit_raw is None and kind == DECIMAL and unit in _MONEY_UNITS and unit != "万元":  # header unit
        d = d * _MONEY_UNITS[unit]
        out_unit = "万元"
        unit_raw = unit
    if d != d.to_integral_value() and kind != DECIMAL:
        flags.append(NON_INTEGER)
    if d < 0 and kind != SIGNED_INT:
        flags.append(NEGATIVE)
    if kind == DECIMAL:
        d = d.quantize(Decimal("0.000001")).normalize() if d != d.to_integral_value() else d
    return CellValue(_as_number(d), tuple(flags), out_unit, unit_raw)


@lru_cache(maxsize=4096)
def is_value_text(raw: str) -> bool:
    """Whether a token reads as a cell value (number, marker) rather than a label, for layouts
    where a cell's position is not printed (L1, PDF text) and labels must be told from values."""
    cv = parse_value(raw)
    return TEXT not in cv.flags
