"""How much of a flattened crawl the template's arithmetic gives back: synthetic valid reports
(synth/flatten.py), rendered as one line with cells run together, parsed, compared with their truth.

Prints, per template version: reports, reports fully recovered (every t3 and t4 cell exact), t3/t4
and t2 cells exact / null, and wrong cells (must be 0: a cell that differs from the truth and is not
null). A figure, not a test: tests/test_recover_property.py asserts the never-wrong part.

    python benchmarks/flattened_recovery.py [-n 200] [--seed 0] [--agency-errors]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def compare(rec: dict, got: dict) -> dict[str, int]:
    """Counts of exact / null / wrong cells per table group; `full` when every t3/t4 cell is exact."""
    out = {"t34_exact": 0, "t34_null": 0, "t2_exact": 0, "t2_null": 0, "wrong": 0}
    pairs = []
    for row, vals in rec["t3"].items():
        pairs += [("t34", v, (got["t3"].get(row) or [None] * 7)[i]) for i, v in enumerate(vals)]
    pairs += [("t34", v, (got["t4"] or [None] * 15)[i]) for i, v in enumerate(rec["t4"])]
    for row, cols in rec["t2"].items():
        pairs += [("t2", v, (got["t2"].get(row) or {}).get(c)) for c, v in cols.items()]
    for group, want, have in pairs:
        if have is None:
            out[f"{group}_null"] += 1
        elif abs(float(have) - float(want)) < 1e-9:
            out[f"{group}_exact"] += 1
        else:
            out["wrong"] += 1
    out["full"] = int(out["t34_null"] == 0 and out["wrong"] == 0)
    return out


def _break_one_cell(rec: dict, rng: random.Random) -> None:
    """An agency arithmetic error: one printed cell of table 三 or 四 off by 1, 9, 10 or 100."""
    delta = rng.choice((1, 9, 10, 100))
    if rng.random() < 0.5:
        rec["t3"][rng.choice(list(rec["t3"]))][rng.randrange(7)] += delta
    else:
        rec["t4"][rng.randrange(15)] += delta


def run(n: int, seed: int, agency_errors: bool = False) -> dict[str, dict[str, int]]:
    from extract.parse import parse_bytes
    from synth.flatten import render_flattened, valid_record

    totals: dict[str, dict[str, int]] = {}
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        rec = valid_record(rng)
        if agency_errors:
            _break_one_cell(rec, rng)
        text = render_flattened(rec, rng)
        got = parse_bytes(text.encode("utf-8"), f"flat_{i}.txt")
        c = compare(rec, got)
        t = totals.setdefault(rec["template"], {"reports": 0})
        t["reports"] += 1
        for k, v in c.items():
            t[k] = t.get(k, 0) + v
    return totals


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=200, help="synthetic reports")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--agency-errors",
        action="store_true",
        help="break one printed cell per report (the agency's arithmetic wrong): nothing may be forced",
    )
    a = ap.parse_args(argv)
    started = time.perf_counter()
    totals = run(a.n, a.seed, a.agency_errors)
    took = time.perf_counter() - started
    print(
        f"{'template':9} {'reports':>7} {'fully recovered':>16} {'t3/t4 exact':>12} {'t3/t4 null':>11} "
        f"{'t2 exact':>9} {'t2 null':>8} {'wrong':>6}"
    )
    for version in sorted(totals):
        t = totals[version]
        share = 100.0 * t["full"] / t["reports"]
        print(
            f"{version:9} {t['reports']:7} {t['full']:8} ({share:5.1f} %) {t['t34_exact']:12} {t['t34_null']:11} "
            f"{t['t2_exact']:9} {t['t2_null']:8} {t['wrong']:6}"
        )
    print(f"{a.n} reports in {took:.1f} s ({1000 * took / max(a.n, 1):.1f} ms a report, parse included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
