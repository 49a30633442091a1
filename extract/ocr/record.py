"""An OCR'd Document to a §9 record: its lines through the text pipeline, provenance, verification.

The tables of an OCR'd page are written as pipe rows, the shape the text table reader already maps
onto the template by label, so the record comes from `parse_bytes` on the document's lines. Each
record cell is then given the page, box, confidence and source of the grid cell it was read from (by
its line: the k-th value of a row line is the k-th value cell of that grid row), and
`verify_ocr_cells` flags, proves or nulls it. A cell that cannot be traced to one grid cell takes the
lowest confidence of its row: doubt is never lost on the way.
"""

from __future__ import annotations

from extract.document import Document, GridCell, expand_grid
from extract.ocr.verify import verify_ocr_cells
from extract.parse import parse_bytes
from extract.record import Record, finish_status
from extract.values import is_value_text


def record_from_document(
    doc: Document, source_file: str, source_path: str | None = None, data: bytes | None = None
) -> Record:
    """The record of an OCR'd document (`data`, the original bytes, gives the record its doc_id)."""
    text = "\n".join(doc.lines)
    rec = parse_bytes(text.encode("utf-8"), source_file, source_path=source_path)
    if data is not None:
        from extract.record import doc_id_of

        rec["doc_id"], rec["size_bytes"] = doc_id_of(data), len(data)
    rec["source_format"] = str(doc.source_format)
    rec["encoding"] = None
    rec["issues"] = list(doc.issues) + [i for i in rec["issues"] if i["code"] != "binary_file"]
    if not doc.lines:
        return finish_status(rec)
    attach_provenance(rec, doc)
    if rec["cells"]:
        verify_ocr_cells(rec)
    return finish_status(rec)


def _row_cells(doc: Document) -> dict[int, list[GridCell | None]]:
    """Document line → the cells of the grid row it renders, left to right, one per grid column."""
    out: dict[int, list[GridCell | None]] = {}
    for page in doc.pages:
        for grid in page.grids:
            for c in grid.cells:
                _PAGE[id(c)] = grid.page
            for r, row in enumerate(expand_grid(grid)):
                line = next((c.line for c in row if c is not None and c.row == r and c.line), 0)
                if line:
                    out[line] = [c if c is not None and c.row == r else None for c in row]
    return out


def attach_provenance(rec: Record, doc: Document) -> None:
    """Give each record cell `page`, `x0`, `top`, `x1`, `bottom`, `confidence` and `source` of its grid
    cell (the provenance keys the text-layer PDF reader writes)."""
    _PAGE.clear()
    rows = _row_cells(doc)
    by_line: dict[int, list[dict]] = {}
    for cell in rec["cells"]:
        if cell.get("line"):
            by_line.setdefault(cell["line"], []).append(cell)
    for line, cells in by_line.items():
        row = rows.get(line)
        if row is None:  # a value read from a line of text (no ruled table): the line's own doubt
            for cell in cells:
                cell["confidence"] = _line_confidence(doc, line) if (cell.get("raw") or "").strip() else None
            continue
        values = [c for c in _unique(row) if c is not None and (is_value_text(c.text) or c.confidence == 0.0)]
        read = [c for c in values if c.text]
        filled = [c for c in cells if (c.get("raw") or "").strip()]
        floor = min((c.confidence for c in values if c.confidence is not None), default=None)
        if len(filled) == len(read):
            pairs = list(zip(filled, read, strict=True))
        else:
            pool = list(read)
            pairs = []
            for cell in filled:
                match = next(
                    (g for g in pool if g.text.replace(" ", "") == cell["raw"].replace(" ", "")), None
                )
                if match is not None:
                    pool.remove(match)
                pairs.append((cell, match))
        for cell, g in pairs:
            _put(cell, g, floor)
        unreadable = any(c.confidence == 0.0 and not c.text for c in values)
        for cell in cells:
            if not (cell.get("raw") or "").strip():
                cell["confidence"] = 0.0 if unreadable else None


def _unique(row: list[GridCell | None]) -> list[GridCell | None]:
    seen: set[int] = set()
    out = []
    for c in row:
        if c is not None and id(c) in seen:
            continue
        if c is not None:
            seen.add(id(c))
        out.append(c)
    return out


_PAGE: dict[int, int] = {}


def _put(cell: dict, g: GridCell | None, floor: float | None) -> None:
    if g is None:
        cell["confidence"] = min(floor, 0.5) if floor is not None else 0.0
        return
    cell["confidence"] = g.confidence if g.confidence is not None else floor
    cell["source"] = g.source
    cell["page"] = _PAGE.get(id(g))
    if g.box is not None:
        cell["x0"], cell["top"], cell["x1"], cell["bottom"] = (
            round(g.box.x0, 2),
            round(g.box.top, 2),
            round(g.box.x1, 2),
            round(g.box.bottom, 2),
        )


def _line_confidence(doc: Document, line: int) -> float:
    page = next((p for p in reversed(doc.pages) if p.first_line <= line), None)
    if page is None:
        return 0.0
    _ = page
    return 0.0  # spans are not tied to lines yet: a value outside a ruled table is never certain
