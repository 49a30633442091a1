"""Grids → the rows the table reader reads, and the lines that print them for the line analysers.

One rule for every format with real tables (HTML, DOCX, PDF, OCR), the same as extract.html's
`table_lines`: a spanned label is repeated in the positions it covers (so a row's label sits next
to its values), a spanned value or empty cell leaves its covered positions empty (so a value is
never counted twice). A row is as wide as its last filled position or real (empty) cell (`trim`: an
empty last cell is a blank value, and dropping it would leave the row one value short), or, for HTML,
as its last position any cell covers (the width its `a | b |` line always had).
"""

from __future__ import annotations

from extract.document import Document, Grid, GridCell
from extract.values import is_value_text

RowCells = list[tuple[str, GridCell | None]]


def grid_rows(grid: Grid, trim: bool = True) -> list[RowCells]:
    """(text, cell) per position of each row that holds any text.

    One pass over the cells (no expanded grid): a later cell overwrites the positions of an earlier
    one it overlaps, as extract.document.expand_grid does."""
    n_rows, n_cols = grid.n_rows, grid.n_cols
    rows: list[list[tuple[str, GridCell | None] | None]] = [[None] * n_cols for _ in range(n_rows)]
    for cell in grid.cells:
        r0, c0 = cell.row, cell.col
        if cell.rowspan == 1 and cell.colspan == 1:
            if r0 < n_rows and c0 < n_cols:
                rows[r0][c0] = (cell.text, cell)
            continue
        text = cell.text
        fill = (text, cell) if text and not is_value_text(text) else _EMPTY
        for r in range(r0, min(r0 + cell.rowspan, n_rows)):
            row = rows[r]
            for c in range(c0, min(c0 + cell.colspan, n_cols)):
                row[c] = (text, cell) if r == r0 and c == c0 else fill
    out: list[RowCells] = []
    for r, row in enumerate(rows):
        if not trim:
            while row and row[-1] is None:
                row.pop()
        cells = [_EMPTY if pos is None else pos for pos in row]
        if trim:
            while cells and not cells[-1][0] and not _origin(cells[-1][1], r, len(cells) - 1):
                cells.pop()  # positions no cell starts at; a real empty cell at the end stays (a blank value)
            if any(t for t, _ in cells):
                out.append(cells)
        elif any(t for t, _ in cells):
            out.append(cells)
    return out


_EMPTY: tuple[str, GridCell | None] = ("", None)  # a position no cell holds, or a covered value


def _origin(cell: GridCell | None, r: int, c: int) -> bool:
    return cell is not None and cell.row == r and cell.col == c


def append_grid(doc: Document, grid: Grid, trim: bool = True) -> None:
    """Print the grid's rows as `a | b |` lines of `doc.lines` and keep their cells in `doc.row_cells`."""
    for cells in grid_rows(grid, trim):
        doc.lines.append(" | ".join(t for t, _ in cells) + " |")
        doc.row_cells[len(doc.lines)] = cells
