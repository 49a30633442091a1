"""Titles and names (docs/REPORTS.md §8.7): the report title, the agency part of it, and what a name may look like.

Titles come as printed by a page, a CMS (`…年度报告_栏目_站点`) or a crawler header (`标题: …`); the CMS
suffixes are cut off, and a label or a label-only value (`栏目:`) is never a name.
"""

from __future__ import annotations

import re
import unicodedata

from extract.chrome import HEADER_LABELS, INFO_LABELS
from extract.gazetteer import places
from extract.memo import Memo
from extract.metadata.doc import MetaDoc

# ---------------------------------------------------------------- titles and names
_TITLE = re.compile(
    r"^(?:关于)?[《<]?(?:(?P<y1>(?:19|20)\d{2})年度?)?(?P<agency>.*?)(?:(?P<y2>(?:19|20)\d{2})年度?)?的?"
    r"(?:政府|政务)?信息公开(?:工作)?(?:(?P<y3>(?:19|20)\d{2})年度?)?(?:年度)?(?:工作)?(?:报告|年报)[》>]?"
    r"(?:\([^)]*\))?(?P<site>[-_|－—–]+[^-_|]{2,30})?$"
)
_TITLE_TAIL = re.compile(r"\s+(?=(?:发布|发表|来源|时间|日期|作者|浏览|点击)[^\s]{0,4}[:：])")
_NAME_CHARS = r"[\u4e00-\u9fff()（）·]"
_AGENCY_END = (
    "人民政府办公室",
    "人民政府办公厅",
    "人民政府",
    "政府办公室",
    "政府",
    "街道办事处",
    "办事处",
    "管理委员会",
    "管委会",
    "委员会",
    "办公室",
    "办公厅",
    "街道",
    "苏木",
    "镇",
    "乡",
    "局",
    "厅",
    "委",
    "办",
    "署",
    "中心",
    "院",
    "所",
    "站",
    "队",
    "馆",
    "处",
    "会",
    "公司",
    "集团",
    "区",
    "县",
    "市",
    "旗",
    "州",
    "盟",
    "省",
    "自治区",
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
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})年")


_NAME_RUN = re.compile(rf"{_NAME_CHARS}+")
# A label is never a name, nor is a label with its colon (`栏目:` of a crawler header with an empty value).
_LABEL_WORDS = frozenset(INFO_LABELS) | HEADER_LABELS | frozenset({"正文", "标题", "题目", "目录"})


def valid_name(name: str | None) -> bool:
    """Whether `name` can be an agency's name at all: 2-40 name characters (CJK, brackets, ·), no colon,
    separator, digit or URL, not a label word, not a generic self-reference (我局)."""
    return (
        bool(name)
        and 2 <= len(name) <= 40
        and _NAME_RUN.fullmatch(name) is not None
        and name not in _LABEL_WORDS
        and not _GENERIC.match(name)
    )


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


# ---------------------------------------------------------------- title
def _find_title(doc: MetaDoc) -> tuple[str | None, int | None, str | None, int | None]:
    """(title, 0-based line, agency part, year) of the first title-like line above section one.

    A title wrapped over two lines is joined either way (`XX区人民政府2024年度` / `政府信息公开工作年度报告`,
    `2024年XX局政府信息公开工作` / `年度报告`). The site names a CMS appends to a title (`…报告_栏目_站点`)
    go to `doc.publishers`. Without a title line, a crawler's or an info box's `标题`/`名称` is read the same way.
    """
    candidates = doc.head() or doc.span(0, len(doc.lines), 3)
    for k, i in enumerate(candidates):
        raw, s, sites = _title_parts(doc.lines[i])
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
        if m is None and k + 1 < len(candidates):
            # wrapped the other way: `2024年XX局政府信息公开工作` / `年度报告`
            next_raw, next_s, next_sites = _title_parts(doc.lines[candidates[k + 1]])
            joined = s + next_s
            mj = _title_match(joined) if len(next_s) <= 12 and "信息公开" not in next_s else None
            if mj is not None:
                m, s, raw, sites = mj, joined, raw + next_raw, next_sites
        if m is None:
            continue
        if m.group("site"):
            raw = s[: m.start("site")]
        agency, year = _title_agency_year(m, s)
        if not agency and i > 0:  # a title wrapped after the agency: `XX区人民政府` / `2024年政府信息…`
            prev = next((j for j in reversed(candidates) if j < i), None)
            if prev is not None and _is_agency_like(_squash(doc.lines[prev])):
                agency = _squash(doc.lines[prev])
                raw = doc.lines[prev].strip() + raw
        doc.publishers.extend((site, "title_site") for site in sites)
        return _tidy(raw), i, (agency if valid_name(agency) else None), year
    for label, value, _line in doc.fields:
        if label in ("标题", "名称", "title") and "信息公开" in value:
            raw, s, sites = _title_parts(value)
            m = _title_match(s)
            if m:
                agency, year = _title_agency_year(m, s)
                doc.publishers.extend((site, "title_site") for site in sites)
                return _tidy(raw), None, (agency if valid_name(agency) else None), year
    return None, None, None, None


def _tidy(title: str) -> str:
    """The title without the spaces a PDF or OCR extraction puts next to Chinese characters
    (`沐阳县人民政府 2025 年 政府信息公开…`); spaces between Latin words stay."""
    return _CJK_GAP.sub("", title).strip()


_CJK_GAP = re.compile(
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+|\s+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])"
)


def _title_agency_year(m: re.Match[str], s: str) -> tuple[str, int | None]:
    """The agency part and the year of a title match `m` over the squashed title `s`."""
    agency = (m.group("agency") or "").strip("《》<>·")
    agency = agency.removesuffix("关于")  # `XX区人民政府关于2024年…报告`
    if agency.endswith("人民"):  # `XX区人民政府信息公开…`: the lazy match left 政府 to the title words
        agency += "政府"
    year = m.group("y1") or m.group("y2") or m.group("y3")
    if not year:  # `XX区政府信息公开工作年度报告（2024年度）`
        ym = _TITLE_YEAR.search(s)
        year = ym.group(1) if ym else None
    return agency, (int(year) if year else None)


# A CMS joins the title, the column and the site name with `_`, `|`, ` - `, `—` (`…年度报告_政府信息公开年报_
# XX市人民政府`); a hyphen between digits (`2023-2024`) is not a separator.
_CMS_SEP = re.compile(r"\s*(?:_+|[|｜]+|[-－—–]+)\s*")


def _cms_title(raw: str) -> tuple[str, tuple[str, ...]]:
    """(the title segment of a CMS page title, the site names after it), or (raw, ()) if not a CMS title."""
    cuts = [m for m in _CMS_SEP.finditer(raw) if not _between_digits(raw, m)]
    if not cuts:
        return raw, ()
    segs, at = [], 0
    for m in cuts:
        segs.append(raw[at : m.start()].strip())
        at = m.end()
    segs.append(raw[at:].strip())
    found, found_agency = None, False
    for k, seg in enumerate(segs):
        sq = _squash(seg)
        m = _title_match(sq) if "信息公开" in sq else None
        if m is None:
            continue
        if m.group("agency"):
            found, found_agency = k, True
            break
        if found is None:
            found = k
    if found is None:
        return raw, ()
    title = segs[found]
    # `XX市人民政府-2024年政府信息公开工作年度报告`: the agency before the separator belongs to the title
    if not found_agency and found > 0 and _is_agency_like(_squash(segs[found - 1])):
        title = segs[found - 1] + title
    sites = tuple(sq for seg in segs[found + 1 :] if valid_name(sq := _squash(seg)) and _is_agency_like(sq))
    return title, sites


def _between_digits(s: str, m: re.Match[str]) -> bool:
    return m.start() > 0 and m.end() < len(s) and s[m.start() - 1].isdigit() and s[m.end()].isdigit()


def _title_parts(line: str) -> tuple[str, str, tuple[str, ...]]:
    """(title text as printed, its squashed form, CMS site names) of a line; memoised (head lines repeat)."""
    parts = _TITLE_PARTS.get(line)
    if parts is None:
        raw = line.replace("\u00a0", " ").strip(" \t\u3000|*#")
        raw = _TITLE_TAIL.split(raw, maxsplit=1)[0]  # `…年度报告 发布时间：2025-01-20` on one line
        sites: tuple[str, ...] = ()
        if "信息公开" in raw and _CMS_SEP.search(raw):
            raw, sites = _cms_title(raw)
        parts = _TITLE_PARTS[line] = (raw, _squash(raw), sites)
    return parts


def _title_match(s: str) -> re.Match[str] | None:
    """_TITLE.match(s), memoised (a match object is never changed, so it can be shared)."""
    m = _TITLE_MATCHES.get(s, False)
    if m is False:
        m = _TITLE_MATCHES[s] = _TITLE.match(s)
    return m


_TITLE_PARTS = Memo()
_TITLE_MATCHES = Memo()
