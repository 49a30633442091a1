"""The warehouse says which cells the template's arithmetic read (issue 11): is_rule_resolved on the
facts, and a balance instance computed only from such cells is verification = 'rule_resolved'."""

from __future__ import annotations

import duckdb
import pytest

from tests.test_recover_split import _flat


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    from expectations.runner import run_checks
    from expectations.store import ensure_results_table
    from extract.land import ensure_schema, land
    from ogi.build import dbt_build

    rec = _flat()
    tmp = tmp_path_factory.mktemp("recover")
    wh = tmp / "warehouse.duckdb"
    con = duckdb.connect(str(wh))
    ensure_schema(con)
    ensure_results_table(con)
    land(con, [rec])
    con.close()
    build = dbt_build(wh, quiet=True)
    assert build.success, build.failures
    run_checks(wh, docs_dir=None, quiet=True, refresh_marts=False)
    return wh, rec


def _q(wh, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(wh))
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_facts_mark_the_rule_resolved_cells(warehouse):
    wh, rec = warehouse
    flagged = {c["key"] for c in rec["cells"] if c["table"] == "t3" and "rule_resolved" in (c["flags"] or [])}
    assert flagged  # the fixture does need the rules
    got = _q(wh, "select cell_key from marts.fct_applications where is_rule_resolved order by cell_key")
    assert {k for (k,) in got} == flagged
    t4 = _q(wh, "select count(*) filter (where is_rule_resolved), count(*) from marts.fct_review_litigation")
    assert t4 == [(0, 15)]  # fifteen zeros in fifteen digits: one reading, no rule needed


def test_check_results_do_not_claim_independent_verification(warehouse):
    wh, _ = warehouse
    got = dict(
        _q(
            wh,
            "select scope_key, verification from marts.fct_check_results where rule_id = 'A3' "
            "and scope_key in ('granted', 'carried_over')",
        )
    )
    assert got == {"granted": "rule_resolved", "carried_over": "independent"}
    statuses = {v for (v,) in _q(wh, "select distinct verification from marts.fct_check_results")}
    assert statuses == {"independent", "rule_resolved"}
