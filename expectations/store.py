"""The check-results table: one row per report × rule × scope, written by `ogi check`."""

from __future__ import annotations

import duckdb

RESULTS_TABLE = "raw.check_results"

# status: pass | fail | skip | incomplete (docs/REPORTS.md §7.1); severity: error | warning | info.
# observed = the printed side of the rule (left-hand side, e.g. the 总计 cell); expected = what the
# other side sums to; difference = observed - expected.
RESULTS_COLUMNS: list[tuple[str, str]] = [
    ("doc_id", "varchar"),
    ("rule_id", "varchar"),
    ("rule_group", "varchar"),
    ("severity", "varchar"),
    ("scope_kind", "varchar"),  # column | row | none | cell | table | document
    ("scope_key", "varchar"),  # e.g. natural_person, granted, t4, t2.admin_fees.amount
    ("status", "varchar"),
    ("observed", "double"),
    ("expected", "double"),
    ("difference", "double"),
    ("message", "varchar"),
    ("template_version", "varchar"),
    ("related_doc_id", "varchar"),  # X1/X2: last year's report
    ("run_id", "varchar"),
    ("checked_at", "timestamptz"),
]


def ensure_results_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create `raw.check_results` if missing, so dbt can build marts before the first check."""
    con.execute("create schema if not exists raw")
    ddl = ", ".join(f"{n} {t}" for n, t in RESULTS_COLUMNS)
    con.execute(f"create table if not exists {RESULTS_TABLE} ({ddl})")
