"""Crawler and collector header blocks: the `key: value` lines a crawler, a collector or a converter
writes above the page it saved (`标题: …`, `发布时间: …`, `栏目: …`, `原文链接: …`, `采集时间: …`).

They are metadata about the page, never part of its body, and never the agency's name: `栏目:` is a
label, `栏目: 政府信息公开年报` a column of the site. The chrome scan marks the block (kind `header`) and
the metadata reader takes its fields (title, publication date, publisher, source URL). Recognised only
as a block at the top of a document, so a `单位：万元` line inside a table is never taken for one.
"""

from __future__ import annotations

import re
import unicodedata

from extract.memo import Memo


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# When a crawler or a collector saved the page: never the publication date (a page crawled in 2025-12 was
# published long before).
COLLECTED_LABELS: frozenset[str] = _words(
    "采集时间 采集日期 抓取时间 抓取日期 爬取时间 爬取日期 下载时间 下载日期 保存时间 入库时间 归档时间 存档时间 "
    "收录时间 crawled crawl_time fetched fetch_time downloaded saved collected"
)
# Keys a crawler, a collector or a converter writes in its header block (besides the info-box labels).
HEADER_LABELS: frozenset[str] = COLLECTED_LABELS | _words(
    "栏目 所属栏目 频道 分类 原文链接 原文地址 原始链接 原始地址 原网址 链接 网址 页面地址 页面链接 来源链接 来源网址 "
    "本地目录 本地路径 保存路径 文件名 单位 发布者 发布人 机构 站点 网站 title url link source source_url date "
    "published publish_time pubdate author category channel site agency publisher "
    "标题 名称 来源 发布时间 发布日期 发布机构 发文机关 文号 索引号 作者 时间 日期"  # as in an info box
)
# Header and info-box keys whose value names the publishing body (a source for the agency when the title,
# preamble and signature name none); `来源` too may name it, but is as often a news source, so it only
# ever adds an alias.
AGENCY_KEYS: frozenset[str] = _words("发布机构 发文机关 发布单位 单位 发布者 机构 agency publisher")
PUBLISHER_KEYS: frozenset[str] = AGENCY_KEYS | _words("来源 信息来源 文章来源 source")

# Keys whose value is the address of the page the crawler saved (`来源` too, when its value is a URL).
URL_KEYS: frozenset[str] = _words(
    "原文链接 原文地址 原始链接 原始地址 原网址 链接 网址 页面地址 页面链接 来源链接 来源网址 来源 url link source source_url"
)
_URL = re.compile(r"^https?://\S+$", re.I)


def source_url(fields: list[tuple[str, str, int]]) -> str | None:
    """The page's address as a crawler or collector header gives it (`原文链接: https://…`), if any."""
    for label, value, _line in fields:
        if label in URL_KEYS and _URL.match(value.strip()):
            return value.strip()
    return None


# `key: value` with a short key (no digits, no 、: `一、总体情况：` is a heading), half- or full-width colon;
# also as a Markdown converter writes it: `- 标题: …`, `**标题：** …`, `**标题**：…`
_KV = re.compile(
    r"^\s*(?:[-*+>]\s+)?[\[【*]*\s*(?P<key>[A-Za-z_\u4e00-\u9fff][A-Za-z_ \u4e00-\u9fff]{0,11}?)\s*[\]】]?"
    r"\s*(?:[:：]\s*\*{2}|\*{2}\s*[:：]|[:：])\s*(?P<value>.*?)\s*$"
)
# A separator a crawler writes between its header and the body (`==== 正文 ====`, `---`, `正文`).
_SEPARATOR = re.compile(r"^\s*(?:[=\-*#~_—]{3,}\s*(?:正\s*文|body|content)?\s*[=\-*#~_—]*|正\s*文)\s*$", re.I)
_WS_RUN = re.compile(r"\s+")
_HEADER_START = 8  # a header block starts within the first lines (a saved <title> may come first)
_HEADER_SCAN = 60


def header_field(line: str) -> tuple[str, str] | None:
    """(key, value) of a `key: value` header line, key NFKC with spaces removed (lower-case if Latin).

    Memoised per line (a site's header lines repeat); a line without a colon is refused at once.
    """
    if ":" not in line and "：" not in line:
        return None
    found = _FIELD.get(line, False)
    if found is False:
        m = _KV.match(unicodedata.normalize("NFKC", line))
        if m is None:
            found = None
        else:
            key = _WS_RUN.sub("", m.group("key"))
            found = (key.lower() if key.isascii() else key), m.group("value")
        _FIELD[line] = found
    return found


_FIELD = Memo()


def header_block(lines: list[str], known_keys: frozenset[str] = HEADER_LABELS) -> list[int]:
    """0-based indices of the crawler/collector header block at the top of a document, or [].

    A block is a run of at least two `key: value` lines, two of them with keys in `known_keys` (标题,
    发布时间, 栏目, 原文链接, 采集时间, title, url …), starting within the first lines; a separator line
    (`==== 正文 ====`, `---`) closes it, and the few short notes between the run and the separator
    (`页面链接与图片详见 links.tsv`) belong to it. Blank lines inside are skipped.
    """
    block: list[int] = []
    kv = known = seen = 0  # key-value lines in the block, those with a known key, lines before the block
    n = min(len(lines), _HEADER_SCAN)
    for i in range(n):
        s = lines[i].strip(" \t\u00a0\u3000\ufeff")
        if not s:
            continue
        field = header_field(s) if len(s) <= 400 else None
        if field is not None and (kv or seen < _HEADER_START):
            block.append(i)
            kv += 1
            known += field[0] in known_keys
            continue
        if _SEPARATOR.match(s):
            if kv:
                return [*block, i] if _block_ok(kv, known) else []
            block = [i]  # an opening separator (the `---` of YAML front matter) belongs to the block
        else:
            if kv:
                return _block_end(lines, block, i, n) if _block_ok(kv, known) else []
            block = []
        seen += 1
        if seen >= _HEADER_START:
            return []
    return block if kv and _block_ok(kv, known) else []


def _block_end(lines: list[str], block: list[int], i: int, n: int) -> list[int]:
    """The block, with the short notes from line `i` on when a separator follows them within 3 lines."""
    for j in range(i, min(i + 3, n)):
        t = lines[j].strip()
        if t and _SEPARATOR.match(t):
            return [*block, *range(i, j + 1)]
        if len(t) > 60:
            break
    return block


def _block_ok(size: int, known: int) -> bool:
    return size >= 2 and known >= 2
