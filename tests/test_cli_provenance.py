"""`ogi extract --provenance`: one JSON line per cell saying where it was read (PDF page/box, HTML line)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from extract.parse import parse_file
from extract.provenance import PROVENANCE_FIELDS, cell_provenance
from ogi.cli import app

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _rows(*paths) -> list[dict]:
    res = CliRunner().invoke(app, ["extract", "--provenance", *map(str, paths)])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines()]


def test_provenance_of_an_html_cell_is_the_line_of_its_td():
    path = FIXTURES / "layouts" / "html_v2021.html"
    rows = _rows(path)
    assert rows == cell_provenance(parse_file(path))  # the CLI prints the library's rows, nothing else
    assert all(tuple(r) == PROVENANCE_FIELDS for r in rows)
    row = next(r for r in rows if r["key"] == "t2.admin_license.decisions")
    assert (row["value"], row["raw"], row["page"], row["box"]) == (1234, "1,234", None, None)
    assert (row["line"], row["source"]) == (22, "html:table2/row7/col2")
    assert "1,234" in path.read_text(encoding="utf-8").split("\n")[row["line"] - 1]


def test_provenance_of_a_pdf_cell_is_its_page_and_box(realworld_dir):
    import pypdfium2 as pdfium

    path = realworld_dir / "docs" / "huaian_city_2024.pdf"
    rows = _rows(path)
    row = next(r for r in rows if r["key"] == "t3.unable_not_held.natural_person")
    assert (row["value"], row["page"], row["source"]) == (746, 4, "pdf:page4")
    x0, top, x1, bottom = row["box"]
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[row["page"] - 1]
        h = page.get_size()[1]
        # the box is in top-left page points: the text PDFium finds inside it is the cell's raw text
        text = page.get_textpage().get_text_bounded(x0, h - bottom, x1, h - top)
    finally:
        pdf.close()
    assert "".join(text.split()) == row["raw"] == "746"
