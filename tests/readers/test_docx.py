"""The DOCX reader on small documents made here with python-docx: merged cells, order, bad files."""

from __future__ import annotations

import io

import docx

from extract.parse import parse_bytes
from extract.readers.docx import read


def _docx(build) -> bytes:
    d = docx.Document()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _merged(d):
    d.add_paragraph("标题")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "第二十条第（一）项"  # gridSpan 3
    t.cell(1, 0).merge(t.cell(2, 0)).text = "组"  # vMerge restart / continue
    t.cell(1, 1).text, t.cell(1, 2).text = "甲", "1"
    t.cell(2, 1).text, t.cell(2, 2).text = "乙", ""
    d.add_paragraph("之后")


def test_gridspan_and_vmerge_become_spans_and_tables_sit_among_paragraphs():
    doc = read(_docx(_merged))
    (g,) = doc.grids
    assert (g.n_rows, g.n_cols) == (3, 3)
    spans = {(c.row, c.col): (c.rowspan, c.colspan, c.text) for c in g.cells}
    assert spans == {
        (0, 0): (1, 3, "第二十条第（一）项"),
        (1, 0): (2, 1, "组"),
        (1, 1): (1, 1, "甲"),
        (1, 2): (1, 1, "1"),
        (2, 1): (1, 1, "乙"),
        (2, 2): (1, 1, ""),
    }
    assert doc.lines == [
        "标题",
        "第二十条第（一）项 | 第二十条第（一）项 | 第二十条第（一）项 |",
        "组 | 甲 | 1 |",
        "组 | 乙 |",
        "之后",
    ]
    assert next(c for c in g.cells if c.text == "1").source == "docx:table1/row2/col3"


def test_layout_table_holding_a_table_is_read_through():
    def build(d):
        outer = d.add_table(rows=1, cols=1)
        cell = outer.cell(0, 0)
        cell.paragraphs[0].text = "前言"
        inner = cell.add_table(rows=1, cols=2)
        inner.cell(0, 0).text, inner.cell(0, 1).text = "规章", "3"

    doc = read(_docx(build))
    assert doc.lines == ["前言", "规章 | 3 |"]
    assert len(doc.grids) == 1


def test_corrupt_docx_is_named_not_raised():
    data = _docx(_merged)
    broken = data.replace(b"word/document.xml", b"word/documenX.xml")
    rec = parse_bytes(broken, "x.docx")
    assert rec["status"] == "failed" and rec["source_format"] in ("docx", "unknown")
    assert rec["issues"] and "x.docx" in rec["issues"][0]["message"]
