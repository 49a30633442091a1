"""Table structure from pixels: deskew, ruling lines, merged cells; no OCR engine needed."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from extract.ocr.layout import find_rulings, tables_from_rulings
from extract.ocr.raster import estimate_skew, straighten

# a 4 x 3 table: row 0 one caption across all columns, column 0 of rows 2-3 one label (rowspan 2)
XS = (100, 400, 550, 700)
YS = (100, 160, 220, 280, 340)


def _table_image(angle: float = 0.0, noise: float = 0.0, seed: int = 0) -> np.ndarray:
    img = Image.new("L", (800, 500), 255)
    d = ImageDraw.Draw(img)
    for y in (YS[0], YS[1], YS[2], YS[4]):
        d.line([(XS[0], y), (XS[-1], y)], fill=0, width=2)
    d.line([(XS[1], YS[3]), (XS[-1], YS[3])], fill=0, width=2)  # no ruling under the rowspan label
    d.line([(XS[0], YS[0]), (XS[0], YS[4])], fill=0, width=2)
    d.line([(XS[-1], YS[0]), (XS[-1], YS[4])], fill=0, width=2)
    for x in XS[1:-1]:
        d.line([(x, YS[1]), (x, YS[4])], fill=0, width=2)  # none through the caption row
    for r in range(4):
        for c in range(3):
            d.text((XS[c] + 10, YS[r] + 20), "8" * (c + 1), fill=0)  # text shorter than any ruling
    if angle:
        img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    arr = np.asarray(img, dtype=np.float32)
    if noise:
        arr = arr + np.random.default_rng(seed).normal(0, noise, arr.shape)
    return np.clip(arr, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("angle", [-0.9, -0.4, 0.6, 1.0])
def test_skew_is_estimated_within_a_tenth_of_a_degree(angle):
    assert estimate_skew(_table_image(angle, noise=8)) == pytest.approx(angle, abs=0.1)


@pytest.mark.parametrize("angle", [0.0, 0.8, -0.7])
def test_rulings_give_the_merged_cells_after_deskew(angle):
    page = straighten(_table_image(angle, noise=8, seed=1), scale=1.0, dpi=150)
    h, v = find_rulings(page.gray, text_height=12)
    tables = tables_from_rulings(h, v, tol=4)
    assert len(tables) == 1
    t = tables[0]
    assert len(t.xs) == 4 and len(t.ys) == 5
    spans = sorted((c.row, c.col, c.rowspan, c.colspan) for c in t.cells)
    assert (0, 0, 1, 3) in spans  # the caption across the three columns
    assert (2, 0, 2, 1) in spans  # the label over two rows
    assert len(spans) == 1 + 3 + 1 + 2 + 2
    # every point inside a cell finds it
    x = (XS[1] + XS[2]) / 2
    assert t.cells[t.cell_at(x, (YS[3] + YS[4]) / 2)].row == 3


def test_text_alone_makes_no_table():
    img = Image.new("L", (600, 300), 255)
    d = ImageDraw.Draw(img)
    for k in range(8):
        d.text((40, 20 + 30 * k), "1234567890 8888 一二三四五", fill=0)
    h, v = find_rulings(np.asarray(img), text_height=12)
    assert tables_from_rulings(h, v) == []
