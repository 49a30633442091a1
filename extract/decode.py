"""Bytes → text: encoding detected from the bytes (never from the file extension), binaries refused.

Why this order: strict UTF-8 is cheap and almost never succeeds by accident on GBK/Big5 bytes, so it
goes first; then the CJK legacy encodings are tried strictly and scored by how Chinese the result
reads (GB18030 and Big5 byte ranges overlap, so both may decode without error); charset-normalizer is
the last resort. An HTML page's declared charset is only compared with what the bytes are, never trusted.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from extract.record import issue

# File signatures of formats that are not text; the name goes into the issue message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document (extract its text first, e.g. pdftotext -layout)"),
    (b"PK\x03\x04", "a ZIP archive (or a DOCX/XLSX/OFD file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 file (a legacy DOC/XLS/WPS document)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
)
_RIFF = b"RIFF"
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32)])
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Characters that UTF-8 Chinese turns into when read as GBK: 鍏 鏀 淇 浜 涓 銆 鐨 搴 鎶 骞 …
_GBK_MOJIBAKE = re.compile("[鍏鏀淇浜涓銆鐨搴鎶骞鍙鎯宸寮鐞鏈娴绛鈥閫澶鍔璁]")

# Frequent characters of Chinese government prose, in both scripts: a decoding that yields many of
# them is the right one. Mojibake from a wrong CJK codec yields rare characters instead.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把"
    "性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质"
    "气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活"
    "设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则"
    "任取据处府研质信息报告公开申请政务情况工作主动依法规范监督保障办理街道镇乡县市省局委员会办事处人民"
    "開發區報資訊與關於為務處辦會員檔規範條機構縣鎮區鄉務號時間發佈"
)
_COMMON_RE = re.compile("[" + "".join(sorted(_COMMON)) + "]")
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.I)
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAG = re.compile(r"<(?:table|tr|td|th|div|p|span|br|meta|title|a|li|ul|font|strong)\b[^>]*>", re.I)
_MOJIBAKE_LATIN = re.compile(r"[\u00c0-\u00ef][\u0080-\u00bf\u2018-\u203a\u0152-\u0178]")

# Encodings that mean the same thing for our purpose (GB2312 ⊂ GBK ⊂ GB18030).
_FAMILY = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "utf-8-sig": "utf-8",
    "gb2312": "gb",
    "gbk": "gb",
    "gb18030": "gb",
    "cp936": "gb",
    "euc-cn": "gb",
    "x-gbk": "gb",
    "big5": "big5",
    "big5-hkscs": "big5",
    "cp950": "big5",
    "utf-16": "utf-16",
    "utf-16-le": "utf-16",
    "utf-16-be": "utf-16",
}


@dataclass
class Decoded:
    """The decoded text (None when the bytes are not a text document), how, and what went wrong."""

    text: str | None
    encoding: str | None
    is_html: bool = False
    issues: list[dict] = field(default_factory=list)


def decode_bytes(data: bytes) -> Decoded:
    """Decode one file's bytes. Never raises: empty and binary inputs come back with text None and an issue."""
    if not data or not data.strip(b" \t\r\n\x0b\x0c"):
        what = "is empty (0 bytes)" if not data else f"contains only whitespace ({len(data)} bytes)"
        return Decoded(None, None, False, [issue("error", "empty_file", f"the file {what}")])

    text, encoding = _decode_bom(data)
    stray = 0
    if (
        text is None
        and (nul := data.count(0))
        and nul <= max(16, len(data) // 1000)
        and not _sniff_utf16(data)
    ):
        # a few stray NULs (a bad copy, a CMS export) do not make a report binary: drop them, say so
        clean = data.replace(b"\x00", b"")
        if not any(data[:4096].startswith(magic) for magic, _ in _MAGIC) and _decodes(clean):
            data, stray = clean, nul
    if text is None and not any(data[:16].startswith(magic) for magic, _ in _MAGIC):
        utf16 = _sniff_utf16(data)  # before the binary test: UTF-16's low bytes look like control bytes
        if utf16:
            text, encoding = data.decode(utf16, errors="replace"), utf16
    if text is None:
        kind = _binary_kind(data)
        if kind:
            return Decoded(
                None, None, False, [issue("error", "binary_file", f"not a text file: looks like {kind}")]
            )
    issues: list[dict] = []
    if text is None:
        text, encoding, issues = _decode_text(data)
    if stray:
        issues.append(issue("info", "stray_nul_bytes", f"removed {stray} stray NUL byte(s) from the text"))

    text = text.replace("\x00", "")
    is_html = _looks_like_html(text)
    declared = _declared_charset(data) if is_html or data[:5] == b"<?xml" else None
    if declared and _FAMILY.get(declared, declared) != _FAMILY.get(encoding or "", encoding):
        issues.append(
            issue(
                "warning",
                "declared_encoding_mismatch",
                f"the page declares charset={declared} but its bytes are {encoding}; decoded as {encoding}",
            )
        )
    # U+00C0–U+00EF, which UTF-8-as-Latin-1 mojibake starts with, is C3 80–C3 AF in UTF-8: text decoded
    # from UTF-8 bytes without a C3 byte holds none, and the search for it can be skipped
    latin = encoding not in ("utf-8", "utf-8-sig") or b"\xc3" in data
    text, moji = _repair_mojibake(text, latin)
    issues.extend(moji)
    return Decoded(text, encoding, is_html, issues)


def _decode_bom(data: bytes) -> tuple[str | None, str | None]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    return None, None


def _binary_kind(data: bytes) -> str | None:
    head = data[:4096]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if data[:4] == _RIFF:
        return "a RIFF media file (image, audio or video)"
    nul = head.count(0)
    if nul and not _sniff_utf16(data):
        return "binary data (contains NUL bytes)"
    ctrl = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if len(head) >= 64 and ctrl > len(head) * 0.1:
        return "binary data (many control bytes)"
    return None


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM, told by its NUL pattern: the high byte of every ASCII character (digits,
    spaces, line ends) is NUL, so NULs sit almost all on one parity — odd offsets for little-endian, even
    for big-endian — even in Chinese-heavy text where they are fewer; the decoded text must read as text."""
    head = data[:4096]
    head = head[: len(head) // 2 * 2]
    if len(head) < 8:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    nul = even + odd
    if nul < len(head) * 0.02:
        return None
    for enc, on in (("utf-16-le", odd), ("utf-16-be", even)):
        if on < nul * 0.8:
            continue
        try:
            text = head.decode(enc)
        except UnicodeDecodeError:
            continue
        if _readable_share(text) >= 0.9:
            return enc
    return None


def _decodes(data: bytes) -> bool:
    """The bytes are clean text in a Chinese report's usual encodings (no undecodable sequence)."""
    for enc in ("utf-8", "gb18030"):
        try:
            data.decode(enc)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _readable_share(text: str) -> float:
    """Share of characters that are CJK, printable ASCII, whitespace or full-width punctuation."""
    if not text:
        return 0.0
    ok = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t") - text.count("\x00")
    ok -= sum(1 for ch in text if 0xE000 <= ord(ch) <= 0xF8FF or 0xD800 <= ord(ch) <= 0xDFFF)
    return ok / len(text)


def _chinese_score(text: str) -> float:
    sample = text[:6000]
    cjk = len(_CJK.findall(sample))
    if not cjk:
        return 0.0
    return len(_COMMON_RE.findall(sample)) / cjk


def _decode_text(data: bytes) -> tuple[str, str, list[dict]]:
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few stray bytes (a truncated download, one pasted GBK word): GB18030 would decode the
    # whole page "successfully" into nonsense, so a nearly clean UTF-8 reading wins, with a warning.
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    if bad <= max(3, len(loose) // 1000):
        return (
            loose,
            "utf-8",
            [issue("warning", "decode_errors", f"{bad} invalid UTF-8 byte sequence(s) replaced")],
        )
    candidates: list[tuple[float, str, str]] = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_chinese_score(text), enc, text))
    if candidates:
        score, enc, text = max(candidates)
        if score > 0.2 or len(candidates) == 1:
            return text, enc, []
    try:  # last resort: a statistical guess
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:
        best = None
    if best is not None and best.encoding:
        enc = best.encoding.replace("_", "-")
        return (
            str(best),
            enc,
            [issue("warning", "encoding_guessed", f"encoding guessed as {enc} (not UTF-8/GB18030)")],
        )
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return text, "utf-8", [issue("warning", "decode_errors", f"{bad} undecodable byte sequences replaced")]


def _declared_charset(data: bytes) -> str | None:
    head = data[:8192]
    m = _META_CHARSET.search(head) or _XML_DECL.search(head)
    return m.group(1).decode("ascii").lower() if m else None


def _looks_like_html(text: str) -> bool:
    """A page, not a text dump that happens to hold a few tags (markdown tables with `<br>`): it must open
    with markup and carry tags, because the HTML reader joins a text node's lines into one."""
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return head.lstrip(" \t\r\n\ufeff").startswith("<") and len(_HTML_TAG.findall(head)) >= 3


def _repair_mojibake(text: str, latin: bool = True) -> tuple[str, list[dict]]:
    """UTF-8 bytes once read as Latin-1/CP1252 (`æ”¿åºœ`): undo it when that yields Chinese; else warn.
    `latin` False: the caller knows the text holds no U+00C0–U+00EF, so it cannot be Latin-1 mojibake."""
    issues: list[dict] = []
    sample = text[:4000]
    hits = len(_MOJIBAKE_LATIN.findall(sample)) if latin else 0
    if hits >= 10 and hits > len(_CJK.findall(sample)):
        for enc in ("cp1252", "latin-1"):
            try:
                fixed = text.encode(enc).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            issues.append(issue("warning", "mojibake_repaired", f"text was UTF-8 read as {enc}; repaired"))
            return fixed, issues
        issues.append(
            issue("warning", "mojibake", "text looks like UTF-8 read as Latin-1 and could not be repaired")
        )
    if "公开" not in text and len(_GBK_MOJIBAKE.findall(sample)) >= 10:
        # UTF-8 bytes once read as GBK (`鏀垮簻淇℃伅` for 政府信息): undo it only when that is lossless
        try:
            fixed = text.encode("gb18030").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            issues.append(issue("warning", "mojibake", "text looks like UTF-8 read as GBK (鏀垮簻 for 政府)"))
            return text, issues
        else:
            issues.append(issue("warning", "mojibake_repaired", "text was UTF-8 read as GBK; repaired"))
            return fixed, issues
    bad = sample.count("\ufffd") + sample.count("锟斤拷")
    if bad >= 5:
        issues.append(
            issue("warning", "mojibake", f"{bad} replacement characters in the first 4,000 characters")
        )
    return text, issues


# Characters that exist only in Traditional script; a mirror page (newton.com.tw and the like) is full of them.
_TRAD_ONLY = re.compile(
    "[開關與為資訊報這們來說對國會發動學體過處機構條規範區縣鎮鄉辦務號業導執審單論從將無產義當點經濟實現門網頁電話]"
)


def to_simplified(lines: list[str]) -> tuple[list[str], dict | None]:
    """Lines converted to Simplified script when the document is written in Traditional (§6.1 step 5).

    Detected from the text, converted per document (zhconv, imported only when needed) so headings,
    names and labels match the template; the line count never changes. Returns the issue to record.
    """
    sample = "\n".join(lines[:400])[:8000]
    hits = len(_TRAD_ONLY.findall(sample))
    if hits < 8 or hits < len(_CJK.findall(sample)) * 0.03:
        return lines, None
    import zhconv

    converted = zhconv.convert("\n".join(lines), "zh-cn").split("\n")
    if len(converted) != len(lines):  # never shift line numbers; convert line by line instead
        converted = [zhconv.convert(line, "zh-cn") for line in lines]
    return converted, issue("info", "traditional_script", "Traditional-script text converted to Simplified")
