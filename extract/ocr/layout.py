"""Table structure from a page image: ruling lines found in the pixels, cells from the rulings.

Pure numpy, no OpenCV. A ruling is a long, thin run of dark pixels: a horizontal one is a run along a
row (1-pixel gaps from noise closed; what deskewing leaves of a slant joined as a staircase), at
least `min_len` long — a few text heights, longer than any stroke of a
character, shorter than the narrowest real cell border. Runs on neighbouring rows are one segment.

Segments that cross are one table; their positions, clustered, are the table's elementary grid, and
two neighbouring elementary cells are one (merged) cell when the ruling between them is absent over
most of their shared edge. That is how a printed table says "this cell spans": it is the same rule
for a rowspan label, a colspan header or a vertical group label, whatever the template.

Everything here is in pixels of the straightened image; `extract.ocr.pages` maps to source units.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np

from extract.document import Box
from extract.geometry import UnionFind, crossing_groups


@dataclass(frozen=True, slots=True)
class Segment:
    """A ruling: horizontal (`pos` is y, `lo..hi` the x extent) or vertical (`pos` x, `lo..hi` y)."""

    pos: float
    lo: float
    hi: float
    thickness: int


@dataclass
class CellGeom:
    row: int
    col: int
    rowspan: int
    colspan: int
    box: Box


@dataclass
class TableGeom:
    """A ruled table: elementary grid positions and its (merged) cells, in pixels."""

    xs: list[float]
    ys: list[float]
    cells: list[CellGeom] = field(default_factory=list)
    _index: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def box(self) -> Box:
        return Box(self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def cell_at(self, x: float, y: float) -> int | None:
        """Index into `cells` of the cell holding point (x, y), None outside the table."""
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        c = min(bisect_right(self.xs, x) - 1, len(self.xs) - 2)
        r = min(bisect_right(self.ys, y) - 1, len(self.ys) - 2)
        return self._index.get((max(r, 0), max(c, 0)))


def dark_mask(gray: np.ndarray) -> np.ndarray:
    """Ink: pixels darker than an Otsu threshold kept within [100, 200] (scans are noisy, rulings grey)."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    cum = np.cumsum(hist)
    cum_mean = np.cumsum(hist * np.arange(256))
    w0 = cum / total
    w1 = 1.0 - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        m0 = cum_mean / cum
        m1 = (cum_mean[-1] - cum_mean) / (total - cum)
        between = w0 * w1 * (m0 - m1) ** 2
    thr = int(np.nanargmax(between)) if np.isfinite(between).any() else 160
    return gray < max(100, min(200, thr))


def _close_gaps(mask: np.ndarray, gap: int) -> np.ndarray:
    """Fill runs of at most `gap` light pixels between dark ones along axis 1."""
    if gap <= 0:
        return mask
    out = mask.copy()
    for g in range(1, gap + 1):
        left = mask[:, : -g - 1]
        right = mask[:, g + 1 :]
        bridge = left & right
        for k in range(1, g + 1):
            out[:, k : k + bridge.shape[1]] |= bridge
    return out


def _segments(mask: np.ndarray, min_len: int, max_thick: int) -> list[Segment]:
    """Long runs along axis 1 of `mask`, runs on neighbouring rows grouped into segments.

    A slant that deskewing left over makes a ruling a staircase of runs on neighbouring rows, end to
    end rather than overlapping: a run joins a group when it is within 2 rows of it and overlaps or
    continues it (gap of a few pixels). Text never forms runs this long, so it never joins a ruling.
    """
    m = _close_gaps(mask, 1)
    d = np.diff(np.pad(m, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    sr, sc = np.nonzero(d == 1)
    _, ec = np.nonzero(d == -1)
    keep = (ec - sc) >= min_len
    runs = sorted(zip(sr[keep].tolist(), sc[keep].tolist(), ec[keep].tolist(), strict=True))
    groups: list[list[int]] = []  # [y0, y1, x0, x1]
    open_groups: list[list[int]] = []
    for y, x0, x1 in runs:
        open_groups = [g for g in open_groups if g[1] >= y - 2]
        best, best_overlap = None, -5
        for g in open_groups:
            overlap = min(g[3], x1) - max(g[2], x0)
            if overlap > best_overlap:
                best, best_overlap = g, overlap
        if best is not None:
            best[0], best[1] = min(best[0], y), max(best[1], y)
            best[2], best[3] = min(best[2], x0), max(best[3], x1)
        else:
            g = [y, y, x0, x1]
            groups.append(g)
            open_groups.append(g)
    out = []
    for y0, y1, x0, x1 in groups:
        thick = y1 - y0 + 1
        if thick <= max_thick:
            out.append(Segment((y0 + y1) / 2, float(x0), float(x1), thick))
    return _join_collinear(out, tol=3.0)


def _join_collinear(segs: list[Segment], tol: float) -> list[Segment]:
    """Segments at the same position (± tol) that overlap or nearly touch are one segment."""
    out: list[Segment] = []
    by_pos = sorted(segs, key=lambda s: s.pos)
    band: list[Segment] = []
    for s in [*by_pos, None]:
        if s is not None and (not band or s.pos - band[-1].pos <= tol):
            band.append(s)
            continue
        merged: list[Segment] = []
        for b in sorted(band, key=lambda b: b.lo):
            if merged and b.lo <= merged[-1].hi + 2 * tol:
                p = merged[-1]
                w_p, w_b = p.hi - p.lo, b.hi - b.lo
                pos = (p.pos * w_p + b.pos * w_b) / (w_p + w_b) if w_p + w_b else p.pos
                merged[-1] = Segment(pos, p.lo, max(p.hi, b.hi), max(p.thickness, b.thickness))
            else:
                merged.append(b)
        out.extend(merged)
        band = [s] if s is not None else []
    return out


def find_rulings(gray: np.ndarray, text_height: float) -> tuple[list[Segment], list[Segment]]:
    """Horizontal and vertical rulings of a page. `text_height` (pixels, the median OCR box height)
    scales the minimum length: 2.5 text heights is longer than any character stroke."""
    mask = dark_mask(gray)
    min_len = max(20, int(2.5 * text_height))
    max_thick = max(4, int(0.4 * text_height))
    return _segments(mask, min_len, max_thick), _segments(mask.T, min_len, max_thick)


def _cluster(values: list[tuple[float, float]], tol: float) -> list[float]:
    """1-D positions (value, weight) grouped where neighbours are within `tol`; weighted means."""
    out: list[float] = []
    group: list[tuple[float, float]] = []
    for v, w in sorted(values):
        if group and v - group[-1][0] > tol:
            out.append(sum(a * b for a, b in group) / sum(b for _, b in group))
            group = []
        group.append((v, w))
    if group:
        out.append(sum(a * b for a, b in group) / sum(b for _, b in group))
    return out


def _coverage(segs: list[Segment], pos: float, lo: float, hi: float, tol: float) -> float:
    """Share of [lo, hi] covered by segments lying at `pos` (± tol)."""
    spans = sorted((max(s.lo, lo), min(s.hi, hi)) for s in segs if abs(s.pos - pos) <= tol)
    covered, end = 0.0, lo
    for a, b in spans:
        if b <= end:
            continue
        covered += b - max(a, end)
        end = b
    return covered / (hi - lo) if hi > lo else 0.0


def tables_from_rulings(h: list[Segment], v: list[Segment], tol: float = 4.0) -> list[TableGeom]:
    """Ruled tables: crossing segments grouped, elementary grid from their positions, cells merged
    where the ruling between neighbours is absent on most of their shared edge."""
    comps = crossing_groups(
        h, v, lambda hs, vs: hs.lo - tol <= vs.pos <= hs.hi + tol and vs.lo - tol <= hs.pos <= vs.hi + tol
    )
    tables = []
    for hs, vs in comps:
        if len(hs) < 2 or len(vs) < 2:
            continue
        t = _table(hs, vs, tol)
        if t is not None:
            tables.append(t)
    return sorted(tables, key=lambda t: (t.ys[0], t.xs[0]))


def _table(hs: list[Segment], vs: list[Segment], tol: float) -> TableGeom | None:
    ys = _cluster([(s.pos, s.hi - s.lo) for s in hs], 2 * tol)
    xs = _cluster([(s.pos, s.hi - s.lo) for s in vs], 2 * tol)
    # an open side (no outer ruling) still bounds the table where the other rulings end
    left, right = min(s.lo for s in hs), max(s.hi for s in hs)
    top, bottom = min(s.lo for s in vs), max(s.hi for s in vs)
    if xs[0] - left > 3 * tol:
        xs.insert(0, left)
    if right - xs[-1] > 3 * tol:
        xs.append(right)
    if ys[0] - top > 3 * tol:
        ys.insert(0, top)
    if bottom - ys[-1] > 3 * tol:
        ys.append(bottom)
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr < 1 or nc < 1 or (nr == 1 and nc == 1):
        return None
    u = UnionFind(nr * nc)
    for r in range(nr):
        for c in range(nc - 1):  # the vertical edge between (r, c) and (r, c+1)
            lo, hi = ys[r] + tol, ys[r + 1] - tol
            if hi > lo and _coverage(vs, xs[c + 1], lo, hi, 2 * tol) < 0.5:
                u.union(r * nc + c, r * nc + c + 1)
    for r in range(nr - 1):
        for c in range(nc):  # the horizontal edge between (r, c) and (r+1, c)
            lo, hi = xs[c] + tol, xs[c + 1] - tol
            if hi > lo and _coverage(hs, ys[r + 1], lo, hi, 2 * tol) < 0.5:
                u.union(r * nc + c, (r + 1) * nc + c)
    members: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            members.setdefault(u.find(r * nc + c), []).append((r, c))
    t = TableGeom(xs=xs, ys=ys)
    for pos in sorted(members.values()):
        r0, r1 = min(p[0] for p in pos), max(p[0] for p in pos)
        c0, c1 = min(p[1] for p in pos), max(p[1] for p in pos)
        idx = len(t.cells)
        t.cells.append(
            CellGeom(r0, c0, r1 - r0 + 1, c1 - c0 + 1, Box(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
        )
        for p in pos:
            t._index[p] = idx
    return t


def text_lines(boxes: list, key=lambda b: b.box) -> list[list]:
    """Boxes grouped into lines of text (vertical overlap of at least half the smaller height),
    top to bottom, each line left to right."""
    lines: list[list] = []
    for b in sorted(boxes, key=lambda b: (key(b).top + key(b).bottom) / 2):
        bx = key(b)
        if lines:
            last = lines[-1]
            top = min(key(o).top for o in last)
            bottom = max(key(o).bottom for o in last)
            overlap = min(bottom, bx.bottom) - max(top, bx.top)
            if overlap >= 0.5 * min(bottom - top, bx.height):
                last.append(b)
                continue
        lines.append([b])
    return [sorted(line, key=lambda b: key(b).x0) for line in lines]
