"""Formats are sniffed from the bytes, never from a file name."""

from __future__ import annotations

import io
import zipfile

import pytest

from extract.document import SourceFormat
from extract.readers import read_document, reader_for
from extract.sniff import sniff


def _zip(*names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in names:
            z.writestr(n, "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", SourceFormat.PDF),
        (b"\r\n\r\n%PDF-1.4\n", SourceFormat.PDF),  # junk before the header, as the spec allows
        (_zip("[Content_Types].xml", "word/document.xml"), SourceFormat.DOCX),
        (_zip("OFD.xml", "Doc_0/Document.xml"), SourceFormat.LEGACY),
        (_zip("xl/workbook.xml"), SourceFormat.UNKNOWN),
        (b"PK\x03\x04 not really a zip", SourceFormat.UNKNOWN),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, SourceFormat.LEGACY),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, SourceFormat.IMAGE),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", SourceFormat.IMAGE),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", SourceFormat.HTML),
        (b"<html><head><meta charset=gbk></head>", SourceFormat.HTML),
        ("一、总体情况\n本机关……\n".encode(), SourceFormat.TEXT),
        (b"BM is how this text starts\n", SourceFormat.TEXT),
        (b"", SourceFormat.TEXT),
    ],
)
def test_sniff_by_content(data, fmt):
    assert sniff(data) is fmt


def test_a_pdf_named_txt_and_a_page_named_pdf_are_read_by_what_they_are(tmp_path):
    from extract.parse import parse_file

    page = tmp_path / "report.pdf"
    page.write_text(
        "<html><body><p>二〇二三年政府信息公开工作年度报告</p><p>一、总体情况</p></body></html>",
        encoding="utf-8",
    )
    rec = parse_file(page)
    assert rec["source_format"] == "html"
    assert rec["layout"] != "pdf"


def test_text_reader_keeps_lines_and_html_decoding_decides():
    doc = read_document("第一行\r\n第二行\f第三行\n".encode("gb18030"))
    assert doc.source_format is SourceFormat.TEXT
    assert doc.lines == ["第一行", "第二行\f第三行"]
    assert doc.encoding == "gb18030"
    # markup-looking bytes that decode to a markdown table with <br> stay text
    doc = read_document("规章 | 0 | 0 |<br>\n".encode())
    assert doc.source_format is SourceFormat.TEXT


def test_unknown_binary_fails_with_the_binary_issue():
    doc = read_document(_zip("xl/workbook.xml"))
    assert doc.failed and doc.source_format is SourceFormat.UNKNOWN
    assert doc.issues[0]["code"] == "binary_file"


def test_image_without_ocr_reader_says_how_to_enable_it(monkeypatch):
    import extract.readers as readers

    monkeypatch.setattr(readers, "_LOADED", {})
    monkeypatch.setitem(__import__("sys").modules, "extract.readers.image", None)
    doc = reader_for(SourceFormat.IMAGE)(b"\x89PNG\r\n\x1a\n")
    assert doc.failed and doc.lines == []
    assert doc.issues[0]["code"] == "ocr_unavailable" and "ogi-warehouse[ocr]" in doc.issues[0]["message"]
