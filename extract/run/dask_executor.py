"""The extraction executor on Dask distributed: the same `map_chunks` protocol as the local pool
(`extract.run.executors.LocalPool`), on a cluster that can span machines.

Without an address a `LocalCluster` of worker processes is started on this machine; with one
(`--scheduler tcp://host:8786` or `$OGI_DASK_SCHEDULER`) an existing cluster is used. Each task is a
plain function of explicit arguments (`extract.batch.run_task` and its `ChunkTask`), pickled by
reference: workers need this package installed, nothing set up by an initializer and no `fork`.
Workers read the files themselves, so the paths must be reachable from every worker (a shared
filesystem), and write their rows as Parquet shards into a staging folder the coordinator can read
(`extract.run.shards`); only a small summary comes back over the network.

A worker that dies mid-task is Dask's to handle: the scheduler re-runs its tasks on the other workers.
A chunk involved in two worker deaths comes back as `Lost` (Dask's `KilledWorker`), and the caller's
policy (`extract.batch`: retry alone, bisect, land the killer as a failed document) does the rest.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from collections import deque
from contextlib import suppress
from pathlib import Path
from typing import Any

from extract.run.executors import POLL_SECONDS, Lost
from extract.run.shards import clear_staging, run_sharded

SCHEDULER_ENV = "OGI_DASK_SCHEDULER"
STAGING_ENV = "OGI_STAGING"
INSTALL_HINT = "pip install 'ogi-warehouse[dask]'"
# A task involved in this many worker deaths is given up as KilledWorker (Dask's default is 3): "a file
# that kills workers twice" is the local pool's rule too. Applies to the LocalCluster started here; an
# existing cluster keeps its scheduler's `distributed.scheduler.allowed-failures`.
ALLOWED_FAILURES = 1


try:  # the executor module imports without `distributed`; using it then gives DaskUnavailable
    from distributed import WorkerPlugin as _PluginBase
except ImportError:
    _PluginBase = object


class _WarmWorker(_PluginBase):
    """A worker plugin: every worker that joins (at start, after a restart, on another machine) imports
    the parser and its template once before its first task, as the local pool's fork server does.
    Process set-up only: no data is handed over."""

    def setup(self, worker) -> None:
        import importlib

        from extract.run.shards import _worker_setup

        importlib.import_module("extract.run.warm")
        _worker_setup()


def local_cluster(workers: int, *, silence_logs: int = logging.ERROR):
    """The `LocalCluster` `ogi` starts: one single-threaded worker process per worker (parsing holds the
    GIL), a chunk given up after two worker deaths (`ALLOWED_FAILURES`), no dashboard, and the
    scheduler's HTTP routes on an ephemeral port of the loopback interface: `dashboard_address=None`
    alone still binds port 8787, so a second cluster on the machine warned that it was in use."""
    distributed = _distributed()
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
        return distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=silence_logs,
        )


class DaskUnavailable(RuntimeError):
    """`distributed` is not installed, or the scheduler cannot be reached: a one-line error for the CLI."""


def _distributed():
    try:
        import distributed
    except ImportError:
        raise DaskUnavailable(f"--executor dask needs the `distributed` package: {INSTALL_HINT}") from None
    return distributed


class DaskExecutor:
    """Chunks of work on a Dask cluster; results in chunk order, at most `in_flight` pending."""

    def __init__(
        self,
        scheduler: str | None = None,
        *,
        workers: int | None = None,
        staging: str | Path | None = None,
        connect_timeout: float = 10.0,
    ) -> None:
        distributed = _distributed()

        self.address = scheduler or os.environ.get(SCHEDULER_ENV) or None
        self._cluster = None
        self._own_staging = False
        if staging is None and (env := os.environ.get(STAGING_ENV)):
            staging = env
        if staging is None:
            if self.address:  # a remote worker cannot write into this machine's temp folder
                raise DaskUnavailable(
                    f"--scheduler {self.address} needs a staging folder every worker can write and this "
                    f"machine can read: pass --staging DIR or set ${STAGING_ENV}"
                )
            staging = tempfile.mkdtemp(prefix="ogi-shards-")
            self._own_staging = True
        self.staging = str(Path(staging).resolve())
        Path(self.staging).mkdir(parents=True, exist_ok=True)
        try:
            if self.address:
                self._client = distributed.Client(
                    self.address, timeout=f"{connect_timeout}s", set_as_default=False
                )
            else:
                self._cluster = local_cluster(workers or os.cpu_count() or 1)
                self._client = distributed.Client(self._cluster, set_as_default=False)
        except (OSError, TimeoutError) as e:
            self.close()
            raise DaskUnavailable(f"cannot reach the Dask scheduler at {self.address}: {e}") from None
        self._client.register_plugin(_WarmWorker(), name="ogi-warm")
        self._KilledWorker = distributed.KilledWorker
        self._live: set[Any] = set()
        info = self._client.scheduler_info()
        self.workers = max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))

    @property
    def client(self):
        return self._client

    def map_chunks(self, fn, chunks, in_flight, *, on_wait=None, watchdog=None):
        it = iter(chunks)
        pending: deque[tuple[Any, Any]] = deque()
        limit = max(1, in_flight)

        def submit() -> bool:
            c = next(it, _END)
            if c is _END:
                return False
            fut = self._client.submit(run_sharded, fn, c, self.staging, pure=False)
            self._live.add(fut)
            pending.append((c, fut))
            return True

        while len(pending) < limit and submit():
            pass
        while pending:
            chunk, fut = pending.popleft()
            outcome = self._wait(fut, chunk, on_wait, watchdog)
            self._live.discard(fut)
            fut.release()
            yield outcome
            submit()

    def _wait(self, fut: Any, chunk: Any, on_wait, watchdog) -> Any:
        """The chunk's result, or Lost. Waits on a done-callback rather than `result(timeout=)`, whose
        timeout path in `distributed.utils.sync` can fail with UnboundLocalError (seen with 2026.8)."""
        deadline = time.monotonic() + watchdog(chunk) if watchdog else None
        done = threading.Event()
        fut.add_done_callback(lambda _f: done.set())
        while not done.wait(POLL_SECONDS):
            if on_wait:
                on_wait()
            if deadline is not None and time.monotonic() > deadline:
                self._stop(fut)
                return Lost(chunk, f"no result after {watchdog(chunk):.0f} s (its worker was restarted)")
        try:
            return fut.result()
        except self._KilledWorker as e:
            return Lost(chunk, f"its worker process died twice while running it ({type(e).__name__})")

    def _stop(self, fut: Any) -> None:
        """A task past its watchdog: cancel it and restart the worker running it (a thread stuck in C
        code cannot be interrupted, only its process)."""
        with suppress(Exception):
            busy = [w for w, keys in self._client.processing().items() if fut.key in keys]
            self._client.cancel([fut], force=True)
            if busy:
                self._client.restart_workers(busy, timeout=30)

    def close(self, *, cancel: bool = False) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            with suppress(Exception):
                if self._live:
                    client.cancel(list(self._live), force=True)
            self._live = set()
            with suppress(Exception):
                client.close()
            self._client = None
        if self._cluster is not None:
            with suppress(Exception):
                self._cluster.close()
            self._cluster = None
        if self._own_staging:
            clear_staging(self.staging)
            self._own_staging = False

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, exc_type, *_: object) -> None:
        self.close(cancel=exc_type is not None)


_END = object()
