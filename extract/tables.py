"""Tables 二, 三 and 四 of a report, read by position within the detected template (docs/REPORTS.md §3–§8).

One walk over a layout-neutral token stream (extract.layouts): each table is found by its own
anchors (the 第二十条 captions, the 勾稽关系 note or first table-三 row, the 行政复议 header),
each row by its label (template data: seeds/template_t3_rows.csv match_tokens and
seeds/template_t2_labels.csv), and each value by its position after the label. Header text is
never used to place a value: headers are truncated, split and reordered in real reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any

import zhconv

from extract import template_detect as td
from extract.layouts import (
    BARE,
    BLANK,
    CELL_PER_LINE_PIPE,
    COL,
    EOL,
    GRID,
    GRID_LAYOUTS,
    HTML,
    KIND,
    LINE,
    PAD,
    RAW,
    ROW_LAYOUTS,
    TEXT,
    TSV,
    VALUE,
    Tok,
    detect_layout,
    tokenize,
    tokens_grid,
)
from extract.memo import Memo
from extract.normalize import norm
from extract.record import issue
from extract.repair import merge_candidates, resolve_t3, resolve_t4
from extract.template import T2Cell, T3Row, Template, load_template, read_seed
from extract.values import (
    APPROX,
    DECIMAL,
    INT,
    NA_MARKER,
    NEGATIVE,
    NON_INTEGER,
    SPLIT_NUMBER,
    THOUSANDS_SEP,
    UNIT_IN_CELL,
    parse_value,
)
from extract.values import TEXT as TEXT_FLAG

# Row-level flags put on every cell of a row that could not be read by position.
MISALIGNED = "misaligned"
COLUMN_COUNT_MISMATCH = "column_count_mismatch"
MISSING_ROW = "missing_row"
MISSING_TABLE = "missing_table"
SPLIT_REPAIRED = "split_number_repaired"
POSITIONAL_GUESS = "positional_guess"

T3_WINDOW = 8  # how far ahead of the last matched table-三 row a label may jump (missing rows)
MAX_LABEL_LEN = 60
_MAX_CELL = 4 * MAX_LABEL_LEN  # longer text is a paragraph (is_label_like rejects it anyway)

_NUMBERING = re.compile(
    r"^(?:([一二三四五六七八九十]+)[、.,]|\(([一二三四五六七八九十]+)\)[、.]?|(\d+)[.、,)]|\((\d+)\)"
    r"|(\d{1,2})(?=[\u4e00-\u9fff]))"  # `①属于…` is `1属于…` after NFKC
)
_CAPTION = re.compile(r"^第二十条第?\(?([一二三四五六七八九十]*)\)?项?")
_SECTION_HEADING = re.compile(r"^[一二三四五六七][、.,]")
_DIGIT = re.compile(r"\d")
_TRAD_HINT = re.compile("[規範處數報開與機關資會產這發對於務檔結]")
_T2_HEADER_WORDS = ("信息内容", "数量", "件数", "金额", "增/减", "本年新", "现行有效", "年废止")
_T3_ANCHORS = ("勾稽关系", "申请人情况")
_CAPTION_SUBTABLE = {"一": "art20_1", "五": "art20_5", "六": "art20_6", "八": "art20_8", "九": "art20_9"}
_COUNT_UNIT = "件"
_HEADER_MONEY_UNIT = re.compile(r"(?:\(|单位:)(亿元|万元|千元|元)")


# ---------------------------------------------------------------- label helpers


def label_norm(raw: str, simplified: bool) -> str:
    """N(s) of a label; Traditional script converted when the document is a mirror (§3.3)."""
    memo = _LABEL_NORMS[simplified]
    s = memo.get(raw)
    if s is None:
        s = norm(raw)
        if simplified:
            s = zhconv.convert(s, "zh-cn").replace("档案", "文件")
        memo[raw] = s
    return s


_LABEL_NORMS = (Memo(), Memo())  # label_norm of plain and of Traditional-mirror documents


def _token_norm(raw: str, simplified: bool) -> str:
    """The N(s) a text token is read by; paragraphs are never labels, so their raw text stands in for it
    (normalising them would cost most of the run)."""
    s = _TOKEN_NORMS[simplified][raw] = label_norm(raw, simplified) if len(raw) <= _MAX_CELL else raw
    return s


# text token → _token_norm, for plain and for Traditional-mirror documents (paragraphs included)
_TOKEN_NORMS = (Memo(), Memo())
_UNSET = object()


@lru_cache(maxsize=16384)
def split_numbering(s: str) -> tuple[int | None, str]:
    """(level, body) of a normalised label: `一、`→0, `(一)`→1, `1.`→2; None when unnumbered."""
    m = _NUMBERING.match(s)
    if not m:
        return None, s
    level = 0 if m.group(1) else 1 if m.group(2) else 2
    return level, s[m.end() :]


@lru_cache(maxsize=16384)
def strip_annotation(s: str) -> str:
    """Drop a provincial annotation: keep the text before the first `(` that follows label text.

    The 其他对外管理服务事项(…行政处罚、行政强制…) trap of §3.3: the annotation must not match.
    """
    _level, body = split_numbering(s)
    head = s[: len(s) - len(body)]
    cut = body.find("(")
    if cut > 0:
        body = body[:cut]
    return head + body


@lru_cache(maxsize=16384)
def is_label_like(s: str) -> bool:
    """A short cell, not a sentence: narrative lines must never be taken for row labels.

    Length and digits are judged without the annotation, which may be long and cite a year.
    """
    if not s or len(s) > _MAX_CELL or "。" in s:
        return False
    _level, body = split_numbering(strip_annotation(s))
    return len(body) <= MAX_LABEL_LEN and not _DIGIT.search(body)


# ---------------------------------------------------------------- template data


@dataclass(frozen=True)
class _T3Spec:
    key: str
    is_data: bool
    level: int
    substrings: tuple[str, ...]
    exact: tuple[str, ...]


@cache
def _t3_specs(version: str) -> tuple[_T3Spec, ...]:
    rows: tuple[T3Row, ...] = load_template(version).t3_rows
    return tuple(
        _T3Spec(
            r.key,
            r.is_data_row,
            r.level,
            tuple(t for t in r.match_tokens if not t.startswith("=")),
            tuple(t[1:] for t in r.match_tokens if t.startswith("=")),
        )
        for r in rows
    )


@cache
def _t2_labels(version: str) -> dict[str, tuple[str, ...]]:
    return {
        r["row_key"]: tuple(x for x in r["match_labels"].split("|") if x)
        for r in read_seed("template_t2_labels")
        if r["template_version"] == version
    }


@lru_cache(maxsize=16384)
def match_t2_label(s: str, version: str) -> str | None:
    """The table-二 row key of a normalised label, by its text before any annotation."""
    if not is_label_like(s):
        return None
    _, body = split_numbering(s)
    cut = body.find("(")
    if cut > 0:
        body = body[:cut]
    if not body:
        return None
    labels = _t2_labels(version)
    for key, options in labels.items():
        if body in options:
            return key
    for key, options in labels.items():
        for o in options:
            # dropped characters on mirrors (`政许可`), or a long label cut by a PDF line wrap
            if len(body) >= 3 and len(o) - len(body) <= 1 and (o.endswith(body) or o.startswith(body)):
                return key
            if len(body) >= 5 and o.startswith(body):
                return key
    return None


# Where a second numbered label starts inside one chunk: `三、本年度办理结果(一)予以公开`,
# `(三)不予公开1.属于国家秘密` (a rowspan group label printed before its first row's label).
_INNER_NUMBERING = re.compile(
    r"(?<=[\u4e00-\u9fff)])(?:\([一二三四五六七八九十]+\)|\d{1,2}[.、](?=[\u4e00-\u9fff]))"
)


@lru_cache(maxsize=16384)
def label_parts(s: str) -> tuple[str, ...]:
    """A normalised chunk cut where another numbered label begins: group label(s), then the row label.

    Pipe rows re-printed with single spaces (and PDF text) put a rowspan group label and the row label
    in one chunk; each part is matched on its own so the group's `(` does not hide the row label.
    """
    cuts = [m.start() for m in _INNER_NUMBERING.finditer(s)]
    if not cuts:
        return (s,)
    bounds = [0, *cuts, len(s)]
    return tuple(s[a:b] for a, b in pairwise(bounds) if b > a)


def _t3_part_rows(s: str, specs: tuple[_T3Spec, ...]) -> list[int]:
    if not is_label_like(s):
        return []
    s = strip_annotation(s)
    level, body = split_numbering(s)
    return [
        idx
        for idx, sp in enumerate(specs)
        if any(t in s for t in sp.substrings) or (body in sp.exact and (level is None or level == sp.level))
    ]


@lru_cache(maxsize=16384)
def _t3_label_rows(s: str, version: str) -> tuple[int, ...]:
    """Indices of the table-三 rows (data or group) whose tokens a normalised label carries; a chunk
    holding a group label and a row label carries both."""
    specs = _t3_specs(version)
    parts = label_parts(s)
    if len(parts) == 1:
        return tuple(_t3_part_rows(s, specs))
    hits: set[int] = set()
    for part in parts:
        hits.update(_t3_part_rows(part, specs))
    return tuple(sorted(hits))


_LAST_PART_LEVEL = Memo()  # normalised label → numbering level of its last part (T3Matcher._resync)


@cache
def _t3_rows_memo(version: str) -> dict[str, tuple[int, ...]]:
    return Memo()


class T3Matcher:
    """Table-三 rows in template order; a label may only match a row a few places ahead of the last.

    The window keeps header words (`总计`, `其他`) and narrative from matching rows far ahead.
    """

    def __init__(self, version: str) -> None:
        self.version = version
        self.specs = _t3_specs(version)
        self.ptr = 0
        self.filled: set[str] = set()
        self._rows_of = _t3_rows_memo(version)

    def label_rows(self, s: str) -> tuple[int, ...]:
        """`_t3_label_rows(s, version)`, through a per-version dict (most labels are seen before)."""
        rows = self._rows_of.get(s)
        if rows is None:
            rows = self._rows_of[s] = _t3_label_rows(s, self.version)
        return rows

    def _pick(self, s: str) -> int | None:
        """The row `s` labels here: the first data row among the unfilled rows it labels within the
        window, else the first of those; beyond the window, the resync row; None when none."""
        rows = self._rows_of.get(s)
        if rows is None:
            rows = self.label_rows(s)
        if not rows:  # most text labels no row: nothing to look up
            return None
        lo = self.ptr
        hi = lo + T3_WINDOW
        specs, filled = self.specs, self.filled
        first = None
        for i in rows:
            if lo <= i < hi and specs[i].key not in filled:
                if specs[i].is_data:
                    return i
                if first is None:
                    first = i
        if first is not None:
            return first
        far = self._resync(s, rows)
        return far[0] if far else None

    def _resync(self, s: str, rows: tuple[int, ...]) -> list[int]:
        """A numbered data-row label beyond the window: rows the reader could not recognise were
        skipped, and reading goes on from this label instead of losing the rest of the table."""
        level = _LAST_PART_LEVEL.get(s, _UNSET)
        if level is _UNSET:
            level = _LAST_PART_LEVEL[s] = split_numbering(label_parts(s)[-1])[0]
        if level is None:
            return []
        far = [
            i
            for i in rows
            if i >= self.ptr + T3_WINDOW
            and self.specs[i].is_data
            and self.specs[i].level == level
            and self.specs[i].key not in self.filled
        ]
        return far[:1]

    def peek(self, s: str) -> _T3Spec | None:
        idx = self._pick(s)
        return None if idx is None else self.specs[idx]

    def take(self, s: str) -> _T3Spec | None:
        """The row `s` labels, moving the window past it; None when `s` labels no row here."""
        idx = self._pick(s)
        if idx is None:
            return None
        sp = self.specs[idx]
        self.ptr = idx + 1
        if sp.is_data:
            self.filled.add(sp.key)
        return sp


# ---------------------------------------------------------------- reading rows


@dataclass(slots=True)
class RowRead:
    """What the stream gave for one template row: its value tokens and how they fit."""

    key: str
    label_line: int
    toks: list[Tok]
    status: str = "ok"  # ok | blank | short | long
    label_col: int = -1


@dataclass
class _Ctx:
    toks: list[Tok]
    norms: list[str | None]
    layout: str
    issues: list[dict] = field(default_factory=list)
    mode: str = field(init=False)  # rows | pipe | invisible: how positions show, read per token

    def __post_init__(self) -> None:
        self.mode = (
            "rows"
            if self.layout in ROW_LAYOUTS
            else "pipe"
            if self.layout == CELL_PER_LINE_PIPE
            else "invisible"
        )


def _collect(
    ctx: _Ctx,
    i: int,
    end: int,
    n: int,
    stops: Callable[[int], bool],
    same_label: str | None,
    skip_text: bool = True,
) -> tuple[list[Tok], int]:
    """The value tokens after a label at `i - 1`, and where reading stopped.

    `skip_text` lets invisible-blank layouts step over a wrapped label's second line before the
    values; when probing an unknown label for values (extras) nothing is skipped.
    """
    toks, mode = ctx.toks, ctx.mode
    vals: list[Tok] = []
    j = i
    if mode == "rows":
        norms = ctx.norms
        while j < end:
            t = toks[j]
            kind = t[KIND]
            if kind == EOL:
                break
            if kind == TEXT:
                if not vals and norms[j] == same_label:
                    j += 1  # a colspan label repeated by html_to_lines
                    continue
                if stops(j):
                    break
            if kind != PAD:
                vals.append(t)
            j += 1
        return vals, j
    if mode == "pipe":
        wrapped = i > 0 and toks[i - 1][COL] == BARE  # the label's cell goes on on the next line
        while j < end:
            t = toks[j]
            if t[KIND] == PAD:
                break
            if t[KIND] == EOL:
                j += 1
                continue
            if t[KIND] == TEXT and (len(vals) >= n or stops(j)):
                break
            if t[KIND] == TEXT and (t[COL] == BARE or wrapped):
                if vals:
                    break
                wrapped = False
                j += 1  # a label cell that wrapped onto more lines
                continue
            vals.append(t)
            j += 1
        return vals, j
    skipped = 0
    while j < end:
        t = toks[j]
        if t[KIND] == VALUE:
            vals.append(t)
        elif t[KIND] == TEXT:
            norm = ctx.norms[j] or ""
            if vals or not skip_text or skipped >= 3 or stops(j) or not is_label_like(norm):
                break
            if _NUMBERING.match(norm):
                break  # a numbered label begins the next row: its values are not this row's
            skipped += 1  # the label's wrapped second line
        j += 1
    return vals, j


def _one_per_number(vals: list[Tok], thousands: bool = False) -> list[Tok]:
    """Tokens with every `0 0 0` cell (numbers a dumper printed into one cell or line) cut into one
    token per number; `1 234` stays whole (a thousands-separated number, §6.2) unless `thousands`."""
    out: list[Tok] = []
    for t in vals:
        flags = parse_value(t[RAW]).flags if t[KIND] == VALUE and " " in t[RAW].strip() else ()
        if SPLIT_NUMBER in flags or (thousands and THOUSANDS_SEP in flags and "," not in t[RAW]):
            out.extend((w, t[LINE], VALUE, t[COL]) for w in t[RAW].split())
        else:
            out.append(t)
    return out


def _fit(ctx: _Ctx, row: RowRead, n: int) -> None:
    """Decide how the tokens of a row map to its `n` template positions."""
    vals = row.toks
    if len(vals) == n:  # every position read (nothing below would change the tokens)
        row.status = "ok"
        return
    if len(vals) < n and any(t[KIND] == VALUE and " " in t[RAW].strip() for t in vals):
        split = _one_per_number(vals)
        if len(split) < n:
            wide = _one_per_number(split, thousands=True)
            if len(wide) == n:  # `1 234` read as two cells only when that gives the row's width
                split = wide
        if len(split) > len(vals):  # the reading with more cells, nearer the expected count
            vals[:] = split
    if ctx.layout == TSV and 0 < len(vals) < n:  # spreadsheet exports drop trailing empty cells
        vals.extend(("", vals[-1][LINE], BLANK, -1) for _ in range(n - len(vals)))
    if ctx.mode != "invisible":
        while len(vals) > n and vals[-1][KIND] == BLANK:
            vals.pop()  # row padding (L2, L3) or trailing empty cells
        while len(vals) > n and vals[0][KIND] == BLANK and (ctx.mode == "pipe" or ctx.layout in GRID_LAYOUTS):
            vals.pop(0)  # a one-pipe padding line read as an empty cell, or a label's span in a grid
    if len(vals) == n:
        row.status = "ok"
    elif not vals or all(t[KIND] == BLANK for t in vals):
        row.status = "blank"
    elif len(vals) < n:
        row.status = "short"
    else:
        row.status = "long"


def _is_structural(ctx: _Ctx, j: int) -> bool:
    """A label, caption, header or heading: something that ends the values of the row before it."""
    s = ctx.norms[j] or ""
    found = _STRUCTURAL.get(s)
    if found is None:
        found = _STRUCTURAL[s] = _structural(s)
    return found


def _structural(s: str) -> bool:
    if _CAPTION.match(s) or _SECTION_HEADING.match(s) or any(a in s for a in _T3_ANCHORS):
        return True
    return any(w in s for w in _T2_HEADER_WORDS) and is_label_like(s)


_STRUCTURAL = Memo()  # normalised text → _structural(text)


def _has_number(toks: list[Tok]) -> bool:
    return any(t[KIND] == VALUE for t in toks)


# ---------------------------------------------------------------- table 二


@cache
def _t2_shape(version: str) -> tuple[dict[str, int], dict[str, str]]:
    """Table 二 row key → its number of cells, and → its subtable, for one template version."""
    tpl = load_template(version)
    return (
        {k: len(tpl.t2_columns_of(k)) for k in tpl.t2_row_keys},
        {c.row_key: c.subtable_id for c in tpl.t2_cells},
    )


@cache
def _t2_grid(version: str) -> tuple[tuple[str, tuple[T2Cell, ...]], ...]:
    """(row key, its cells) of table 二 in template order, built once per template version."""
    tpl = load_template(version)
    return tuple((key, tpl.t2_columns_of(key)) for key in tpl.t2_row_keys)


def _read_t2(ctx: _Ctx, start: int, end: int, tpl: Template):
    rows: dict[str, RowRead] = {}
    extras: list[dict] = []
    version = tpl.version
    ncols, subtable_of = _t2_shape(version)
    subtable: str | None = None
    money_units: dict[str, str] = {}

    def stops(j: int) -> bool:
        s = ctx.norms[j] or ""
        return _is_structural(ctx, j) or match_t2_label(s, version) is not None

    i = start
    while i < end:
        t = ctx.toks[i]
        if t[KIND] != TEXT:
            i += 1
            continue
        s = ctx.norms[i] or ""
        m = _CAPTION.match(s)
        if m:
            subtable = _CAPTION_SUBTABLE.get(m.group(1))
            i += 1
            continue
        if subtable in ("art20_8", "art20_9") and "金额" in s:  # the money unit a header states
            unit = _HEADER_MONEY_UNIT.search(s)
            if unit:
                money_units[subtable] = unit.group(1)
        key = match_t2_label(s, version)
        if key is not None and key not in rows:
            n = ncols[key]
            vals, j = _collect(ctx, i + 1, end, n, stops, s)
            row = RowRead(key, t[LINE], vals)
            _fit(ctx, row, n)
            rows[key] = row
            subtable = subtable_of[key]
            i = max(j, i + 1)
            continue
        if is_label_like(s) and not _is_structural(ctx, i):
            vals, j = _collect(ctx, i + 1, end, 3, stops, s, skip_text=False)
            if _has_number(vals):
                extras.append(_extra(t, vals))
                i = max(j, i + 1)
                continue
        i += 1
    return rows, extras, money_units


def _extra(label: Tok, vals: list[Tok]) -> dict:
    while vals and vals[-1][KIND] == BLANK:
        vals.pop()
    return {
        "label": label[RAW],
        "cells": [{"value": parse_value(v[RAW]).value, "raw": v[RAW]} for v in vals],
        "line": label[LINE],
    }


# ---------------------------------------------------------------- table 三


def _read_t3(ctx: _Ctx, start: int, end: int, version: str):
    matcher = T3Matcher(version)
    rows: dict[str, RowRead] = {}
    extras: list[dict] = []

    def stops(j: int) -> bool:
        s = ctx.norms[j] or ""
        if matcher.peek(s) is not None:
            return True
        found = _T3_STOPS.get(s)
        if found is None:
            found = _T3_STOPS[s] = (
                bool(_SECTION_HEADING.match(s)) or _is_t4_anchor(s) or bool(_CAPTION.match(s))
            )
        return found

    i = start
    unmatched: list[tuple[Tok, str, list[Tok], int]] = []  # unknown labels with values (extras)
    row_has_other_cells = False  # rows mode: a label is never preceded by header text in its row
    while i < end:
        t = ctx.toks[i]
        if t[KIND] != TEXT:
            if t[KIND] == EOL:
                row_has_other_cells = False
            i += 1
            continue
        s = ctx.norms[i] or ""
        if ctx.mode == "rows" and not matcher.label_rows(s):
            row_has_other_cells = True
        sp = None if row_has_other_cells else matcher.take(s)
        if sp is None and ctx.mode == "invisible":
            joined = _wrapped_label(ctx, i, end, matcher)
            if joined is not None:
                sp, cont = joined
                between = [ctx.toks[k] for k in range(i + 1, cont) if ctx.toks[k][KIND] == VALUE]
                if between:
                    vals, j = between, cont + 1
                else:
                    vals, j = _collect(ctx, cont + 1, end, 7, stops, s)
                if sp.is_data:
                    rows[sp.key] = RowRead(sp.key, t[LINE], vals, label_col=t[COL])
                i = max(j, i + 1)
                if sp.key == "carried_forward":
                    break
                continue
        if sp is None:
            if is_label_like(s) and rows and "carried_forward" not in rows:
                vals, j = _collect(ctx, i + 1, end, 7, stops, s, skip_text=False)
                if _has_number(vals):
                    extras.append(_extra(t, vals))
                    unmatched.append((t, s, vals, len(extras) - 1))
                    i = max(j, i + 1)
                    continue
            i += 1
            continue
        if not sp.is_data:
            vals, j = _collect(ctx, i + 1, end, 7, stops, s, skip_text=False)
            if _has_number(vals):  # a printed subtotal: kept, never used for the leaves (§7.2)
                extras.append(_extra(t, vals))
                i = max(j, i + 1)
                continue
            i += 1
            continue
        vals, j = _collect(ctx, i + 1, end, 7, stops, s)
        rows[sp.key] = RowRead(sp.key, t[LINE], vals, label_col=_label_col(ctx, i, j, s))
        i = max(j, i + 1)
        if sp.key == "carried_forward":
            break
    if ctx.layout == GRID and unmatched:
        placed = _place_by_order(ctx, rows, unmatched, version)
        extras = [e for k, e in enumerate(extras) if k not in placed]
    if ctx.layout in GRID_LAYOUTS:
        _drop_span_fillers(rows)
    for row in rows.values():
        _fit(ctx, row, 7)
    return rows, extras


_ORDINAL = re.compile(r"^(?:([一二三四五六七八九十]+)[、.,]|\(([一二三四五六七八九十]+)\)|(\d{1,2})[.、,])")


def _ordinal(s: str) -> tuple[int, str] | None:
    """(level, numeral) of a label's printed numbering: `2.` → (2, "2"), `(三)` → (1, "三")."""
    m = _ORDINAL.match(s)
    if not m:
        return None
    level = 0 if m.group(1) else 1 if m.group(2) else 2
    return level, m.group(level + 1)


def _place_by_order(ctx: _Ctx, rows: dict[str, RowRead], unmatched: list, version: str) -> set[int]:
    """Grid rows whose label matches no template row (a typo: `2.其他法律行政止公开`) placed by the
    template's own order, never by a loose text guess: the row must sit between the two rows read just
    before and after it, exactly one template data row must be missing between those, and the label's
    printed numbering must be that row's. Returns the indices of the extras so placed."""
    specs = [sp for sp in _t3_specs(version) if sp.is_data]
    order = {sp.key: k for k, sp in enumerate(specs)}
    labels = {r.key: r.label for r in load_template(version).t3_data_rows}
    by_line = sorted((r.label_line, order[r.key]) for r in rows.values() if r.key in order)
    placed: set[int] = set()
    for tok, s, vals, extra_index in unmatched:
        # a row's labels come first (group labels repeated from their spans): the last one is the row's
        k = 0
        while k < len(vals) and vals[k][KIND] == TEXT:
            k += 1
        if k:
            tok, s, vals = vals[k - 1], ctx.norms[ctx.toks.index(vals[k - 1])] or "", vals[k:]
        before = [k for line, k in by_line if line < tok[LINE]]
        after = [k for line, k in by_line if line > tok[LINE]]
        if not before or not after or after[0] - before[-1] != 2:
            continue
        sp = specs[before[-1] + 1]
        printed, wanted = _ordinal(s), _ordinal(norm(labels[sp.key]))
        if sp.key in rows or printed is None or printed != wanted:
            continue
        rows[sp.key] = RowRead(sp.key, tok[LINE], vals, label_col=tok[COL])
        placed.add(extra_index)
        ctx.issues.append(
            issue(
                "info",
                "label_placed_by_order",
                f"t3.{sp.key}: label {tok[RAW]!r} matches no template row; read as "
                f"{labels[sp.key]!r}, the only row missing between its neighbours, with the "
                "same numbering",
                tok[LINE],
                cell=f"t3.{sp.key}",
            )
        )
        by_line = sorted([*by_line, (tok[LINE], before[-1] + 1)])
    return placed


_T3_STOPS = Memo()  # normalised text → whether it ends a table-三 row whatever the rows read so far


def _label_col(ctx: _Ctx, i: int, j: int, s: str) -> int:
    """The grid column of a label, counting the copies html_to_lines writes into its colspan."""
    col = ctx.toks[i][COL]
    k = i + 1
    while k < j and ctx.toks[k][KIND] == TEXT and ctx.norms[k] == s:
        col = ctx.toks[k][COL]
        k += 1
    return col


def _drop_span_fillers(rows: dict[str, RowRead]) -> None:
    """Full-grid layouts leave a spanned label's other columns empty, and every row's values start
    in the same grid column: the one after the deepest label column. Empty cells before it are the
    label's span, not values."""
    value_start = max((r.label_col + 1 for r in rows.values() if r.label_col >= 0), default=-1)
    if value_start < 0:
        return
    for r in rows.values():
        skip = value_start - (r.label_col + 1)
        while skip > 0 and r.toks and r.toks[0][KIND] == BLANK:
            r.toks.pop(0)
            skip -= 1


def _wrapped_label(ctx: _Ctx, i: int, end: int, matcher: T3Matcher) -> tuple[_T3Spec, int] | None:
    """A label whose line wrapped inside its cell (`2.没有现成信息需要另行` … `制作`): joined with
    the next text token, which may follow the row's values in PDF text. Returns the row and the
    index of the continuation, or None when the join labels no row either."""
    s = ctx.norms[i] or ""
    if not is_label_like(s):
        return None
    j = i + 1
    while j < end and j - i <= 20 and ctx.toks[j][KIND] == VALUE:
        j += 1
    if j >= end or ctx.toks[j][KIND] != TEXT:
        return None
    cont = ctx.norms[j] or ""
    if not cont or _NUMBERING.match(cont) or not is_label_like(cont):
        return None
    if matcher.peek(cont) is not None and not _NUMBERING.match(s):
        return None  # an unnumbered label of its own, not the second line of this one
    sp = matcher.take(s + cont)
    return (sp, j) if sp is not None else None


def _other_handling_carries_values(ctx: _Ctx, start: int, end: int) -> bool | None:
    """v2019 marker of §1.3: （六）其他处理 followed directly by values or empty cells."""
    norms = ctx.norms
    for i in range(start, end):
        s = norms[i]
        if s and "其他处理" in s and is_label_like(s):  # a norm is set for text tokens only
            for j in range(i + 1, min(end, i + 5)):
                k = ctx.toks[j][KIND]
                if k in (VALUE, BLANK):
                    return True
                if k == TEXT and ctx.norms[j] != s:  # not the copy html_to_lines puts in a colspan
                    return False
            return None
    return None


# ---------------------------------------------------------------- table 四


def _read_t4(ctx: _Ctx, start: int, end: int) -> RowRead | None:
    """The 15 cells after the header block: the first run of values after the last header text.

    Some reports print 行政复议 (5 cells) and 行政诉讼 (10 cells) as two tables one after the other;
    the two runs are joined when they have exactly those widths, in template order.
    """
    row, stop = _read_t4_run(ctx, start, end)
    if row is None or len(row.toks) != 5:
        return row
    for i in range(stop, min(end, stop + 40)):
        if ctx.toks[i][KIND] != TEXT:
            continue
        s = ctx.norms[i] or ""
        if "行政诉讼" in s and len(s) <= 12:
            second, _ = _read_t4_run(ctx, i, end)
            if second is not None and len(second.toks) == 10:
                row = RowRead("t4", row.label_line, row.toks + second.toks)
                _fit(ctx, row, 15)
            break
        if _ends_table(ctx, i):
            break
    return row


def _read_t4_run(ctx: _Ctx, start: int, end: int) -> tuple[RowRead | None, int]:
    """The first run of values after the header text from `start`, and where reading stopped."""
    toks = ctx.toks
    if ctx.mode == "rows":
        i = start
        for _ in range(10):
            if i >= end:
                break
            j = i
            while j < end and toks[j][KIND] != EOL:
                j += 1
            idx = [k for k in range(i, j) if toks[k][KIND] != PAD]
            texts = [k for k in idx if toks[k][KIND] == TEXT]
            if len(idx) == 1 and texts and i != start and _ends_table(ctx, texts[0]):
                break
            after = [toks[k] for k in idx if not texts or k > texts[-1]]
            if (not texts and len(idx) >= 2) or any(c[KIND] == VALUE for c in after):
                row = RowRead("t4", toks[idx[0]][LINE], after)
                _fit(ctx, row, 15)
                return row, j
            i = j + 1
        return None, start
    run: list[Tok] = []
    i = start + 1
    while i < end:
        t = toks[i]
        if t[KIND] in (VALUE, BLANK):
            run.append(t)
        elif t[KIND] == TEXT:
            if run and any(r[KIND] == VALUE for r in run):
                break
            if run and ctx.mode == "pipe" and len(run) >= 15:
                break
            if _ends_table(ctx, i):
                break
            run = []
        i += 1
    if not run:
        return (RowRead("t4", toks[start][LINE], [], status="blank") if ctx.mode == "invisible" else None), i
    row = RowRead("t4", run[0][LINE], run)
    _fit(ctx, row, 15)
    return row, i


def _ends_table(ctx: _Ctx, i: int) -> bool:
    """A section heading or a sentence: the table-四 header block is over without a data row."""
    s = ctx.norms[i] or ""
    return bool(_SECTION_HEADING.match(s)) or len(s) > 30 or "。" in s


# ---------------------------------------------------------------- anchors


def _find_anchors(ctx: _Ctx) -> tuple[int | None, int | None, int | None]:
    t2 = t3 = t4 = None
    for i, s in enumerate(ctx.norms):
        if s is None:  # not a text token
            continue
        if t2 is None and t3 is None and len(s) <= 16 and (_CAPTION.match(s) or s == "信息内容"):
            t2 = i
            continue
        if (
            t3 is None
            and (
                "勾稽关系" in s
                or "申请人情况" in s
                or ("本年新收" in s and len(s) <= 30)  # _T3_ANCHORS, inlined
            )
            and is_label_like(s)
        ):
            t3 = i
            continue
        if t4 is None and (t2 is not None or t3 is not None) and "行政复议" in s and _is_t4_anchor(s):
            t4 = i
            break
    return t2, t3, t4


def _is_t4_anchor(s: str) -> bool:
    if "行政复议" not in s:
        return False
    _, body = split_numbering(s)
    return body.startswith("行政复议") and len(body) <= 12 and not _DIGIT.search(body) and "。" not in body


# ---------------------------------------------------------------- cells and output


def _cell(
    table: str,
    subtable: str | None,
    row: str | None,
    col: str,
    tok: Tok | None,
    kind: str,
    unit: str | None,
    row_flag: str | None,
    line: int | None,
) -> dict:
    key = f"t4.{col}" if table == "t4" else f"{table}.{row}.{col}"
    if row_flag is not None or tok is None:
        flags = [row_flag] if row_flag else ["blank"]
        cell = {
            "table": table,
            "subtable": subtable,
            "row": row,
            "col": col,
            "key": key,
            "value": None,
            "raw": None if tok is None else tok[RAW],
            "unit": unit,
            "unit_raw": None,
            "flags": flags,
            "line": line,
            **_NO_PROVENANCE,
        }
    else:
        cv = parse_value(tok[RAW], kind, unit)
        cell = {
            "table": table,
            "subtable": subtable,
            "row": row,
            "col": col,
            "key": key,
            "value": cv.value,
            "raw": tok[RAW],
            "unit": cv.unit,
            "unit_raw": cv.unit_raw,
            "flags": list(cv.flags),
            "line": tok[LINE],
            **_NO_PROVENANCE,
        }
    if tok is not None and len(tok) > 4:
        _provenance(cell, tok[4])
    return cell


# where a cell was read beyond its line (docs/REPORTS.md §9 cells): page and box (PDF, OCR), OCR confidence,
# a format address (`docx:table3/row5/col2`, `html:table2/row5/col3`, `pdf:page4`); None for text dumps
_NO_PROVENANCE = {
    "page": None,
    "x0": None,
    "top": None,
    "x1": None,
    "bottom": None,
    "confidence": None,
    "source": None,
}


def _provenance(cell: dict, gc) -> None:
    """Fill a cell's provenance from the grid cell its token came from (None: a covered position)."""
    if gc is None:
        return
    box = gc.box
    if box is not None:
        cell["x0"], cell["top"], cell["x1"], cell["bottom"] = box.x0, box.top, box.x1, box.bottom
    cell["page"] = gc.page
    cell["confidence"] = gc.confidence
    cell["source"] = gc.source
    if gc.line:  # a line of the original file (HTML), where the reader knows it
        cell["line"] = gc.line


def _row_cells(
    row: RowRead | None,
    n: int,
    table: str,
    name: str,
    ctx: _Ctx,
    repaired: list | None,
    repair_flag: str | None,
) -> tuple[list[Tok | None], str | None, int | None]:
    """The tokens for the n positions of a row, or a row-level flag when they cannot be placed."""
    if row is None:
        return [None] * n, MISSING_ROW, None
    if repaired is not None:
        return (
            [(r, row.label_line, VALUE, -1) if r is not None else None for r in repaired],
            None,
            row.label_line,
        )
    if row.status == "ok":
        return list(row.toks), None, row.label_line
    if row.status == "blank":
        return [None] * n, None, row.label_line
    raw = " ".join(t[RAW] for t in row.toks)
    if ctx.mode == "invisible" and row.status == "short":
        ctx.issues.append(
            issue(
                "warning",
                "misaligned_row",
                f"{name}: {len(row.toks)} values for {n} cells ({raw}); empty cells are "
                "invisible in this layout, so no value can be placed",
                row.label_line,
                cell=name,
            )
        )
        return [None] * n, MISALIGNED, row.label_line
    if row.status == "long":
        ctx.issues.append(
            issue(
                "warning",
                "misaligned_row",
                f"{name}: {len(row.toks)} values for {n} cells ({raw}); no merge of split "
                "numbers satisfies the balance rules",
                row.label_line,
                cell=name,
            )
        )
        return [None] * n, MISALIGNED, row.label_line
    ctx.issues.append(
        issue(
            "warning",
            "column_count_mismatch",
            f"{name}: {len(row.toks)} cells for {n} columns ({raw}); values not shifted",
            row.label_line,
            cell=name,
        )
    )
    return [None] * n, COLUMN_COUNT_MISMATCH, row.label_line


_VALUE_ISSUES = {
    NON_INTEGER: ("error", "non_integer", "a decimal where the template expects a count"),
    NEGATIVE: ("error", "negative", "a negative value outside a signed column"),
    NA_MARKER: ("info", "na_marker", "a not-applicable marker, read as null"),
    TEXT_FLAG: ("warning", "text_in_cell", "text where a number was expected, read as null"),
    APPROX: ("info", "approx", "an approximate value"),
    UNIT_IN_CELL: ("info", "unit_in_cell", "a unit written in the cell"),
    SPLIT_NUMBER: ("warning", "split_number", "digits separated by a space inside one cell, read as null"),
}


def _status(values: list[Any]) -> str:
    if all(v is None for v in values):
        return "all_null"
    if all(v in (None, 0) for v in values):
        return "all_zero"
    return "has_values"


def _trad_document(text: str) -> bool:
    """A Traditional-script mirror (§3.3): several characters that Simplified text never uses."""
    return len(_TRAD_HINT.findall(text)) >= 5


def _empty_result(layout: str, issues: list[dict]) -> dict:
    return {
        "layout": layout,
        "template": "unknown",
        "table_templates": {"t2": None, "t3": None, "t4": None},
        "t2": {},
        "t3": {},
        "t4": [],
        "t2_extras": [],
        "t3_extras": [],
        "table_status": {"t2": "missing", "t3": "missing", "t4": "missing"},
        "cell_flags": {},
        "cells": [],
        "issues": issues,
    }


def read_tables(
    lines: list[str],
    *,
    source_layout: str | None = None,
    text: str | None = None,
    row_cells: dict | None = None,
) -> dict:
    """Tables 二/三/四 of a report's lines. See the module docstring; the result shape is fixed.
    `text` is "\\n".join(lines) when the caller has it already (it is joined here otherwise).
    `row_cells` (Document.row_cells): the grid rows of a PDF/DOCX/scan by line, read as row tokens."""
    if text is None:
        text = "\n".join(lines)
    if row_cells:
        layout = read_as = HTML if source_layout == HTML else GRID
        toks = tokens_grid(lines, row_cells, footers=source_layout != HTML)
    else:
        layout = HTML if source_layout == HTML else detect_layout(lines, text)
        read_as = layout
        if layout == HTML and not any(line.endswith(" |") for line in lines):
            # tables drawn without <table> (divs, nested tables): cells as lines
            read_as = detect_layout(lines, text)
        toks = tokenize(lines, read_as, text)
    simplified = _trad_document(text)
    # N(s) of each text token, None for the others (memoised per text: most were seen in earlier reports)
    get = _TOKEN_NORMS[simplified].get
    norms: list[str | None] = [get(t[RAW], _UNSET) if t[KIND] == TEXT else None for t in toks]
    if _UNSET in norms:
        for k, s in enumerate(norms):
            if s is _UNSET:
                norms[k] = _token_norm(toks[k][RAW], simplified)
    ctx = _Ctx(toks, norms, read_as)
    a2, a3, a4 = _find_anchors(ctx)
    n = len(toks)
    if a2 is None and a3 is None:
        return _empty_result(
            layout, [issue("warning", "unknown_template", "no table 二 or table 三 found: template unknown")]
        )

    end2 = a3 if a3 is not None else (a4 if a4 is not None else n)
    end3 = a4 if a4 is not None else n
    t2_norms = [s for s in norms[a2:end2] if s] if a2 is not None else []
    t3_norms = [s for s in norms[a3:end3] if s] if a3 is not None else []
    v2 = td.t2_version(t2_norms) if a2 is not None else None
    v3 = td.t3_version(t3_norms, _other_handling_carries_values(ctx, a3, end3)) if a3 is not None else None
    head = "\n".join(lines[:60])
    preamble = any(m in head for m in td.PREAMBLE_MARKERS_V2021)
    template, mixed = td.overall(v2, v3, preamble)
    if template is None:
        template = td.V2021
        ctx.issues.append(
            issue(
                "info",
                "template_guessed",
                "no template marker in the tables; read as v2021, the current template",
            )
        )
    base = template if not mixed else (v3 or v2 or td.V2021)
    ver2 = v2 or base
    ver3 = v3 or base
    if mixed:
        ctx.issues.append(
            issue("warning", "mixed_template", f"table 二 follows {v2} but table 三 follows {v3}")
        )
    tpl2, tpl3 = load_template(ver2), load_template(ver3)

    t2_rows, t2_extras, money_units = _read_t2(ctx, a2, end2, tpl2) if a2 is not None else ({}, [], {})
    t3_rows, t3_extras = _read_t3(ctx, a3, end3, ver3) if a3 is not None else ({}, [])
    t4_row = _read_t4(ctx, a4, n) if a4 is not None else None

    cells: list[dict] = []
    t2_out = _t2_cells(ctx, tpl2, t2_rows, money_units, present=a2 is not None, out=cells)
    t3_out = _t3_cells(ctx, tpl3, t3_rows, present=a3 is not None, out=cells)
    if a3 is not None:
        missing = [k for k in t3_out if k not in t3_rows]
        if missing and len(missing) < len(t3_out):
            ctx.issues.append(
                issue(
                    "warning", "missing_row", f"table 三 rows not found: {', '.join(missing)}", toks[a3][LINE]
                )
            )
    t4_out = _t4_cells(ctx, tpl3, t4_row, None if a4 is None else toks[a4][LINE], out=cells)

    # ---- issues per cell, flags, status
    cell_flags: dict[str, list[str]] = {}
    for cell in cells:
        flags = cell["flags"]
        if not flags:
            continue
        cell_flags[cell["key"]] = flags
        if flags == ["blank"]:
            continue
        for f in flags:
            spec = _VALUE_ISSUES.get(f)
            if spec:
                sev, code, msg = spec
                ctx.issues.append(
                    issue(
                        sev, code, f"{cell['key']} = {cell['raw']!r}: {msg}", cell["line"], cell=cell["key"]
                    )
                )
    table_values = {
        "t2": [v for row in t2_out.values() for v in row.values()],
        "t3": [v for row in t3_out.values() for v in row],
        "t4": t4_out,
    }
    status = {}
    for table, present in (("t2", a2 is not None), ("t3", a3 is not None), ("t4", a4 is not None)):
        if not present:
            status[table] = "missing"
            ctx.issues.append(issue("warning", "missing_table", f"table {table} not found"))
        else:
            status[table] = _status(table_values[table])
    tt = {
        "t2": ver2 if a2 is not None else None,
        "t3": ver3 if a3 is not None else None,
        "t4": ver3 if a4 is not None else None,
    }
    return {
        "layout": layout,
        "template": "mixed" if mixed else template,
        "table_templates": tt,
        "t2": t2_out,
        "t3": t3_out,
        "t4": t4_out,
        "t2_extras": t2_extras,
        "t3_extras": t3_extras,
        "table_status": status,
        "cell_flags": cell_flags,
        "cells": cells,
        "issues": ctx.issues,
    }


def _t2_cells(
    ctx: _Ctx,
    tpl: Template,
    rows: dict[str, RowRead],
    money_units: dict[str, str],
    present: bool,
    out: list[dict],
) -> dict[str, dict[str, Any]]:
    """Table 二 by template key; a missing table still has every cell, null and flagged missing_table."""
    t2: dict[str, dict[str, Any]] = {}
    for key, cols in _t2_grid(tpl.version):
        place, flag, line = _row_cells(rows.get(key), len(cols), "t2", f"t2.{key}", ctx, None, None)
        if not present:
            flag = MISSING_TABLE
        t2[key] = {}
        for c, tok in zip(cols, place, strict=True):
            unit = money_units.get(c.subtable_id, c.unit) if c.value_type == DECIMAL else c.unit
            cell = _cell("t2", c.subtable_id, key, c.col_key, tok, c.value_type or INT, unit, flag, line)
            t2[key][c.col_key] = cell["value"]
            out.append(cell)
    return t2


@cache
def _t3_grid(
    version: str,
) -> tuple[tuple[str, ...], tuple[tuple[str, str, tuple[str, ...], tuple[dict, ...]], ...]]:
    """Column keys and (row key, row name, cell keys, cell templates) of table 三, built once per version.

    A template is a cell dict with its address filled in, in output key order: copying it and setting the
    six per-report fields is cheaper than building the dict (~175 cells a report)."""
    tpl = load_template(version)
    cols = tuple(c.key for c in tpl.t3_columns)
    return cols, tuple(
        (
            r.key,
            f"t3.{r.key}",
            tuple(f"t3.{r.key}.{c}" for c in cols),
            tuple(_cell_template("t3", r.key, c, f"t3.{r.key}.{c}") for c in cols),
        )
        for r in tpl.t3_data_rows
    )


def _cell_template(table: str, row: str | None, col: str, key: str) -> dict:
    return {
        "table": table,
        "subtable": None,
        "row": row,
        "col": col,
        "key": key,
        "value": None,
        "raw": None,
        "unit": None,
        "unit_raw": None,
        "flags": None,
        "line": None,
        **_NO_PROVENANCE,
    }


_COUNT_VALUES = Memo()  # raw → parse_value(raw, INT, 件): the value of a table-三 cell


def _count_value(raw: str):
    cv = _COUNT_VALUES[raw] = parse_value(raw, INT, _COUNT_UNIT)
    return cv


def _t3_cells(
    ctx: _Ctx, tpl: Template, rows: dict[str, RowRead], present: bool, out: list[dict]
) -> dict[str, list[Any]]:
    """Table 三 data rows in template order, after the rule-checked repairs."""
    col_keys, grid = _t3_grid(tpl.version)
    repaired = _repair_t3(ctx, rows, [k for k, _, _, _ in grid], tpl.version, list(col_keys))
    count_values = _COUNT_VALUES
    append = out.append
    t3: dict[str, list[Any]] = {}
    for key, name, cell_keys, templates in grid:
        rep = repaired.get(key)
        repair_flag = rep[1] if rep else None
        place, flag, line = _row_cells(
            rows.get(key), 7, "t3", name, ctx, rep[0] if rep else None, repair_flag
        )
        if not present:
            flag = MISSING_TABLE
        values = []
        if flag is None and repair_flag is None and None not in place:  # a row read whole: ~25 a report
            for template, tok in zip(templates, place, strict=False):  # both 7 long
                cell = _count_cell(template, tok)
                append(cell)
                values.append(cell["value"])
            t3[key] = values
            continue
        for c, ck, tok in zip(col_keys, cell_keys, place, strict=True):
            if flag is None and tok is not None:
                cv = count_values.get(tok[RAW]) or _count_value(tok[RAW])
                cell = {
                    "table": "t3",
                    "subtable": None,
                    "row": key,
                    "col": c,
                    "key": ck,
                    "value": cv.value,
                    "raw": tok[RAW],
                    "unit": cv.unit,
                    "unit_raw": cv.unit_raw,
                    "flags": [*cv.flags],
                    "line": tok[LINE],
                    **_NO_PROVENANCE,
                }
                if len(tok) > 4:
                    _provenance(cell, tok[4])
            else:
                cell = _cell("t3", None, key, c, tok, INT, _COUNT_UNIT, flag, line)
            if repair_flag:
                cell["flags"].append(repair_flag)
            values.append(cell["value"])
            out.append(cell)
        t3[key] = values
    return t3


def _count_cell(template: dict, tok: tuple) -> dict:
    """A count cell of a row read whole: the cell template of its address, filled from its token."""
    raw = tok[RAW]
    value, flags, unit, unit_raw = _COUNT_VALUES.get(raw) or _count_value(raw)
    cell = template.copy()
    cell["value"] = value
    cell["raw"] = raw
    cell["unit"] = unit
    cell["unit_raw"] = unit_raw
    cell["flags"] = [*flags]
    cell["line"] = tok[LINE]
    if len(tok) > 4:
        _provenance(cell, tok[4])
    return cell


@cache
def _t4_grid(version: str) -> tuple[tuple[str, ...], tuple[dict, ...]]:
    """Column keys and cell templates (see _t3_grid) of table 四."""
    cols = tuple(c.key for c in load_template(version).t4_columns)
    return cols, tuple(_cell_template("t4", None, c, f"t4.{c}") for c in cols)


def _t4_cells(
    ctx: _Ctx, tpl: Template, row: RowRead | None, anchor_line: int | None, out: list[dict]
) -> list[Any]:
    """Table 四's 15 values; its header without a data row is a missing_row issue."""
    col_keys, templates = _t4_grid(tpl.version)
    rep = _repair_t4(ctx, row, tpl.version, list(col_keys))
    place, flag, line = _row_cells(row, 15, "t4", "t4", ctx, rep, None)
    if anchor_line is None:
        place, flag, line = [None] * 15, MISSING_TABLE, None
    elif row is None:
        place, flag, line = [None] * 15, MISSING_ROW, anchor_line
        ctx.issues.append(issue("warning", "missing_row", "table 四 header without a data row", anchor_line))
    t4 = []
    if flag is None and rep is None and None not in place:  # the row read whole, as in _t3_cells
        for template, tok in zip(templates, place, strict=False):  # both 15 long
            cell = _count_cell(template, tok)
            out.append(cell)
            t4.append(cell["value"])
        return t4
    for c, tok in zip(col_keys, place, strict=True):
        cell = _cell("t4", None, None, c, tok, INT, _COUNT_UNIT, flag, line)
        if rep is not None:
            cell["flags"].append(SPLIT_REPAIRED)
        t4.append(cell["value"])
        out.append(cell)
    return t4


# ---------------------------------------------------------------- repairs


def _plain(row: RowRead | None) -> list[Any] | None:
    if row is None or row.status not in ("ok", "blank"):
        return None
    if row.status == "blank":
        return [None] * 7
    return [parse_value(t[RAW]).value for t in row.toks]


def _repair_t3(
    ctx: _Ctx, rows: dict[str, RowRead], data_rows: list[str], version: str, col_keys: list[str]
) -> dict[str, tuple[list[str | None], str]]:
    """Split-number merges (§8.2) and the L1 two-number positional guess (§8.5.3), rule-checked."""
    cands: dict[str, list[list[Any]]] = {}
    raw_of: dict[str, dict[tuple, list[str | None]]] = {}
    kind: dict[str, str] = {}
    for key, row in rows.items():
        if row.status == "long":
            merged = merge_candidates([t[RAW] for t in row.toks], 7)
            if merged:
                cands[key] = [[parse_value(r).value for r in m] for m in merged]
                raw_of[key] = {tuple(v): list(m) for v, m in zip(cands[key], merged, strict=True)}
                kind[key] = SPLIT_REPAIRED
        elif (
            row.status == "ok"
            and not "".join([t[RAW] for t in row.toks]).isdigit()
            and any(not t[RAW].isdigit() and SPLIT_NUMBER in parse_value(t[RAW]).flags for t in row.toks)
        ):
            merged = [
                t[RAW].replace(" ", "") if SPLIT_NUMBER in parse_value(t[RAW]).flags else t[RAW]
                for t in row.toks
            ]
            cand = [parse_value(r).value for r in merged]
            cands[key] = [cand]
            raw_of[key] = {tuple(cand): merged}
            kind[key] = SPLIT_REPAIRED
        elif row.status == "short" and ctx.mode == "invisible" and len(row.toks) == 2:
            a, b = (parse_value(t[RAW]).value for t in row.toks)
            if a is not None and a == b:
                cand = [a, None, None, None, None, None, b]
                cands[key] = [cand]
                raw_of[key] = {
                    tuple(cand): [row.toks[0][RAW], None, None, None, None, None, row.toks[1][RAW]]
                }
                kind[key] = POSITIONAL_GUESS
    if not cands:
        return {}
    grid = {k: _plain(rows.get(k)) for k in data_rows}
    chosen = resolve_t3(
        grid, cands, version, col_keys, needs=lambda r: "column" if kind.get(r) == POSITIONAL_GUESS else "any"
    )
    out = {}
    for key, vals in chosen.items():
        out[key] = (raw_of[key][tuple(vals)], kind[key])
        code = "split_number_repaired" if kind[key] == SPLIT_REPAIRED else "positional_guess"
        sev = "info" if kind[key] == SPLIT_REPAIRED else "warning"
        ctx.issues.append(
            issue(
                sev,
                code,
                f"t3.{key}: read as {vals} from "
                f"{' '.join(t[RAW] for t in rows[key].toks)}; the balance rules hold",
                rows[key].label_line,
                cell=f"t3.{key}",
            )
        )
    return out


def _repair_t4(ctx: _Ctx, row: RowRead | None, version: str, col_keys: list[str]) -> list[str] | None:
    if row is None or row.status != "long":
        return None
    merged = merge_candidates([t[RAW] for t in row.toks], 15)
    if not merged:
        return None
    values = [[parse_value(r).value for r in m] for m in merged]
    pick = resolve_t4(values, version, col_keys)
    if pick is None:
        return None
    raws = merged[values.index(pick)]
    ctx.issues.append(
        issue(
            "info",
            "split_number_repaired",
            f"t4: read as {pick} from {' '.join(t[RAW] for t in row.toks)}; A4–A6 hold",
            row.label_line,
            cell="t4",
        )
    )
    return raws
