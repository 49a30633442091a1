"""A run-level lock beside the warehouse, held for a whole `ogi run`/`ingest`/`build`/`check`/`export`.

DuckDB's own file lock is released between stages (dbt opens its own connection), so without this an
`ogi ingest` started in the gap would interleave with a running `ogi run`. `fcntl.flock` is released by
the kernel when its process dies, so a stale lock file of a killed run never blocks the next one.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from ogi.config import lock_path


class WarehouseLocked(Exception):
    """Another ogi process holds the warehouse's run lock."""

    def __init__(self, warehouse: Path, holder: str) -> None:
        self.warehouse, self.holder = warehouse, holder
        super().__init__(
            f"another ogi command{holder} is using {warehouse}; wait for it to finish, or use another --warehouse"
        )


class RunLock:
    """`with RunLock(warehouse):` — exclusive, non-blocking; raises WarehouseLocked when held elsewhere."""

    def __init__(self, warehouse: Path) -> None:
        self.warehouse = warehouse
        self.path = lock_path(warehouse)
        self.fd: int | None = None

    def __enter__(self) -> RunLock:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            holder = _holder(fd)
            os.close(fd)
            if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise WarehouseLocked(self.warehouse, holder) from None
            raise
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the flock; the file stays (removing it would race)
            self.fd = None


def _holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode().strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
