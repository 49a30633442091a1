"""The ingest stage: find files, parse them in parallel, land them in batches, mirror raw tables to Parquet."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from extract import EXTRACTOR_VERSION
from extract.batch import iter_files, parse_paths
from extract.land import ensure_schema, export_raw_parquet, land, landed_versions
from extract.record import STATUS_FAILED, STATUS_NOT_REPORT


@dataclass
class IngestSummary:
    files: int = 0
    landed: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, first error message)
    not_reports: list[str] = field(default_factory=list)
    cells: int = 0
    issues: int = 0


def ingest(
    con: duckdb.DuckDBPyConnection,
    paths: Iterable[str | Path],
    *,
    force: bool = False,
    batch_size: int = 2000,
    workers: int | None = None,
    parquet_dir: str | Path | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Parse and land every file under `paths`. Unchanged documents of this extractor version are skipped
    unless `force`. Each batch is one transaction; a bad file lands as a failed document."""
    ensure_schema(con)
    files = iter_files(paths)
    summary = IngestSummary(files=len(files))
    skip = frozenset() if force else frozenset(
        d for d, v in landed_versions(con).items() if v == EXTRACTOR_VERSION
    )
    batch: list[dict] = []
    for rec in parse_paths(files, skip_ids=skip, workers=workers):
        if on_progress:
            on_progress(1)
        if rec.get("skipped"):
            summary.skipped += 1
            continue
        if rec["status"] == STATUS_FAILED:
            first = next((i["message"] for i in rec["issues"] if i["severity"] == "error"), "failed")
            summary.failed.append((rec["source_path"], first))
        elif rec["status"] == STATUS_NOT_REPORT:
            summary.not_reports.append(rec["source_path"])
        summary.cells += len(rec["cells"])
        summary.issues += len(rec["issues"])
        batch.append(rec)
        if len(batch) >= batch_size:
            summary.landed += land(con, batch)
            batch = []
    summary.landed += land(con, batch)
    if parquet_dir is not None:
        export_raw_parquet(con, parquet_dir)
    return summary
