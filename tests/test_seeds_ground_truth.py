"""Golden-file test: every field of shared/spec/ground_truth for the five bundled seeds, field by field."""

from __future__ import annotations

import pytest

from extract.parse import parse_file
from tests.conftest import SAMPLES, SEED_NAMES, load_ground_truth


@pytest.fixture(scope="module", params=SEED_NAMES)
def case(request):
    name = request.param
    return parse_file(SAMPLES / f"{name}.txt"), load_ground_truth(name)


@pytest.mark.parametrize("field", ["layout", "template", "report_year", "publication_date"])
def test_scalar_fields(case, field):
    rec, truth = case
    assert rec[field] == truth[field]


def test_agency_name_is_the_name_or_an_alias(case):
    rec, truth = case
    accepted = {truth["agency_name"], *truth["agency_aliases"]}
    assert rec["agency_name"] in accepted


def test_agency_level(case):
    rec, truth = case
    assert rec["agency_level"] == truth["agency_level"]


@pytest.mark.parametrize("level", ["province", "city", "county", "township"])
def test_region_levels_supported_by_the_text(case, level):
    rec, truth = case
    assert rec["region"][level] == truth["region"][level]


def test_report_is_a_report_without_errors(case):
    rec, _ = case
    assert rec["is_report"] is True
    assert rec["status"] == "parsed", [i for i in rec["issues"] if i["severity"] == "error"]


def test_table_2_cells(case):
    rec, truth = case
    assert rec["t2"] == truth["t2"]


def test_table_3_cells(case):
    rec, truth = case
    assert list(rec["t3"]) == list(truth["t3"])  # template order, no group rows
    for row, values in truth["t3"].items():
        assert rec["t3"][row] == values, row


def test_table_4_cells(case):
    rec, truth = case
    assert rec["t4"] == truth["t4"]
