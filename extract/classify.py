"""Is this document an annual report at all? (news pages, empty pages and link lists are not).

Independent signals, so a report in a layout never seen is still recognised: the six section headings,
a report title line, the statistics-period sentence, and the table anchors (the table parser's
template, or the table-三 row labels in the text). A report whose tables are missing or are images is
still a report, with a warning; a report cut off early is a report with its missing sections named.
"""

from __future__ import annotations

import re

from extract.record import issue

_TITLE_LINE = re.compile(r"(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)")
_PERIOD = re.compile(r"20\d{2}\s*年\s*(?:度\s*)?1\s*月\s*1\s*日[^。\n]{0,12}?12\s*月\s*31\s*日")
_TRAILING_DATE = re.compile(r"[\s\[【(（]*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?[\]】)）]*\s*$")
_ANCHORS = (
    "本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量",
    "结转下年度继续办理",
    "第二十条第",
    "本年制发件数",
    "本年新制作数量",
    "未经复议直接起诉",
)
_KEYS = ("s1_overview", "s2_proactive", "s3_requests", "s4_review_litigation", "s5_problems", "s6_other")


def _signals(lines: list[str]) -> tuple[int, bool, int]:
    """(report-title lines near the top, statistics period present, table anchors in the text)."""
    titles = 0
    seen = 0
    for line in lines:
        s = line.strip()
        if not s:
            continue
        seen += 1
        if seen > 60:
            break
        s = _TRAILING_DATE.sub("", s).rstrip("》)）| ")  # list pages print a date after each title
        if len(s) <= 90 and _TITLE_LINE.search(s) and s.endswith(("报告", "年报")):
            titles += 1
    text = "\n".join(lines)
    compact = re.sub(r"\s+", "", text[:200_000])
    anchors = sum(1 for a in _ANCHORS if a in compact)
    return titles, bool(_PERIOD.search(text)), anchors


_NOTICE = re.compile(
    r"^(?:国务院办公厅.{0,20})?关于印发.{0,12}年度报告格式.{0,6}的通知$|^.{0,20}年度报告格式(?:[(（]试行[)）])?$"
)


def _template_notice(lines: list[str]) -> str | None:
    """The title of the notice that publishes the template (it holds the headings and empty tables)."""
    seen = 0
    for line in lines:
        if not line or line.isspace():
            continue
        seen += 1
        if seen > 12:
            return None
        if "格式" in line:
            s = re.sub(r"[\s《》〈〉<>]+", "", line)
            if len(s) <= 70 and _NOTICE.match(s):
                return s
    return None


def classify_report(lines: list[str], sections: dict, tables: dict) -> tuple[bool, list[dict]]:
    """(is_report, issues). Not a report → one `not_report` error saying why; a report → warnings, if any."""
    if not any(line.strip() for line in lines):
        return False, [issue("error", "not_report", "not an annual report: the document has no text")]
    notice = _template_notice(lines)
    if notice is not None:
        return False, [
            issue(
                "error",
                "not_report",
                f"not an annual report: the national template notice ({notice})",
                line=None,
            )
        ]
    status = tables.get("table_status") or {}
    if status and all(v == "all_null" for v in status.values()):
        # the official format as a blank form: every table there, every value cell empty. A form is not a
        # report, and an empty cell is never a zero
        return False, [
            issue(
                "error",
                "not_report",
                "not an annual report: a blank form (tables 二, 三 and 四 "
                "are all there, every value cell is empty)",
            )
        ]
    n_sections = len(sections)
    has_tables = tables.get("template", "unknown") != "unknown"
    is_report = has_tables or n_sections >= 4
    titles = 0
    if not is_report:  # the text signals cost a pass over the document: only when still in doubt
        titles, period, anchors = _signals(lines)
        # a news item about a report may carry its title and period; it has no headings or table labels
        is_report = (
            (n_sections >= 2 and bool(titles or period or anchors))
            or (titles == 1 and period and (n_sections >= 1 or anchors >= 1))
            or (titles == 1 and anchors >= 2)
            or anchors >= 3
        )
    if not is_report:
        if titles >= 3:
            why = f"it lists {titles} report titles (a navigation or list page)"
        elif titles:
            why = "it mentions a report title but has no section headings, statistics period or tables (a news page?)"
        else:
            why = f"no report title, {n_sections} section heading(s), no statistics period and no tables"
        return False, [issue("error", "not_report", f"not an annual report: {why}")]

    out: list[dict] = []
    if not has_tables:
        out.append(
            issue(
                "warning",
                "no_table_text",
                "a report without table text: its tables are missing, images or attachments",
            )
        )
    missing = [k for k in _KEYS if k not in sections]
    if missing:
        found = [k for k in _KEYS if k in sections]
        last = _KEYS.index(found[-1]) if found else -1
        after = [k for k in _KEYS[last + 1 :]]
        if found and after and last <= 3 and set(after) <= set(missing):
            text_end = max(s["line_end"] for s in sections.values())
            # cut off for sure when a table is missing or stops early too: the values are lost, an error
            tables_cut = has_tables and (
                "missing" in (tables.get("table_status") or {}).values()
                or any(i.get("code") == "missing_row" for i in tables.get("issues") or [])
            )
            out.append(
                issue(
                    "error" if tables_cut else "warning",
                    "truncated_document",
                    f"the document seems cut off after {found[-1]} (line {text_end}): "
                    f"{', '.join(after)} not found",
                    line=text_end,
                )
            )
            missing = [k for k in missing if k not in after]
        if missing:
            out.append(
                issue("warning", "missing_sections", f"section heading(s) not found: {', '.join(missing)}")
            )
    return True, out
