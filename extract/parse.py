"""Bytes in, record out: the one entry point that ties decoding, sections, tables and metadata.

Pure: no I/O besides what the caller passes in, so batches can run it in worker processes. It never
raises for a bad document: anything unexpected becomes a `failed` record with a `parse_error` issue
that names the file, so one broken report never costs the rest of a batch.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from extract.chrome import chrome_lines, html_meta_date, strip_chrome
from extract.classify import classify_report
from extract.decode import to_simplified
from extract.document import Document, SourceFormat
from extract.metadata import DATE, parse_date, read_metadata
from extract.multi import multiple_reports
from extract.narrative import read_narrative
from extract.readers import read_document
from extract.record import STATUS_FAILED, Record, failed_record, failure_id, finish_status, issue, new_record
from extract.recover import improve as recover_degraded_tables
from extract.sections import find_sections
from extract.tables import read_tables


def parse_file(path: str | Path) -> Record:
    """Parse the file at `path` (any supported format); the record names it by file name and path."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        return failed_record(str(p), "unreadable_file", f"cannot read file: {e.strerror or e}")
    return parse_bytes(data, p.name, source_path=str(p))


def parse_bytes(data: bytes, source_file: str, source_path: str | None = None) -> Record:
    """Parse one document's bytes into a §9 record. Never raises."""
    rec = new_record(source_file, data, source_path)
    try:
        _parse_into(rec, data)
    except Exception as e:  # a parser bug must not cost the batch: record it, name the file
        rec["status"] = STATUS_FAILED
        where = traceback.extract_tb(e.__traceback__)[-1]
        rec["issues"].append(
            issue(
                "error",
                "parse_error",
                f"{rec['source_path']}: parser failed with {type(e).__name__}: {e} "
                f"(at {Path(where.filename).name}:{where.lineno})",
            )
        )
        return rec
    if rec["status"] == STATUS_FAILED and not data.strip():
        # an empty file has no content to be known by: key it by path and reason, so every one is kept
        code = next((i["code"] for i in rec["issues"] if i["severity"] == "error"), "failed")
        rec["doc_id"] = failure_id(rec["source_path"], code)
    return finish_status(rec)


def _parse_into(rec: Record, data: bytes) -> None:
    doc = read_document(data)  # sniffed by content, read by the format's reader (extract.readers)
    rec["source_format"] = str(doc.source_format)
    rec["encoding"] = doc.encoding
    rec["issues"].extend(_name_file(i, rec["source_path"]) for i in doc.issues)
    if doc.failed:  # empty, binary, corrupt or not readable here: nothing more to read, the document failed
        rec["is_report"] = False
        rec["status"] = STATUS_FAILED
        return
    reader_issues = list(rec["issues"])
    analyse_document(rec, doc)
    if doc.source_format in (SourceFormat.HTML, SourceFormat.DOCX, SourceFormat.PDF) and _wants_image_tables(
        rec
    ):
        # tables pasted as pictures: OCR them into the document and read it again (extract.ocr.embedded)
        from extract.ocr.embedded import add_image_tables, add_pdf_image_tables

        n_issues = len(doc.issues)
        if doc.source_format is SourceFormat.PDF:
            added = not doc.meta.get("ocr_engine") and add_pdf_image_tables(doc, data)
        else:
            added = add_image_tables(doc, data, rec["source_path"])
        new_issues = [_name_file(i, rec["source_path"]) for i in doc.issues[n_issues:]]
        if added:
            rec["issues"] = reader_issues + new_issues
            analyse_document(rec, doc)
        else:
            rec["issues"].extend(new_issues)
    if doc.meta.get("ocr_engine") and rec["cells"]:  # read by OCR: every cell proven by the rules or flagged
        from extract.ocr.verify import verify_ocr_cells

        verify_ocr_cells(rec, only_marked=bool(doc.meta.get("ocr_pages") or doc.meta.get("ocr_images")))


def _wants_image_tables(rec: Record) -> bool:
    if "missing" not in rec["table_status"].values():
        return False
    from extract.ocr.embedded import wants_image_tables

    return wants_image_tables(rec)


def analyse_document(rec: Record, doc: Document) -> None:
    """Run the analysers (sections, tables, metadata, narrative, classification) over a read Document."""
    is_html = doc.source_format is SourceFormat.HTML
    lines = doc.lines
    source_layout = "html" if is_html else None
    lines, script_issue = to_simplified(lines)
    row_cells = doc.row_cells
    if script_issue:
        rec["issues"].append(script_issue)
        if row_cells:  # grid rows are read from their cells: convert those too
            import zhconv

            row_cells = {
                i: [(zhconv.convert(t, "zh-cn") if t else t, c) for t, c in cells]
                for i, cells in row_cells.items()
            }

    # Page chrome is blanked for the body parsers (line numbers unchanged); metadata reads it from `lines`.
    body = strip_chrome(lines, chrome_lines(lines))
    body_text = "\n".join(body)  # joined once for the section, layout and script scans
    sections = find_sections(body, body_text)
    rec["sections"] = sections

    tables = read_tables(body, source_layout=source_layout, text=body_text, row_cells=row_cells)
    tables = recover_degraded_tables(tables, body, body_text)  # flattened crawls, Markdown shreds (issue 11)
    for key in (
        "layout",
        "template",
        "table_templates",
        "t2",
        "t3",
        "t4",
        "t2_extras",
        "t3_extras",
        "table_status",
        "cell_flags",
        "cells",
    ):
        rec[key] = tables[key]
    rec["issues"].extend(tables["issues"])

    meta = read_metadata(lines, sections)
    rec["issues"].extend(meta.pop("issues", []))
    rec.update(meta)
    if is_html and rec["publication_date"] is None and doc.source_text:
        _publication_from_html_meta(rec, doc.source_text)

    rec["narrative"] = read_narrative(body, sections)

    is_report, report_issues = classify_report(body, sections, tables)
    rec["is_report"] = is_report
    if not is_report:  # what a report would lack is no news on a page that is not one
        rec["issues"] = [i for i in rec["issues"] if i["code"] not in _REPORT_ONLY_CODES]
    rec["issues"].extend(_name_file(i, rec["source_path"]) for i in report_issues)
    if is_report:
        rec["issues"].extend(cross_checks(rec))
        rec["issues"].extend(multiple_reports(body))


def cross_checks(rec: Record) -> list[dict]:
    """Issues that need both metadata and tables: template vs year (§1.3), publication vs period (§7.3 P8)."""
    out: list[dict] = []
    year, template = rec.get("report_year"), rec.get("template")
    if year is not None:
        if template == "v2019" and year >= 2021:
            out.append(issue("warning", "template_year_mismatch", f"v2019 tables in a {year} report"))
        elif template == "v2021" and year <= 2020:
            out.append(issue("warning", "template_year_mismatch", f"v2021 tables in a {year} report"))
    pub = rec.get("publication_date")
    if year is not None and pub:
        pub_year, pub_month = int(pub[:4]), int(pub[5:7]) if len(pub) >= 7 else 1
        if pub_year <= year:
            out.append(
                issue(
                    "warning",
                    "publication_before_period_end",
                    f"published {pub}, before the {year} reporting period ended",
                )
            )
        elif (pub_year, pub_month) > (year + 1, 3):
            out.append(issue("warning", "late_publication", f"published {pub}, after {year + 1}-03-31"))
    return out


def _publication_from_html_meta(rec: Record, html: str) -> None:
    """A page's `<meta name="PubDate">` when the visible page printed no date (it is dropped with <head>)."""
    found = html_meta_date(html)
    if not found:
        return
    m = DATE.search(found[1])
    iso = parse_date(m) if m else None
    if iso:
        rec["publication_date"], rec["publication_date_raw"] = iso, f"{found[0]}={found[1]}"
        rec["publication_date_source"] = "chrome"


_REPORT_ONLY_CODES = frozenset(
    {"agency_not_found", "report_year_not_found", "unknown_template", "missing_table"}
)


def _name_file(i: dict, path: str) -> dict:
    """Issues about the whole file carry its path in the message, so a log line is self-explanatory."""
    if path and path not in i["message"]:
        i = {**i, "message": f"{path}: {i['message']}"}
    return i
