"""Scans made from the shared real PDFs (rendered, turned ≤ 1°, noised; nothing committed), read by OCR
and scored against the hand-checked truth: ≥ 99 % of cells exact, every other cell null or flagged,
0 silent wrong values. One report in full at 150 dpi and one page as a PNG (the other PDFs, 200 dpi
and the PNG pages of every report are in benchmarks/ocr_speed.py: OCR takes seconds a page)."""

from __future__ import annotations

import json

import pytest

from extract.parse import parse_bytes
from tests.conftest import load_realworld_scorer, load_scan_material

pytest.importorskip("rapidocr_onnxruntime")
pytestmark = pytest.mark.ocr


def _truth(realworld_dir, stem: str) -> dict:
    return json.loads((realworld_dir / "truth" / f"{stem}.json").read_text(encoding="utf-8"))


def test_scanned_pdf_at_150_dpi_is_exact_or_flagged(realworld_dir):
    scans = load_scan_material()
    stem = "huaian_city_2024"
    pages = scans.scan_pages(realworld_dir / "docs" / f"{stem}.pdf", dpi=150, seed=7)
    pdf = scans.image_pdf(pages, dpi=150)
    import pypdfium2 as pdfium

    assert not pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range().strip()  # image-only
    rec = parse_bytes(pdf, f"{stem}_scan150.pdf")
    score = load_realworld_scorer().score_record(rec, _truth(realworld_dir, stem))
    c = score["counts"]
    assert c["silent"] == 0 and c["silent_doc"] == 0
    assert c["exact"] >= 0.99 * c["scored"], score["abstained"] + [w["key"] for w in score["wrong"]]
    assert all(w["flags"] for w in score["wrong"])
    assert all(score["meta"].values()), score["got"]
    assert rec["source_format"] == "pdf"
    t3 = [x for x in rec["cells"] if x["table"] == "t3" and x["value"] is not None]
    assert t3 and all("ocr" in x["flags"] for x in t3)
    # provenance as for text-layer PDFs: page and box in PDF points, plus the engine's confidence
    assert all(
        x["page"] in (4, 5) and 0 <= x["x0"] < x["x1"] <= 595 and 0 <= x["top"] < x["bottom"] <= 842
        for x in t3
    )
    assert all(0 <= x["confidence"] <= 1 for x in t3)
    assert sum("ocr_verified" in x["flags"] for x in t3) >= 0.9 * len(t3)


def test_a_table_page_as_png(realworld_dir):
    scans = load_scan_material()
    stem = "hongze_district_2023"
    pages = scans.scan_pages(realworld_dir / "docs" / f"{stem}.pdf", dpi=150, seed=3)
    page = next(p for k, p in enumerate(pages) if k == _table3_page(realworld_dir, stem))
    rec = parse_bytes(scans.png_bytes(page, 150), f"{stem}_page.png")
    assert rec["source_format"] == "image"
    scorer = load_realworld_scorer()
    truth = scorer.truth_cells(_truth(realworld_dir, stem))
    got = {x["key"]: x for x in rec["cells"] if x["value"] is not None}
    assert len(got) >= 100  # table 三 is on this page
    for key, cell in got.items():
        if key in truth and truth[key] != cell["value"]:  # a wrong value: never without a flag
            assert cell["flags"] and any(
                i.get("cell") == key or i["code"] == "ocr_unverified" for i in rec["issues"]
            ), key
    assert all(0 <= x["x0"] < x["x1"] <= page.width for x in got.values() if x["x0"] is not None)
    exact = sum(truth.get(k) == x["value"] for k, x in got.items())
    assert exact >= 0.97 * len(got)


def _table3_page(realworld_dir, stem: str) -> int:
    """The 0-based page of the text-layer PDF that prints 本年新收 (the table 三 page)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(realworld_dir / "docs" / f"{stem}.pdf"))
    for k in range(len(pdf)):
        if "本年新收" in pdf[k].get_textpage().get_text_range():
            return k
    raise AssertionError("no table 三 page")
