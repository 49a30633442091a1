"""Report blocks → a PDF with a text layer and drawn tables (reportlab, its built-in CJK CID font
STSong-Light: no system font, no font file), laid out as word processors export reports.

The layout flows top to bottom over A4 pages: paragraphs wrap at the text width; a table is drawn row
by row, and a row that does not fit starts a new page (the header is not repeated, as in WPS/Word
exports without "repeat header rows"). A rowspan cell cut by the page break keeps its text lines where
they fall: part above the break, the rest below (`（四）无` / `法提供`). Every page has a footer page
number in one of the styles reports use (`-3-`, `- 3 -`, `第3页`, `3`).

Rulings are drawn as stroked lines, thin filled rectangles (as WPS does) or cell outlines, at 0.5-1 pt;
cell text centred or at the top of the cell. Variations (synth.formats.PDF_VARIATIONS): ruled
(every cell outlined), page_break (table 三 cut inside a group label, the closing rule at the break
drawn or not), repeat_header (the same, the three header rows repeated on the next page), row_split
(a row of table 三 broken across the page break: values and the first line(s) of its label above, the
rest of the label below, as "allow row to break across pages" prints it), wrapped (narrow columns: labels
and headers wrap), vertical (the group label column one character wide: `三、本年度办理结果` one
character per line), letter_spaced (labels, headers and the title spread with extra character
spacing), tiny (5-6 pt table text), struck (some values printed as a tracked edit shown with its markup:
the old number struck through, the new one underlined after it), shaded (header cells on a grey
fill, some values highlighted by a coloured box), fake_bold (header and total rows drawn twice
0.2-0.5 pt apart, as producers embolden a font that has no bold), double_border (a second outline 1.5-3.5 pt outside the table), hrules (only horizontal rules), unruled (no rules at all).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from synth.formats import Block, grid_width, placed, split_grid
from synth.render import Cell, Grid

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.0, 842.0
_registered = False


def _font() -> str:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True
    return FONT


@dataclass
class _Opts:
    body_size: float = 12.0
    cell_size: float = 9.0
    margin_x: float = 64.0
    margin_top: float = 64.0
    margin_bottom: float = 70.0
    rules: str = "all"  # all | h | none
    close_at_break: bool = True  # a rule closes a cell cut by the page break
    char_space: float = 0.0  # extra spacing between characters of labels, headers, title
    wrapped: bool = False
    vertical: bool = False
    break_t3: bool = False
    row_split: bool = False
    fake_bold: float = 0.0  # > 0: bold rows drawn twice this far apart (fake bold for a font without bold)
    shaded: bool = False  # header cells on a grey fill, some values highlighted (a coloured box)
    struck: float = 0.0  # share of value cells printed as an edit with markup: old struck, new underlined
    seed: int = 0
    footer: str = "-{n}-"
    line_width: float = 0.5
    rule_style: str = (
        "line"  # line (stroked segments) | fill (thin filled rectangles, WPS) | rect (cell outlines)
    )
    double_gap: float = 0.0  # > 0: a second outline this far outside the table (a double border)
    valign: str = "middle"  # middle | top (Word's default: a tall label's text at the top of its cell)
    break_rows: dict[str, int] = field(default_factory=dict)


def _opts(variation: str, rng: random.Random) -> _Opts:
    o = _Opts(
        body_size=rng.choice((10.5, 12.0, 14.0)),
        cell_size=rng.choice((7.5, 9.0, 10.5)),
        margin_x=rng.uniform(50, 80),
        close_at_break=rng.random() < 0.5,
        footer=rng.choice(("-{n}-", "- {n} -", "— {n} —", "第{n}页", "{n}")),
        line_width=rng.choice((0.5, 0.75, 1.0)),
        rule_style=rng.choice(("line", "fill", "rect")),
        valign=rng.choice(("middle", "middle", "top")),
    )
    if variation == "page_break":
        o.break_t3 = True
    elif variation == "fake_bold":
        o.fake_bold = rng.choice((0.2, 0.35, 0.5))
    elif variation == "shaded":
        o.shaded, o.seed = True, rng.getrandbits(32)
    elif variation == "struck":
        o.struck, o.seed = 0.25, rng.getrandbits(32)
    elif variation == "row_split":
        o.row_split, o.valign, o.wrapped = True, "top", True
    elif variation == "wrapped":
        o.wrapped = True
    elif variation == "vertical":
        o.vertical = True
    elif variation == "letter_spaced":
        o.char_space = rng.choice((0.3, 0.5, 0.8)) * o.cell_size
    elif variation == "tiny":
        o.cell_size = rng.choice((5.0, 5.5, 6.0))
        o.body_size = rng.choice((7.0, 8.0))
    elif variation == "double_border":
        o.double_gap = rng.choice((1.5, 2.5, 3.5))
    elif variation == "hrules":
        o.rules = "h"
    elif variation == "unruled":
        o.rules = "none"
    return o


def _width(text: str, size: float, cs: float = 0.0) -> float:
    return pdfmetrics.stringWidth(text, FONT, size) + cs * len(text)


def _wrap(text: str, width: float, size: float, cs: float = 0.0) -> list[str]:
    """Greedy character wrap (CJK text breaks anywhere; digits too, as Word does in a too-narrow cell)."""
    out: list[str] = []
    cur = ""
    for ch in text:
        if cur and _width(cur + ch, size, cs) > width:
            out.append(cur)
            cur = ch
        else:
            cur += ch
    if cur or not out:
        out.append(cur)
    return out


class _Pages:
    """The canvas and the flow cursor (top-left origin y); new pages get their footer."""

    def __init__(self, o: _Opts) -> None:
        self.o = o
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
        self.page = 1
        self.y = o.margin_top
        self.bottom = PAGE_H - o.margin_bottom

    def new_page(self) -> None:
        self._footer()
        self.c.showPage()
        self.page += 1
        self.y = self.o.margin_top

    def _footer(self) -> None:
        text = self.o.footer.format(n=self.page)
        size = 9.0
        self.c.setFont(FONT, size)
        self.c.drawString((PAGE_W - _width(text, size)) / 2, 36.0, text)

    def text(self, page: int, x: float, y_top: float, s: str, size: float, cs: float = 0.0) -> None:
        """Draw `s` with its em box's top at y_top on `page` (the current page or a later one)."""
        assert page == self.page
        t = self.c.beginText(x, PAGE_H - y_top - size * 0.88)
        t.setFont(FONT, size)
        t.setCharSpace(cs)  # always: Tc is graphics state and would carry over to later text
        t.textOut(s)
        self.c.drawText(t)

    def finish(self) -> bytes:
        self._footer()
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()


def render_pdf(body: list[Block], variation: str, rng: random.Random) -> bytes:
    _font()
    o = _opts(variation, rng)
    pg = _Pages(o)
    text_w = PAGE_W - 2 * o.margin_x
    for b in body:
        if b.kind == "table":
            assert b.grid is not None
            if variation == "repeat_header" and b.grid.table == "t3":
                top, low = split_grid(b.grid, rng, repeat_header=True)
                _table(pg, top, o, rng)
                pg.y = pg.bottom  # the rest on the next page, under its repeated header rows
                _table(pg, low, o, rng)
            else:
                _table(pg, b.grid, o, rng)
            pg.y += 6
            continue
        size = o.body_size * (1.4 if b.kind == "title" else 1.0)
        cs = o.char_space if b.kind == "title" else 0.0
        indent = 2 * size if b.kind == "para" else 0.0
        lines = _wrap(b.text, text_w - indent, size, cs)
        for k, line in enumerate(lines):
            lead = size * 1.5
            if pg.y + lead > pg.bottom:
                pg.new_page()
            if b.kind == "title":
                x = (PAGE_W - _width(line, size, cs)) / 2
            elif b.kind == "sign":
                x = PAGE_W - o.margin_x - _width(line, size)
            else:
                x = o.margin_x + (indent if k == 0 else 0.0)
            pg.text(pg.page, x, pg.y, line, size, cs)
            pg.y += lead
        pg.y += size * 0.3
    return pg.finish()


# ---------------------------------------------------------------- tables


def _col_widths(grid: Grid, o: _Opts, total: float) -> list[float]:
    n = grid_width(grid)
    if grid.table == "t2":
        label = total * (0.28 if o.wrapped else 0.4)
        return [label] + [(total - label) / (n - 1)] * (n - 1)
    if grid.table == "t3":
        value = max(o.cell_size * 3.6, 26.0)
        if o.wrapped:
            value = max(o.cell_size * 2.6, 22.0)
        rest = total - value * (n - 3)
        if o.vertical:
            c0 = o.cell_size + 6
            c1 = rest * 0.3
        else:
            c0, c1 = rest * 0.22, rest * 0.28
        return [c0, c1, rest - c0 - c1] + [value] * (n - 3)
    return [total / n] * n


def _table(pg: _Pages, grid: Grid, o: _Opts, rng: random.Random) -> None:
    total = PAGE_W - 2 * pg.o.margin_x
    widths = _col_widths(grid, o, total)
    xs = [pg.o.margin_x]
    for w in widths:
        xs.append(xs[-1] + w)
    size, pad = o.cell_size, max(1.5, o.cell_size * 0.3)
    lead = size * 1.25
    cells = placed(grid)
    n_rows = len(grid.rows)
    cs_of = {id(c): (o.char_space if c.kind != "value" else 0.0) for _, _, c in cells}

    def cell_lines(ci: int, c: Cell) -> list[str]:
        w = xs[ci + c.colspan] - xs[ci] - 2 * pad
        out: list[str] = []
        for line in c.lines:
            out += _wrap(line, w, size, cs_of[id(c)]) if line else [""]
        return out

    wrapped = {id(c): cell_lines(ci, c) for _, ci, c in cells}
    heights = [lead + 2 * pad] * n_rows
    for r, _, c in cells:
        if c.rowspan == 1:
            heights[r] = max(heights[r], len(wrapped[id(c)]) * lead + 2 * pad)
    for r, _, c in cells:
        if c.rowspan > 1:
            need = len(wrapped[id(c)]) * lead + 2 * pad
            have = sum(heights[r : r + c.rowspan])
            if need > have:
                heights[r + c.rowspan - 1] += need - have
    # forced break: table 三 cut before a row inside a rowspan group (a group label split by the break)
    force = -1
    if o.break_t3 and grid.table == "t3":
        inside = [
            ri for ri in range(4, n_rows) if any(r < ri < r + c.rowspan for r, _, c in cells if c.rowspan > 1)
        ]
        force = rng.choice(inside) if inside else n_rows // 2
    # a row broken across the page break ("allow row to break across pages"): its label's first
    # line(s) and its values above the break, the rest of the label below
    split, split_at = -1, 0.0
    if o.row_split and grid.table == "t3":
        tall = [
            (r, len(wrapped[id(c)]))
            for r, _, c in cells
            if r >= 4 and c.rowspan == 1 and c.kind == "label" and len(wrapped[id(c)]) >= 2
        ]
        if tall:
            split, n_lines = rng.choice(tall)
            split_at = pad + lead * rng.randint(1, n_lines - 1)
    slots: list[list[tuple[int, float, float]]] = []  # per row its pieces: page, top, height
    page, y = pg.page, pg.y
    for r in range(n_rows):
        if r == split:
            if y + split_at > pg.bottom:
                page, y = page + 1, pg.o.margin_top
            rest = heights[r] - split_at + pad
            slots.append([(page, y, split_at), (page + 1, pg.o.margin_top, rest)])
            page, y = page + 1, pg.o.margin_top + rest
            continue
        if (y + heights[r] > pg.bottom and y > pg.o.margin_top) or r == force:
            page, y = page + 1, pg.o.margin_top
        slots.append([(page, y, heights[r])])
        y += heights[r]
    _draw_table(pg, cells, wrapped, slots, xs, o, size, pad, lead, cs_of)


def _draw_table(pg, cells, wrapped, slots, xs, o: _Opts, size, pad, lead, cs_of) -> None:
    """Draw page by page (reportlab writes one page at a time): the cell text lines and rulings that
    fall on the current page, then the next page."""
    edits = random.Random(o.seed)
    pieces = [x for row in slots for x in row]
    pages = sorted({p for p, _, _ in pieces})
    ops: dict[int, list] = {p: [] for p in pages}
    bold_rows = {
        r for r, _, c in cells if c.kind == "header" or any(k in c.text for k in ("总计", "本年新收"))
    }
    for r, ci, c in cells:
        rows = [x for row in slots[r : r + c.rowspan] for x in row]
        x0, x1 = xs[ci], xs[ci + c.colspan]
        lines = wrapped[id(c)]
        total_h = sum(h for _, _, h in rows)
        block = len(lines) * lead
        v = (total_h - block) / 2 if o.valign == "middle" else pad  # over the whole (virtual) cell
        shift = 0.0  # lines pushed below a page break (a line never straddles the end of a piece)
        for k, line in enumerate(lines):
            off = v + k * lead + lead / 2 + shift  # the line's middle, in the cell's virtual height
            if not line:
                continue
            acc = 0.0
            for idx, (p, top, h) in enumerate(rows):
                last = idx == len(rows) - 1
                if not last and off < acc + h and off + lead / 2 > acc + h:
                    moved = acc + h + pad + lead / 2
                    shift += moved - off
                    off = moved
                if off < acc + h or last:
                    y = top + (off - acc) - size / 2
                    w = _width(line, size, cs_of[id(c)])
                    x = x0 + pad if c.kind == "label" and w < x1 - x0 - 2 * pad - size else (x0 + x1 - w) / 2
                    if c.kind == "value" and o.struck and edits.random() < o.struck:
                        old = str(edits.randint(0, 99))
                        w_old = _width(old, size)
                        x = (x0 + x1 - w_old - w) / 2
                        ops[p].append(("text", x, y, old, 0.0))
                        ops[p].append(("line", x, y + size * 0.5, x + w_old, y + size * 0.5))  # struck
                        ops[p].append(("text", x + w_old, y, line, 0.0))
                        ops[p].append(("line", x + w_old, y + size * 1.02, x + w_old + w, y + size * 1.02))
                    else:
                        ops[p].append(("text", x, y, line, cs_of[id(c)]))
                        if o.fake_bold and r in bold_rows:  # the same text again, a hair to the right
                            ops[p].append(("text", x + o.fake_bold, y, line, cs_of[id(c)]))
                    if o.shaded and c.kind == "value" and edits.random() < 0.15:  # a highlighted value
                        ops[p].append(
                            ("shade", x - 1.5, y - 1.0, x + w + 1.5, y + size + 1.0, (1.0, 0.95, 0.3))
                        )
                    break
                acc += h
        if o.rules == "none":
            continue
        groups: list[list[tuple[int, float, float]]] = []
        for s in rows:
            if groups and groups[-1][-1][0] == s[0]:
                groups[-1].append(s)
            else:
                groups.append([s])
        for gi, g in enumerate(groups):
            p, top = g[0][0], g[0][1]
            bot = g[-1][1] + g[-1][2]
            if o.shaded and c.kind == "header":
                ops[p].append(("shade", x0, top, x1, bot, (0.85, 0.85, 0.85)))
            closed = (gi == 0 or o.close_at_break) and (gi == len(groups) - 1 or o.close_at_break)
            if o.rule_style == "rect" and o.rules == "all" and closed:
                ops[p].append(("rect", x0, top, x1, bot))
                continue
            if gi == 0 or o.close_at_break:
                ops[p].append(("line", x0, top, x1, top))
            if gi == len(groups) - 1 or o.close_at_break:
                ops[p].append(("line", x0, bot, x1, bot))
            if o.rules == "all":
                ops[p].append(("line", x0, top, x0, bot))
                ops[p].append(("line", x1, top, x1, bot))
    if o.double_gap and o.rules == "all":
        g = o.double_gap
        for p in pages:
            top = min(t for q, t, _ in pieces if q == p) - g
            bot = max(t + h for q, t, h in pieces if q == p) + g
            ops[p].append(("rect", xs[0] - g, top, xs[-1] + g, bot))
    for p in pages:
        while pg.page < p:
            pg.new_page()
        pg.c.setLineWidth(o.line_width)
        for op in sorted(ops[p], key=lambda op: op[0] != "shade"):  # fills first, under text and rules
            if op[0] == "shade":
                _, a, b, c_, d, rgb = op
                pg.c.setFillColorRGB(*rgb)
                pg.c.rect(a, PAGE_H - d, c_ - a, d - b, stroke=0, fill=1)
                pg.c.setFillColorRGB(0, 0, 0)
            elif op[0] == "text":
                _, x, y, s, cs = op
                pg.text(p, x, y, s, size, cs)
            elif op[0] == "rect":
                _, a, b, c_, d = op
                pg.c.rect(a, PAGE_H - d, c_ - a, d - b, stroke=1, fill=0)
            elif o.rule_style == "fill":  # a ruling as a thin filled rectangle
                _, a, b, c_, d = op
                lw = o.line_width
                if b == d:
                    pg.c.rect(a - lw / 2, PAGE_H - b - lw / 2, c_ - a + lw, lw, stroke=0, fill=1)
                else:
                    pg.c.rect(a - lw / 2, PAGE_H - d - lw / 2, lw, d - b + lw, stroke=0, fill=1)
            else:
                _, a, b, c_, d = op
                pg.c.line(a, PAGE_H - b, c_, PAGE_H - d)
    pg.y = pieces[-1][1] + pieces[-1][2]
