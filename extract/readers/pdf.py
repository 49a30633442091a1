"""PDF with a text layer (WPS, Word, Foxit exports) read with PDFium (pypdfium2): chars and rulings.

Why PDFium: it ships as a wheel (no system package, no subprocess) and reads the characters of a
6-page report in ~20 ms, ~15x faster than pdfminer (pdfplumber). Each page gives positioned
characters and the stroked/filled path segments of its rulings; extract.geometry turns rulings into
Grids (merged cells from missing rulings), the other characters into text lines. A table that goes
on at the top of the next page is stitched into one Grid (the page break inside a group label
`无` / `法提供` joined). Lines are in reading order, one line per grid row; page numbers (`- 3 -`)
in the margins are dropped. A PDF with no text layer is a scan: the OCR reader reads it if installed.
"""

from __future__ import annotations

import ctypes
from bisect import bisect_left, bisect_right

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extract.alignment import grids_from_alignment, join_page_break_label
from extract.document import Box, Document, Grid, Page, SourceFormat, Span
from extract.geometry import TOL, grids_from_rulings, line_text, lines_of, stitch
from extract.gridrows import append_grid
from extract.layouts import is_page_footer
from extract.record import issue

_THIN = 3.0  # a path this thin is a ruling drawn as a filled rectangle
_MAX_GLYPH = (
    48.0  # points: a loose char box taller or wider than this is broken (PDFium on WPS vertical text)
)
_MARGIN = 0.09  # top/bottom share of the page where page numbers and running heads sit


def read(data: bytes) -> Document:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        return _fail("unreadable_pdf", f"a PDF that cannot be opened ({e}): damaged, truncated or encrypted")
    try:
        return _read(pdf, data)
    finally:
        pdf.close()


def _read(pdf: pdfium.PdfDocument, data: bytes) -> Document:
    n = len(pdf)
    if n == 0:
        return _fail("empty_pdf", "a PDF document with no pages")
    pages: list[tuple[Page, list[Span], list[Box], list[Box]]] = []
    struck: list[tuple[int, str]] = []
    for k in range(n):
        page = pdf[k]
        try:
            w, h = page.get_size()
            spans = _chars(page, k + 1, h)
            hs, vs = _rulings(page, h, w)
        finally:
            page.close()
        spans, hs, gone = drop_struck(spans, hs, vs)
        if gone:
            struck.append((k + 1, gone))
        pages.append((Page(k + 1, width=w, height=h, spans=spans), spans, hs, vs))
    if not any(sp.text.strip() for _, spans, _, _ in pages for sp in spans):
        return _scanned(data, n)
    doc = Document(SourceFormat.PDF, [], [p for p, _, _, _ in pages])
    for number, gone in struck:
        doc.issues.append(
            issue(
                "warning",
                "struck_text",
                f"page {number}: struck-through text ignored as deleted ({gone[:60]!r}): a tracked "
                "change or a correction printed with its markup; the cells read the text left standing",
            )
        )
    _layout(doc, pages)
    return doc


def drop_struck(spans: list[Span], hs: list[Box], vs: list[Box] = ()) -> tuple[list[Span], list[Box], str]:
    """Characters crossed by a horizontal stroke through their middle are deleted text (Word and
    LibreOffice print tracked deletions struck through, the insertion beside them underlined): a
    struck `16` next to an underlined `2` is the value 2, never 162. Returns the characters left
    standing, the rulings without the strike strokes, and the struck text. A strike floats: a
    stroke that meets a vertical ruling (`vs`) at either end is a cell border, and text it runs
    through (overflowing its cell) is not deleted.
    """
    if not hs or not spans:
        return spans, hs, ""
    order = sorted(range(len(hs)), key=lambda i: hs[i].top)
    ys = [hs[i].top for i in order]
    kept: list[Span] = []
    gone: list[str] = []
    strokes: set[int] = set()
    for sp in spans:
        b = sp.box
        lo, hi = b.top + 0.35 * b.height, b.top + 0.75 * b.height
        hit = None
        for j in range(bisect_left(ys, lo), bisect_right(ys, hi)):
            seg = hs[order[j]]
            # the stroke covers most of the glyph: a `-` just after a struck `39` stays standing
            if min(seg.x1, b.x1) - max(seg.x0, b.x0) >= 0.6 * b.width and not _meets(seg, vs):
                hit = order[j]
                break
        if hit is None:
            kept.append(sp)
        else:
            strokes.add(hit)
            gone.append(sp.text)
    if not gone:
        return spans, hs, ""
    return kept, [seg for i, seg in enumerate(hs) if i not in strokes], "".join(gone)


def _scanned(data: bytes, n: int) -> Document:
    from extract.readers import OCR_HINT, ocr_module

    ocr = ocr_module()
    if ocr is not None and hasattr(ocr, "read_scanned_pdf"):
        return ocr.read_scanned_pdf(data)
    return _fail(
        "ocr_unavailable",
        f"an image-only PDF ({n} page(s), no text layer): a scan; {OCR_HINT}",
        SourceFormat.PDF,
    )


def _fail(code: str, message: str, fmt: SourceFormat = SourceFormat.PDF) -> Document:
    return Document(fmt, [], issues=[issue("error", code, message)], failed=True)


# ---------------------------------------------------------------- page content


def _chars(page: pdfium.PdfPage, number: int, height: float) -> list[Span]:
    """Every visible character as a Span (loose box: the font's line height, so lines cluster well)."""
    tp = page.get_textpage()
    try:
        raw = tp.raw
        out: list[Span] = []
        n = tp.count_chars()
        left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        rect = pdfium_c.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        pending_high = 0
        units = _all_units(raw, n)  # one call for the page's text, not one per character
        get_box, get_loose, is_generated = (
            pdfium_c.FPDFText_GetCharBox,
            pdfium_c.FPDFText_GetLooseCharBox,
            pdfium_c.FPDFText_IsGenerated,
        )
        for i in range(n):
            u = units[i] if units is not None else pdfium_c.FPDFText_GetUnicode(raw, i)
            if 0xD800 <= u < 0xDC00:  # a surrogate pair spans two char indices
                pending_high = u
                continue
            if 0xDC00 <= u < 0xE000 and pending_high:
                ch = chr(0x10000 + ((pending_high - 0xD800) << 10) + (u - 0xDC00))
                pending_high = 0
            else:
                ch = chr(u) if u else ""
            if not ch or ch.isspace() or ch == "\ufffe":
                if ch in (" ", "\u3000", "\xa0") and out and not out[-1].text.endswith(" "):
                    out[-1].text += " "  # a space the PDF wrote: kept with the word before it
                continue
            if is_generated(raw, i) == 1:
                continue
            get_box(raw, i, left, right, bottom, top)
            x0, x1, t, b = left.value, right.value, top.value, bottom.value
            if (
                get_loose(raw, i, rect)
                and rect.top - rect.bottom <= _MAX_GLYPH
                and rect.right - rect.left <= _MAX_GLYPH
            ):
                t, b = rect.top, rect.bottom  # the line's height (a tight box of `一` is a sliver)
            else:  # no loose box, or a broken one (WPS vertical text): an em box on the baseline
                pdfium_c.FPDFText_GetCharOrigin(raw, i, ox, oy)
                em = max(x1 - x0, t - b, 1.0)
                t, b = oy.value + 0.88 * em, oy.value - 0.12 * em
            out.append(Span(ch, number, Box(x0, height - max(t, b), x1, height - min(t, b))))
        return out
    finally:
        tp.close()


def _all_units(raw, n: int) -> list[int] | None:
    """The UTF-16 code unit of every character index (FPDFText_GetText writes one per index), or None
    when PDFium returns another count (then the caller asks char by char, as it must)."""
    if n <= 0:
        return None
    buf = ctypes.create_string_buffer(2 * (n + 1))
    got = pdfium_c.FPDFText_GetText(raw, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    if got - 1 != n:  # the count includes the terminating NUL
        return None
    return list(memoryview(buf.raw).cast("H")[:n])


def _rulings(page: pdfium.PdfPage, height: float, width: float) -> tuple[list[Box], list[Box]]:
    """Horizontal and vertical ruling segments (top-left origin) from the page's path objects: thin
    paths as lines, other paths by their straight axis-parallel segments (rectangle outlines)."""
    hs: list[Box] = []
    vs: list[Box] = []
    for obj in _path_objects(page):
        l_, b_, r_, t_ = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        if not pdfium_c.FPDFPageObj_GetBounds(obj, l_, b_, r_, t_):
            continue
        left, bottom, right, top = l_.value, b_.value, r_.value, t_.value
        w, h = right - left, top - bottom
        if w <= _THIN and h > _THIN:
            x = (left + right) / 2
            vs.append(Box(x, height - top, x, height - bottom))
            continue
        if h <= _THIN and w > _THIN:
            y = height - (top + bottom) / 2
            hs.append(Box(left, y, right, y))
            continue
        if (w > width * 0.9 and h > height * 0.9) or _white_fill_only(obj):
            continue  # a page background or a white mask, not a table
        _path_segments(obj, height, hs, vs)
    return hs, vs


def _path_objects(page: pdfium.PdfPage, depth: int = 4):
    """The raw handles of the page's path objects, form XObjects opened (the raw API: wrapping every
    text object of a WPS page in a Python object costs more than reading its characters)."""
    raw = page.raw
    stack = [(None, k) for k in range(pdfium_c.FPDFPage_CountObjects(raw) - 1, -1, -1)]
    while stack:
        form, k = stack.pop()
        obj = (
            pdfium_c.FPDFPage_GetObject(raw, k)
            if form is None
            else pdfium_c.FPDFFormObj_GetObject(form[0], k)
        )
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and (form is None or form[1] < depth):
            level = 1 if form is None else form[1] + 1
            n = pdfium_c.FPDFFormObj_CountObjects(obj)
            stack.extend(((obj, level), j) for j in range(n - 1, -1, -1))


def _white_fill_only(obj) -> bool:
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, mode, stroke) or stroke.value:
        return False
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        return False
    return a.value == 0 or min(r.value, g.value, b.value) >= 245


def _path_segments(obj, height: float, hs: list[Box], vs: list[Box]) -> None:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        m.a, m.b, m.c, m.d, m.e, m.f = 1, 0, 0, 1, 0, 0
    x, y = ctypes.c_float(), ctypes.c_float()
    start = prev = None
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        px, py = m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = prev = (px, py)
            continue
        if prev is not None and kind == pdfium_c.FPDF_SEGMENT_LINETO:
            _add_segment(prev, (px, py), height, hs, vs)
        prev = (px, py)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            _add_segment(prev, start, height, hs, vs)
            prev = start


def _add_segment(
    a: tuple[float, float], b: tuple[float, float], height: float, hs: list[Box], vs: list[Box]
) -> None:
    (x0, y0), (x1, y1) = a, b
    if abs(y0 - y1) <= TOL / 2 and abs(x1 - x0) > _THIN:
        y = height - (y0 + y1) / 2
        hs.append(Box(min(x0, x1), y, max(x0, x1), y))
    elif abs(x0 - x1) <= TOL / 2 and abs(y1 - y0) > _THIN:
        x = (x0 + x1) / 2
        vs.append(Box(x, height - max(y0, y1), x, height - min(y0, y1)))


def _meets(seg: Box, vs) -> bool:
    """Whether a vertical ruling passes through an end of the horizontal segment `seg`."""
    y = seg.top
    return any(
        v.top - TOL <= y <= v.bottom + TOL and (abs(v.x0 - seg.x0) <= TOL or abs(v.x0 - seg.x1) <= TOL)
        for v in vs
    )


# ---------------------------------------------------------------- reading order


def _outside(spans: list[Span], boxes: list[Box]) -> list[Span]:
    """The spans whose centre is in none of `boxes` (extract.geometry.inside, for many spans at once)."""
    if not boxes:
        return list(spans)
    out = []
    for sp in spans:
        b = sp.box
        cx, cy = (b.x0 + b.x1) / 2, (b.top + b.bottom) / 2
        for g in boxes:
            if g.x0 <= cx <= g.x1 and g.top <= cy <= g.bottom:
                break
        else:
            out.append(sp)
    return out


def _outermost(grids: list[Grid]) -> list[Grid]:
    """Of two grids one inside the other, the one with more cells: a box drawn inside a table (a
    highlighted value, a framed note in a cell) is no table, nor is a frame drawn around a table (a
    double outer border a few points outside it). The kept grid reads the text already; the other
    would print it a second time and, ending a page, keep the table from being stitched to the next.
    """
    if len(grids) < 2:
        return grids

    def within(a: Box, b: Box) -> bool:
        return (
            b.x0 - TOL <= a.x0 and a.x1 <= b.x1 + TOL and b.top - TOL <= a.top and a.bottom <= b.bottom + TOL
        )

    drop: set[int] = set()
    for i, g in enumerate(grids):
        for j in range(i + 1, len(grids)):
            h = grids[j]
            if g.box and h.box and (within(g.box, h.box) or within(h.box, g.box)):
                drop.add(j if len(g.cells) >= len(h.cells) else i)  # a tie: the same table twice
    return [g for k, g in enumerate(grids) if k not in drop]


def _page_number(text: str) -> bool:
    """Page furniture when alone on a line in the top or bottom margin: `- 3 -`, `第3页`, or a bare
    `3` (a number alone in the margin is a page number; in the body it could be a value)."""
    return is_page_footer(text) or (text.isdigit() and len(text) <= 3)


def _layout(doc: Document, pages: list[tuple[Page, list[Span], list[Box], list[Box]]]) -> None:
    """Lines in reading order, page by page: text lines and grid rows by their top; a grid that ends a
    page and one that starts the next with the same columns are one table."""
    items_by_page: list[list[tuple[float, object]]] = []
    unruled: set[int] = set()  # grids read by alignment: their columns are not rulings, never stitched
    for page, spans, hs, vs in pages:
        grids = _outermost(grids_from_rulings(hs, vs, spans, page.number))
        if not grids and spans:  # no ruled table: a table drawn without rulings is read by alignment
            try:
                grids, issues = grids_from_alignment(spans, page.number)
            except Exception as e:  # a fallback must never cost the page its text lines
                grids, issues = (
                    [],
                    [
                        issue(
                            "warning",
                            "unruled_table_failed",
                            f"page {page.number}: reading a table without rulings failed "
                            f"({type(e).__name__}: {e}); its text is read as lines",
                        )
                    ],
                )
            unruled.update(id(g) for g in grids)
            doc.issues.extend(issues)
            if grids:
                doc.issues.append(
                    issue(
                        "info",
                        "unruled_table",
                        f"page {page.number}: a table without rulings, read by text alignment",
                    )
                )
        page.grids = grids
        free = _outside(spans, [g.box for g in grids])
        items: list[tuple[float, object]] = [(g.box.top, g) for g in grids]
        hgt = page.height or 842.0
        for line in lines_of(free):
            text = line_text(line)
            top = min(sp.box.top for sp in line)
            if not text or (_page_number(text) and (top < hgt * _MARGIN or top > hgt * (1 - _MARGIN))):
                continue
            items.append((top, (text, line)))
        items.sort(key=lambda it: it[0])
        items_by_page.append(items)
    # stitch a table running over a page break: the grid ending a page and the grid starting the
    # next; a page the table fills (nothing left once joined) passes the open table on to the next.
    # Unruled grids (read by alignment) have no ruled columns to match: never stitched.
    open_items: list | None = None  # the items whose last entry is a grid that ended its page
    for items in items_by_page:
        if (
            open_items is not None
            and items
            and isinstance(items[0][1], Grid)
            and not {id(open_items[-1][1]), id(items[0][1])} & unruled
        ):
            joined = stitch(open_items[-1][1], items[0][1])
            if joined is not None:
                open_items[-1] = (open_items[-1][0], joined)
                items.pop(0)
                if not items:
                    continue
        open_items = items if items and isinstance(items[-1][1], Grid) else None
    for k in range(len(items_by_page) - 1):  # unruled tables: only a group label cut by the break
        a_items, b_items = items_by_page[k], items_by_page[k + 1]
        if a_items and b_items and id(a_items[-1][1]) in unruled and id(b_items[0][1]) in unruled:
            join_page_break_label(a_items[-1][1], b_items[0][1])
    for (page, _, _, _), items in zip(pages, items_by_page, strict=True):
        page.first_line = len(doc.lines) + 1
        page.grids = [item for _, item in items if isinstance(item, Grid)]
        for _, item in items:
            if isinstance(item, Grid):
                append_grid(doc, item)
            else:
                text, line = item
                doc.lines.append(text)
                for sp in line:
                    sp.line = len(doc.lines)
