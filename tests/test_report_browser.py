"""The site in a real browser: headless Chromium opens every page type from file://.

No console errors, no request that is not a file:// URL, charts drawn with data marks, the agency search
finds an agency by an alias, and a failing rule's evidence shows the cells' raw text. A screenshot of
each page type goes to data/site-screenshots/ (ignored by git) for people to look at.

Needs Debian's chromium (`.ci/run` installs it under CI=true): skipped without it, failed under CI.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT, TAMPERED_SAMPLE, TAMPERED_TEXT, read_site_data

SCREENSHOTS = ROOT / "data" / "site-screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    for candidate in (os.environ.get("OGI_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("no chromium: CI must install it (.ci/run: apt-get install -y chromium)")
    pytest.skip("no chromium found (install Debian's chromium, or set OGI_CHROMIUM) for the browser tests")


@pytest.fixture(scope="module")
def browser():
    path = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Visit:
    """One page in a fresh tab, with every console error and every request it made."""

    def __init__(self, browser, site: Path, url: str) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        path, _, query = url.partition("?")
        self.page.goto((site / path).as_uri() + (f"?{query}" if query else ""))
        self.page.wait_for_load_state("load")

    def done(self, shot: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=shot != "columns")
        assert self.errors == [], self.errors
        assert [u for u in self.requests if not u.startswith("file://")] == []
        self.page.close()


def _data_marks(v: Visit, chart_id: str) -> int:
    """Drawn marks of a plotly chart: bar paths and scatter points in its SVG (charts are drawn once
    they scroll into view, after the page has loaded)."""
    v.page.locator(f"#{chart_id}").scroll_into_view_if_needed()
    v.page.wait_for_selector(f"#{chart_id} svg.main-svg", timeout=10_000)
    return v.page.locator(f"#{chart_id} g.trace g.point path, #{chart_id} g.trace path.point").count()


def _agency(site) -> tuple[str, str, str]:
    """An agency with an alias its name does not contain: (key, name, alias)."""
    con = duckdb.connect(str(site.warehouse))
    try:
        rows = con.execute(
            "select agency_key, agency_name, agency_aliases from marts.dim_agency "
            "where agency_key in (select agency_key from marts.mart_agency_year) order by agency_name"
        ).fetchall()
    finally:
        con.close()
    for key, name, aliases in rows:
        for alias in aliases or []:
            if alias not in name:
                return key, name, alias
    pytest.fail("the samples have no agency with an alias outside its name")


def test_overview(browser, sample_site):
    v = Visit(browser, sample_site.site, "index.html")
    assert _data_marks(v, "chart-years") > 0
    assert v.page.locator("[data-figure=reports]").inner_text().strip() != ""
    v.done("overview")


def test_search_finds_an_agency_by_alias(browser, sample_site):
    key, name, alias = _agency(sample_site)
    v = Visit(browser, sample_site.site, "index.html")
    v.page.fill("#agency-search", alias)
    link = v.page.locator("#agency-results a").first
    link.wait_for(timeout=10_000)
    assert link.inner_text() == name
    link.click()
    v.page.wait_for_selector("#agency-name", timeout=10_000)
    assert v.page.locator("#agency-name").inner_text() == name
    assert key in v.page.url
    v.done("search")


def test_search_by_alias_in_a_sharded_index(browser, sample_site, tmp_path, monkeypatch):
    """A large corpus's index is sharded by the typed text's first characters (report/search.py): the
    page computes the same shard and still finds the agency by its alias."""
    import report.search
    from report.build import build_site

    monkeypatch.setattr(report.search, "SHARD_BYTES", 400)
    site = tmp_path / "site"
    build_site(sample_site.warehouse, site, column_docs=False)
    assert read_site_data(site, "agency-index")["shards"] > 1
    key, name, alias = _agency(sample_site)
    v = Visit(browser, site, "index.html")
    assert len(alias) >= 2
    v.page.fill("#agency-search", alias)
    v.page.wait_for_selector(f"#agency-results a[href*='{key}']", timeout=10_000)
    assert v.page.locator("#agency-results a").first.inner_text() == name
    assert any("/data/search/" in u for u in v.requests)
    v.done("search-sharded")


def test_agency_page(browser, sample_site):
    key, name, _ = _agency(sample_site)
    v = Visit(browser, sample_site.site, f"agency.html?id={key}")
    v.page.wait_for_selector("#agency-figures", timeout=10_000)
    assert v.page.locator("#agency-name").inner_text() == name
    assert _data_marks(v, "chart-agency") > 0
    assert v.page.locator("details.year table.t3").count() >= 1
    assert v.page.locator("details.section").count() >= 6
    assert v.page.locator("#carry-over tbody tr").count() >= 1
    v.done("agency")


def test_trends(browser, sample_site):
    v = Visit(browser, sample_site.site, "trends.html")
    v.page.wait_for_selector("#trends-figures", timeout=10_000)
    for chart in ("chart-new", "chart-mix", "chart-per100"):
        assert _data_marks(v, chart) > 0, chart
    # a city's figures come from its province's shard, loaded on choosing it
    city = v.page.eval_on_selector(
        "#geo", "s => [...s.options].map(o => o.value).find(v => v.startsWith('city:'))"
    )
    v.page.select_option("#geo", city)
    v.page.wait_for_function(
        "() => document.querySelector('#geo-size').textContent.trim() !== ''", timeout=10_000
    )
    v.page.wait_for_timeout(500)
    assert _data_marks(v, "chart-new") > 0
    v.done("trends")


def test_reuse(browser, sample_site):
    v = Visit(browser, sample_site.site, "reuse.html")
    v.page.wait_for_selector("#chart-reuse-mean svg.main-svg", timeout=10_000)
    v.done("reuse")


def test_broken_arithmetic_shows_raw_text(browser, sample_site):
    v = Visit(browser, sample_site.site, "broken.html?rule=A2&page=1")
    v.page.wait_for_selector("article.instance", timeout=10_000)
    article = v.page.locator("article.instance", has_text=TAMPERED_SAMPLE).first
    raw = article.locator("td.raw").all_inner_texts()
    assert TAMPERED_TEXT in raw and len(raw) > 2
    v.done("broken")


def test_broken_arithmetic_marks_rule_resolved_cells(browser, newer_columns_site):
    """A cell recovered by the rules, and a check that therefore verified nothing, are marked as such."""
    _, site, _ = newer_columns_site
    v = Visit(browser, site, "broken.html?rule=A2&page=1")
    v.page.wait_for_selector("article.instance", timeout=10_000)
    article = v.page.locator("article.instance", has=v.page.locator(".verification")).first
    assert "not independently verified" in article.locator(".verification").inner_text()
    row = article.locator("tr.rule-resolved")
    assert (
        row.count() == 1
        and "推定" in row.inner_text()
        and TAMPERED_TEXT in row.locator("td.raw").inner_text()
    )
    assert row.locator("td.num").nth(2).inner_text() == "4"  # value, line, page
    v.done("broken-rule-resolved")


def test_list_page(browser, sample_site):
    v = Visit(browser, sample_site.site, "list.html?l=rules-A3")
    v.page.wait_for_selector("#list-table tbody tr", timeout=10_000)
    assert TAMPERED_SAMPLE in v.page.locator("#list-table").inner_text()
    v.done("list")


def test_column_docs(browser, sample_site):
    v = Visit(browser, sample_site.site, "docs/columns.html")
    text = v.page.locator("#mart_agency_year").inner_text()
    assert "new_received" in text and "本年新收" in text
    v.done("columns")


def test_dbt_docs_page_loads_nothing_from_the_network(browser, sample_site):
    """dbt's own page: usage statistics off, so no tracker from a CDN (its file:// icon errors are dbt's)."""
    page = sample_site.site / "docs" / "dbt-docs.html"
    assert page.is_file()
    v = Visit(browser, sample_site.site, "docs/dbt-docs.html")
    v.page.wait_for_timeout(1500)
    assert [u for u in v.requests if not u.startswith("file://")] == []
    v.page.close()
