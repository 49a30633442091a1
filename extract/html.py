"""An HTML page as text lines, with every data-table row on one line of position-true cells.

Block elements become lines; inline text (including one `<span>` per character) is joined;
scripts and styles are dropped; `&nbsp;` is a space. A `<table>` without nested tables is a data
table, read as a `Grid` (cells with rowspan/colspan as printed) that the table reader reads through
the same grid path as PDF and DOCX tables (extract.gridrows, layouts.tokens_grid): no `a | b |`
string is parsed back. Its rows are still printed as lines for the line analysers, rowspan and
colspan expanded so that every row line has one cell per grid column, joined with " | " and ending
" |"; a spanned label is repeated in the positions it covers (so a row's label sits next to its
values), a spanned value or empty cell leaves them empty (so a value is never counted twice).
Tables that hold tables are page layout and read as blocks. Each cell's `line` is the line of the
HTML source where its tag starts (extract.htmlsource).
"""

from __future__ import annotations

import re
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from extract.document import Document, Grid, GridCell, Page, SourceFormat
from extract.gridrows import append_grid, grid_rows
from extract.htmlsource import source_lines
from extract.memo import Memo
from extract.record import issue

_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "ul",
        "caption",
        "title",
    }
)
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


def table_grid(table: Node, number: int, order: list[tuple[str, GridCell | None]]) -> Grid:
    """The Grid of a data table: one GridCell per `<td>`/`<th>`, rowspan/colspan as printed.

    A cell's `col` is its grid column: the first one left free by the rowspans from above. Rowspans
    that reach below the last `<tr>` are cut there. Each cell is appended to `order` (the page's
    cells in document order, which extract.htmlsource matches to the source's `<td>` tags for their
    lines); its `source` is `html:table<number>/row<r>/col<c>` (1-based: the table among the page's
    tables, the `<tr>` in the table, the grid column).
    """
    rows = _rows_of(table)
    n_rows = len(rows)
    taken: list[list[bool]] = [[] for _ in rows]  # positions covered by a cell so far
    cells: list[GridCell] = []
    n_cols = 0
    for r, tr in enumerate(rows):
        row = taken[r]
        c = 0
        for cell in tr.iter():
            tag = cell.tag
            if tag != "td" and tag != "th":
                continue
            while c < len(row) and row[c]:  # taken by a rowspan from above
                c += 1
            text = cell.text_lexbor()  # _cell_text, inlined
            if not text.isalnum():
                text = _tidy(text)
            cs = rs = 1
            attrs = cell.attributes  # built per call by selectolax: read once
            if attrs:
                cs = _span_value(attrs.get("colspan"))
                rs = min(_span_value(attrs.get("rowspan")), n_rows - r)
            src = _SOURCES.get((number, r, c))
            if src is None:
                src = _SOURCES[(number, r, c)] = f"html:table{number}/row{r + 1}/col{c + 1}"
            gc = GridCell(text, r, c, rs, cs, 0, None, None, src)
            cells.append(gc)
            order.append((tag, gc))
            if cs == 1 and rs == 1:
                if c == len(row):
                    row.append(True)
                else:
                    row[c] = True
            else:
                for dr in range(rs):
                    below = taken[r + dr]
                    if len(below) < c + cs:
                        below.extend([False] * (c + cs - len(below)))
                    below[c : c + cs] = [True] * cs
            c += cs
            if c > n_cols:
                n_cols = c
    return Grid(cells, n_rows, n_cols, 1)


_SOURCES = Memo()  # (table, row, col) → the cell's source address: the same few hundred in every report


def table_lines(table: Node) -> list[str]:
    """The lines a data table prints (see extract.gridrows: one line per `<tr>` with text)."""
    return [
        " | ".join(t for t, _ in cells) + " |" for cells in grid_rows(table_grid(table, 1, []), trim=False)
    ]


def html_to_lines(html: str) -> list[str]:
    """The page as text lines (see the module docstring)."""
    return read_page(html).lines


def read_page(html: str) -> Document:
    """The page as a Document: its text lines, one Grid per data table (its rows printed as lines
    and kept as cells in `row_cells`), each cell's `line` the line of `html` where its tag starts."""
    tree = HTMLParser(html)
    doc = Document(SourceFormat.HTML, [], [Page(1)])
    title = tree.css_first("title")
    if title is not None:
        t = _cell_text(title)
        if t:
            doc.lines.append(t)
    root = tree.body or tree.root
    if root is None:
        return doc
    walker = _Walker(doc, _tables_holding_tables(tree))
    walker.walk(root)
    _flush(walker.cur, doc.lines)
    if walker.order and not source_lines(html, walker.order):
        doc.issues.append(
            issue(
                "info",
                "html_source_lines_unknown",
                "the page's <td>/<th> tags could not be matched one to one with its cells: "
                "cell lines are lines of the page's text, not of the HTML source",
            )
        )
    return doc


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


class _Walker:
    """Block text to lines, data tables to Grids; counts tables and cells in document order."""

    def __init__(self, doc: Document, holders: set[int]) -> None:
        self.doc = doc
        self.holders = holders
        self.cur: list[str] = []
        self.n_tables = 0
        # every <td>/<th> walked in document order: (tag, its cell; None in a layout table)
        self.order: list[tuple[str, GridCell | None]] = []

    def walk(self, node: Node) -> None:
        lines, cur, holders = self.doc.lines, self.cur, self.holders
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                cur.append(_text_piece(child.text_content or ""))
            elif tag in _SKIP or tag == "head":
                continue
            elif tag == "br":
                _flush(cur, lines)
            elif tag == "table":
                self.n_tables += 1
                _flush(cur, lines)
                if child.mem_id in holders:  # page layout: its cells' content read as blocks
                    self.walk(child)
                    _flush(cur, lines)
                else:  # a data table
                    grid = table_grid(child, self.n_tables, self.order)
                    self.doc.pages[0].grids.append(grid)
                    append_grid(self.doc, grid, trim=False)
            elif tag in _BLOCK:
                if tag == "td" or tag == "th":
                    self.order.append((tag, None))
                _flush(cur, lines)
                self.walk(child)
                _flush(cur, lines)
            else:
                self.walk(child)
