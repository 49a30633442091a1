"""Report blocks → a Word file (python-docx) whose tables are real merged-cell tables, as the official
template draws them: colspans as `w:gridSpan`, rowspans as `w:vMerge` restart/continue.

Variations (synth.formats.DOCX_VARIATIONS):
- plain: the tables as the template draws them, one paragraph per header line;
- wrapped_headers: multi-line headers as one paragraph with `w:br` breaks, and some long row labels
  broken over two paragraphs (a hand-wrapped label);
- split_table: table 三 cut in two tables at a page break (the header not repeated; a group label cut
  by the split restarts, empty, in the second table, as Word does when a table is split);
- numbering: level-2 labels numbered `1、` or `（1）` (applied when the blocks are built);
- blanks: some zero cells printed empty or `/` (applied to the record when the blocks are built).
"""

from __future__ import annotations

import io
import random

import docx
from docx.enum.text import WD_BREAK
from docx.shared import Pt

from synth.formats import Block, grid_width, placed
from synth.render import Grid


def render_docx(body: list[Block], variation: str, rng: random.Random) -> bytes:
    d = docx.Document()
    d.styles["Normal"].font.size = Pt(rng.choice((10.5, 12, 14)))
    for b in body:
        if b.kind == "table":
            assert b.grid is not None
            if variation == "split_table" and b.grid.table == "t3":
                first, second = _split(b.grid, rng)
                _table(d, first, variation, rng)
                d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                _table(d, second, variation, rng)
            else:
                _table(d, b.grid, variation, rng)
        elif b.kind == "title":
            d.add_heading(b.text, level=1)
        else:
            d.add_paragraph(b.text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _split(grid: Grid, rng: random.Random) -> tuple[Grid, Grid]:
    """`grid` cut before a data row inside a rowspan group: the rows above, then the rows below with
    every spanning cell that the cut crosses restarted (empty) in the lower part."""
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
            top_rows[r].append((ci, type(c)(c.lines, c.colspan, above, c.kind)))
            low_rows[0].append((ci, type(c)([""], c.colspan, c.rowspan - above, c.kind)))
    return (
        Grid(grid.table, [[c for _, c in sorted(row, key=lambda x: x[0])] for row in top_rows], grid.width),
        Grid(grid.table, [[c for _, c in sorted(row, key=lambda x: x[0])] for row in low_rows], grid.width),
    )


def _table(d, grid: Grid, variation: str, rng: random.Random) -> None:
    width = grid_width(grid)
    t = d.add_table(rows=len(grid.rows), cols=width)
    t.style = "Table Grid"
    for r, ci, c in placed(grid):
        cell = t.cell(r, ci)
        if c.rowspan > 1 or c.colspan > 1:
            cell = cell.merge(t.cell(r + c.rowspan - 1, ci + c.colspan - 1))
        _fill(cell, c, variation, rng)


def _fill(cell, c, variation: str, rng: random.Random) -> None:
    """The cell's text: one paragraph per line (a header broken in its narrow column), or for
    wrapped_headers one paragraph with line breaks; a long label may be hand-wrapped in two paragraphs."""
    lines = list(c.lines)
    long_label = (
        variation == "wrapped_headers" and c.kind == "label" and len(lines) == 1 and len(lines[0]) > 12
    )
    if long_label and rng.random() < 0.5:
        k = rng.randint(6, len(lines[0]) - 4)
        lines = [lines[0][:k], lines[0][k:]]
    first = cell.paragraphs[0]
    for p in cell.paragraphs[1:]:  # a merge leaves one empty paragraph per merged cell
        p._element.getparent().remove(p._element)
    if variation == "wrapped_headers" and c.kind == "header" and len(lines) > 1:
        run = first.add_run(lines[0])
        for x in lines[1:]:
            run.add_break()
            run = first.add_run(x)
        return
    first.add_run(lines[0])
    for x in lines[1:]:
        cell.add_paragraph(x)
