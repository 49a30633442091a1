"""Per-file limits enforced where the file is parsed: a size cap checked before reading, and a time cap
that interrupts a runaway parse, so one file becomes a named failure instead of a stuck or dead worker.

The defaults are far above any real report (the largest real reports are a few MB and parse in well
under a second); both can be changed with `ogi ingest --max-file-mb/--file-timeout` or the environment.
"""

from __future__ import annotations

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


@contextmanager
def time_limit(seconds: float | None, path: str, slow_dir: str | None = None):
    """Run the body under a wall-clock limit (SIGALRM; only in a process's main thread, where workers of
    the local pool run their tasks). At SLOW_SECONDS the file is named in `slow_dir` for the progress bar."""
    if not seconds or threading.current_thread() is not threading.main_thread():
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
        raise FileTimeout(f"parsing took longer than the {seconds:g} s limit (--file-timeout)")

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
