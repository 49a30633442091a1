"""Benchmark: `ogi report` at scale: site build time, files, the largest page and shard, page load times.

    python benchmarks/site_build.py                       # 10k reports
    python benchmarks/site_build.py --full                # + 100k (minutes; the machine is busy meanwhile)
    python benchmarks/site_build.py --warehouse W.duckdb  # an existing warehouse (after `ogi run`)

Corpora (`ogi synth`) and their warehouses (`ogi run`) are cached under --workdir by size; the site is
rebuilt every time, in a child process: once cold (dbt's column docs regenerated) and once warm (docs
unchanged, the case of every `ogi run` after the first). With chromium present, each page type is
opened from file:// and the time until its content is drawn is printed. Targets (issue 13): build
<= 60 s at 100k on 2 cores, every page <= 2 s, no file over 5 MB.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1024 * 1024

_BUILD = """
import json, resource, sys, time
from pathlib import Path
from report.build import build_site
t = time.perf_counter()
s = build_site(Path(sys.argv[1]), Path(sys.argv[2]))
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = time.process_time() + kids.ru_utime + kids.ru_stime
print(json.dumps({"seconds": time.perf_counter() - t, "cpu": cpu, "files": s.files, "agencies": s.agencies,
                  "largest_file": s.largest_file, "largest_data": s.largest_data, "stages": s.stages,
                  "stages_cpu": s.stages_cpu, "reuse_cache": s.reuse_cache}))
"""


def _ogi(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "ogi.cli", "-q", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )


def warehouse_for(n: int, workdir: Path) -> Path:
    corpus, wh = workdir / f"site-c{n}", workdir / f"site-w{n}" / "warehouse.duckdb"
    if not corpus.exists():
        _ogi("synth", "--n", str(n), "--out", str(corpus), "--seed", "13")
    if not wh.exists():
        _ogi("-w", str(wh), "run", str(corpus))
    return wh


def build(wh: Path, out: Path) -> dict:
    res = subprocess.run(
        [sys.executable, "-c", _BUILD, str(wh), str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(res.stdout.strip().splitlines()[-1])


_SEEN = """
window.__seen = {};
const wanted = %s;
new MutationObserver(() => {
  for (const [k, sel] of Object.entries(wanted))
    if (sel && !(k in window.__seen) && document.querySelector(sel)) window.__seen[k] = performance.now();
}).observe(document, { childList: true, subtree: true });
"""


def page_loads(site: Path, repeat: int = 3) -> dict[str, dict[str, float]]:
    """Per page type, medians over `repeat` fresh tabs in headless chromium, in seconds from navigation:
    `load` (the load event: HTML, styles, the site's script and the page's data parsed), `content` (its
    tables or figures shown) and `chart` (its first plotly chart drawn: the bundle is loaded after the
    load event, when a chart is in view)."""
    import statistics

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        return {}
    import duckdb
    from playwright.sync_api import sync_playwright

    con = duckdb.connect(str(site.parent / "warehouse.duckdb"), read_only=True)
    key = con.execute(
        "select agency_key from marts.mart_agency_year group by 1 order by count(*) desc, 1 limit 1"
    ).fetchone()[0]
    rule = (con.execute("select min(rule_id) from marts.mart_rule_evidence").fetchone() or [None])[0]
    con.close()
    pages = {  # url, content selector, chart selector
        "overview": ("index.html", "#rules", "#chart-years svg.main-svg"),
        "trends": ("trends.html", "#trends-figures", "#chart-new svg.main-svg"),
        "agency": (f"agency.html?id={key}", "#agency-figures", "#chart-agency svg.main-svg"),
        "reuse": ("reuse.html", "#reuse-summary", "#chart-reuse-mean svg.main-svg"),
        "broken": (
            f"broken.html?rule={rule}&page=1",
            "article.instance" if rule else "#broken-summary",
            None,
        ),
        "list": ("list.html?l=rules-P8", "#list-table", None),
        "columns": ("docs/columns.html", "#mart_agency_year", None),
    }
    out: dict[str, dict[str, float]] = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"])
        for name, (url, content, chart) in pages.items():
            runs: dict[str, list[float]] = {"load": [], "content": [], "chart": []}
            for _ in range(repeat):
                page = b.new_page(viewport={"width": 1280, "height": 900})
                # the page's own clock (ms from navigation) at the first DOM change that shows each
                # selector: a check from outside would wait behind plotly's parse on the main thread
                page.add_init_script(_SEEN % json.dumps({"content": content, "chart": chart}))
                path, _, query = url.partition("?")
                page.goto((site / path).as_uri() + (f"?{query}" if query else ""))
                page.wait_for_selector(content, timeout=30_000)
                if chart:
                    page.locator(chart.split(" ")[0]).scroll_into_view_if_needed()
                    page.wait_for_selector(chart, timeout=30_000)
                page.wait_for_load_state("load")
                seen = page.evaluate(
                    "() => ({load: performance.getEntriesByType('navigation')[0].loadEventEnd, ...window.__seen})"
                )
                for k, v in seen.items():
                    runs[k].append(v / 1000)
                page.close()
            out[name] = {k: statistics.median(v) for k, v in runs.items() if v}
        b.close()
    return out


def _shard(site: Path, key: str) -> dict:
    text = (site / "data" / f"{key}.js").read_text(encoding="utf-8")
    return json.loads(text[len(f"OGI.data({json.dumps(key)},") : text.rstrip().rindex(")")])


def _reports(wh: Path) -> int:
    import duckdb

    con = duckdb.connect(str(wh), read_only=True)
    try:
        return con.execute("select count(*) from marts.dim_document where is_report").fetchone()[0]
    finally:
        con.close()


def check_figures(site: Path, wh: Path) -> list[str]:
    """A few figures per page against SQL over the marts; returns the mismatches (empty when all agree)."""
    import re

    import duckdb

    con = duckdb.connect(str(wh), read_only=True)
    bad: list[str] = []
    html = (site / "index.html").read_text(encoding="utf-8")
    shown = {k: int(v.replace(",", "")) for k, v in re.findall(r'data-figure="([^"]+)">([\d,]+)<', html)}
    (reports,) = con.execute("select count(*) from marts.dim_document where is_report").fetchone()
    if shown.get("reports") != reports:
        bad.append(f"overview reports {shown.get('reports')} != {reports}")
    for rule, n in con.execute(
        "select rule_id, count(*) from marts.fct_check_results where check_status = 'fail' group by 1"
    ).fetchall():
        if shown.get(f"rule:{rule}:fail") != n:
            bad.append(f"overview {rule} fail {shown.get(f'rule:{rule}:fail')} != {n}")
    trends = _shard(site, "trends")
    for year, new, review in con.execute(
        "select report_year, sum(new_received), sum(review_total) from marts.mart_agency_year group by 1"
    ).fetchall():
        s = trends["series"]["all:"][str(year)]
        if (s["new_received"], s["review_total"]) != (new, review):
            bad.append(f"trends {year}: {s['new_received']}, {s['review_total']} != {new}, {review}")
    for key, year, results, granted in con.execute(
        "select agency_key, report_year, results_total, granted from marts.mart_agency_year using sample 100 rows"
    ).fetchall():
        y = next(y for y in _shard(site, f"agency/{key[:2]}/{key}")["years"] if y["year"] == year)
        if (y["figures"]["results_total"], y["figures"]["granted"]) != (results, granted):
            bad.append(f"agency {key} {year}")
    for rule, n in con.execute(
        "select rule_id, count(*) from marts.fct_check_results where (rule_group = 'balance' and check_status in "
        "('fail', 'incomplete')) or (rule_id = 'X1' and check_status = 'fail') group by 1"
    ).fetchall():
        if _shard(site, f"broken/{rule}/1")["total"] != n:
            bad.append(f"broken {rule}")
    con.close()
    return bad


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000])
    ap.add_argument("--full", action="store_true", help="also 100,000 reports")
    ap.add_argument("--warehouse", type=Path, help="benchmark this warehouse instead of synthetic corpora")
    ap.add_argument("--no-browser", action="store_true", help="skip the page-load timings")
    ap.add_argument("--workdir", type=Path, default=ROOT / "data" / "bench")
    args = ap.parse_args()
    targets = [("given", args.warehouse.resolve())] if args.warehouse else []
    if not args.warehouse:
        args.workdir.mkdir(parents=True, exist_ok=True)
        sizes = [*args.sizes, *([100_000] if args.full else [])]
        targets = [(f"{n:,}", warehouse_for(n, args.workdir)) for n in sizes]
    for label, wh in targets:
        site = wh.parent / "site"
        shutil.rmtree(site / "docs", ignore_errors=True)
        shutil.rmtree(site / ".cache", ignore_errors=True)  # cold: every text-reuse pair computed
        shutil.rmtree(ROOT / "target" / "site-docs", ignore_errors=True)  # cold: dbt docs generate runs
        cold = build(wh, site)
        warm = build(wh, site)
        mismatches = check_figures(site, wh)
        loads = {} if args.no_browser else page_loads(site)
        print(f"site build, {label} reports ({wh}):")
        print(f"  cold (column docs regenerated): {cold['seconds']:.1f} s ({cold['cpu']:.1f} s CPU)")
        print(
            f"  warm (column docs, text reuse unchanged): {warm['seconds']:.1f} s ({warm['cpu']:.1f} s CPU)"
        )
        for run, r in (("cold", cold), ("warm", warm)):
            print(f"  {run} stages, CPU s: " + ", ".join(f"{k} {v:.2f}" for k, v in r["stages_cpu"].items()))
        print(f"  text-reuse years: {warm['reuse_cache']} (warm build)")
        n = _reports(wh)
        if n < 100_000:
            f = 100_000 / n
            site_cpu = {k: v * f for k, v in cold["stages_cpu"].items() if k != "column_docs"}
            print(
                f"  extrapolated from {n:,} to 100,000 reports (linear, CPU seconds without the column docs): "
                f"cold {sum(site_cpu.values()):.0f} s, warm "
                f"{sum(v * f for k, v in warm['stages_cpu'].items() if k != 'column_docs'):.0f} s"
            )
        print(f"  files: {warm['files']:,} ({warm['agencies']:,} agency shards)")
        print(
            f"  largest page or data shard: {warm['largest_data'][0]} {warm['largest_data'][1] / MB:.2f} MB"
        )
        print(f"  largest file: {warm['largest_file'][0]} {warm['largest_file'][1] / MB:.2f} MB")
        print(f"  figures equal SQL over the marts: {mismatches or 'yes'}")
        for name, t in loads.items():
            chart = f", first chart {t['chart']:.2f} s" if "chart" in t else ""
            print(
                f"  page {name:9s} load event {t['load']:.2f} s, content {t['content']:.2f} s{chart} (median of 3)"
            )


if __name__ == "__main__":
    main()
