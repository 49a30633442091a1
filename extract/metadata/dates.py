"""Dates (docs/REPORTS.md §8.7): the date formats a report prints, and the publication date with its source.

The publication date is read from the page chrome and crawler headers first (a collection time such as
`采集时间` is never a publication date), then under the title, then the signature, then 成文日期.
"""

from __future__ import annotations

import re
from datetime import date

from extract.chrome import COLLECTED_LABELS, DATE_LABELS, DRAFTING_LABELS, PUBLISH_LABELS, header_field
from extract.memo import Memo
from extract.metadata.doc import MetaDoc
from extract.metadata.title import _squash, _title_match

# ---------------------------------------------------------------- dates
_CN_DIGIT = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "0": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUM = "〇○零Ｏ一二三四五六七八九十"
_D_ISO = r"(?P<y>\d{4})\s*[-/.－／]\s*(?P<m>\d{1,2})\s*[-/.－／]\s*(?P<d>\d{1,2})(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
_D_CJK = r"(?P<y2>\d{4})\s*年\s*(?P<m2>\d{1,2})\s*月(?:\s*(?P<d2>\d{1,2})\s*[日号])?"
_D_CN = rf"(?P<y3>[〇○零Ｏ一二三四五六七八九]{{4}})\s*年\s*(?P<m3>[{_CN_NUM}]{{1,2}})\s*月(?:\s*(?P<d3>[{_CN_NUM}]{{1,3}})\s*日)?"
DATE = re.compile(rf"{_D_ISO}|{_D_CJK}|{_D_CN}")
# A line that is only a date (signature, title block), optionally in parentheses.
_DATE_LINE = re.compile(rf"^[\s(（\[【]*(?:{_D_ISO}|{_D_CJK}|{_D_CN})[\s)）\]】]*$")
_WS_RUN = re.compile(r"\s+")
_PIPE_GAP = re.compile(r"\s*\|\s*")
_WEEKDAY_AFTER = re.compile(r"^\s*(?:星期|周|礼拜)[一二三四五六日天]")


def _cn_int(s: str) -> int:
    """二十 → 20, 十二 → 12, 三十一 → 31, 〇 → 0."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    return _CN_DIGIT[s]


def parse_date(m: re.Match[str]) -> str | None:
    """ISO `YYYY-MM-DD`, or `YYYY-MM` at month precision, from a DATE match; None if not a real date."""
    g = m.groupdict()
    try:
        if g.get("y"):
            y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
        elif g.get("y2"):
            y, mo, d = int(g["y2"]), int(g["m2"]), int(g["d2"]) if g.get("d2") else None
        else:
            y = int("".join(str(_CN_DIGIT[c]) for c in g["y3"]))
            mo, d = _cn_int(g["m3"]), _cn_int(g["d3"]) if g.get("d3") else None
        if not 1990 <= y <= 2100:
            return None
        if d is None:
            return f"{y:04d}-{mo:02d}" if 1 <= mo <= 12 else None
        return date(y, mo, d).isoformat()
    except (ValueError, KeyError):
        return None


# ---------------------------------------------------------------- publication date
def _publication_date(
    doc: MetaDoc, title_line: int | None, sig: tuple[str, str, int] | None
) -> tuple[str | None, str | None, str | None]:
    """(iso, raw, source): chrome date line, title-block date, signature date, then 成文日期 (§8.7)."""
    drafting = None
    best: tuple[int, str, str] | None = None  # (rank, iso, raw): 发布日期 beats 时间 beats a bare date line
    for i in sorted(doc.chrome):
        kind = doc.chrome[i]
        if kind not in ("date", "infobox", "header"):
            continue
        key = _header_date_key(doc.lines[i]) if kind == "header" else None
        for label, iso, raw in _dated_fields(doc.lines[i].replace("\u00a0", " ")):
            label = label or key  # `date: 2025-01-20` of a crawler header: the key is the label
            if label in COLLECTED_LABELS:  # when a crawler saved the page, not when it was published
                continue
            if label in DRAFTING_LABELS:
                drafting = drafting or (iso, raw)
                continue
            rank = 0 if label in PUBLISH_LABELS else 1 if label in DATE_LABELS else 2 if kind == "date" else 9
            if rank < 9 and (best is None or rank < best[0]):
                best = (rank, iso, raw)
    if best is not None:
        return best[1], best[2], "chrome"
    for i in doc.head():  # a publish label on a line that is not chrome (`…年度报告 发布时间：2025-01-20`)
        line = doc.lines[i]
        if _PUBLISH_HINT.search(line):
            for label, iso, raw in _dated_fields(line.replace("\u00a0", " ")):
                if label in PUBLISH_LABELS:
                    return iso, raw, "chrome"
    title_lines = [title_line] if title_line is not None else []
    for i in doc.head():  # an HTML page repeats its title (<title>, then <h1>): the date sits under either
        if i != title_line and "信息公开" in doc.lines[i] and _title_match(_squash(doc.lines[i])):
            title_lines.append(i)
    for t in title_lines:
        for i in doc.span(t + 1, t + 7, 2):
            raw = doc.lines[i].replace("\u00a0", " ").strip()
            m = _DATE_LINE.match(raw)
            if m and (iso := parse_date(m)):
                return iso, raw, "title_block"
    if sig:
        return sig[0], sig[1], "signature"
    if drafting:
        return drafting[0], drafting[1], "infobox"
    return None, None, None


def _header_date_key(line: str) -> str | None:
    """The date label a crawler header's key stands for (`published` → 发布时间), else the key itself."""
    field = header_field(line)
    if field is None:
        return None
    return _LATIN_DATE_KEYS.get(field[0], field[0])


_LATIN_DATE_KEYS = {
    "published": "发布时间",
    "pubdate": "发布时间",
    "publish_time": "发布时间",
    "date": "日期",
}
_PUBLISH_HINT = re.compile("|".join(sorted({lab[:2] for lab in PUBLISH_LABELS})))  # any(lab[:2] in line …)
_DATE_LABEL_BEFORE = re.compile(
    "(?P<label>"
    + "|".join(
        r"\s*".join(map(re.escape, lab))
        for lab in sorted(
            DATE_LABELS | DRAFTING_LABELS | {c for c in COLLECTED_LABELS if not c.isascii()},
            key=len,
            reverse=True,
        )
    )
    + r")\s*[:：]?\s*\|?\s*$"
)


def _dated_fields(line: str) -> tuple[tuple[str | None, str, str], ...]:
    """(label, iso, raw) of each date on a chrome line; the label is the date label just before it, if any.

    Works the same on `发布日期：2025-01-24`, `发 布 日 期:…`, an HTML info table row `发布日期： | 2025-01-15 |`
    and a bare `2021-01-29 10:18`; `raw` is the text as printed (pipes of a table row dropped).
    Memoised per line (chrome lines repeat across a site's pages).
    """
    found = _DATED.get(line)
    if found is None:
        found = _DATED[line] = tuple(_read_dated_fields(line))
    return found


_DATED = Memo()


def _read_dated_fields(line: str) -> list[tuple[str | None, str, str]]:
    out = []
    for m in DATE.finditer(line):
        iso = parse_date(m)
        if iso is None or _WEEKDAY_AFTER.match(line[m.end() :]):
            continue
        before = line[max(0, m.start() - 16) : m.start()]
        lm = _DATE_LABEL_BEFORE.search(before)
        label = _WS_RUN.sub("", lm.group("label")) if lm else None
        start = m.start() - (len(before) - lm.start()) if lm else m.start()
        raw = _PIPE_GAP.sub(" ", line[start : m.end()]).strip()
        out.append((label, iso, raw))
    return out
