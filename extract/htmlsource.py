"""Lines of the HTML source where each `<td>`/`<th>` starts: provenance that lexbor does not expose.

selectolax's lexbor tree keeps no source positions, so the page source is scanned for cell start
tags in document order (outside comments and raw-text elements, where a `<td` is text) and the k-th
tag found is the k-th cell the HTML reader walked. The match is trusted only when both sequences
have the same length and the same td/th kinds: a parser that dropped a stray `<td>` or built cells
no tag wrote would shift every later line, and then no line is given (the caller says so) rather
than a wrong one.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from extract.document import GridCell

_CELL_TAG = re.compile(r"<[tT]([dDhH])(?=[\s/>])")
# where a `<td` is not a tag: comments, and the elements whose content HTML parses as text
_OPAQUE = re.compile(
    r"<!--|<(script|style|textarea|title|xmp|iframe|noembed|noframes|plaintext)(?=[\s/>])", re.I
)
_NEWLINE = re.compile("\n")
_END_TAGS: dict[str, re.Pattern[str]] = {}


def cell_tag_lines(html: str) -> tuple[str, list[int]]:
    """The kinds (`d`/`h`, one letter per tag) and 1-based lines of every cell start tag of `html`, in
    document order. Lines end at LF, CRLF or a lone CR, as an editor counts them."""
    if "\r" in html:
        html = html.replace("\r\n", "\n").replace("\r", "\n")
    found = [(m.start(), m.group(1)) for m in _CELL_TAG.finditer(html)]
    if not found:
        return "", []
    opaque = _opaque_ranges(html, found[-1][0])
    if opaque:  # mostly the <head>'s title, scripts and styles: only the tags before the last end are checked
        starts = [a for a, _ in opaque]
        k = bisect_right(found, (opaque[-1][1], ""))
        found = [
            (p, kind) for p, kind in found[:k] if (i := bisect_right(starts, p) - 1) < 0 or p >= opaque[i][1]
        ] + found[k:]
        if not found:
            return "", []
    newlines = [m.start() for m in _NEWLINE.finditer(html, 0, found[-1][0])]
    kinds = "".join(k for _, k in found).lower()
    return kinds, [bisect_right(newlines, p) + 1 for p, _ in found]


def _opaque_ranges(html: str, until: int) -> list[tuple[int, int]]:
    """(start, end) of the comments and raw-text elements that start before `until`."""
    ranges: list[tuple[int, int]] = []
    pos = 0
    while (m := _OPAQUE.search(html, pos, until)) is not None:
        if m.group(1) is None:  # a comment
            end = html.find("-->", m.end())
            end = len(html) if end < 0 else end + 3
        else:
            name = m.group(1).lower()
            pat = _END_TAGS.get(name)
            if pat is None:
                pat = _END_TAGS[name] = re.compile(rf"</{name}\s*>", re.I)
            close = pat.search(html, m.end()) if name != "plaintext" else None
            end = len(html) if close is None else close.end()
        ranges.append((m.start(), end))
        pos = end
    return ranges


def source_lines(html: str, order: list[tuple[str, GridCell | None]]) -> bool:
    """Set `line` of every cell in `order` (the page's cells as walked: tag, cell or None) to the
    source line of its tag; False (and no line set) when the tags and the cells do not match."""
    kinds, lines = cell_tag_lines(html)
    if len(lines) != len(order) or kinds != "".join(tag[1] for tag, _ in order):
        return False
    for line, (_, cell) in zip(lines, order, strict=True):
        if cell is not None:
            cell.line = line
    return True
