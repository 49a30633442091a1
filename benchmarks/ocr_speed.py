"""OCR speed and accuracy on scans made from the shared real PDFs (issue 12).

Every PDF of ../shared/realworld/docs is rasterised at each `--dpi` (turned ≤ 1°, noised: see
scan_material.py), saved as an image-only PDF and as PNG pages, read by the OCR reader and scored
against its truth with the real-documents scorer. Prints, per document × dpi × format: OCR seconds
per page and per report, cells exact / abstained / wrong / silent wrong, cells proven by the rules.

    python benchmarks/ocr_speed.py [--dpi 150 200] [--formats pdf png] [--docs huaian_city_2024 ...]

The figures are for this machine's 2 cores (onnxruntime uses every core); other work on the machine
slows OCR down, so the load average is printed with them. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "benchmarks"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import realworld  # noqa: E402
import scan_material  # noqa: E402


def _record_of_pngs(pngs: list[bytes], name: str) -> dict:
    """The PNG pages of one report as one document (tables continued from page to page joined)."""
    from extract.ocr.base import get_engine
    from extract.ocr.reader import images_document
    from extract.ocr.verify import verify_ocr_cells
    from extract.parse import analyse_document
    from extract.record import finish_status, new_record

    rec = new_record(name, b"".join(pngs))
    doc = images_document(pngs, get_engine())
    rec["source_format"] = str(doc.source_format)
    analyse_document(rec, doc)
    if rec["cells"]:
        verify_ocr_cells(rec)
    return finish_status(rec)


def run(folder: Path, dpis: list[int], formats: list[str], docs: list[str] | None, seed: int) -> list[dict]:
    from extract.ocr.base import get_engine
    from extract.parse import parse_bytes

    get_engine()  # load the models once, outside the timings
    rows = []
    for pdf_path in sorted((folder / "docs").glob("*.pdf")):
        stem = pdf_path.stem
        if docs and stem not in docs:
            continue
        truth = json.loads((folder / "truth" / f"{stem}.json").read_text(encoding="utf-8"))
        for dpi in dpis:
            pages = scan_material.scan_pages(pdf_path, dpi, seed=seed)
            for fmt in formats:
                t0 = time.perf_counter()
                if fmt == "pdf":
                    rec = parse_bytes(scan_material.image_pdf(pages, dpi), f"{stem}_{dpi}.pdf")
                else:
                    rec = _record_of_pngs(
                        [scan_material.png_bytes(p, dpi) for p in pages], f"{stem}_{dpi}.png"
                    )
                secs = time.perf_counter() - t0
                s = realworld.score_record(rec, truth)
                c = s["counts"]
                proven = sum("ocr_verified" in (x.get("flags") or []) for x in rec["cells"])
                rows.append(
                    {
                        "document": stem,
                        "dpi": dpi,
                        "format": fmt,
                        "pages": len(pages),
                        "seconds": round(secs, 1),
                        "per_page": round(secs / len(pages), 2),
                        **c,
                        "proven": proven,
                        "meta_ok": all(s["meta"].values()),
                        "wrong_cells": s["wrong"],
                    }
                )
                print(_line(rows[-1]), flush=True)
    return rows


def _line(r: dict) -> str:
    share = 100.0 * r["exact"] / r["scored"] if r["scored"] else 0.0
    return (
        f"{r['document']:24} {r['dpi']:4} {r['format']:4} {r['pages']:3} p {r['seconds']:7.1f} s "
        f"{r['per_page']:6.2f} s/p  scored {r['scored']:4} exact {r['exact']:4} ({share:5.1f} %) "
        f"abst {r['abstained']:3} wrong {r['wrong']:2} silent {r['silent']:2} proven {r['proven']:4} "
        f"meta {'ok' if r['meta_ok'] else 'WRONG'}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folder", type=Path, default=realworld.DEFAULT_FOLDER)
    ap.add_argument("--dpi", type=int, nargs="+", default=[150, 200])
    ap.add_argument("--formats", nargs="+", default=["pdf", "png"], choices=["pdf", "png"])
    ap.add_argument("--docs", nargs="*", help="PDF stems (default: every PDF with a truth)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--json", type=Path, help="also write the rows here")
    args = ap.parse_args(argv)
    if not (args.folder / "truth").is_dir():
        print(f"{args.folder}: no truth/ folder of real documents", file=sys.stderr)
        return 2
    print(f"cores {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} at start")
    rows = run(args.folder, args.dpi, args.formats, args.docs, args.seed)
    pages = sum(r["pages"] for r in rows)
    secs = sum(r["seconds"] for r in rows)
    print(
        f"overall: {len(rows)} reports, {pages} pages, {secs:.0f} s: {secs / max(pages, 1):.2f} s a page, "
        f"{secs / max(len(rows), 1):.1f} s a report; exact {sum(r['exact'] for r in rows)} of "
        f"{sum(r['scored'] for r in rows)}, wrong {sum(r['wrong'] for r in rows)}, silent "
        f"{sum(r['silent'] for r in rows)}; load average {os.getloadavg()[0]:.1f} at the end"
    )
    for r in rows:
        for w in r["wrong_cells"]:
            print(
                f"  {r['document']} {r['dpi']} {r['format']}: wrong {w['key']} = {w['value']} (truth {w['truth']}, "
                f"raw {w['raw']!r}, flags {w['flags']})"
            )
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
