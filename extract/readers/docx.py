"""DOCX read from its XML (lxml): paragraphs as lines, w:tbl as Grids, in document order.

Why the XML and not python-docx's object model: merged cells are the point. `w:gridSpan` is a
colspan; `w:vMerge` (`restart`, then bare `w:vMerge` in the rows below) is a rowspan, which
python-docx only exposes as repeated cell objects. A table that holds tables is page layout: its
cells' content is read in order (as extract.html does). `w:gridBefore` shifts a row's first cell.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from extract.document import Document, Grid, GridCell, Page, SourceFormat
from extract.gridrows import append_grid
from extract.record import issue

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_XML = 64 << 20  # a document.xml larger than this is not a report (a zip bomb guard)


def read(data: bytes) -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > _MAX_XML:
                return _fail(f"word/document.xml is {info.file_size} bytes, more than a report holds")
            xml = z.read(info)
        root = etree.fromstring(
            xml, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        )
    except (zipfile.BadZipFile, KeyError, OSError, etree.XMLSyntaxError, ValueError) as e:
        return _fail(f"a DOCX file that cannot be read ({type(e).__name__}: {e})")
    body = root.find(f"{W}body")
    doc = Document(SourceFormat.DOCX, [], [Page(1)])
    if body is not None:
        _Walker(doc).block(body)
    return doc


def _fail(message: str) -> Document:
    return Document(SourceFormat.DOCX, [], issues=[issue("error", "unreadable_docx", message)], failed=True)


def paragraph_text(p: etree._Element) -> list[str]:
    """A paragraph's text, one string per line it prints (`w:br` breaks a line; `w:tab` is a space)."""
    out = [""]
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
        tag = el.tag
        if tag == f"{W}t":
            out[-1] += el.text or ""
        elif tag == f"{W}tab":
            out[-1] += " "
        elif tag == f"{W}noBreakHyphen":
            out[-1] += "-"
        else:
            out.append("")
    return [" ".join(s.split()) if s.strip() else "" for s in out]


class _Walker:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.n_tables = 0

    def block(self, el: etree._Element) -> None:
        """Paragraphs and tables of a body, cell or content control, in document order."""
        for child in el:
            tag = child.tag
            if tag == f"{W}p":
                for line in paragraph_text(child):
                    if line:
                        self.doc.lines.append(line)
            elif tag == f"{W}tbl":
                if child.find(f".//{W}tc//{W}tbl") is not None:
                    for tc in child.iter(f"{W}tc"):  # a layout table: its cells' content in order
                        if tc.getparent() is not None and _outer_table(tc) is child:
                            self.block(tc)
                else:
                    self.table(child)
            elif tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag"):
                inner = child.find(f"{W}sdtContent") if tag == f"{W}sdt" else None
                self.block(child if inner is None else inner)

    def table(self, tbl: etree._Element) -> None:
        self.n_tables += 1
        t = self.n_tables
        cells: list[GridCell] = []
        open_cols: dict[int, GridCell] = {}  # grid column → the cell a vMerge continues
        n_cols = 0
        rows = [tr for tr in tbl if tr.tag == f"{W}tr"]
        for r, tr in enumerate(rows):
            c = _int_val(tr.find(f"{W}trPr/{W}gridBefore"), 0)
            for tc in (x for x in tr if x.tag in (f"{W}tc", f"{W}sdt")):
                if tc.tag == f"{W}sdt":
                    tc = tc.find(f".//{W}tc")
                    if tc is None:
                        continue
                pr = tc.find(f"{W}tcPr")
                span = max(1, _int_val(pr.find(f"{W}gridSpan") if pr is not None else None, 1))
                vm = pr.find(f"{W}vMerge") if pr is not None else None
                text = "".join(s for p in tc.iter(f"{W}p") for s in paragraph_text(p))
                if vm is not None and vm.get(f"{W}val") != "restart" and c in open_cols:
                    above = open_cols[c]
                    if above.row + above.rowspan == r:  # continues the cell right above
                        above.rowspan += 1
                        c += span
                        continue
                cell = GridCell(text, r, c, 1, span, source=f"docx:table{t}/row{r + 1}/col{c + 1}")
                cells.append(cell)
                for k in range(c, c + span):
                    open_cols[k] = cell
                c += span
            n_cols = max(n_cols, c)
        grid = Grid(cells, len(rows), n_cols, 1)
        self.doc.pages[0].grids.append(grid)
        append_grid(self.doc, grid)


def _outer_table(tc: etree._Element) -> etree._Element | None:
    node = tc.getparent()
    while node is not None and node.tag != f"{W}tbl":
        node = node.getparent()
    return node


def _int_val(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(f"{W}val", default))
    except (TypeError, ValueError):
        return default
