"""Accuracy of the DOCX and PDF readers on synthetic reports with ground truth, per format × variation.

Renders N synthetic reports per variation (synth.generate's records, drawn by synth.formats), parses
each with extract.parse.parse_bytes and scores it with benchmarks/realworld.py's score_record (the
synth truth is a REPORTS.md §9 record). Prints per format × variation: cells exact, abstained (null
where the truth has a number), wrong, silent wrong (no flag, no issue naming the cell), metadata
wrong, and reports/s of the parse alone (one process).

    python benchmarks/formats_accuracy.py [--n 50] [--seed 1] [--formats docx,pdf] [--variations ruled,...]
        [--defect-rate 0.05] [--show-wrong] [--json]

`--formats lo_pdf` converts the DOCX renderings to PDF with LibreOffice (`soffice`, when installed):
a second PDF producer independent of the reportlab renderer, like a Word/WPS export.

A benchmark (prints figures), not a test: tests/test_formats_synth.py runs a handful of documents.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.realworld import score_record  # noqa: E402


def _libreoffice_pdfs(docs: list[bytes]) -> list[bytes | None]:
    """The DOCX files converted to PDF by LibreOffice in one batch (an independent PDF producer, as
    Word/WPS exports are); None where it failed. Benchmark only: never in tests or CI."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp)
        names = []
        for i, data in enumerate(docs):
            (src / f"d{i:04d}.docx").write_bytes(data)
            names.append(str(src / f"d{i:04d}.docx"))
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        subprocess.run(
            ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(src / "pdf"), *names],
            capture_output=True,
            timeout=60 + 10 * len(docs),
            check=False,
        )
        out = []
        for i in range(len(docs)):
            p = src / "pdf" / f"d{i:04d}.pdf"
            out.append(p.read_bytes() if p.exists() else None)
        return out


def run(fmt: str, variation: str, recs: list[dict], seed: int) -> dict:
    """`fmt` is docx, pdf, or lo_pdf (the docx rendering converted by LibreOffice)."""
    from extract.parse import parse_bytes
    from synth.formats import render_format

    counts = {"docs": 0, "scored": 0, "exact": 0, "abstained": 0, "wrong": 0, "silent": 0, "meta_wrong": 0}
    wrong: list[tuple[int, dict]] = []
    meta_bad: list[tuple[int, str, dict]] = []
    parse_s = 0.0
    truths, files = [], []
    for i, base in enumerate(recs):
        rec = copy.deepcopy(base)
        files.append(
            render_format(
                rec, "docx" if fmt == "lo_pdf" else fmt, variation, rng=random.Random(seed * 100_003 + i)
            )
        )
        truths.append(rec)
    if fmt == "lo_pdf":
        files = _libreoffice_pdfs(files)
    for i, (rec, data) in enumerate(zip(truths, files, strict=True)):
        if data is None:
            counts["convert_failed"] = counts.get("convert_failed", 0) + 1
            continue
        t0 = time.perf_counter()
        got = parse_bytes(data, f"synth_{i:04d}.{fmt}")
        parse_s += time.perf_counter() - t0
        s = score_record(got, rec)
        counts["docs"] += 1
        for k in ("scored", "exact", "abstained", "wrong", "silent"):
            counts[k] += s["counts"][k]
        bad = [k for k, ok in s["meta"].items() if not ok]
        counts["meta_wrong"] += len(bad)
        if bad:
            meta_bad.append((i, ",".join(bad), s["got"]))
        wrong += [(i, w) for w in s["wrong"]]
    counts["reports_per_s"] = round(counts["docs"] / parse_s, 1) if parse_s else 0.0
    return {"counts": counts, "wrong": wrong, "meta_bad": meta_bad}


def _print_row(name: str, r: dict, show_wrong: bool) -> None:
    c = r["counts"]
    pct = 100.0 * c["exact"] / c["scored"] if c["scored"] else 0.0
    print(
        f"{name:24} {c['docs']:4} {c['scored']:7} {c['exact']:7} {pct:6.1f} {c['abstained']:6}"
        f" {c['wrong']:5} {c['silent']:6} {c['meta_wrong']:5} {c['reports_per_s']:6}",
        flush=True,
    )
    if show_wrong:
        for i, w in r["wrong"][:20]:
            print(
                f"    doc {i} wrong {w['key']}: {w['value']} (truth {w['truth']}, raw {w['raw']!r},"
                f" flags {w['flags']}, silent {w['silent']})"
            )
        for i, what, got in r["meta_bad"][:10]:
            print(f"    doc {i} meta wrong {what}: {got}")


def main(argv: list[str] | None = None) -> int:
    from synth.formats import VARIATIONS, sample_records

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=50, help="reports per variation")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--formats", default="docx,pdf", help="docx, pdf, lo_pdf (DOCX via LibreOffice, if installed)"
    )
    ap.add_argument("--variations", default="", help="comma-separated; default: all of each format")
    ap.add_argument("--defect-rate", type=float, default=0.05)
    ap.add_argument("--show-wrong", action="store_true", help="list wrong cells and metadata misses")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    recs = sample_records(args.n, args.seed, args.defect_rate)
    want = [v for v in args.variations.split(",") if v]
    results = {}
    if not args.json:
        print(
            f"{'format/variation':24} {'docs':>4} {'scored':>7} {'exact':>7} {'%':>6} {'abst':>6} {'wrong':>5}"
            f" {'silent':>6} {'meta✗':>5} {'rep/s':>6}",
            flush=True,
        )
    for fmt in args.formats.split(","):
        if fmt == "lo_pdf" and not shutil.which("soffice"):
            print("lo_pdf: soffice not on PATH, skipped", file=sys.stderr)
            continue
        for var in VARIATIONS["docx" if fmt == "lo_pdf" else fmt]:
            if want and var not in want:
                continue
            name = f"{fmt}/{var}"
            r = results[name] = run(fmt, var, recs, args.seed)
            if not args.json:
                _print_row(name, r, args.show_wrong)
    if args.json:
        print(json.dumps({k: v["counts"] for k, v in results.items()}, indent=1))
        return 0
    t = {
        k: sum(r["counts"][k] for r in results.values())
        for k in ("docs", "scored", "exact", "wrong", "silent")
    }
    if t["scored"]:
        print(
            f"{'all':24} {t['docs']:4} {t['scored']:7} {t['exact']:7} {100.0 * t['exact'] / t['scored']:6.1f}"
            f" {'':6} {t['wrong']:5} {t['silent']:6}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
