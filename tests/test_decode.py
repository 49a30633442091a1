"""Decoding from the bytes: UTF-8 (with or without BOM), GB18030/GBK, Big5, lying meta charsets, binaries."""

from __future__ import annotations

import codecs

import pytest

from extract.decode import decode_bytes, to_simplified

TEXT = (
    "定西市安定区2024年政府信息公开工作年度报告\n一、总体情况\n2024年，安定区人民政府扎实推进政务公开工作。\n"
)


def codes(d) -> list[str]:
    return [i["code"] for i in d.issues]


def test_utf8_and_bom():
    d = decode_bytes(TEXT.encode("utf-8"))
    assert (d.text, d.encoding, d.is_html, d.issues) == (TEXT, "utf-8", False, [])
    d = decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert (d.text, d.encoding) == (TEXT, "utf-8-sig")


@pytest.mark.parametrize("enc", ["gb18030", "gbk", "gb2312"])
def test_gb_family_detected_from_bytes(enc):
    d = decode_bytes(TEXT.encode(enc))
    assert d.text == TEXT
    assert d.encoding == "gb18030"
    assert d.issues == []


def test_big5_traditional_page():
    trad = "武漢市生態環境局2020年政府信息公開工作年度報告\n一、總體情況\n本局認真貫徹落實條例規定，全年主動公開政府信息。\n"
    d = decode_bytes(trad.encode("big5"))
    assert d.text == trad
    assert d.encoding == "big5"


def test_utf16_with_bom():
    d = decode_bytes(TEXT.encode("utf-16"))
    assert d.text == TEXT


def test_empty_and_whitespace_only():
    for data in (b"", b" \r\n\t\n"):
        d = decode_bytes(data)
        assert d.text is None
        assert codes(d) == ["empty_file"]
        assert d.issues[0]["severity"] == "error"


@pytest.mark.parametrize(
    ("data", "word"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "DOC"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_binary_files_are_named(data, word):
    d = decode_bytes(data)
    assert d.text is None
    assert codes(d) == ["binary_file"]
    assert word in d.issues[0]["message"]


def test_html_meta_charset_that_lies():
    html = f'<html><head><meta charset="utf-8"><title>t</title></head><body><p>{TEXT}</p></body></html>'
    d = decode_bytes(html.encode("gbk"))
    assert d.is_html
    assert TEXT.strip() in d.text
    assert d.encoding == "gb18030"
    assert codes(d) == ["declared_encoding_mismatch"]
    assert d.issues[0]["severity"] == "warning"
    assert "utf-8" in d.issues[0]["message"]


def test_html_meta_charset_that_tells_the_truth():
    html = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>{TEXT}</body></html>'
    d = decode_bytes(html.encode("gbk"))
    assert d.is_html and d.issues == []


def test_plain_text_is_not_html():
    assert decode_bytes("第二十条第(一)项 | |||\n规章 | 0 | 0 | 0 |\n".encode()).is_html is False


def test_utf8_read_as_latin1_is_repaired():
    mojibake = TEXT.encode("utf-8").decode("latin-1").encode("utf-8")
    d = decode_bytes(mojibake)
    assert d.text == TEXT
    assert codes(d) == ["mojibake_repaired"]


def test_traditional_lines_become_simplified_line_for_line():
    lines = [
        "武漢市生態環境局2020年政府信息公開工作年度報告",
        "",
        "一、總體情況",
        "本機關認真貫徹落實《條例》規定。",
    ]
    out, found = to_simplified(lines)
    assert out[0] == "武汉市生态环境局2020年政府信息公开工作年度报告"
    assert out[2] == "一、总体情况"
    assert len(out) == len(lines)
    assert found["code"] == "traditional_script"
    assert to_simplified(["一、总体情况", "正文"]) == (["一、总体情况", "正文"], None)


def test_utf8_with_a_stray_byte_stays_utf8():
    data = TEXT.encode("utf-8") * 20 + b"\xff" + TEXT.encode("utf-8")
    d = decode_bytes(data)
    assert d.encoding == "utf-8"
    assert TEXT in d.text
    assert codes(d) == ["decode_errors"]


def test_markdown_dump_with_br_tags_is_not_html():
    md = "一、总体情况\n正文。\n| 信息内容 | 本年制发件数<br>（件） |\n|---|---|\n| 规章 | 0<br> |\n" * 5
    assert decode_bytes(md.encode()).is_html is False


def test_html_fragment_without_html_tag_is_html():
    frag = "<div class='content'><p>一、总体情况</p><p>正文。</p><table><tr><td>规章</td></tr></table></div>"
    assert decode_bytes(frag.encode()).is_html is True


def test_utf8_read_as_gbk_is_repaired_when_lossless_else_flagged():
    text = "政府信息公开工作年度报告。一、总体情况。二、主动公开政府信息情况。" * 3
    once = text.encode("utf-8").decode("gb18030", errors="replace")
    d = decode_bytes(once.encode("utf-8"))
    assert codes(d) in (["mojibake_repaired"], ["mojibake"])
    if codes(d) == ["mojibake_repaired"]:
        assert d.text == text


def test_a_few_stray_nul_bytes_do_not_reject_a_report():
    from tests.conftest import SAMPLES

    data = (SAMPLES / "002_72b5106183aba5ae.txt").read_bytes()
    damaged = data[:400] + b"\x00\x00" + data[400:2000] + b"\x00" + data[2000:]
    d = decode_bytes(damaged)
    assert d.text == data.decode("utf-8")
    assert codes(d) == ["stray_nul_bytes"] and d.issues[0]["severity"] == "info"


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_bom_less_utf16_of_a_chinese_report_is_decoded(enc):
    from extract.parse import parse_bytes
    from tests.conftest import SAMPLES

    text = (SAMPLES / "002_72b5106183aba5ae.txt").read_text(encoding="utf-8")
    d = decode_bytes(text.encode(enc))  # Chinese-heavy: only line ends, digits and spaces give NULs
    assert (d.text, d.encoding) == (text, enc)
    assert parse_bytes(text.encode(enc), "r.txt")["t3"] == parse_bytes(text.encode(), "r.txt")["t3"]


def test_many_nul_bytes_are_still_binary():
    d = decode_bytes(b"\x00\x01\x02\x03" * 300)
    assert d.text is None and codes(d) == ["binary_file"]
