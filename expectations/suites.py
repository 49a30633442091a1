"""The expectation suites: which great-expectations expectation enforces which rule of docs/REPORTS.md §7.

One suite per rule (A1–A6, P1–P9, X1, X2, N1–N4), each validated against that rule's evaluable rule
instances (the rows dbt computes in models/intermediate/checks/). An instance whose row any expectation
of its rule lists in `unexpected_index_list` fails, with the expectation's `finding` as the reason.
The rule catalogue (severity, Chinese and English text) is the seed `template_rules.csv`, so every
expectation's description carries the rule text the reports themselves print.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

# The instance frames, by rule group: the dbt model (schema `intermediate`) each group's rules read.
GROUP_MODELS: dict[str, str] = {
    "balance": "int_checks__balance_instances",
    "plausibility": "int_checks__plausibility_instances",
    "cross_year": "int_checks__cross_year_instances",
    "narrative": "int_checks__narrative_instances",
}

FIRST_REPORT_YEAR = 2019  # the first year reported on the 2019 template (P8)


@dataclass(frozen=True)
class Check:
    """One expectation of one rule: `build(description)` returns the GX expectation.

    `finding` names what a violation means (a short code, stored at the start of the message);
    `scope_key` restricts the expectation to instances of that scope (a GX row condition).
    """

    rule_id: str
    finding: str
    build: Callable[[str, Any], Any]
    scope_key: str | None = None
    note: str = ""


def _gxe():
    from great_expectations import expectations as gxe  # GX is slow to import

    return gxe


def _pair_equal(a: str, b: str) -> Callable[[str, Any], Any]:
    """A == B on every evaluable instance (exact: the rules compare integer counts)."""

    def build(description: str, row_condition: Any) -> Any:
        return _gxe().ExpectColumnPairValuesToBeEqual(
            column_A=a, column_B=b, description=description, row_condition=row_condition
        )

    return build


def _pair_at_least(a: str, b: str, *, or_equal: bool = True) -> Callable[[str, Any], Any]:
    """A >= B (or A > B) on every evaluable instance."""

    def build(description: str, row_condition: Any) -> Any:
        return _gxe().ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=a, column_B=b, or_equal=or_equal, description=description, row_condition=row_condition
        )

    return build


def _between(column: str, low: float | None = None, high: float | None = None) -> Callable[[str, Any], Any]:
    def build(description: str, row_condition: Any) -> Any:
        return _gxe().ExpectColumnValuesToBeBetween(
            column=column, min_value=low, max_value=high, description=description, row_condition=row_condition
        )

    return build


def _not_null(column: str) -> Callable[[str, Any], Any]:
    def build(description: str, row_condition: Any) -> Any:
        return _gxe().ExpectColumnValuesToNotBeNull(
            column=column, description=description, row_condition=row_condition
        )

    return build


def _in_set(column: str, values: list[str]) -> Callable[[str, Any], Any]:
    def build(description: str, row_condition: Any) -> Any:
        return _gxe().ExpectColumnValuesToBeInSet(
            column=column, value_set=values, description=description, row_condition=row_condition
        )

    return build


def balance_checks(rule_id: str, tolerance: float) -> list[Check]:
    """A1–A6: the printed side equals the sum of the parts (§7.2); decimal cells within the tolerance."""
    if tolerance == 0:
        return [Check(rule_id, "imbalance", _pair_equal("observed", "expected"), note="observed == expected")]
    return [
        Check(
            rule_id,
            "imbalance",
            _between("difference", -tolerance, tolerance),
            note=f"|difference| <= {tolerance}",
        ),
        Check(rule_id, "imbalance", _not_null("difference"), note="difference computed"),
    ]


def plausibility_checks(current_year: int | None = None) -> list[Check]:
    """P1–P9 (§7.3): each a bound on the instance's columns."""
    year = current_year or date.today().year
    return [
        Check("P1", "negative_value", _between("n_negative", 0, 0), note="no negative count"),
        Check("P1", "non_integer_value", _between("n_non_integer", 0, 0), note="no fractional count"),
        Check("P2", "negative_value", _between("n_negative", 0, 0), note="no negative count"),
        Check("P2", "non_integer_value", _between("n_non_integer", 0, 0), note="no fractional count"),
        Check("P3", "negative_amount", _between("observed", 0, None), note="amount >= 0"),
        Check(
            "P3",
            "possible_unit_error",
            _pair_at_least("expected", "observed", or_equal=False),
            note="amount < 1000000 万元",
        ),
        Check("P4", "stock_below_flow", _pair_at_least("observed", "expected"), note="in force >= issued"),
        Check("P5", "exceeds_bound", _pair_at_least("expected", "observed"), note="part <= its bound"),
        Check(
            "P6", "suspicious_magnitude", _pair_at_least("expected", "observed"), note="value <= threshold"
        ),
        Check(
            "P7",
            "all_null",
            _in_set("table_status", ["all_zero", "has_values"]),
            note="table not left blank (all_null must not be read as zeros)",
        ),
        Check(
            "P8",
            "report_year_out_of_range",
            _between("observed", FIRST_REPORT_YEAR, year),
            scope_key="report_year",
            note=f"report year in [{FIRST_REPORT_YEAR}, {year}]",
        ),
        Check(
            "P8",
            "publication_before_period_end",
            _pair_at_least("observed", "expected"),
            scope_key="publication_date",
            note="published on or after 1 January of the next year",
        ),
        Check(
            "P8",
            "late_publication",
            _pair_at_least("late_after", "observed"),
            scope_key="publication_date",
            note="published by 31 March of the next year",
        ),
        Check(
            "P9",
            "template_year_mismatch",
            _pair_equal("template_version", "template_expected"),
            note="template meant for the report year",
        ),
    ]


def cross_year_checks() -> list[Check]:
    """X1/X2 (§7.4): last year's closing figures are this year's opening figures."""
    return [
        Check(
            "X1",
            "carry_over_mismatch",
            _pair_equal("observed", "expected"),
            note="this year's carried over == last year's carried forward",
        ),
        Check(
            "X2",
            "item_count_mismatch",
            _pair_equal("observed", "expected"),
            note="this year's previous-year items == last year's items + change",
        ),
    ]


def narrative_checks() -> list[Check]:
    """N1–N4 (§7.5): what the text states agrees with tables 三 and 四."""
    return [
        Check(
            "N1",
            "narrative_count_mismatch",
            _pair_equal("observed", "expected"),
            note="stated count == new received total",
        ),
        Check(
            "N2",
            "narrative_says_none",
            _pair_equal("observed", "expected"),
            note="text says none received: new received row all zero",
        ),
        Check(
            "N3",
            "narrative_fees_mismatch",
            _pair_equal("observed", "expected"),
            note="text says no processing fees: fee-unpaid row total zero",
        ),
        Check(
            "N4",
            "narrative_review_litigation_mismatch",
            _pair_equal("observed", "expected"),
            note="text says no review or litigation: table 四 totals zero",
        ),
    ]


def checks_by_rule(
    balance_tolerance: dict[str, float], current_year: int | None = None
) -> dict[str, list[Check]]:
    """Every rule's expectations, keyed by rule id (balance rules get their terms' tolerance)."""
    checks = [c for r, tol in sorted(balance_tolerance.items()) for c in balance_checks(r, tol)]
    checks += plausibility_checks(current_year) + cross_year_checks() + narrative_checks()
    out: dict[str, list[Check]] = {}
    for c in checks:
        out.setdefault(c.rule_id, []).append(c)
    return out


def description(rule: dict[str, str], check: Check) -> str:
    """The expectation's description: the rule id, its Chinese and English text, and what is asserted."""
    text = f"{rule['rule_id']} {rule['description_zh']} / {rule['description_en']}"
    extra = f" [{check.finding}: {check.note}]" if check.note else f" [{check.finding}]"
    scope = f" (scope {check.scope_key})" if check.scope_key else ""
    return text + scope + extra
