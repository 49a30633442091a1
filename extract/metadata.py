"""Document metadata (REPORTS.md §8.7): title, agency, level, report year, publication date, region.

Each field is read from the sources the spec lists, in its order, and records which source won, so a
wrong value can be traced. Names are taken verbatim from the text: the canonical agency name is the
fullest form of the issuing body that occurs, the aliases are the shorter forms that occur, and a
generic self-reference (我办, 我局, 本机关) is never a name. The page chrome is read here (dates,
发布机构) and nowhere else.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date

from extract.chrome import (
    DATE_LABELS,
    DRAFTING_LABELS,
    PUBLISH_LABELS,
    chrome_lines,
    info_fields,
    joined_lines,
)
from extract.gazetteer import MUNICIPALITIES, parse_chain, places, read_region, scan_places
from extract.memo import Memo
from extract.record import empty_region, issue

# ---------------------------------------------------------------- dates
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM = "〇○零Ｏ一二三四五六七八九十"
_D_ISO = r"(?P<y>\d{4})\s*[-/.－／]\s*(?P<m>\d{1,2})\s*[-/.－／]\s*(?P<d>\d{1,2})(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
_D_CJK = r"(?P<y2>\d{4})\s*年\s*(?P<m2>\d{1,2})\s*月(?:\s*(?P<d2>\d{1,2})\s*[日号])?"
_D_CN = rf"(?P<y3>[〇○零Ｏ一二三四五六七八九]{{4}})\s*年\s*(?P<m3>[{_CN_NUM}]{{1,2}})\s*月(?:\s*(?P<d3>[{_CN_NUM}]{{1,3}})\s*日)?"
DATE = re.compile(rf"{_D_ISO}|{_D_CJK}|{_D_CN}")
# A line that is only a date (signature, title block), optionally in parentheses.
_DATE_LINE = re.compile(rf"^[\s(（\[【]*(?:{_D_ISO}|{_D_CJK}|{_D_CN})[\s)）\]】]*$")
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


# ---------------------------------------------------------------- titles and names
_TITLE = re.compile(
    r"^(?:关于)?[《<]?(?:(?P<y1>(?:19|20)\d{2})年度?)?(?P<agency>.*?)(?:(?P<y2>(?:19|20)\d{2})年度?)?的?"
    r"(?:政府|政务)?信息公开(?:工作)?(?:(?P<y3>(?:19|20)\d{2})年度?)?(?:年度)?(?:工作)?(?:报告|年报)[》>]?"
    r"(?:\([^)]*\))?(?P<site>[-_|－—–]+[^-_|]{2,30})?$"
)
_TITLE_TAIL = re.compile(r"\s+(?=(?:发布|发表|来源|时间|日期|作者|浏览|点击)[^\s]{0,4}[:：])")
_NAME_CHARS = r"[\u4e00-\u9fff()（）·]"
_AGENCY_END = (
    "人民政府办公室", "人民政府办公厅", "人民政府", "政府办公室", "政府", "街道办事处", "办事处", "管理委员会",
    "管委会", "委员会", "办公室", "办公厅", "街道", "苏木", "镇", "乡", "局", "厅", "委", "办", "署", "中心",
    "院", "所", "站", "队", "馆", "处", "会", "公司", "集团", "区", "县", "市", "旗", "州", "盟", "省", "自治区",
)
# A generic self-reference (我局, 本机关, 该单位, 贵单位, 全区), not a name: the first character alone is not
# enough, since real places start with it too (贵港市, 贵州省, 本溪市, 全椒县, 全州县).
_GENERIC = re.compile(
    r"^(?:我|本|该|贵|各|全)(?:本级)?(?:单位|机关|部门|系统|局|办|委|厅|署|院|会|站|所|处|中心|街道|社区|镇|乡|区|县|市)"
)
_PREAMBLE = [
    re.compile(p)
    for p in (
        rf"由(?P<a>{_NAME_CHARS}{{2,40}}?)(?:负责)?(?:编制|编写|制作|编印|起草|发布)",
        rf"现(?:将|把|向社会公布|予以公布|公布)(?P<a>{_NAME_CHARS}{{2,40}}?)(?:\d{{4}}年度?)?(?:政府|政务)?信息公开",
        rf"我单位(?:办公)?地址(?:为|是|:|：)(?P<a>{_NAME_CHARS}{{2,40}}?)(?:[,，。;；\s]|$)",
        rf"(?P<a>{_NAME_CHARS}{{2,40}}?)(?:特)?(?:编制|制定|制作|发布)(?:了)?本(?:年度)?报告",
        rf"结合(?P<a>{_NAME_CHARS}{{2,40}}?)\d{{4}}年度?(?:政府|政务)?信息公开",
    )
]
_JUNK_LEAD = "根据按照依照要求现将把由为是对于在和及与特本我该"
_GOV_BODY = ("人民政府", "政府")
_SIGNATURE_NAME = re.compile(rf"^{_NAME_CHARS}{{2,40}}$")
_SIGN_INLINE = re.compile(rf"^(?P<a>{_NAME_CHARS}{{2,40}}?)\s+(?P<when>(?:{_D_CJK}|{_D_CN}|{_D_ISO}))\s*$")

# ---------------------------------------------------------------- report year
_PERIOD = re.compile(
    r"(?P<y>20\d{2})\s*年\s*(?:度\s*)?(?:的\s*)?[1１]\s*月\s*[1１]\s*日\s*(?:起|零时)?\s*(?:至|到|-|－|—|–|~|～)\s*"
    r"(?:(?P<y_end>20\d{2})\s*年\s*)?(?:12|１２)\s*月\s*(?:31|３１)\s*日"
)
_OPENING = re.compile(r"^(?P<y>20\d{2})年(?:度|以来|来|是|,|，|[\u4e00-\u9fff])")
_PLAN_WORDS = re.compile(r"将|计划|拟|打算|力争|展望")
_WORKPLAN = re.compile(r"《[^》]{0,40}?(?P<y>20\d{2})年度?(?:政务公开|政府信息公开)工作要点》")
_BUDGET = re.compile(r"(?P<y>20\d{2})年度?预决算")
_PREAMBLE_TITLE = re.compile(r"(?P<y>20\d{2})年度?(?:政府|政务)?信息公开(?:工作)?(?:年度)?报告")


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def _squash(s: str) -> str:
    """NFKC with all whitespace removed: the form the title and year patterns read (memoised per line:
    the readers squash the same head and tail lines several times)."""
    out = _SQUASHED.get(s)
    if out is None:
        out = _SQUASHED[s] = _SQUASH_WS.sub("", _nfkc(s))
    return out


_SQUASH_WS = re.compile(r"[\s\u200b\ufeff]+")
_SQUASHED = Memo()
_WS_RUN = re.compile(r"\s+")
_PIPE_GAP = re.compile(r"\s*\|\s*")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})年")


def _is_agency_like(name: str) -> bool:
    return (
        2 <= len(name) <= 40
        and not _GENERIC.match(name)
        and name.endswith(_AGENCY_END)
        and name not in ("人民政府", "政府", "街道办事处", "办事处", "街道", "乡镇", "镇", "乡")
    )


def _trim_lead(name: str) -> str:
    """Drop words the patterns swallow before a name (`要求XX区人民政府` → `XX区人民政府`)."""
    for start in range(len(name) - 1):
        tail = name[start:]
        for size in range(min(16, len(tail)), 1, -1):
            if places(tail[:size]):
                return tail
    cut = max((name.rfind(w) + len(w) for w in _CLAUSE_WORDS if w in name), default=0)
    return name[cut:].lstrip(_JUNK_LEAD)


_CLAUSE_WORDS = ("要求", "规定", "精神", "部署", "根据", "按照", "依据", "依照", "条例", "安排")


class _Doc:
    """One document's lines with the regions the readers share (head, tail, chrome), computed once."""

    def __init__(self, lines: list[str], sections: dict) -> None:
        self.lines = lines
        self.sections = sections
        self.chrome = chrome_lines(lines)
        self.fields = info_fields(lines, self.chrome)
        first = min((s["line"] for s in sections.values()), default=None)
        self.head_end = (first - 1) if first else min(len(lines), 40)  # 0-based exclusive
        self.text = joined_lines(lines)
        self._head: list[int] | None = None

    def _keep(self, i: int) -> bool:
        return i not in self.chrome and bool(self.lines[i].strip())

    def span(self, start: int, stop: int, limit: int | None = None) -> list[int]:
        """Non-blank, non-chrome 0-based line indices in [start, stop), at most `limit` of them."""
        out: list[int] = []
        lines, chrome = self.lines, self.chrome
        for i in range(max(0, start), min(stop, len(lines))):
            if i not in chrome and lines[i].strip():  # _keep, inlined
                out.append(i)
                if limit is not None and len(out) >= limit:
                    break
        return out

    def head(self) -> list[int]:
        if self._head is None:
            self._head = self.span(0, self.head_end)
        return self._head

    def tail(self, n: int = 8) -> list[int]:
        out: list[int] = []
        i = len(self.lines) - 1
        while i >= 0 and len(out) < n:
            if self._keep(i):
                out.append(i)
            i -= 1
        return out[::-1]


def read_metadata(lines: list[str], sections: dict) -> dict:
    """Title, agency, level, year, publication date and region of one document (see module docstring)."""
    doc = _Doc(lines, sections)
    issues: list[dict] = []
    title, title_line, title_agency, title_year = _find_title(doc)
    sig_agency, sig_date = _signature(doc)
    agency, agency_source = _find_agency(doc, title_agency, sig_agency)
    canonical, aliases, body = _expand_agency(agency, doc.text) if agency else (None, [], "")
    level = _agency_level(canonical) if canonical else None
    pub, pub_raw, pub_source = _publication_date(doc, title_line, sig_date)
    year, year_source = _report_year(doc, title_year, pub)
    region, inferred = read_region(canonical, doc.text, township_agency=level == "township") if canonical else (
        empty_region(), {})
    if canonical and not any(region.values()):
        # a name without a place (`市生态环境局`): the place the page itself is about (banner, breadcrumb, title)
        place = _page_place(doc)
        if place:
            region, inferred = read_region(place, doc.text)
    if canonical is None:
        issues.append(issue("warning", "agency_not_found", "no agency name found in the title, preamble or signature"))
    if year is None:
        issues.append(issue("warning", "report_year_not_found", "no report year found"))
    elif title_year and title_year != year:
        issues.append(issue("warning", "report_year_conflict",
                            f"the title says {title_year} but the {year_source} says {year}; {year} kept",
                            line=None if title_line is None else title_line + 1))
    return {
        "title": title,
        "agency_name": canonical,
        "agency_aliases": aliases,
        "agency_name_inferred": _inferred_name(canonical, level, body),
        "agency_name_source": agency_source,
        "agency_level": level,
        "report_year": year,
        "report_year_source": year_source,
        "publication_date": pub,
        "publication_date_raw": pub_raw,
        "publication_date_source": pub_source,
        "region": region,
        "region_inferred": inferred,
        "issues": issues,
    }


def _page_place(doc: _Doc) -> str | None:
    """The most specific place named by the page chrome and the lines above section one."""
    context = "\n".join(doc.lines[i] for i in sorted(set(doc.chrome) | set(doc.head())))
    found = scan_places(context)
    if not found:
        return None
    return max(found, key=lambda n: (max(p.rank for p in places(n)), found[n], len(n)))


# ---------------------------------------------------------------- title
def _find_title(doc: _Doc) -> tuple[str | None, int | None, str | None, int | None]:
    """(title, 0-based line, agency part, year) of the first title-like line above section one."""
    candidates = doc.head() or doc.span(0, len(doc.lines), 3)
    for k, i in enumerate(candidates):
        raw, s = _title_parts(doc.lines[i])
        if not 8 <= len(s) <= 90 or "信息公开" not in s:
            continue
        m = _title_match(s)
        if k > 0 and (m is None or not m.group("agency")):
            # wrapped: `XX区人民政府2024年度` / `政府信息公开工作年度报告`
            prev_raw = doc.lines[candidates[k - 1]].replace("\u00a0", " ").strip(" \t\u3000|*#")
            joined = _squash(prev_raw) + s
            mj = _title_match(joined) if len(joined) <= 90 and "信息公开" not in prev_raw else None
            if mj is not None and mj.group("agency"):
                m, s, raw = mj, joined, prev_raw + raw
        if m is None:
            continue
        if m.group("site"):
            raw = s[: m.start("site")]
        agency = (m.group("agency") or "").strip("《》<>·")
        agency = agency.removesuffix("关于")  # `XX区人民政府关于2024年…报告`
        if agency.endswith("人民"):  # `XX区人民政府信息公开…`: the lazy match left 政府 to the title words
            agency += "政府"
        year = m.group("y1") or m.group("y2") or m.group("y3")
        if not year:  # `XX区政府信息公开工作年度报告（2024年度）`
            ym = _TITLE_YEAR.search(s)
            year = ym.group(1) if ym else None
        if not agency and i > 0:  # a title wrapped after the agency: `XX区人民政府` / `2024年政府信息…`
            prev = next((j for j in reversed(candidates) if j < i), None)
            if prev is not None and _is_agency_like(_squash(doc.lines[prev])):
                agency = _squash(doc.lines[prev])
                raw = doc.lines[prev].strip() + raw
        return raw, i, (agency if len(agency) >= 2 and not _GENERIC.match(agency) else None), (
            int(year) if year else None)
    for label, value, _line in doc.fields:
        if label in ("标题", "名称") and "信息公开" in value:
            m = _TITLE.match(_squash(value))
            if m:
                year = m.group("y1") or m.group("y2")
                return value, None, m.group("agency") or None, int(year) if year else None
    return None, None, None, None


def _title_parts(line: str) -> tuple[str, str]:
    """(title text as printed, its squashed form) of a line; memoised (the head lines repeat)."""
    parts = _TITLE_PARTS.get(line)
    if parts is None:
        raw = line.replace("\u00a0", " ").strip(" \t\u3000|*#")
        raw = _TITLE_TAIL.split(raw, maxsplit=1)[0]  # `…年度报告 发布时间：2025-01-20` on one line
        parts = _TITLE_PARTS[line] = (raw, _squash(raw))
    return parts


def _title_match(s: str) -> re.Match[str] | None:
    """_TITLE.match(s), memoised (a match object is never changed, so it can be shared)."""
    m = _TITLE_MATCHES.get(s, False)
    if m is False:
        m = _TITLE_MATCHES[s] = _TITLE.match(s)
    return m


_TITLE_PARTS = Memo()
_TITLE_MATCHES = Memo()


# ---------------------------------------------------------------- agency
def _signature(doc: _Doc) -> tuple[tuple[str, int] | None, tuple[str, str, int] | None]:
    """((agency, line), (iso date, raw, line)) of the signature block at the end of the report."""
    tail = doc.tail(8)
    for k in range(len(tail) - 1, -1, -1):
        i = tail[k]
        raw = doc.lines[i].replace("\u00a0", " ").strip(" \t\u3000|")
        m = _DATE_LINE.match(raw)
        if m:
            iso = parse_date(m)
            if iso is None:
                continue
            agency = None
            if k > 0:
                prev = _squash(doc.lines[tail[k - 1]]).strip("|")
                if _SIGNATURE_NAME.match(prev) and _is_agency_like(prev):
                    agency = (prev, tail[k - 1])
            return agency, (iso, raw, i)
        m2 = _SIGN_INLINE.match(raw)
        if m2:
            dm = DATE.search(raw, m2.start("when"))
            iso = parse_date(dm) if dm else None
            if iso and _is_agency_like(m2.group("a")):
                return (m2.group("a"), i), (iso, raw[m2.start("when") :], i)
    # an agency line with no date under it
    if tail:
        last = _squash(doc.lines[tail[-1]]).strip("|")
        if _SIGNATURE_NAME.match(last) and _is_agency_like(last) and len(last) >= 4:
            return (last, tail[-1]), None
    return None, None


def _find_agency(doc: _Doc, title_agency: str | None, sig: tuple[str, int] | None) -> tuple[str | None, str | None]:
    """The issuing body as first found, in the order of §8.7: title, preamble, signature, 发布机构, narrative."""
    if title_agency:
        return title_agency, "title"
    preamble = doc.span(0, doc.head_end, 12)
    s1 = doc.sections.get("s1_overview")
    if s1:
        preamble += doc.span(s1["line"], s1["line"] + 3)
    for i in preamble:
        s = _squash(doc.lines[i])
        for pat in _PREAMBLE:
            for m in pat.finditer(s):
                name = _trim_lead(m.group("a"))
                if _is_agency_like(name):
                    return name, "preamble"
    if sig:
        return sig[0], "signature"
    for label, value, _line in doc.fields:
        if label in ("发布机构", "发文机关", "发布单位") and _is_agency_like(_squash(value)):
            return _squash(value), "infobox"
    town, town_n = _narrative_agency(doc.text)
    gov, gov_n = _narrative_government(doc.text)
    # a county report names its government more often than any township (on a tie: whichever comes first)
    if gov and (gov_n > town_n or (gov_n == town_n and (not town or _first(doc.text, gov) < _first(doc.text, town)))):
        return gov, "narrative"
    return (town, "narrative") if town else (None, None)


def _first(text: str, name: str) -> int:
    """Where a name or its last region token first occurs (forms of one name share their tail)."""
    chain, body = parse_chain(name)
    tail = (chain[-1][0] if chain else name) + body if body else name
    at = text.find(tail)
    return at if at != -1 else len(text)


def _narrative_government(text: str) -> tuple[str | None, int]:
    """The government the text names most often with its region (`XX市XX区人民政府`), and how often."""
    counts: Counter[str] = Counter()
    at = text.find("人民政府")
    while at != -1:
        prefix = _region_prefix(text[max(0, at - 20) : at], [])
        if prefix:
            counts[prefix + "人民政府"] += 1
        at = text.find("人民政府", at + 4)
    if not counts:
        return None, 0
    # forms of one name (`安定区人民政府`, `定西市安定区人民政府`) count together, under the fullest
    best = max(counts, key=lambda n: (sum(k for c, k in counts.items() if n.endswith(c)), len(n)))
    return best, sum(k for c, k in counts.items() if best.endswith(c))


_SELF_SUFFIX = re.compile(r"街道|苏木|镇|乡")
_STOP = set("各全本我该等和及与在为对从向由将把被了的是有乡镇村社区城重集市县区省州")


def _narrative_agency(text: str) -> tuple[str | None, int]:
    """The township the text names most often (`东里街道深入贯彻…`), by stems ending at 街道/镇/乡.

    A stem grows leftwards while the longer form is about as frequent as the shorter one, and stops at
    a region suffix, so `打造东里街道` (once) loses to `东里街道` (four times).
    """
    counts: Counter[str] = Counter()
    for m in _SELF_SUFFIX.finditer(text):
        start = m.start()
        for size in (2, 3, 4, 5):
            stem = text[start - size : start]
            if len(stem) < size or not all("\u4e00" <= c <= "\u9fff" for c in stem):
                break
            counts[stem + m.group(0)] += 1
    best, best_n = None, 1
    for name, n in counts.items():
        stem = name[:-2] if name.endswith(("街道", "苏木")) else name[:-1]
        if len(stem) != 2 or stem[0] in _STOP or stem[-1] in _STOP or n <= best_n:
            continue
        full = name
        while True:
            longer = [(c, k) for c, k in counts.items() if len(c) == len(full) + 1 and c.endswith(full)]
            if not longer:
                break
            c, k = max(longer, key=lambda x: x[1])
            if k < n * 0.8 or c[0] in "区县市旗省州" or c[0] in _STOP:
                break
            full = c
        best, best_n = full, n
    return best, (best_n if best else 0)


def _expand_agency(base: str, text: str) -> tuple[str, list[str], str]:
    """(canonical, aliases, body): the fullest verbatim form of `base`, and the shorter forms that occur.

    Only government bodies and region prefixes are added (`定西市安定区` → `定西市安定区人民政府`); an office
    (`…人民政府办公室`) is a different body and never absorbs the government's name.
    """
    chain, body = parse_chain(base)
    name = base
    if not body and chain:
        last_level = chain[-1][1]
        suffixes = ("办事处",) if last_level == "township" and base.endswith("街道") else _GOV_BODY
        tokens0 = [t for t, _lvl, _c in chain]
        # the government body under the fullest region prefix written with it (`定西市安定区人民政府`,
        # or `沾化区人民政府` when the text never writes `滨州市沾化区人民政府`)
        done = False
        for k in range(len(tokens0)):
            stem = "".join(tokens0[k:])
            for suf in suffixes:
                # `西湖区政府信息公开…` in the title is not the name `西湖区政府`
                if _occurs_not_before(text, stem + suf, "信息"):
                    name, body, done = stem + suf, suf, True
                    break
            if done:
                break
    # region prefixes written before the name somewhere in the text
    best = name
    at = text.find(name)
    seen = 0
    while at != -1 and seen < 50:
        seen += 1
        before = text[max(0, at - 20) : at]
        prefix = _region_prefix(before, chain)
        if prefix and len(prefix) + len(name) > len(best):
            best = prefix + name
        at = text.find(name, at + 1)
    chain, body = parse_chain(best)
    tokens = [t for t, _lvl, _c in chain]
    is_gov = not body or body in _GOV_BODY or body == "办事处"
    forms: list[str] = []
    for k in range(len(tokens)):
        stem = "".join(tokens[k:])
        # a department's region prefix alone is a region, not the department
        forms += ([stem + body, stem] if is_gov else [stem + body]) if body else [stem]
    forms.append(base)
    aliases = []
    n_best = text.count(best)
    for f in forms:
        if not f or f == best or f in aliases or len(f) < 2 or not _is_agency_like(f):
            continue
        # a shorter form counts only where it stands alone, not as a piece of the canonical name
        if text.count(f) > (n_best if f in best else 0):
            aliases.append(f)
    return best, aliases, body


def _occurs_not_before(text: str, name: str, word: str) -> bool:
    """Whether `name` occurs in `text` somewhere not followed by `word` (the regex `name(?!word)`)."""
    at = text.find(name)
    while at != -1:
        if not text.startswith(word, at + len(name)):
            return True
        at = text.find(name, at + 1)
    return False


def _region_prefix(before: str, chain: list) -> str:
    """The gazetteer names written immediately before a name (`通化市二道江区` before `铁厂镇…`)."""
    if not before or before[-1] not in "省区县市旗州盟":  # every region name ends with one of these
        return ""
    first_rank = 3
    for _token, level, cands in chain:
        if cands:
            first_rank = cands[0].rank
            break
        if level == "township":
            first_rank = 3
    prefix = ""
    end = len(before)
    while end > 1:
        hit = None
        for size in range(min(16, end), 1, -1):
            cands = places(before[end - size : end])
            if cands and min(p.rank for p in cands) < first_rank:
                hit = before[end - size : end], min(p.rank for p in cands)
                break
        if not hit:
            break
        prefix = hit[0] + prefix
        first_rank = hit[1]
        end -= len(hit[0])
    return prefix


def _agency_level(name: str) -> str | None:
    chain, body = parse_chain(name)
    if body and body not in ("人民政府", "政府", "办事处", "街道办事处", "人民政府办事处"):
        return "department"
    if chain:
        level = chain[-1][1]
        return "province" if chain[-1][0] in MUNICIPALITIES else level
    if name.endswith(("街道", "街道办事处", "镇", "乡", "苏木", "镇人民政府", "乡人民政府")):
        return "township"
    return "department" if name.endswith(_AGENCY_END) else None


def _inferred_name(canonical: str | None, level: str | None, body: str) -> str | None:
    """The formal body a short name stands for: `东里街道` → `东里街道办事处`; `安定区` → `安定区人民政府`."""
    if not canonical or body or level == "department":
        return None
    if canonical.endswith("街道"):
        return canonical + "办事处"
    return canonical + "人民政府"


# ---------------------------------------------------------------- report year
def _plausible(year: int, latest: int) -> bool:
    return 2000 <= year <= latest


def _report_year(doc: _Doc, title_year: int | None, pub: str | None) -> tuple[int | None, str | None]:
    """The first source that gives a year, in the order of §8.7; cited older reports and plans are ignored."""
    latest = date.today().year + 1  # a plausible report year is at most next year's
    for m in _PERIOD.finditer(doc.text):
        y = int(m.group("y"))
        if (m.group("y_end") is None or int(m.group("y_end")) == y) and _plausible(y, latest):
            return y, "statistics_period"
    if title_year and _plausible(title_year, latest):
        return title_year, "title"
    for i in doc.head():
        s = _squash(doc.lines[i])
        pm = _PREAMBLE_TITLE.search(s)
        if pm and "《" not in s[: pm.start()][-3:] and _plausible(int(pm.group("y")), latest):
            return int(pm.group("y")), "preamble"
    s1 = doc.sections.get("s1_overview")
    if s1:
        for line in s1["text"].split("\n")[:6]:
            sq = _squash(line)
            om = _OPENING.match(sq)
            # `2025年,我们将…` is a plan, not the year reported on
            if om and not _PLAN_WORDS.search(sq[om.end() - 1 : om.end() + 12]) and _plausible(int(om.group("y")), latest):
                return int(om.group("y")), "overview"
    for pattern in (_WORKPLAN, _BUDGET):
        for wm in pattern.finditer(doc.text):
            if _plausible(int(wm.group("y")), latest):
                return int(wm.group("y")), "work_plan"
    if pub and int(pub[5:7]) <= 6 and _plausible(int(pub[:4]) - 1, latest):
        return int(pub[:4]) - 1, "publication_date"
    return None, None


# ---------------------------------------------------------------- publication date
def _publication_date(
    doc: _Doc, title_line: int | None, sig: tuple[str, str, int] | None
) -> tuple[str | None, str | None, str | None]:
    """(iso, raw, source): chrome date line, title-block date, signature date, then 成文日期 (§8.7)."""
    drafting = None
    best: tuple[int, str, str] | None = None  # (rank, iso, raw): 发布日期 beats 时间 beats a bare date line
    for i in sorted(doc.chrome):
        kind = doc.chrome[i]
        if kind not in ("date", "infobox"):
            continue
        for label, iso, raw in _dated_fields(doc.lines[i].replace("\u00a0", " ")):
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


_PUBLISH_HINT = re.compile("|".join(sorted({lab[:2] for lab in PUBLISH_LABELS})))  # any(lab[:2] in line …)
_DATE_LABEL_BEFORE = re.compile(
    "(?P<label>"
    + "|".join(r"\s*".join(map(re.escape, lab)) for lab in sorted(DATE_LABELS | DRAFTING_LABELS, key=len, reverse=True))
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
