"""The readers on the shared real documents: every scored cell exact, 0 wrong, template right."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from tests.conftest import load_realworld_scorer

DOCS = [
    "huaian_city_2024.pdf",
    "hongze_district_2023.pdf",
    "hongze_district_2024.pdf",
    "blank_official_template.docx",
    "city_2025_cms.html",
    "pingtan_2024_word_cms.html",
    "shuyang_drc_2023.html",
]


@pytest.mark.parametrize("name", DOCS)
def test_real_document_exact_on_every_scored_cell(realworld_dir, name):
    from extract.parse import parse_file

    scorer = load_realworld_scorer()
    truth = json.loads(
        (realworld_dir / "truth" / f"{name.rsplit('.', 1)[0]}.json").read_text(encoding="utf-8")
    )
    rec = parse_file(realworld_dir / "docs" / name)
    s = scorer.score_record(rec, truth)
    assert s["counts"]["wrong"] == 0, s["wrong"]
    assert s["counts"]["exact"] == s["counts"]["scored"], s["abstained"]
    assert s["meta"]["template"], (rec["template"], truth["template"])
    assert rec["source_format"] == name.rsplit(".", 1)[1]
    if truth.get("template") == "mixed":
        assert rec["table_templates"]["t2"] == truth["table_templates"]["t2"]
        assert rec["table_templates"]["t3"] == truth["table_templates"]["t3"]


def test_pdf_cells_carry_page_and_box(realworld_dir):
    from extract.parse import parse_file

    rec = parse_file(realworld_dir / "docs" / "huaian_city_2024.pdf")
    cell = next(c for c in rec["cells"] if c["key"] == "t3.unable_not_held.natural_person")
    assert cell["value"] == 746 and cell["page"] == 4 and cell["source"] == "pdf:page4"
    assert 0 < cell["x0"] < cell["x1"] <= 595 and 0 < cell["top"] < cell["bottom"] <= 842
    after_break = next(c for c in rec["cells"] if c["key"] == "t3.unable_needs_creation.natural_person")
    assert after_break["value"] == 11 and after_break["page"] == 5


def test_ingest_folder_of_mixed_formats_lands_all_and_names_the_bad_ones(
    realworld_dir, tmp_path, samples_dir
):
    import duckdb

    from ogi.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("huaian_city_2024.pdf", "blank_official_template.docx", "city_2025_cms.html"):
        shutil.copy(realworld_dir / "docs" / name, folder / name)  # copied at test time, never committed
    text = next(p for p in sorted(samples_dir.iterdir()) if p.suffix == ".txt")
    shutil.copy(text, folder / text.name)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\nthis is not a pdf at all")
    (folder / "sheet.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    wh = tmp_path / "wh.duckdb"
    result = CliRunner().invoke(app, ["--warehouse", str(wh), "ingest", str(folder)])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(wh))
    got = dict(con.execute("select source_file, source_format from raw.documents").fetchall())
    assert got["huaian_city_2024.pdf"] == "pdf" and got["blank_official_template.docx"] == "docx"
    assert got["city_2025_cms.html"] == "html" and got[text.name] == "text"
    issues = dict(
        con.execute(
            "select code, message from raw.parse_issues where code in ('unreadable_pdf', 'binary_file')"
        ).fetchall()
    )
    assert "corrupt.pdf" in issues["unreadable_pdf"] and "sheet.xlsx" in issues["binary_file"]
    pages = con.execute("select count(*) from raw.cells where page is not null").fetchone()[0]
    assert pages > 100
