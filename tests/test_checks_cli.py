"""End to end through the CLI: `ogi ingest` the seeds and the broken report texts → `ogi build` → `ogi check`.

The fixtures in tests/fixtures/checks/ are real report text (seed 001's pipe_rows layout with other
agencies, years and numbers), so these tests prove the whole path: parser → raw tables → dbt rule
instances → great-expectations → `raw.check_results` → the marts.
"""

from __future__ import annotations

import duckdb
import pytest
from typer.testing import CliRunner

from ogi.cli import app
from tests.conftest import FIXTURES, SAMPLES, SEED_NAMES

runner = CliRunner()
CHECK_FIXTURES = FIXTURES / "checks"
TEXTS = sorted(CHECK_FIXTURES.glob("*.txt"))
A_RULES = ("A1", "A2", "A3", "A4", "A5", "A6")


@pytest.fixture(scope="module")
def warehouse_checked(tmp_path_factory):
    """Ingest, build and check once; returns the warehouse and the `ogi check` output."""
    wh = tmp_path_factory.mktemp("e2e") / "warehouse.duckdb"
    files = [str(p) for p in sorted(SAMPLES.glob("*.txt")) + TEXTS]
    res = runner.invoke(app, ["-q", "-w", str(wh), "ingest", *files])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["-q", "-w", str(wh), "build"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["-q", "-w", str(wh), "check"])
    assert res.exit_code == 0, res.output  # failing reports are findings, not errors
    return wh, res.output


def query(wh, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(wh))
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def doc_of(wh, source_file: str) -> str:
    return query(wh, "select doc_id from raw.documents where source_file = ?", [source_file])[0][0]


def test_seeds_pass_or_skip_every_balance_rule(warehouse_checked):
    wh, _ = warehouse_checked
    got = dict(
        query(
            wh,
            "select d.source_file, list(distinct c.status order by c.status) from raw.check_results c "
            "join raw.documents d using (doc_id) where c.rule_group = 'balance' and d.source_file like '00%' "
            "group by 1",
        )
    )
    assert got == {f"{n}.txt": (["skip"] if n.startswith("004") else ["pass"]) for n in SEED_NAMES}


def test_imbalance_text_fails_exactly_a1_a3_a4_with_numbers(warehouse_checked):
    wh, _ = warehouse_checked
    doc = doc_of(wh, "checks_imbalance_2023.txt")
    got = query(
        wh,
        "select rule_id, scope_key, expected, observed, difference from raw.check_results "
        "where doc_id = ? and status <> 'pass' and rule_group = 'balance' order by rule_id",
        [doc],
    )
    assert got == [
        ("A1", "total", 14.0, 15.0, 1.0),
        ("A3", "new_received", 13.0, 14.0, 1.0),
        ("A4", "t4", 2.0, 3.0, 1.0),
    ]


def test_blank_total_text_is_incomplete(warehouse_checked):
    wh, _ = warehouse_checked
    doc = doc_of(wh, "checks_blank_total_2023.txt")
    got = query(
        wh,
        "select rule_id, scope_key, status from raw.check_results "
        "where doc_id = ? and status <> 'pass' and rule_group = 'balance'",
        [doc],
    )
    assert got == [("A4", "t4", "incomplete")]


def test_carry_over_texts_give_the_x1_warning(warehouse_checked):
    wh, _ = warehouse_checked
    this_year, last_year = doc_of(wh, "checks_carryover_2023.txt"), doc_of(wh, "checks_carryover_2022.txt")
    got = query(
        wh,
        "select scope_key, severity, expected, observed, related_doc_id from raw.check_results "
        "where doc_id = ? and rule_id = 'X1' and status = 'fail' order by scope_key",
        [this_year],
    )
    assert got == [
        ("natural_person", "warning", 2.0, 3.0, last_year),
        ("total", "warning", 2.0, 3.0, last_year),
    ]


def test_narrative_counts_agree_in_the_fixtures_and_seed_003(warehouse_checked):
    wh, _ = warehouse_checked
    got = query(wh, "select status, count(*) from raw.check_results where rule_id = 'N1' group by 1")
    assert dict(got) == {"pass": 5}  # four fixtures and seed 003 (受理依申请公开22件)


def test_check_prints_rule_counts_and_failing_reports(warehouse_checked):
    _, output = warehouse_checked
    assert "check results" in output and "failing checks" in output
    assert "包头市昆都仑" in output and "imbalance" in output and "carry_ov" in output
    for rule in ("A1", "P9", "X1", "N2"):
        assert rule in output


def test_results_reach_the_marts(warehouse_checked):
    wh, _ = warehouse_checked
    doc = doc_of(wh, "checks_imbalance_2023.txt")
    fct = query(
        wh,
        "select count(*) from marts.fct_check_results where document_id = ? and check_status = 'fail'",
        [doc],
    )
    assert fct[0][0] >= 3
    breaks = query(
        wh,
        "select agency_name, report_year, rule_id, scope_label_zh from marts.mart_balance_breaks "
        "where document_id = ? order by rule_id",
        [doc],
    )
    assert breaks == [
        ("包头市昆都仑区和平道街道办事处", 2023, "A1", "总计"),
        ("包头市昆都仑区和平道街道办事处", 2023, "A3", "一、本年新收政府信息公开申请数量"),
        ("包头市昆都仑区和平道街道办事处", 2023, "A4", "行政复议"),
    ]


def test_agency_year_mart_counts_failed_checks(warehouse_checked):
    wh, _ = warehouse_checked
    doc = doc_of(wh, "checks_imbalance_2023.txt")
    con = duckdb.connect(str(wh))
    try:
        cols = {r[0] for r in con.execute("describe marts.mart_agency_year").fetchall()}
        if "failed_error_check_count" not in cols:
            pytest.skip("mart_agency_year has no check counts yet")
        (n,) = con.execute(
            "select failed_error_check_count from marts.mart_agency_year where document_id = ?", [doc]
        ).fetchone()
    finally:
        con.close()
    assert n == 3


def test_fail_on_error_exits_1_and_rerun_replaces_rows(warehouse_checked):
    wh, _ = warehouse_checked
    before = query(wh, "select count(*), any_value(run_id) from raw.check_results")[0]
    res = runner.invoke(app, ["-q", "-w", str(wh), "check", "--fail-on", "error"])
    assert res.exit_code == 1, res.output
    after = query(wh, "select count(*), count(distinct run_id), any_value(run_id) from raw.check_results")[0]
    assert after[0] == before[0] and after[1] == 1 and after[2] != before[1]


def test_check_without_a_build_says_so(tmp_path):
    wh = tmp_path / "empty.duckdb"
    res = runner.invoke(app, ["-q", "-w", str(wh), "check"])
    assert res.exit_code == 2
    assert "ogi build" in res.output or "ogi ingest" in res.output


def test_fail_on_rejects_unknown_values(tmp_path):
    res = runner.invoke(app, ["-w", str(tmp_path / "w.duckdb"), "check", "--fail-on", "warning"])
    assert res.exit_code == 2


def test_check_points_to_the_site_and_writes_data_docs_only_when_asked(warehouse_checked):
    """People read broken rules on the site's 勾稽关系 page (offline); GX's Data Docs, whose pages load
    scripts from public CDNs, are written only with --data-docs. The results stay in the warehouse."""
    wh, output = warehouse_checked
    assert "broken.html" in output.replace("\n", "")
    from ogi.config import docs_dir

    docs = docs_dir(wh)
    assert not (docs / "index.html").exists()
    assert query(wh, "select count(*) from raw.check_results")[0][0] > 0
    res = runner.invoke(app, ["-q", "-w", str(wh), "check", "--data-docs"])
    assert res.exit_code == 0, res.output
    assert (docs / "index.html").is_file()
    assert "Data Docs:" in res.output
