"""Per-file limits enforced where the file is parsed: a size cap checked before reading, and a time cap
that interrupts a runaway parse, so one file becomes a named failure instead of a stuck or dead worker.

The defaults are far above any real report (the largest real reports are a few MB and parse in well
under a second); both can be changed with `ogi ingest --max-file-mb/--file-timeout` or the environment.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_MB_ENV = "OGI_MAX_FILE_MB"
FILE_TIMEOUT_ENV = "OGI_FILE_TIMEOUT"
DEFAULT_MAX_FILE_MB = 50.0
DEFAULT_FILE_TIMEOUT = 60.0
SLOW_SECONDS = 2.0  # a file parsing longer than this is named in the progress display


@dataclass(frozen=True)
class Limits:
    """Per-file bounds (0 or None: no bound), and a folder where workers name files that parse slowly."""

    max_bytes: int | None = int(DEFAULT_MAX_FILE_MB * 1e6)
    timeout_s: float | None = DEFAULT_FILE_TIMEOUT
    slow_dir: str | None = None
    chunk_timeout_s: float | None = None  # the watchdog per chunk; None: derived from timeout_s

    @classmethod
    def from_env(
        cls, max_file_mb: float | None = None, timeout_s: float | None = None, slow_dir: str | None = None
    ) -> Limits:
        mb = (
            max_file_mb
            if max_file_mb is not None
            else float(os.environ.get(MAX_FILE_MB_ENV, DEFAULT_MAX_FILE_MB))
        )
        t = (
            timeout_s
            if timeout_s is not None
            else float(os.environ.get(FILE_TIMEOUT_ENV, DEFAULT_FILE_TIMEOUT))
        )
        return cls(int(mb * 1e6) if mb > 0 else None, t if t > 0 else None, slow_dir)


class FileTimeout(BaseException):
    """Raised inside a parse that ran past its time limit. A BaseException, so the parser's own
    catch-all (which turns a parser bug into a `parse_error`) lets it through to the worker."""


def _limit_message(seconds: float) -> str:
    return f"parsing took longer than the {seconds:g} s limit (--file-timeout)"


@contextmanager
def time_limit(seconds: float | None, path: str, slow_dir: str | None = None):
    """Run the body under a wall-clock limit. In a process's main thread (the local pool's workers) by
    SIGALRM; in any other thread (a Dask worker runs its tasks in threads) by an exception set in that
    thread (`_thread_limit`). At SLOW_SECONDS the file is named in `slow_dir` for the progress bar (main
    thread only)."""
    if not seconds:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        with _thread_limit(seconds):
            yield
        return
    marker = Path(slow_dir) / str(os.getpid()) if slow_dir else None
    state = {"slow": False}

    def on_alarm(signum, frame):
        if marker is not None and not state["slow"] and seconds > SLOW_SECONDS:
            state["slow"] = True
            with suppress(OSError):
                marker.write_text(path, encoding="utf-8")
            signal.setitimer(signal.ITIMER_REAL, seconds - SLOW_SECONDS)
            return
        raise FileTimeout(_limit_message(seconds))

    old = signal.signal(signal.SIGALRM, on_alarm)
    first = SLOW_SECONDS if marker is not None and seconds > SLOW_SECONDS else seconds
    signal.setitimer(signal.ITIMER_REAL, first)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        if state["slow"] and marker is not None:
            marker.unlink(missing_ok=True)


@contextmanager
def _thread_limit(seconds: float):
    """The limit for a parse running in a thread that is not the main one, where no signal reaches it: a
    timer raises FileTimeout in the parsing thread (`PyThreadState_SetAsyncExc`), delivered between two
    bytecodes. That stops a runaway parse in Python code, which is what the parser is; a thread stuck
    inside C code is only reached by the executor's chunk watchdog, which restarts the worker."""
    tid = threading.get_ident()
    message = _limit_message(seconds)
    timeout = type(
        "FileTimeout", (FileTimeout,), {"__init__": lambda self, *_: FileTimeout.__init__(self, message)}
    )
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(timeout))
                state["fired"] = True

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
        timer.cancel()
        if state["fired"]:  # fired as the body ended: withdraw an exception not delivered yet
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)


def slow_files(slow_dir: str | None) -> list[str]:
    """The files workers are parsing right now that have taken longer than SLOW_SECONDS."""
    if not slow_dir:
        return []
    out = []
    for p in Path(slow_dir).glob("*"):
        try:
            out.append(p.read_text(encoding="utf-8"))
        except OSError:
            continue
    return sorted(out)
