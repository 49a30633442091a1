"""Which template version each table follows, from its content (docs/REPORTS.md §1.3), never the year.

Markers are matched on normalised label text. Table 二 votes by its headers, captions and rows;
table 三 by the sub-rows of （六）其他处理; table 四 is identical in both versions.
"""

from __future__ import annotations

import re

from extract.memo import Memo

V2019, V2021 = "v2019", "v2021"

# Normalised (N(s)) substrings; a truncated header such as `本年新` or `现行有效件` still counts.
T2_MARKERS_V2019 = (
    "本年新制作",
    "本年新公开",
    "对外公开总数",
    "上一年项目数",
    "本年增/减",
    "增/减",
    "其他对外管理服务事项",
    "第二十条第(九)项",
    "政府集中采购",
    "采购项目数",
    "采购总金额",
)
T2_MARKERS_V2021 = ("本年制发", "本年废止", "现行有效件", "本年处理决定数", "本年收费金额", "行政规范性文件")
T3_MARKERS_V2021 = ("逾期不补正", "不补正", "收费通知", "缴纳费用")
PREAMBLE_MARKERS_V2021 = ("〔2021〕30", "(2021)30", "[2021]30", "【2021】30")


_V2019 = re.compile("|".join(re.escape(m) for m in T2_MARKERS_V2019))
_V2021 = re.compile("|".join(re.escape(m) for m in T2_MARKERS_V2021))


def t2_version(label_norms: list[str]) -> str | None:
    """The table 二 version voted by its markers; None when no marker is present."""
    v19 = v21 = 0
    for s in label_norms:
        votes = _T2_VOTES.get(s)
        if votes is None:
            votes = _T2_VOTES[s] = _t2_votes(s)
        v19 += votes[0]
        v21 += votes[1]
    if v19 == v21 == 0:
        return None
    return V2019 if v19 > v21 else V2021


def _t2_votes(s: str) -> tuple[int, int]:
    """(v2019 votes, v2021 votes) of one table-二 label; memoised in _T2_VOTES (labels repeat)."""
    if s == "本年新":  # the truncated `本年新<br>制作数量` of seed 004
        return 1, 0
    return int(_V2019.search(s) is not None), int(_V2021.search(s) is not None)


_T2_VOTES = Memo()


def t3_version(label_norms: list[str], other_handling_followed_by_value: bool | None) -> str | None:
    """Table 三: v2021 when the （六） sub-rows are present; v2019 when （六）其他处理 carries values."""
    # one search per marker; no marker holds a newline, so none spans two labels
    joined = "\n".join(label_norms)
    if any(m in joined for m in T3_MARKERS_V2021):
        return V2021
    if other_handling_followed_by_value:
        return V2019
    return None


def overall(t2: str | None, t3: str | None, preamble_v2021: bool) -> tuple[str | None, bool]:
    """(report template, is_mixed). None when nothing decides it."""
    found = {v for v in (t2, t3) if v}
    if len(found) == 2:
        return "mixed", True
    if found:
        return found.pop(), False
    if preamble_v2021:
        return V2021, False
    return None, False
