"""Regex scans of a whole document that only care about line starts.

A pattern anchored with `^` under re.M is tried at every character of the text by the regex engine, which
costs ~5 ns a character: most of a scan over a report. The same pattern written after a literal newline
(`line_start_pattern`) lets the engine jump from newline to newline, and `line_starts` reports exactly the
positions the `^` version's finditer would: the text gets a leading newline, and each search resumes
where the previous match ended, so a match that swallowed a newline still hides the line after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def line_start_pattern(body: str, flags: int = 0) -> re.Pattern[str]:
    """`^body` (re.M) for `line_starts`: `body` must not look behind its start."""
    return re.compile("\n(?:" + body + ")", flags | re.M)


def line_starts(rx: re.Pattern[str], text: str) -> Iterator[int]:
    """Start offsets in `text` of the matches of `^body` (re.M), for `rx = line_start_pattern(body)`."""
    t = "\n" + text
    pos = 0
    search = rx.search
    while (m := search(t, pos)) is not None:
        yield m.start()  # the newline before the line is t[start], so the line starts at text[start]
        pos = m.end() - 1  # the match ended at text[end - 1]: finditer would resume there
