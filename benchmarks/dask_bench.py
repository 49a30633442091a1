"""Local process pool vs Dask `LocalCluster`: wall time of `ingest` on one machine (issue 14).

    PYTHONPATH=. python benchmarks/dask_bench.py [--text 10000] [--pdfs 200] [--workers 2]

Two corpora: N synthetic text/HTML reports (`ogi synth`), and P PDFs made by repeating the real PDFs
of ../shared/realworld/docs (each copy gets a unique trailing comment after %%EOF, so every copy is its
own document instead of a duplicate skipped by hash). For each: the local pool's ingest, then the
cluster's start-up and its ingest, each into a fresh warehouse and writing the raw Parquet mirror as
`ogi ingest` does; for the PDFs also the cluster with 1 and 2 workers (throughput of the PDF path).
Each case runs `--repeat` times, local and cluster alternating, and the median is reported (the
machine's load average is printed with it: on a shared machine, read loaded figures as rough).
Prints one JSON line per run and a summary table.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REALWORLD = Path(os.environ.get("OGI_REALWORLD", ROOT.parent / "shared" / "realworld"))
if not (REALWORLD / "docs").is_dir():
    REALWORLD = Path("/work/shared/realworld")


def pdf_corpus(out: Path, n: int) -> Path:
    """`n` distinct PDFs from the real ones, repeated."""
    sources = sorted((REALWORLD / "docs").glob("*.pdf"))
    if not sources:
        raise SystemExit(f"no PDFs in {REALWORLD / 'docs'}")
    out.mkdir(parents=True, exist_ok=True)
    blobs = [p.read_bytes() for p in sources]
    for i in range(n):
        src = sources[i % len(sources)]
        (out / f"{i:04d}_{src.name}").write_bytes(blobs[i % len(blobs)] + f"\n%ogi-bench-copy-{i}\n".encode())
    return out


def run_ingest(corpus: Path, wh: Path, executor=None, workers: int | None = None) -> dict:
    import shutil

    import duckdb

    from extract.ingest import ingest

    for old in wh.parent.glob(wh.name + "*"):  # a fresh warehouse every time: nothing skipped as unchanged
        old.unlink()
    mirror = wh.with_suffix("")  # the raw Parquet mirror, as `ogi ingest` writes it
    shutil.rmtree(mirror, ignore_errors=True)
    con = duckdb.connect(str(wh))
    t = time.perf_counter()
    try:
        s = ingest(con, [corpus], executor=executor, workers=workers, parquet_dir=mirror)
    finally:
        con.close()
    wall = time.perf_counter() - t
    return {
        "wall_s": round(wall, 2),
        "files": s.files,
        "landed": s.landed,
        "failed": len(s.failed),
        "reports_per_s": round(s.landed / wall, 1) if wall else None,
        "mirror": s.mirror,
        "mirror_s": round(s.timings.get("parquet", 0.0), 2),
    }


def dask_ingest(corpus: Path, wh: Path, workers: int) -> dict:
    from extract.run.dask_executor import DaskExecutor

    t = time.perf_counter()
    ex = DaskExecutor(workers=workers)
    start = time.perf_counter() - t
    try:
        r = run_ingest(corpus, wh, executor=ex)
    finally:
        ex.close()
    r["cluster_start_s"] = round(start, 2)
    r["wall_with_start_s"] = round(r["wall_s"] + start, 2)
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--text", type=int, default=10_000, help="synthetic text/HTML reports (0: skip)")
    ap.add_argument("--pdfs", type=int, default=200, help="PDF copies (0: skip)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="runs per case; the median is reported")
    ap.add_argument("--tmp", type=Path, default=None, help="scratch folder (default: a temp folder)")
    args = ap.parse_args()
    tmp = args.tmp or Path(tempfile.mkdtemp(prefix="ogi-dask-bench-"))
    results: dict[str, dict] = {}
    runs: dict[str, list[dict]] = {}

    def record(name: str, r: dict) -> None:
        r["load_1m"] = round(os.getloadavg()[0], 2)
        runs.setdefault(name, []).append(r)
        print(json.dumps({"case": name, **r}), flush=True)
        ordered = sorted(runs[name], key=lambda x: x["wall_s"])
        results[name] = ordered[(len(ordered) - 1) // 2]  # the median run (the lower one of an even count)

    if args.text:
        from synth.generate import generate

        corpus = tmp / f"text{args.text}"
        if not corpus.exists():
            generate(args.text, corpus, seed=1, workers=args.workers)
        for _ in range(args.repeat):
            record("text_local", run_ingest(corpus, tmp / "text_local.duckdb", workers=args.workers))
            record("text_dask", dask_ingest(corpus, tmp / "text_dask.duckdb", args.workers))
    if args.pdfs:
        corpus = pdf_corpus(tmp / f"pdf{args.pdfs}", args.pdfs)
        for _ in range(args.repeat):
            record("pdf_local", run_ingest(corpus, tmp / "pdf_local.duckdb", workers=args.workers))
            record("pdf_dask_1", dask_ingest(corpus, tmp / "pdf_dask1.duckdb", 1))
            record(f"pdf_dask_{args.workers}", dask_ingest(corpus, tmp / "pdf_dask.duckdb", args.workers))

    print(f"\nmedian of {args.repeat} run(s) per case")
    print(
        f"{'case':<14} {'files':>6} {'wall s':>8} {'+start s':>9} {'mirror s':>9} {'reports/s':>10} {'load':>5}  overhead vs local"
    )
    pairs = {"text_dask": "text_local", f"pdf_dask_{args.workers}": "pdf_local"}
    for name, r in results.items():
        over = ""
        if (base := results.get(pairs.get(name, ""))) is not None:
            over = (
                f"{100 * (r['wall_s'] / base['wall_s'] - 1):+.0f} % ingest, "
                f"{100 * (r['wall_with_start_s'] / base['wall_s'] - 1):+.0f} % with cluster start-up"
            )
        print(
            f"{name:<14} {r['files']:>6} {r['wall_s']:>8} {r.get('cluster_start_s', ''):>9} {r['mirror_s']:>9} "
            f"{r['reports_per_s'] or '':>10} {r['load_1m']:>5}  {over}"
        )


if __name__ == "__main__":
    main()
