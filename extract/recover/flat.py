"""Where the rows of a flattened crawl are: template labels found in order in one long line.

A crawler that saves a page's body as one line of text keeps every label and every digit, but no
cell border: `…申请数量 713000074二、上年结转…`. The labels are the template's own, so they are found
in template order (stray spaces inside a label allowed, `三、本年度办 理结果`), and the text between
one label and the next is that row's run. The next label's numbering (`2.`, `(四)`) sits at the end
of the run and is cut off only when it is the numbering that label is expected to carry, so a value
digit is never taken for a numbering. A run holding anything but digits and spaces is not a run (a
label was not found): that row is unreadable, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from extract.template import load_template, read_seed

_PUNCT = "、，,.．“”\"'‘’「」『』:：;；·"
# between two characters of a label: spaces, or a comma an agency added (`法律、行政法规`)
_GAP = r"[\s、，,]*"
_CN_DIGITS = "一二三四五六七八九十"
WINDOW = 600  # a row label is looked for this far past the previous one
MIN_LABELS = 10  # data-row labels on one line that make a document a flattened crawl


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _spaced(body: str) -> str:
    """A regex for `body` allowing spaces between characters and optional punctuation."""
    out = []
    for ch in body:
        if ch in _PUNCT:
            out.append(f"[{re.escape(_PUNCT)}]?")
        elif ch.isspace():
            continue
        else:
            out.append(re.escape(ch))
    return _GAP.join(out)


def _numbering(label: str) -> tuple[str, str]:
    """(numbering regex, body) of a template label: `一、`, `(一)`, `1.` as printed in the seeds."""
    s = nfkc(label)
    m = re.match(rf"^([{_CN_DIGITS}]+)、", s)
    if m:
        return rf"{m.group(1)}\s*[、.．,，]\s*", s[m.end() :]
    m = re.match(rf"^\(([{_CN_DIGITS}]+)\)", s)
    if m:
        return rf"[(（]\s*{m.group(1)}\s*[)）]\s*", s[m.end() :]
    m = re.match(r"^(\d{1,2})[.、]", s)
    if m:
        return rf"{m.group(1)}\s*[.、．,，]\s*", s[m.end() :]
    return "", s


@cache
def t3_patterns(version: str) -> tuple[tuple[str, bool, re.Pattern], ...]:
    """(row key, is data row, label regex) of every table-三 row; an annotation in parentheses is
    optional, the numbering optional too (it is captured in group `num` when present)."""
    out = []
    for r in load_template(version).t3_rows:
        num, body = _numbering(r.label)
        cut = body.find("(")
        annotation = ""
        if cut > 0:
            body = body[:cut]
            annotation = r"(?:\s*[(（][^()（）]{0,40}[)）])?"
        pat = (f"(?P<num>{num})?" if num else "") + f"(?P<body>{_spaced(body)}){annotation}"
        out.append((r.key, r.is_data_row, re.compile(pat)))
    return tuple(out)


@dataclass
class FlatRow:
    key: str
    raw: str | None  # the run between this label and the next, None when the label was not found
    chunks: list[str] | None  # its digit chunks; None when the run holds other text
    line: int | None


@dataclass
class FlatT3:
    version: str
    rows: dict[str, FlatRow] = field(default_factory=dict)
    start: int = 0  # text offsets of the first label and of the end of the last run
    end: int = 0
    labels_found: int = 0


_RUN_PREFIX = re.compile(r"[\d\s]*")


def _line_of(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def find_t3(text: str, version: str) -> FlatT3 | None:
    """Table 三's rows in NFKC `text`, from the first run of template labels found in order."""
    pats = t3_patterns(version)
    first_pat = pats[0][2]
    best: FlatT3 | None = None
    for m in first_pat.finditer(text):
        got = _walk(text, m.start(), pats, version)
        if best is None or got.labels_found > best.labels_found:
            best = got
        if best.labels_found == len(pats):
            break
    return best


def _walk(text: str, at: int, pats, version: str) -> FlatT3:
    found: list[tuple[str, bool, int, int]] = []  # key, is data, start, end
    pos = at
    for key, is_data, pat in pats:
        m = pat.search(text, pos, min(len(text), pos + WINDOW))
        if m is None:
            found.append((key, is_data, -1, -1))
            continue
        found.append((key, is_data, m.start(), m.end()))
        pos = m.end()
    out = FlatT3(version, start=at)
    out.labels_found = sum(1 for f in found if f[2] >= 0)
    for i, (key, is_data, _s, e) in enumerate(found):
        if not is_data:
            continue
        if e < 0:
            out.rows[key] = FlatRow(key, None, None, None)
            continue
        nxt = next((f for f in found[i + 1 :] if f[2] >= 0), None)
        if nxt is None:  # the last row: its run is the digits that follow
            raw = _RUN_PREFIX.match(text, e).group(0)
            out.end = e + len(raw)
        else:
            raw = text[e : nxt[2]]
            out.end = max(out.end, nxt[2])
        chunks = raw.split() if raw.strip() and re.fullmatch(r"[\d\s]+", raw) else None
        if not raw.strip():
            chunks = []
        out.rows[key] = FlatRow(key, raw.strip(), chunks, _line_of(text, e))
    return out


def is_flattened(text: str, t3: FlatT3 | None) -> bool:
    """A crawl that lost its cell borders: many table-三 labels on one line with runs of digits between
    them, or many rows whose seven cells are one glued run (`713000074`: seven cells need 7 digits)."""
    if t3 is None or t3.labels_found < MIN_LABELS:
        return False
    glued = sum(
        1 for r in t3.rows.values() if r.chunks is not None and len(r.chunks) == 1 and len(r.chunks[0]) >= 7
    )
    if glued >= MIN_LABELS:
        return True
    lines = {r.line for r in t3.rows.values() if r.line is not None}
    if not lines:
        return False
    per_line = max(sum(1 for r in t3.rows.values() if r.line == ln) for ln in lines)
    return per_line >= MIN_LABELS


# ---------------------------------------------------------------- table 四

_T4_ANCHOR = re.compile(r"行\s*政\s*复\s*议")
_AFTER_T4 = re.compile(r"[五六]\s*、|存在的主要问题|主要问题|其他需要报告")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def find_t4(text: str, after: int) -> tuple[str | None, list[str] | None, int | None]:
    """(raw run, digit chunks, line) of table 四: the digits after its header, before section 五."""
    m = _T4_ANCHOR.search(text, after)
    if m is None:
        return None, None, None
    stop = _AFTER_T4.search(text, m.end())
    region = text[m.end() : stop.start() if stop else min(len(text), m.end() + 400)]
    last_cjk = None
    for m_cjk in _CJK.finditer(region):
        last_cjk = m_cjk
    if last_cjk is None:
        return None, None, None
    head, raw = region[: last_cjk.end()], region[last_cjk.end() :]
    if re.search(r"\d", head) or not raw.strip():
        return None, None, _line_of(text, m.start())
    chunks = raw.split() if re.fullmatch(r"[\d\s]+", raw) else None
    return raw.strip(), chunks, _line_of(text, m.start() + len(head))


# ---------------------------------------------------------------- table 二

_T3_HEADING = re.compile(r"收\s*到\s*和\s*处\s*理\s*政\s*府\s*信\s*息\s*公\s*开\s*申\s*请")
# the first sub-table's caption, not any citation of 第二十条 in the preamble
_T2_START = re.compile(r"第\s*二\s*十\s*条\s*第\s*[(（]?\s*[一五六八九]\s*[)）]?\s*项")
_T2_RUN = re.compile(r"[\d\s.\-]*")
_ANNOTATION = re.compile(r"\s*[(（][^()（）]{0,80}[)）]")


@cache
def t2_labels(version: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    rows = [r for r in read_seed("template_t2_labels") if r["template_version"] == version]
    return tuple(
        (r["row_key"], tuple(sorted((x for x in r["match_labels"].split("|") if x), key=len, reverse=True)))
        for r in rows
    )


def find_t2(text: str, version: str, end: int) -> dict[str, FlatRow]:
    """Table 二's rows: each template row label in order, then the digits that follow it."""
    start = _T2_START.search(text)
    if start is None or start.start() >= end:
        return {}
    pos = start.start()
    out: dict[str, FlatRow] = {}
    for key, labels in t2_labels(version):
        pat = re.compile("|".join(f"(?:{_spaced(nfkc(lab))})" for lab in labels))
        m = pat.search(text, pos, min(end, pos + WINDOW))
        if m is None:
            out[key] = FlatRow(key, None, None, None)
            continue
        after = m.end()
        note = _ANNOTATION.match(text, after)  # `其他对外管理服务事项（…行政处罚、行政强制…）`: not labels
        if note:
            after = note.end()
        raw = _T2_RUN.match(text, after).group(0)
        follow = text[after + len(raw) : after + len(raw) + 1]
        ok = bool(raw.strip()) and (not follow or _CJK.match(follow) or follow in "(（")
        out[key] = FlatRow(key, raw.strip(), raw.split() if ok else None, _line_of(text, after))
        pos = after + len(raw)
    return out


def t3_heading_at(text: str) -> int | None:
    """Offset of the last table-三 heading before the tables (the first is often in the preamble)."""
    hits = [m.start() for m in _T3_HEADING.finditer(text)]
    return hits[-1] if hits else None
