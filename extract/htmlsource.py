"""Lines of the HTML source where each `<td>`/`<th>` starts: provenance that lexbor does not expose.

selectolax's lexbor tree keeps no source positions, so the page source is scanned for cell start
tags in document order (outside comments and raw-text elements, where a `<td` is text) and the k-th
tag found is the k-th cell the HTML reader walked. The match is trusted only when both have the same
number of cells and of `<th>` among them: a parser that dropped a stray `<td>` or built cells
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


def cell_tag_lines(html: str, skip_opaque: bool = True) -> tuple[str, list[int]]:
    """The kinds (`d`/`h`, one letter per tag) and 1-based lines of every cell start tag of `html`, in
    document order (`skip_opaque`: not counting those in comments and raw-text elements). Lines end at
    LF, CRLF or a lone CR, as an editor counts them."""
    if "\r" in html:
        html = html.replace("\r\n", "\n").replace("\r", "\n")
    positions = [m.start() for m in _CELL_TAG.finditer(html)]
    if not positions:
        return "", []
    kinds = "".join(_CELL_TAG.findall(html)).lower()
    opaque = _opaque_ranges(html, positions[-1]) if skip_opaque else []
    if opaque:  # mostly the <head>'s title, scripts and styles: only the tags before the last end are checked
        starts = [a for a, _ in opaque]
        k = bisect_right(positions, opaque[-1][1])
        keep = [
            j
            for j in range(k)
            if (i := bisect_right(starts, positions[j]) - 1) < 0 or positions[j] >= opaque[i][1]
        ]
        if len(keep) < k:
            kinds = "".join(kinds[j] for j in keep) + kinds[k:]
            positions = [positions[j] for j in keep] + positions[k:]
        if not positions:
            return "", []
    newlines = [m.start() for m in _NEWLINE.finditer(html, 0, positions[-1])]
    return kinds, [bisect_right(newlines, p) + 1 for p in positions]


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
    n_th = sum(1 for tag, _ in order if tag == "th")
    # most pages have no `<td` in a comment or script: the plain scan first, the careful one if it fails
    kinds, lines = cell_tag_lines(html, skip_opaque=False)
    if len(lines) != len(order) or kinds.count("h") != n_th:
        kinds, lines = cell_tag_lines(html)
        if len(lines) != len(order) or kinds.count("h") != n_th:
            return False
    for line, (_, cell) in zip(lines, order, strict=True):
        if cell is not None:
            cell.line = line
    return True
