"""Files → records (or ready-to-land Arrow rows), across CPU cores, skipping documents already landed.

Two ways in:
* `parse_paths` yields whole records (for callers that want the §9 dicts);
* `parse_to_tables` is the ingest path: each worker parses a chunk of files *and* builds the chunk's
  raw-table rows (`land.records_to_arrow`), so the coordinator only inserts Arrow tables. Records
  never cross the process boundary (pickling ~200 cell dicts per report cost more than parsing), and
  at most a few chunks are in flight, which bounds memory however large the corpus is.

Nothing here may hang or drop a file: a chunk whose worker died is retried alone in a fresh pool, then
bisected, and the file that kills workers lands as a failed document naming the reason; every file is
parsed under a size and a time limit (`extract.run.limits`).
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import parent_process
from pathlib import Path

import pyarrow as pa

from extract import EXTRACTOR_VERSION
from extract.land import records_to_arrow
from extract.parse import parse_bytes, parse_file
from extract.record import STATUS_FAILED, STATUS_NOT_REPORT, Record, failed_record
from extract.run.executors import Executor, InProcess, LocalPool, Lost
from extract.run.limits import FileTimeout, Limits, time_limit
from extract.run.sources import is_url, list_url, read_bytes, stat

# Below this many files the pool's start-up costs more than it saves.
_MIN_FILES_FOR_POOL = 64
CHUNK_FILES = 64  # files per worker task at most: big enough to amortise IPC, small enough to balance cores
CHUNKS_PER_WORKER = 4  # at least this many chunks per worker when the input is small (the last ones balance)
# Test hook for fault injection: "kill:MARKER" makes a worker that reads a file containing MARKER kill
# itself with SIGKILL (as the OOM killer would); "hang:MARKER" makes it sleep forever (a runaway parse);
# "stuck:MARKER" also blocks the alarm signal, as a loop inside C code would.
# Only in a worker process of the pool, and only when the variable is set.
WORKER_FAULT_ENV = "OGI_TEST_WORKER_FAULT"


@dataclass
class Listing:
    """The files under some paths, and what could not be listed (reported, never skipped silently)."""

    files: list[Path | str] = field(default_factory=list)  # str: an fsspec URL (extract.run.sources)
    missing: list[Path] = field(default_factory=list)  # named paths that do not exist
    problems: list[tuple[str, str]] = field(default_factory=list)  # (folder, why it was not searched)
    folders: list[Path] = field(default_factory=list)  # the folders named, absolute (for gone files)


def list_files(paths: Iterable[str | Path]) -> Listing:
    """Every file named, and every file below each directory named, sorted and absolute; hidden files
    are skipped. Symlinked and unreadable subfolders are not searched and are listed in `problems`."""
    out = Listing()
    for given in paths:
        if is_url(given):  # an fsspec URL: listed through its filesystem, kept as a string
            urls = list_url(given)
            if urls is None:
                out.missing.append(given)
            else:
                out.files.extend(urls)
            continue
        p = Path(given)
        if p.is_dir():
            root_dir = Path(os.path.abspath(p))
            out.folders.append(root_dir)
            found: list[str] = []

            def on_error(e: OSError, top: Path = root_dir) -> None:
                out.problems.append((e.filename or str(top), f"cannot be read ({e.strerror or e})"))

            for root, dirs, names in os.walk(root_dir, onerror=on_error):
                keep = []
                for d in dirs:
                    if d.startswith("."):
                        continue
                    full = os.path.join(root, d)
                    if os.path.islink(full):
                        out.problems.append(
                            (
                                full,
                                f"is a symlink to {os.path.realpath(full)} and was not "
                                "followed (name the target to ingest it)",
                            )
                        )
                        continue
                    keep.append(d)
                dirs[:] = keep
                found += [os.path.join(root, n) for n in names if not n.startswith(".")]
            out.files.extend(Path(f) for f in sorted(found) if os.path.isfile(f))
        elif p.exists() or p.is_symlink():
            out.files.append(Path(os.path.abspath(p)))
        else:
            out.missing.append(p)
    return out


def iter_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files of `list_files`, plus named paths that do not exist (the parser reports them unreadable)."""
    listing = list_files(paths)
    return listing.files + listing.missing


def parse_paths(
    files: list[Path], *, skip_ids: frozenset[str] = frozenset(), workers: int | None = None
) -> Iterator[Record]:
    """Parse `files` (in order). Skipped files yield `{"skipped": True, ...}`."""
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            yield parse_file(path)  # produces the unreadable_file record
            continue
        if skip_ids and hashlib.sha256(data).hexdigest() in skip_ids:
            yield {"skipped": True, "source_path": str(path)}
        else:
            yield parse_bytes(data, path.name, source_path=str(path))


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
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, message) of error issues in reports
    cells: int = 0
    issues: int = 0
    parse_seconds: float = 0.0  # worker CPU seconds (process time: wall time lies on a busy machine)
    arrow_seconds: float = 0.0
    shard: str | None = None  # on a cluster: the rows are in this shard (`extract.run.shards`), not `tables`


@dataclass(frozen=True)
class ChunkTask:
    """One worker task, self-contained: the files, the landed doc ids they might equal, the limits."""

    paths: tuple[str, ...]
    skip_ids: frozenset[str] = frozenset()
    limits: Limits = field(default_factory=Limits)
    fault: str | None = None  # the fault-injection test hook, read where the task is made (WORKER_FAULT_ENV)


def run_task(task: ChunkTask) -> Chunk:
    return parse_chunk(list(task.paths), skip_ids=task.skip_ids, limits=task.limits, fault=task.fault)


def parse_chunk(
    paths: list[str],
    *,
    skip_ids: frozenset[str] = frozenset(),
    limits: Limits | None = None,
    fault: str | None = None,
) -> Chunk:
    """Read, hash, parse and tabulate `paths` (runs in a worker). A file whose bytes are in `skip_ids`
    (landed by this extractor version) is only hashed; the same bytes twice in the chunk are one document.
    A file over the size limit is not read; one over the time limit lands as a failed document."""
    limits = limits or Limits()
    out = Chunk(None)
    records: dict[str, Record] = {}
    t0 = time.process_time()
    for path in paths:
        path = path if is_url(path) else os.path.abspath(path)
        rec, row = _one_file(path, skip_ids, records, limits, fault)
        if row is not None:
            out.files.append(row)
        if rec is None:
            out.skipped += 1
            continue
        _tally(out, rec)
        records[rec["doc_id"]] = rec
    t1 = time.process_time()
    if records:
        batch = list(records.values())
        out.tables = records_to_arrow(batch)
        out.doc_ids = [r["doc_id"] for r in batch]
    out.parse_seconds, out.arrow_seconds = t1 - t0, time.process_time() - t1
    return out


def _one_file(
    path: str, skip_ids: frozenset[str], seen: dict[str, Record], limits: Limits, fault: str | None
):
    """(record or None when skipped, manifest row or None)."""
    try:
        st = stat(path)
        if limits.max_bytes and st.st_size > limits.max_bytes:
            rec = failed_record(
                path,
                "file_too_large",
                f"the file is {st.st_size / 1e6:.1f} MB, over the "
                f"{limits.max_bytes / 1e6:g} MB limit (--max-file-mb)",
                st.st_size,
            )
            return rec, (path, st.st_size, st.st_mtime_ns, rec["doc_id"], EXTRACTOR_VERSION)
        data = read_bytes(path)
    except OSError as e:
        # size -1: never "unchanged", so the file is tried again once it can be read
        rec = failed_record(path, "unreadable_file", f"cannot read file: {e.strerror or e}")
        return rec, (path, -1, 0, rec["doc_id"], EXTRACTOR_VERSION)
    doc_id = hashlib.sha256(data).hexdigest()
    if doc_id in skip_ids or doc_id in seen:
        return None, (path, st.st_size, st.st_mtime_ns, doc_id, EXTRACTOR_VERSION)
    try:
        with time_limit(limits.timeout_s, path, limits.slow_dir):
            _maybe_die_for_tests(data, fault)
            rec = parse_bytes(data, os.path.basename(path), source_path=path)
    except FileTimeout as e:
        rec = failed_record(path, "file_timeout", str(e), st.st_size)
    return rec, (path, st.st_size, st.st_mtime_ns, rec["doc_id"], EXTRACTOR_VERSION)


def _tally(out: Chunk, rec: Record) -> None:
    errors = [i for i in rec["issues"] if i["severity"] == "error"]
    if rec["status"] == STATUS_FAILED:
        out.failed.append((rec["source_path"], errors[0]["message"] if errors else "failed"))
    elif rec["status"] == STATUS_NOT_REPORT:
        out.not_reports.append(rec["source_path"])
    else:  # a report that landed with an error-severity issue: the console must say so
        out.errors += [(rec["source_path"], f"{i['code']}: {i['message']}") for i in errors]
    out.cells += len(rec.get("cells") or ())
    out.issues += len(rec["issues"])


def _maybe_die_for_tests(data: bytes, fault: str | None) -> None:
    if not fault or parent_process() is None:
        return
    kind, _, marker = fault.partition(":")
    if marker and marker.encode() in data:
        if kind == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if kind == "stuck":
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        while kind in ("hang", "stuck"):
            time.sleep(1)


def warm_up(n_files: int) -> None:
    """Start the fork server (and its preload of the parser) now, while the caller lists and checks files."""
    if n_files >= _MIN_FILES_FOR_POOL:
        from extract.run.executors import start_server

        start_server()


def make_executor(workers: int | None, n_files: int) -> Executor:
    """The local pool, or this process when one worker is asked for or the input is tiny."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or n_files < _MIN_FILES_FOR_POOL:
        return InProcess()
    return LocalPool(workers)


def chunk_size(n_files: int, workers: int) -> int:
    """Files per chunk: `CHUNK_FILES`, or fewer when that would leave fewer than `CHUNKS_PER_WORKER` chunks
    per worker. 200 PDFs on 2 workers in chunks of 64 are 4 chunks, and one worker gets 128 files to the
    other's 72; in chunks of 25 the last chunk to finish is small."""
    return max(1, min(CHUNK_FILES, -(-n_files // (max(1, workers) * CHUNKS_PER_WORKER))))


def parse_to_tables(
    files: list[Path],
    *,
    skip_ids: frozenset[str] | Callable[[list[str]], frozenset[str]] = frozenset(),
    workers: int | None = None,
    chunk_files: int | None = None,
    in_flight: int | None = None,
    limits: Limits | None = None,
    executor: Executor | None = None,
    on_wait: Callable[[], None] | None = None,
) -> Iterator[Chunk]:
    """`parse_chunk` over `files` on `executor` (default: `make_executor`), in order, with at most
    `in_flight` chunks pending (default 3 per worker). `skip_ids` is a set or a function giving the
    landed doc ids a chunk's files may equal (so each task carries only those). Chunks hold
    `chunk_files` files, by default `chunk_size(len(files), workers)`."""
    limits = limits or Limits()
    names = [str(f) for f in files]
    skip = skip_ids if callable(skip_ids) else (lambda _paths, s=skip_ids: s)
    fault = os.environ.get(WORKER_FAULT_ENV)  # here, not in the worker: a fork server keeps its start env
    own = executor is None
    ex = executor or make_executor(workers, len(files))
    size = chunk_files or chunk_size(len(names), ex.workers)
    tasks = (
        ChunkTask(tuple(c), skip(c), limits, fault)
        for c in (names[i : i + size] for i in range(0, len(names), size))
    )
    tally = {"ok": 0, "lost": 0}
    try:
        limit = in_flight or 3 * ex.workers
        for outcome in ex.map_chunks(run_task, tasks, limit, on_wait=on_wait, watchdog=_watchdog):
            if isinstance(outcome, Lost):
                yield from _recover(ex, outcome, on_wait, tally)
            else:
                tally["ok"] += 1
                yield outcome
    except BaseException:
        if own:
            ex.close(cancel=True)
            own = False
        raise
    finally:
        if own:
            ex.close()


def _watchdog(task: ChunkTask) -> float | None:
    """Seconds after which a chunk that has not come back is declared lost: a parse stuck where the
    per-file alarm cannot reach it (inside C code) must not hang the run either. Four files' worth of the
    limit: a chunk of healthy files takes a fraction of a second, and a chunk declared lost by mistake is
    only retried alone and bisected, each part with the same budget, so nothing is lost. No per-file
    limit asked for: no watchdog."""
    if task.limits.chunk_timeout_s:
        return task.limits.chunk_timeout_s
    if not task.limits.timeout_s:
        return None
    return 60.0 + 4 * task.limits.timeout_s


class WorkersUnavailable(RuntimeError):
    """Worker processes die before finishing any work at all: not one file's fault, so nothing is blamed."""


def _recover(ex: Executor, lost: Lost, on_wait, tally: dict[str, int]) -> Iterator[Chunk]:
    """A lost chunk: run it alone in a fresh pool; lost again, bisect it until the file that kills its
    worker is alone (it has then killed one at least twice), and land that file as a failed document."""
    todo: list[tuple[ChunkTask, bool]] = [(lost.chunk, True)]  # (task, a retry of the same files)
    while todo:
        tally["lost"] += 1
        if not tally["ok"] and tally["lost"] > 3:
            raise WorkersUnavailable(f"worker processes die before finishing any work ({lost.reason})")
        task, retry = todo.pop(0)
        outcome = next(iter(ex.map_chunks(run_task, [task], 1, on_wait=on_wait, watchdog=_watchdog)))
        if not isinstance(outcome, Lost):
            tally["ok"] += 1
            yield outcome
        elif len(task.paths) == 1 and not retry:
            yield _killer(task.paths[0], outcome.reason, task.limits)
        else:
            half = max(1, len(task.paths) // 2)
            parts = [task.paths[:half], task.paths[half:]] if len(task.paths) > 1 else [task.paths]
            todo[:0] = [(ChunkTask(p, task.skip_ids, task.limits, task.fault), False) for p in parts if p]


def _killer(path: str, reason: str, limits: Limits) -> Chunk:
    """The chunk of a file that killed its worker every time it was parsed: one failed document."""
    try:
        st = stat(path)
        size, mtime = st.st_size, st.st_mtime_ns
    except OSError:
        size, mtime = -1, 0
    message = f"parsing this file killed or stalled the worker process each time it was tried ({reason})"
    rec = failed_record(path, "worker_died", message, max(size, 0))
    out = Chunk(
        records_to_arrow([rec]), [rec["doc_id"]], [(path, size, mtime, rec["doc_id"], EXTRACTOR_VERSION)]
    )
    _tally(out, rec)
    return out
