"""The analyst's site (`ogi report`): what `ogi run` writes, and that its figures equal SQL over the marts.

Figures are read back from what a browser gets (the HTML's data-figure cells and the data shards),
then recomputed here with independent SQL over the marts.
"""

from __future__ import annotations

import duckdb
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from typer.testing import CliRunner

from ogi.cli import app
from report.build import PAGES
from tests.conftest import TAMPERED_LINE, TAMPERED_SAMPLE, TAMPERED_TEXT, read_site_data

MAX_FILE = 5 * 1024 * 1024


def _figures(html_path) -> dict[str, str]:
    tree = HTMLParser(html_path.read_text(encoding="utf-8"))
    return {n.attributes["data-figure"]: n.text(strip=True) for n in tree.css("[data-figure]")}


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _sql(site, query: str, params=None):
    con = duckdb.connect(str(site.warehouse))  # the configuration of the stages (dbt keeps its connection)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


def test_run_builds_the_site_last_and_prints_index(sample_site):
    index = sample_site.site / "index.html"
    assert str(index) in sample_site.output.replace("\n", "")
    for page in PAGES:
        assert (sample_site.site / page).is_file(), page
    assert (sample_site.site / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    assert (sample_site.site / "docs" / "columns.html").is_file()
    # every script and style a page names is a file of the site: nothing is fetched from elsewhere
    for page in [*PAGES, "docs/columns.html"]:
        tree = HTMLParser((sample_site.site / page).read_text(encoding="utf-8"))
        refs = [n.attributes.get("src") for n in tree.css("script[src]")]
        refs += [n.attributes.get("href") for n in tree.css("link[href]")]
        for ref in refs:
            assert "//" not in ref and (sample_site.site / page).parent.joinpath(ref).is_file(), (page, ref)


def test_overview_figures_equal_sql(sample_site):
    fig = _figures(sample_site.site / "index.html")
    docs, reports, agencies = _sql(
        sample_site,
        "select count(*), count(*) filter (where is_report), count(distinct agency_key) filter (where is_report) "
        "from marts.dim_document",
    )[0]
    assert (_int(fig["documents"]), _int(fig["reports"]), _int(fig["agencies"])) == (docs, reports, agencies)
    for rule, status, n in _sql(
        sample_site, "select rule_id, check_status, count(*) from marts.fct_check_results group by all"
    ):
        if status in ("pass", "fail", "incomplete"):
            assert _int(fig[f"rule:{rule}:{status}"]) == n, (rule, status)
    for code, n in _sql(sample_site, "select issue_code, count(*) from marts.fct_parse_issues group by 1"):
        assert _int(fig[f"issue:{code}"]) == n
    # the format is dim_document.source_format (the readers' own word), never the file extension
    formats = _sql(
        sample_site, "select coalesce(source_format, '?'), count(*) from marts.dim_document group by 1"
    )
    assert {
        k[len("source_format:") :]: _int(v) for k, v in fig.items() if k.startswith("source_format:")
    } == dict(formats)
    assert "by file extension" not in (sample_site.site / "index.html").read_text(encoding="utf-8")
    # the tampered report fails A2 and A3, so the overview counts them
    assert _int(fig["rule:A2:fail"]) >= 1 and _int(fig["rule:A3:fail"]) >= 1


def test_trends_equal_sql(sample_site):
    trends = read_site_data(sample_site.site, "trends")
    national = trends["series"]["all:"]
    for year, new, review, lit in _sql(
        sample_site,
        "select report_year, sum(new_received), sum(review_total), sum(litigation_total) "
        "from marts.mart_agency_year group by 1",
    ):
        assert national[str(year)]["new_received"] == new
        assert national[str(year)]["review_total"] == review
        assert national[str(year)]["litigation_total"] == lit
    for province, year, n in _sql(
        sample_site, "select province, report_year, count(*) from marts.mart_agency_year group by all"
    ):
        assert trends["series"][f"province:{province or '?'}"][str(year)]["agency_years"] == n
    # each province's cities sit in their own shard, loaded when a city is chosen
    for province, city, year, new in _sql(
        sample_site,
        "select coalesce(province, '?'), coalesce(city, '?'), report_year, sum(new_received) "
        "from marts.mart_agency_year group by all",
    ):
        gid = f"city:{province}/{city}"
        assert gid not in trends["series"]
        assert (
            read_site_data(sample_site.site, f"trends-city/{province}")["series"][gid][str(year)][
                "new_received"
            ]
            == new
        )


def test_agency_shards_equal_sql(sample_site):
    index = read_site_data(sample_site.site, "agency-index")
    assert {r[0] for r in index["rows"]} == {
        r[0] for r in _sql(sample_site, "select distinct agency_key from marts.mart_agency_year")
    }
    cells = _sql(
        sample_site,
        "select y.agency_key, y.report_year, y.new_received, f.outcome_key, a.sort_order, f.value "
        "from marts.mart_agency_year y join marts.fct_applications f on f.document_id = y.document_id "
        "join marts.dim_applicant_type a on a.applicant_type_key = f.applicant_type_key",
    )
    shards = {}
    for key, year, new, outcome, col, value in cells:
        shard = shards.setdefault(key, read_site_data(sample_site.site, f"agency/{key[:2]}/{key}"))
        y = next(y for y in shard["years"] if y["year"] == year)
        assert y["figures"]["new_received"] == new
        assert y["t3"][outcome][col] == value
    assert shards
    # every landed section's text is on its agency's page
    for key, year, section, text in _sql(
        sample_site,
        "select s.agency_key, s.report_year, s.section_key, s.section_text from marts.fct_report_sections s "
        "join marts.mart_agency_year y on y.document_id = s.document_id",
    ):
        y = next(y for y in shards[key]["years"] if y["year"] == year)
        assert {s["key"]: s["text"] for s in y["sections"]}[section] == text


def test_broken_arithmetic_shows_the_cells_behind_a_failing_rule(sample_site):
    fig = _figures(sample_site.site / "broken.html")
    for rule, n in _sql(
        sample_site,
        "select rule_id, count(*) from marts.fct_check_results "
        "where rule_group = 'balance' and check_status = 'fail' group by 1",
    ):
        assert _int(fig[f"broken:{rule}:fail"]) == n
    page = read_site_data(sample_site.site, "broken/A2/1")
    tampered = [
        r for r in page["rows"] if r["source_file"] == TAMPERED_SAMPLE and r["check_status"] == "fail"
    ]
    assert tampered, page["rows"]
    inst = tampered[0]
    observed, expected = _sql(
        sample_site,
        "select observed, expected from marts.fct_check_results where document_id = ? and rule_id = 'A2' "
        "and scope_key = ?",
        [inst["document_id"], inst["scope_key"]],
    )[0]
    assert (inst["observed"], inst["expected"]) == (observed, expected)
    cell = next(c for c in inst["cells"] if c["cell_key"] == "t3.granted.natural_person")
    assert (cell["raw_text"], cell["line"], cell["value"]) == (
        TAMPERED_TEXT,
        TAMPERED_LINE,
        float(TAMPERED_TEXT),
    )
    # the results total and every leaf outcome A2 sums for that template (seed template_rule_terms)
    (terms,) = _sql(
        sample_site,
        "select count(*) from template.template_rule_terms t join marts.fct_check_results r "
        "on r.rule_id = t.rule_id and r.template_version = t.template_version "
        "where r.document_id = ? and r.rule_id = 'A2' and r.scope_key = ?",
        [inst["document_id"], inst["scope_key"]],
    )[0]
    assert len(inst["cells"]) == terms and {c["side"] for c in inst["cells"]} == {"lhs", "rhs"}


def test_exports_beside_the_site(sample_site):
    export = sample_site.site.parent / "export"
    assert (export / "fct_applications").is_dir()
    years = {p.name for p in (export / "fct_applications").iterdir()}
    assert {
        f"report_year={y}"
        for (y,) in _sql(sample_site, "select distinct report_year from marts.fct_applications")
    } == years
    csv = (export / "dim_agency.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf") and "定西市安定区人民政府" in csv.decode("utf-8-sig")
    n = _sql(sample_site, "select count(*) from marts.mart_agency_year")[0][0]
    assert len((export / "mart_agency_year.csv").read_text(encoding="utf-8-sig").splitlines()) == n + 1


def test_no_file_of_the_site_is_over_5_mb(sample_site):
    sizes = {p: p.stat().st_size for p in sample_site.site.rglob("*") if p.is_file()}
    assert max(sizes.values()) < MAX_FILE, max(sizes, key=sizes.get)


def test_report_without_marts_is_one_line_error(tmp_path):
    wh = tmp_path / "empty.duckdb"
    duckdb.connect(str(wh)).close()
    res = CliRunner().invoke(app, ["-q", "-w", str(wh), "report", "--out", str(tmp_path / "site")])
    assert res.exit_code == 2
    assert "report: the marts are not built yet" in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("page", ["index", "trends", "agency", "broken"])
def test_synthetic_corpus_figures_equal_sql(synth_site, page):
    site = synth_site.site
    if page == "index":
        fig = _figures(site / "index.html")
        (reports,) = _sql(synth_site, "select count(*) from marts.dim_document where is_report")[0]
        assert _int(fig["reports"]) == reports
        for rule, n in _sql(
            synth_site,
            "select rule_id, count(*) from marts.fct_check_results where check_status = 'fail' group by 1",
        ):
            assert _int(fig[f"rule:{rule}:fail"]) == n
    elif page == "trends":
        trends = read_site_data(site, "trends")
        for year, level, new, denied in _sql(
            synth_site,
            "select report_year, coalesce(agency_level, '?'), sum(new_received), sum(denied) "
            "from marts.mart_agency_year group by all",
        ):
            s = trends["series"][f"level:{level}"][str(year)]
            assert (s["new_received"], s["denied"]) == (new, denied)
    elif page == "agency":
        for key, year, results in _sql(
            synth_site,
            "select agency_key, report_year, results_total from marts.mart_agency_year using sample 20 rows",
        ):
            shard = read_site_data(site, f"agency/{key[:2]}/{key}")
            assert next(y for y in shard["years"] if y["year"] == year)["figures"]["results_total"] == results
    else:
        failing = _sql(
            synth_site,
            "select rule_id, count(*) from marts.fct_check_results "
            "where (rule_group = 'balance' and check_status in ('fail', 'incomplete')) "
            "or (rule_id = 'X1' and check_status = 'fail') group by 1",
        )
        assert failing  # the corpus injects defects
        for rule, n in failing:
            first = read_site_data(site, f"broken/{rule}/1")
            assert first["total"] == n
            for inst in first["rows"]:
                assert inst["cells"] and all("raw_text" in c and "line" in c for c in inst["cells"])


def test_site_reads_the_newer_columns(newer_columns_site):
    """source_format (dim_document), a cell's page (the facts' page_number, once the readers carry it),
    is_rule_resolved (facts) and verification (fct_check_results): on a copy of the samples' warehouse
    where the tampered cell reads as page 4 and as recovered by the rules, and its A2 instance as verified
    by nothing (tests/conftest.py), the site shows each, and its counts equal SQL."""
    wh, site, doc = newer_columns_site
    tmp_path = site.parent
    summary_index = site / "index.html"
    fig = _figures(summary_index)
    assert "source_format:txt" not in fig and _int(fig["source_format:pdf_text"]) > 0
    key = read_site_data(tmp_path / "site", "agency-index")["rows"][0][0]
    shard = read_site_data(tmp_path / "site", f"agency/{key[:2]}/{key}")
    assert {y["document"]["source_format"] for y in shard["years"]} == {"pdf_text"}

    inst = next(
        r
        for r in read_site_data(tmp_path / "site", "broken/A2/1")["rows"]
        if r["document_id"] == doc and r["scope_key"] == "natural_person"
    )
    assert inst["verification"] == "rule_resolved"
    by_key = {c["cell_key"]: c for c in inst["cells"]}
    assert (
        by_key["t3.granted.natural_person"]["page"],
        by_key["t3.granted.natural_person"]["rule_resolved"],
    ) == (
        4,
        True,
    )
    assert not any(c["rule_resolved"] for k, c in by_key.items() if k != "t3.granted.natural_person")

    broken = _figures(tmp_path / "site" / "broken.html")
    for rule, n in _sql_at(
        wh,
        "select rule_id, count(*) from marts.fct_check_results where verification = 'rule_resolved' group by 1",
    ):
        assert _int(broken[f"broken:{rule}:rule_resolved"]) == n
        assert read_site_data(tmp_path / "site", f"lists/resolved-{rule}/1")["total"] == n
    assert _int(broken["broken:A2:rule_resolved"]) >= 1


def _sql_at(wh, query: str) -> list[tuple]:
    con = duckdb.connect(str(wh))
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_search_index_shards_stay_small_and_hold_every_match(tmp_path):
    """Each row is in the shard of every two-character run of its name and aliases, so the smallest shard
    among a query's runs holds every agency the whole index would match (unless it says it is partial)."""
    import random

    from report.search import gram_hash, write_index
    from report.writer import Writer

    rng = random.Random(5)
    common = "人民政府"
    chars = "省市县区镇办公室教育卫生健康委员会安定西城海淀朝阳交通运输局水利林业财政税务公安司法"
    rows = [
        [
            f"k{i}",
            "".join(rng.choices(chars, k=8)) + common,
            ["".join(rng.choices(chars, k=4))],
            "c",
            "r",
            2020,
            2024,
        ]
        for i in range(3000)
    ]
    w = Writer(tmp_path)
    limit = 40_000
    shards = write_index(w, rows, shard_bytes=limit)
    index = read_site_data(tmp_path, "agency-index")
    assert shards > 1 and index["shards"] == shards and index["rows"] == []
    files = list((tmp_path / "data" / "search").glob("*.js"))
    assert files and max(f.stat().st_size for f in files) <= limit
    assert index["partial"]  # 人民政府 is in every name: those shards keep their first rows
    queries = [rows[7][2][0][1:], rows[11][1][2:7], rows[23][1][:3], rows[42][2][0], "政府"]
    for query in queries:
        q = query.lower()
        want = {r[0] for r in rows if q in r[1].lower() or any(q in a.lower() for a in r[2])}
        best = min(
            (gram_hash(q[i : i + 2]) % shards for i in range(len(q) - 1)), key=lambda i: index["sizes"][i]
        )
        shard = read_site_data(tmp_path, f"search/{best}")
        got = {r[0] for r in shard["rows"]}
        assert shard["partial"] == (best in index["partial"])
        if not shard["partial"]:
            assert want and want <= got, query
        else:
            assert query == "政府" and got <= want and len(got) >= 50


def test_agency_shards_built_in_batches_are_the_same(sample_site, tmp_path, monkeypatch):
    """A large corpus builds its agency shards a batch of agencies at a time (memory stays bounded):
    the shards are the same files with the same content as one query's."""
    import report.build
    from report.build import build_site

    monkeypatch.setattr(report.build, "AGENCY_YEARS_PER_BATCH", 2)
    build_site(sample_site.warehouse, tmp_path / "site", column_docs=False)

    def shards(site):
        return {p.relative_to(site): p.read_bytes() for p in (site / "data" / "agency").rglob("*.js")}

    batched, whole = shards(tmp_path / "site"), shards(sample_site.site)
    assert len(whole) > 2 and batched == whole


def test_an_agency_batch_that_runs_out_of_memory_is_split_and_the_shards_are_the_same(sample_site, tmp_path):
    """The agency shards are JSON aggregates DuckDB cannot spill: a batch over the memory limit is built
    again as two halves (`report.build._agencies`), and the shards come out byte for byte the same."""
    import pyarrow as pa

    from report.build import _agencies
    from report.data import Marts
    from report.writer import Writer

    class OutOfMemoryOnSomeBatches:
        """The warehouse connection, except that the whole batch and the first half of it fail."""

        def __init__(self, con):
            self.con, self.batches = con, []

        def execute(self, sql, *args):
            if "with agency_years as" in sql:
                where = sql.split("from marts.mart_agency_year\n    where ", 1)[1].split("\n", 1)[0]
                self.batches.append(where)
                if where in ("true", "hash(agency_key) % 2 = 0"):
                    raise duckdb.OutOfMemoryException("could not allocate (as a 3 GB limit would)")
            return self.con.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self.con, name)

    con = duckdb.connect(str(sample_site.warehouse))  # the configuration of the run's connections
    try:
        no_reuse = pa.table(
            {
                n: pa.array([], t)
                for n, t in (
                    ("document_id", pa.string()),
                    ("section_key", pa.string()),
                    ("similarity", pa.float64()),
                )
            }
        )
        con.register("reuse", no_reuse)
        whole = _agencies(Marts(con), Writer(tmp_path / "whole"))
        flaky = OutOfMemoryOnSomeBatches(con)
        split = _agencies(Marts(flaky), Writer(tmp_path / "split"))
    finally:
        con.close()
    assert flaky.batches == [
        "true",
        "hash(agency_key) % 2 = 0",
        "hash(agency_key) % 2 = 1",
        "hash(agency_key) % 4 = 0",
        "hash(agency_key) % 4 = 2",
    ]
    assert split == whole >= 4

    def shards(root):
        return {p.relative_to(root): p.read_bytes() for p in (root / "data" / "agency").rglob("*.js")}

    assert (
        shards(tmp_path / "split") == shards(tmp_path / "whole") and len(shards(tmp_path / "whole")) == whole
    )
