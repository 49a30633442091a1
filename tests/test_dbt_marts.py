"""The dbt star schema on a warehouse landed from the ground truth (not from the parsers).

Records come from tests/conftest.record_from_values, so these tests pin their inputs exactly: the five
seeds, a second year of seed 003's agency under a shorter name, a v2019 and a v2021 report with 其他处理
figures, a report with a missing cell, a 'mixed' report and a file that is not a report. dbt is slow to
start, so the warehouse is built once per module.
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path

import duckdb
import pytest

from expectations.store import ensure_results_table
from extract.land import ensure_schema, land
from extract.record import finish_status, new_record
from ogi.build import dbt_build
from tests.conftest import ROOT, SEED_NAMES, load_ground_truth, record_from_values

# The models, and their tests, this module builds: every mart plus its parents (seeds, staging,
# intermediate). The check instances of the expectations layer are not needed here.
MARTS = [
    "mart_agency_year",
    "fct_applications",
    "fct_proactive_disclosure",
    "fct_review_litigation",
    "dim_agency",
    "dim_region",
    "dim_year",
    "dim_document",
    "dim_applicant_type",
    "dim_outcome",
    "dim_disclosure_item",
    "dim_review_litigation",
    # the site's marts (models/marts/report/): sections text, parse issues, the evidence of broken rules
    "fct_report_sections",
    "fct_parse_issues",
    "mart_rule_evidence",
]
MY_FOLDERS = ("models/staging/", "models/intermediate/", "models/marts/")
NOT_MINE = ("models/intermediate/checks/", "models/marts/checks/")

S003 = "003_de385e6a7bd35784"
S004 = "004_8cf4eacbad86ba13"


def _t3(truth: dict, **rows: list) -> dict:
    t3 = copy.deepcopy(truth["t3"])
    t3.update(rows)
    return t3


def _records() -> list[dict]:
    records = [record_from_values(load_ground_truth(n), n) for n in SEED_NAMES if n != S003]
    t003, t004 = load_ground_truth(S003), load_ground_truth(S004)
    # The gazetteer's adcode of the resolved path, as the parser records it (county level).
    records.append(record_from_values(t003, S003, region_inferred={"province": "甘肃省", "code": "621102"}))

    # Seed 003's agency one year earlier, under a shorter canonical name and other figures.
    z = [0] * 7
    records.append(
        record_from_values(
            t003,
            "anding_2023",
            report_year=2023,
            publication_date="2024-01-20",
            agency_name="安定区人民政府",
            agency_aliases=["安定区"],
            region={"province": None, "city": "定西市", "county": "安定区", "township": None},
            t3=_t3(
                t003,
                new_received=[10, 0, 0, 0, 0, 0, 10],
                granted=[9, 0, 0, 0, 0, 0, 9],
                partially_granted=[1, 0, 0, 0, 0, 0, 1],
                denied_third_party_rights=z,
                results_total=[10, 0, 0, 0, 0, 0, 10],
            ),
            t4=[1, 0, 0, 0, 1] + [0] * 10,
        )
    )

    # A v2019 report with figures: （六）其他处理 = 2 (a single row in v2019).
    v19 = {k: [0] * 7 for k in t004["t3"]}
    v19.update(
        new_received=[5, 0, 0, 0, 0, 0, 5],
        granted=[3, 0, 0, 0, 0, 0, 3],
        other_handling=[2, 0, 0, 0, 0, 0, 2],
        results_total=[5, 0, 0, 0, 0, 0, 5],
    )
    records.append(
        record_from_values(
            t004,
            "v2019_full",
            agency_name="测试市测试区人民政府",
            agency_aliases=[],
            agency_level="county",
            report_year=2019,
            region={"province": "测试省", "city": "测试市", "county": "测试区", "township": None},
            t3=v19,
            t4=[0] * 15,
        )
    )
    # ... read from a PDF: the first cell of each table carries its page, box and source address
    for table in ("t2", "t3", "t4"):
        cell = next(c for c in records[-1]["cells"] if c["table"] == table)
        cell.update(line=30, page=2, x0=100.5, top=200.25, x1=150.0, bottom=215.75, source="pdf:page2")

    # A v2021 report whose three 其他处理 items add up to 4.
    v21 = {k: [0] * 7 for k in t003["t3"]}
    v21.update(
        new_received=[4, 0, 0, 0, 0, 0, 4],
        other_no_correction=[1, 0, 0, 0, 0, 0, 1],
        other_fee_unpaid=z,
        other_other=[3, 0, 0, 0, 0, 0, 3],
        results_total=[4, 0, 0, 0, 0, 0, 4],
    )
    records.append(
        record_from_values(
            t003,
            "v2021_other",
            agency_name="测试市测试区人民政府",
            agency_aliases=[],
            agency_level="county",
            report_year=2021,
            region={"province": "测试省", "city": "测试市", "county": "测试区", "township": None},
            t3=v21,
        )
    )

    # A report whose parser lost one cell: the fact row still exists, null and flagged missing.
    missing = record_from_values(
        t003,
        "missing_cell",
        agency_name="某某镇人民政府",
        agency_aliases=[],
        agency_level="township",
        region={"province": None, "city": None, "county": None, "township": "某某镇"},
        region_inferred={},
    )
    missing["cells"] = [c for c in missing["cells"] if c["key"] != "t3.granted.total"]
    records.append(missing)

    # Tables detected one by one ('mixed'): the per-table templates decide the grid.
    mixed = record_from_values(
        t003,
        "mixed_tables",
        agency_name="混合街道办事处",
        agency_aliases=[],
        agency_level="township",
        region={"province": None, "city": None, "county": None, "township": "混合街道"},
        region_inferred={},
    )
    mixed.update(template="mixed", table_templates={"t2": "v2021", "t3": "v2021", "t4": "v2021"})
    # ... and an address landed twice: still one fact per cell
    first = next(c for c in mixed["cells"] if c["key"] == "t3.granted.total")
    first["line"] = 40
    mixed["cells"].append({**first, "line": 999, "value": 7.0, "raw": "7"})
    records.append(mixed)

    # A file that is not a report: a document without facts and without an agency.
    records.append(finish_status(new_record("news.txt", b"not a report")))
    return records


def _dbt(args: list[str], warehouse: Path, events: list | None = None):
    """dbt in-process like ogi.build.dbt_invoke, collecting warning events when asked."""
    from dbt.cli.main import dbtRunner  # dbt is slow to import: only when building

    def collect(event) -> None:
        if events is not None and event.info.level in ("warn", "error"):
            events.append(f"{event.info.name}: {event.info.msg}")

    old_cwd, old_env = os.getcwd(), os.environ.get("OGI_WAREHOUSE")
    os.environ["OGI_WAREHOUSE"] = str(warehouse)
    try:
        os.chdir(ROOT)
        return dbtRunner(callbacks=[collect]).invoke(
            ["--quiet", *args, "--project-dir", str(ROOT), "--profiles-dir", str(ROOT)]
        )
    finally:
        os.chdir(old_cwd)
        if old_env is None:
            os.environ.pop("OGI_WAREHOUSE", None)
        else:
            os.environ["OGI_WAREHOUSE"] = old_env


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(warehouse, build summary, docs warnings, target dir) after landing, dbt build and docs generate."""
    tmp = tmp_path_factory.mktemp("dbt_marts")
    warehouse = tmp / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        ensure_schema(con)
        ensure_results_table(con)
        land(con, _records())
        # What `ogi check` would have stored for seed 003: 3 pass, 2 error and 1 warning failures, 1 incomplete.
        for rule, severity, status in [
            ("A1", "error", "pass"),
            ("A2", "error", "pass"),
            ("A3", "error", "pass"),
            ("A4", "error", "fail"),
            ("A5", "error", "fail"),
            ("P5", "warning", "fail"),
            ("A6", "error", "incomplete"),
        ]:
            con.execute(
                "insert into raw.check_results (doc_id, rule_id, severity, status, scope_key) "
                "values (?, ?, ?, ?, 'total')",
                [S003, rule, severity, status],
            )
    finally:
        con.close()
    with pytest.MonkeyPatch.context() as mp:
        # Own target and log folders: other dbt runs on this checkout must not share partial parses.
        mp.setenv("DBT_TARGET_PATH", str(tmp / "target"))
        mp.setenv("DBT_LOG_PATH", str(tmp / "logs"))
        summary = dbt_build(
            warehouse, select=" ".join([*(f"+{m}" for m in MARTS), "path:models/staging"]), quiet=True
        )
        warnings: list[str] = []
        docs = _dbt(["docs", "generate"], warehouse, warnings)
        assert docs.success, docs.exception
    return warehouse, summary, warnings, tmp / "target"


@pytest.fixture(scope="module")
def db(built):
    con = duckdb.connect(str(built[0]))  # dbt-duckdb may still hold the file in this process: same config
    yield con
    con.close()


def _one(db, sql: str, *params):
    return db.execute(sql, list(params)).fetchone()


# ---------------------------------------------------------------- the build


def test_build_passes_every_model_and_test(built):
    _, summary, _, _ = built
    assert summary.success, summary.failures
    assert not summary.failures
    assert summary.counts.get("pass", 0) > 100  # data tests and unit tests ran


def test_grain_and_blank_tests_fail_on_broken_facts(built, tmp_path):
    """The hashed uniqueness test and the blank-is-null test catch a duplicated fact and a changed value."""
    import shutil

    broken = tmp_path / "broken.duckdb"
    shutil.copy(built[0], broken)
    wal = built[0].with_name(built[0].name + ".wal")
    if wal.exists():
        shutil.copy(wal, broken.with_name(broken.name + ".wal"))
    con = duckdb.connect(str(broken))
    con.execute(
        "insert into marts.fct_applications select * from marts.fct_applications "
        "where document_id = 'v2021_other' and cell_key = 't3.granted.total'"
    )
    con.execute(
        "update marts.fct_review_litigation set value = 5 "
        "where document_id = 'v2019_full' and cell_key = 't4.review_total'"
    )
    con.execute(
        "update marts.fct_proactive_disclosure set value = 0 "
        "where document_id = 'v2019_full' and value is null and not is_missing_cell"
    )
    con.close()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
        mp.setenv("DBT_LOG_PATH", str(tmp_path / "logs"))
        res = _dbt(["test", "--select", "fct_applications assert_facts_keep_blank_cells_null"], broken)
    failed = {r.node.name: r.failures for r in res.result.results if str(r.status) == "fail"}
    unique = [n for n in failed if n.startswith("unique_combination_of_columns_fct_applications")]
    assert len(unique) == 1 and failed[unique[0]] == 1
    assert "assert_facts_keep_blank_cells_null" in failed
    assert failed["assert_facts_keep_blank_cells_null"] >= 2  # the changed count and the blank made 0


def test_docs_generate_without_warnings(built):
    assert built[2] == []


def test_every_model_and_column_is_documented(built):
    target = built[3]
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    catalog = json.loads((target / "catalog.json").read_text(encoding="utf-8"))
    mine = {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith(MY_FOLDERS)
        and not node["original_file_path"].startswith(NOT_MINE)
    }
    assert len(mine) >= 25
    undocumented = []
    for uid, node in mine.items():
        if not node["description"].strip():
            undocumented.append(uid)
        documented = {name.lower() for name, col in node["columns"].items() if col["description"].strip()}
        for column in catalog["nodes"][uid]["columns"]:
            if column.lower() not in documented:
                undocumented.append(f"{uid}.{column}")
    assert undocumented == []


# ---------------------------------------------------------------- real numbers


def test_seed_003_applications(db):
    new, granted, denied = _one(
        db,
        """
        select
            sum(value) filter (where outcome_key = 'new_received'),
            sum(value) filter (where outcome_key = 'granted'),
            sum(value) filter (where outcome_key = 'denied_third_party_rights')
        from marts.fct_applications where document_id = ? and applicant_type_key = 'total'""",
        S003,
    )
    assert (new, granted, denied) == (22, 21, 1)


def test_seed_003_agency_year(db):
    row = _one(
        db,
        """
        select new_received, new_received_natural_persons, results_total, granted, denied,
               carried_forward, round(granted_share, 4), blank_cell_count, template_cell_count
        from marts.mart_agency_year where document_id = ?""",
        S003,
    )
    assert row == (22, 22, 22, 21, 1, 0, round(21 / 22, 4), 0, 10 + 175 + 15)


def test_failed_checks_reach_the_agency_year(db):
    rows = dict(
        db.execute(
            """
        select document_id, (check_result_count, failed_check_count, failed_error_check_count,
                             failed_warning_check_count, incomplete_check_count)
        from marts.mart_agency_year where document_id in (?, ?)""",
            [S003, S004],
        ).fetchall()
    )
    assert rows[S003] == (7, 3, 2, 1, 1)
    assert rows[S004] == (0, None, None, None, None)  # not checked yet: unknown, not zero


def test_seed_003_proactive_disclosure_in_its_units(db):
    rows = dict(
        db.execute(
            """
        select disclosure_item_key, (value, unit) from marts.fct_proactive_disclosure
        where document_id = ?""",
            [S003],
        ).fetchall()
    )
    assert rows["v2021/t2.admin_fees.amount"] == (10866, "万元")
    assert rows["v2021/t2.admin_license.decisions"] == (9713, "件")


def test_seed_004_blanks_are_null_not_zero(db):
    n, filled, blank = _one(
        db,
        """
        select count(*), count(value), count(*) filter (where is_blank)
        from marts.fct_applications where document_id = ?""",
        S004,
    )
    assert (n, filled, blank) == (161, 0, 161)
    assert _one(db, "select count(value) from marts.fct_review_litigation where document_id = ?", S004) == (
        0,
    )
    t2 = dict(
        db.execute(
            """select disclosure_item_key, value from marts.fct_proactive_disclosure
                            where document_id = ? and value is not null""",
            [S004],
        ).fetchall()
    )
    assert t2 == {"v2019/t2.admin_license.prev_year_items": 76}
    mart = _one(
        db,
        "select new_received, results_total, granted_share, review_total, blank_cell_count "
        "from marts.mart_agency_year where document_id = ?",
        S004,
    )
    assert mart == (None, None, None, None, 22 + 161 + 15 - 1)


def test_row_counts_per_template(db):
    counts = dict(
        db.execute("""
        select template_version, list_distinct(list(n)) from (
            select document_id, template_version, count(*) as n from marts.fct_applications group by all)
        group by template_version""").fetchall()
    )
    assert counts == {"v2019": [161], "v2021": [175]}
    assert db.execute(
        "select distinct count(*) from marts.fct_review_litigation group by document_id"
    ).fetchall() == [(15,)]
    t2 = dict(
        db.execute("""
        select template_version, list_distinct(list(n)) from (
            select document_id, template_version, count(*) as n from marts.fct_proactive_disclosure group by all)
        group by template_version""").fetchall()
    )
    assert t2 == {"v2019": [22], "v2021": [10]}


def test_missing_cell_keeps_its_row_null_and_flagged(db):
    row = _one(
        db,
        """select value, is_blank, is_missing_cell from marts.fct_applications
                      where document_id = 'missing_cell' and cell_key = 't3.granted.total'""",
    )
    assert row == (None, True, True)


def test_mixed_report_uses_the_per_table_templates(db):
    assert _one(db, "select count(*) from marts.fct_applications where document_id = 'mixed_tables'") == (
        175,
    )


def test_an_address_emitted_twice_lands_once_first_line_first(db):
    lines = db.execute(
        "select line from raw.cells where doc_id = 'mixed_tables' and cell_key = 't3.granted.total'"
    ).fetchall()
    assert lines == [(40,)]
    assert (
        _one(
            db,
            """select line_number, value from marts.fct_applications
                      where document_id = 'mixed_tables' and cell_key = 't3.granted.total'""",
        )[0]
        == 40
    )


@pytest.mark.parametrize("fact", ["fct_proactive_disclosure", "fct_applications", "fct_review_litigation"])
def test_facts_carry_the_cells_provenance(db, fact):
    rows = db.execute(f"""select line_number, page_number, box_x0, box_top, box_x1, box_bottom, source_address
                          from marts.{fact} where document_id = 'v2019_full' and page_number is not null""").fetchall()
    assert rows == [(30, 2, 100.5, 200.25, 150.0, 215.75, "pdf:page2")]
    # a cell the parser did not land has no provenance at all
    if fact == "fct_applications":
        assert (
            _one(
                db,
                """select line_number, page_number, box_x0, source_address from marts.fct_applications
                          where document_id = 'missing_cell' and cell_key = 't3.granted.total'""",
            )
            == (None,) * 4
        )


def test_a_file_that_is_not_a_report_has_no_agency_and_no_facts(db):
    row = _one(db, "select is_report, agency_key from marts.dim_document where source_file = 'news.txt'")
    assert row == (False, None)
    assert _one(
        db,
        """select count(*) from marts.fct_applications
                       join marts.dim_document using (document_id) where source_file = 'news.txt'""",
    ) == (0,)


# ---------------------------------------------------------------- identity and dimensions


def test_one_agency_key_across_two_years(db):
    keys = db.execute(
        """select distinct agency_key from marts.dim_document
                         where document_id in (?, 'anding_2023')""",
        [S003],
    ).fetchall()
    assert len(keys) == 1
    agency = _one(
        db,
        """select agency_name, agency_aliases, first_report_year, last_report_year, report_count,
                                province, agency_level
                         from marts.dim_agency where agency_key = ?""",
        keys[0][0],
    )
    name, aliases, first, last, n, province, level = agency
    assert name == "定西市安定区人民政府"  # the latest canonical name wins a tie
    assert {"安定区人民政府", "定西市安定区", "安定区"} <= set(aliases)
    assert (first, last, n, province, level) == (2023, 2024, 2, "甘肃省", "county")
    years = db.execute(
        """select report_year, new_received, review_total from marts.mart_agency_year
                          where agency_key = ? order by report_year""",
        [keys[0][0]],
    ).fetchall()
    assert years == [(2023, 10, 1), (2024, 22, 0)]


def test_distinct_agencies_stay_distinct(db):
    assert _one(db, "select count(*) from marts.dim_agency") == (8,)  # 5 seeds + 测试区 + 某某镇 + 混合街道
    assert _one(db, "select count(*), count(distinct agency_key) from marts.mart_agency_year") == (10, 8)


def test_region_hierarchy_with_parents(db):
    rows = db.execute("""
        with recursive up(region_key, region_name, parent_region_key, depth) as (
            select region.region_key, region.region_name, region.parent_region_key, 0
            from marts.dim_agency as agency
            join marts.dim_region as region on agency.region_key = region.region_key
            where agency.agency_name = '忻府区长征街街道办事处'
            union all
            select region.region_key, region.region_name, region.parent_region_key, up.depth + 1
            from up join marts.dim_region as region on up.parent_region_key = region.region_key)
        select region_name from up order by depth""").fetchall()
    assert [r[0] for r in rows] == ["长征街街道", "忻府区", "忻州市", "山西省"]
    # 通化市二道江区铁厂镇: the province comes from the gazetteer
    assert _one(db, "select province from marts.dim_region where region_name = '铁厂镇'") == ("吉林省",)


def test_region_codes_from_the_gazetteer(db):
    codes = dict(
        db.execute("select region_path, adcode from marts.dim_region where province = '甘肃省'").fetchall()
    )
    assert codes == {"甘肃省": "620000", "甘肃省/定西市": "621100", "甘肃省/定西市/安定区": "621102"}


def test_dim_year_names_the_intended_template(db):
    years = dict(db.execute("select report_year, intended_template_version from marts.dim_year").fetchall())
    assert years[2019] == years[2020] == "v2019"
    assert years[2021] == years[2024] == "v2021"


def test_small_dimensions_come_from_the_seeds(db):
    assert _one(db, "select count(*), count(*) filter (where is_total) from marts.dim_applicant_type") == (
        7,
        1,
    )
    groups = dict(
        db.execute("select applicant_group_zh, count(*) from marts.dim_applicant_type group by 1").fetchall()
    )
    assert groups == {"自然人": 1, "法人或其他组织": 5, "总计": 1}
    assert _one(
        db,
        "select count(*), count(distinct proceeding_key), count(distinct result_key) "
        "from marts.dim_review_litigation",
    ) == (15, 3, 5)
    stages = {r[0] for r in db.execute("select distinct stage from marts.dim_outcome").fetchall()}
    assert stages == {"new_received", "carried_over", "result", "results_total", "carried_forward"}
    categories = dict(
        db.execute(
            "select category_key, category_zh from marts.dim_outcome "
            "where category_key is not null group by all"
        ).fetchall()
    )
    assert categories == {
        "granted": "予以公开",
        "partially_granted": "部分公开",
        "denied": "不予公开",
        "unable": "无法提供",
        "not_processed": "不予处理",
        "other_handling": "其他处理",
    }
    other = _one(
        db,
        "select data_row_template_versions, harmonised_outcome_key from marts.dim_outcome "
        "where outcome_key = 'other_other'",
    )
    assert other == (["v2021"], "other_handling")
    assert _one(db, "select count(*) from marts.dim_disclosure_item") == (22 + 10,)


# ---------------------------------------------------------------- comparability


def test_other_handling_compares_across_templates(db):
    rows = dict(
        db.execute("""
        select document_id, sum(value) from marts.fct_applications
        where applicant_type_key = 'total' and harmonised_outcome_key = 'other_handling'
          and document_id in ('v2019_full', 'v2021_other')
        group by document_id""").fetchall()
    )
    assert rows == {"v2019_full": 2, "v2021_other": 4}
    mart = dict(
        db.execute(
            "select report_year, other_handling from marts.mart_agency_year "
            "where document_id in ('v2019_full', 'v2021_other')"
        ).fetchall()
    )
    assert mart == {2019: 2, 2021: 4}


def test_fee_items_and_fee_amounts_never_share_a_series(db):
    rows = dict(
        db.execute("""select disclosure_item_key, (harmonised_cell_key, comparability, unit)
                              from marts.dim_disclosure_item where row_key = 'admin_fees'""").fetchall()
    )
    assert rows["v2019/t2.admin_fees.prev_year_items"] == (None, "not_comparable", "项")
    assert rows["v2021/t2.admin_fees.amount"] == ("t2.admin_fees.amount", "not_comparable", "万元")
    assert rows["v2019/t2.admin_fees.change"][0] is None


# ---------------------------------------------------------------- README


def _readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Example queries", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.S)


def test_readme_has_three_example_queries():
    assert len(_readme_queries()) == 3


def test_readme_queries_run_as_written(db):
    by_province, denied_reasons, one_agency = (db.execute(q).fetchall() for q in _readme_queries())
    assert (2024, "甘肃省", 1, 22, 0) in by_province
    assert len(denied_reasons) == 8
    # 保护第三方合法权益: 1 in seed 003 and in each of its copies (missing_cell, mixed_tables); no other reason
    assert denied_reasons[3] == ("4.保护第三方合法权益", "Not disclosed: protects third-party rights", 3, 1.0)
    assert {r[2] for r in denied_reasons[:3] + denied_reasons[4:]} == {0}
    assert [r[0] for r in one_agency] == [2023, 2024]
