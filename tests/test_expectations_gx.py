"""The GX layer on its own: each rule's suite really fails on bad rows, and only on them.

No warehouse and no dbt: small pandas frames shaped like the rule-instance models go straight to
`GxSession.validate_rule`, so a suite that silently passes everything (as GX's SQL datasource over
duckdb-engine does, GX #11579) is caught here in seconds.
"""

from __future__ import annotations

import pandas as pd
import pytest

from expectations.suites import checks_by_rule, description
from extract.template import load_rules

RULES = {r["rule_id"]: r for r in load_rules()}
BALANCE = [r for r, s in RULES.items() if s["rule_group"] == "balance"]


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    from expectations.gx_runner import GxSession

    return GxSession(tmp_path_factory.mktemp("docs"))


@pytest.fixture(scope="module")
def checks():
    return checks_by_rule(dict.fromkeys(BALANCE, 0.0), current_year=2025)


def test_every_catalogued_rule_has_a_suite(checks):
    assert set(RULES) <= set(checks)


def test_descriptions_carry_the_chinese_and_english_rule_text(checks):
    (a1,) = checks["A1"]
    text = description(RULES["A1"], a1)
    assert text.startswith("A1 每列：一、本年新收") and "new received + carried over" in text


def test_balance_suite_flags_exactly_the_unequal_rows(session, checks):
    frame = pd.DataFrame(
        {"observed": [15.0, 14.0, 0.0, 3.0], "expected": [14.0, 14.0, 0.0, 2.0]}, index=[101, 102, 103, 104]
    )
    frame["difference"] = frame["observed"] - frame["expected"]
    outcome = session.validate_rule("balance", RULES["A1"], checks["A1"], frame)
    assert not outcome.success
    assert outcome.findings == {101: ["imbalance"], 104: ["imbalance"]}


def test_balance_suite_passes_a_balanced_frame(session, checks):
    frame = pd.DataFrame({"observed": [1.0, 2.0], "expected": [1.0, 2.0], "difference": [0.0, 0.0]})
    outcome = session.validate_rule("balance", RULES["A2"], checks["A2"], frame)
    assert outcome.success and outcome.findings == {}


def test_p8_expectations_apply_to_their_own_scope_only(session, checks):
    frame = pd.DataFrame(
        {
            "scope_key": [
                "report_year",
                "report_year",
                "publication_date",
                "publication_date",
                "publication_date",
            ],
            "observed": [2024.0, 2031.0, 20250122.0, 20240101.0, 20250610.0],
            "expected": [None, None, 20250101.0, 20250101.0, 20250101.0],
            "late_after": [None, None, 20250331.0, 20250331.0, 20250331.0],
        },
        index=[1, 2, 3, 4, 5],
    )
    outcome = session.validate_rule("plausibility", RULES["P8"], checks["P8"], frame)
    assert outcome.findings == {
        2: ["report_year_out_of_range"],
        4: ["publication_before_period_end"],
        5: ["late_publication"],
    }


def test_p7_flags_blank_tables(session, checks):
    frame = pd.DataFrame({"table_status": ["all_zero", "all_null", "has_values"]}, index=[7, 8, 9])
    outcome = session.validate_rule("plausibility", RULES["P7"], checks["P7"], frame)
    assert outcome.findings == {8: ["all_null"]}


def test_p3_negative_and_unit_error(session, checks):
    frame = pd.DataFrame({"observed": [10.5, -1.0, 2500000.0], "expected": [1e6, 1e6, 1e6]}, index=[1, 2, 3])
    outcome = session.validate_rule("plausibility", RULES["P3"], checks["P3"], frame)
    assert outcome.findings == {2: ["negative_amount"], 3: ["possible_unit_error"]}


def test_decimal_tolerance_compares_within_half_a_thousandth(session):
    decimal_checks = checks_by_rule({"A1": 0.0005}, current_year=2025)["A1"]
    frame = pd.DataFrame({"observed": [1.0004, 1.001], "expected": [1.0, 1.0]}, index=[1, 2])
    frame["difference"] = frame["observed"] - frame["expected"]
    outcome = session.validate_rule("balance", RULES["A1"] | {"rule_id": "A1"}, decimal_checks, frame)
    assert outcome.findings == {2: ["imbalance"]}
