"""A table that runs over a page break, read as one table again.

A printed table continued on the next page is two ruled tables in the images: the last block of one
page (page numbers such as `-4-` aside) and the first block of the next, with the same columns at the
same places. They are joined into the first page's Grid. A label cell cut by the break is one cell
again: the next page's top cell in a label column is joined to the cell above it when it is empty
(a vertical group label such as `三、本年度办理结果` continues) or when one of the two spans rows and
the lower does not start a new item of its own (`（四）无` / `法提供`, but not `2.没有现成信息…` under
`1.本机关不掌握…`, nor two one-row labels: those cannot be told from two rows).
"""

from __future__ import annotations

import itertools
import re
from statistics import median

from extract.document import Grid, GridCell, expand_grid
from extract.ocr.pages import PageRead
from extract.values import is_value_text

# a label that starts an item: （四） (4) 四、 4. 4、 4．
_NEW_ITEM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|\d+\s*[、.．])"
)
_TRIVIAL = re.compile(r"^[\s\-—–_·.·第页共/\dIVXivx]*$")
_ALIGN = 0.02  # column edges within 2 % of the table width


def _columns(grid: Grid) -> list[float] | None:
    """Left edges of the grid's columns and the right edge of the last, from its unspanned cells."""
    edges: dict[int, list[float]] = {}
    right: list[float] = []
    for c in grid.cells:
        if c.box is None:
            return None
        if c.colspan == 1:
            edges.setdefault(c.col, []).append(c.box.x0)
        if c.col + c.colspan == grid.n_cols:
            right.append(c.box.x1)
    if len(edges) < grid.n_cols or not right:
        return None
    return [median(edges[i]) for i in range(grid.n_cols)] + [median(right)]


def _aligned(a: Grid, b: Grid) -> bool:
    if a.n_cols != b.n_cols:
        return False
    ca, cb = _columns(a), _columns(b)
    if ca is None or cb is None:
        return False
    width = max(ca[-1] - ca[0], 1.0)
    return all(abs(x - y) <= _ALIGN * width for x, y in zip(ca, cb, strict=True))


def _last_grid(pr: PageRead) -> Grid | None:
    for b in reversed(pr.blocks):
        if isinstance(b, Grid):
            return b
        if not _TRIVIAL.match(b):
            return None
    return None


def _first_grid(pr: PageRead) -> Grid | None:
    for b in pr.blocks:
        if isinstance(b, Grid):
            return b
        if not _TRIVIAL.match(b):
            return None
    return None


def _is_label(cell: GridCell) -> bool:
    return not cell.text or not is_value_text(cell.text)


def join(a: Grid, b: Grid) -> None:
    """Append `b`'s rows to `a`, re-joining label cells cut by the break (see the module docstring)."""
    last = expand_grid(a)[-1]
    first = expand_grid(b)[0]
    dropped: set[int] = set()
    has_label_text = any(c is not None and c.text and _is_label(c) for c in last)
    for col in range(a.n_cols):
        up, down = last[col], first[col]
        if up is None or down is None or id(down) in dropped or up.col != col or down.col != col:
            continue
        if up.colspan != down.colspan or not (_is_label(up) and _is_label(down)) or not has_label_text:
            continue
        if not up.text:
            continue  # an empty cell above: nothing to continue
        if down.text and (_NEW_ITEM.match(down.text) or (up.rowspan == 1 and down.rowspan == 1)):
            continue  # a new item, or a one-row label cut in two: it cannot be told from two rows
        if down.text and any(c is not None and c.col == col and c is not down and c.text for c in first):
            continue
        up.text = up.text + down.text
        up.rowspan += down.rowspan
        dropped.add(id(down))
    offset = a.n_rows
    for c in b.cells:
        if id(c) in dropped:
            continue
        c.row += offset
        a.cells.append(c)
    a.n_rows += b.n_rows


def join_continued_tables(reads: list[PageRead]) -> None:
    """Join every table continued from one page to the next (in place: the next page loses it)."""
    for prev, cur in itertools.pairwise(reads):
        a, b = _last_grid(prev), _first_grid(cur)
        if a is None or b is None or not _aligned(a, b):
            continue
        join(a, b)
        cur.blocks.remove(b)
        cur.page.grids.remove(b)
