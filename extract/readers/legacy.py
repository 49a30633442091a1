"""Legacy office formats (.doc / .wps in OLE2, .ofd): read through LibreOffice when it is installed.

Why a converter: these formats have no well-kept pure-Python reader. When `soffice` is on PATH the
bytes are converted to DOCX in a temporary folder (bounded by a timeout) and read by the DOCX reader;
otherwise the Document fails with an `unsupported_format` error that names the format and the command
that converts it. Never a crash, never silence.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from extract.document import Document, SourceFormat
from extract.record import issue

TIMEOUT_S = 120
_OLE_WORD = "WordDocument".encode("utf-16-le")
_OLE_XLS = "Workbook".encode("utf-16-le")


def kind_of(data: bytes) -> tuple[str, str]:
    """(what the file is, the suffix the converter needs) from its bytes."""
    if data.startswith(b"PK\x03\x04"):
        return "an OFD document", ".ofd"
    if _OLE_WORD in data[: 1 << 20] or _OLE_WORD in data:
        return "a legacy Word/WPS document (OLE2 .doc/.wps)", ".doc"
    if _OLE_XLS in data:
        return "a legacy Excel workbook (OLE2 .xls)", ".xls"
    return "a legacy OLE2 office document (.doc/.wps/.xls)", ".doc"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read(data: bytes) -> Document:
    what, suffix = kind_of(data)
    how = (
        "soffice --headless --convert-to docx FILE"
        if suffix != ".ofd"
        else "an OFD reader's export to PDF or DOCX"
    )
    exe = soffice_path()
    if exe is None:
        return _fail(
            "unsupported_format",
            f"{what} cannot be read without LibreOffice: install it (soffice on "
            f"PATH) or convert the file first ({how})",
        )
    converted, err = convert(exe, data, suffix)
    if converted is None:
        return _fail(
            "unsupported_format",
            f"{what}: conversion with {Path(exe).name} failed ({err}); convert the file by hand ({how})",
        )
    from extract.readers import read_document

    doc = read_document(converted)
    doc.source_format = SourceFormat.LEGACY
    doc.meta["converted_by"] = Path(exe).name
    doc.issues.append(issue("info", "converted", f"{what} converted to DOCX with {Path(exe).name}"))
    return doc


def convert(exe: str, data: bytes, suffix: str) -> tuple[bytes | None, str]:
    """The DOCX bytes LibreOffice makes of `data`, or None and why; everything in a temporary folder
    (its own user profile, so a running LibreOffice or a parallel worker does not block it)."""
    with tempfile.TemporaryDirectory(prefix="ogi-convert-") as tmp:
        d = Path(tmp)
        src = d / f"input{suffix}"
        src.write_bytes(data)
        out = d / "out"
        cmd = [
            exe,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(d / 'profile').as_uri()}",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(src),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            return None, f"timed out after {TIMEOUT_S} s"
        except OSError as e:
            return None, str(e)
        made = sorted(out.glob("*.docx")) if out.is_dir() else []
        if not made:
            tail = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip().splitlines()[-1:]
            return None, f"exit {proc.returncode}, no DOCX written" + (f": {tail[0]}" if tail else "")
        return made[0].read_bytes(), ""


def _fail(code: str, message: str) -> Document:
    return Document(SourceFormat.LEGACY, [], issues=[issue("error", code, message)], failed=True)
