"""Score the extractor on real documents with hand-checked truth (../shared/realworld/ by default).

Prints, per document and overall: cells exact, abstained (null where the truth has a number), wrong,
and silent wrong (wrong with no flag on the cell and no issue naming it; `silent_doc` is stricter
still: wrong with no flag and no warning or error anywhere in the document). Cells listed in a truth's
`unreadable_cells` are not scored. Metadata is scored too: agency (name or any alias), year, template.

    python benchmarks/realworld.py [FOLDER] [--json]

A scorer, not a timed test: tests import `score_record` and `score_folder` from here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_FOLDER = Path(os.environ.get("OGI_REALWORLD") or ROOT.parent / "shared" / "realworld")


def truth_cells(truth: dict) -> dict[str, Any]:
    """Canonical cell key → value of a truth record (t2 by its rows, t3/t4 by the template's columns)."""
    from extract.template import load_template

    out: dict[str, Any] = {}
    for row, cols in (truth.get("t2") or {}).items():
        for col, v in cols.items():
            out[f"t2.{row}.{col}"] = v
    t3_version = (truth.get("table_templates") or {}).get("t3") or truth.get("template")
    if t3_version not in ("v2019", "v2021"):
        t3_version = "v2021"
    tpl = load_template(t3_version)
    for row, values in (truth.get("t3") or {}).items():
        for col in tpl.t3_columns:
            out[f"t3.{row}.{col.key}"] = values[col.index] if col.index < len(values) else None
    for col in tpl.t4_columns:
        t4 = truth.get("t4") or []
        out[f"t4.{col.key}"] = t4[col.index] if col.index < len(t4) else None
    return out


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-9


def _agency_ok(rec: dict, truth: dict) -> bool:
    want = {truth.get("agency_name"), *(truth.get("agency_aliases") or [])} - {None, ""}
    got = {rec.get("agency_name"), *(rec.get("agency_aliases") or [])} - {None, ""}
    if not want:
        return not rec.get("agency_name")
    return rec.get("agency_name") in want or bool(truth.get("agency_name") in got)


def score_record(rec: dict, truth: dict) -> dict[str, Any]:
    """Compare one parse record with its truth; returns counts and the wrong cells with their evidence."""
    cells = {c["key"]: c for c in rec.get("cells") or [] if c.get("key")}
    named = {i.get("cell") for i in rec.get("issues") or [] if i.get("cell")}
    doc_warned = any(i.get("severity") in ("warning", "error") for i in rec.get("issues") or [])
    skip = set(truth.get("unreadable_cells") or [])
    counts = {"scored": 0, "exact": 0, "abstained": 0, "wrong": 0, "silent": 0, "silent_doc": 0}
    wrong: list[dict] = []
    abstained: list[str] = []
    for key, want in truth_cells(truth).items():
        if key in skip:
            continue
        counts["scored"] += 1
        cell = cells.get(key)
        got = cell.get("value") if cell else None
        if _same(got, want):
            counts["exact"] += 1
            continue
        if got is None:
            counts["abstained"] += 1
            abstained.append(key)
            continue
        counts["wrong"] += 1
        flags = list(cell.get("flags") or []) if cell else []
        flagged = bool(flags) or key in named
        if not flagged:
            counts["silent"] += 1
            if not doc_warned:
                counts["silent_doc"] += 1
        wrong.append(
            {
                "key": key,
                "truth": want,
                "value": got,
                "raw": cell.get("raw") if cell else None,
                "flags": flags,
                "silent": not flagged,
            }
        )
    meta = {
        "agency": _agency_ok(rec, truth),
        "year": rec.get("report_year") == truth.get("report_year"),
        "template": rec.get("template") == truth.get("template"),
    }
    if "is_report" in truth:
        meta["is_report"] = bool(rec.get("is_report")) == bool(truth["is_report"])
    return {
        "counts": counts,
        "meta": meta,
        "wrong": wrong,
        "abstained": abstained,
        "got": {
            "agency_name": rec.get("agency_name"),
            "report_year": rec.get("report_year"),
            "template": rec.get("template"),
            "source_format": rec.get("source_format"),
            "layout": rec.get("layout"),
            "is_report": rec.get("is_report"),
        },
    }


def score_folder(folder: Path = DEFAULT_FOLDER) -> dict[str, dict]:
    """Parse every document in `folder/docs` that has `folder/truth/<stem>.json`, and score it."""
    from extract.parse import parse_file

    out: dict[str, dict] = {}
    for truth_path in sorted((folder / "truth").glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        doc = folder / "docs" / truth["source_file"]
        out[truth["source_file"]] = score_record(parse_file(doc), truth)
    return out


def totals(scores: dict[str, dict]) -> dict[str, int]:
    total: dict[str, int] = {}
    for s in scores.values():
        for k, v in s["counts"].items():
            total[k] = total.get(k, 0) + v
    total["meta_wrong"] = sum(not ok for s in scores.values() for ok in s["meta"].values())
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    ap.add_argument("--json", action="store_true", help="print the full scores as JSON")
    args = ap.parse_args(argv)
    if not (args.folder / "truth").is_dir():
        print(f"{args.folder}: no truth/ folder of real documents", file=sys.stderr)
        return 2
    scores = score_folder(args.folder)
    if args.json:
        print(json.dumps(scores, ensure_ascii=False, indent=1))
        return 0
    head = f"{'document':36} {'scored':>6} {'exact':>6} {'abst':>5} {'wrong':>5} {'silent':>6}  meta"
    print(head)
    for name, s in scores.items():
        c = s["counts"]
        bad = [k for k, ok in s["meta"].items() if not ok]
        meta = "ok" if not bad else "WRONG " + ",".join(bad) + f" (got {s['got']})"
        print(
            f"{name:36} {c['scored']:6} {c['exact']:6} {c['abstained']:5} {c['wrong']:5} {c['silent']:6}  {meta}"
        )
        for w in s["wrong"]:
            print(
                f"    wrong {w['key']}: {w['value']} (truth {w['truth']}, raw {w['raw']!r}, flags {w['flags']})"
            )
    t = totals(scores)
    share = 100.0 * t["exact"] / t["scored"] if t["scored"] else 0.0
    print(
        f"{'overall':36} {t['scored']:6} {t['exact']:6} {t['abstained']:5} {t['wrong']:5} {t['silent']:6}"
        f"  exact {share:.1f} %, silent wrong {t['silent']} (no warning at all: {t['silent_doc']}),"
        f" metadata wrong {t['meta_wrong']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
