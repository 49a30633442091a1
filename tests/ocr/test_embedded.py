"""Tables pasted as pictures: `<img>` of a saved page (local only, never fetched), pictures in a DOCX."""

from __future__ import annotations

import base64
import io
import json
import socket
from pathlib import Path

import pytest

from extract.ocr.embedded import docx_images, html_image_sources, html_images, resolve_local
from extract.parse import parse_bytes, parse_file
from tests.conftest import load_realworld_scorer, load_scan_material


def test_img_sources_resolve_inside_the_page_folder_only(tmp_path):
    page = tmp_path / "report.html"
    files = tmp_path / "report_files"
    files.mkdir()
    (files / "t3.png").write_bytes(b"x")
    (tmp_path.parent / "outside.png").write_bytes(b"x")
    html = (
        "<p>a</p><img src=\"report_files/t3.png\"><img src='report_files/t3.png?v=2'>"
        '<IMG SRC=http://example.org/t.png><img src="../outside.png"><img src="report_files/none.png">'
    )
    srcs = html_image_sources(html)
    assert srcs[0] == "report_files/t3.png" and srcs[2] == "http://example.org/t.png"
    assert resolve_local(srcs[0], page) == (files / "t3.png").resolve()
    assert resolve_local(srcs[1], page) == (files / "t3.png").resolve()  # query string dropped
    assert resolve_local(srcs[2], page) is None  # remote: never fetched
    assert resolve_local(srcs[3], page) is None  # outside the page's folder
    assert resolve_local(srcs[4], page) is None  # missing
    assert resolve_local((files / "t3.png").as_uri(), page) == (files / "t3.png").resolve()


def test_data_uri_images_are_decoded_in_place():
    payload = b"\x89PNG" + b"0" * 3000
    html = f'<img src="data:image/png;base64,{base64.b64encode(payload).decode()}">'
    images, skipped = html_images(html, None)
    assert images == [payload] and skipped == []


def test_docx_pictures_in_body_order(tmp_path):
    docx = pytest.importorskip("docx")
    from PIL import Image

    d = docx.Document()
    d.add_paragraph("一、总体情况")
    import numpy as np

    rng = np.random.default_rng(0)
    for shade in (40, 200):
        buf = io.BytesIO()
        noise = rng.integers(-3, 4, (200, 300))
        Image.fromarray(np.clip(shade + noise, 0, 255).astype("uint8")).save(buf, "PNG")
        buf.seek(0)
        d.add_picture(buf)
    out = io.BytesIO()
    d.save(out)
    images = docx_images(out.getvalue())
    assert len(images) == 2
    assert abs(Image.open(io.BytesIO(images[0])).getpixel((5, 5)) - 40) <= 3
    assert docx_images(b"not a zip") == []


def _table4_picture(realworld_dir: Path):
    """Table 四 of the Huaian report, cut from a 150 dpi scan of its page (PIL image), and its truth."""
    from extract.readers.pdf import read

    stem = "huaian_city_2024"
    pdf = (realworld_dir / "docs" / f"{stem}.pdf").read_bytes()
    doc = read(pdf)
    page = next(p for p in doc.pages if any("复议" in c.text for g in p.grids for c in g.cells))
    box = next(g.box for g in page.grids if any("复议" in c.text for c in g.cells))
    scans = load_scan_material()
    img = scans.scan_pages(pdf, dpi=150, seed=5, max_skew=0.6)[page.number - 1]
    k = 150 / 72
    crop = img.crop(
        (int(box.x0 * k) - 12, int(box.top * k) - 12, int(box.x1 * k) + 12, int(box.bottom * k) + 12)
    )
    truth = json.loads((realworld_dir / "truth" / f"{stem}.json").read_text(encoding="utf-8"))
    return crop, truth["t4"]


def _without_table4(html: str, img: str) -> str:
    """A real CMS page with its table 四 replaced by a picture (as CMS editors paste them)."""
    import re

    tables = list(re.finditer(r"<table\b.*?</table>", html, re.S | re.I))
    t4 = next(m for m in reversed(tables) if "复议" in m.group(0))
    return html[: t4.start()] + img + html[t4.end() :]


@pytest.mark.ocr
def test_table_pasted_as_an_image_in_a_saved_page(realworld_dir, tmp_path, monkeypatch):
    pytest.importorskip("rapidocr_onnxruntime")
    crop, t4 = _table4_picture(realworld_dir)
    (tmp_path / "report_files").mkdir()
    crop.save(tmp_path / "report_files" / "image002.png")

    def no_network(*args, **kwargs):
        raise AssertionError("an <img> was fetched")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    source = (realworld_dir / "docs" / "city_2025_cms.html").read_text(encoding="utf-8")
    imgs = '<img src="report_files/image002.png"><img src="https://example.org/logo.png">'
    html = _without_table4(source, imgs)
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    rec = parse_file(page)
    assert rec["source_format"] == "html"
    assert rec["t4"] == t4, [i["message"] for i in rec["issues"]]
    cells = [c for c in rec["cells"] if c["table"] == "t4"]
    assert all("ocr" in c["flags"] and "ocr_verified" in c["flags"] for c in cells)
    assert all(c["source"].startswith("ocr:image1/") and c["confidence"] is not None for c in cells)
    assert any(i["code"] == "image_not_local" for i in rec["issues"])
    # the tables printed as HTML are read as before, not by OCR
    t3 = [c for c in rec["cells"] if c["table"] == "t3"]
    assert t3 and all(c["confidence"] is None for c in t3)
    # the same page read from bytes alone (no path: the pictures cannot be found) is left as it was
    alone = parse_bytes(html.encode("utf-8"), "report.html")
    assert alone["t4"] != t4 and not any("ocr" in (c["flags"] or []) for c in alone["cells"])


@pytest.mark.ocr
def test_table_pasted_as_a_picture_in_a_docx(realworld_dir, tmp_path):
    pytest.importorskip("rapidocr_onnxruntime")
    docx = pytest.importorskip("docx")
    crop, t4 = _table4_picture(realworld_dir)
    d = docx.Document(str(realworld_dir / "docs" / "blank_official_template.docx"))
    t4_table = next(t for t in d.tables if any("复议" in c.text for row in t.rows for c in row.cells))
    buf = io.BytesIO()
    crop.save(buf, "PNG")
    buf.seek(0)
    d.add_picture(buf)
    picture = d.paragraphs[-1]._element
    t4_table._element.addprevious(picture)
    t4_table._element.getparent().remove(t4_table._element)
    out = io.BytesIO()
    d.save(out)
    rec = parse_bytes(out.getvalue(), "report.docx")
    assert rec["source_format"] == "docx"
    assert rec["t4"] == t4, [i["message"] for i in rec["issues"]]
    assert all("ocr_verified" in c["flags"] for c in rec["cells"] if c["table"] == "t4")


def _pdf_with_pictures(original: Path, pictures: dict, dpi: int) -> bytes:
    """The pages of `original` (text layer kept), but those in `pictures` (0-based page → PIL image)
    replaced by a page holding only that picture (JPEG): tables pasted as images."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(original.read_bytes())
    pdf = pdfium.PdfDocument.new()
    for k in range(len(src)):
        if k not in pictures:
            pdf.import_pages(src, [k])
            continue
        img = pictures[k]
        w, h = img.width * 72 / dpi, img.height * 72 / dpi
        page = pdf.new_page(w, h)
        buf = io.BytesIO()
        img.convert("L").save(buf, "JPEG", quality=90)
        buf.seek(0)
        pic = pdfium.PdfImage.new(pdf)
        pic.load_jpeg(buf, inline=False)
        pic.set_matrix(pdfium.PdfMatrix().scale(w, h))
        page.insert_obj(pic)
        page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.ocr
def test_pdf_with_a_text_layer_and_tables_as_pictures(realworld_dir):
    pytest.importorskip("rapidocr_onnxruntime")
    stem = "huaian_city_2024"
    original = realworld_dir / "docs" / f"{stem}.pdf"
    pages = load_scan_material().scan_pages(original, dpi=150, seed=9)
    # the two pages that hold table 三 (it runs over the break) and table 四 pasted as pictures
    pdf = _pdf_with_pictures(original, {3: pages[3], 4: pages[4]}, 150)
    rec = parse_bytes(pdf, "pictures.pdf")
    truth = json.loads((realworld_dir / "truth" / f"{stem}.json").read_text(encoding="utf-8"))
    score = load_realworld_scorer().score_record(rec, truth)
    c = score["counts"]
    assert c["silent"] == 0 and c["exact"] >= 0.97 * c["scored"], (score["abstained"], score["wrong"])
    t3 = [x for x in rec["cells"] if x["table"] == "t3" and x["value"] is not None]
    assert t3 and all("ocr" in x["flags"] and x["page"] in (4, 5) for x in t3)
