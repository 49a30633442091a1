"""Ordinary conditions → one line that names the problem and the fix, and an exit code (2: usage, 1:
failure, 130: interrupted). Tracebacks are for bugs, and only with `ogi --debug`."""

from __future__ import annotations

import errno
import re
from pathlib import Path

USAGE, FAILURE, INTERRUPTED = 2, 1, 130


class StageNotBuilt(Exception):
    """A pipeline layer that this checkout (or this warehouse) does not have yet: named, and the run goes on."""


class UsageError(Exception):
    """A command line that cannot mean anything (a path that does not exist, a file where a folder goes)."""


_DUCKDB_LOCK = re.compile(r"Conflicting lock is held in (?P<prog>\S+)(?: \(PID (?P<pid>\d+)\))?")


def explain(exc: BaseException, warehouse: Path) -> tuple[str, int] | None:
    """(message, exit code) for a known condition, None for a bug (which keeps its traceback)."""
    from extract.batch import WorkersUnavailable
    from extract.ingest import MissingPaths
    from ogi.lock import WarehouseLocked

    if isinstance(exc, KeyboardInterrupt):
        return (
            "interrupted: the warehouse holds every batch committed before Ctrl-C; run the same command "
            "again to continue",
            INTERRUPTED,
        )
    if isinstance(exc, MissingPaths):
        return f"{exc}; check the spelling (nothing was stored)", USAGE
    if isinstance(exc, UsageError):
        return str(exc), USAGE
    if isinstance(exc, WarehouseLocked | WorkersUnavailable):
        return str(exc), FAILURE
    text = f"{exc}"
    if m := _DUCKDB_LOCK.search(text):
        who = f"PID {m['pid']}, {Path(m['prog']).name}" if m["pid"] else Path(m["prog"]).name
        return (
            f"{warehouse} is open in another process ({who}, e.g. a notebook); close that connection "
            "(con.close()) or use another --warehouse",
            FAILURE,
        )
    code = getattr(exc, "errno", None)
    if code == errno.ENOSPC or "No space left on device" in text:
        return (
            f"disk full while writing {_where(exc, warehouse)}: free some space and run the command again "
            "(the warehouse holds every batch committed before)",
            FAILURE,
        )
    if (
        code in (errno.EACCES, errno.EPERM, errno.EROFS)
        or "Permission denied" in text
        or "Read-only file" in text
    ):
        return (
            f"cannot write {_where(exc, warehouse)}: permission denied; fix the folder's permissions or "
            "choose a writable --warehouse",
            FAILURE,
        )
    return None


def _where(exc: BaseException, warehouse: Path) -> str:
    name = getattr(exc, "filename", None)
    return str(name) if name else str(warehouse)
