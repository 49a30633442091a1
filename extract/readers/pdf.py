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

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extract.document import Box, Document, Grid, Page, SourceFormat, Span
from extract.geometry import TOL, grids_from_rulings, inside, line_text, lines_of, stitch
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
    for k in range(n):
        page = pdf[k]
        try:
            w, h = page.get_size()
            spans = _chars(page, k + 1, h)
            hs, vs = _rulings(page, h, w)
        finally:
            page.close()
        pages.append((Page(k + 1, width=w, height=h, spans=spans), spans, hs, vs))
    if not any(sp.text.strip() for _, spans, _, _ in pages for sp in spans):
        return _scanned(data, n)
    doc = Document(SourceFormat.PDF, [], [p for p, _, _, _ in pages])
    _layout(doc, pages)
    return doc


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
        for i in range(n):
            u = pdfium_c.FPDFText_GetUnicode(raw, i)
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
            if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
                continue
            pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top)
            x0, x1, t, b = left.value, right.value, top.value, bottom.value
            if (
                pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect)
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


# ---------------------------------------------------------------- reading order


def _layout(doc: Document, pages: list[tuple[Page, list[Span], list[Box], list[Box]]]) -> None:
    """Lines in reading order, page by page: text lines and grid rows by their top; a grid that ends a
    page and one that starts the next with the same columns are one table."""
    items_by_page: list[list[tuple[float, object]]] = []
    for page, spans, hs, vs in pages:
        grids = grids_from_rulings(hs, vs, spans, page.number)
        page.grids = grids
        free = [sp for sp in spans if not any(inside(sp, g.box) for g in grids)]
        items: list[tuple[float, object]] = [(g.box.top, g) for g in grids]
        hgt = page.height or 842.0
        for line in lines_of(free):
            text = line_text(line)
            top = min(sp.box.top for sp in line)
            if not text or (is_page_footer(text) and (top < hgt * _MARGIN or top > hgt * (1 - _MARGIN))):
                continue
            items.append((top, (text, line)))
        items.sort(key=lambda it: it[0])
        items_by_page.append(items)
    # stitch a table running over a page break: the last item of a page and the first of the next
    for k in range(len(items_by_page) - 1):
        a_items, b_items = items_by_page[k], items_by_page[k + 1]
        if a_items and b_items and isinstance(a_items[-1][1], Grid) and isinstance(b_items[0][1], Grid):
            joined = stitch(a_items[-1][1], b_items[0][1])
            if joined is not None:
                a_items[-1] = (a_items[-1][0], joined)
                b_items.pop(0)
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
