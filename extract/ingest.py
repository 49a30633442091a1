"""The ingest stage: find files, parse them in parallel, land them in batches, mirror raw tables to Parquet.

Re-runs are cheap at two levels: a file whose path, size and mtime match the manifest (`raw.files`) of
this extractor version is skipped from a stat() alone; a file that changed on disk but whose bytes are
already landed (same sha256) is skipped after hashing. Only new content is parsed.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from extract import EXTRACTOR_VERSION
from extract import mirror as raw_mirror
from extract.batch import list_files, make_executor, parse_to_tables, warm_up
from extract.land import (
    RAW_SCHEMA,
    RAW_TABLES,
    bump_generation,
    drop_docs,
    ensure_manifest,
    ensure_schema,
    land_tables,
    manifest,
    record_files,
)
from extract.lifecycle import ensure_lifecycle, mark_gone
from extract.run.executors import Executor
from extract.run.limits import Limits, slow_files
from extract.run.shards import (
    ensure_shard_manifest,
    landed_shards,
    read_shard,
    record_shards,
    remove_shard,
    shard_name,
    sweep_landed,
)
from extract.run.sources import stat


class MissingPaths(ValueError):
    """Paths named for ingest that do not exist: a usage error, and nothing is stored."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        names = ", ".join(str(p) for p in paths)
        super().__init__(f"no such file or folder: {names}")


@dataclass
class IngestSummary:
    files: int = 0
    landed: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, first error message)
    not_reports: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # error-severity issues of landed reports
    problems: list[tuple[str, str]] = field(default_factory=list)  # folders not searched, and why
    gone: int = 0  # files of the named folders no longer there (their documents are marked gone)
    cells: int = 0
    issues: int = 0
    # wall seconds per step (list, skip_check, parse_wait, bookkeeping, land_wait, parquet), seconds the
    # landing thread was busy (land_busy) and summed worker CPU seconds (worker_parse_cpu, worker_arrow_cpu)
    timings: dict[str, float] = field(default_factory=dict)
    # the raw Parquet mirror after this run (`extract.mirror`): "current", "appended" or "rewritten: why"
    mirror: str | None = None


def ingest(
    con: duckdb.DuckDBPyConnection,
    paths: Iterable[str | Path],
    *,
    force: bool = False,
    batch_size: int = 2000,
    workers: int | None = None,
    parquet_dir: str | Path | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    on_slow: Callable[[list[str]], None] | None = None,
    limits: Limits | None = None,
    exclude: Iterable[str | Path] = (),
    executor: Executor | None = None,
) -> IngestSummary:
    """Parse and land every file under `paths`. Unchanged documents of this extractor version are skipped
    unless `force`. Each batch is one transaction; a bad file lands as a failed document. A path that does
    not exist raises `MissingPaths` before anything is stored. Files of a named folder that are no longer
    there are marked gone; a file that changed supersedes its old document (`extract.lifecycle`).

    `executor` (owned by the caller, e.g. `extract.run.dask_executor.DaskExecutor`) runs the parsing;
    by default a local process pool. Chunks that come back as shards are landed from the shard files,
    each shard's name recorded in the same transaction (`extract.run.shards`)."""
    clock = _Clock()
    listing = list_files(paths)
    if listing.missing:
        raise MissingPaths(listing.missing)
    if skip := [os.path.abspath(e).rstrip(os.sep) + os.sep for e in exclude]:
        # the warehouse's own outputs (Parquet, Data Docs) are never read back as documents
        listing.files = [f for f in listing.files if not str(f).startswith(tuple(skip))]
    if executor is None:
        warm_up(len(listing.files))
    with _memory_cap(con):
        return _ingest(
            con,
            listing,
            force=force,
            batch_size=batch_size,
            workers=workers,
            parquet_dir=parquet_dir,
            on_progress=on_progress,
            on_total=on_total,
            on_slow=on_slow,
            limits=limits,
            clock=clock,
            executor=executor,
        )


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
    unit = size[len(num) :].strip().lower() if size.startswith(num) else size.lower().lstrip("0123456789. ")
    scale = {
        "b": 1,
        "kb": 1e3,
        "mb": 1e6,
        "gb": 1e9,
        "tb": 1e12,
        "kib": 2**10,
        "mib": 2**20,
        "gib": 2**30,
        "tib": 2**40,
        "": 1,
    }
    return float(num) * scale[unit.replace("bytes", "b")]


def _ingest(
    con,
    listing,
    *,
    force,
    batch_size,
    workers,
    parquet_dir,
    on_progress,
    on_total,
    on_slow,
    limits,
    clock,
    executor=None,
) -> IngestSummary:
    ensure_schema(con)
    ensure_manifest(con)
    ensure_lifecycle(con)
    files = listing.files
    summary = IngestSummary(files=len(files), problems=list(listing.problems))
    if on_total:
        on_total(len(files))
    clock.lap("list")
    todo = files
    sizes: dict[str, int] = {}
    if not force:
        known = manifest(con, EXTRACTOR_VERSION)
        if known:
            todo = [f for f in files if not _unchanged(f, known, sizes)]
            summary.skipped = len(files) - len(todo)
            if on_progress and summary.skipped:
                on_progress(summary.skipped)
    skip = _skip_by_size(con, sizes, todo) if not force and todo else frozenset()
    clock.lap("skip_check")

    with tempfile.TemporaryDirectory(prefix="ogi-slow-") as slow_dir:
        lim = limits or Limits.from_env()
        lim = dataclasses.replace(lim, slow_dir=slow_dir if on_slow else None)

        def on_wait() -> None:
            if on_slow:
                on_slow(slow_files(slow_dir))

        appender = None
        if parquet_dir is not None:
            appender = raw_mirror.start(con, parquet_dir, relanding=_relanding(con, force))
        owned = nullcontext(executor) if executor is not None else make_executor(workers, len(todo))
        with owned as ex:
            _land_all(
                con, todo, skip, lim, ex, on_wait, summary, on_progress, on_slow, clock, batch_size, appender
            )
    summary.gone = mark_gone(con, listing.folders, (str(f) for f in files))
    if summary.gone:
        bump_generation(con)
    clock.lap("land_wait")
    if parquet_dir is not None:
        done = raw_mirror.finish(con, parquet_dir, appender)
        summary.mirror = done.how if done.reason is None else f"{done.how}: {done.reason}"
    clock.lap("parquet")
    summary.timings = clock.laps
    return summary


def _relanding(con: duckdb.DuckDBPyConnection, force: bool) -> bool:
    """Will this run land documents that are landed already (`--force`, or a newer extractor version)?
    Then the mirror is rewritten at the end rather than appended to."""
    row = con.execute(
        f"select count(*), count(*) filter (where extractor_version <> ?) from {RAW_SCHEMA}.documents",
        [EXTRACTOR_VERSION],
    ).fetchall()[0]
    return bool(row[1] or (force and row[0]))


def _land_all(
    con,
    todo,
    skip,
    limits,
    executor,
    on_wait,
    summary,
    on_progress,
    on_slow,
    clock,
    batch_size,
    appender=None,
) -> None:
    seen: set[str] = set()
    staging = getattr(executor, "staging", None)
    if staging:
        sweep_landed(con, staging)
    pending: list[dict[str, pa.Table]] = []
    # per pending chunk: (shard name, documents, whole: its rows are the shard's, none dropped) or None
    shards: list[tuple[str, int, bool] | None] = []
    pending_files: list[tuple[str, int, int, str, str]] = []
    pending_docs = 0
    # Landing runs in one background thread (DuckDB releases the GIL), so workers keep parsing while a
    # batch is inserted; at most one batch is being landed while the next one fills. On Ctrl-C the batch
    # being landed finishes (commits or rolls back) before the exception leaves this block.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ogi-land") as lander:
        landing: Future | None = None
        for chunk in parse_to_tables(todo, skip_ids=skip, limits=limits, executor=executor, on_wait=on_wait):
            clock.lap("parse_wait")
            clock.add("worker_parse_cpu", chunk.parse_seconds)
            clock.add("worker_arrow_cpu", chunk.arrow_seconds)
            if on_progress:
                on_progress(len(chunk.files) or chunk.skipped or 1)
            if on_slow:
                on_slow([])
            summary.skipped += chunk.skipped
            summary.failed += chunk.failed
            summary.not_reports += chunk.not_reports
            summary.errors += chunk.errors
            summary.cells += chunk.cells
            summary.issues += chunk.issues
            pending_files += chunk.files
            if chunk.shard is not None:
                chunk.tables = read_shard(staging, chunk.shard)
            if chunk.tables is not None:
                # the same bytes under another path, landed earlier this run
                dup = seen.intersection(chunk.doc_ids)
                shards.append((chunk.shard, len(chunk.doc_ids), not dup) if chunk.shard is not None else None)
                summary.skipped += len(dup)
                seen.update(chunk.doc_ids)
                pending.append(drop_docs(chunk.tables, dup))
                pending_docs += len(chunk.doc_ids) - len(dup)
            if pending_docs >= batch_size:
                if landing is not None:
                    summary.landed += landing.result()
                    clock.lap("land_wait")
                landing = lander.submit(_flush, con, pending, pending_files, clock, shards, staging, appender)
                pending, pending_files, pending_docs, shards = [], [], 0, []
            clock.lap("bookkeeping")
        if landing is not None:
            summary.landed += landing.result()
    summary.landed += _flush(con, pending, pending_files, clock, shards, staging, appender)


def _skip_by_size(con: duckdb.DuckDBPyConnection, sizes: dict[str, int], todo: list[Path]):
    """The landed doc ids (this extractor version) a chunk's files may equal: only same-size documents can
    be the same bytes, so each task carries a handful of ids instead of every landed one."""
    by_size: dict[int, set[str]] = {}
    for doc_id, size in con.execute(
        f"select doc_id, size_bytes from {RAW_SCHEMA}.documents where extractor_version = ?",
        [EXTRACTOR_VERSION],
    ).fetchall():
        by_size.setdefault(size, set()).add(doc_id)
    if not by_size:
        return frozenset()

    def for_chunk(paths: list[str]) -> frozenset[str]:
        ids: set[str] = set()
        for p in paths:
            size = sizes.get(p)
            if size is None:
                try:
                    size = stat(p).st_size
                except OSError:
                    continue
            ids |= by_size.get(size, set())
        return frozenset(ids)

    return for_chunk


def _flush(
    con: duckdb.DuckDBPyConnection,
    pending: list[dict[str, pa.Table]],
    files: list[tuple[str, int, int, str, str]],
    clock: _Clock,
    shards: list[tuple[str, int, bool] | None] | None = None,
    staging: str | None = None,
    appender: raw_mirror.Appender | None = None,
) -> int:
    """Land the pending chunks as one transaction, then remember their files in the manifest. Chunks that
    came as shards are recorded in `raw.shards` in that transaction; a shard recorded already is not
    landed again, and landed shards leave the staging folder — into the raw mirror, when one is being
    appended to (`extract.mirror`)."""
    t = time.perf_counter()
    landed = 0
    shards = shards or [None] * len(pending)
    keep = list(range(len(pending)))
    named = [(s[0], s[1]) for s in shards if s is not None]
    if named:
        ensure_shard_manifest(con)
        done = landed_shards(con, [n for n, _ in named])
        keep = [i for i, s in enumerate(shards) if s is None or s[0] not in done]
        named = [s for s in named if s[0] not in done]
    if keep:
        tables = {name: pa.concat_tables([pending[i][name] for i in keep]) for name in RAW_TABLES}
        landed = land_tables(con, tables, within=(lambda c: record_shards(c, named)) if named else None)
    if not landed and named:
        record_shards(con, named)  # every document of these shards was landed earlier in this run
    record_files(con, files)
    if landed and appender is not None and appender.active:
        _append_mirror(appender, [(pending[i], shards[i]) for i in keep], staging)
    for s in shards:
        if s is not None and staging:
            remove_shard(staging, s[0])
    clock.add("land_busy", time.perf_counter() - t)
    return landed


def _append_mirror(
    appender: raw_mirror.Appender, landed: list[tuple[dict[str, pa.Table], tuple | None]], staging: str | None
) -> None:
    """After the commit: a whole shard moves into the mirror as it is; other rows (the local pool's, or a
    shard with documents dropped as landed already) are written as one part named by their documents."""
    loose = []
    for tables, shard in landed:
        if shard is not None and shard[2] and staging:
            if shard[1]:
                appender.take_shard(staging, shard[0])
        elif tables["documents"].num_rows:
            loose.append(tables)
    if loose:
        rows = {name: pa.concat_tables([t[name] for t in loose]) for name in RAW_TABLES}
        appender.write(rows, shard_name(rows["documents"].column("doc_id").to_pylist()))


def _unchanged(path: Path | str, known: dict[str, tuple[int, int]], sizes: dict[str, int]) -> bool:
    try:
        st = stat(str(path))
    except OSError:
        return False
    sizes[str(path)] = st.st_size
    return known.get(str(path)) == (st.st_size, st.st_mtime_ns)


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
