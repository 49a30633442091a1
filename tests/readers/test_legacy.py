"""Legacy .doc/.wps/.ofd: converted by soffice when it is on PATH, else a named unsupported_format error."""

from __future__ import annotations

import io
import os
import stat
import sys

import docx

from extract.parse import parse_bytes

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "WordDocument".encode("utf-16-le") + b"\x00" * 64


def test_without_soffice_the_issue_names_the_format_and_the_command(monkeypatch):
    import extract.readers.legacy as legacy

    monkeypatch.setattr(legacy.shutil, "which", lambda name: None)
    rec = parse_bytes(OLE2, "old.doc")
    assert rec["status"] == "failed" and rec["source_format"] == "legacy"
    (i,) = rec["issues"]
    assert i["code"] == "unsupported_format" and i["severity"] == "error"
    assert "Word/WPS" in i["message"] and "soffice --headless --convert-to docx" in i["message"]
    assert "old.doc" in i["message"]


def test_with_soffice_the_converted_docx_is_read(tmp_path, monkeypatch):
    d = docx.Document()
    d.add_paragraph("转换后的文字")
    buf = io.BytesIO()
    d.save(buf)
    made = tmp_path / "made.docx"
    made.write_bytes(buf.getvalue())
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    # a stand-in for LibreOffice: writes the prepared DOCX where --outdir says, named after the input
    fake.write_text(
        f"#!{sys.executable}\n"
        "import shutil, sys, pathlib\n"
        "args = sys.argv[1:]\n"
        "out = pathlib.Path(args[args.index('--outdir') + 1]); out.mkdir(parents=True, exist_ok=True)\n"
        f"shutil.copy({str(made)!r}, out / (pathlib.Path(args[-1]).stem + '.docx'))\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    rec = parse_bytes(OLE2, "old.wps")
    assert rec["source_format"] == "legacy"
    assert any(i["code"] == "converted" for i in rec["issues"])
    assert rec["status"] != "failed"


def test_a_converter_that_writes_nothing_is_a_named_failure(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    rec = parse_bytes(OLE2, "bad.doc")
    assert rec["status"] == "failed"
    (i,) = rec["issues"]
    assert i["code"] == "unsupported_format" and "could not be loaded" in i["message"]
