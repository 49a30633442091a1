"""An HTML page as text lines, with every data-table row on one line of position-true cells.

Block elements become lines; inline text (including one `<span>` per character) is joined;
scripts and styles are dropped; `&nbsp;` is a space. A `<table>` without nested tables is laid out
as a grid: rowspan and colspan are expanded so that every row line has one cell per grid column,
joined with " | " and ending " |". A spanned label is repeated in the cells it covers (so a row's
label sits next to its values); a spanned value or empty cell leaves its covered cells empty (so a
value is never counted twice). Tables that hold tables are page layout and read as blocks.
"""

from __future__ import annotations

import re
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from extract.memo import Memo
from extract.values import is_value_text

_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr",
    "td", "th", "ul", "caption", "title",
})
_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "-comment"})
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u3000\u200b\ufeff]+")
_MAX_SPAN = 60
_SOURCE_BREAK = re.compile(r"[ \t\r\u00a0]*\n\s*")
_NON_DIGIT = re.compile(r"\D")


def _text_piece(raw: str) -> str:
    """A text node's contribution: source-formatting whitespace between tags disappears. (Other runs of
    whitespace are left to _flush, which collapses them over the joined pieces: the same result.)"""
    if "\n" in raw and not raw.strip():
        return ""
    return raw


def _cell_text(cell: Node) -> str:
    """A cell's text: its pieces joined without separators, so `本年新<br>制作数量` stays one label;
    line breaks of the page source between `<span>`s vanish, other whitespace becomes one space.
    (lexbor's own text content is the descendants' text nodes joined, like text(separator=""), faster.)"""
    text = cell.text_lexbor()
    if text.isalnum():  # `0`, `行政许可`: nothing to collapse (most cells)
        return text
    return _tidy(text)


def _tidy(text: str) -> str:
    tidy = _TIDY.get(text)
    if tidy is None:
        tidy = _TIDY[text] = _WS.sub(" ", _SOURCE_BREAK.sub("", text) if "\n" in text else text).strip()
    return tidy


_TIDY = Memo()  # raw cell text → _tidy(text): labels repeat in every report


@lru_cache(maxsize=256)
def _span_value(raw: str | None) -> int:
    """A rowspan/colspan attribute as a count in 1.._MAX_SPAN (`2`, `"2"`, `2px`, junk → 1)."""
    if not raw:
        return 1
    digits = raw if raw.isdigit() else _NON_DIGIT.sub("", raw)
    return max(1, min(int(digits), _MAX_SPAN)) if digits else 1


def _rows_of(table: Node) -> list[Node]:
    rows: list[Node] = []
    for child in table.iter():
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            for c in child.iter():
                if c.tag == "tr":
                    rows.append(c)
    return rows


def table_lines(table: Node) -> list[str]:
    """The grid of a data table, one line per `<tr>`, rowspan/colspan expanded by position.

    `grid[r]` holds the texts of row r by column, None where no cell is (yet); a row is as wide as its
    last filled column. Cells that a rowspan pushes below the last `<tr>` are dropped: no line is
    written for them.
    """
    rows = _rows_of(table)
    grid: list[list[str | None]] = [[] for _ in rows]
    n_rows = len(rows)
    for r, tr in enumerate(rows):
        row = grid[r]
        c = 0
        for cell in tr.iter():
            tag = cell.tag
            if tag != "td" and tag != "th":
                continue
            while c < len(row) and row[c] is not None:  # taken by a rowspan from above
                c += 1
            text = cell.text_lexbor()  # _cell_text, inlined
            if not text.isalnum():
                text = _tidy(text)
            attrs = cell.attributes  # built per call by selectolax: read once
            if attrs:
                cs = _span_value(attrs.get("colspan"))
                rs = _span_value(attrs.get("rowspan"))
                if cs != 1 or rs != 1:
                    # the covered cells repeat a label, and are empty under a value or an empty cell
                    fill = text if text and not is_value_text(text) else ""
                    for dr in range(min(rs, n_rows - r)):
                        below = grid[r + dr]
                        if len(below) < c:
                            below.extend([None] * (c - len(below)))
                        below[c : c + cs] = [text, *[fill] * (cs - 1)] if dr == 0 else [fill] * cs
                    c += cs
                    continue
            if c == len(row):
                row.append(text)
            else:
                row[c] = text
            c += 1
    out = []
    for row in grid:
        if any(row):
            out.append(" | ".join(row if None not in row else [t or "" for t in row]) + " |")
    return out


def html_to_lines(html: str) -> list[str]:
    """The page as text lines (see the module docstring)."""
    tree = HTMLParser(html)
    lines: list[str] = []
    title = tree.css_first("title")
    if title is not None:
        t = _cell_text(title)
        if t:
            lines.append(t)
    root = tree.body or tree.root
    if root is None:
        return lines
    cur: list[str] = []
    _walk(root, lines, cur, _tables_holding_tables(tree))
    _flush(cur, lines)
    return lines


def _tables_holding_tables(tree: HTMLParser) -> set[int]:
    """mem_ids of the tables that hold another table (page layout): one query for the whole page."""
    holders: set[int] = set()
    for inner in tree.css("table table"):
        node = inner.parent
        while node is not None:
            if node.tag == "table":
                holders.add(node.mem_id)
            node = node.parent
    return holders


def _flush(cur: list[str], lines: list[str]) -> None:
    if cur:
        s = _WS.sub(" ", "".join(cur)).strip()
        if s:
            lines.append(s)
        cur.clear()


def _walk(node: Node, lines: list[str], cur: list[str], holders: set[int]) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            cur.append(_text_piece(child.text_content or ""))
        elif tag in _SKIP or tag == "head":
            continue
        elif tag == "br":
            _flush(cur, lines)
        elif tag == "table" and child.mem_id not in holders:  # a data table, not page layout
            _flush(cur, lines)
            lines.extend(table_lines(child))
        elif tag in _BLOCK:
            _flush(cur, lines)
            _walk(child, lines, cur, holders)
            _flush(cur, lines)
        else:
            _walk(child, lines, cur, holders)
