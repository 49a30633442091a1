"""The table parts of the seed ground truth (REPORTS.md §10), read by extract.tables alone.

Same expectations as tests/test_seeds_ground_truth.py for layout, template, t2, t3 and t4, but
independent of decoding, sections and metadata, so a table regression names the table parser.
"""

from __future__ import annotations

import pytest

from extract.tables import read_tables
from tests.conftest import SAMPLES, SEED_NAMES, load_ground_truth


@pytest.fixture(scope="module", params=SEED_NAMES)
def case(request):
    name = request.param
    lines = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return read_tables(lines), load_ground_truth(name)


@pytest.mark.parametrize("field", ["layout", "template", "t2", "t3", "t4"])
def test_seed_tables_match_ground_truth(case, field):
    got, truth = case
    assert got[field] == truth[field]


def test_seed_t3_rows_in_template_order(case):
    got, truth = case
    assert list(got["t3"]) == list(truth["t3"])


def test_seed_tables_raise_no_error_issue(case):
    got, _ = case
    assert [i for i in got["issues"] if i["severity"] == "error"] == []


def test_seed_cells_cover_every_template_cell(case):
    from extract.template import load_template

    got, truth = case
    keys = [c["key"] for c in got["cells"]]
    assert keys == load_template(truth["template"]).cell_keys()


def test_seed_004_blank_is_null_not_zero():
    lines = (SAMPLES / "004_8cf4eacbad86ba13.txt").read_text(encoding="utf-8").splitlines()
    got = read_tables(lines)
    assert got["table_status"] == {"t2": "has_values", "t3": "all_null", "t4": "all_null"}
    assert got["cell_flags"]["t3.granted.total"] == ["blank"]
    assert "t2.admin_license.prev_year_items" not in got["cell_flags"]
    assert got["table_templates"] == {"t2": "v2019", "t3": "v2019", "t4": "v2019"}
