"""Report blocks → a Word file (python-docx) whose tables are real merged-cell tables, as the official
template draws them: colspans as `w:gridSpan`, rowspans as `w:vMerge` restart/continue.

Variations (synth.formats.DOCX_VARIATIONS):
- plain: the tables as the template draws them, one paragraph per header line;
- wrapped_headers: multi-line headers as one paragraph with `w:br` breaks, and some long row labels
  broken over two paragraphs (a hand-wrapped label);
- split_table: table 三 cut in two tables at a page break (the header repeated or not; a group label
  cut by the split restarts, empty, in the second table, as Word does when a table is split);
- numbering: level-2 labels numbered `1、` or `（1）` (applied when the blocks are built);
- blanks: some zero cells printed empty or `/` (applied to the record when the blocks are built);
- tracked: text cut into several runs with spell-check marks between them (as Word saves edited
  text), and some values edited with track changes on: the old number deleted (`w:del`), the new one
  inserted (`w:ins`), and a few hidden runs (`w:vanish`) before a value. Only the inserted, visible
  number is the cell's value.
"""

from __future__ import annotations

import datetime
import io
import random
import zipfile

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from synth.formats import Block, grid_width, placed, split_grid
from synth.render import Grid

# column widths (cm) as the official template sets them, for a 15 cm text width
_WIDTHS_CM = {
    "t2": lambda n: [4.6] + [10.4 / (n - 1)] * (n - 1),
    "t3": lambda n: [1.2, 2.0, 4.0] + [7.8 / (n - 3)] * (n - 3),
    "t4": lambda n: [15.0 / n] * n,
}


def render_docx(body: list[Block], variation: str, rng: random.Random) -> bytes:
    d = docx.Document()
    d.styles["Normal"].font.size = Pt(rng.choice((10.5, 12, 14)))
    for b in body:
        if b.kind == "table":
            assert b.grid is not None
            if variation == "split_table" and b.grid.table == "t3":
                first, second = split_grid(b.grid, rng, repeat_header=rng.random() < 0.5)
                _table(d, first, variation, rng)
                d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                _table(d, second, variation, rng)
            else:
                _table(d, b.grid, variation, rng)
        elif b.kind == "title":
            d.add_heading(b.text, level=1)
        else:
            d.add_paragraph(b.text)
    d.core_properties.created = d.core_properties.modified = _EPOCH
    buf = io.BytesIO()
    d.save(buf)
    return _fixed_zip(buf.getvalue())


_EPOCH = datetime.datetime(2020, 1, 1)


def _fixed_zip(data: bytes) -> bytes:
    """The same package with fixed entry times, so a seed gives the same bytes (corpus file names are
    hashes of the content)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def _table(d, grid: Grid, variation: str, rng: random.Random) -> None:
    width = grid_width(grid)
    t = d.add_table(rows=len(grid.rows), cols=width)
    t.style = "Table Grid"
    # the cell objects once, before any merge (table.cell() rebuilds the whole list on every call;
    # a merge leaves the other positions' elements in place, so these stay valid)
    at = t._cells
    if rng.random() < 0.75:  # the template's column widths (else Word's equal columns: labels wrap a lot)
        t.autofit = False
        for i, w in enumerate(_WIDTHS_CM[grid.table](width)):
            t.columns[i].width = Cm(w)
            for r in range(len(grid.rows)):
                at[r * width + i].width = Cm(w)
    for r, ci, c in placed(grid):
        cell = at[r * width + ci]
        if c.rowspan > 1 or c.colspan > 1:
            cell = cell.merge(at[(r + c.rowspan - 1) * width + ci + c.colspan - 1])
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
    if variation == "tracked":
        _tracked(first, lines[0], c.kind == "value", rng)
        for x in lines[1:]:
            _tracked(cell.add_paragraph(), x, c.kind == "value", rng)
        return
    if variation == "wrapped_headers" and c.kind == "header" and len(lines) > 1:
        run = first.add_run(lines[0])
        for x in lines[1:]:
            run.add_break()
            run = first.add_run(x)
        return
    first.add_run(lines[0])
    for x in lines[1:]:
        cell.add_paragraph(x)


def _tracked(p, text: str, value: bool, rng: random.Random) -> None:
    """`text` as Word saves edited text: runs cut at random points with `w:proofErr` marks between
    them; a value sometimes an edit under track changes (the old number in `w:del`, the new in `w:ins`)."""
    if value and text and rng.random() < 0.1:  # a hidden run (w:vanish) before the value: not printed
        r = p.add_run(str(rng.randint(0, 99)))
        r.font.hidden = True
    if value and text and rng.random() < 0.3:
        old = str(rng.randint(0, 99))
        d = OxmlElement("w:del")
        ins = OxmlElement("w:ins")
        for el in (d, ins):
            el.set(qn("w:id"), str(rng.randint(1, 10**6)))
            el.set(qn("w:author"), "editor")
        r = OxmlElement("w:r")
        dt = OxmlElement("w:delText")
        dt.text = old
        r.append(dt)
        d.append(r)
        p._p.append(d)
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = text
        r.append(t)
        ins.append(r)
        p._p.append(ins)
        return
    cuts = (
        sorted(rng.sample(range(1, len(text)), min(len(text) - 1, rng.randint(0, 3))))
        if len(text) > 1
        else []
    )
    for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True):
        if a:
            p._p.append(OxmlElement("w:proofErr"))
        p.add_run(text[a:b])
