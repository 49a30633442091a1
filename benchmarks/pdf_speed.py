"""PDF reports/s on every core: our PDF path (parse_bytes: read + tables + metadata) against
pdfplumber's extract_tables (tables only) on the same files, in one run.

    python benchmarks/pdf_speed.py [--copies 20] [--workers 2]

The three shared text-layer PDFs (../shared/realworld/docs) repeated `--copies` times each.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DOCS = Path(os.environ.get("OGI_REALWORLD") or ROOT.parent / "shared" / "realworld") / "docs"
NAMES = ("huaian_city_2024.pdf", "hongze_district_2023.pdf", "hongze_district_2024.pdf")


def ours(path: str) -> int:
    from extract.parse import parse_bytes

    rec = parse_bytes(Path(path).read_bytes(), os.path.basename(path))
    return len(rec["cells"])


def plumber(path: str) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(t) for page in pdf.pages for t in page.extract_tables())


def run(fn, files: list[str], workers: int) -> float:
    with get_context("fork").Pool(workers) as pool:
        pool.map(fn, files[:workers])  # warm the imports
        t = time.perf_counter()
        pool.map(fn, files, chunksize=2)
        return len(files) / (time.perf_counter() - t)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    files = [str(DOCS / n) for n in NAMES if (DOCS / n).exists()] * args.copies
    if not files:
        print(f"{DOCS}: the shared PDFs are not there", file=sys.stderr)
        return 2
    a = run(ours, files, args.workers)
    b = run(plumber, files, args.workers)
    print(
        f"{len(files)} PDFs on {args.workers} workers: ogi PDF path {a:.1f} reports/s, "
        f"pdfplumber extract_tables {b:.1f} reports/s ({a / b:.1f}x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
