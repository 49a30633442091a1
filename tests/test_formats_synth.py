"""The DOCX and PDF readers on synthetic Word/PDF reports with ground truth (synth.formats): a few
documents per variation rendered and parsed here, scored with the real-documents scorer.

Every variation: no wrong value at all (a wrong number is worse than none). Ruled tables and Word
tables: every cell exact and the metadata right. Tables without vertical rulings (hrules, unruled)
need a text-alignment reading that is not the ruled reader's job: there only "never wrong" holds.
"""

from __future__ import annotations

import copy
import io
import json
import random
import zipfile

import pytest
from typer.testing import CliRunner

from extract.parse import parse_bytes
from synth.formats import DOCX_VARIATIONS, PDF_VARIATIONS, render_format, sample_records
from tests.conftest import load_realworld_scorer

UNRULED = ("hrules", "unruled")
N_DOCS = 2  # per variation: different agencies, templates and styles (seeded)


@pytest.fixture(scope="module")
def base_records() -> list[dict]:
    return sample_records(6, seed=11, defect_rate=0.3)


@pytest.fixture(scope="module")
def score():
    return load_realworld_scorer().score_record


def _rendered(base: list[dict], fmt: str, variation: str, k: int) -> tuple[dict, bytes]:
    rec = copy.deepcopy(base[(k * 3 + len(variation)) % len(base)])
    data = render_format(rec, fmt, variation, rng=random.Random(1000 * k + len(variation)))
    return rec, data


@pytest.mark.parametrize(
    ("fmt", "variation"), [("docx", v) for v in DOCX_VARIATIONS] + [("pdf", v) for v in PDF_VARIATIONS]
)
def test_no_wrong_value_and_ruled_tables_exact(base_records, score, fmt, variation):
    for k in range(N_DOCS):
        rec, data = _rendered(base_records, fmt, variation, k)
        got = parse_bytes(data, f"synth.{fmt}")
        assert got["source_format"] == fmt
        s = score(got, rec)
        assert s["wrong"] == [], (variation, k, s["wrong"][:3])
        if variation in UNRULED:
            continue
        c = s["counts"]
        assert c["exact"] == c["scored"], (variation, k, s["abstained"][:5])
        assert all(s["meta"].values()), (variation, k, s["got"])


@pytest.mark.parametrize(("fmt", "variation"), [("docx", "split_table"), ("pdf", "page_break")])
def test_same_seed_same_bytes(base_records, fmt, variation):
    """Corpus file names are hashes of the content: a seed must give the same file."""
    a = render_format(copy.deepcopy(base_records[0]), fmt, variation, rng=random.Random(5))
    assert a == render_format(copy.deepcopy(base_records[0]), fmt, variation, rng=random.Random(5))


def test_docx_tables_are_merged_cells_and_tracked_changes_read_as_inserted(base_records):
    _, data = _rendered(base_records, "docx", "tracked", 0)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "w:gridSpan" in xml and 'w:vMerge w:val="restart"' in xml and "<w:vMerge/>" in xml
    assert "w:delText" in xml and "<w:ins " in xml  # edits under track changes are in the file
    assert "<w:vanish/>" in xml  # and hidden runs


def test_blank_cells_print_as_empty_or_slash_and_read_as_null(base_records):
    rec = copy.deepcopy(base_records[0])
    data = render_format(rec, "docx", "blanks", rng=random.Random(3))
    slashes = [k for k, v in rec["raw_cells"].items() if v == "/"]
    empties = [k for k, v in rec["raw_cells"].items() if v == ""]
    assert slashes and empties
    cells = {c["key"]: c for c in parse_bytes(data, "b.docx")["cells"]}
    for key in slashes + empties:
        assert cells[key]["value"] is None, key


def test_pdf_page_break_cuts_table_three_and_the_reader_stitches_it(base_records):
    import pypdfium2 as pdfium

    from extract.readers.pdf import read

    _, data = _rendered(base_records, "pdf", "page_break", 0)
    pdf = pdfium.PdfDocument(data)
    pages_with_rows = [k for k in range(len(pdf)) if "予以公开" in pdf[k].get_textpage().get_text_range()]
    tail = [k for k in range(len(pdf)) if "结转下年度" in pdf[k].get_textpage().get_text_range()]
    assert pages_with_rows and tail and tail[0] > pages_with_rows[0]  # the table runs over a break
    doc = read(data)
    t3 = [g for g in doc.grids if any("结转下年度" in c.text for c in g.cells)]
    assert len(t3) == 1 and any("予以公开" in c.text for c in t3[0].cells)


def test_cli_synth_writes_docx_and_pdf_with_truth(tmp_path):
    from ogi.cli import app

    out = tmp_path / "c"
    r = CliRunner().invoke(
        app, ["synth", "--n", "4", "--out", str(out), "--formats", "docx,pdf", "--seed", "3"]
    )
    assert r.exit_code == 0, r.output
    files = sorted(p.suffix for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert set(files) <= {".docx", ".pdf"} and len(files) == 4
    truth = [json.loads(x) for x in (tmp_path / "c.truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {t["source_format"] for t in truth} <= {"docx", "pdf"}
    assert all(t["variation"] for t in truth)
    bad = CliRunner().invoke(app, ["synth", "--n", "2", "--out", str(tmp_path / "d"), "--formats", "xls"])
    assert bad.exit_code == 2 and "unknown format" in bad.output
