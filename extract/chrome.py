"""Page chrome (docs/REPORTS.md §8.6): the web page around a report, which is never part of its body.

Site banners, breadcrumbs, info-box fields (索引号, 发布机构, 发布日期 …), print/close links, share
widgets, footers and the JavaScript "today" widget. Chrome lines are found once per document; the body
parsers get them blanked (line numbers unchanged) and the metadata reader gets their fields, because
the publication date and the publisher live there.
"""

from __future__ import annotations

import re
import unicodedata

from extract.headers import COLLECTED_LABELS, HEADER_LABELS, header_block, header_field
from extract.memo import Memo
from extract.scan import line_start_pattern, line_starts

# Info-box and page-furniture labels; a line that opens with one of them followed by a colon is chrome.
INFO_LABELS: tuple[str, ...] = (
    "信息索引号",
    "索引号",
    "发布机构",
    "发文机关",
    "发布单位",
    "主题分类",
    "体裁分类",
    "组配分类",
    "服务对象分类",
    "主题词",
    "关键词",
    "文号",
    "发文字号",
    "有效性",
    "时效性",
    "时效",
    "成文日期",
    "成文时间",
    "发文日期",
    "公开日期",
    "公开时间",
    "发布日期",
    "发布时间",
    "发表日期",
    "发表时间",
    "更新时间",
    "更新日期",
    "生成日期",
    "信息来源",
    "文章来源",
    "来源",
    "作者",
    "责任编辑",
    "编辑",
    "审核",
    "校对",
    "点击数",
    "点击量",
    "点击率",
    "浏览次数",
    "浏览量",
    "阅读次数",
    "阅读量",
    "累计次数",
    "访问量",
    "访问次数",
    "字号",
    "字体",
    "分享到",
    "分享",
    "解读链接",
    "相关解读",
    "政策解读",
    "相关附件",
    "附件下载",
    "公开方式",
    "公开范围",
    "公开时限",
    "公开形式",
    "所属机构",
    "所属主题",
    "名称",
    "标题",
    "时间",
    "日期",
    "当前位置",
    "您当前的位置",
    "您的位置",
    "当前的位置",
    "所在位置",
    "主办单位",
    "承办单位",
    "网站标识码",
    "技术支持",
    "发稿时间",
    "录入时间",
    "上传时间",
    "添加时间",
    "创建时间",
    "上线时间",
    "主办",
    "承办",
    "协办",
    "维护",
)
# Publication-date labels, strongest first: a page that prints 发布日期 and 更新时间 was published on the first.
PUBLISH_LABELS: tuple[str, ...] = (
    "发布日期",
    "发布时间",
    "发表日期",
    "发表时间",
    "公开日期",
    "公开时间",
    "发文日期",
)
WEAK_DATE_LABELS: tuple[str, ...] = (
    "时间",
    "日期",
    "发稿时间",
    "录入时间",
    "上传时间",
    "添加时间",
    "创建时间",
    "上线时间",
    "生成日期",
    "更新日期",
    "更新时间",
)
DATE_LABELS: frozenset[str] = frozenset(PUBLISH_LABELS + WEAK_DATE_LABELS)
DRAFTING_LABELS: frozenset[str] = frozenset({"成文日期", "成文时间"})
__all__ = [
    "COLLECTED_LABELS",
    "HEADER_LABELS",
]  # re-exported: the metadata readers take every label from here
_KNOWN_KEYS = frozenset(INFO_LABELS) | HEADER_LABELS  # keys that make a `key: value` block a crawler header

# Whole-line navigation words (after brackets, pipes and spaces are split off).
_NAV_WORDS = frozenset(
    [
        "首页",
        "返回首页",
        "网站首页",
        "打印",
        "打印本页",
        "打印此页",
        "打印文章",
        "关闭",
        "关闭本页",
        "关闭窗口",
        "关闭此页",
        "返回",
        "返回顶部",
        "返回列表",
        "收藏",
        "分享",
        "扫一扫",
        "扫一扫在手机打开当前页",
        "手机扫一扫",
        "在手机上查看",
        "保存",
        "纠错",
        "我要纠错",
        "繁體版",
        "繁体版",
        "简体版",
        "繁體",
        "简体",
        "无障碍",
        "无障碍浏览",
        "适老化",
        "适老化服务",
        "长者模式",
        "智能问答",
        "登录",
        "注册",
        "网站地图",
        "English",
        "大",
        "中",
        "小",
        "文件已失效",
        "已失效",
        "有效",
        "失效",
        "已废止",
        "视力保护色",
        "默认",
        "字号",
        "微信",
        "微博",
        "QQ空间",
        "联系我们",
        "网站声明",
        "政务微博",
        "政务微信",
        "【打印】",
        "【关闭】",
        "[打印]",
        "[关闭]",
        "打印正文",
    ]
)
_NAV_SPLIT = re.compile(r"[\s|｜/【】\[\]()（）<>《》·•,，、:：]+")
_SPACED = lambda label: r"\s*".join(map(re.escape, label))  # noqa: E731 - 索 引 号 is common
_LABEL_ALT = "|".join(_SPACED(lab) for lab in sorted(INFO_LABELS, key=len, reverse=True))
_INFO_LINE = re.compile(rf"^\s*[\[【(（]?\s*(?P<label>{_LABEL_ALT})\s*(?:[:：]|\|)")
INFO_FIELD = re.compile(rf"(?P<label>{_LABEL_ALT})\s*[:：]\s*(?P<value>.*?)(?=\s*(?:{_LABEL_ALT})\s*[:：]|$)")
_WIDGET = re.compile(
    r"^\s*(?:今天是|今日|当前日期|当前时间)?\s*[:：]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期|周|礼拜)[一二三四五六日天]\s*$"
)
_DATE_PREFIX = re.compile(
    r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s+"
)
_BARE_DATE = re.compile(
    r"^\s*\d{4}\s*[-/.－／]\s*\d{1,2}\s*[-/.－／]\s*\d{1,2}(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*$"
)
_CRUMB_SEP = re.compile(r"\s*(?:>>?|»|›|→|＞)\s*")
_FOOTER_TERMS = ("版权所有", "ICP备", "ICP证", "公网安备", "网站标识码", "Copyright", "copyright", "©")
_BANNER_TOKEN = re.compile(r"^[\u4e00-\u9fff]{2,14}(?:网|政府|门户|门户网站|政务网|政务服务网|政府网站)$")
_LABEL_FIRST = frozenset(lab[0] for lab in INFO_LABELS) | frozenset("[【(（")
_SHARE = re.compile(r"^\s*(?:上一篇|下一篇|上一条|下一条|相关链接|相关文章|相关阅读)")


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def _is_nav(s: str) -> bool:
    tokens = [t for t in _NAV_SPLIT.split(s) if t]
    return bool(tokens) and all(t in _NAV_WORDS for t in tokens)


def _is_banner(s: str) -> bool:
    found = _BANNERS.get(s)
    if found is None:
        tokens = s.split()
        found = _BANNERS[s] = len(tokens) >= 2 and all(_BANNER_TOKEN.match(t) for t in tokens)
    return found


_BANNERS = Memo()  # line → _is_banner(line): a site's banner repeats on every page


def _head_end(lines: list[str]) -> int:
    """Index of the first body line: a section-one heading or a long prose line. Banners live above it."""
    for i, line in enumerate(lines):
        s = line.strip(" \t\u00a0\u3000|")
        if s.startswith(("一、", "一,", "一．")) or len(s) > 60:
            return i
    return len(lines)


_NAV_ALT = "|".join(re.escape(w) for w in sorted(_NAV_WORDS, key=len, reverse=True))
_LEAD = r"[ \t\f\v\u00a0\u3000\u200b\ufeff]*"
# Lines that may be chrome, found by one regex over the joined text so prose costs nothing in Python.
_FIRSTS = "".join(sorted(set(_LABEL_FIRST) | {w[0] for w in _NAV_WORDS} | set("上下相>»›＞")))
# For `line_starts`: the first lookahead (every alternative's first character) lets most lines fail at once.
_CANDIDATE = line_start_pattern(
    rf"{_LEAD}(?=[\d今当{re.escape(_FIRSTS)}])(?:\d{{4}}\s*[年\-/.－／]|今天是|今日|当前日期|(?=[{re.escape(_FIRSTS)}])"
    rf"(?:[>»›＞\[【(（]|(?:{_LABEL_ALT})\s*[:：|]|(?:{_NAV_ALT})|上一|下一|相关))"
)


_LAST: list = [None, 0, {}, ""]  # the last document's lines object, its length, its chrome and joined text


def chrome_lines(lines: list[str]) -> dict[int, str]:
    """0-based index → chrome kind (header, widget, infobox, date, breadcrumb, nav, banner, footer, share).

    The parse orchestrator and the metadata reader both ask for the same document's chrome; the result
    for the last `lines` object is kept so the second ask is free (callers never mutate the lines).
    """
    if lines is _LAST[0] and len(lines) == _LAST[1]:
        return _LAST[2]
    text = "\n".join(lines)
    out = _chrome_lines(lines, text)
    _LAST[:] = [lines, len(lines), out, text]
    return out


def joined_lines(lines: list[str]) -> str:
    """ "\\n".join(lines), kept from the chrome scan of the same lines object (the metadata reader needs it)."""
    if lines is _LAST[0] and len(lines) == _LAST[1]:
        return _LAST[3]
    return "\n".join(lines)


def _chrome_lines(lines: list[str], text: str) -> dict[int, str]:
    out: dict[int, str] = dict.fromkeys(header_block(lines, _KNOWN_KEYS), "header")  # extract/headers.py
    head_end = _head_end(lines)
    for i in range(head_end):  # site banners sit above the body
        s = lines[i].strip()
        if s and len(s) <= 80 and i not in out and _is_banner(s):
            out[i] = "banner"
    hits = [(start, False) for start in line_starts(_CANDIDATE, text)]
    for term in _FOOTER_TERMS:  # str.find is far faster than a regex alternation over the whole text
        at = text.find(term)
        while at != -1:
            hits.append((at, True))
            at = text.find(term, at + 1)
    hits.sort()
    pos = i = 0
    for start, footer in hits:
        i += text.count("\n", pos, start)
        pos = start
        if i in out:
            continue
        if footer:
            if len(lines[i].strip()) < 120:
                out[i] = "footer"
            continue
        key = (lines[i], i < head_end)
        kind = _CLASSIFIED.get(key, False)
        if kind is False:
            kind = _CLASSIFIED[key] = _classify(*key)
        if kind:
            out[i] = kind
    return out


_CLASSIFIED = Memo()  # (line, above the body) → _classify(line, above the body)


def _classify(raw: str, in_head: bool) -> str | None:
    s = raw.strip(" \t\f\v\u00a0\u3000\u200b\ufeff")
    if not s or len(s) > 240:
        return None
    first = s[0]
    if first.isdigit() or first in "今当":
        if _WIDGET.match(s):
            return "widget"
        if first.isdigit():
            if in_head and _BARE_DATE.match(s):
                return "date"
            m = _DATE_PREFIX.match(s) if in_head else None
            return "date" if m and _INFO_LINE.match(s[m.end() :]) else None
    m = _INFO_LINE.match(s) if first in _LABEL_FIRST else None
    if m:
        label = _WS_RUN.sub("", m.group("label"))
        if label in DATE_LABELS:
            return "date"
        return "breadcrumb" if label.endswith("位置") else "infobox"
    short = len(s) <= 60
    if first in ">»›＞" or (short and "首页" in s and _CRUMB_SEP.search(s) and "。" not in s):
        return "breadcrumb"
    if short and _is_nav(s):
        return "nav"
    if first in "上下相" and _SHARE.match(s):
        return "share"
    return None


def strip_chrome(lines: list[str], chrome: dict[int, str] | None = None) -> list[str]:
    """The lines with every chrome line blanked, so line numbers still refer to the raw file."""
    chrome = chrome_lines(lines) if chrome is None else chrome
    if not chrome:
        return lines
    out = list(lines)
    for i in chrome:
        out[i] = ""
    return out


def info_fields(lines: list[str], chrome: dict[int, str]) -> list[tuple[str, str, int]]:
    """(label, value, 1-based line) of every `label: value` pair on a chrome line, in document order.

    A crawler-header line gives its own key, whatever it is (`栏目: 政府信息公开年报` → 栏目), unless it is an
    info-box line with several known labels (`来源：…时间：…`); a key with no value gives an empty value.
    """
    out: list[tuple[str, str, int]] = []
    for i in sorted(chrome):
        kind = chrome[i]
        if kind not in ("infobox", "date", "breadcrumb", "header"):
            continue
        fields = _FIELDS.get(lines[i])
        if fields is None:
            fields = _FIELDS[lines[i]] = _line_fields(lines[i])
        if kind == "header":
            field = header_field(lines[i])
            if field is None:
                continue
            fields = fields if fields and fields[0][0] == field[0] else (field,)
        out.extend((label, value, i + 1) for label, value in fields)
    return out


def _line_fields(line: str) -> tuple[tuple[str, str], ...]:
    s = _nfkc(line).strip()
    return tuple(
        (_WS_RUN.sub("", m.group("label")), m.group("value").strip()) for m in INFO_FIELD.finditer(s)
    )


_FIELDS = Memo()  # chrome line → its (label, value) pairs
_WS_RUN = re.compile(r"\s+")


_META_DATE = re.compile(
    r"""<meta\s+[^>]*?name\s*=\s*["'](?P<name>PubDate|pubdate|publishdate|PublishDate|firstpublishedtime|"""
    r"""article:published_time)["'][^>]*?content\s*=\s*["'](?P<value>[^"']+)["']""",
    re.I,
)


def html_meta_date(html: str) -> tuple[str, str] | None:
    """(name, value) of a page's publication-date <meta> (政府网站 pages carry `<meta name="PubDate">`)."""
    m = _META_DATE.search(html[:20000])
    return (m.group("name"), m.group("value").strip()) if m else None
