"""Tables drawn without rulings: text alignment → Grid (extract/alignment.py), never a value in the
wrong column. On spans made here, on a PDF made here, and on the shared PDFs with their rulings hidden."""

from __future__ import annotations

import json

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from extract.alignment import grids_from_alignment
from extract.document import Box, Span
from extract.gridrows import grid_rows
from extract.readers.pdf import read
from tests.conftest import load_realworld_scorer

H = 10.0  # text height of the spans below


def _word(text: str, x: float, y: float, page: int = 1) -> list[Span]:
    """One span per character, 6 points wide, as a PDF text layer gives them."""
    return [Span(ch, page, Box(x + 6 * k, y, x + 6 * k + 6, y + H)) for k, ch in enumerate(text)]


def _table(rows: list[tuple[str, list[str | None]]], y0: float = 100, step: float = 24) -> list[Span]:
    """A label at x 50 and value columns at x 200, 260, 320 (None: a blank cell, nothing printed)."""
    spans: list[Span] = []
    for r, (label, values) in enumerate(rows):
        y = y0 + r * step
        spans += _word(label, 50, y)
        for k, v in enumerate(values):
            if v is not None:
                spans += _word(v, 200 + 60 * k, y)
    return spans


def _rows(spans):
    grids, issues = grids_from_alignment(spans, 1)
    return [[t for t, _ in cells] for g in grids for cells in grid_rows(g)], issues


def test_rows_by_line_columns_by_aligned_gaps_and_a_blank_keeps_its_column():
    rows, issues = _rows(
        _table([("rules", ["1", "2", "3"]), ("orders", ["4", None, "6"]), ("fees", ["7", "8", "9"])])
    )
    assert rows == [["rules", "1", "2", "3"], ["orders", "4", "", "6"], ["fees", "7", "8", "9"]]
    assert issues == []


def test_a_number_sharing_no_alignment_with_its_column_leaves_its_row_unread_with_an_issue():
    spans = _table([("rules", ["1", "2", "3"]), ("orders", ["4", "5", "6"]), ("fees", ["7", "8", "9"])])
    # x 210..276: overlaps the second column (260..266) but shares neither its edges nor its centre
    spans += _word("12345678901", 210, 100 + 3 * 24)
    spans += _word("total", 50, 100 + 3 * 24)
    rows, issues = _rows(spans)
    assert rows == [["rules", "1", "2", "3"], ["orders", "4", "5", "6"], ["fees", "7", "8", "9"], ["total"]]
    assert [i["code"] for i in issues] == ["ambiguous_columns"]
    assert "'total'" in issues[0]["message"] and "page 1" in issues[0]["message"]


def test_digits_a_word_gap_apart_stay_one_cell_that_reads_as_no_number():
    from extract.values import SPLIT_NUMBER, parse_value

    spans = _table([("rules", ["1", "2", "3"]), ("orders", ["4", "5", "6"]), ("fees", ["7", "8", "9"])])
    spans += _word("total", 50, 100 + 3 * 24)
    spans += _word("1", 200, 100 + 3 * 24) + _word("1", 212, 100 + 3 * 24)  # `1 1`: 11? 1 and 1?
    rows, issues = _rows(spans)
    assert rows[-1] == ["total", "1 1"] and issues == []
    assert parse_value("1 1").value is None and SPLIT_NUMBER in parse_value("1 1").flags


def test_a_wrapped_label_is_one_cell_and_a_vertical_label_one_cell_over_its_rows():
    spans = _table([("alpha", ["1", "2", "3"]), ("beta", ["4", "5", "6"]), ("gamma", ["7", "8", "9"])])
    spans += _word("two", 50, 100 + 24 + 12)  # the second line of `beta`, 2 points below it
    for k, ch in enumerate("VERT"):  # one letter per line at x 20, beside the three rows
        spans += _word(ch, 20, 100 + 14 * k)
    rows, _ = _rows(spans)
    assert rows == [
        ["VERT", "alpha", "1", "2", "3"],
        ["VERT", "betatwo", "4", "5", "6"],
        ["VERT", "gamma", "7", "8", "9"],
    ]


def test_running_text_and_headings_are_not_tables():
    spans = _word("In 2023 the office received 71 applications and answered all of them in time.", 50, 60)
    spans += _table([("a", ["1", "2"]), ("b", ["3", "4"])])  # two value rows: too few for a table
    assert _rows(spans) == ([], [])


# ---------------------------------------------------------------- a PDF made here


def _text(pdf, page, x, y, s):
    font = pdfium_c.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, font, 10.0)
    ws = (s + "\x00").encode("utf-16-le")
    buf = (pdfium_c.FPDF_WCHAR * (len(ws) // 2)).from_buffer_copy(ws)
    pdfium_c.FPDFText_SetText(obj, buf)
    pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
    pdfium_c.FPDFPage_InsertObject(page.raw, obj)


def test_an_unruled_pdf_table_becomes_a_grid_with_boxes(tmp_path):
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    _text(pdf, page, 72, 780, "Annual report")
    for r, (label, values) in enumerate(
        [("rules", ["12", "3", "40"]), ("orders", ["5", "", "7"]), ("fees", ["8", "9", "10"])]
    ):
        y = 700 - 24 * r
        _text(pdf, page, 72, y, label)
        for k, v in enumerate(values):
            if v:
                _text(pdf, page, 250 + 60 * k, y, v)
    page.gen_content()
    path = tmp_path / "unruled.pdf"
    pdf.save(str(path))
    pdf.close()
    doc = read(path.read_bytes())
    (grid,) = doc.grids
    assert [[t for t, _ in cells] for cells in grid_rows(grid)] == [
        ["rules", "12", "3", "40"],
        ["orders", "5", "", "7"],
        ["fees", "8", "9", "10"],
    ]
    assert doc.lines[0] == "Annual report"
    assert [i["code"] for i in doc.issues] == ["unruled_table"]
    cell = next(c for c in grid.cells if c.text == "40")
    assert cell.page == 1 and 369 < cell.box.x0 < cell.box.x1 < 383 and 130 < cell.box.top < 145


# ---------------------------------------------------------------- the shared PDFs, rulings hidden


def _without_rulings(src, dst) -> None:
    """The PDF with every path object removed: the same text, no ruling lines."""
    pdf = pdfium.PdfDocument(str(src))
    try:
        for k in range(len(pdf)):
            page = pdf[k]
            raw = page.raw
            objs = [pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw))]
            for obj in objs:
                if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_PATH:
                    pdfium_c.FPDFPage_RemoveObject(raw, obj)
                    pdfium_c.FPDFPageObj_Destroy(obj)
            pdfium_c.FPDFPage_GenerateContent(raw)
            page.close()
        pdf.save(str(dst))
    finally:
        pdf.close()


@pytest.mark.parametrize(
    "name", ["huaian_city_2024.pdf", "hongze_district_2023.pdf", "hongze_district_2024.pdf"]
)
def test_shared_pdfs_without_rulings_read_by_alignment_never_wrong(realworld_dir, tmp_path, name):
    from extract.parse import parse_file

    dst = tmp_path / name
    _without_rulings(realworld_dir / "docs" / name, dst)
    doc = read(dst.read_bytes())
    assert doc.grids and "unruled_table" in {i["code"] for i in doc.issues}
    rec = parse_file(dst)
    truth = json.loads((realworld_dir / "truth" / f"{name[:-4]}.json").read_text(encoding="utf-8"))
    s = load_realworld_scorer().score_record(rec, truth)
    assert s["counts"]["wrong"] == 0, s["wrong"]
    assert s["counts"]["exact"] == s["counts"]["scored"], s["abstained"]
    cell = next(c for c in rec["cells"] if c["value"] is not None and c["key"].startswith("t3."))
    assert cell["page"] and cell["x0"] is not None and cell["source"].startswith("pdf:page")


def test_characters_stacked_in_one_line_read_top_to_bottom():
    from extract.alignment import chunks_of

    # a vertical label's characters clustered into a row's line: 度 is a hair left of 年 but below it
    line = [
        Span("度", 1, Box(90.90, 646, 99.9, 656)),
        Span("年", 1, Box(90.92, 636, 100.0, 646)),
        Span("7", 1, Box(200, 640, 206, 650)),
    ]
    assert [c.text for c in chunks_of(line)] == ["年度", "7"]


def test_a_failing_alignment_costs_the_page_nothing_but_its_grid(monkeypatch, tmp_path):
    import extract.readers.pdf as pdf_reader

    def broken(spans, page):
        raise ValueError("boom")

    monkeypatch.setattr(pdf_reader, "grids_from_alignment", broken)
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    _text(pdf, page, 72, 780, "Annual report")
    page.gen_content()
    path = tmp_path / "p.pdf"
    pdf.save(str(path))
    pdf.close()
    doc = read(path.read_bytes())
    assert doc.lines == ["Annual report"] and not doc.grids
    assert [i["code"] for i in doc.issues] == ["unruled_table_failed"] and "boom" in doc.issues[0]["message"]
