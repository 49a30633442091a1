"""One page image to a `Page`: OCR text boxes, ruled tables as Grids, the rest as lines of text.

Two reads of every value cell. A page-level detector misses small isolated digits (a lone `0` in a
wide cell) and can run two cells together where a ruling is faint, so each table cell that holds ink
and no CJK text (a count, an amount, or nothing the detector saw) is cut out along its rulings and
recognised again on its own. Both reads agreeing is the engine's best evidence; a disagreement keeps
the focused read with a confidence capped below any sensible threshold, so the verifier flags it; a
cell with ink that neither read could turn into text is kept as an empty cell with confidence 0, so it
is reported as unreadable rather than taken for a blank.

Coordinates: text boxes and cells are mapped to source units (PDF points, top-left origin, for a PDF
page; pixels of the original image for an image file), so provenance matches the text-layer reader.
"""

from __future__ import annotations

import itertools
import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from statistics import median

import numpy as np

from extract.document import Box, Grid, GridCell, Page, Span, expand_grid
from extract.ocr.base import OcrEngine, TextBox, read_crops
from extract.ocr.labels import snap_label
from extract.ocr.layout import TableGeom, dark_mask, find_rulings, tables_from_rulings, text_lines
from extract.ocr.raster import PageImage

# a cell with ink that no read could turn into text: printed as this mark (never a blank, which would
# read as an empty cell); the verifier nulls it with an `ocr_unreadable` issue
UNREADABLE_MARK = "\u25a1"
DISAGREE_CONFIDENCE = 0.5  # two reads that differ: kept, but under any threshold worth the name
_CJK = re.compile(r"[\u3400-\u9fff]")
_VERTICAL_NOISE = re.compile(r"[:：;；.,，。·'`\"“”]")
_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[.、．:：]|[（(][一二三四五六七八九十\d]{1,3}[）)])")
_LOOK_ALIKE = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5", "s": "5", "B": "8"})
_NUMBER_TEXT = re.compile(r"^\d+(?:\.\d+)?$")
_WORD = re.compile(r"[\w\u3400-\u9fff]")
_END_MARKS = re.compile(r"^[^\w\u2014\-/]+|[^\w\u2014\-/]+$")
_MIN_INK = 8
_DEBUG = bool(os.environ.get("OGI_OCR_DEBUG"))


@dataclass
class PageRead:
    """A page as OCR read it: the Page (spans, grids, in source units) and its blocks in reading order,
    each a line of text or a Grid (a table continued from the previous page may be joined to that
    page's grid before the lines are written: `block_lines`)."""

    page: Page
    blocks: list[str | Grid] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return [text for text, _ in block_lines(self.blocks)]


def block_lines(blocks: list[str | Grid]) -> list[tuple[str, tuple[Grid, int] | None]]:
    """Lines of the blocks: a text line as is, a grid as its pipe rows, each with the (grid, row) it
    renders (None for text), so a reader can give every cell the document line of its row."""
    out: list[tuple[str, tuple[Grid, int] | None]] = []
    for b in blocks:
        if isinstance(b, Grid):
            out.extend((text, (b, r)) for r, text in grid_lines(b))
        else:
            out.append((b, None))
    return out


def read_page(img: PageImage, engine: OcrEngine, number: int) -> PageRead:
    boxes = [b for b in engine.read(img.gray) if b.text.strip()]
    heights = [b.box.height for b in boxes if b.box.height > 0]
    text_h = median(heights) if heights else img.dpi * 0.12
    # a box of marks only (`：`, `.`, `'`), small or doubtful, is a speck the engine read, not text: it
    # would break a label (`三、本年度办理：结果`) or add a point to a number
    boxes = [
        b for b in boxes if _WORD.search(b.text) or (b.box.height >= 0.6 * text_h and b.confidence >= 0.8)
    ]
    h, v = find_rulings(img.gray, text_h)
    tables = tables_from_rulings(h, v, tol=max(3.0, 0.25 * text_h))
    in_table: list[list[TextBox]] = [[] for _ in tables]
    free: list[TextBox] = []
    for b in boxes:
        cx, cy = (b.box.x0 + b.box.x1) / 2, (b.box.top + b.box.bottom) / 2
        for k, t in enumerate(tables):
            if t.cell_at(cx, cy) is not None:
                in_table[k].append(b)
                break
        else:
            free.append(b)
    page = Page(number=number, width=img.width * img.scale, height=img.height * img.scale)
    for b in boxes:
        page.spans.append(Span(b.text, number, img.to_source(b.box), 0, b.confidence))
    items: list[tuple[float, str | Grid]] = []
    dark = dark_mask(img.gray)
    for k, t in enumerate(tables):
        grid = _grid(t, in_table[k], img, dark, engine, number, k + 1, text_h)
        page.grids.append(grid)
        items.append((t.ys[0], grid))
    for line in text_lines(free):
        items.append((line[0].box.top, _join_line(line, text_h)))
    items.sort(key=lambda it: it[0])
    return PageRead(page=page, blocks=[b for _, b in items])


def _join_line(line: list[TextBox], text_h: float) -> str:
    """A line of text outside any ruled table. A line of a table without rulings (three or more
    pieces far apart, two of them numbers) is written as a pipe row, one cell a piece, so the table
    reader reads its values by position; those values carry no cell confidence, so the verifier keeps
    them only where a balance rule proves them."""
    gaps = [b.box.x0 - a.box.x1 for a, b in itertools.pairwise(line)]
    numbers = sum(1 for b in line if _NUMBER_TEXT.match(_tidy(b.text)))
    if len(line) >= 3 and numbers >= 2 and all(g > 1.5 * text_h for g in gaps):
        return " | ".join(b.text.strip() for b in line) + " |"
    parts = [line[0].text]
    for prev, b in itertools.pairwise(line):
        parts.append((" " if b.box.x0 - prev.box.x1 > text_h else "") + b.text)
    return "".join(parts).strip()


def _cell_text(boxes: list[TextBox]) -> tuple[str, float | None]:
    """A cell's page-level text: its lines top to bottom, joined without separators (wrapped labels
    `商业企` / `业` are one word), and the lowest confidence among them."""
    if not boxes:
        return "", None
    lines = ["".join(b.text for b in line) for line in text_lines(boxes)]
    if len(lines) >= 3 and all(len(t.strip()) <= 2 for t in lines):
        # a vertical label, one character a line (`三、` `本` `年` ...): a mark on its own or beside a
        # character is a speck read as `：` or `.`, never part of the label (`、` after a numeral stays)
        lines = [_VERTICAL_NOISE.sub("", t) for t in lines]
    text = "".join(lines).strip()
    return text, min(b.confidence for b in boxes)


def _ink_crop(gray: np.ndarray, dark: np.ndarray, box: Box, inset: int, pad: int) -> np.ndarray | None:
    """The ink inside a cell cut out for a second read, None when the cell holds no ink.

    Rulings are left out by `inset`. Of the blobs of ink (8-connected dark pixels), the text is the
    largest and those of comparable size on its line, then any blob on that line within one text
    height of it (a thin `1`, the point of `96171.6`); a speck above, below or far beside the number
    is whitened, so it never reads as a `.` or a `1`.
    """
    x0, y0 = int(box.x0) + inset, int(box.top) + inset
    x1, y1 = int(box.x1) - inset, int(box.bottom) - inset
    if x1 - x0 < 3 or y1 - y0 < 3:
        return None
    core = dark[y0:y1, x0:x1]
    if int(core.sum()) < _MIN_INK:
        return None
    # blobs of the ink dilated by one pixel, so a thin stroke broken by noise (the `1` of `3001`, the
    # diagonal of a `4`) stays one blob; a blob's size counts its dark pixels only
    grown = _window_sum(core, 1) > 0
    blobs = [(int(sum(1 for y, x in b[5] if core[y, x])), *b[1:]) for b in _blobs(grown)]
    main = max(blobs, key=lambda b: b[0])
    if main[0] < _MIN_INK:
        return None  # specks only
    top, bottom = main[1], main[3]
    big = [
        b
        for b in blobs
        if b[0] >= 0.25 * main[0] and min(b[3], bottom) - max(b[1], top) >= 0.5 * (b[3] - b[1])
    ]
    top, bottom = min(b[1] for b in big), max(b[3] for b in big)
    left, right = min(b[2] for b in big), max(b[4] for b in big)
    reach = bottom - top  # a blob on the text's line within one text height of it belongs to the text
    kept = [b for b in big]
    rest = [b for b in blobs if b not in big]
    grew = True
    while grew:
        grew = False
        for b in list(rest):
            mid_y = (b[1] + b[3]) / 2
            if top <= mid_y <= bottom and b[2] <= right + reach and b[4] >= left - reach:
                kept.append(b)
                rest.remove(b)
                left, right = min(left, b[2]), max(right, b[4])
                grew = True
    keep = np.zeros_like(core)
    drop = np.zeros_like(core)
    for group, target in ((kept, keep), (rest, drop)):
        for b in group:
            for y, x in b[5]:
                target[y, x] = core[y, x]
    if int(keep.sum()) < _MIN_INK:
        return None
    near = (_window_sum(keep, 2) > 0) & ~(_window_sum(drop, 1) > 0)
    rows = np.nonzero(near.any(axis=1))[0]
    cols = np.nonzero(near.any(axis=0))[0]
    r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    crop = np.where(near[r0:r1, c0:c1], gray[y0 + r0 : y0 + r1, x0 + c0 : x0 + c1], 255).astype(np.uint8)
    return np.pad(crop, pad, constant_values=255)


def _blobs(mask: np.ndarray) -> list[tuple]:
    """8-connected blobs of `mask`: (size, top, left, bottom, right, pixels)."""
    seen = np.zeros_like(mask)
    h, w = mask.shape
    out = []
    for sy, sx in zip(*np.nonzero(mask), strict=True):
        if seen[sy, sx]:
            continue
        stack = [(int(sy), int(sx))]
        seen[sy, sx] = True
        pixels = []
        while stack:
            y, x = stack.pop()
            pixels.append((y, x))
            for ny in (y - 1, y, y + 1):
                for nx in (x - 1, x, x + 1):
                    if 0 <= ny < h and 0 <= nx < w and mask[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
        ys = [p[0] for p in pixels]
        xs = [p[1] for p in pixels]
        out.append((len(pixels), min(ys), min(xs), max(ys) + 1, max(xs) + 1, pixels))
    return out


def _window_sum(mask: np.ndarray, r: int) -> np.ndarray:
    """Dark pixels in the (2r+1)² window around each pixel."""
    m = mask.astype(np.int16)
    s = np.zeros((m.shape[0] + 2 * r, m.shape[1] + 2 * r), dtype=np.int16)
    for dy in range(2 * r + 1):
        for dx in range(2 * r + 1):
            s[dy : dy + m.shape[0], dx : dx + m.shape[1]] += m
    return s[r:-r, r:-r]


def _grid(
    t: TableGeom,
    boxes: list[TextBox],
    img: PageImage,
    dark: np.ndarray,
    engine: OcrEngine,
    page: int,
    table_no: int,
    text_h: float,
) -> Grid:
    per_cell: list[list[TextBox]] = [[] for _ in t.cells]
    for b in boxes:
        idx = t.cell_at((b.box.x0 + b.box.x1) / 2, (b.box.top + b.box.bottom) / 2)
        if idx is not None:
            per_cell[idx].append(b)
    _split_numbered_items(t, per_cell)
    inset = max(3, int(0.15 * text_h))
    pad = max(4, int(0.3 * text_h))
    texts: list[tuple[str, float | None]] = []
    reread: list[tuple[int, np.ndarray]] = []
    for i, cell in enumerate(t.cells):
        text, conf = _cell_text(per_cell[i])
        if _CJK.search(text):
            texts.append((snap_label(text), conf))
            continue  # a label: the page-level read of a text line is the better one
        texts.append((text, conf))
        crop = _ink_crop(img.gray, dark, cell.box, inset, pad)
        if crop is not None:
            reread.append((i, crop))
        elif text:  # text the detector saw but no ink inside the rulings: keep it, doubtful
            texts[i] = (text, min(conf or 0.0, DISAGREE_CONFIDENCE))
    second = read_crops(engine, [c for _, c in reread])
    disputed: list[tuple[int, np.ndarray, str, str]] = []
    for (i, crop), (q, qc) in zip(reread, second, strict=True):
        p, pc = texts[i]
        p, q = _tidy(p), _tidy(q)
        if _DEBUG:
            print(
                f"p{page} t{table_no} cell {t.cells[i].row},{t.cells[i].col}: page {p!r} {pc} crop {q!r} {qc:.3f}"
            )
        if p and q:
            if p == q:
                texts[i] = (q, max(pc or 0.0, qc))
            else:
                texts[i] = (q if qc >= (pc or 0) else p, min(pc or 0.0, qc, DISAGREE_CONFIDENCE))
                disputed.append((i, crop, p, q))
        elif q:
            texts[i] = (q, qc)
        elif p:
            texts[i] = (p, min(pc or 0.0, DISAGREE_CONFIDENCE))
        else:
            texts[i] = (UNREADABLE_MARK, 0.0)  # ink that no read turned into text: unreadable, not blank
    # two reads that differ: a third, of the crop at twice the size, picks between them (the
    # confidence stays capped: the rules must still prove the cell)
    third = read_crops(engine, [_upscale(c) for _, c, _, _ in disputed])
    for (i, _, p, q), (r, _) in zip(disputed, third, strict=True):
        r = _tidy(r)
        if r in (p, q):
            texts[i] = (r, texts[i][1])
    for i, (text, conf) in enumerate(texts):
        # a count read with a look-alike letter (`o`, `l`, `1O`) would break its whole row for the
        # table reader: it is given as digits with a confidence under any threshold, so the verifier
        # keeps it only where the balance rules prove it (never silently "fixed")
        if text and not _CJK.search(text) and not _NUMBER_TEXT.match(text):
            digits = text.translate(_LOOK_ALIKE)
            if _NUMBER_TEXT.match(digits):
                texts[i] = (digits, min(conf or 0.0, DISAGREE_CONFIDENCE))
    cells = []
    for i, cell in enumerate(t.cells):
        text, conf = texts[i]
        cells.append(
            GridCell(
                text=text,
                row=cell.row,
                col=cell.col,
                rowspan=cell.rowspan,
                colspan=cell.colspan,
                box=img.to_source(cell.box),
                confidence=conf,
                source=f"ocr:page{page}/table{table_no}/row{cell.row + 1}/col{cell.col + 1}",
                page=page,
            )
        )
    return Grid(cells=cells, n_rows=len(t.ys) - 1, n_cols=len(t.xs) - 1, page=page, box=img.to_source(t.box))


def _split_numbered_items(t: TableGeom, per_cell: list[list[TextBox]]) -> None:
    """A cell over several rows whose text starts a numbered item in each of them (`1.本机关不掌握…`
    in one row, `2.没有现成信息…` in the next) is two cells whose ruling the scan lost: split it by row,
    so each row keeps its own label. In place."""
    from extract.ocr.layout import CellGeom

    for i in range(len(t.cells)):
        cell = t.cells[i]
        if cell.rowspan < 2 or len(per_cell[i]) < 2:
            continue
        rows: dict[int, list[TextBox]] = {}
        for b in per_cell[i]:
            mid = (b.box.top + b.box.bottom) / 2
            r = max(cell.row, min(cell.row + cell.rowspan - 1, bisect_right(t.ys, mid) - 1))
            rows.setdefault(r, []).append(b)
        if len(rows) < 2:
            continue
        firsts = [min(bs, key=lambda b: (b.box.top, b.box.x0)).text for _, bs in sorted(rows.items())]
        if not all(_ITEM.match(f) for f in firsts):
            continue
        starts = sorted(rows)
        starts[0] = cell.row
        ends = [*starts[1:], cell.row + cell.rowspan]
        parts = []
        for r0, r1 in zip(starts, ends, strict=True):
            box = Box(cell.box.x0, t.ys[r0], cell.box.x1, t.ys[r1])
            parts.append(CellGeom(r0, cell.col, r1 - r0, cell.colspan, box))
        t.cells[i] = parts[0]
        per_cell[i] = rows.get(starts[0], []) + [b for r, bs in rows.items() if r < starts[0] for b in bs]
        for part, r0 in zip(parts[1:], starts[1:], strict=True):
            t.cells.append(part)
            per_cell.append(rows[r0])
            for rr in range(part.row, part.row + part.rowspan):
                for cc in range(part.col, part.col + part.colspan):
                    t._index[(rr, cc)] = len(t.cells) - 1


def _tidy(text: str) -> str:
    """A value cell's text without spaces and without the stray marks specks add at either end
    (`447.`, `：0`, `0:`); a point inside (`96171.6`) stays, and so does a cell that is only a mark
    (`—`, `/`: a printed n/a)."""
    text = text.replace(" ", "")
    tidy = _END_MARKS.sub("", text)
    return tidy or text


def _upscale(crop: np.ndarray) -> np.ndarray:
    from PIL import Image

    img = Image.fromarray(crop)
    return np.asarray(img.resize((img.width * 2, img.height * 2), Image.BICUBIC))


def grid_lines(grid: Grid) -> list[tuple[int, str]]:
    """The grid as the pipe rows `extract.html.table_lines` writes for an HTML table: one line per row,
    `a | b | c |`, a spanned label (CJK text) repeated in the cells it covers, a spanned value, mark
    or empty cell leaving them empty (so a value is never counted twice, even when OCR misread it). Returns (row index, line); empty rows
    write no line."""
    out = []
    for r, row in enumerate(expand_grid(grid)):
        texts = []
        for c, cell in enumerate(row):
            if cell is None:
                texts.append("")
            elif cell.row == r and cell.col == c:
                texts.append(cell.text)
            else:
                texts.append(cell.text if _CJK.search(cell.text) else "")
        if any(texts):
            out.append((r, " | ".join(texts) + " |"))
    return out
