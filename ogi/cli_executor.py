"""The `--executor/--scheduler/--staging` options of `ogi ingest` and `ogi run`, the executor they name
(None for the local process pool, or `extract.run.dask_executor.DaskExecutor`), and the paths argument
that may hold fsspec URLs."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class ExecutorChoice(StrEnum):
    local = "local"
    dask = "dask"


ExecutorKind = Annotated[
    ExecutorChoice,
    typer.Option(
        "--executor",
        help=(
            "Where files are parsed: local (a process pool) or dask (Dask distributed: a LocalCluster, or the "
            "cluster at --scheduler)."
        ),
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        show_default=False,
        help=("Dask scheduler address, e.g. tcp://host:8786 ($OGI_DASK_SCHEDULER; default: a LocalCluster)."),
    ),
]
Staging = Annotated[
    Path | None,
    typer.Option(
        show_default=False,
        help=(
            "Folder every Dask worker writes its Parquet shards to and this machine reads ($OGI_STAGING; "
            "needed with --scheduler; default: a temp folder)."
        ),
    ),
]


def as_paths(given: list[str]) -> list[Path | str]:
    """Command-line paths as `Path`s, fsspec URLs (s3://…) kept as strings (a Path folds their `//`)."""
    from extract.run.sources import is_url

    return [g if is_url(g) else Path(g) for g in given]


@dataclass(frozen=True)
class Extraction:
    """How files are parsed: the options `ogi ingest` and `ogi run` share."""

    workers: int | None = None
    max_file_mb: float | None = None
    file_timeout: float | None = None
    executor: str = ExecutorChoice.local
    scheduler: str | None = None
    staging: Path | None = None

    def limits(self):
        """The per-file limits (`extract.run.limits.Limits`): these options, else the environment."""
        from extract.run.limits import Limits

        return Limits.from_env(self.max_file_mb, self.file_timeout)

    def open_executor(self):
        return open_executor(self.executor, self.scheduler, self.workers, self.staging)


def open_executor(kind: str, scheduler: str | None, workers: int | None, staging: Path | None):
    """None (the local pool) or a Dask executor; a usage error when the options do not fit together or
    Dask is missing or unreachable (one line, with the fix)."""
    from ogi.errors import UsageError

    if kind != ExecutorChoice.dask:
        if scheduler or staging:
            raise UsageError("--scheduler and --staging need --executor dask")
        return None
    from extract.run.dask_executor import DaskExecutor, DaskUnavailable

    try:
        return DaskExecutor(scheduler, workers=workers, staging=staging)
    except DaskUnavailable as e:
        raise UsageError(str(e)) from None
