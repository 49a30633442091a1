"""Numbers the report states in prose, for narrative-vs-table checks (docs/REPORTS.md §7.5).

Conservative on purpose: a wrong fact becomes a false warning, so each pattern needs its verb, its
object and its unit in one clause, and a clause that names review/litigation/complaints is never read
as a statement about disclosure applications. Ambiguous facts (two different values) are dropped.
"""

from __future__ import annotations

import re
import unicodedata

from extract.memo import Memo

_SECTIONS = ("s1_overview", "s3_requests", "s4_review_litigation", "s6_other")
_TRIGGERS = ("申请", "收取", "复议")  # a line without one of these words states no fact
_CLAUSE = re.compile(r"[^。；;！!？?\n]+")
_SUBCLAUSE = re.compile(r"[,，]")

_RECEIVED = re.compile(
    r"(?:受理|收到|接收|接到|新收)了?(?:各类|群众|公民|社会公众|公众)?的?"
    r"(?:政府信息公开申请|依申请公开(?:申请|事项)?|信息公开申请|公开申请)"
    r"(?:共计|共|合计|总计)?\s*(?P<n>\d+)\s*(?:件|个|份|宗|条)(?!余|多)"
)
_NONE_RECEIVED = re.compile(
    r"(?:未|没有|尚未)(?:收到|接到|受理|发生)[^,，、]{0,40}?申请"
    r"|无(?:受理|收到)?[^,，]{0,12}?依申请公开(?:事项|件|申请)"
    r"|依申请公开(?:申请)?(?:数量)?为(?:0|零)件?"
)
_NO_FEES = re.compile(r"(?:未|没有|不)(?:向申请人)?收取[^,，]{0,20}?(?:信息处理费|任何费用|费用)")
_NO_REVIEW = re.compile(
    r"(?:未|没有|无)(?:收到|发生|出现|产生|涉及)?[^,，]{0,30}?(?:行政复议|复议)[^,，]{0,15}?(?:行政诉讼|诉讼)"
)
_NOT_APPLICATIONS = ("复议", "诉讼", "投诉", "举报", "信访", "热线", "留言")


def read_narrative(lines: list[str], sections: dict) -> list[dict]:
    """Facts [{key, value, raw, line}] from sections 一, 三, 四 and 六; at most one per key."""
    found: dict[str, dict] = {}
    conflicting: set[str] = set()

    def add(key: str, value: int, raw: str, line: int) -> None:
        if key in found and found[key]["value"] != value:
            conflicting.add(key)
        found.setdefault(key, {"key": key, "value": value, "raw": raw, "line": line})

    for key in _SECTIONS:
        sec = sections.get(key)
        if not sec:
            continue
        start = sec["line"]  # the 0-based index of the first body line after the heading
        chunk = "\n".join(lines[start : sec["line_end"]])
        pos, k, seen = 0, 0, -1
        for at in _trigger_positions(chunk):  # only lines holding a trigger word reach Python
            k += chunk.count("\n", pos, at)
            pos = at
            if k == seen:
                continue
            seen = k
            line = lines[start + k]
            facts = _LINE_FACTS.get(line)
            if facts is None:
                facts = _LINE_FACTS[line] = _line_facts(line)
            for fact_key, value, raw in facts:
                add(fact_key, value, raw, start + k + 1)
    return [f for k, f in found.items() if k not in conflicting]


def _trigger_positions(chunk: str) -> list[int]:
    """Where the trigger words occur in `chunk`, in order (str.find: far faster than a regex scan)."""
    out: list[int] = []
    for word in _TRIGGERS:
        at = chunk.find(word)
        while at != -1:
            out.append(at)
            at = chunk.find(word, at + 1)
    out.sort()
    return out


_LINE_FACTS = Memo()  # line → _line_facts(line)


def _line_facts(line: str) -> tuple[tuple[str, int, str], ...]:
    """(key, value, raw) of the facts one line states, clause by clause, in reading order."""
    out: list[tuple[str, int, str]] = []
    for clause in _CLAUSE.findall(unicodedata.normalize("NFKC", line)):
        out += _read_clause(clause.strip())
    return tuple(out)


def _read_clause(clause: str) -> list[tuple[str, int, str]]:
    # each pattern needs a word the `in` test looks for first (a regex search costs far more)
    out: list[tuple[str, int, str]] = []
    m = _RECEIVED.search(clause) if "申请" in clause else None
    if m and not any(w in clause[: m.start()] for w in ("结转", "上年", "同比", "较上年")):
        out.append(("applications_received", int(m.group("n")), m.group(0)))
    for part in _SUBCLAUSE.split(clause):
        m = _NONE_RECEIVED.search(part) if "申请" in part else None
        if m and not any(w in part for w in _NOT_APPLICATIONS):
            out.append(("no_applications_received", 1, m.group(0)))
            break
    m = _NO_FEES.search(clause) if "收取" in clause else None
    if m:
        out.append(("no_fees_collected", 1, m.group(0)))
    m = _NO_REVIEW.search(clause) if "复议" in clause else None
    if m and "申请人" not in m.group(0):
        out.append(("no_review_litigation", 1, m.group(0)))
    return out
