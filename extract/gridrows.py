"""Grids → the rows the table reader reads, and the lines that print them for the line analysers.

One rule for every format with real tables (HTML, DOCX, PDF, OCR), the same as extract.html's
`table_lines`: a spanned label is repeated in the positions it covers (so a row's label sits next
to its values), a spanned value or empty cell leaves its covered positions empty (so a value is
never counted twice). A row is as wide as its last filled position.
"""

from __future__ import annotations

from extract.document import Document, Grid, GridCell, expand_grid
from extract.values import is_value_text

RowCells = list[tuple[str, GridCell | None]]


def grid_rows(grid: Grid) -> list[RowCells]:
    """(text, cell) per position of each row that holds any text."""
    out: list[RowCells] = []
    for r, row in enumerate(expand_grid(grid)):
        cells: RowCells = []
        for c, cell in enumerate(row):
            if cell is None:
                cells.append(("", None))
            elif cell.row == r and cell.col == c:
                cells.append((cell.text, cell))
            else:
                text = cell.text if cell.text and not is_value_text(cell.text) else ""
                cells.append((text, cell if text else None))
        while cells and not cells[-1][0]:
            cells.pop()
        if cells:
            out.append(cells)
    return out


def append_grid(doc: Document, grid: Grid) -> None:
    """Print the grid's rows as `a | b |` lines of `doc.lines` and keep their cells in `doc.row_cells`."""
    for cells in grid_rows(grid):
        doc.lines.append(" | ".join(t for t, _ in cells) + " |")
        doc.row_cells[len(doc.lines)] = cells
