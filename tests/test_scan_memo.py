"""The speed helpers must not change results: line-start scans find what `^…` (re.M) finds, memos forget."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract import chrome, sections
from extract.memo import Memo
from extract.scan import line_start_pattern, line_starts

# Characters that make the patterns' edge cases likely: numerals, punctuation, the lead characters,
# whitespace (a match may swallow a newline and hide the next line), digits and date words.
_ALPHABET = st.sampled_from(
    list("一二三四五六第、.，: \t\u3000\n#*>|【[总体情况主动公开年月日2024-发布日期：首页>打印关闭x")
)


def _by_finditer(rx: re.Pattern[str], text: str) -> list[int]:
    """The reference: the same body anchored with ^ under re.M, scanned by finditer."""
    body = rx.pattern[len("\n(?:") : -1]
    return [m.start() for m in re.compile("^(?:" + body + ")", rx.flags).finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=120))
def test_line_starts_match_caret_finditer(text: str) -> None:
    for rx in (sections._candidate_lines(), chrome._CANDIDATE):
        assert list(line_starts(rx, text)) == _by_finditer(rx, text)


def test_line_starts_swallowed_newline_hides_next_line() -> None:
    rx = line_start_pattern(r"一\s*(?:、|\s)")
    text = "一\n 一、x\n一、y"
    assert list(line_starts(rx, text)) == _by_finditer(rx, text) == [0, 7]


def test_memo_forgets_when_full() -> None:
    memo = Memo(limit=2)
    memo["a"], memo["b"] = 1, 2
    memo["c"] = 3  # full: cleared first
    assert dict(memo) == {"c": 3}
