"""The report year (docs/REPORTS.md §8.7): the first source that gives one; cited older reports and plans are traps."""

from __future__ import annotations

import re
from datetime import date

from extract.metadata.doc import MetaDoc
from extract.metadata.title import _squash

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


# ---------------------------------------------------------------- report year
def _plausible(year: int, latest: int) -> bool:
    return 2000 <= year <= latest


def _report_year(doc: MetaDoc, title_year: int | None, pub: str | None) -> tuple[int | None, str | None]:
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
            if (
                om
                and not _PLAN_WORDS.search(sq[om.end() - 1 : om.end() + 12])
                and _plausible(int(om.group("y")), latest)
            ):
                return int(om.group("y")), "overview"
    for pattern in (_WORKPLAN, _BUDGET):
        for wm in pattern.finditer(doc.text):
            if _plausible(int(wm.group("y")), latest):
                return int(wm.group("y")), "work_plan"
    if pub and int(pub[5:7]) <= 6 and _plausible(int(pub[:4]) - 1, latest):
        return int(pub[:4]) - 1, "publication_date"
    return None, None
