"""The PDF reader on small PDFs made here with pypdfium2: rulings → grid, text lines, bad PDFs."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from extract.document import Box, Span
from extract.geometry import grids_from_rulings, stitch
from extract.parse import parse_bytes
from extract.readers.pdf import read


def _pdf(draw) -> bytes:
    """A one-page A4 PDF; `draw(doc, page, font)` adds its objects."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    font = pdf.load_font("Helvetica") if hasattr(pdf, "load_font") else None
    draw(pdf, page, font)
    page.gen_content()
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _line(page, x0, y0, x1, y1):
    path = pdfium_c.FPDFPageObj_CreateNewPath(x0, y0)
    pdfium_c.FPDFPath_LineTo(path, x1, y1)
    pdfium_c.FPDFPath_SetDrawMode(path, 0, 1)
    pdfium_c.FPDFPage_InsertObject(page.raw, path)


def _text(pdf, page, x, y, s):
    font = pdfium_c.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, font, 10.0)
    ws = (s + "\x00").encode("utf-16-le")
    buf = (pdfium_c.FPDF_WCHAR * (len(ws) // 2)).from_buffer_copy(ws)
    pdfium_c.FPDFText_SetText(obj, buf)
    pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
    pdfium_c.FPDFPage_InsertObject(page.raw, obj)


def _ruled_table(pdf, page, _font):
    _text(pdf, page, 72, 780, "Report title")
    # 3 rows x 2 columns between y 700..640, x 72..272; the first row's inner ruling missing (a colspan)
    for y in (700, 680, 660, 640):
        _line(page, 72, y, 272, y)
    _line(page, 72, 700, 72, 640)
    _line(page, 272, 700, 272, 640)
    _line(page, 172, 680, 172, 640)
    _text(pdf, page, 80, 686, "Caption")
    _text(pdf, page, 80, 666, "rules")
    _text(pdf, page, 180, 666, "12")
    _text(pdf, page, 80, 646, "orders")
    _text(pdf, page, 180, 646, "3")
    _text(pdf, page, 280, 30, "- 2 -")


def test_ruled_table_becomes_a_grid_with_a_colspan_and_text_lines_around_it():
    doc = read(_pdf(_ruled_table))
    assert not doc.failed
    (grid,) = doc.grids
    assert (grid.n_rows, grid.n_cols) == (3, 2)
    first = [c for c in grid.cells if c.row == 0]
    assert len(first) == 1 and first[0].colspan == 2 and first[0].text == "Caption"
    assert {(c.row, c.col): c.text for c in grid.cells if c.row > 0} == {
        (1, 0): "rules",
        (1, 1): "12",
        (2, 0): "orders",
        (2, 1): "3",
    }
    cell = next(c for c in grid.cells if c.text == "12")
    assert cell.page == 1 and cell.box is not None and 170 < cell.box.x0 < 174 and cell.source == "pdf:page1"
    assert doc.lines[0] == "Report title"
    assert doc.lines[1:] == ["Caption | Caption |", "rules | 12 |", "orders | 3 |"]  # the page number dropped
    assert doc.row_cells[3][1][0] == "12"


def test_corrupt_and_empty_pdfs_fail_with_a_named_reason():
    rec = parse_bytes(b"%PDF-1.7\n garbage that is no PDF", "broken.pdf")
    assert rec["status"] == "failed" and rec["source_format"] == "pdf"
    assert [i["code"] for i in rec["issues"]] == ["unreadable_pdf"]
    assert "broken.pdf" in rec["issues"][0]["message"]


def test_pdf_without_text_layer_asks_for_ocr(monkeypatch):
    import extract.readers as readers

    monkeypatch.setattr(readers, "ocr_module", lambda: None)
    data = _pdf(lambda pdf, page, font: _line(page, 72, 700, 272, 700))
    rec = parse_bytes(data, "scan.pdf")
    assert rec["status"] == "failed"
    (i,) = rec["issues"]
    assert (
        i["code"] == "ocr_unavailable"
        and "ogi-warehouse[ocr]" in i["message"]
        and "image-only" in i["message"]
    )


def test_scanned_pdf_goes_to_the_ocr_reader_when_there_is_one(monkeypatch):
    import types

    import extract.readers as readers
    from extract.document import Document, SourceFormat

    seen = []
    fake = types.SimpleNamespace(
        read_scanned_pdf=lambda data: seen.append(data) or Document(SourceFormat.PDF, ["x"])
    )
    monkeypatch.setattr(readers, "ocr_module", lambda: fake)
    data = _pdf(lambda pdf, page, font: None)
    assert read(data).lines == ["x"] and seen == [data]


def _span(text, x0, top, x1, bottom):
    return Span(text, 1, Box(x0, top, x1, bottom))


def _h(y, x0=0, x1=100):
    return Box(x0, y, x1, y)


def _v(x, y0, y1):
    return Box(x, y0, x, y1)


def test_geometry_rowspan_vertical_label_and_wrapped_header():
    # 2 columns; column 0 one tall cell over 3 rows with one character per line, column 1 three rows
    hs = [_h(0), _h(100), _h(20, 50, 100), _h(40, 50, 100)]
    vs = [_v(0, 0, 100), _v(50, 0, 100), _v(100, 0, 100)]
    spans = [_span(ch, 20, 10 + 12 * k, 30, 20 + 12 * k) for k, ch in enumerate("三、本年")]
    spans += [_span("商业企", 55, 2, 85, 10), _span("业", 55, 11, 65, 19), _span("7", 60, 45, 66, 55)]
    (g,) = grids_from_rulings(hs, vs, spans, 1)
    tall = next(c for c in g.cells if c.col == 0)
    assert (tall.rowspan, tall.text) == (3, "三、本年")
    assert {c.row: c.text for c in g.cells if c.col == 1} == {0: "商业企业", 1: "", 2: "7"}


def test_stitch_joins_a_group_label_cut_by_a_page_break_and_keeps_row_labels_apart():
    hs_a = [_h(0), _h(20, 30, 100), _h(40)]
    vs = lambda y0, y1: [_v(0, y0, y1), _v(30, y0, y1), _v(100, y0, y1)]  # noqa: E731
    a = grids_from_rulings(
        hs_a,
        vs(0, 40),
        [_span("(四)无", 2, 15, 28, 25), _span("1.甲", 35, 5, 60, 15), _span("2.乙", 35, 25, 60, 35)],
        1,
    )[0]
    b = grids_from_rulings(
        [_h(0), _h(20, 30, 100), _h(40)],
        vs(0, 40),
        [_span("法提供", 2, 15, 28, 25), _span("3.丙", 35, 5, 60, 15), _span("4.丁", 35, 25, 60, 35)],
        2,
    )[0]
    g = stitch(a, b)
    assert g is not None and g.n_rows == 4
    group = next(c for c in g.cells if c.col == 0)
    assert (group.text, group.rowspan) == ("(四)无法提供", 4)
    assert [c.text for c in g.cells if c.col == 1] == ["1.甲", "2.乙", "3.丙", "4.丁"]
    narrow = grids_from_rulings([_h(0), _h(40)], [_v(0, 0, 40), _v(50, 0, 40)], [], 2)[0]
    assert stitch(a, narrow) is None  # other columns: two tables


@pytest.mark.parametrize("typo_row", [True, False])
def test_t3_label_typo_is_placed_only_between_its_neighbours(typo_row):
    """`2.其他法律行政止公开` is read as denied_law_prohibited only when numbered 2. between rows 1. and 3."""
    from extract.document import Document, Grid, GridCell, SourceFormat
    from extract.gridrows import append_grid
    from extract.parse import analyse_document
    from extract.record import new_record
    from tests.conftest import SAMPLES  # noqa: F401  (the fixture module sets the seeds path)

    label = "2.其他法律行政止公开" if typo_row else "9.其他法律行政止公开"
    rows = [
        ["一、本年新收政府信息公开申请数量", "5", "0", "0", "0", "0", "0", "5"],
        ["(三)不予公开", "1.属于国家秘密", "1", "0", "0", "0", "0", "0", "1"],
        ["(三)不予公开", label, "2", "0", "0", "0", "0", "0", "2"],
        ["(三)不予公开", "3.危及“三安全一稳定”", "3", "0", "0", "0", "0", "0", "3"],
    ]
    cells = []
    for r, row in enumerate(rows):
        if len(row) == 8:
            cells.append(GridCell(row[0], r, 0, 1, 2))
            cells += [GridCell(t, r, c + 2) for c, t in enumerate(row[1:])]
        else:
            cells += [GridCell(t, r, c) for c, t in enumerate(row)]
    doc = Document(SourceFormat.PDF, ["三、收到和处理政府信息公开申请情况"])
    append_grid(doc, Grid(cells, len(rows), 9))
    rec = new_record("x.pdf", b"x")
    analyse_document(rec, doc)
    got = rec["t3"].get("denied_law_prohibited")
    assert got == ([2, 0, 0, 0, 0, 0, 2] if typo_row else [None] * 7)
    placed = [i for i in rec["issues"] if i["code"] == "label_placed_by_order"]
    assert bool(placed) is typo_row
