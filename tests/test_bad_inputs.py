"""Bad inputs give a clear issue naming the file, and one batch with all of them loses nothing."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.ingest import ingest
from extract.parse import parse_bytes, parse_file
from tests.conftest import FIXTURES, SAMPLES, SEED_NAMES

BAD = FIXTURES / "bad"
# file → (status, the code of the issue that explains it, its severity)
EXPECTED = {
    "empty.txt": ("failed", "empty_file", "error"),
    "report.pdf": ("failed", "unreadable_pdf", "error"),
    "scan.png": ("failed", "unreadable_image", "error"),  # OCR is installed (dev extra): a broken PNG
    "news_page.txt": ("not_report", "not_report", "error"),
    "truncated_table.txt": ("parsed_with_errors", "truncated_document", "error"),
    "wrong_encoding.html": ("parsed", "declared_encoding_mismatch", "warning"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_gives_a_clear_issue_naming_the_file(name):
    rec = parse_file(BAD / name)
    status, code, severity = EXPECTED[name]
    assert rec["status"] == status
    found = [i for i in rec["issues"] if i["code"] == code]
    assert len(found) == 1, rec["issues"]
    assert found[0]["severity"] == severity
    assert str(BAD / name) in found[0]["message"]


def test_binary_issue_says_what_the_file_looks_like():
    assert "PDF" in parse_file(BAD / "report.pdf")["issues"][0]["message"]
    assert "PNG" in parse_file(BAD / "scan.png")["issues"][0]["message"]


def test_truncated_report_keeps_what_it_has():
    rec = parse_file(BAD / "truncated_table.txt")
    assert rec["is_report"] is True
    assert rec["agency_name"] == "安定区人民政府" and rec["report_year"] == 2024  # line 627 was cut off
    assert rec["t3"]["new_received"] == [22, 0, 0, 0, 0, 0, 22]  # rows before the cut are read
    assert rec["table_status"]["t4"] == "missing"


def test_wrong_declared_encoding_is_decoded_from_the_bytes():
    rec = parse_file(BAD / "wrong_encoding.html")
    assert rec["encoding"] == "gb18030"
    assert rec["agency_name"] == "深圳市龙华区民治街道办事处"
    assert rec["publication_date"] == "2025-01-15"


def test_unreadable_path_is_a_failed_record():
    rec = parse_file(BAD / "does_not_exist.txt")
    assert rec["status"] == "failed"
    assert rec["issues"][0]["code"] == "unreadable_file"
    assert "does_not_exist.txt" in rec["issues"][0]["message"]


def test_parser_crash_becomes_a_failed_record(monkeypatch):
    import extract.parse as parse_mod

    def boom(lines, sections):
        raise RuntimeError("metadata exploded")

    monkeypatch.setattr(parse_mod, "read_metadata", boom)
    rec = parse_bytes((SAMPLES / f"{SEED_NAMES[0]}.txt").read_bytes(), "x.txt", source_path="/in/x.txt")
    assert rec["status"] == "failed"
    assert rec["issues"][-1]["code"] == "parse_error"
    assert "/in/x.txt" in rec["issues"][-1]["message"] and "metadata exploded" in rec["issues"][-1]["message"]


def test_one_batch_with_samples_and_bad_files_loses_nothing(warehouse):
    good = [SAMPLES / f"{n}.txt" for n in SEED_NAMES]
    bad = [BAD / n for n in sorted(EXPECTED)]
    con = duckdb.connect(str(warehouse))
    summary = ingest(con, [*good, *bad], workers=1)
    assert summary.files == summary.landed == len(good) + len(bad)
    assert sorted(p for p, _ in summary.failed) == sorted(
        str(BAD / n) for n, e in EXPECTED.items() if e[0] == "failed"
    )
    assert summary.not_reports == [str(BAD / "news_page.txt")]

    docs = dict(con.execute("select source_path, status from raw.documents").fetchall())
    assert len(docs) == len(good) + len(bad)
    for p in good:
        assert docs[str(p)] == "parsed"
    for name, (status, code, _sev) in EXPECTED.items():
        assert docs[str(BAD / name)] == status
        n = con.execute(
            "select count(*) from raw.parse_issues i join raw.documents d using (doc_id) "
            "where d.source_path = ? and i.code = ?",
            [str(BAD / name), code],
        ).fetchone()[0]
        assert n == 1, name
    cells = dict(
        con.execute(
            "select d.source_path, count(c.doc_id) from raw.documents d left join raw.cells c using (doc_id) "
            "group by 1"
        ).fetchall()
    )
    for p in good:
        assert cells[str(p)] in (10 + 175 + 15, 22 + 161 + 15)  # every template cell of v2021 / v2019
    for name in ("empty.txt", "report.pdf", "scan.png", "news_page.txt"):
        assert cells[str(BAD / name)] == 0
    # the same batch again: nothing new, nothing lost
    again = ingest(con, [*good, *bad], workers=1)
    assert again.skipped == len(good) + len(bad)
    assert con.execute("select count(*) from raw.documents").fetchone()[0] == len(good) + len(bad)


_ALPHABET = "一二三四五六、，。：:()（）|第年月日20240135政府信息公开报告街道镇区县市省 \t\u00a0>首页发布日期星期二《》\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=_ALPHABET, max_size=400), enc=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_arbitrary_text_never_breaks_the_document_parser(text, enc):
    rec = parse_bytes(text.encode(enc), "fuzz.txt")
    assert not [i for i in rec["issues"] if i["code"] == "parse_error"]
    assert rec["status"] in ("parsed", "parsed_with_errors", "not_report", "failed")


def test_an_undecodable_image_gives_the_same_record_every_time():
    """The issue names the decoder's error without object addresses (PIL writes `<_io.BytesIO object at
    0x…>`), so the same bytes give the same record in every process."""
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 2  # a PNG signature, then no chunk PIL knows
    first, second = (parse_bytes(data, "scan.png") for _ in range(2))
    (message,) = [i["message"] for i in first["issues"] if i["code"] == "unreadable_image"]
    assert " at 0x" not in message and "cannot be decoded" in message
    assert first["issues"] == second["issues"]
