"""Build the analyst's site: static pages and data shards from the marts, readable from file://.

Every figure comes from SQL over the marts (report/queries); nothing is re-parsed. Pages are small shells
that draw their tables and plotly charts from JSON: figures a page always shows are inlined in it, the
rest (one agency, one page of a long list) sits in data shards that the page loads on demand as
<script> files calling OGI.data(key, payload): browsers refuse fetch() on file://, but not scripts. So
the site works from a folder with no server and no network, and no page grows with the corpus.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
from jinja2 import Environment, FileSystemLoader, select_autoescape

from report.data import Marts
from report.docs import column_docs_page
from report.reuse import BOILERPLATE_SHARE, NGRAM
from report.reuse_cache import cached_year_over_year
from report.search import write_index
from report.writer import Writer, clean, paged, to_json

HERE = Path(__file__).parent
# The agency shards are JSON aggregates, which DuckDB cannot spill: they are built in batches of agencies
# (each agency in one batch) small in reports and in section text, under a memory limit that keeps the
# whole `ogi run` within 4 GB at 100k reports. At 100k synthetic reports (99,250 agency-years, 466 MB of
# section text) batches of 10,000 agency-years needed more than 2 GB and fit in 3 GB; real reports carry
# about 1.7x the text of synthetic ones, hence the bound on text too. A batch that still runs out of
# memory is split in two and built again.
AGENCY_YEARS_PER_BATCH = 10_000
SECTION_TEXT_BYTES_PER_BATCH = 40_000_000
SITE_MEMORY_LIMIT = os.environ.get("OGI_SITE_MEMORY_LIMIT", "3GB")
BROKEN_PAGE_SIZE = 50  # broken rule instances per shard (each carries its cells)
PAGES = ("index.html", "trends.html", "agency.html", "reuse.html", "broken.html", "list.html")


@dataclass
class SiteSummary:
    index: Path
    seconds: float
    files: int = 0
    agencies: int = 0
    largest_file: tuple[str, int] = ("", 0)  # over every file of the site (plotly's bundle and docs included)
    largest_data: tuple[str, int] = ("", 0)  # the largest page or data shard built from the marts
    column_docs: Path | None = None
    notes: list[str] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per step of the build
    # CPU seconds per step: this process (DuckDB's threads included) and its worker processes
    stages_cpu: dict[str, float] = field(default_factory=dict)
    reuse_cache: dict[str, int] = field(default_factory=dict)  # report years reused / recomputed


def _rows_clean(rows: list[dict]) -> list[dict]:
    return [{k: clean(v) for k, v in r.items()} for r in rows]


# ---------------------------------------------------------------- pages


def _overview(m: Marts) -> dict:
    counts = m.rows("overview", "counts")[0]
    return {
        "counts": counts,
        "by_year": m.rows("overview", "by_year"),
        "source_formats": m.rows("overview", "source_formats"),
        "source_format_is_extension": not m.has_source_format,
        "template_versions": m.rows("overview", "template_versions"),
        "issues": m.rows("overview", "issues_by_code"),
        "cells": m.rows("overview", "cells"),
        "rules": m.rows("overview", "rule_outcomes"),
    }


def _lists(m: Marts, w: Writer) -> dict[str, int]:
    """The paged lists behind the overview's counts; returns list name -> pages."""
    columns = {
        "issues": [
            "agency_name",
            "report_year",
            "source_file",
            "severity",
            "line_number",
            "cell_key",
            "message",
        ],
        "rules": [
            "agency_name",
            "report_year",
            "source_file",
            "check_status",
            "scope_key",
            "observed",
            "expected",
            "difference",
            "message",
        ],
        "resolved": [
            "agency_name",
            "report_year",
            "source_file",
            "check_status",
            "scope_key",
            "observed",
            "expected",
            "message",
        ],
        "abstained": [
            "agency_name",
            "report_year",
            "source_file",
            "abstained_cells",
            "missing_cells",
            "cells",
        ],
    }
    written: dict[str, int] = {}
    for name, cols in columns.items():
        groups: dict[str, list[dict]] = defaultdict(list)
        for r in _rows_clean(m.rows("lists", name)):
            groups[r.pop("list_key")].append(r)
        for key, rows in groups.items():
            list_name = f"{name}-{key}" if name != "abstained" else name
            written[list_name] = paged(
                w, f"lists/{list_name}", rows, {"list": list_name, "kind": name, "key": key, "columns": cols}
            )
    if "abstained" not in written:
        written["abstained"] = paged(
            w,
            "lists/abstained",
            [],
            {"list": "abstained", "kind": "abstained", "key": "abstained", "columns": columns["abstained"]},
        )
    return written


def _trends(m: Marts) -> dict:
    series: dict[str, dict] = defaultdict(dict)
    geos: dict[str, dict] = {}
    for r in _rows_clean(m.rows("trends", "measures")):
        gid = f"{r['geo_kind']}:{r['geo_key']}"
        geos.setdefault(gid, {"id": gid, "kind": r["geo_kind"], "key": r["geo_key"], "agency_years": 0})
        geos[gid]["agency_years"] += r["agency_years"]
        series[gid][r["report_year"]] = {
            k: v for k, v in r.items() if k not in ("geo_kind", "geo_key", "report_year")
        }
    denied: dict[str, dict] = defaultdict(lambda: defaultdict(dict))
    for r in _rows_clean(m.rows("trends", "denied_reasons")):
        denied[f"{r['geo_kind']}:{r['geo_key']}"][r["report_year"]][r["harmonised_outcome_key"]] = r[
            "applications"
        ]
    disclosure: dict[str, dict] = defaultdict(lambda: defaultdict(dict))
    for r in _rows_clean(m.rows("trends", "disclosure")):
        disclosure[f"{r['geo_kind']}:{r['geo_key']}"][r["report_year"]][r["harmonised_cell_key"]] = r["value"]
    order = {"all": 0, "level": 1, "province": 2, "city": 3}
    return {
        "geos": sorted(geos.values(), key=lambda g: (order[g["kind"]], g["key"])),
        "years": sorted({y for s in series.values() for y in s}),
        "series": series,
        "denied": denied,
        "disclosure": disclosure,
        "disclosure_items": _rows_clean(m.rows("trends", "disclosure_items")),
        "outcomes": _rows_clean(m.rows("trends", "outcome_labels")),
    }


def _write_trends(w: Writer, trends: dict) -> None:
    """data/trends.js: national, per level and per province; each province's cities in their own shard
    (data/trends-city/<province>.js, loaded when one of its cities is chosen), so no file grows with
    the number of cities."""
    cities: dict[str, dict] = defaultdict(lambda: {"series": {}, "denied": {}, "disclosure": {}})
    for part in ("series", "denied", "disclosure"):
        for gid in [g for g in trends[part] if g.startswith("city:")]:
            province = gid[len("city:") :].split("/", 1)[0]
            cities[province][part][gid] = trends[part].pop(gid)
    for g in trends["geos"]:
        if g["kind"] == "city":
            g["shard"] = "trends-city/" + g["key"].split("/", 1)[0]
    w.data("trends", trends)
    for province, part in cities.items():
        w.data(f"trends-city/{province}", part)


def _agencies(m: Marts, w: Writer) -> int:
    index = [
        [
            r["agency_key"],
            r["agency_name"],
            r["agency_aliases"],
            r["agency_level"],
            r["region"],
            r["first_report_year"],
            r["last_report_year"],
        ]
        for r in m.rows("agencies", "index")
    ]
    write_index(w, index)
    w.data("dims", None, raw=m.con.execute(_dims_sql(m)).fetchone()[0])
    agency_years, text_bytes = m.con.execute(
        "select (select count(*) from marts.mart_agency_year), "
        "(select coalesce(sum(strlen(section_text)), 0) from marts.fct_report_sections)"
    ).fetchone()
    batches = max(
        1,
        math.ceil(agency_years / AGENCY_YEARS_PER_BATCH),
        math.ceil(text_bytes / SECTION_TEXT_BYTES_PER_BATCH),
    )
    written: set[str] = set()
    todo = [(i, batches) for i in range(batches)]
    while todo:
        i, of = todo.pop(0)
        where = "true" if of == 1 else f"hash(agency_key) % {of} = {i}"
        try:
            cur = m.con.execute(m.sql("agencies", "shards").replace("{{agency_batch}}", where))
            while batch := cur.fetchmany(2000):
                for key, shard in batch:
                    w.data(f"agency/{key[:2]}/{key}", None, raw=shard)
                    written.add(key)
        except duckdb.OutOfMemoryException:
            if of >= agency_years:
                raise
            # hash % 2k is i or i + k exactly when hash % k is i: the two halves, written again whole
            todo += [(i, 2 * of), (i + of, 2 * of)]
    return len(written)


def _dims_sql(m: Marts) -> str:
    return (
        "select json_object('outcomes', outcomes, 'applicants', applicants, 'review_litigation', "
        f"review_litigation, 'disclosure_items', disclosure_items)::varchar from ({m.sql('agencies', 'dims')})"
    )


def _reuse(m: Marts, w: Writer, workers: int | None) -> tuple[dict, dict[str, int]]:
    # pairs of unchanged years come from the previous build (report/reuse_cache.py)
    table, counts = cached_year_over_year(m.con, m.sql("reuse", "texts"), w.out / ".cache", workers=workers)
    m.con.register("reuse", table)
    # every pair, for a spreadsheet or another engine; the page lists the most similar ones
    csv = w.out / "reuse.csv"
    m.con.execute(f"copy ({m.sql('reuse', 'all')}) to '{csv.as_posix()}.part' (format csv, header)")
    with csv.open("wb") as f, open(f"{csv}.part", "rb") as src:
        f.write(b"\xef\xbb\xbf")
        shutil.copyfileobj(src, f, 1 << 20)
    Path(f"{csv}.part").unlink()
    top = _rows_clean(m.rows("reuse", "top"))
    for r in top:
        r.pop("list_key")
    cols = [
        "agency_name",
        "report_year",
        "section_zh",
        "similarity",
        "shingles",
        "previous_shingles",
        "source_file",
    ]
    pages = paged(w, "lists/reuse", top, {"list": "reuse", "kind": "reuse", "key": "reuse", "columns": cols})
    summary = {"summary": _rows_clean(m.rows("reuse", "summary")), "top_pages": pages, "top_total": len(top)}
    return summary, counts


def _broken(m: Marts, w: Writer) -> dict:
    summary = m.rows("broken", "summary")
    by_rule: dict[str, list[dict]] = defaultdict(list)
    for r in _rows_clean(m.rows("broken", "instances")):
        r["cells"] = json.loads(r["cells"])
        by_rule[r["rule_id"]].append(r)
    pages = {}
    for rule, rows in by_rule.items():
        pages[rule] = paged(w, f"broken/{rule}", rows, {"rule": rule}, size=BROKEN_PAGE_SIZE)
    for s in summary:
        s["pages"] = pages.get(s["rule_id"], 0)
    return {"summary": summary}


# ---------------------------------------------------------------- assets


def _assets(out: Path) -> None:
    """assets/: plotly's bundle (written once per plotly version), the site's own script and style."""
    import plotly
    from plotly.offline import get_plotlyjs

    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    stamp = assets / "plotly.version"
    if (
        not (assets / "plotly.min.js").exists()
        or not stamp.exists()
        or stamp.read_text() != plotly.__version__
    ):
        (assets / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
        stamp.write_text(plotly.__version__)
    for name in ("site.js", "site.css"):
        shutil.copyfile(HERE / "assets" / name, assets / name)


# ---------------------------------------------------------------- build


def build_site(
    warehouse: Path,
    out: Path,
    *,
    column_docs: bool = True,
    workers: int | None = None,
    base_dir: Path | None = None,
) -> SiteSummary:
    """Write the site for `warehouse` into `out`; returns where index.html is and what was written.

    base_dir resolves relative source paths of documents into file:// links (default: the working dir).
    """
    t0 = time.perf_counter()
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    stages: dict[str, float] = {}
    stages_cpu: dict[str, float] = {}
    clock = [time.perf_counter(), _cpu()]

    def lap(name: str) -> None:
        now, cpu = time.perf_counter(), _cpu()
        stages[name], stages_cpu[name] = now - clock[0], cpu - clock[1]
        clock[0], clock[1] = now, cpu

    env = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html", "j2"])
    )
    docs_page = column_docs_page(warehouse, out, env, notes) if column_docs else None
    lap("column_docs")
    shutil.rmtree(out / "data", ignore_errors=True)  # shards of agencies and pages that are gone
    w = Writer(out)
    # the configuration every stage uses: DuckDB refuses a second one in a process that still holds
    # a connection (dbt's, after the column docs); the site only reads
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("set enable_progress_bar = false")
        con.execute(f"set memory_limit = '{SITE_MEMORY_LIMIT}'")  # see AGENCY_YEARS_PER_BATCH
        m = Marts(con)
        overview = _overview(m)
        lap("overview")
        lists = _lists(m, w)
        lap("lists")
        _write_trends(w, _trends(m))
        lap("trends")
        reuse, reuse_cache = _reuse(m, w, workers)
        lap("reuse")
        agencies = _agencies(m, w)
        lap("agencies")
        broken = _broken(m, w)
        lap("broken")
    finally:
        con.close()
    _assets(out)
    common = {
        "warehouse": str(warehouse),
        "built_at": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
        "has_column_docs": docs_page is not None,
        "base_dir": str((base_dir or Path.cwd()).resolve()),
    }
    page_data = {
        "index.html": {"overview": overview, "lists": lists},
        "trends.html": {},
        "agency.html": {},
        "reuse.html": {**reuse, "ngram": NGRAM, "boilerplate_share": BOILERPLATE_SHARE},
        "broken.html": broken,
        "list.html": {"lists": lists},
    }
    for page in PAGES:
        data = {**page_data[page], "base_dir": common["base_dir"]}
        html = env.get_template(page + ".j2").render(
            page=page, data=data, page_json=to_json(data).replace("</", "<\\/"), **common
        )
        w.write(page, html)
    lap("pages")
    largest = max(
        (
            (str(p.relative_to(out)), p.stat().st_size)
            for p in out.rglob("*")
            if p.is_file() and ".cache" not in p.parts
        ),
        key=lambda x: x[1],
    )
    return SiteSummary(
        index=out / "index.html",
        seconds=time.perf_counter() - t0,
        files=w.files,
        agencies=agencies,
        largest_file=largest,
        largest_data=w.largest,
        column_docs=docs_page,
        notes=notes,
        stages=stages,
        stages_cpu=stages_cpu,
        reuse_cache=reuse_cache,
    )


def _cpu() -> float:
    """CPU seconds of this process (every thread) and of its finished children (the reuse workers)."""
    import resource

    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime
