"""What every `ogi` command shares: the consoles, the settings of the top-level options, the guard that
turns ordinary conditions into one line (ogi/errors.py), the progress bar and the common options."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, TypeVar

import click
import duckdb
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ogi.config import default_warehouse

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


@dataclass
class Settings:
    warehouse: Path
    quiet: bool
    debug: bool = False
    warehouse_given: bool = True  # --warehouse or $OGI_WAREHOUSE (else `ogi run` keeps the samples apart)


def show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        from extract import EXTRACTOR_VERSION

        try:
            v = version("ogi-warehouse")
        except PackageNotFoundError:
            v = "unknown"
        typer.echo(f"ogi {v} (extractor {EXTRACTOR_VERSION})")
        raise typer.Exit()


F = TypeVar("F", bound=Callable)


def guarded(fn: F) -> F:
    """Ordinary conditions (lock held, disk full, no permission, Ctrl-C, a typo in a path) end the command
    with one line naming the fix and exit 2 (usage) or 1; tracebacks only with --debug (ogi/errors.py)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from ogi.errors import explain

        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except BaseException as e:
            ctx = kwargs.get("ctx") or click.get_current_context(silent=True)
            s = ctx.find_object(Settings) if ctx else None
            known = explain(e, s.warehouse if s else default_warehouse())
            if known is None or (s and s.debug):
                raise
            err.print(f"[red]error:[/] {escape(known[0])}", highlight=False, soft_wrap=True)
            raise typer.Exit(known[1]) from None

    return wrapper  # type: ignore[return-value]


def locked(s: Settings):
    from ogi.lock import RunLock

    return RunLock(s.warehouse)


def connect(s: Settings) -> duckdb.DuckDBPyConnection:
    s.warehouse.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(s.warehouse))


def require_paths(paths: list[Path]) -> None:
    """A mistyped path is a usage error before anything is opened or stored."""
    from extract.run.sources import is_url  # a URL is checked when it is listed (MissingPaths)
    from ogi.errors import UsageError

    missing = [p for p in paths if not is_url(p) and not (p.exists() or p.is_symlink())]
    if missing:
        raise UsageError(
            f"no such file or folder: {', '.join(map(str, missing))}; check the spelling (nothing was stored)"
        )


def usage(message: str) -> Exception:
    from ogi.errors import UsageError

    return UsageError(message)


class progress:
    """A rich progress bar with the total and, when a file is slow, its name; nothing with --quiet."""

    def __init__(self, s: Settings, label: str) -> None:
        self.s, self.label, self.p, self.task = s, label, None, None

    def __enter__(self) -> progress:
        if not self.s.quiet:
            self.p = Progress(
                TextColumn(f"[bold]{self.label}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[slow]}"),
                console=err,
                transient=True,
            )
            self.p.__enter__()
            self.task = self.p.add_task(self.label, total=None, slow="")
        return self

    def advance(self, n: int) -> None:
        if self.p:
            self.p.advance(self.task, n)

    def total(self, n: int) -> None:
        if self.p:
            self.p.update(self.task, total=n)

    def slow(self, paths: list[str]) -> None:
        if self.p:
            shown = ", ".join(Path(p).name for p in paths[:2]) + (
                f" +{len(paths) - 2}" if len(paths) > 2 else ""
            )
            self.p.update(self.task, slow=f"[yellow]slow: {shown}[/]" if paths else "")

    def __exit__(self, *exc: object) -> None:
        if self.p:  # idempotent: `ogi run` closes the bar when the ingest stage ends
            p, self.p = self.p, None
            p.__exit__(*exc)


MaxFileMb = Annotated[
    float | None,
    typer.Option(
        help="Per-file size limit in MB; larger files land as failed (default 50, "
        "$OGI_MAX_FILE_MB; 0: none).",
        show_default=False,
    ),
]
FileTimeout = Annotated[
    float | None,
    typer.Option(
        help="Per-file parse time limit in seconds (default 60, $OGI_FILE_TIMEOUT; 0: none).",
        show_default=False,
    ),
]
Workers = Annotated[int | None, typer.Option(help="Parse worker processes (default: all cores).")]
