"""The ingest stage: find files, parse them in parallel, land them in batches, mirror raw tables to Parquet.

Re-runs are cheap at two levels: a file whose path, size and mtime match the manifest (`raw.files`) of
this extractor version is skipped from a stat() alone; a file that changed on disk but whose bytes are
already landed (same sha256) is skipped after hashing. Only new content is parsed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from extract import EXTRACTOR_VERSION
from extract.batch import iter_files, parse_to_tables
from extract.land import (
    RAW_TABLES,
    drop_docs,
    ensure_manifest,
    ensure_schema,
    export_raw_parquet,
    land_tables,
    landed_versions,
    manifest,
    record_files,
)


@dataclass
class IngestSummary:
    files: int = 0
    landed: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, first error message)
    not_reports: list[str] = field(default_factory=list)
    cells: int = 0
    issues: int = 0
    # wall seconds per step (list, skip_check, parse_wait, bookkeeping, land_wait, parquet), seconds the
    # landing thread was busy (land_busy) and summed worker CPU seconds (worker_parse_cpu, worker_arrow_cpu)
    timings: dict[str, float] = field(default_factory=dict)


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
    clock = _Clock()
    with _memory_cap(con):
        return _ingest(con, paths, force=force, batch_size=batch_size, workers=workers, parquet_dir=parquet_dir,
                       on_progress=on_progress, clock=clock)


# DuckDB's default memory limit is 80 % of RAM and it keeps every inserted block cached up to it; for a
# landing that only appends, a small cap keeps the ingest process lean (blocks are written out, not lost).
INGEST_MEMORY_LIMIT = os.environ.get("OGI_INGEST_MEMORY_LIMIT", "1GB")


class _memory_cap:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con, self.prev = con, None

    def __enter__(self) -> None:
        try:
            self.prev = self.con.execute("select current_setting('memory_limit')").fetchall()[0][0]
            if _bytes(INGEST_MEMORY_LIMIT) < _bytes(self.prev):
                self.con.execute(f"set memory_limit = '{INGEST_MEMORY_LIMIT}'").fetchall()
            else:
                self.prev = None
        except (duckdb.Error, ValueError):
            self.prev = None

    def __exit__(self, *exc: object) -> None:
        if self.prev is None:
            return
        # the setting reads back rounded ('18.8 GiB'), so prefer RESET when the old value was the default
        self.con.execute("reset memory_limit").fetchall()
        if self.con.execute("select current_setting('memory_limit')").fetchall()[0][0] != self.prev:
            self.con.execute(f"set memory_limit = '{self.prev}'").fetchall()


def _bytes(size: str) -> float:
    """'1GB', '18.3 GiB', '512 MiB' → bytes."""
    num = "".join(ch for ch in size if ch.isdigit() or ch == ".")
    unit = size[len(num):].strip().lower() if size.startswith(num) else size.lower().lstrip("0123456789. ")
    scale = {"b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "kib": 2**10, "mib": 2**20, "gib": 2**30,
             "tib": 2**40, "": 1}
    return float(num) * scale[unit.replace("bytes", "b")]


def _ingest(con, paths, *, force, batch_size, workers, parquet_dir, on_progress, clock) -> IngestSummary:
    ensure_schema(con)
    ensure_manifest(con)
    files = iter_files(paths)
    summary = IngestSummary(files=len(files))
    clock.lap("list")
    todo = files
    skip: frozenset[str] = frozenset()
    if not force:
        known = manifest(con, EXTRACTOR_VERSION)
        if known:
            todo = [f for f in files if not _unchanged(f, known)]
            summary.skipped = len(files) - len(todo)
            if on_progress and summary.skipped:
                on_progress(summary.skipped)
        if todo:
            skip = frozenset(d for d, v in landed_versions(con).items() if v == EXTRACTOR_VERSION)
    clock.lap("skip_check")

    seen: set[str] = set()
    pending: list[dict[str, pa.Table]] = []
    pending_files: list[tuple[str, int, int, str, str]] = []
    pending_docs = 0
    # Landing runs in one background thread (DuckDB releases the GIL), so workers keep parsing while a
    # batch is inserted; at most one batch is being landed while the next one fills.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ogi-land") as lander:
        landing: Future | None = None
        for chunk in parse_to_tables(todo, skip_ids=skip, workers=workers):
            clock.lap("parse_wait")
            clock.add("worker_parse_cpu", chunk.parse_seconds)
            clock.add("worker_arrow_cpu", chunk.arrow_seconds)
            if on_progress:
                on_progress(len(chunk.files) or chunk.skipped or 1)
            summary.skipped += chunk.skipped
            summary.failed += chunk.failed
            summary.not_reports += chunk.not_reports
            summary.cells += chunk.cells
            summary.issues += chunk.issues
            pending_files += chunk.files
            if chunk.tables is not None:
                dup = seen.intersection(chunk.doc_ids)  # same bytes under another path, landed earlier this run
                summary.skipped += len(dup)
                seen.update(chunk.doc_ids)
                pending.append(drop_docs(chunk.tables, dup))
                pending_docs += len(chunk.doc_ids) - len(dup)
            if pending_docs >= batch_size:
                if landing is not None:
                    summary.landed += landing.result()
                    clock.lap("land_wait")
                landing = lander.submit(_flush, con, pending, pending_files, clock)
                pending, pending_files, pending_docs = [], [], 0
            clock.lap("bookkeeping")
        if landing is not None:
            summary.landed += landing.result()
    summary.landed += _flush(con, pending, pending_files, clock)
    clock.lap("land_wait")
    if parquet_dir is not None and (summary.landed or not _parquet_complete(parquet_dir)):
        export_raw_parquet(con, parquet_dir)
    clock.lap("parquet")
    summary.timings = clock.laps
    return summary


def _flush(con: duckdb.DuckDBPyConnection, pending: list[dict[str, pa.Table]],
           files: list[tuple[str, int, int, str, str]], clock: _Clock) -> int:
    """Land the pending chunks as one transaction, then remember their files in the manifest."""
    t = time.perf_counter()
    landed = 0
    if pending:
        tables = {name: pa.concat_tables([p[name] for p in pending]) for name in RAW_TABLES}
        landed = land_tables(con, tables)
    record_files(con, files)
    clock.add("land_busy", time.perf_counter() - t)
    return landed


def _unchanged(path: Path, known: dict[str, tuple[int, int]]) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    return known.get(os.path.abspath(path)) == (st.st_size, st.st_mtime_ns)


def _parquet_complete(out_dir: str | Path) -> bool:
    return all((Path(out_dir) / f"{t}.parquet").exists() for t in RAW_TABLES)


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self.t = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = self.laps.get(name, 0.0) + now - self.t
        self.t = now

    def add(self, name: str, seconds: float) -> None:
        self.laps[name] = self.laps.get(name, 0.0) + seconds
