"""Executors: run a function over chunks of work on some workers and hand the results back in order.

The ingest only needs `map_chunks(fn, chunks, in_flight)`: results come back in the order of `chunks`, at
most `in_flight` chunks are pending (memory stays bounded however large the corpus), and a chunk whose
worker died comes back as a `Lost` instead of hanging the run. What to do with a lost chunk (retry it
alone, bisect it, land the file that kills workers as a failure) is the caller's policy
(`extract.batch`), so any executor — this local process pool, a Dask cluster later — gets it for free.

Workers receive everything as explicit arguments: nothing is set by a pool initializer and nothing
relies on `fork`, so a worker can live in another process started by `forkserver`/`spawn`, or on
another machine.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

POLL_SECONDS = 0.25  # how often a waiting coordinator wakes up (progress, Ctrl-C, watchdog)


@dataclass(frozen=True)
class Lost:
    """A chunk whose result never came: its worker died (killed, out of memory, crashed) or hung."""

    chunk: Any
    reason: str


class Executor(Protocol):
    """What the ingest needs from an executor."""

    workers: int

    def map_chunks(
        self,
        fn: Callable[[T], R],
        chunks: Iterable[T],
        in_flight: int,
        *,
        on_wait: Callable[[], None] | None = None,
        watchdog: Callable[[T], float | None] | None = None,
    ) -> Iterator[R | Lost]:
        """`fn(chunk)` for every chunk, results in chunk order; a chunk whose worker died yields `Lost`.
        `on_wait` is called every few hundred ms while waiting; `watchdog(chunk)` bounds its seconds."""
        ...

    def close(self, *, cancel: bool = False) -> None:
        """Release the workers; `cancel` stops running work at once (Ctrl-C)."""
        ...


def _worker_start() -> None:
    """Process set-up only (no data): Ctrl-C is the coordinator's to handle, so a terminal's SIGINT to
    the process group does not kill workers mid-chunk; and a lazier collector. Parsing allocates a few
    hundred small dicts per report and keeps none: the default generation-0 threshold (700) runs the
    collector several times per report (freezing and raising it saves ~10-20 % of parse CPU)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def mp_context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one (POSIX), else spawn: never plain fork, which copies the parent's
    threads and locks (DuckDB's, the landing thread's) into every worker. The fork server preloads the
    parser, so each worker starts with the template loaded instead of importing it again."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["extract.batch", "extract.run.warm"])
        return ctx
    return multiprocessing.get_context("spawn")


def start_server() -> None:
    """Start the fork server in the background (no-op elsewhere): its preload overlaps the caller's work."""
    ctx = mp_context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class LocalPool:
    """`concurrent.futures.ProcessPoolExecutor` on this machine; a broken pool is replaced by a fresh one."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._ctx = mp_context()
        self._pool: ProcessPoolExecutor | None = None

    def _fresh(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=self._ctx, initializer=_worker_start)
        return self._pool

    def map_chunks(self, fn, chunks, in_flight, *, on_wait=None, watchdog=None):
        it = iter(chunks)
        pending: deque[tuple[Any, Future]] = deque()
        limit = max(1, in_flight)

        def submit() -> bool:
            c = next(it, _END)
            if c is _END:
                return False
            pending.append((c, self._fresh().submit(fn, c)))
            return True

        while len(pending) < limit and submit():
            pass
        while pending:
            chunk, fut = pending[0]
            outcome = self._wait(fut, chunk, on_wait, watchdog)
            pending.popleft()
            if isinstance(outcome, Lost):
                # every other pending chunk was in the same broken pool: resubmit them to a fresh one
                # (after the caller dealt with this chunk, so a retry runs alone and blame is certain)
                rest = [c for c, _ in pending]
                pending.clear()
                self._discard()
                yield outcome
                for c in rest:
                    pending.append((c, self._fresh().submit(fn, c)))
                continue
            yield outcome
            submit()

    def _wait(self, fut: Future, chunk: Any, on_wait, watchdog) -> Any:
        budget = watchdog(chunk) if watchdog else None
        deadline = time.monotonic() + budget if budget else None
        while True:
            try:
                return fut.result(timeout=POLL_SECONDS)
            except FutureTimeout:
                if on_wait:
                    on_wait()
                if deadline is not None and time.monotonic() > deadline:
                    self.close(cancel=True)
                    return Lost(chunk, f"no result after {budget:.0f} s (the worker was stopped)")
            except BrokenProcessPool:
                return Lost(chunk, self._death_reason())

    def _death_reason(self) -> str:
        codes = [p.exitcode for p in (getattr(self._pool, "_processes", None) or {}).values()]
        codes = [c for c in codes if c not in (None, 0)]
        if codes and codes[0] < 0:
            sig = signal.Signals(-codes[0]).name
            why = " (killed: out of memory?)" if sig == "SIGKILL" else ""
            return f"the worker process died with {sig}{why}"
        if codes:
            return f"the worker process exited with code {codes[0]}"
        return "the worker process died"

    def _discard(self) -> None:
        if self._pool is not None:
            self.close(cancel=True)

    def close(self, *, cancel: bool = False) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if cancel:
            # terminate first: shutdown() alone waits for running tasks, which is what hangs on Ctrl-C
            for p in list((getattr(pool, "_processes", None) or {}).values()):
                if p.is_alive():
                    p.terminate()
            pool.shutdown(wait=True, cancel_futures=True)
        else:
            pool.shutdown(wait=True)

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, exc_type, *_: object) -> None:
        self.close(cancel=exc_type is not None)


class InProcess:
    """The executor for one worker: runs each chunk here (library calls, tests, tiny inputs)."""

    workers = 1

    def map_chunks(self, fn, chunks, in_flight, *, on_wait=None, watchdog=None):
        for c in chunks:
            yield fn(c)

    def close(self, *, cancel: bool = False) -> None:
        pass

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *_: object) -> None:
        pass


_END = object()
