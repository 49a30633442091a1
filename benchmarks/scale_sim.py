"""How far the marts on DuckDB go: raw tables of N reports simulated from a landed synthetic corpus.

    PYTHONPATH=. python benchmarks/scale_sim.py SOURCE.duckdb --factor 100 --out /tmp/sim.duckdb

Copies the raw tables `documents` and `cells` of SOURCE (a warehouse that ingested an `ogi synth`
corpus) `factor` times into a new DuckDB file, each copy with its own doc ids, so the row counts, value
distributions and string cardinalities per report are the measured ones, at `factor` times the reports.
Then runs, each in a fresh process (peak RSS of that process alone), three queries shaped like the
heaviest dbt work: the table-三 fact (a filter and a join of every cell to its document, written as a
table), the agency × year aggregate, and the grain test (every cell grouped by a hash of document and cell key).
Prints one JSON line per step: rows, seconds, peak RSS, file size. Figures are from one run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

QUERIES = {
    "fact_t3": "create or replace table fct_t3 as select c.doc_id, c.row_key, c.col_key, c.value, c.raw_text, "
    "d.report_year, d.agency_name from cells c join documents d using (doc_id) "
    "where c.table_id = 't3' and d.is_report",
    "agency_year": "create or replace table agency_year as select d.agency_name, d.report_year, count(*) as cells, "
    "sum(c.value) filter (where c.table_id = 't3') as t3_sum, count(*) filter (where c.value is null) "
    "as blanks from cells c join documents d using (doc_id) group by all",
    # as the project's grain macro: one 64-bit hash per (document, cell key) first (commit 207b3df)
    "grain_test": "select count(*) from (select hash(doc_id, cell_key) as h from cells group by h "
    "having count(*) > 1)",
}


def build(source: Path, out: Path, factor: int) -> dict:
    import duckdb

    out.unlink(missing_ok=True)
    con = duckdb.connect(str(out))
    con.execute(f"attach '{source}' as src (read_only)")
    t = time.perf_counter()
    # each copy is another agency too, so agency × year groups grow with the reports as they would
    con.execute(
        "create table documents as select * replace (doc_id || '-' || r::varchar as doc_id, "
        "agency_name || '#' || r::varchar as agency_name) "
        f"from src.raw.documents, range({factor}) t(r)"
    )
    con.execute(
        "create table cells as select * replace (doc_id || '-' || r::varchar as doc_id) "
        f"from src.raw.cells, range({factor}) t(r)"
    )
    con.execute("checkpoint")
    rows = {t_: con.execute(f"select count(*) from {t_}").fetchall()[0][0] for t_ in ("documents", "cells")}
    con.close()
    return {
        "step": "generate",
        "factor": factor,
        "rows": rows,
        "seconds": round(time.perf_counter() - t, 1),
        "file_gb": round(out.stat().st_size / 1e9, 2),
    }


def run_query(db: str, name: str, memory_limit: str) -> None:
    import duckdb

    con = duckdb.connect(db)
    con.execute(f"set memory_limit = '{memory_limit}'")
    con.execute("set preserve_insertion_order = false")
    t = time.perf_counter()
    res = con.execute(QUERIES[name]).fetchall()
    seconds = time.perf_counter() - t
    table = {"fact_t3": "fct_t3", "agency_year": "agency_year"}.get(name)
    rows = con.execute(f"select count(*) from {table}").fetchall()[0][0] if table else res[0][0]
    con.close()
    print(
        json.dumps(
            {
                "step": name,
                "rows": rows,
                "seconds": round(seconds, 1),
                "memory_limit": memory_limit,
                "peak_rss_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6, 2),
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("--factor", type=int, default=10)
    ap.add_argument("--out", type=Path, default=Path("/tmp/ogi-scale-sim.duckdb"))
    ap.add_argument("--memory-limit", default="4GB")
    ap.add_argument("--query", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.query:
        run_query(str(a.out), a.query, a.memory_limit)
        return
    print(json.dumps(build(a.source.resolve(), a.out, a.factor)), flush=True)
    for name in QUERIES:
        subprocess.run(
            [
                sys.executable,
                __file__,
                str(a.source),
                "--out",
                str(a.out),
                "--query",
                name,
                "--memory-limit",
                a.memory_limit,
            ],
            check=True,
            env=os.environ,
        )
    print(json.dumps({"step": "final", "file_gb": round(a.out.stat().st_size / 1e9, 2)}))


if __name__ == "__main__":
    main()
