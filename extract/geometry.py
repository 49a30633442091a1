"""Pure page geometry: ruling segments and positioned text → table Grids, and spans → text lines.

Shared by the PDF reader (segments from the page's path objects, spans from its characters) and the
OCR reader (segments from a scan's detected lines, spans from recognised text boxes). Coordinates are
page coordinates with a top-left origin (PDF points or pixels); every tolerance scales with them.

Why rulings and not text alignment first: the reports' tables are ruled forms whose merged cells
(rowspan group labels, colspan captions) only the rulings show; a missing ruling between two
elementary cells *is* the merge. A cell's text is its spans in reading order joined without a
separator (a wrapped `商业企` / `业` or a vertical `三` `、` `本` … label is one label).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from extract.document import Box, Grid, GridCell, Span

TOL = 2.0  # points: two rulings this close are one; a ruling this far short of a crossing still reaches it
MIN_SEGMENT = 4.0  # shorter strokes are glyph parts or ticks, not rulings
H = TypeVar("H")
V = TypeVar("V")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) +(?=[\u3000-\u9fff\uff00-\uffef])")


def merge_segments(segs: Iterable[Box], horizontal: bool, tol: float = TOL) -> list[Box]:
    """Collinear segments that touch or overlap (within `tol`) joined into one; too-short ones dropped.
    A horizontal segment is Box(x0, y, x1, y), a vertical one Box(x, y0, x, y1)."""
    if horizontal:
        items = sorted(((s.top + s.bottom) / 2, min(s.x0, s.x1), max(s.x0, s.x1)) for s in segs)
    else:
        items = sorted(((s.x0 + s.x1) / 2, min(s.top, s.bottom), max(s.top, s.bottom)) for s in segs)
    out: list[list[float]] = []
    # group by position, then join along the axis
    groups: list[list[tuple[float, float, float]]] = []
    for it in items:
        if groups and it[0] - groups[-1][-1][0] <= tol:
            groups[-1].append(it)
        else:
            groups.append([it])
    for g in groups:
        pos = sum(p for p, _, _ in g) / len(g)
        runs = sorted((a, b) for _, a, b in g)
        cur = list(runs[0])
        for a, b in runs[1:]:
            if a <= cur[1] + tol:
                cur[1] = max(cur[1], b)
            else:
                out.append([pos, *cur])
                cur = [a, b]
        out.append([pos, *cur])
    res = []
    for pos, a, b in out:
        if b - a < MIN_SEGMENT:
            continue
        res.append(Box(a, pos, b, pos) if horizontal else Box(pos, a, pos, b))
    return res


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


class UnionFind:
    """Disjoint sets over 0..n-1 (path halving). Shared by the PDF and the OCR ruling geometry: only
    the partition matters to callers (roots are grouping keys), so one linking rule serves both."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def crossing_groups(
    h: Sequence[H], v: Sequence[V], touch: Callable[[H, V], bool]
) -> list[tuple[list[H], list[V]]]:
    """Horizontal and vertical rulings grouped where they `touch` (transitively): one group per
    ruled structure, in order of first appearance, each ruling in its input order."""
    u = UnionFind(len(h) + len(v))
    for i, a in enumerate(h):
        for j, b in enumerate(v):
            if touch(a, b):
                u.union(i, len(h) + j)
    groups: dict[int, tuple[list[H], list[V]]] = {}
    for i, a in enumerate(h):
        groups.setdefault(u.find(i), ([], []))[0].append(a)
    for j, b in enumerate(v):
        groups.setdefault(u.find(len(h) + j), ([], []))[1].append(b)
    return list(groups.values())


def _components(h: list[Box], v: list[Box], tol: float) -> list[tuple[list[Box], list[Box]]]:
    """Groups of rulings that cross or touch one another: one group per table."""
    groups = crossing_groups(
        h, v, lambda a, b: a.x0 - tol <= b.x0 <= a.x1 + tol and b.top - tol <= a.top <= b.bottom + tol
    )
    tables = [g for g in groups if len(g[0]) >= 2 and len(g[1]) >= 2]
    lone = [g[1][0] for g in groups if not g[0] and len(g[1]) == 1]
    for hs, vs in tables if lone else ():
        _border_column(hs, vs, lone, tol)
    return tables


def _border_column(hs: list[Box], vs: list[Box], lone: list[Box], tol: float) -> None:
    """A table's outer border beside a column no horizontal ruling reaches (a page that falls wholly
    inside a tall group label: `三、本年度办理结果` spanning three pages) touches nothing, yet it is
    the table's edge: a lone vertical running the table's full height just outside it joins it."""
    top, bottom = min(b.top for b in vs), max(b.bottom for b in vs)
    x0, x1 = min(b.x0 for b in vs), max(b.x0 for b in vs)
    reach = (x1 - x0) / 3
    for b in lone:
        full = abs(b.top - top) <= 2 * tol and abs(b.bottom - bottom) <= 2 * tol
        if full and (x0 - reach <= b.x0 < x0 - tol or x1 + tol < b.x0 <= x1 + reach):
            vs.append(b)


def _covers(segs: list[Box], pos: float, a: float, b: float, horizontal: bool, tol: float) -> bool:
    """Whether a ruling at `pos` runs along most of a..b (the middle of the interval at least)."""
    mid = (a + b) / 2
    for s in segs:
        if horizontal:
            if (
                abs(s.top - pos) <= tol
                and s.x0 - tol <= mid <= s.x1 + tol
                and min(s.x1, b) - max(s.x0, a) >= (b - a) * 0.6
            ):
                return True
        elif (
            abs(s.x0 - pos) <= tol
            and s.top - tol <= mid <= s.bottom + tol
            and min(s.bottom, b) - max(s.top, a) >= (b - a) * 0.6
        ):
            return True
    return False


def grids_from_rulings(
    h_segments: list[Box], v_segments: list[Box], spans: list[Span], page: int, tol: float = TOL
) -> list[Grid]:
    """The ruled tables of one page: each group of crossing rulings becomes a Grid whose merged cells
    are the elementary cells no ruling separates; each span goes to the cell holding its centre.

    Segments are Box with zero height (horizontal) or zero width (vertical). A table needs at least two
    rulings each way; open tables (no verticals) are left to the caller's text-alignment fallback.
    The Grid's `box` is the table's outline; spans inside it are the table's (see `inside`).
    """
    h = merge_segments(h_segments, True, tol)
    v = merge_segments(v_segments, False, tol)
    grids = []
    for hs, vs in _components(h, v, tol):
        grid = _grid(hs, vs, spans, page, tol)
        if grid is not None:
            grids.append(grid)
    grids.sort(key=lambda g: (g.box.top, g.box.x0))
    return grids


def _grid(hs: list[Box], vs: list[Box], spans: list[Span], page: int, tol: float) -> Grid | None:
    ys = _cluster([s.top for s in hs], tol)
    xs = _cluster([s.x0 for s in vs], tol)
    # a table cut by a page break has no closing ruling: its verticals run on past the last one
    low, high = max(s.bottom for s in vs), min(s.top for s in vs)
    if low - ys[-1] > 4 * tol:
        ys.append(low)
        hs = [*hs, Box(xs[0], low, xs[-1], low)]
    if ys[0] - high > 4 * tol:
        ys.insert(0, high)
        hs = [*hs, Box(xs[0], high, xs[-1], high)]
    if len(ys) < 2 or len(xs) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    u = UnionFind(nr * nc)
    # the rulings at each column / row position (what _covers would find among all of them)
    v_at = [[s for s in vs if abs(s.x0 - x) <= tol] for x in xs]
    h_at = [[s for s in hs if abs(s.top - y) <= tol] for y in ys]
    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _covers(v_at[c + 1], xs[c + 1], ys[r], ys[r + 1], False, tol):
                u.union(r * nc + c, r * nc + c + 1)
            if r + 1 < nr and not _covers(h_at[r + 1], ys[r + 1], xs[c], xs[c + 1], True, tol):
                u.union(r * nc + c, (r + 1) * nc + c)
    extent: dict[int, list[int]] = {}
    for r in range(nr):
        for c in range(nc):
            e = extent.setdefault(u.find(r * nc + c), [r, c, r, c])
            e[0], e[1], e[2], e[3] = min(e[0], r), min(e[1], c), max(e[2], r), max(e[3], c)
    box = Box(xs[0], ys[0], xs[-1], ys[-1])
    texts: dict[int, list[Span]] = {}
    for sp in spans:
        cx, cy = (sp.box.x0 + sp.box.x1) / 2, (sp.box.top + sp.box.bottom) / 2
        if not (box.x0 <= cx <= box.x1 and box.top <= cy <= box.bottom):
            continue
        r = min(max(bisect_right(ys, cy) - 1, 0), nr - 1)
        c = min(max(bisect_right(xs, cx) - 1, 0), nc - 1)
        texts.setdefault(u.find(r * nc + c), []).append(sp)
    cells = []
    for root, (r0, c0, r1, c1) in extent.items():
        sps = texts.get(root, [])
        cells.append(
            GridCell(
                text=join_lines(lines_of(sps)),
                row=r0,
                col=c0,
                rowspan=r1 - r0 + 1,
                colspan=c1 - c0 + 1,
                box=Box(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]),
                source=f"pdf:page{page}",
                page=page,
                confidence=min((s.confidence for s in sps if s.confidence is not None), default=None),
            )
        )
    cells.sort(key=lambda c: (c.row, c.col))
    return Grid(cells, nr, nc, page, box=box)


def inside(span: Span, box: Box) -> bool:
    cx, cy = (span.box.x0 + span.box.x1) / 2, (span.box.top + span.box.bottom) / 2
    return box.x0 <= cx <= box.x1 and box.top <= cy <= box.bottom


def lines_of(spans: list[Span]) -> list[list[Span]]:
    """Spans clustered into text lines (vertical centres within half a line height), top to bottom,
    each left to right."""
    out: list[list[Span]] = []
    centres: list[float] = []
    keyed = []
    for sp in spans:
        b = sp.box
        keyed.append(((b.top + b.bottom) / 2, b.x0, b.bottom - b.top, sp))
    keyed.sort(key=_FIRST_TWO)
    for cy, _, hgt, sp in keyed:
        if hgt < 1.0:
            hgt = 1.0
        if out and abs(cy - centres[-1]) <= hgt * 0.5:
            line = out[-1]
            line.append(sp)
            centres[-1] += (cy - centres[-1]) / len(line)
        else:
            out.append([sp])
            centres.append(cy)
    for line in out:
        if len(line) > 1:
            line.sort(key=_X0)
    return out


def _FIRST_TWO(k: tuple) -> tuple[float, float]:
    return k[0], k[1]


def _X0(s: Span) -> float:
    return s.box.x0


def line_text(line: list[Span]) -> str:
    """One text line: spans joined, with a space where the gap between them is wider than a third of
    the text height (a column gap or a space the PDF drew by position)."""
    if len(line) == 1:
        return line[0].text.strip()
    parts: list[str] = []
    prev: Span | None = None
    for sp in line:
        if prev is not None:
            a, b = prev.box, sp.box
            gap = b.x0 - a.x1
            # between two CJK characters a gap is letter-spacing or glyph side bearing (ink boxes of
            # `市` or `、` are narrow), never a word space: only a column gap (an em or more) counts
            wide = 1.0 if _CJK.match(prev.text[-1:]) and _CJK.match(sp.text[:1]) else 0.35
            if gap > max(a.bottom - a.top, b.bottom - b.top) * wide and not prev.text.endswith(" "):
                parts.append(" ")
        parts.append(sp.text)
        prev = sp
    return "".join(parts).strip()


def join_lines(lines: list[list[Span]]) -> str:
    """The text of a cell: its lines joined without a separator between CJK text (a wrap inside a
    label), with a space between Latin words; letter-spacing between CJK characters (`结 果`) dropped."""
    out = ""
    for line in lines:
        t = _CJK_GAP.sub("", line_text(line))
        if not t:
            continue
        if out and not (_CJK.match(out[-1]) or _CJK.match(t[0])) and out[-1].isalnum() and t[0].isalnum():
            out += " "
        out += t
    return out


_NUMBERED = re.compile(
    r"^\s*(?:[(（](?:[一二三四五六七八九十]+|\d{1,2})[)）]|[一二三四五六七八九十]+[、.．]|\d{1,2}\s*[.、．])"
)


def stitch(a: Grid, b: Grid, tol: float = TOL) -> Grid | None:
    """One table of `a` (ending a page) and `b` (starting the next) when their outlines share left and
    right edges and most column rulings; None when they are two tables.

    `b`'s repeated header rows are dropped. A group cell cut by the break (`(四)无` above, `法提供`
    below, or a tall label with nothing below) is one cell again when both halves cover the same
    columns, the upper half is a label, the lower half is empty or an unnumbered fragment, and one of
    them spans rows (a row label cut in two is left alone: it cannot be told from two rows).
    """
    if a.box is None or b.box is None:
        return None
    if abs(a.box.x0 - b.box.x0) > 3 * tol or abs(a.box.x1 - b.box.x1) > 3 * tol:
        return None
    xa = _cluster([x for c in a.cells if c.box for x in (c.box.x0, c.box.x1)], tol)
    xb = _cluster([x for c in b.cells if c.box for x in (c.box.x0, c.box.x1)], tol)
    shared = sum(any(abs(x - y) <= 2 * tol for y in xa) for x in xb)
    if shared < max(2, 0.6 * min(len(xa), len(xb))):
        return None
    xs = _cluster(xa + xb, 2 * tol)

    def col(x: float) -> int:  # the nearest column ruling, the left one on a tie
        i = bisect_left(xs, x)
        if i == 0:
            return 0
        if i == len(xs) or abs(xs[i - 1] - x) <= abs(xs[i] - x):
            return i - 1
        return i

    b_cells = sorted(b.cells, key=lambda c: (c.row, c.col))
    skip = _repeated_header_rows(a, b)
    out: list[GridCell] = []
    for c in a.cells:
        c0, c1 = col(c.box.x0), col(c.box.x1)
        out.append(
            GridCell(
                c.text, c.row, c0, c.rowspan, max(1, c1 - c0), c.line, c.box, c.confidence, c.source, c.page
            )
        )
    bottom = {(c.col, c.colspan): c for c in out if c.row + c.rowspan == a.n_rows}
    fold = _row_goes_on(bottom, [(col(c.box.x0), col(c.box.x1), c) for c in b_cells if c.row == skip])
    for c in b_cells:
        if c.row < skip:
            continue
        c0, c1 = col(c.box.x0), col(c.box.x1)
        if fold and c.row == skip:  # the rest of a row broken by the page: into the cells above
            up = bottom[(c0, max(1, c1 - c0))]
            up.text += c.text
            up.rowspan += c.rowspan - 1
            continue
        cell = GridCell(
            c.text,
            c.row - skip + a.n_rows - fold,
            c0,
            c.rowspan,
            max(1, c1 - c0),
            c.line,
            c.box,
            c.confidence,
            c.source,
            c.page,
        )
        up = bottom.get((c0, cell.colspan)) if c.row == skip else None
        if up is not None and _continues(up, cell):
            up.text += cell.text
            up.rowspan += cell.rowspan
            continue
        out.append(cell)
    out.sort(key=lambda c: (c.row, c.col))
    return Grid(
        out,
        a.n_rows + b.n_rows - skip - fold,
        len(xs) - 1,
        a.page,
        box=Box(a.box.x0, a.box.top, a.box.x1, a.box.bottom),
    )


def _continues(up: GridCell, down: GridCell) -> bool:
    from extract.values import is_value_text

    if not up.text or is_value_text(up.text):
        return False
    if up.rowspan == 1 and down.rowspan == 1:
        return False
    if not down.text:
        return True
    # spaces out (a letter-spaced `( 六 ) 其他处理` is numbered too): a numbered label starts a new group
    return not is_value_text(down.text) and not _NUMBERED.match("".join(down.text.split()))


def _row_goes_on(bottom: dict[tuple[int, int], GridCell], first: list[tuple[int, int, GridCell]]) -> bool:
    """Whether the first row below a page break is the rest of the row above it (a row allowed to
    break across pages: `（4）` above, `无正当理由大量反复申请` below, the values above): every cell
    sits under a cell of the last row above with the same columns, none holds a value, some hold
    text, none of it numbered, and joined to the text above it makes a numbered row label. Numbered labels are how
    the template's rows begin, so a real row below never looks like this; an unnumbered label (table
    二's `行政强制`) is never folded, however empty its values."""
    from extract.values import is_value_text

    texts = 0
    numbered_up = False
    for c0, c1, c in first:
        up = bottom.get((c0, max(1, c1 - c0)))
        if up is None:
            return False
        if not c.text:
            continue
        if is_value_text(c.text) or _NUMBERED.match("".join(c.text.split())):
            return False
        if not up.text or is_value_text(up.text):
            return False
        texts += 1
        # the row's own label (one row high below the break) joined begins with its number (a break
        # may fall inside it: `（` / `2）没有…`); a group label cut with it (`（六）其他` / `处理`) goes along
        if c.rowspan == 1:
            numbered_up = numbered_up or bool(_NUMBERED.match("".join((up.text + c.text).split())))
    return texts > 0 and numbered_up


def _repeated_header_rows(a: Grid, b: Grid) -> int:
    """How many of `b`'s first rows repeat `a`'s first rows word for word (a header repeated per page)."""

    def row_texts(g: Grid, r: int) -> tuple[str, ...]:
        return tuple(c.text for c in sorted(g.cells, key=lambda c: c.col) if c.row == r)

    k = 0
    while k < min(a.n_rows, b.n_rows) - 1 and row_texts(a, k) == row_texts(b, k) and any(row_texts(a, k)):
        k += 1
    return k
