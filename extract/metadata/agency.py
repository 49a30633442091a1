"""The issuing agency (docs/REPORTS.md §8.7): found in the order title, preamble, signature, 发布机构, narrative,
then expanded to the fullest verbatim form, with the shorter forms as aliases.
"""

from __future__ import annotations

import re
from collections import Counter

from extract.gazetteer import MUNICIPALITIES, parse_chain, places
from extract.headers import AGENCY_KEYS, PUBLISHER_KEYS
from extract.metadata.dates import _D_CJK, _D_CN, _D_ISO, _DATE_LINE, DATE, parse_date
from extract.metadata.doc import MetaDoc
from extract.metadata.title import (
    _AGENCY_END,
    _GOV_BODY,
    _NAME_CHARS,
    _PREAMBLE,
    _is_agency_like,
    _squash,
    _trim_lead,
    valid_name,
)

_SIGNATURE_NAME = re.compile(rf"^{_NAME_CHARS}{{2,40}}$")
_SIGN_INLINE = re.compile(rf"^(?P<a>{_NAME_CHARS}{{2,40}}?)\s+(?P<when>(?:{_D_CJK}|{_D_CN}|{_D_ISO}))\s*$")


# ---------------------------------------------------------------- agency
def _signature(doc: MetaDoc) -> tuple[tuple[str, int] | None, tuple[str, str, int] | None]:
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


def _find_agency(
    doc: MetaDoc, title_agency: str | None, sig: tuple[str, int] | None
) -> tuple[str | None, str | None]:
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
                if _is_agency_like(name) and valid_name(name):
                    return name, "preamble"
    if sig:
        return sig[0], "signature"
    for label, value, _line in doc.fields:
        name = _squash(value)
        if label in AGENCY_KEYS and _is_agency_like(name) and valid_name(name):
            return name, "infobox"
    town, town_n = _narrative_agency(doc.text)
    gov, gov_n = _narrative_government(doc.text)
    # a county report names its government more often than any township (on a tie: whichever comes first)
    if gov and (
        gov_n > town_n or (gov_n == town_n and (not town or _first(doc.text, gov) < _first(doc.text, town)))
    ):
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
    if not chain and (m := _BARE_REGION.fullmatch(name)):
        # a place the gazetteer does not know, named alone (`测试市`, `平潭综合实验区`): a region's government,
        # not a department; a 区 may be a district or a zone of any rank, so its level stays open
        return _BARE_LEVEL.get(m.group("suffix"))
    if body and body not in ("人民政府", "政府", "办事处", "街道办事处", "人民政府办事处"):
        return "department"
    if chain:
        level = chain[-1][1]
        return "province" if chain[-1][0] in MUNICIPALITIES else level
    if name.endswith(("街道", "街道办事处", "镇", "乡", "苏木", "镇人民政府", "乡人民政府")):
        return "township"
    return "department" if name.endswith(_AGENCY_END) else None


_BARE_REGION = re.compile(r"[\u4e00-\u9fff]{1,12}?(?P<suffix>自治州|地区|市|州|盟|自治县|县|旗|区)")
_BARE_LEVEL = {
    "自治州": "city",
    "地区": "city",
    "市": "city",
    "州": "city",
    "盟": "city",
    "自治县": "county",
    "县": "county",
    "旗": "county",
}


# Department abbreviations with one formal name each (a body whose abbreviation stands for several, such
# as 文广旅局, is left alone): an inference for `agency_name_inferred`, never the printed name.
_ABBREVIATIONS = {
    "科委": "科学技术委员会", "科技局": "科学技术局", "发改委": "发展和改革委员会", "发改局": "发展和改革局",
    "人社局": "人力资源和社会保障局", "住建局": "住房和城乡建设局", "住建委": "住房和城乡建设委员会",
    "卫健委": "卫生健康委员会", "卫健局": "卫生健康局", "市监局": "市场监督管理局", "市场监管局": "市场监督管理局",
    "环保局": "环境保护局", "交通局": "交通运输局", "文旅局": "文化和旅游局", "应急局": "应急管理局",
    "医保局": "医疗保障局", "退役军人局": "退役军人事务局", "经信局": "经济和信息化局", "工信局": "工业和信息化局",
    "城管局": "城市管理局", "国资委": "国有资产监督管理委员会", "教委": "教育委员会", "民宗局": "民族宗教事务局",
    "人防办": "人民防空办公室", "外办": "外事办公室", "侨办": "侨务办公室", "台办": "台湾事务办公室",
    "政数局": "政务服务数据管理局", "农委": "农业委员会", "规自局": "规划和自然资源局",
}  # fmt: skip


def _inferred_name(canonical: str | None, level: str | None, body: str) -> str | None:
    """The formal body a short name stands for: `东里街道` → `东里街道办事处`; `安定区` → `安定区人民政府`;
    a department's common abbreviation spelt out (`上海市科委` → `上海市科学技术委员会`)."""
    if canonical and level == "department" and body in _ABBREVIATIONS and canonical.endswith(body):
        return canonical[: -len(body)] + _ABBREVIATIONS[body]
    if not canonical or body or level == "department":
        return None
    if canonical.endswith("街道"):
        return canonical + "办事处"
    return canonical + "人民政府"


# ---------------------------------------------------------------- other names of the publisher
_COMPILER = re.compile(
    rf"由(?P<a>{_NAME_CHARS}{{2,40}}?)(?:负责|根据|按照|依据|依照|牵头|编制|编写|制作|汇总|起草)"
)


def publisher_aliases(
    doc: MetaDoc, canonical: str, aliases: list[str], body: str, level: str | None = None
) -> list[str]:
    """More aliases: the publisher names the page gives that are forms of the agency's name, and the
    short form a department uses for itself.

    * a CMS site name, a header or info-box publisher (`发布机构`, a collector's `单位`) or the compiler of
      the preamble (`由XX市人民政府办公室编制`) is an alias when it is the agency's office or another form of
      its name: it starts with the canonical name, or it is the canonical name's place followed by an
      abbreviation of its body (`沭阳县发改局` for `沭阳县发展和改革局`); a publisher of another place or another
      body of the same place (`沭阳县人民政府办公室` publishing for its 发改局) is never added, nor is an office
      when the agency's level is unknown (an office publishes its own reports too, and the agency identity
      across years tells the two apart by their levels);
    * a department's name with its place cut to the level word (`市科委` for `上海市科委`, `县发展和改革局`)
      when the text uses it on its own.
    """
    out = list(aliases)
    chain, _body = parse_chain(canonical)
    stem = "".join(t for t, _lvl, _c in chain)
    names = [name for name, _src in doc.publishers]
    names += [_squash(v) for label, v, _line in doc.fields if label in PUBLISHER_KEYS]
    for i in doc.span(0, doc.head_end, 12):
        for m in _COMPILER.finditer(_squash(doc.lines[i])):
            names.append(_trim_lead(m.group("a")))
    for name in names:
        if (
            name != canonical
            and name not in out
            and valid_name(name)
            and _is_agency_like(name)
            and (
                name.startswith(canonical)
                or (stem and name.startswith(stem) and _abbreviates(name[len(stem) :], body))
            )
            and (level is not None or not name.endswith(_OFFICE))
        ):
            out.append(name)
    if chain and body and body not in _GOV_BODY and body != "办事处":
        short = chain[-1][0][-1] + body  # 上海市 + 科委 → 市科委
        if short not in out and _is_agency_like(short) and doc.text.count(short) > doc.text.count(canonical):
            out.append(short)
    return out


_OFFICE = ("办公室", "办公厅", "办")


def _abbreviates(short: str, full: str) -> bool:
    """Whether `short` abbreviates `full` as Chinese bodies are abbreviated: shorter, same first and last
    character, its characters in order within `full` (`发改局` of `发展和改革局`, `科委` of `科学技术委员会`)."""
    if not short or not full or len(short) >= len(full) or short[0] != full[0] or short[-1] != full[-1]:
        return False
    at = 0
    for c in short:
        at = full.find(c, at) + 1
        if at == 0:
            return False
    return True
