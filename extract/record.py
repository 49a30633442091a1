"""The parse record: the shape of REPORTS.md §9, the extractor's JSON output and the landing input.

Records are plain dicts so they cross process boundaries and serialise to JSON without adapters.
Fields beyond §9 (doc_id, encoding, status, cells with provenance, narrative facts) are informative.
"""

from __future__ import annotations

import hashlib
from typing import Any

from extract import EXTRACTOR_VERSION

Record = dict[str, Any]
SEVERITIES = ("error", "warning", "info")

# Document status, derived from the issues once parsing is over.
STATUS_PARSED = "parsed"  # a report, no error-severity issue
STATUS_PARSED_WITH_ERRORS = "parsed_with_errors"  # a report with at least one error-severity issue
STATUS_NOT_REPORT = "not_report"  # readable, but not an annual report
STATUS_FAILED = "failed"  # unreadable or the parser crashed: see the issues


def doc_id_of(data: bytes) -> str:
    """Document identity: sha256 of the file's bytes, so the same file twice is one document."""
    return hashlib.sha256(data).hexdigest()


def failure_id(source_path: str, code: str) -> str:
    """Identity of a document that failed without content of its own (unreadable, empty, over a limit,
    killing its worker): the path and the reason, so N such files are N documents, not one hash of b''."""
    return hashlib.sha256(f"failed\0{source_path}\0{code}".encode()).hexdigest()


def failed_record(source_path: str, code: str, message: str, size_bytes: int | None = None) -> Record:
    """A failed document with one error issue naming the file, keyed by `failure_id`."""
    import os

    rec = new_record(os.path.basename(source_path), b"", source_path=source_path)
    rec["doc_id"] = failure_id(source_path, code)
    rec["size_bytes"] = size_bytes if size_bytes is not None else 0
    rec["status"] = STATUS_FAILED
    where = "" if source_path in message else f"{source_path}: "
    rec["issues"].append(issue("error", code, f"{where}{message}"))
    return rec


def issue(
    severity: str, code: str, message: str, line: int | None = None, cell: str | None = None
) -> dict[str, Any]:
    """A parse issue. `line` is 1-based in the decoded text; `cell` a canonical cell key if any."""
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}, not {severity!r}")
    return {"severity": severity, "code": code, "message": message, "line": line, "cell": cell}


def empty_region() -> dict[str, str | None]:
    return {"province": None, "city": None, "county": None, "township": None}


def new_record(source_file: str, data: bytes, source_path: str | None = None) -> Record:
    """A record with every §9 field present and empty, ready for the parsers to fill."""
    return {
        "source_file": source_file,
        "source_path": source_path or source_file,
        "doc_id": doc_id_of(data),
        "size_bytes": len(data),
        "encoding": None,
        "source_format": None,
        "extractor_version": EXTRACTOR_VERSION,
        "status": STATUS_PARSED,
        "is_report": False,
        "layout": None,
        "template": "unknown",
        "table_templates": {},
        "title": None,
        "agency_name": None,
        "agency_aliases": [],
        "agency_name_inferred": None,
        "agency_level": None,
        "report_year": None,
        "report_year_source": None,
        "publication_date": None,
        "publication_date_raw": None,
        "publication_date_source": None,
        "region": empty_region(),
        "region_inferred": {},
        "sections": {},
        "t2": {},
        "t3": {},
        "t4": [],
        "t2_extras": [],
        "t3_extras": [],
        "table_status": {},
        "cell_flags": {},
        "cells": [],
        "narrative": [],
        "issues": [],
    }


def finish_status(rec: Record) -> Record:
    """Set `status` from `is_report` and the issues; a failed record stays failed."""
    if rec["status"] == STATUS_FAILED:
        return rec
    if not rec["is_report"]:
        rec["status"] = STATUS_NOT_REPORT
    elif any(i["severity"] == "error" for i in rec["issues"]):
        rec["status"] = STATUS_PARSED_WITH_ERRORS
    else:
        rec["status"] = STATUS_PARSED
    return rec
