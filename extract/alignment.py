"""Tables drawn without ruling lines: positioned text → a Grid by alignment (the fallback of geometry).

Some exports print the report's tables with no rulings at all (borders hidden, a PDF made from a
plain-text layout, a scan whose lines were lost). Then rows are text lines (spans clustered by their
vertical centre, extract.geometry.lines_of), cells are the chunks of a line separated by a gap wider
than the text height, and columns are the x-gaps that every row leaves free: the union of the value
chunks' extents over the table's rows gives one interval per value column, the same for the label
chunks left of the first value column.

Why value chunks only: a header caption spans several value columns and would merge them. Why it
can abstain: alignment is evidence, not structure. A row whose chunks do not fall one per column (two
values in one column interval, a label running into the value columns, a value outside every column)
has its values left out, with an `ambiguous_columns` issue that names the page and the row; so has
a row whose number overlaps a column without sharing its alignment (left edge, right edge or centre
of the column's other numbers). A missing number is recoverable, a number in the neighbour's column
is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.document import Box, Grid, GridCell, Span
from extract.geometry import join_lines, lines_of
from extract.layouts import is_page_footer
from extract.record import issue
from extract.values import is_value_text

GAP = 1.0  # × text height: a wider gap between two spans of a line separates two cells
MIN_ROWS = 3  # a table has at least this many lines with values
MAX_BETWEEN = 4  # header, caption or wrapped-label lines allowed between two value rows of one table
# a section heading of the national template (`三、收到和处理政府信息公开申请情况`), not a row label
# (`三、本年度办理结果`, `四、结转下年度继续办理`): numbered, and naming a part of the report
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、.*(?:情况|问题|事项)|第[一二三四五六]部分)")
_NUMBERED = re.compile(
    r"^\s*(?:[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]|\d{1,2}\s*[.、．])"
)
_NARRATIVE = 34  # a one-chunk line at least this long is running text, not a table line


@dataclass(slots=True)
class Chunk:
    """One cell's text on one line: spans closer together than the column gap."""

    text: str
    box: Box
    is_value: bool


def chunks_of(line: list[Span]) -> list[Chunk]:
    """A text line cut at gaps wider than GAP × the text height (spans left to right), and at a word
    gap (a third of it) where a label is followed by a number or by a numbered label (`出具 0`,
    `理 （三）不予公开`: two cells printed close together)."""
    out: list[Chunk] = []
    for group in _split(line, GAP):
        words = _split(group, 0.35)
        cur: list[Span] = []
        prev_text = None
        for w in words:
            text = join_lines([w])
            if (
                cur
                and prev_text is not None
                and not is_value_text(prev_text)
                and ((text[:1].isdigit() and is_value_text(text)) or _NUMBERED.match(text))
            ):
                out.append(_chunk(cur))
                cur = []
            cur.extend(w)
            prev_text = text
        if cur:
            out.append(_chunk(cur))
    return [c for c in out if c.text]


def _split(spans: list[Span], gap: float) -> list[list[Span]]:
    """Spans cut where the gap between two is wider than `gap` × their text height."""
    out: list[list[Span]] = []
    for sp in spans:
        if out:
            a, b = out[-1][-1].box, sp.box
            if b.x0 - a.x1 <= max(a.bottom - a.top, b.bottom - b.top) * gap:
                out[-1].append(sp)
                continue
        out.append([sp])
    return out


def _chunk(spans: list[Span]) -> Chunk:
    text = join_lines([_stacked_in_order(spans)])
    box = Box(
        min(s.box.x0 for s in spans),
        min(s.box.top for s in spans),
        max(s.box.x1 for s in spans),
        max(s.box.bottom for s in spans),
    )
    return Chunk(text, box, bool(text) and is_value_text(text) and not is_page_footer(text))


def _stacked_in_order(spans: list[Span]) -> list[Span]:
    """Spans left to right, except characters stacked one above the other (a vertical label drawn
    beside a row and clustered into its line), which read top to bottom."""
    out: list[Span] = []
    group: list[Span] = []
    for sp in spans:
        if group:
            a, b = group[-1].box, sp.box
            if min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 * min(a.width, b.width):
                group.append(sp)
                continue
            out.extend(sorted(group, key=lambda s: s.box.top) if len(group) > 1 else group)
        group = [sp]
    out.extend(sorted(group, key=lambda s: s.box.top) if len(group) > 1 else group)
    return out


def _is_row(chunks: list[Chunk]) -> bool:
    return len(chunks) >= 2 and any(c.is_value for c in chunks)


def _ends_table(chunks: list[Chunk]) -> bool:
    """A line no table holds: a section heading or running text."""
    if not chunks:
        return False
    if len(chunks) == 1 and len(chunks[0].text) >= _NARRATIVE:
        return True
    return bool(_HEADING.match(chunks[0].text)) and not any(c.is_value for c in chunks)


def _union(intervals: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """Overlapping (or nearer than `gap`) intervals merged: one per column."""
    out: list[list[float]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1] + gap:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _columns_hit(box: Box, cols: list[tuple[float, float]]) -> list[int]:
    return [k for k, (a, b) in enumerate(cols) if box.x0 < b and box.x1 > a]


def grids_from_alignment(spans: list[Span], page: int) -> tuple[list[Grid], list[dict]]:
    """The unruled tables of one page (no rulings on it) and the issues of the rows left unread."""
    lines = [(line, chunks_of(line)) for line in lines_of(spans)]
    grids: list[Grid] = []
    issues: list[dict] = []
    for region in _regions(lines):
        grid = _grid(region, page, issues)
        if grid is not None:
            grids.append(grid)
    return grids, issues


def _regions(lines: list[tuple[list[Span], list[Chunk]]]) -> list[list[list[Chunk]]]:
    """Runs of lines that hold one table: value rows with at most MAX_BETWEEN other lines between
    them, cut at headings and running text; runs with fewer than MIN_ROWS value rows are not tables."""
    out: list[list[list[Chunk]]] = []
    cur: list[list[Chunk]] = []
    pending: list[list[Chunk]] = []
    for _, chunks in lines:
        if _is_row(chunks):
            cur.extend(pending)
            pending = []
            cur.append(chunks)
        elif cur and not _ends_table(chunks) and len(pending) < MAX_BETWEEN:
            pending.append(chunks)
        else:
            if cur:
                out.append(cur)
            cur, pending = [], []
    if cur:
        out.append(cur)
    return [r for r in out if sum(_is_row(c) for c in r) >= MIN_ROWS]


@dataclass(slots=True)
class _Stack:
    """Label chunks stacked in one cell: a wrapped label, a vertical label one character per line."""

    chunks: list[Chunk]
    box: Box

    def add(self, ch: Chunk) -> None:
        self.chunks.append(ch)
        b = self.box
        self.box = Box(min(b.x0, ch.box.x0), b.top, max(b.x1, ch.box.x1), max(b.bottom, ch.box.bottom))


def _stacks(chunks: list[Chunk], h: float, on_value_rows: set[int]) -> list[_Stack]:
    """Label chunks joined into cells: a chunk continues the stack above it when they overlap
    horizontally, the gap between them is a line gap (≤ 1.2 × the text height), and it does not start
    with a numbering of its own (`2.`, `（三）`: a new label). A stack holds the label of one value row
    at most (two rows' labels are never one), unless every chunk is one or two characters: a vertical
    label printed one character per line beside its rows."""
    open_: list[_Stack] = []
    for ch in sorted(chunks, key=lambda c: (c.box.top + c.box.bottom, c.box.x0)):
        for st in reversed(open_):
            last = st.chunks[-1].box
            overlap = min(last.x1, ch.box.x1) - max(last.x0, ch.box.x0)
            narrow = min(last.width, ch.box.width)
            if (
                overlap >= 0.5 * narrow
                and -0.6 * h <= ch.box.top - last.bottom <= 1.2 * h
                and not _NUMBERED.match(ch.text)
                and (
                    id(ch) not in on_value_rows
                    or not any(id(c) in on_value_rows for c in st.chunks)
                    or all(len(c.text) <= 2 for c in (*st.chunks, ch))
                )
            ):
                st.add(ch)
                break
        else:
            open_.append(_Stack([ch], ch.box))
    return open_


def _grid(lines: list[list[Chunk]], page: int, issues: list[dict]) -> Grid | None:
    value_rows = [r for r in lines if _is_row(r)]
    heights = sorted(c.box.height for r in lines for c in r)
    h = heights[len(heights) // 2]
    vals = _union([(c.box.x0, c.box.x1) for r in value_rows for c in r if c.is_value], 0.0)
    first = vals[0][0]
    # rows: each value line is one; the other lines' label stacks join the value rows they overlap
    rows: list[tuple[float, float, list[Chunk]]] = [
        (min(c.box.top for c in r), max(c.box.bottom for c in r), r) for r in value_rows
    ]
    in_values = [c for r in lines for c in r if c.box.x1 > first]
    label_chunks = [c for r in lines for c in r if c.box.x1 <= first and not c.is_value]
    stacks = _stacks(label_chunks, h, {id(c) for _, _, r in rows for c in r})
    starts = _starts([st.box.x0 for st in stacks], h)
    n_label = len(starts)
    cols = n_label + len(vals)
    placed: list[tuple[float, GridCell]] = []  # (vertical position, cell) before rows are numbered
    row_tops = [top for top, _, _ in rows]
    for st in stacks:
        hit = [k for k, (top, bottom, _) in enumerate(rows) if st.box.top < bottom and st.box.bottom > top]
        col = max(k for k, x in enumerate(starts) if x <= st.box.x0 + h) if starts else 0
        span = sum(1 for x in starts[col + 1 :] if x < st.box.x1 - 0.5 * h) + 1
        text = "".join(c.text for c in st.chunks)
        cell = GridCell(text, 0, col, len(hit) or 1, span, box=st.box, source=f"pdf:page{page}", page=page)
        placed.append((row_tops[hit[0]] if hit else st.box.top, cell))
    value_chunks = {id(c) for _, _, r in rows for c in r if c.box.x1 > first}
    for ch in in_values:
        if id(ch) in value_chunks:
            continue  # read with its row below
        hit = _columns_hit(ch.box, vals)  # a header or caption over the value columns
        if hit:
            cell = GridCell(
                ch.text,
                0,
                n_label + hit[0],
                1,
                hit[-1] - hit[0] + 1,
                box=ch.box,
                source=f"pdf:page{page}",
                page=page,
            )
            placed.append((ch.box.top, cell))
    misaligned = _misaligned([c for _, _, r in rows for c in r if c.is_value], vals, h)
    for top, _, r in rows:
        taken: dict[int, Chunk] = {}
        bad = None
        for ch in r:
            if ch.box.x1 <= first and not ch.is_value:
                continue  # a label: in a stack
            hit = _columns_hit(ch.box, vals)
            if len(hit) != 1 or hit[0] in taken or id(ch) in misaligned:
                bad = ch
                break
            taken[hit[0]] = ch
        if bad is not None:
            label = " ".join(c.text for c in r if not c.is_value)[:40]
            issues.append(
                issue(
                    "warning",
                    "ambiguous_columns",
                    f"page {page}: a table without rulings, row {label!r}: {bad.text!r} does not fall "
                    "in one column of its own; the row's values are left out",
                )
            )
            continue
        for k, ch in taken.items():
            placed.append(
                (top, GridCell(ch.text, 0, n_label + k, box=ch.box, source=f"pdf:page{page}", page=page))
            )
    if not placed:
        return None
    # number the rows by vertical position: cells placed at one position share a row
    ys = sorted({y for y, _ in placed} | set(row_tops))
    index = {y: k for k, y in enumerate(ys)}
    cells = []
    for y, cell in placed:
        cell.row = index[y]
        cells.append(cell)
    for cell in cells:  # a stack's rowspan counted in value rows: in grid rows, up to its last value row
        if cell.rowspan > 1:
            last_top = row_tops[row_tops.index(ys[cell.row]) + cell.rowspan - 1]
            cell.rowspan = index[last_top] - cell.row + 1
    cells = _no_overlap(sorted(cells, key=lambda c: (c.row, c.col)), n_label)
    box = Box(
        min(c.box.x0 for c in cells),
        min(c.box.top for c in cells),
        max(c.box.x1 for c in cells),
        max(c.box.bottom for c in cells),
    )
    return Grid(cells, len(ys), cols, page, box=box)


def _misaligned(chunks: list[Chunk], cols: list[tuple[float, float]], h: float) -> set[int]:
    """ids of the value chunks aligned with nothing else in their column: a column's numbers share a
    left edge, a right edge or a centre (whichever way it is aligned); a number that shares none of
    its column's median edges only overlaps the column and could belong to its neighbour."""
    tol = max(0.5 * h, 2.0)
    by_col: dict[int, list[Chunk]] = {}
    for ch in chunks:
        hit = _columns_hit(ch.box, cols)
        if len(hit) == 1:
            by_col.setdefault(hit[0], []).append(ch)
    out: set[int] = set()
    for members in by_col.values():
        if len(members) < 3:
            continue
        mx0, mx1, mcx = (
            sorted(f(c.box) for c in members)[len(members) // 2]
            for f in (lambda b: b.x0, lambda b: b.x1, lambda b: (b.x0 + b.x1) / 2)
        )
        for c in members:
            b = c.box
            if min(abs(b.x0 - mx0), abs(b.x1 - mx1), abs((b.x0 + b.x1) / 2 - mcx)) > tol:
                out.add(id(c))
    return out


def _starts(xs: list[float], tol: float) -> list[float]:
    """Left edges clustered within `tol`: the label columns' starts, left to right."""
    out: list[list[float]] = []
    for x in sorted(xs):
        if out and x - out[-1][0] <= tol:
            out[-1].append(x)
        else:
            out.append([x])
    return [min(c) for c in out]


def _no_overlap(cells: list[GridCell], n_label: int) -> list[GridCell]:
    """Cells sorted by (row, col) with no two on one origin: a label on a position a label already holds
    joins it (read in order). Values never collide: each took a value column of its own."""
    out: list[GridCell] = []
    seen: dict[tuple[int, int], GridCell] = {}
    for c in cells:
        prev = seen.get((c.row, c.col))
        if prev is not None and c.col + 1 < n_label and (c.row, c.col + 1) not in seen:
            c.col, c.colspan = c.col + 1, 1  # two labels on one start: the next label column is free
            prev = None
        if prev is not None:
            prev.text += c.text
            continue
        seen[(c.row, c.col)] = c
        out.append(c)
    return out


def join_page_break_label(a: Grid, b: Grid) -> bool:
    """A group label cut by a page break between two unruled grids (`（四）无` ending page k, `法提供`
    opening page k+1): the numbered label reaching the last row of `a` and the unnumbered fragment on
    the first row of `b` below it become the whole label in both (as a rowspan label is in every row
    it covers). Only a short fragment that is not a value and not numbered itself is joined."""
    first_row = [c for c in b.cells if c.row == 0 and c.box is not None]
    joined = False
    for frag in first_row:
        t = frag.text
        if not t or len(t) > 6 or is_value_text(t) or _NUMBERED.match(t):
            continue
        for up in a.cells:
            if up.box is None or up.row + up.rowspan != a.n_rows or not _NUMBERED.match(up.text):
                continue
            if is_value_text(up.text) or min(up.box.x1, frag.box.x1) - max(up.box.x0, frag.box.x0) <= 0:
                continue
            up.text += t
            frag.text = up.text
            joined = True
            break
    return joined
