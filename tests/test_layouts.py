"""Hand-typed fixtures in every layout beyond the seeds, both templates, parsed exactly.

Fixtures and golden files come from tests/fixtures/layouts/make_fixtures.py, which types each
report out from declared values (not through the parser): markdown (an OCR dump with `<br>` in
headers), tsv (a spreadsheet export dropping trailing empty cells, a full-width digit),
pdf_layout (pdftotext -layout: wrapped labels, `- 3 -` and form feeds inside table 三, table 四
headers stacked one character per line, its 15 values on one line) and html (rowspan/colspan,
`&nbsp;` and `<o:p>` blanks that must stay null, `<br>` headers, one `<span>` per character,
a layout table around the content, page chrome with pipes).
"""

from __future__ import annotations

import json

import pytest

from extract.html import html_to_lines
from extract.tables import read_tables
from tests.conftest import FIXTURES, GOLDEN

LAYOUT_DIR = FIXTURES / "layouts"
CASES = sorted(p.stem for p in (GOLDEN / "layouts").glob("*.json"))


def parse_fixture(stem: str) -> dict:
    path = next(p for p in LAYOUT_DIR.glob(f"{stem}.*") if p.suffix != ".py")
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        return read_tables(html_to_lines(text), source_layout="html")
    return read_tables(text.splitlines())


@pytest.fixture(scope="module", params=CASES)
def case(request):
    stem = request.param
    return stem, parse_fixture(stem), json.loads((GOLDEN / "layouts" / f"{stem}.json").read_text("utf-8"))


def test_there_is_a_fixture_per_layout_and_template():
    assert len(CASES) == 8
    assert {c.rsplit("_", 1)[1] for c in CASES} == {"v2019", "v2021"}


@pytest.mark.parametrize("field", ["layout", "template", "t2", "t3", "t4"])
def test_fixture_parses_exactly(case, field):
    _, got, want = case
    assert got[field] == want[field]


def test_fixture_has_non_zero_values_in_every_column(case):
    _, _, want = case
    for c in range(7):
        assert any(row[c] for row in want["t3"].values()), c
    assert all(v for v in want["t4"])


def test_fixture_raises_no_placement_issue(case):
    _, got, _ = case
    codes = {i["code"] for i in got["issues"]}
    assert not codes & {
        "misaligned_row",
        "column_count_mismatch",
        "missing_row",
        "missing_table",
        "mixed_template",
        "non_integer",
        "negative",
    }


def test_fixture_tables_are_present_with_values(case):
    _, got, _ = case
    assert got["table_status"] == {"t2": "has_values", "t3": "has_values", "t4": "has_values"}


def test_v2019_signed_changes_and_procurement_unit():
    got = parse_fixture("markdown_v2019")
    cells = {c["key"]: c for c in got["cells"]}
    assert cells["t2.other_mgmt_services.change"]["value"] == -2
    assert cells["t2.admin_license.change"]["raw"] == "+5"
    amount = cells["t2.central_procurement.amount"]
    assert (amount["value"], amount["unit"], amount["unit_raw"]) == (25.1, "万元", "元")
    assert "unit_in_cell" in amount["flags"]


def test_v2021_thousands_separator_and_decimal_fee():
    got = parse_fixture("pdf_layout_v2021")
    cells = {c["key"]: c for c in got["cells"]}
    assert cells["t2.admin_license.decisions"]["flags"] == ["thousands_sep"]
    assert cells["t2.admin_fees.amount"]["value"] == 4068.208
    assert cells["t2.admin_fees.amount"]["unit"] == "万元"


def test_html_blank_cells_are_null_with_blank_flag():
    got = parse_fixture("html_v2019")
    assert got["cell_flags"]["t3.granted.total"] == ["blank"]
    assert got["t3"]["granted"][6] is None


def test_cells_carry_lines_of_the_source():
    got = parse_fixture("tsv_v2021")
    lines = (LAYOUT_DIR / "tsv_v2021.tsv").read_text("utf-8").splitlines()
    for cell in got["cells"]:
        if cell["raw"]:
            assert cell["raw"] in lines[cell["line"] - 1].replace("１", "1") or cell["raw"] == "１"
