"""The format-neutral document: what every reader returns and every analyser reads.

Bytes of any format (text dump, HTML page, PDF, Word file, scan) become one `Document` (as docling
separates its format backends from its document model). The line-based analysers (chrome, sections,
metadata, narrative, classify) read `Document.lines`, a linear text in which every reader keeps line
numbers meaningful as provenance. The table reader reads `Page.grids` where the source has real
tables (HTML, DOCX, ruled PDF, OCR'd ruled scans) and positioned `Page.spans` where it has
coordinates (PDF text layer, OCR); text dumps have neither and keep today's tokenisers.

`source_format` (what the bytes are) is kept apart from `text_layout` (the shape of a text dump's
tables: markdown, tsv, pipe_rows, cell_per_line, ...): a PDF is never a "layout".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class SourceFormat(StrEnum):
    """What the bytes of a file are, decided by content sniffing, never by extension alone."""

    TEXT = "text"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"
    IMAGE = "image"
    LEGACY = "legacy"  # .doc / .wps / .ofd: read only through a converter when one is installed
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in page coordinates, top-left origin: PDF points or image pixels."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class Span:
    """A run of text as the source positions it (a PDF word or text line, an OCR text box).

    `line` is the 1-based line of `Document.lines` the span was written to (0 when it is on none).
    `confidence` is the OCR engine's score in 0..1, None for a text layer.
    """

    text: str
    page: int
    box: Box
    line: int = 0
    confidence: float | None = None


@dataclass(slots=True)
class GridCell:
    """One table cell as the source structures it: spans kept as spans, never copied into covered cells.

    Provenance: `line` is the 1-based line of `Document.lines` that holds the cell's row (for HTML and
    text, a line of the original file where the reader knows it); `box` its rectangle on the page (PDF,
    OCR); `source` a format-specific address (DOCX `t2/r5/c3`, HTML `table 2 row 5`).
    """

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    line: int = 0
    box: Box | None = None
    confidence: float | None = None
    source: str | None = None
    page: int | None = None  # the page the cell is printed on (a stitched table spans two)


@dataclass(slots=True)
class Grid:
    """A table: an HTML <table>, a DOCX w:tbl, a ruled PDF table, a table found in a scan."""

    cells: list[GridCell]
    n_rows: int
    n_cols: int
    page: int = 1
    box: Box | None = None  # the table's outline on its (first) page, where the source has coordinates


@dataclass(slots=True)
class Page:
    """One page (a whole HTML page or text dump is one page); `first_line` is its first line in `lines`."""

    number: int
    first_line: int = 1
    width: float | None = None
    height: float | None = None
    spans: list[Span] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)


@dataclass
class Document:
    """What a reader made of one file's bytes."""

    source_format: SourceFormat
    lines: list[str]
    pages: list[Page] = field(default_factory=list)
    encoding: str | None = None
    text_layout: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    issues: list[dict[str, Any]] = field(default_factory=list)
    failed: bool = False  # nothing could be read (empty, binary, corrupt, no converter): the record fails
    source_text: str | None = None  # the decoded text of a text/HTML file (the HTML meta date reads it)
    # grid rows by the 1-based line of `lines` that prints them: (text, cell) per grid column, the cell
    # None where no cell is; the table reader reads these as row tokens instead of re-splitting the line
    row_cells: dict[int, list[tuple[str, GridCell | None]]] = field(default_factory=dict)

    @property
    def grids(self) -> list[Grid]:
        return [g for p in self.pages for g in p.grids]

    def to_json(self) -> dict[str, Any]:
        """A plain-dict view for golden files and `ogi extract --document`."""
        return {
            "source_format": str(self.source_format),
            "text_layout": self.text_layout,
            "encoding": self.encoding,
            "meta": dict(self.meta),
            "lines": list(self.lines),
            "pages": [
                {
                    "number": p.number,
                    "first_line": p.first_line,
                    "width": p.width,
                    "height": p.height,
                    "spans": len(p.spans),
                    "grids": [
                        {
                            "n_rows": g.n_rows,
                            "n_cols": g.n_cols,
                            "cells": [
                                [c.row, c.col, c.rowspan, c.colspan, c.text, c.line, c.source]
                                for c in g.cells
                            ],
                        }
                        for g in p.grids
                    ],
                }
                for p in self.pages
            ],
            "issues": list(self.issues),
        }


def expand_grid(grid: Grid) -> list[list[GridCell | None]]:
    """The grid by position: `rows[r][c]` is the cell that covers (r, c), None where no cell is.

    A spanned cell appears in every position it covers (the same object), so a caller can tell the
    origin position (`cell.row == r and cell.col == c`) from a covered one.
    """
    rows: list[list[GridCell | None]] = [[None] * grid.n_cols for _ in range(grid.n_rows)]
    for cell in grid.cells:
        for r in range(cell.row, min(cell.row + cell.rowspan, grid.n_rows)):
            row = rows[r]
            for c in range(cell.col, min(cell.col + cell.colspan, grid.n_cols)):
                row[c] = cell
    return rows
