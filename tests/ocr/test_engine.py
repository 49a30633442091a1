"""The engine interface: lookup and plug-ins, no engine installed, no network, the reader's plumbing."""

from __future__ import annotations

import io
import socket
import sys

import numpy as np
import pytest
from PIL import Image

from extract.document import Box, Grid, SourceFormat
from extract.ocr import base
from extract.ocr.base import INSTALL_HINT, OcrUnavailable, TextBox, get_engine
from extract.parse import parse_bytes
from tests.ocr.test_layout import XS, YS, _table_image


@pytest.fixture(autouse=True)
def _fresh_engines(monkeypatch):
    monkeypatch.setattr(base, "_ENGINES", {})


class StubEngine:
    """Reads the synthetic table of test_layout: every cell's text is known by its position."""

    name = "stub"

    def __init__(self) -> None:
        self.crops = 0

    def read(self, image) -> list[TextBox]:
        out = []
        for r in range(4):
            for c in range(3):
                x, y = XS[c] + 10, YS[r] + 20
                out.append(TextBox("8" * (c + 1), Box(x, y, x + 8 * (c + 1), y + 12), 0.97))
        return out

    def read_crops(self, crops) -> list[tuple[str, float]]:
        self.crops += len(crops)
        return [("8" * max(1, round(np.asarray(c).shape[1] / 30)), 0.9) for c in crops]


class _EP:
    def __init__(self, name, factory):
        self.name, self._factory = name, factory

    def load(self):
        return self._factory


def test_unknown_engine_is_a_clear_error():
    with pytest.raises(OcrUnavailable, match="no OCR engine named 'nope'"):
        get_engine("nope")


def test_an_engine_plugs_in_through_the_entry_point_group(monkeypatch):
    seen = {}

    def fake_entry_points(group):
        seen["group"] = group
        return [_EP("stub", StubEngine)]

    monkeypatch.setattr(base, "entry_points", fake_entry_points)
    eng = get_engine("stub")
    assert isinstance(eng, StubEngine) and seen["group"] == "ogi.ocr_engines"
    assert get_engine("stub") is eng  # loaded once per process


def _png(arr: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "PNG")
    return buf.getvalue()


def test_without_the_engine_an_image_gets_an_issue_that_says_how_to_enable_ocr(monkeypatch):
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # `import` raises ImportError
    monkeypatch.delenv("OGI_OCR_ENGINE", raising=False)
    rec = parse_bytes(_png(_table_image()), "table.png")
    assert rec["status"] == "failed" and rec["cells"] == []
    codes = {i["code"]: i for i in rec["issues"]}
    assert "ocr_unavailable" in codes and INSTALL_HINT in codes["ocr_unavailable"]["message"]
    assert "table.png" in codes["ocr_unavailable"]["message"]


def test_the_image_reader_builds_grids_with_confidence_and_pixel_boxes(monkeypatch):
    from extract.readers.image import read_image

    stub = StubEngine()
    base.register_engine(stub)
    doc = read_image(_png(_table_image(0.6, noise=6)), engine="stub")
    assert doc.source_format is SourceFormat.IMAGE and not doc.failed
    grids = [g for p in doc.pages for g in p.grids]
    assert len(grids) == 1 and isinstance(grids[0], Grid)
    g = grids[0]
    assert (g.n_rows, g.n_cols) == (4, 3)
    caption = next(c for c in g.cells if c.row == 0)
    assert caption.colspan == 3
    assert stub.crops > 0  # value cells are read a second time, one by one
    values = [c for c in g.cells if c.row > 0]
    assert all(c.confidence is not None and 0 <= c.confidence <= 1 for c in values)
    assert all(c.box is not None and 90 <= c.box.x0 <= 710 and 90 <= c.box.top <= 350 for c in values)
    assert all(c.source.startswith("ocr:page1/table1/") and c.page == 1 for c in g.cells)
    assert sum(1 for line in doc.lines if line.endswith(" |")) == 4  # one pipe row per table row


def test_the_engine_downloads_nothing(monkeypatch):
    pytest.importorskip("rapidocr_onnxruntime")

    def no_network(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    eng = get_engine("rapidocr")
    img = Image.new("L", (240, 60), 255)
    from PIL import ImageDraw

    ImageDraw.Draw(img).text((10, 20), "3985758", fill=0)
    boxes = eng.read(np.asarray(img))
    assert isinstance(boxes, list)
    assert eng.read_crops([np.asarray(img)])[0][0] != ""


def test_a_row_of_a_table_without_rulings_is_a_pipe_row():
    from extract.ocr.pages import _join_line

    def tb(text, x0, x1):
        return TextBox(text, Box(x0, 100, x1, 112), 0.95)

    row = [
        tb("一、本年新收政府信息公开申请数量", 10, 200),
        tb("21", 260, 275),
        tb("0", 320, 328),
        tb("21", 380, 395),
    ]
    assert _join_line(row, 12) == "一、本年新收政府信息公开申请数量 | 21 | 0 | 21 |"
    prose = [tb("截至目前，全市在运维政务新媒体共计95", 10, 300), tb("个", 303, 313)]
    assert _join_line(prose, 12) == "截至目前，全市在运维政务新媒体共计95个"
