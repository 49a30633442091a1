"""A §9 record → the bytes of a Word or PDF report, in one of several presentation variations.

The tables are the grids of synth.render (built from the template seeds, with their rowspan/colspan),
so a DOCX or PDF rendering shows exactly the cells a text layout shows; only the drawing differs.
Each variation stresses one thing the readers must survive in real files (merged cells, tables cut by
a page break, missing rulings, wrapped or vertical labels, letter-spacing, tiny fonts, numbering
styles, blank vs 0 vs `/` cells). Some variations change what the report prints (a `/` instead of a
0): they change the record too, so the truth written next to the file is what the file shows.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from synth.render import Cell, Grid, Style, draw_style, grids, narrative

DOCX_VARIATIONS = ("plain", "wrapped_headers", "split_table", "numbering", "blanks", "tracked")
PDF_VARIATIONS = (
    "ruled",
    "page_break",
    "repeat_header",
    "row_split",
    "wrapped",
    "vertical",
    "letter_spaced",
    "tiny",
    "struck",
    "shaded",
    "fake_bold",
    "double_border",
    "hrules",
    "unruled",
)
VARIATIONS = {"docx": DOCX_VARIATIONS, "pdf": PDF_VARIATIONS}
FORMATS = tuple(VARIATIONS)
BLANK_MARKERS = ("", "/", "0")  # an empty cell (null), a slash (null, na_marker), or the 0 printed


@dataclass
class Block:
    """One item of the report body in reading order: a paragraph, a heading or a table."""

    kind: str  # title | heading | para | table
    text: str = ""
    grid: Grid | None = None


def doc_style(rng: random.Random) -> Style:
    """A presentation style for a DOCX/PDF rendering: the text layouts' style without page chrome and
    without the extra padding columns of text dumps (a real table is exactly the template's width)."""
    st = draw_style(rng, "html")
    st.extra_t2 = st.extra_t3 = 0
    st.chrome = False
    st.spans = False
    return st


_SUB_NUM = re.compile(r"^(\d+)\.")


def renumber(grid: Grid, style: str) -> None:
    """Level-2 row labels numbered `1、` or `（1）` instead of the template's `1.` (both are in the wild)."""
    for row in grid.rows:
        for c in row:
            if c.kind == "label" and c.lines and _SUB_NUM.match(c.lines[0]):
                c.lines[0] = _SUB_NUM.sub(r"\1、" if style == "dun" else r"（\1）", c.lines[0], count=1)


def blank_zeros(rec: dict, rng: random.Random, share: float = 0.5) -> None:
    """Print some zero cells as an empty cell or `/` (the record's value becomes null, and `/` is
    flagged na_marker), others keep their `0`: a report may mix all three."""
    raw = rec.setdefault("raw_cells", {})
    flags = rec.setdefault("cell_flags", {})
    for key, _ in _zero_cells(rec):
        if key in raw or rng.random() >= share:
            continue
        mark = rng.choice(BLANK_MARKERS)
        if mark == "0":
            continue
        _set_cell(rec, key, None)
        raw[key] = mark
        if mark == "/":
            flags.setdefault(key, []).append("na_marker")


def _zero_cells(rec: dict) -> list[tuple[str, Any]]:
    from synth.generate import _cells  # the record's cells in document order

    return [(k, v) for k, v in _cells(rec) if v == 0 and not k.endswith("total")]


def _set_cell(rec: dict, key: str, value: Any) -> None:
    from synth.generate import _set

    _set(rec, key, value)


def blocks(rec: dict, st: Style, variation: str, rng: random.Random) -> list[Block]:
    """The report body in reading order: title, preamble, the six sections with tables 二 三 四, signature."""
    gs = grids(rec, st)
    if variation == "numbering":
        renumber(gs["t3"], rng.choice(("dun", "paren")))
    nar = narrative(rec, st)
    h = nar["h"]
    out: list[Block] = []
    if rec.get("title"):
        out.append(Block("title", rec["title"]))
    out += [Block("para", x) for x in nar["preamble"]]
    out.append(Block("heading", h[0]))
    out += [Block("heading" if re.match(r"^[（(][一二三四五][）)]", x) else "para", x) for x in nar["s1"]]
    out += [Block("heading", h[1]), Block("table", grid=gs["t2"])]
    out += [Block("heading", h[2]), Block("table", grid=gs["t3"])]
    out += [Block("heading", h[3]), Block("table", grid=gs["t4"])]
    out += [Block("heading", h[4])] + [Block("para", x) for x in nar["s5"]]
    out += [Block("heading", h[5])] + [Block("para", x) for x in nar["s6"]]
    out += [Block("sign", x) for x in nar["sign"]]
    return out


def placed(grid: Grid) -> list[tuple[int, int, Cell]]:
    """(row, column, cell) of every cell of `grid`, columns assigned as HTML does (rowspans reserve
    the positions below them)."""
    taken: set[tuple[int, int]] = set()
    out = []
    for ri, row in enumerate(grid.rows):
        ci = 0
        for c in row:
            while (ri, ci) in taken:
                ci += 1
            out.append((ri, ci, c))
            for dr in range(c.rowspan):
                for dc in range(c.colspan):
                    taken.add((ri + dr, ci + dc))
            ci += c.colspan
    return out


def grid_width(grid: Grid) -> int:
    return max(ci + c.colspan for _, ci, c in placed(grid))


def split_grid(grid: Grid, rng: random.Random, repeat_header: bool = False) -> tuple[Grid, Grid]:
    """`grid` (table 三) cut before a data row inside a rowspan group: the rows above, then the rows
    below with every spanning cell that the cut crosses restarted (empty) in the lower part, as Word
    splits a merged cell; `repeat_header` puts the three header rows again on top of the lower part."""
    pos = placed(grid)
    crossing = [
        ri
        for ri in range(4, len(grid.rows))
        if any(r < ri < r + c.rowspan for r, _, c in pos if c.rowspan > 1)
    ]
    cut = rng.choice(crossing) if crossing else len(grid.rows) // 2
    top_rows: list[list] = [[] for _ in range(cut)]
    low_rows: list[list] = [[] for _ in range(len(grid.rows) - cut)]
    for r, ci, c in pos:
        if r + c.rowspan <= cut:
            top_rows[r].append((ci, c))
        elif r >= cut:
            low_rows[r - cut].append((ci, c))
        else:  # crosses the cut: its text stays above, an empty restart below
            above = cut - r
            top_rows[r].append((ci, Cell(c.lines, c.colspan, above, c.kind)))
            low_rows[0].append((ci, Cell([""], c.colspan, c.rowspan - above, c.kind)))
    low = [[c for _, c in sorted(row, key=lambda x: x[0])] for row in low_rows]
    if repeat_header:
        low = [list(row) for row in grid.rows[:3]] + low
    return (
        Grid(grid.table, [[c for _, c in sorted(row, key=lambda x: x[0])] for row in top_rows], grid.width),
        Grid(grid.table, low, grid.width),
    )


def sample_records(n: int, seed: int = 1, defect_rate: float = 0.05) -> list[dict]:
    """`n` report records as synth.generate draws them (agencies of every level, years and templates,
    value hazards, injected defects), not rendered: for benchmarks and tests to render in any format."""
    from synth.generate import agency_records, plan_corpus

    plans, _ = plan_corpus(n + n // 4 + 8, seed, defect_rate)
    out: list[dict] = []
    for plan in plans:
        for _, _, rec, _ in agency_records(plan, defect_rate):
            out.append(rec)
            if len(out) == n:
                return out
    return out


def render_format(rec: dict, fmt: str, variation: str | None = None, *, rng: random.Random) -> bytes:
    """`rec` rendered as a `fmt` file ("docx" or "pdf") in `variation` (drawn from rng when None).

    May change `rec` where the variation prints differently (blank cells); sets rec["source_format"]
    and rec["variation"], so the truth written afterwards describes the file.
    """
    if fmt not in VARIATIONS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    variation = variation or rng.choice(VARIATIONS[fmt])
    if variation not in VARIATIONS[fmt]:
        raise ValueError(f"unknown {fmt} variation {variation!r}; expected one of {VARIATIONS[fmt]}")
    if variation == "blanks":
        blank_zeros(rec, rng)
    rec["source_format"], rec["variation"] = fmt, variation
    st = doc_style(rng)
    body = blocks(rec, st, variation, rng)
    if fmt == "docx":
        from synth.render_docx import render_docx

        return render_docx(body, variation, rng)
    from synth.render_pdf import render_pdf

    return render_pdf(body, variation, rng)
