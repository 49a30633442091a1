"""The rules on records with pinned values: seeds, the broken fixtures and rule-specific breakages.

Records are landed with `record_from_values` (no parser involved), the warehouse is built once with dbt,
and the checks run once; every test then reads `raw.check_results`. A failing expectation must really
fail, so each breakage here asserts the exact rule, scope, status and numbers.
"""

from __future__ import annotations

import copy
import json

import duckdb
import pytest

from extract.template import load_rules
from tests.conftest import FIXTURES, SEED_NAMES, load_ground_truth, record_from_values

CHECK_FIXTURES = FIXTURES / "checks"
A_RULES = ["A1", "A2", "A3", "A4", "A5", "A6"]


def fixture_truth(name: str) -> dict:
    return json.loads((CHECK_FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def _variant(base: dict, **changes) -> dict:
    t = copy.deepcopy(base)
    for k, v in changes.items():
        t[k] = v
    return t


def _records() -> list[dict]:
    recs = [record_from_values(load_ground_truth(n), n) for n in SEED_NAMES]
    for name in ("checks_imbalance_2023", "checks_blank_total_2023", "checks_carryover_2022",
                 "checks_carryover_2023"):  # fmt: skip
        recs.append(record_from_values(fixture_truth(name), name))

    balanced = fixture_truth("checks_blank_total_2023")
    balanced["t4"][4] = 2  # the blank_total fixture with its total restored: fully balanced
    balanced["agency_name"], balanced["agency_aliases"] = "测试市平衡局", []

    # （七）总计 of the 总计 column blank while its leaves are filled: A2/A3 incomplete, A1 incomplete too.
    blank_t3 = copy.deepcopy(balanced)
    blank_t3["agency_name"] = "测试市空白局"
    blank_t3["t3"]["results_total"][6] = None
    recs.append(record_from_values(blank_t3, "rec_blank_results_total"))

    # A row the parser could not place (flag misaligned, values null): unknown, so incomplete, never fail.
    misaligned = record_from_values(_variant(balanced, agency_name="测试市错位局"), "rec_misaligned")
    for cell in misaligned["cells"]:
        if cell["key"].startswith("t3.new_received."):
            cell["value"], cell["flags"] = None, ["misaligned"]
    recs.append(misaligned)

    # Plausibility breakages, one per rule.
    bad = copy.deepcopy(balanced)
    bad["agency_name"] = "测试市异常局"
    bad["t3"]["denied_state_secret"] = [-1, 0, 0, 0, 0, 0, -1]  # P1 negative (balances stay intact)
    bad["t3"]["granted"] = [5, 1, 0, 0, 0, 0.5, 6.5]  # P1 fractional (A2/A3 of the other column break)
    bad["t2"]["admin_fees"]["amount"] = 2500000  # P3 possible unit error
    bad["t2"]["normative_docs"] = {"issued": 7, "repealed": 0, "in_force": 5}  # P4
    bad["t2"]["admin_license"]["decisions"] = 200000000  # P6 t2 count
    bad["publication_date"] = "2024-06-10"  # P8 late for a 2023 report
    recs.append(record_from_values(bad, "rec_plausibility"))

    # P5: a leaf above （七）总计 in one column (A2 breaks too); carried forward above what was available.
    p5 = copy.deepcopy(balanced)
    p5["agency_name"] = "测试市超限局"
    p5["t3"]["granted"][1] = 5  # 商业企业: granted 5 > results_total 2
    p5["t3"]["carried_forward"][4] = 3  # 法律服务机构: 3 > 1 + 0
    recs.append(record_from_values(p5, "rec_p5"))

    # P8/P9: a v2021 report for 2020 published before the period ended.
    early = copy.deepcopy(balanced)
    early |= {"agency_name": "测试市早发局", "report_year": 2020, "publication_date": "2020-12-01"}
    recs.append(record_from_values(early, "rec_p9_early"))

    # Narrative: the text says 22 applications but the table says 13 (N1); "none" with 13 received (N2).
    n1 = _variant(
        balanced,
        agency_name="测试市叙述局",
        narrative=[{"key": "applications_received", "value": 22, "raw": "共受理依申请公开22件", "line": 7}],
    )
    n2 = _variant(
        balanced,
        agency_name="测试市未收局",
        narrative=[
            {"key": "no_applications_received", "value": 1, "raw": "未收到政府信息公开申请", "line": 7}
        ],
    )
    recs += [record_from_values(n1, "rec_n1"), record_from_values(n2, "rec_n2")]
    seed003 = record_from_values(load_ground_truth(SEED_NAMES[3]), "rec_seed003_narrative")
    seed003["narrative"] = [{"key": "applications_received", "value": 22, "raw": "目前共受理依申请公开22件"}]
    seed003["agency_name"] = "测试市安定对照"
    recs.append(seed003)

    # X2: one v2019 agency in 2019 and 2020; 2020's 上一年项目数量 of 行政许可 is not 2019's items + change.
    v2019 = load_ground_truth(SEED_NAMES[4])
    y2019 = _variant(v2019, agency_name="测试县审批局", report_year=2019, agency_aliases=[])
    y2019["t2"]["admin_license"] = {"prev_year_items": 76, "change": -3, "decisions": 10}
    y2020 = _variant(v2019, agency_name="测试县审批局", report_year=2020, agency_aliases=[])
    y2020["t2"]["admin_license"] = {"prev_year_items": 76, "change": 0, "decisions": 12}
    recs += [record_from_values(y2019, "rec_x2_2019"), record_from_values(y2020, "rec_x2_2020")]
    return recs


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """A warehouse with every record above, built by dbt and checked once."""
    from expectations.runner import run_checks
    from expectations.store import ensure_results_table
    from extract.land import ensure_schema, land
    from ogi.build import dbt_build

    tmp = tmp_path_factory.mktemp("checks")
    wh = tmp / "warehouse.duckdb"
    con = duckdb.connect(str(wh))
    ensure_schema(con)
    ensure_results_table(con)
    land(con, _records())
    con.close()
    build = dbt_build(wh, quiet=True)
    assert build.success, build.failures
    summary = run_checks(wh, docs_dir=tmp / "docs", quiet=True, refresh_marts=False)
    return wh, summary, tmp / "docs"


def rows(checked, where: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(checked[0]))
    try:
        return con.execute(
            "select doc_id, rule_id, scope_key, status, expected, observed, difference, message "
            f"from raw.check_results where {where} order by doc_id, rule_id, scope_key",
            params or [],
        ).fetchall()
    finally:
        con.close()


def statuses(checked, doc_id: str, rule_ids: list[str]) -> dict[tuple[str, str], str]:
    marks = ", ".join("?" for _ in rule_ids)
    got = rows(checked, f"doc_id = ? and rule_id in ({marks})", [doc_id, *rule_ids])
    return {(r[1], r[2]): r[3] for r in got}


def failures(checked, doc_id: str, group: str | None = None) -> list[tuple]:
    cond = "doc_id = ? and status = 'fail'" + (" and rule_group = ?" if group else "")
    got = rows(checked, cond, [doc_id, group] if group else [doc_id])
    return [(r[1], r[2], r[4], r[5]) for r in got]  # rule, scope, expected, observed


# ---------------------------------------------------------------- seeds


@pytest.mark.parametrize("seed", SEED_NAMES[:4])
def test_seeds_000_to_003_pass_every_balance_rule(checked, seed):
    got = statuses(checked, seed, A_RULES)
    assert len(got) == 7 + 7 + 25 + 3
    assert set(got.values()) == {"pass"}


def test_seed_004_is_skip_for_every_balance_rule_not_pass(checked):
    got = statuses(checked, SEED_NAMES[4], A_RULES)
    assert len(got) == 7 + 7 + 23 + 3  # v2019: 23 data rows
    assert set(got.values()) == {"skip"}


def test_seed_004_publication_before_period_end_and_blank_tables(checked):
    got = rows(checked, "doc_id = ? and status = 'fail'", [SEED_NAMES[4]])
    assert [(r[1], r[2]) for r in got] == [("P7", "t3"), ("P7", "t4"), ("P8", "publication_date")]
    assert got[2][7].startswith("publication_before_period_end")


@pytest.mark.parametrize("seed", SEED_NAMES[:4])
def test_seeds_000_to_003_have_no_failure_at_all(checked, seed):
    assert failures(checked, seed) == []


# ---------------------------------------------------------------- the broken fixtures


def test_imbalance_fails_exactly_a1_total_a3_new_received_and_a4(checked):
    assert failures(checked, "checks_imbalance_2023", "balance") == [
        ("A1", "total", 14.0, 15.0),  # 一 + 二 = 14 + 1 printed; （七）总计 + 四 = 12 + 2
        ("A3", "new_received", 13.0, 14.0),  # 总计 14; 10 + 2 + 0 + 0 + 1 + 0 = 13
        ("A4", "t4", 2.0, 3.0),  # 行政复议 总计 3; 1 + 0 + 0 + 1 = 2
    ]
    got = statuses(checked, "checks_imbalance_2023", A_RULES)
    assert sum(s == "pass" for s in got.values()) == len(got) - 3


def test_imbalance_messages_name_the_finding_and_numbers(checked):
    (row,) = rows(checked, "doc_id = 'checks_imbalance_2023' and rule_id = 'A4'")
    assert row[6] == 1.0
    assert row[7] == "imbalance: observed 3, expected 2 (difference +1)"


def test_blank_t4_total_is_incomplete_not_fail(checked):
    got = rows(checked, "doc_id = 'checks_blank_total_2023' and status <> 'pass' and rule_group = 'balance'")
    assert [(r[1], r[2], r[3]) for r in got] == [("A4", "t4", "incomplete")]
    assert got[0][4] == 2.0 and got[0][5] is None  # parts sum to 2; the total is blank
    assert "total side is blank" in got[0][7]


def test_blank_t3_total_makes_every_rule_using_it_incomplete(checked):
    got = rows(checked, "doc_id = 'rec_blank_results_total' and status <> 'pass' and rule_group = 'balance'")
    assert [(r[1], r[2], r[3]) for r in got] == [
        ("A1", "total", "incomplete"),
        ("A2", "total", "incomplete"),
        ("A3", "results_total", "incomplete"),
    ]
    assert "t3.results_total.total" in got[0][7]


def test_cells_the_parser_could_not_place_make_their_rules_incomplete(checked):
    got = rows(checked, "doc_id = 'rec_misaligned' and rule_group = 'balance' and status <> 'pass'")
    assert {r[3] for r in got} == {"incomplete"}
    assert {(r[1], r[2]) for r in got} == {("A1", c) for c in (
        "natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
        "legal_service_org", "other_org", "total")} | {("A3", "new_received")}  # fmt: skip
    assert all("could not place" in r[7] for r in got)


def test_wrong_carry_over_gives_the_x1_warning(checked):
    got = rows(checked, "doc_id = 'checks_carryover_2023' and rule_id = 'X1'")
    assert {r[2]: r[3] for r in got} == {
        "natural_person": "fail", "commercial_enterprise": "pass", "research_institution": "pass",
        "public_interest_org": "pass", "legal_service_org": "pass", "other_org": "pass", "total": "fail",
    }  # fmt: skip
    fails = [(r[2], r[4], r[5]) for r in got if r[3] == "fail"]
    assert fails == [("natural_person", 2.0, 3.0), ("total", 2.0, 3.0)]
    con = duckdb.connect(str(checked[0]))
    sev, related = con.execute(
        "select distinct severity, related_doc_id from raw.check_results "
        "where rule_id = 'X1' and doc_id = 'checks_carryover_2023'"
    ).fetchone()
    con.close()
    assert (sev, related) == ("warning", "checks_carryover_2022")


def test_carry_over_fixtures_are_balanced_themselves(checked):
    for doc in ("checks_carryover_2022", "checks_carryover_2023"):
        assert failures(checked, doc, "balance") == []


def test_x1_pairs_only_one_agency_in_consecutive_years(checked):
    got = rows(checked, "rule_id = 'X1'")
    assert {r[0] for r in got} == {"checks_carryover_2023", "rec_x2_2020"}
    assert {r[3] for r in got if r[0] == "rec_x2_2020"} == {"skip"}  # v2019 seed tables are blank


# ---------------------------------------------------------------- plausibility, cross-year, narrative


def test_plausibility_breakages_exact(checked):
    got = rows(checked, "doc_id = 'rec_plausibility' and status = 'fail' and rule_group = 'plausibility'")
    found = {(r[1], r[2]): (r[7].split(":")[0], r[4], r[5]) for r in got}
    assert found == {
        ("P1", "t3"): ("negative_value, non_integer_value", 0.0, 4.0),  # 2 negative + 2 fractional cells
        ("P3", "t2.admin_fees.amount"): ("possible_unit_error", 1000000.0, 2500000.0),
        ("P4", "normative_docs"): ("stock_below_flow", 7.0, 5.0),
        ("P5", "other_org/max_leaf"): ("exceeds_bound", 0.0, 0.5),  # the 0.5 leaf above （七）总计 0
        ("P6", "t2.counts"): ("suspicious_magnitude", 100000000.0, 200000000.0),
        ("P8", "publication_date"): ("late_publication", 20240101.0, 20240610.0),
    }
    (p1,) = [r for r in got if r[1] == "P1"]
    assert "t3.denied_state_secret.natural_person=-1" in p1[7]


def test_p5_leaf_above_total_and_carried_forward_above_available(checked):
    got = rows(checked, "doc_id = 'rec_p5' and rule_id = 'P5' and status = 'fail'")
    assert [(r[2], r[4], r[5]) for r in got] == [
        ("commercial_enterprise/max_leaf", 2.0, 5.0),
        ("legal_service_org/carried_forward", 1.0, 3.0),
    ]


def test_p9_template_year_mismatch_and_p8_early_publication(checked):
    got = rows(checked, "doc_id = 'rec_p9_early' and status = 'fail'")
    found = {(r[1], r[2]): r[7] for r in got}
    assert found[("P9", "template_version")].startswith("template_year_mismatch")
    assert found[("P8", "publication_date")].startswith("publication_before_period_end")
    assert len(found) == 2


def test_x2_item_count_chain_for_v2019_pairs(checked):
    got = rows(checked, "doc_id = 'rec_x2_2020' and rule_id = 'X2'")
    by_scope = {r[2]: (r[3], r[4], r[5]) for r in got}
    assert by_scope["admin_license"] == ("fail", 73.0, 76.0)  # 76 + (-3) expected, 76 printed
    assert {s for s, *_ in by_scope.values()} <= {"fail", "skip"}


def test_narrative_counts_against_the_table(checked):
    assert failures(checked, "rec_n1", "narrative") == [("N1", "t3.new_received", 13.0, 22.0)]
    assert failures(checked, "rec_n2", "narrative") == [("N2", "t3.new_received", 0.0, 13.0)]
    assert statuses(checked, "rec_seed003_narrative", ["N1"]) == {("N1", "t3.new_received"): "pass"}


# ---------------------------------------------------------------- store, summary, docs


def test_one_row_per_report_rule_scope_and_only_known_statuses(checked):
    con = duckdb.connect(str(checked[0]))
    dupes = con.execute(
        "select count(*) from (select doc_id, rule_id, scope_key, related_doc_id, count(*) n "
        "from raw.check_results group by all having n > 1)"
    ).fetchone()[0]
    kinds = {r[0] for r in con.execute("select distinct status from raw.check_results").fetchall()}
    runs = con.execute("select count(distinct run_id) from raw.check_results").fetchone()[0]
    con.close()
    assert dupes == 0
    assert kinds == {"pass", "fail", "skip", "incomplete"}
    assert runs == 1


def test_summary_counts_and_error_failures(checked):
    summary = checked[1]
    counts = summary.counts.set_index("rule_id")
    assert counts.loc["A4", "fail"] == 1 and counts.loc["A4", "incomplete"] == 1
    assert counts.loc["X1", "fail"] == 2
    assert summary.error_failures > 0


def test_data_docs_are_written_with_rule_text(checked):
    docs = checked[2]
    index = docs / "index.html"
    assert index.exists()
    pages = list((docs / "expectations").glob("*.html"))
    assert {p.stem.split("_")[0] for p in pages} == {r["rule_id"] for r in load_rules()}  # one suite per rule
    a1 = (docs / "expectations" / "A1_balance.html").read_text(encoding="utf-8")
    assert "本年新收" in a1 and "new received" in a1


def test_instances_kept_as_views_give_the_same_verdicts(checked, tmp_path):
    """`ogi check` addresses instance tables by rowid; a project that keeps them as views is copied."""
    import shutil

    from expectations.runner import run_checks
    from expectations.suites import GROUP_MODELS

    wh = tmp_path / "views.duckdb"
    shutil.copy(checked[0], wh)
    wal = checked[0].with_name(checked[0].name + ".wal")
    if wal.exists():  # what is not yet checkpointed into the file
        shutil.copy(wal, wh.with_name(wh.name + ".wal"))
    con = duckdb.connect(str(wh))
    for model in GROUP_MODELS.values():
        con.execute(f"alter table intermediate.{model} rename to {model}_t")
        con.execute(f"create view intermediate.{model} as select * from intermediate.{model}_t")
    con.close()
    run_checks(wh, quiet=True, refresh_marts=False)
    verdicts = (
        "select doc_id, rule_id, scope_key, related_doc_id, status, message from raw.check_results "
        "order by all"
    )
    con = duckdb.connect(str(wh))
    kinds = {
        r[0]
        for r in con.execute(
            "select distinct table_type from information_schema.tables "
            "where table_schema = 'intermediate' and table_name like 'int_checks__%'"
            " and table_name not like '%_t'"
        ).fetchall()
    }
    as_views = con.execute(verdicts).fetchall()
    con.close()
    con = duckdb.connect(str(checked[0]))
    as_tables = con.execute(verdicts).fetchall()
    con.close()
    assert "VIEW" in kinds
    assert as_views == as_tables and len(as_tables) > 100
