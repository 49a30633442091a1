"""Text layouts of the tables (docs/REPORTS.md §8.1): detect which one a document uses, and turn its
lines into one token stream the table reader walks the same way for every layout.

A token is a cell's text with its line number and a kind. What differs between layouts is only
what the stream can say about positions:

* row layouts (pipe_rows, markdown, tsv, html) print every cell, empty ones included, and end
  each table row with an EOL token, so positions inside a row are known;
* cell_per_line_pipe prints empty cells as `|` (BLANK) and pads rows with `||…` (PAD);
* cell_per_line and pdf_layout never print empty cells: a missing value is invisible.
"""

from __future__ import annotations

import re

from extract.memo import Memo
from extract.normalize import nfkc
from extract.values import is_value_text

TEXT, VALUE, BLANK, PAD, EOL = 0, 1, 2, 3, 4
BARE = -2  # the col of an L3 line printed without the ` |` that closes a cell

CELL_PER_LINE = "cell_per_line"
PIPE_ROWS = "pipe_rows"
CELL_PER_LINE_PIPE = "cell_per_line_pipe"
MARKDOWN = "markdown"
TSV = "tsv"
PDF_LAYOUT = "pdf_layout"
HTML = "html"
GRID = "grid"  # table grids of a PDF, DOCX or scan, read as row tokens with true columns
LAYOUTS = (CELL_PER_LINE, PIPE_ROWS, CELL_PER_LINE_PIPE, MARKDOWN, TSV, PDF_LAYOUT, HTML, GRID)
ROW_LAYOUTS = frozenset({PIPE_ROWS, MARKDOWN, TSV, HTML, GRID})
# Layouts that print the table as a full grid: a spanned cell leaves empty cells at its positions.
GRID_LAYOUTS = frozenset({MARKDOWN, TSV, HTML, GRID})
INVISIBLE_BLANK_LAYOUTS = frozenset({CELL_PER_LINE, PDF_LAYOUT})


# One cell (or layout marker) of the stream: (raw, line, kind, col) — the cell's text, its 1-based line,
# its kind (TEXT … EOL) and its position within its printed row (row layouts; -1 when unknown). A plain
# tuple read by index (t[KIND]): a report has ~500 tokens, and a tuple costs a tenth of an object to build.
Tok = tuple[str, int, int, int]
RAW, LINE, KIND, COL = range(4)


_SPACES = "\u00a0\u3000\u200b\ufeff"
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
_BARE_PIPES = re.compile(r"^\|+$")
_PAGE_FOOTER = re.compile(
    r"^(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}"
    r"|共\s*\d{1,3}\s*页\s*第\s*\d{1,3}\s*页|page\s*\d+(?:\s*of\s*\d+)?)$",
    re.IGNORECASE,
)
_PDF_GAP = re.compile(r"\s{2,}|\t")
_INNER_GAP = re.compile(r"\S {2,}\S")
_NUMERIC_WORD = re.compile(r"^[+\-−]?[\d０-９][\d０-９,.]*$")


_FOOTER_FIRST = frozenset("-—–－第共pP0123456789")


def clean(s: str) -> str:
    """A line or cell with NBSP/ideographic spaces turned to spaces and the ends trimmed."""
    if not s.isascii():
        for ch in _SPACES:
            if ch in s:
                s = s.replace(ch, " ")
    return s.strip()


def is_page_footer(s: str) -> bool:
    """`- 3 -`, `第3页 共10页`, `3/10`: page furniture that PDF text leaves inside tables."""
    return len(s) <= 24 and s[:1] in _FOOTER_FIRST and _PAGE_FOOTER.match(s) is not None


_TABLE_START = ("第二十条", "勾稽关系", "信息内容", "本年新收")
_TABLE_END = ("复议后起诉", "结转下年度", "尚未审结")


def table_region(lines: list[str], text: str | None = None) -> tuple[int, int]:
    """Line range that holds the tables, from the first table anchor to a little past the last one;
    the whole text when no anchor is found. Page chrome (nav bars with pipes) stays outside.

    The anchors are found with str.find over the joined text (far faster than a search per line);
    lines holding a newline themselves (never from the decoders) are searched one by one. `text` is
    "\\n".join(lines) when the caller has it already."""
    if text is None:
        text = "\n".join(lines)
    if text.count("\n") != len(lines) - 1:
        return _table_region_by_line(lines)
    starts = [at for w in _TABLE_START if (at := text.find(w)) != -1]
    if not starts:
        return 0, len(lines)
    first = text.count("\n", 0, min(starts))
    at = max(text.rfind(w) for w in _TABLE_END)
    last = text.count("\n", 0, at) if at != -1 else -1
    if last < first:  # no end anchor at or after the first start anchor
        last = len(lines) - 1
    return max(0, first - 2), min(len(lines), last + 40)


def _table_region_by_line(lines: list[str]) -> tuple[int, int]:
    first = next((i for i, s in enumerate(lines) if any(w in s for w in _TABLE_START)), None)
    if first is None:
        return 0, len(lines)
    last = next(
        (i for i in range(len(lines) - 1, first - 1, -1) if any(w in lines[i] for w in _TABLE_END)),
        len(lines) - 1,
    )
    return max(0, first - 2), min(len(lines), last + 40)


def detect_layout(lines: list[str], text: str | None = None) -> str:
    """The text layout, from how the table region prints its cells (docs/REPORTS.md §8.1): chrome lines
    with pipes outside the tables do not count. `text`: "\\n".join(lines), if the caller has it."""
    lo, hi = table_region(lines, text)
    region = lines[lo:hi]
    shapes = list(map(_SHAPES.get, region))  # memoised per line: the loops run in C
    if None in shapes:
        for k, raw in enumerate(region):
            if shapes[k] is None:
                shapes[k] = _SHAPES[raw] = _line_shape(raw)
    counts = [shapes.count(shape) for shape in range(7)]
    _none, md_sep, single_pipe, multi_pipe, tabbed, spaced_numbers, gapped = counts
    if md_sep >= 1 and multi_pipe >= 5:
        return MARKDOWN
    if multi_pipe >= 5 and multi_pipe >= single_pipe:
        return PIPE_ROWS
    if single_pipe >= 5:
        return CELL_PER_LINE_PIPE
    if tabbed >= 5:
        return TSV
    if spaced_numbers >= 3 or gapped >= 8:  # columns of spaces, even when every cell is empty
        return PDF_LAYOUT
    return CELL_PER_LINE


_NONE, _MD_SEP, _SINGLE_PIPE, _MULTI_PIPE, _TABBED, _SPACED_NUMBERS, _GAPPED = range(7)


_SHAPES = Memo()  # line → _line_shape(line)


def _line_shape(raw: str) -> int:
    """What one line says about the layout (a counter index of detect_layout); memoised per line."""
    s = raw.strip()
    if not s:
        return _NONE
    if "|" in s:
        if _MD_SEPARATOR.match(s):
            return _MD_SEP
        if _BARE_PIPES.match(s):
            return _SINGLE_PIPE
        if s.endswith("|") and s.count("|") == 1:
            return _SINGLE_PIPE  # `x |`: one cell per line
        if s.count("|") >= 2:
            return _MULTI_PIPE  # a row of cells, even if all but the label are empty
        return _NONE
    if s.count("\t") >= 2:
        return _TABBED
    if len(s) > 200:  # a paragraph, not a table row
        return _NONE
    words = s.split()
    if len(words) >= 3 and sum(1 for w in words[-3:] if _NUMERIC_WORD.match(w)) == 3:
        return _SPACED_NUMBERS
    if _INNER_GAP.search(s):
        return _GAPPED
    return _NONE


def _kind(cell: str) -> int:
    if not cell:
        return BLANK
    return VALUE if is_value_text(cell) else TEXT


def tokens_cell_per_line(lines: list[str], text: str | None = None) -> list[Tok]:
    """L1: every non-empty line is a cell; empty cells left no trace. A line `label 0 0 0` (a row
    extracted as text) is the label and its values; a line `0 0 0` stays one token that the reader
    cuts into one value per number when the row is short of cells (tables._fit)."""
    out: list[Tok] = []
    append = out.append
    n = len(lines)
    memo = _L1_CELLS
    page_breaks = _has_form_feed(lines, text)
    for i, raw in enumerate(lines, 1):
        cells = memo.get(raw)
        if cells is None:
            cells = memo[raw] = _l1_line_cells(raw)
        if not cells:
            continue
        if len(cells) == 1:
            s, kind = cells[0]
            if page_breaks and len(s) <= 3 and _page_number_before_break(s, lines, i, n):
                continue
            append((s, i, kind, -1))
        else:
            for s, kind in cells:
                append((s, i, kind, -1))
    return out


def _has_form_feed(lines: list[str], text: str | None = None) -> bool:
    """Whether any line holds a form feed: without one, no bare page number precedes a page break."""
    return "\f" in (text if text is not None else "".join(lines))


_L1_CELLS = Memo()  # line → _l1_line_cells(line)


def _l1_line_cells(raw: str) -> tuple[tuple[str, int], ...]:
    """(text, kind) of the tokens of one L1 line: none for blanks and footers, one for a cell,
    a label and its values for `label 0 0 0`. Memoised: `0` and the template labels repeat."""
    s = clean(raw.replace("\f", "") if "\f" in raw else raw)
    if not s or is_page_footer(s):
        return ()
    if is_value_text(s):
        return ((s, VALUE),)
    if " " in s and is_value_text(s[s.rindex(" ") + 1 :]):
        toks: list[Tok] = []
        label_then_values(s, 0, toks)
        return tuple((t[RAW], t[KIND]) for t in toks)
    return ((s, TEXT),)


def label_then_values(chunk: str, line: int, out: list[Tok]) -> None:
    """`label 0 0 0` (a row extracted as one line of text): the label, then one token per value.
    A chunk without trailing values is one text token, its inner spaces kept."""
    words = chunk.split(" ")
    k = len(words)
    while k > 0 and is_value_text(words[k - 1]):
        k -= 1
    if k:
        out.append((" ".join(words[:k]) if k < len(words) else chunk, line, TEXT, -1))
    for w in words[k:]:
        out.append((w, line, VALUE, -1))


def _page_number_before_break(s: str, lines: list[str], i: int, n: int) -> bool:
    """A bare page number printed just before a form feed (text extracted from a PDF)."""
    if not (s.isdigit() and len(s) <= 3):
        return False
    for k in range(i, min(n, i + 3)):  # the next non-empty line, blank separator lines skipped
        if lines[k].strip(" \u00a0"):
            return lines[k].startswith("\f")
    return False


def tokens_cell_per_line_pipe(lines: list[str]) -> list[Tok]:
    """L3: `x |` is a cell, `|` an empty cell (or padding of one), `||…` row padding."""
    out: list[Tok] = []
    append = out.append
    memo = _L3_CELLS
    for i, raw in enumerate(lines, 1):
        cells = memo.get(raw)
        if cells is None:
            cells = memo[raw] = _l3_line_cells(raw)
        for c, kind, col in cells:
            append((c, i, kind, col))
    return out


_L3_CELLS = Memo()  # line → _l3_line_cells(line)


def _l3_line_cells(raw: str) -> tuple[tuple[str, int, int], ...]:
    """(text, kind, col) of the tokens of one L3 line; memoised, as `0 |` and `|` repeat."""
    s = clean(raw)
    if not s or is_page_footer(s):
        return ()
    if _BARE_PIPES.match(s):
        return (("", BLANK if len(s) == 1 else PAD, -1),)
    if s.endswith("|"):
        parts = s[:-1].split("|")
        cells = []
        for p in parts:
            c = p.strip()
            cells.append((c, _kind(c), -1))
        if len(parts) > 1:
            cells.append(("", EOL, -1))
        return tuple(cells)
    # a line without its pipe: a heading, or the first line of a cell that wraps (col BARE)
    return ((s, VALUE if is_value_text(s) else TEXT, BARE),)


def tokens_rows(lines: list[str], sep: str = "|", border: bool = False, padded: bool = False) -> list[Tok]:
    """Row layouts: one line is one table row; every cell is printed, so empty cells keep positions.

    Lines without a separator are plain text (headings, narrative) and end a row as well. A leading
    pipe is a table border only in markdown (`border`); in pipe rows it is an empty first cell.
    In pipe rows (`padded`) cells are joined by " | ", so an empty cell prints as two spaces between
    pipes, while the padding run is bare pipes (`| ||`): trailing pieces of at most one space are
    padding, not cells.
    """
    out: list[Tok] = []
    append = out.append
    memo = _ROW_TOKS.get((sep, border, padded))
    if memo is None:
        memo = _ROW_TOKS[(sep, border, padded)] = Memo()
    for i, raw in enumerate(lines, 1):
        toks = memo.get(raw)
        if toks is None:
            toks = memo[raw] = _row_line_toks(raw, sep, border, padded)
        for c, kind, col in toks:
            append((c, i, kind, col))
    return out


_ROW_TOKS: dict[tuple[str, bool, bool], Memo] = {}  # (sep, border, padded) → line → _row_line_toks


def _row_line_toks(raw: str, sep: str, border: bool, padded: bool) -> tuple[tuple[str, int, int], ...]:
    """(text, kind, col) of the tokens of one row-layout line, its EOL included; none for a blank line.
    A line without a separator is plain text: one token without a column."""
    cells = _row_line_cells(raw, sep, border, padded)
    if cells is None:
        return ()
    if len(cells) == 1 and cells[0][1] != BLANK and sep not in raw:  # plain text: no column
        return ((cells[0][0], cells[0][1], -1), ("", EOL, -1))
    return (*((c, kind, col) for col, (c, kind) in enumerate(cells)), ("", EOL, -1))


def _row_line_cells(raw: str, sep: str, border: bool, padded: bool) -> tuple[tuple[str, int], ...] | None:
    """(text, kind) of each cell of one row-layout line; None for a line that yields no tokens.
    A line without a separator is one cell (its col then means nothing, and readers only look at
    cols of rows)."""
    if "\u200b" in raw or "\ufeff" in raw:
        raw = raw.replace("\u200b", "").replace("\ufeff", "")
    s = raw.strip(" \u00a0\u3000\r\n") if sep == "\t" else raw.strip()
    if not s:
        return None
    if sep not in s:
        s = clean(s)
        if is_page_footer(s):
            return None
        return ((s, VALUE if is_value_text(s) else TEXT),)
    if sep == "|":
        if not s.strip("|") or ("-" in s and _MD_SEPARATOR.match(s)):
            return None
        if border and s.startswith("|"):
            s = s[1:]
        if s.endswith("|"):
            s = s[:-1]
    if "<br" in s:
        s = s.replace("<br>", "").replace("<br/>", "").replace("<br />", "")
    parts = s.split(sep)
    k = len(parts)
    if padded:
        while k > 1 and parts[k - 1] in ("", " "):
            k -= 1
    # trailing empty cells beyond a table-四 row's 15 are padding whatever their spacing
    while k > 15 and not parts[k - 1].strip():
        k -= 1
    cells = []
    for col in range(k):
        c = parts[col].strip()
        cells.append((c, (VALUE if is_value_text(c) else TEXT) if c else BLANK))
    return tuple(cells)


def tokens_pdf(lines: list[str], text: str | None = None) -> list[Tok]:
    """pdftotext -layout: columns are runs of spaces; numbers of one row may sit on one line.

    Each line is cut at gaps of two or more spaces; a chunk of space-separated numbers gives one
    token per number, and a label followed by numbers splits into the label and the numbers.
    Page footers and form feeds are dropped; a bare page number just before a form feed too.
    """
    out: list[Tok] = []
    append = out.append
    n = len(lines)
    memo = _PDF_CELLS
    page_breaks = _has_form_feed(lines, text)
    for i, raw in enumerate(lines, 1):
        cells = memo.get(raw)
        if cells is None:
            cells = memo[raw] = _pdf_line_cells(raw)
        if not cells:
            continue
        if (
            page_breaks
            and len(cells) == 1
            and len(cells[0][0]) <= 3
            and _page_number_before_break(cells[0][0], lines, i, n)
        ):
            continue
        for c, kind in cells:
            append((c, i, kind, -1))
    return out


_PDF_CELLS = Memo()  # line → _pdf_line_cells(line)


def _pdf_line_cells(raw: str) -> tuple[tuple[str, int], ...]:
    """(text, kind) of the tokens of one pdftotext -layout line; memoised per line."""
    st = clean(raw.replace("\f", "") if "\f" in raw else raw)
    if not st or is_page_footer(st):
        return ()
    toks: list[Tok] = []
    for chunk in _PDF_GAP.split(st):
        chunk = chunk.strip()
        if chunk:
            label_then_values(chunk, 0, toks)
    return tuple((t[RAW], t[KIND]) for t in toks)


def tokens_grid(lines: list[str], row_cells: dict, footers: bool = True) -> list[Tok]:
    """Grid rows as row tokens with their true columns (no `a | b |` string re-split), each cell token
    carrying its source cell (a 5th element: extract.document.GridCell) for provenance; the other
    lines as in pipe rows. A blanked line (page chrome) yields nothing; a page number cell is empty
    where the source has pages (`footers`: not HTML); trailing empty cells beyond a table-四 row's 15
    are padding, as in the row layouts."""
    out: list[Tok] = []
    append = out.append
    memo = _ROW_TOKS.get(("|", False, False))
    if memo is None:
        memo = _ROW_TOKS[("|", False, False)] = Memo()
    kinds = _GRID_KINDS[footers]
    for i, raw in enumerate(lines, 1):
        cells = row_cells.get(i)
        if cells is None:
            toks = memo.get(raw)
            if toks is None:
                toks = memo[raw] = _row_line_toks(raw, "|", False, False)
            for c, kind, col in toks:
                append((c, i, kind, col))
            continue
        if not raw:
            continue
        k = len(cells)
        while k > 15 and not cells[k - 1][0].strip():
            k -= 1
        for col in range(k):
            text, cell = cells[col]
            ck = kinds.get(text)
            if ck is None:
                c = clean(text) if text else ""
                kind = (
                    BLANK if not c or (footers and is_page_footer(c)) else VALUE if is_value_text(c) else TEXT
                )
                ck = kinds[text] = (c if kind != BLANK else "", kind)
            append((ck[0], i, ck[1], col, cell))
        append(("", i, EOL, -1))
    return out


_GRID_KINDS = {True: Memo(), False: Memo()}  # footers → cell text → (token text, kind)


def tokenize(lines: list[str], layout: str, text: str | None = None) -> list[Tok]:
    """The token stream of `lines` read in `layout` (`text`: "\\n".join(lines), if the caller has it)."""
    if layout == CELL_PER_LINE:
        return tokens_cell_per_line(lines, text)
    if layout == CELL_PER_LINE_PIPE:
        return tokens_cell_per_line_pipe(lines)
    if layout == TSV:
        return tokens_rows(lines, "\t")
    if layout == PDF_LAYOUT:
        return tokens_pdf(lines, text)
    return tokens_rows(lines, "|", border=layout == MARKDOWN, padded=layout == PIPE_ROWS)


def first_line_text(s: str) -> str:
    """NFKC of a cell, for messages and extras labels."""
    return nfkc(s).strip()
