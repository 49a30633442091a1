"""Tables pasted as pictures: the `<img>` of a saved HTML page, the images inside a DOCX.

Many CMS pages paste tables 二/三/四 as images; a browser's "save page" keeps them in a
`<name>_files/` folder next to the `.html`. Images are resolved on the local disk only, relative to
the HTML file and inside its folder (never fetched: an `http(s)://` source is named in an issue and
left alone; a `data:` URI is decoded in place). A DOCX holds its pictures in `word/media/`, referred
to by relationship ids from the body: they are read in document order.

`add_image_tables` is the hook the parser calls when a page or Word file is missing a table and has
pictures: they are OCR'd (extract.readers.image) and their lines and grids appended to the Document,
so the table reader maps them by label like every other table, and the cells are verified like every
OCR cell. Without an OCR engine the document gets an issue that says how to enable OCR.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from extract.document import Document
from extract.record import issue

if TYPE_CHECKING:
    from extract.ocr.base import OcrEngine

_IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
_MAX_IMAGES = 40
_MAX_IMAGE_BYTES = 20 << 20
_MIN_IMAGE_BYTES = 2_000  # icons, spacers and bullets are not tables
_RELS = "word/_rels/document.xml.rels"
_EMBED = re.compile(rb'r:(?:embed|id)="([^"]+)"')


def html_image_sources(html: str) -> list[str]:
    """The `src` of every `<img>` of a page, in document order."""
    return [next(g for g in m.groups() if g is not None) for m in _IMG.finditer(html)]


def resolve_local(src: str, html_path: Path) -> Path | None:
    """The file an `<img src>` names on the local disk, relative to the HTML file and inside its
    folder; None for a remote or otherwise unresolvable source (never fetched)."""
    url = urlparse(src.strip())
    if url.scheme and url.scheme != "file" and len(url.scheme) > 1:  # http, https, ftp, data, ...
        return None
    base = html_path.resolve().parent
    rel = unquote(url.path if url.scheme == "file" else src.split("?")[0].split("#")[0])
    target = (base / rel).resolve() if not Path(rel).is_absolute() else Path(rel).resolve()
    try:
        target.relative_to(base)
    except ValueError:
        return None  # outside the page's folder: not part of the saved page
    return target if target.is_file() else None


def _data_uri(src: str) -> bytes | None:
    head, _, payload = src.partition(",")
    if not head.lower().startswith("data:image/") or ";base64" not in head.lower():
        return None
    try:
        return base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError):
        return None


def html_images(html: str, html_path: Path | None) -> tuple[list[bytes], list[str]]:
    """The images of a saved page (bytes, in order) and the sources left alone (remote, missing)."""
    images, skipped, _ = _html_images(html, html_path)
    return images, skipped


def _html_images(html: str, html_path: Path | None) -> tuple[list[bytes], list[str], list[str]]:
    images: list[bytes] = []
    skipped: list[str] = []
    anchors: list[str] = []
    for m in list(_IMG.finditer(html))[:_MAX_IMAGES]:
        src = next(g for g in m.groups() if g is not None)
        if src.lower().startswith("data:"):
            data = _data_uri(src)
        else:
            path = resolve_local(src, html_path) if html_path is not None else None
            data = path.read_bytes() if path is not None and path.stat().st_size <= _MAX_IMAGE_BYTES else None
        if data is None:
            skipped.append(src[:80])
        elif len(data) >= _MIN_IMAGE_BYTES:
            images.append(data)
            anchors.append(_tail(_TAG.sub(" ", html[max(0, m.start() - 4000) : m.start()])))
    return images, skipped, anchors


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[\s\u00a0\u3000]+|&nbsp;")


def _tail(text: str, n: int = 10) -> str:
    """The last `n` visible characters before a picture: where its table goes in the text."""
    import html as _html

    return _SPACE.sub("", _html.unescape(text))[-n:]


def docx_images(data: bytes) -> list[bytes]:
    """The pictures of a DOCX body, in the order the body refers to them."""
    return _docx_images(data)[0]


_W_TEXT = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def _docx_images(data: bytes) -> tuple[list[bytes], list[str]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "word/document.xml" not in names or _RELS not in names:
                return [], []
            rels = z.read(_RELS).decode("utf-8", "replace")
            targets = {
                m.group(1): m.group(2)
                for m in re.finditer(r'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)
            }
            out: list[bytes] = []
            anchors: list[str] = []
            seen: set[str] = set()
            xml = z.read("word/document.xml")
            for m in _EMBED.finditer(xml):
                rid = m.group(1)
                target = targets.get(rid.decode())
                if not target or not target.startswith("media/"):
                    continue
                name = "word/" + target
                if name in names and name not in seen and len(out) < _MAX_IMAGES:
                    seen.add(name)
                    info = z.getinfo(name)
                    if _MIN_IMAGE_BYTES <= info.file_size <= _MAX_IMAGE_BYTES:
                        out.append(z.read(name))
                        before = xml[max(0, m.start() - 20000) : m.start()]
                        text = b"".join(_W_TEXT.findall(before)).decode("utf-8", "replace")
                        anchors.append(_tail(text))
            return out, anchors
    except (zipfile.BadZipFile, OSError, KeyError):
        return [], []


def wants_image_tables(rec: dict) -> bool:
    """Whether a page or Word file that lacks a table reads as a report (so its pictures are worth
    OCR): classified as one, or with at least two of the six section headings, or titled a report."""
    if "missing" not in (rec.get("table_status") or {}).values():
        return False
    return bool(
        rec.get("is_report") or len(rec.get("sections") or {}) >= 2 or "报告" in (rec.get("title") or "")
    )


def add_image_tables(doc: Document, data: bytes, source_path: str | None) -> bool:
    """OCR the pictures of an HTML page or DOCX into `doc` (lines, pages, grids appended). Returns
    whether anything was added; issues (no engine, remote images) go to `doc.issues`."""
    from extract.document import SourceFormat

    if doc.source_format is SourceFormat.HTML:
        path = Path(source_path) if source_path and Path(source_path).is_file() else None
        images, skipped, anchors = _html_images(doc.source_text or "", path)
        if skipped and images:  # (a page with remote pictures only is left as it was)
            doc.issues.append(
                issue(
                    "info",
                    "image_not_local",
                    f"{len(skipped)} <img> not read (remote or not next to the page; never "
                    f"fetched): {', '.join(skipped[:5])}",
                )
            )
    elif doc.source_format is SourceFormat.DOCX:
        images, anchors = _docx_images(data)
    else:
        return False
    if not images:
        return False
    eng = _engine_or_warn(doc, f"{len(images)} picture(s) may hold the tables this document lacks")
    if eng is None:
        return False
    from extract.ocr.reader import add_page, read_image_list

    reads = read_image_list(images, eng, keep_empty=True)
    if not any(pr.blocks for pr in reads):
        return False
    offset = len(doc.pages)
    after = 0  # pictures go in text order: each after the line that ends the text before it
    for k, (pr, anchor) in enumerate(zip(reads, anchors, strict=True), 1):
        pr.page.number = offset + k
        for grid in pr.page.grids:
            grid.page = pr.page.number
            for c in grid.cells:  # provenance: the picture, by its order in the document
                c.page = pr.page.number
                if c.source:
                    c.source = re.sub(r"^ocr:page\d+", f"ocr:image{k}", c.source)
        frag = Document(doc.source_format, [])
        add_page(frag, pr)
        at = _anchor_line(doc.lines, anchor, after)
        _splice(doc, at, frag)
        after = at + len(frag.lines)
    doc.meta["ocr_engine"] = eng.name
    doc.meta["ocr_images"] = str(len(images))
    return True


def _engine_or_warn(doc: Document, what: str) -> OcrEngine | None:
    """The OCR engine, or None with a warning on `doc` saying `what` went unread and why: pictures in
    an otherwise readable document are a gap to report, never a failed parse."""
    from extract.ocr.base import OcrUnavailable, get_engine

    try:
        return get_engine()
    except OcrUnavailable as e:
        doc.issues.append(issue("warning", "ocr_unavailable", f"{what}: {e}"))
        return None


def _anchor_line(lines: list[str], anchor: str, start: int) -> int:
    """The index after the first line (from `start`) that holds the end of `anchor`; the end if none."""
    key = anchor[-6:]
    if key:
        for i in range(start, len(lines)):
            if key in _SPACE.sub("", lines[i]):
                return i + 1
    return len(lines)


def _splice(doc: Document, at: int, frag: Document) -> None:
    """Insert `frag`'s lines (and the row cells and page of its grids) into `doc` before index `at`."""
    _splice_lines(doc, at, frag)
    for page in frag.pages:
        page.first_line += at
        doc.pages.append(page)


def pdf_image_pages(data: bytes, doc: Document) -> list[int]:
    """1-based pages of a text-layer PDF that hold a picture but no ruled table: where a table
    pasted as an image (or a scanned page inside an exported report) can be."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with_grids = {p.number for p in doc.pages if p.grids}
    out: list[int] = []
    pdf = pdfium.PdfDocument(data)
    try:
        for k in range(len(pdf)):
            if k + 1 in with_grids:
                continue
            page = pdf[k]
            try:
                w, h = page.get_size()
                for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
                    left, bottom, right, top = obj.get_bounds()
                    if (right - left) * (top - bottom) >= 0.04 * w * h:  # a picture, not a logo
                        out.append(k + 1)
                        break
            finally:
                page.close()
    finally:
        pdf.close()
    return out


def add_pdf_image_tables(doc: Document, data: bytes, dpi: float = 200) -> bool:
    """OCR the pages of a text-layer PDF whose tables are pictures (see `pdf_image_pages`): their
    ruled tables only (the text layer already gives the text) are added after the page's lines."""
    pages = pdf_image_pages(data, doc)
    if not pages:
        return False
    eng = _engine_or_warn(
        doc, f"page(s) {', '.join(map(str, pages))} hold pictures that may be the missing tables"
    )
    if eng is None:
        return False
    from extract.document import Grid
    from extract.ocr.continuation import join_continued_tables
    from extract.ocr.pages import PageRead, read_page
    from extract.ocr.raster import pdf_pages
    from extract.ocr.reader import add_page

    reads = [
        read_page(img, eng, n) for n, img in zip(pages, pdf_pages(data, dpi=dpi, pages=pages), strict=True)
    ]
    for pr in reads:
        pr.blocks = [b for b in pr.blocks if isinstance(b, Grid)]
    join_continued_tables(reads)  # a picture table continued on the next page's picture
    added = False
    for pr in reads:
        number = pr.page.number
        if not pr.blocks:
            continue
        page = next((p for p in doc.pages if p.number == number), None)
        nxt = next((p.first_line for p in doc.pages if p.number > number and p.first_line), None)
        at = (nxt - 1) if nxt else len(doc.lines)
        frag = Document(doc.source_format, [])
        add_page(frag, PageRead(page=pr.page, blocks=list(pr.blocks)))
        _splice_lines(doc, at, frag)
        for p in doc.pages:
            if p.number > number:
                p.first_line += len(frag.lines)
        if page is not None:
            page.grids.extend(pr.page.grids)
        added = True
    if added:
        doc.meta["ocr_engine"] = eng.name
        doc.meta["ocr_pages"] = ",".join(map(str, pages))
    return added


def _splice_lines(doc: Document, at: int, frag: Document) -> None:
    """Insert `frag`'s lines and row cells into `doc` before index `at` (row cells after it shift)."""
    n = len(frag.lines)
    doc.lines[at:at] = frag.lines
    shifted = {(k + n if k > at else k): v for k, v in doc.row_cells.items()}
    shifted.update({k + at: v for k, v in frag.row_cells.items()})
    doc.row_cells = shifted
