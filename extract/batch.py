"""Files → records (or ready-to-land Arrow rows), across CPU cores, skipping documents already landed.

Two ways in:
* `parse_paths` yields whole records (for callers that want the §9 dicts);
* `parse_to_tables` is the ingest path: each worker parses a chunk of files *and* builds the chunk's
  raw-table rows (`land.records_to_arrow`), so the main process only inserts Arrow tables. Records
  never cross the process boundary (pickling ~200 cell dicts per report cost more than parsing), and
  at most a few chunks are in flight, which bounds memory however large the corpus is.
"""

from __future__ import annotations

import gc
import hashlib
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import pyarrow as pa

from extract import EXTRACTOR_VERSION
from extract.land import records_to_arrow
from extract.parse import parse_bytes, parse_file
from extract.record import STATUS_FAILED, STATUS_NOT_REPORT, Record

# Below this many files the pool's start-up costs more than it saves.
_MIN_FILES_FOR_POOL = 64
CHUNK_FILES = 64  # files per worker task: big enough to amortise IPC, small enough to balance cores
_skip_ids: frozenset[str] = frozenset()


def iter_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every file named, and every file below each directory named, sorted; hidden files are skipped."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found: list[str] = []
            for root, dirs, names in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found += [os.path.join(root, n) for n in names if not n.startswith(".")]
            out.extend(Path(f) for f in sorted(found) if os.path.isfile(f))
        else:
            out.append(p)  # a missing file is reported by the parser as unreadable
    return out


def _init(skip_ids: frozenset[str]) -> None:
    global _skip_ids
    _skip_ids = skip_ids
    # Parsing allocates a few hundred small dicts per report and keeps none of them: the default
    # generation-0 threshold (700) makes the collector run several times per report. Freezing what
    # the worker inherited and collecting less often saves ~10-20% of parse CPU (benchmarks/README.md).
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def _work(path: Path) -> Record:
    try:
        data = path.read_bytes()
    except OSError:
        return parse_file(path)  # produces the unreadable_file record
    if _skip_ids and hashlib.sha256(data).hexdigest() in _skip_ids:
        return {"skipped": True, "source_path": str(path)}
    return parse_bytes(data, path.name, source_path=str(path))


def parse_paths(
    files: list[Path], *, skip_ids: frozenset[str] = frozenset(), workers: int | None = None
) -> Iterator[Record]:
    """Parse `files` in worker processes (order not kept). Skipped files yield `{"skipped": True, ...}`."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(files) < _MIN_FILES_FOR_POOL:
        _init(skip_ids)
        yield from map(_work, files)
        return
    ctx = get_context("fork") if hasattr(os, "fork") else get_context()
    with ctx.Pool(workers, initializer=_init, initargs=(skip_ids,)) as pool:
        yield from pool.imap_unordered(_work, files, chunksize=32)


# ---------------------------------------------------------------- the ingest path: chunks of Arrow rows


@dataclass
class Chunk:
    """What one worker task hands back: raw-table rows plus the little the summary needs."""

    tables: dict[str, pa.Table] | None
    doc_ids: list[str] = field(default_factory=list)
    files: list[tuple[str, int, int, str, str]] = field(default_factory=list)  # manifest rows
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    not_reports: list[str] = field(default_factory=list)
    cells: int = 0
    issues: int = 0
    parse_seconds: float = 0.0  # worker CPU seconds (process time: wall time lies on a busy machine)
    arrow_seconds: float = 0.0


def parse_chunk(paths: list[str]) -> Chunk:
    """Read, hash, parse and tabulate `paths` (runs in a worker). A file whose bytes are already landed
    by this extractor version is only hashed; the same bytes twice in the chunk are one document."""
    out = Chunk(None)
    records: dict[str, Record] = {}
    t0 = time.process_time()
    for path in paths:
        try:
            st = os.stat(path)
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            rec = parse_file(path)
        else:
            doc_id = hashlib.sha256(data).hexdigest()
            out.files.append((os.path.abspath(path), st.st_size, st.st_mtime_ns, doc_id, EXTRACTOR_VERSION))
            if doc_id in _skip_ids or doc_id in records:
                out.skipped += 1
                continue
            rec = parse_bytes(data, os.path.basename(path), source_path=str(path))
        if rec["status"] == STATUS_FAILED:
            first = next((i["message"] for i in rec["issues"] if i["severity"] == "error"), "failed")
            out.failed.append((rec["source_path"], first))
        elif rec["status"] == STATUS_NOT_REPORT:
            out.not_reports.append(rec["source_path"])
        out.cells += len(rec.get("cells") or ())
        out.issues += len(rec["issues"])
        records[rec["doc_id"]] = rec
    t1 = time.process_time()
    if records:
        batch = list(records.values())
        out.tables = records_to_arrow(batch)
        out.doc_ids = [r["doc_id"] for r in batch]
    out.parse_seconds, out.arrow_seconds = t1 - t0, time.process_time() - t1
    return out


def parse_to_tables(
    files: list[Path],
    *,
    skip_ids: frozenset[str] = frozenset(),
    workers: int | None = None,
    chunk_files: int = CHUNK_FILES,
    in_flight: int | None = None,
) -> Iterator[Chunk]:
    """`parse_chunk` over `files` in worker processes, in order, with at most `in_flight` chunks pending
    (default 3 per worker) so finished chunks never pile up in memory while the caller lands them."""
    workers = workers or os.cpu_count() or 1
    names = [str(f) for f in files]
    chunks = [names[i: i + chunk_files] for i in range(0, len(names), chunk_files)]
    if workers == 1 or len(files) < _MIN_FILES_FOR_POOL:
        _init(skip_ids)
        yield from map(parse_chunk, chunks)
        return
    # fork: the workers inherit skip_ids (and the loaded template) without pickling them, and pyarrow's
    # lazy initialisation (~0.25 s on first use) is paid once here instead of once per worker
    records_to_arrow([])
    ctx = get_context("fork") if hasattr(os, "fork") else get_context()
    limit = in_flight or 3 * workers
    with ctx.Pool(workers, initializer=_init, initargs=(skip_ids,)) as pool:
        pending: deque = deque()
        it = iter(chunks)
        for c in it:
            pending.append(pool.apply_async(parse_chunk, (c,)))
            if len(pending) >= limit:
                break
        while pending:
            done = pending.popleft().get()
            nxt = next(it, None)
            if nxt is not None:
                pending.append(pool.apply_async(parse_chunk, (nxt,)))
            yield done
