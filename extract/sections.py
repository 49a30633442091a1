"""The six sections of a report (docs/REPORTS.md §2): where each heading is and what text it holds.

Headings come from the template seeds (`template_sections.csv` keywords, `template_section_variants.csv`
wordings), never retyped here. The rules of §2.2/§2.3: a heading starts its line, is short (≤ 40
characters normalised), carries the section's own keywords, and the chosen headings run in template
order. Table rows that look like headings (`四、结转下年度继续办理`) and preamble lists of section names
(long lines, or a block of bare names with no text between them) are never headings.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from extract.memo import Memo
from extract.normalize import norm
from extract.scan import line_start_pattern, line_starts
from extract.template import load_sections, read_seed

MAX_HEADING_CHARS = 40
_NUMERALS = "一二三四五六"
# Numbered heading at line start: 一、 / 一. / 一， / 第一部分 / 一 (space); markdown/bold markers allowed.
_NUMBERED = re.compile(
    r"^[\s#*>|【\[]*(?:第\s*)?(?P<num>[一二三四五六])\s*(?:部分\s*)?(?:[、.,．，:：]|\s+|(?<=分))\s*(?P<rest>.*)$"
)
_TRAILING = re.compile(r"[\s*|】\]:：。.,，;；]+$")
_HEAD_SPLIT = re.compile(r"[。:：;；]|\s{2,}")
_TABLE_ROW_TRAP = ("结转", "本年新收", "上年结转", "本年度办理结果", "办理结果")
_TRAP = re.compile("|".join(map(re.escape, _TABLE_ROW_TRAP)))  # any(t in s for t in _TABLE_ROW_TRAP), faster


@dataclass(frozen=True)
class _Section:
    order: int
    key: str
    heading: str
    keywords: tuple[tuple[str, ...], ...]  # any alternative; each alternative needs all its terms


class _Candidate(NamedTuple):
    index: int  # 0-based line
    order: int  # section number 1..6
    weight: int  # 3 numbered short line, 2 exact wording without numeral, 1 heading head of a long line


@cache
def _sections() -> tuple[_Section, ...]:
    out = []
    for row in load_sections():
        alts = tuple(tuple(norm(t) for t in alt.split("+") if t) for alt in row["keywords"].split("|") if alt)
        out.append(_Section(int(row["section_order"]), row["section_key"], row["heading_zh"], alts))
    return tuple(sorted(out, key=lambda s: s.order))


@cache
def _variants() -> dict[str, int]:
    """Normalised heading wording without its numeral → section order (canonical headings included)."""
    order = {s.key: s.order for s in _sections()}
    out: dict[str, int] = {}
    for s in _sections():
        out[norm(s.heading)[2:]] = s.order
    for row in read_seed("template_section_variants"):
        out[norm(row["variant_zh"])] = order[row["section_key"]]
    return out


@cache
def _variants_by_order() -> dict[int, tuple[str, ...]]:
    """Section order → its known wordings, longest first."""
    out: dict[int, list[str]] = {}
    for v, order in _variants().items():
        out.setdefault(order, []).append(v)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def _keywords_match(section: _Section, text: str) -> bool:
    return any(all(term in text for term in alt) for alt in section.keywords)


def _rest_matches(order: int, rest: str) -> bool:
    if not rest or _TRAP.search(rest):
        return False
    return _keywords_match(_sections()[order - 1], rest)


@cache
def _first_chars() -> frozenset[str]:
    """Characters a heading line can start with (after markers): numerals, 第, and variant openings."""
    return frozenset(_NUMERALS + "第") | frozenset(v[0] for v in _variants())


_LEAD = " \t\f\v\u00a0\u3000\u200b\ufeff#*>|【["


def _candidate(index: int, raw: str) -> _Candidate | None:
    kind = _HEADINGS.get(raw, False)
    if kind is False:
        kind = _HEADINGS[raw] = _heading_kind(raw)
    return None if kind is None else _Candidate(index, *kind)


_HEADINGS = Memo()  # line → _heading_kind(line): the six headings repeat across reports


def _heading_kind(raw: str) -> tuple[int, int] | None:
    """(section order, weight) when the line `raw` may be a section heading (see _Candidate)."""
    lead = raw.lstrip(_LEAD)
    if not lead or lead[0] not in _first_chars() or _TRAP.search(lead[:12]):
        return None  # table-三 row labels (`四、结转下年度继续办理`) never head a section
    s = unicodedata.normalize("NFKC", raw[:400]).strip()  # a heading is at the start of its line
    if "|" in s.strip("| "):
        # a table row: a heading only when every cell holds the same text (an HTML caption row whose
        # colspan repeats it, or a pipe row padded with empty cells)
        cells = {c.strip() for c in s.split("|") if c.strip()}
        if len(cells) != 1:
            return None
        s = cells.pop()
    if not s:
        return None
    m = _NUMBERED.match(s)
    if m:
        order = _NUMERALS.index(m.group("num")) + 1
        rest_raw = _TRAILING.sub("", m.group("rest"))
        rest = norm(rest_raw)
        if len(rest) + 2 <= MAX_HEADING_CHARS:
            return (order, 3) if _rest_matches(order, rest) else None
        # a heading run into its first paragraph (`一、总体情况 2024年，…`): a known wording, then a boundary
        head = norm(_HEAD_SPLIT.split(rest_raw, maxsplit=1)[0])
        if head and len(head) + 2 <= MAX_HEADING_CHARS and _variants().get(head) == order:
            return order, 1
        for v in _variants_by_order().get(order, ()):
            if rest.startswith(v) and len(rest) > len(v) and not ("\u4e00" <= rest[len(v)] <= "\u9fff"):
                return order, 1
        return None
    text = norm(_TRAILING.sub("", s.lstrip("#*>|【[ ")))
    if len(text) <= MAX_HEADING_CHARS and text in _variants():
        return _variants()[text], 2
    return None


def _heading_text(raw: str) -> str:
    """The heading as printed: indentation, NBSP and table-row pipes removed."""
    text = raw.replace("\u00a0", " ").strip(" \t\u3000|")
    if "|" in text:
        text = next(c.strip() for c in text.split("|") if c.strip())
    return text


def _drop_toc_blocks(cands: list[_Candidate], lines: list[str]) -> list[_Candidate]:
    """A table of contents: ≥3 section names on consecutive non-blank lines whose names come back later.

    Both conditions matter: sections left empty (tables published as images) also give consecutive
    headings, but they are not repeated further down.
    """
    if len(cands) < 6:
        return cands
    runs: list[list[_Candidate]] = [[cands[0]]]
    for prev, cur in itertools.pairwise(cands):
        between = lines[prev.index + 1 : cur.index]
        if cur.order == prev.order + 1 and all(not b.strip(" \t\u00a0\u3000|") for b in between):
            runs[-1].append(cur)
        else:
            runs.append([cur])
    drop: set[int] = set()
    for run in runs:
        if len(run) < 3:
            continue
        later = {c.order for c in cands if c.index > run[-1].index}
        if len({c.order for c in run} & later) >= 3:
            drop.update(c.index for c in run)
    return [c for c in cands if c.index not in drop] if drop else cands


def _best_chain(cands: list[_Candidate]) -> list[_Candidate]:
    """Headings in strictly increasing section order with the greatest total weight (ties: earliest)."""
    n = len(cands)
    best = [c.weight for c in cands]
    orders = [c.order for c in cands]
    prev = [-1] * n
    for j in range(n):
        order, weight = orders[j], best[j]
        for i in range(j):
            if orders[i] < order and best[i] + weight > best[j]:
                best[j], prev[j] = best[i] + weight, i
    if not n:
        return []
    j = max(range(n), key=lambda k: (best[k], -k))
    chain = []
    while j != -1:
        chain.append(cands[j])
        j = prev[j]
    return chain[::-1]


def _is_blank(line: str) -> bool:
    return not line.strip(" \t\u00a0\u3000\u200b\ufeff|")


@cache
def _candidate_lines() -> re.Pattern[str]:
    """Lines that may be headings: numbered ones, and short ones opening like a heading wording.
    For `line_starts`; the lookahead (the alternatives' first characters) lets most lines fail at once."""
    lead = r"[ \t\f\v\u00a0\u3000\u200b\ufeff#*>|【\[]*"
    spaced = sorted((r"\s*".join(map(re.escape, v)) for v in _variants()), key=len, reverse=True)
    first = "".join(map(re.escape, sorted(_first_chars())))
    return line_start_pattern(
        rf"{lead}(?=[{first}])(?:[{_NUMERALS}]\s*(?:[、.,．，:：]|\s)|第\s*[{_NUMERALS}]|(?:{'|'.join(spaced)})[^\n]{{0,6}}$)"
    )


def find_sections(lines: list[str], text: str | None = None) -> dict[str, dict]:
    """Section key → {heading, line, line_end, text}; lines are 1-based and inclusive, text is the body.

    Sections not found are absent. The last section found runs to the last non-blank line, so callers
    should pass lines with page chrome blanked (extract.chrome.strip_chrome). The candidate lines are
    found by one regex over the joined text, so prose lines cost nothing in Python. `text` is
    "\\n".join(lines) when the caller has it already.
    """
    if text is None:
        text = "\n".join(lines)
    cands: list[_Candidate] = []
    pos = line_no = 0
    for start in line_starts(_candidate_lines(), text):
        line_no += text.count("\n", pos, start)
        pos = start
        c = _candidate(line_no, lines[line_no])
        if c is not None:
            cands.append(c)
    chain = _best_chain(_drop_toc_blocks(cands, lines))
    out: dict[str, dict] = {}
    secs = _sections()
    one_line_each = line_no + text.count("\n", pos) == len(lines) - 1  # no line holds a newline itself
    nbsp = "\u00a0" in text
    for k, c in enumerate(chain):
        stop = chain[k + 1].index if k + 1 < len(chain) else len(lines)
        end = stop - 1
        while end > c.index and _is_blank(lines[end]):
            end -= 1
        if one_line_each:  # the body's lines as they are, without joining and splitting them again
            body = lines[c.index + 1 : end + 1]
            if nbsp:
                body = [line.replace("\u00a0", " ") for line in body]
        else:
            body = "\n".join(lines[c.index + 1 : end + 1]).replace("\u00a0", " ").split("\n")
        out[secs[c.order - 1].key] = {
            "heading": _heading_text(lines[c.index]),
            "line": c.index + 1,
            "line_end": end + 1,
            "text": "\n".join(filter(None, map(str.strip, body))),
        }
    return out
