"""Benchmark: generate synthetic corpora, then measure extraction speed, `ogi run` per stage, peak RSS,
the unchanged re-run, cell accuracy against the generator's truth, and injected defects detected.

    python benchmarks/run.py                  # 1k and 10k reports
    python benchmarks/run.py --full           # + 100k (minutes; the machine is busy meanwhile)
    python benchmarks/run.py --sizes 2000 --repeats 3 --json out.json

Corpora are cached under --workdir by (size, seed, defect rate); warehouses are rebuilt every time.
Each end-to-end run happens in a child process so its peak RSS (self + workers) is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHUNK = 64


# ---------------------------------------------------------------- machine


def machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    mem = next((int(x.split()[1]) // 1024 for x in meminfo if x.startswith("MemTotal")), None)
    cpu = next((x.split(":", 1)[1].strip() for x in cpuinfo if x.startswith("model name")), "?")
    import duckdb

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "mem_mb": mem,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "platform": platform.platform(),
    }


# ---------------------------------------------------------------- corpus


def corpus(workdir: Path, n: int, seed: int, rate: float) -> tuple[Path, float | None]:
    from synth.generate import GENERATOR_VERSION, generate, truth_path

    d = workdir / f"corpus_{n}_s{seed}_d{rate}_g{GENERATOR_VERSION}"
    if truth_path(d).exists() and d.exists():
        return d, None
    t = time.perf_counter()
    generate(n, d, seed=seed, defect_rate=rate, force=True)
    return d, time.perf_counter() - t


# ---------------------------------------------------------------- extraction throughput (parse only)


def _parse_only(paths: list[str]) -> int:
    from extract.parse import parse_bytes

    for p in paths:
        with open(p, "rb") as f:
            parse_bytes(f.read(), os.path.basename(p), source_path=p)
    return len(paths)


def _parse_arrow(paths: list[str]) -> int:
    from extract.batch import parse_chunk

    return len(parse_chunk(paths).doc_ids)


def throughput(files: list[str], workers: int, fn=_parse_only) -> float:
    """Reports per second parsing `files` with `workers` processes (page cache warm)."""
    import extract.parse  # noqa: F401 - import (and template load) before forking, like ingest does

    chunks = [files[i : i + CHUNK] for i in range(0, len(files), CHUNK)]
    t = time.perf_counter()
    if workers == 1:
        n = sum(map(fn, chunks))
    else:
        with get_context("fork").Pool(workers) as pool:
            n = sum(pool.imap_unordered(fn, chunks))
    return n / (time.perf_counter() - t)


# ---------------------------------------------------------------- accuracy and defects


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return abs(float(a) - float(b)) <= 0.0005
    except (TypeError, ValueError):
        return False


def _cells(rec: dict, version: str):
    from extract.template import load_template

    tpl = load_template(version)
    t2, t3, t4 = rec.get("t2") or {}, rec.get("t3") or {}, rec.get("t4") or []
    for c in tpl.t2_cells:
        yield c.key, (t2.get(c.row_key) or {}).get(c.col_key)
    for r in tpl.t3_data_rows:
        row = t3.get(r.key) or []
        for c in tpl.t3_columns:
            yield f"t3.{r.key}.{c.key}", row[c.index] if c.index < len(row) else None
    for c in tpl.t4_columns:
        yield f"t4.{c.key}", t4[c.index] if c.index < len(t4) else None


def _score(items: list[tuple[str, str]]) -> dict:
    """Parse each file and compare it with its truth line; runs in a worker."""
    from extract.parse import parse_bytes
    from synth.rules import evaluate

    s: dict = {
        "cells": Counter(),
        "docs": Counter(),
        "fields": Counter(),
        "defects": Counter(),
        "mism": [],
        "mism_by": Counter(),
    }
    for path, line in items:
        truth = json.loads(line)
        with open(path, "rb") as f:
            rec = parse_bytes(f.read(), os.path.basename(path), source_path=path)
        defects = truth.get("defects") or []
        clean = not defects
        if not truth["is_report"]:
            for d in defects:
                s["defects"][(d["kind"], "n")] += 1
                s["defects"][(d["kind"], "detected")] += not rec.get("is_report")
                s["defects"][(d["kind"], "handled")] += not rec.get("is_report")
            continue
        lay = truth["layout"]
        s["docs"][(lay, "n")] += clean
        s["docs"][(lay, "all")] += 1
        exact = True
        version = truth["template"]
        parsed = dict(_cells(rec, version)) if rec.get("template") == version else {}
        for key, want in _cells(truth, version):
            got = parsed.get(key)
            ok = _close(got, want)
            s["cells"][("all", lay, "n")] += 1
            s["cells"][("all", lay, "ok")] += ok
            if clean:
                s["cells"][("clean", lay, "n")] += 1
                s["cells"][("clean", lay, "ok")] += ok
                if not ok:
                    exact = False
                    s["mism_by"][(lay, key.split(".")[0])] += 1
                    if len(s["mism"]) < 3:
                        s["mism"].append(
                            {"file": path, "layout": lay, "cell": key, "truth": want, "parsed": got}
                        )
        if clean:
            s["docs"][(lay, "exact")] += exact
            for f in ("layout", "template", "report_year", "publication_date"):
                s["fields"][(f, "ok")] += rec.get(f) == truth.get(f)
            names = {rec.get("agency_name"), *(rec.get("agency_aliases") or [])}
            s["fields"][("agency_name", "ok")] += bool(
                {truth["agency_name"], *truth["agency_aliases"]} & names
            )
            s["fields"][("region", "ok")] += all(
                (rec.get("region") or {}).get(k) == v for k, v in truth["region"].items()
            )
            s["fields"][("is_report", "ok")] += bool(rec.get("is_report"))
            s["fields"][("n", "n")] += 1
        flags = rec.get("cell_flags") or {}
        reported = any(i["severity"] in ("error", "warning") for i in rec.get("issues") or [])
        outcomes = [o for _, _, o in evaluate(rec)] if rec.get("template") in ("v2019", "v2021") else []
        for d in defects:
            k, cell = d["kind"], d.get("cell")
            got = parsed.get(cell)
            row = cell.rsplit(".", 1)[0] + "." if cell else None
            row_flagged = bool(row and any(key.startswith(row) and v for key, v in flags.items()))
            if k == "imbalance":
                handled = "fail" in outcomes
            elif k == "blank_total":
                handled = got is None and ("incomplete" in outcomes or "fail" in outcomes or row_flagged)
            elif k == "na_marker":
                handled = got is None and "na_marker" in (flags.get(cell) or [])
            elif k == "approx_marker":
                handled = _close(got, d["value"]) and "approx" in (flags.get(cell) or [])
            elif k == "split_number":
                handled = _close(got, d["value"])
            else:
                handled = False
            s["defects"][(k, "n")] += 1
            s["defects"][(k, "handled")] += handled
            s["defects"][(k, "detected")] += handled or row_flagged or reported or "fail" in outcomes
    return s


def accuracy(cdir: Path, workers: int) -> dict:
    from synth.generate import truth_path

    items = []
    with open(truth_path(cdir), encoding="utf-8") as f:
        for line in f:
            rel = line.split('"source_path":"', 1)[1].split('"', 1)[0]
            items.append((str(cdir / rel), line))
    chunks = [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
    total: dict = {
        "cells": Counter(),
        "docs": Counter(),
        "fields": Counter(),
        "defects": Counter(),
        "mism": [],
        "mism_by": Counter(),
    }
    with get_context("fork").Pool(workers) as pool:
        for s in pool.imap_unordered(_score, chunks):
            for k in ("cells", "docs", "fields", "defects", "mism_by"):
                total[k].update(s[k])
            total["mism"] += s["mism"][: max(0, 10 - len(total["mism"]))]
    return _summarise(total)


def _pct(ok: int, n: int) -> float | None:
    return round(100 * ok / n, 3) if n else None


def _summarise(t: dict) -> dict:
    layouts = sorted({k[1] for k in t["cells"]})
    per_layout = {}
    for lay in layouts:
        per_layout[lay] = {
            "clean_cells_pct": _pct(t["cells"][("clean", lay, "ok")], t["cells"][("clean", lay, "n")]),
            "all_cells_pct": _pct(t["cells"][("all", lay, "ok")], t["cells"][("all", lay, "n")]),
            "clean_docs_exact_pct": _pct(t["docs"][(lay, "exact")], t["docs"][(lay, "n")]),
            "docs": t["docs"][(lay, "all")],
        }
    clean_ok = sum(v for k, v in t["cells"].items() if k[0] == "clean" and k[2] == "ok")
    clean_n = sum(v for k, v in t["cells"].items() if k[0] == "clean" and k[2] == "n")
    all_ok = sum(v for k, v in t["cells"].items() if k[0] == "all" and k[2] == "ok")
    all_n = sum(v for k, v in t["cells"].items() if k[0] == "all" and k[2] == "n")
    kinds = sorted({k[0] for k in t["defects"]})
    defects = {
        k: {
            "n": t["defects"][(k, "n")],
            "handled": t["defects"][(k, "handled")],
            "detected": t["defects"][(k, "detected")],
        }
        for k in kinds
    }
    dn = sum(d["n"] for d in defects.values())
    n = t["fields"][("n", "n")]
    return {
        "clean_cells_pct": _pct(clean_ok, clean_n),
        "all_cells_pct": _pct(all_ok, all_n),
        "per_layout": per_layout,
        "fields_pct": {f: _pct(v, n) for (f, kind), v in t["fields"].items() if kind == "ok"},
        "defects": defects,
        "defects_detected_pct": _pct(sum(d["detected"] for d in defects.values()), dn),
        "defects_handled_pct": _pct(sum(d["handled"] for d in defects.values()), dn),
        "mismatch_by_layout_table": {f"{a}/{b}": v for (a, b), v in t["mism_by"].most_common(12)},
        "mismatch_examples": t["mism"],
    }


# ---------------------------------------------------------------- end to end (in a child process)


def e2e_child(cdir: str, warehouse: str) -> None:
    """`ogi run` through the library (`ogi.pipeline.run_pipeline`, the function the CLI calls); prints one
    JSON line with the stage timings and the peak RSS after each stage."""
    from ogi.pipeline import run_pipeline

    wh = Path(warehouse).resolve()
    out: dict = {"stages": {}, "not_built": [], "errors": []}

    def on_stage(name: str, result) -> None:
        # ru_maxrss only grows: the snapshot after each stage shows which stage set the peak
        out.setdefault("rss_after_mb", {})[name] = {
            "self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            "largest_child": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
        }
        print(f"STAGE {name} rss {out['rss_after_mb'][name]}", file=sys.stderr, flush=True)
        if name == "ingest" and result is not None:
            out["ingest"] = {
                "files": result.files,
                "landed": result.landed,
                "skipped": result.skipped,
                "failed": len(result.failed),
                "not_reports": len(result.not_reports),
                "cells": result.cells,
                "timings": {k: round(v, 3) for k, v in result.timings.items()},
            }
        elif name == "check" and result is not None:
            out["check_timings"] = {
                k: round(v, 3) for k, v in (getattr(result, "timings", None) or {}).items()
            }

    t0 = time.perf_counter()
    try:
        res = run_pipeline(wh, [cdir], quiet=True, on_stage=on_stage)
    except Exception as e:  # a failing run is a finding: record it
        out["errors"].append(f"{type(e).__name__}: {e}"[:500])
    else:
        out["stages"] = {k: round(v, 3) for k, v in res.seconds.items()}
        out["not_built"] = list(res.not_built)
        if res.unchanged_since:
            out["skipped"] = ["build", "check", "export", "report"]
        if res.failed:
            out["errors"].append(f"{res.failed}: {list(res.build.failures if res.build else [])[:3]}")
    out["total"] = round(time.perf_counter() - t0, 3)
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    out["peak_rss_mb"] = {"self": me.ru_maxrss // 1024, "largest_child": kids.ru_maxrss // 1024}
    print("E2E " + json.dumps(out))


def e2e(cdir: Path, warehouse: Path) -> dict:
    r = subprocess.run(
        [sys.executable, __file__, "--e2e-child", str(cdir), str(warehouse)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    line = next((x for x in r.stdout.splitlines() if x.startswith("E2E ")), None)
    if line is None:
        return {"errors": [f"child failed (rc {r.returncode}): {r.stderr[-2000:]}"]}
    return json.loads(line[4:])


# ---------------------------------------------------------------- report


def fmt_stages(r: dict) -> str:
    parts = [f"{k} {v:.1f}s" for k, v in (r.get("stages") or {}).items()]
    return " | ".join(parts) + f" | total {r.get('total', 0):.1f}s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--full", action="store_true", help="also 100,000 reports")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--defect-rate", type=float, default=0.05)
    ap.add_argument(
        "--repeats", type=int, default=3, help="throughput runs per size (median reported; 0 skips)"
    )
    ap.add_argument("--e2e-repeats", type=int, default=1)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--workdir", type=Path, default=ROOT / "data" / "bench")
    ap.add_argument("--no-e2e", action="store_true")
    ap.add_argument("--no-accuracy", action="store_true")
    ap.add_argument("--json", type=Path, help="write all figures here")
    ap.add_argument("--e2e-child", nargs=2, metavar=("CORPUS", "WAREHOUSE"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.e2e_child:
        e2e_child(*a.e2e_child)
        return
    sizes = sorted(set(a.sizes + ([100_000] if a.full else [])))
    a.workdir.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), "args": {k: str(v) for k, v in vars(a).items()}, "sizes": {}}
    m = results["machine"]
    print(
        f"machine: {m['nproc']} cores ({m['cpu']}), {m['mem_mb']} MB, Python {m['python']}, "
        f"DuckDB {m['duckdb']}"
    )
    for n in sizes:
        r: dict = {}
        cdir, gen = corpus(a.workdir, n, a.seed, a.defect_rate)
        r["generate_s"] = gen
        files = sorted(str(p) for p in cdir.rglob("*") if p.is_file() and not p.name.startswith("."))
        print(
            f"\n== {n} files ({cdir}); generated in {gen:.1f}s" if gen else f"\n== {n} files ({cdir}, cached)"
        )
        try:
            if not a.repeats:
                raise ImportError("skipped (--repeats 0)")
            runs = [throughput(files, a.workers) for _ in range(a.repeats)]
            r["parse_reports_per_s"] = {
                "median": round(statistics.median(runs)),
                "runs": [round(x) for x in runs],
            }
            r["parse_arrow_reports_per_s"] = round(throughput(files, a.workers, _parse_arrow))
            sub = files[: min(len(files), 1000)]
            r["parse_reports_per_s_1core"] = round(throughput(sub, 1))
            print(
                f"extraction: {r['parse_reports_per_s']['median']} reports/s parse only ({a.workers} workers, "
                f"median of {a.repeats}: {r['parse_reports_per_s']['runs']}); "
                f"{r['parse_arrow_reports_per_s']} reports/s parse + Arrow rows; "
                f"{r['parse_reports_per_s_1core']} reports/s on one core"
            )
        except ImportError as e:
            r["parse_error"] = str(e)
            print(f"extraction: not measurable yet ({e})")
        if not a.no_e2e:
            runs = []
            for i in range(a.e2e_repeats):
                wh_dir = a.workdir / f"wh_{n}"
                shutil.rmtree(wh_dir, ignore_errors=True)
                wh_dir.mkdir(parents=True)
                full = e2e(cdir, wh_dir / "warehouse.duckdb")
                rerun = e2e(cdir, wh_dir / "warehouse.duckdb")
                runs.append({"full": full, "rerun": rerun})
                print(f"ogi run #{i + 1}: {fmt_stages(full)}; peak RSS {full.get('peak_rss_mb')} MB")
                if full.get("ingest"):
                    print(f"  ingest detail: {full['ingest']}")
                print(f"  peak RSS after each stage (MB): {full.get('rss_after_mb')}")
                if full.get("check_timings"):
                    print(f"  check detail: {full['check_timings']}")
                pct = 100 * rerun.get("total", 0) / full["total"] if full.get("total") else float("nan")
                print(f"re-run unchanged: {fmt_stages(rerun)} ({pct:.1f}% of the full run)")
                for msg in full.get("not_built", []) + full.get("errors", []) + rerun.get("errors", []):
                    print(f"  note: {msg}")
            r["e2e"] = runs
        if not a.no_accuracy:
            try:
                acc = accuracy(cdir, a.workers)
            except ImportError as e:
                acc = {"error": str(e)}
            r["accuracy"] = acc
            if "error" in acc:
                print(f"accuracy: not measurable yet ({acc['error']})")
            else:
                print(
                    f"accuracy: clean documents {acc['clean_cells_pct']}% of cells exact; all documents "
                    f"{acc['all_cells_pct']}%"
                )
                for lay, v in acc["per_layout"].items():
                    print(
                        f"  {lay:20s} clean cells {v['clean_cells_pct']}%  clean docs exact "
                        f"{v['clean_docs_exact_pct']}%  all cells {v['all_cells_pct']}%  ({v['docs']} docs)"
                    )
                print(f"  metadata on clean docs: {acc['fields_pct']}")
                print(
                    f"defects: {acc['defects_detected_pct']}% detected, {acc['defects_handled_pct']}% handled as "
                    "expected"
                )
                for k, d in acc["defects"].items():
                    print(f"  {k:15s} {d['detected']}/{d['n']} detected, {d['handled']} handled")
                if acc["mismatch_by_layout_table"]:
                    print(f"  clean-cell mismatches by layout/table: {acc['mismatch_by_layout_table']}")
                for ex in acc["mismatch_examples"][:5]:
                    print(f"  e.g. {ex}")
        results["sizes"][n] = r
    if a.json:
        a.json.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str))
        print(f"\nfigures: {a.json}")


if __name__ == "__main__":
    main()
