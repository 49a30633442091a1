"""`ogi`: the command line. A thin layer: every command parses options and calls the library."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import click
import duckdb
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ogi.config import (
    WAREHOUSE_ENV,
    data_dir,
    default_warehouse,
    docs_dir,
    export_dir,
    raw_dir,
    samples_dir,
    samples_warehouse,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        from extract import EXTRACTOR_VERSION

        try:
            v = version("ogi-warehouse")
        except PackageNotFoundError:
            v = "unknown"
        typer.echo(f"ogi {v} (extractor {EXTRACTOR_VERSION})")
        raise typer.Exit()


app = typer.Typer(
    name="ogi",
    help=(
        "Warehouse for 政府信息公开工作年度报告 (annual reports on government information disclosure).\n\n"
        "Example: ogi run   (ingest, build, check and export the bundled samples)"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


@dataclass
class Settings:
    warehouse: Path
    quiet: bool
    debug: bool = False
    warehouse_given: bool = True  # --warehouse or $OGI_WAREHOUSE (else `ogi run` keeps the samples apart)


class StageNotBuilt(Exception):
    """A pipeline layer that this checkout does not have yet."""


@app.callback()
def main(
    ctx: typer.Context,
    warehouse: Annotated[
        Path | None,
        typer.Option("--warehouse", "-w", help="DuckDB warehouse file (default: $OGI_WAREHOUSE or data/warehouse.duckdb)"),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or dbt logs.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks instead of one-line errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True, callback=_version)
    ] = False,
) -> None:
    """Warehouse for 政府信息公开工作年度报告. Example: [bold]ogi --warehouse /tmp/w.duckdb run data/samples[/]"""
    import os

    given = warehouse is not None or bool(os.environ.get(WAREHOUSE_ENV))
    ctx.obj = Settings((warehouse or default_warehouse()).resolve(), quiet, debug, given)


def _settings(ctx: typer.Context) -> Settings:
    return ctx.obj


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


def _locked(s: Settings):
    from ogi.lock import RunLock

    return RunLock(s.warehouse)


def _connect(s: Settings) -> duckdb.DuckDBPyConnection:
    s.warehouse.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(s.warehouse))


def _require_paths(paths: list[Path]) -> None:
    """A mistyped path is a usage error before anything is opened or stored."""
    from ogi.errors import UsageError

    missing = [p for p in paths if not (p.exists() or p.is_symlink())]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(map(str, missing))}; check the spelling "
                         "(nothing was stored)")


# ---------------------------------------------------------------- extract


@app.command(epilog="Example: ogi extract data/samples/*.txt > records.jsonl")
def extract(
    files: Annotated[list[Path], typer.Argument(help="Report files (text, HTML) or directories.")],
    pretty: Annotated[bool, typer.Option(help="Indent each record (not JSON Lines any more).")] = False,
    provenance: Annotated[bool, typer.Option(help="Include per-cell provenance (`cells`).")] = False,
) -> None:
    """Parse report files and print one JSON record per document (REPORTS.md §9 shape) to stdout.

    Needs no warehouse. Records keep blank cells as null and list every parse issue.
    """
    from extract.batch import iter_files
    from extract.parse import parse_file

    for path in iter_files(files):
        rec = parse_file(path)
        if not provenance:
            rec.pop("cells", None)
        sys.stdout.write(json.dumps(rec, ensure_ascii=False, indent=2 if pretty else None) + "\n")
        for i in rec["issues"]:
            if i["severity"] == "error":
                where = "" if str(path) in i["message"] else f"{path}: "
                err.print(f"[red]error[/] {where}{i['code']}: {i['message']}")


# ---------------------------------------------------------------- ingest


def _ingest(s: Settings, paths: list[Path], *, force: bool, strict: bool, workers: int | None = None,
            max_file_mb: float | None = None, file_timeout: float | None = None, executor: str = "local",
            scheduler: str | None = None, staging: Path | None = None) -> int:
    from extract.ingest import ingest
    from extract.run.limits import Limits

    _require_paths(paths)
    limits = Limits.from_env(max_file_mb, file_timeout)
    ex = _executor(executor, scheduler, workers, staging)
    con = _connect(s)
    try:
        with _progress(s, "ingest") as bar:
            summary = ingest(
                con,
                paths,
                force=force,
                workers=workers,
                parquet_dir=raw_dir(s.warehouse),
                limits=limits,
                executor=ex,
                on_progress=bar.advance,
                on_total=bar.total,
                on_slow=bar.slow,
                exclude=[data_dir(s.warehouse)],
            )
    finally:
        con.close()
        if ex is not None:
            ex.close()
    return _print_ingest(summary, strict)


def _print_ingest(summary, strict: bool) -> int:
    """The ingest's one-line summary and every file that failed, is not a report or has an error."""
    out.print(
        f"ingest: {summary.files} files, {summary.landed} landed, {summary.skipped} unchanged, "
        f"{len(summary.failed)} failed, {len(summary.not_reports)} not reports, {summary.cells} cells"
        + (f", {summary.gone} gone" if summary.gone else ""),
        highlight=False,
    )
    for folder, why in summary.problems:
        err.print(f"[yellow]not searched[/] {folder} {why}", highlight=False, soft_wrap=True)
    for path, message in summary.failed:
        err.print(f"[red]failed[/] {message if path in message else f'{path}: {message}'}", highlight=False,
                  soft_wrap=True)
    for path, message in summary.errors:
        err.print(f"[red]error[/] {message if path in message else f'{path}: {message}'}", highlight=False,
                  soft_wrap=True)
    for path in summary.not_reports:
        err.print(f"[yellow]not a report[/] {path}", highlight=False, soft_wrap=True)
    return summary.landed if not (strict and (summary.failed or summary.not_reports)) else -1


def _executor(kind: str, scheduler: str | None, workers: int | None, staging: Path | None):
    """None (the local pool) or a Dask executor: a LocalCluster, or the cluster at --scheduler."""
    from ogi.errors import UsageError

    if kind != "dask":
        if scheduler or staging:
            raise UsageError("--scheduler and --staging need --executor dask")
        return None
    from extract.run.dask_executor import DaskExecutor, DaskUnavailable

    try:
        return DaskExecutor(scheduler, workers=workers, staging=staging)
    except DaskUnavailable as e:
        raise UsageError(str(e)) from None


class _progress:
    """A rich progress bar with the total and, when a file is slow, its name; nothing with --quiet."""

    def __init__(self, s: Settings, label: str) -> None:
        self.s, self.label, self.p, self.task = s, label, None, None

    def __enter__(self) -> _progress:
        if not self.s.quiet:
            self.p = Progress(
                TextColumn(f"[bold]{self.label}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                TextColumn("{task.fields[slow]}"), console=err, transient=True,
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
            shown = ", ".join(Path(p).name for p in paths[:2]) + (f" +{len(paths) - 2}" if len(paths) > 2 else "")
            self.p.update(self.task, slow=f"[yellow]slow: {shown}[/]" if paths else "")

    def __exit__(self, *exc: object) -> None:
        if self.p:
            p, self.p = self.p, None
            p.__exit__(*exc)


MaxFileMb = Annotated[
    float | None, typer.Option(help="Per-file size limit in MB; larger files land as failed (default 50, "
                               "$OGI_MAX_FILE_MB; 0: none).", show_default=False)
]
FileTimeout = Annotated[
    float | None, typer.Option(help="Per-file parse time limit in seconds (default 60, $OGI_FILE_TIMEOUT; "
                               "0: none).", show_default=False)
]
Workers = Annotated[int | None, typer.Option(help="Parse worker processes (default: all cores).")]


class ExecutorChoice(StrEnum):
    local = "local"
    dask = "dask"


ExecutorKind = Annotated[ExecutorChoice, typer.Option("--executor", help=(
    "Where files are parsed: local (a process pool) or dask (Dask distributed: a LocalCluster, or the "
    "cluster at --scheduler)."))]
Scheduler = Annotated[str | None, typer.Option(
    show_default=False,
    help="Dask scheduler address, e.g. tcp://host:8786 ($OGI_DASK_SCHEDULER; default: a LocalCluster).")]
Staging = Annotated[Path | None, typer.Option(
    show_default=False,
    help="Folder every Dask worker writes its Parquet shards to and this machine reads ($OGI_STAGING; "
    "needed with --scheduler; default: a temp folder).")]


@app.command(epilog="Example: ogi ingest data/samples reports/2024/ --strict\n\n"
             "Example: ogi ingest /shared/reports --executor dask --scheduler tcp://10.0.0.5:8786 "
             "--staging /shared/ogi-staging")
@guarded
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or directories (searched recursively).")],
    force: Annotated[bool, typer.Option(help="Re-parse documents already landed by this extractor version.")] = False,
    strict: Annotated[bool, typer.Option(help="Exit non-zero if any file failed or is not a report.")] = False,
    workers: Workers = None,
    max_file_mb: MaxFileMb = None,
    file_timeout: FileTimeout = None,
    executor: ExecutorKind = ExecutorChoice.local,
    scheduler: Scheduler = None,
    staging: Staging = None,
) -> None:
    """Parse files into the warehouse's raw tables (documents, sections, cells, parse issues).

    Idempotent: the document id is the sha256 of the file, so unchanged files are skipped. One bad
    file lands as a failed document with its issues; the rest of the batch lands. A file changed in
    place supersedes its old version; a file gone from a folder named again is marked gone.
    """
    s = _settings(ctx)
    _require_paths(paths)
    with _locked(s):
        landed = _ingest(s, paths, force=force, strict=strict, workers=workers, max_file_mb=max_file_mb,
                         file_timeout=file_timeout, executor=executor.value, scheduler=scheduler, staging=staging)
    if landed < 0:
        raise typer.Exit(1)


# ---------------------------------------------------------------- lifecycle: status, remove


@app.command(epilog="Example: ogi status --all")
@guarded
def status(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="List every document with its status and path.")] = False,
) -> None:
    """How many documents are current, superseded (a newer version of the file was ingested), gone (the
    file vanished from its folder), removed (`ogi remove`) and failed. Facts and marts count current ones."""
    from extract.lifecycle import lifecycle_counts, lifecycle_rows

    s = _settings(ctx)
    if not s.warehouse.exists():
        raise _usage(f"no warehouse at {s.warehouse} (run `ogi ingest` first)")
    try:  # read-only, so a running ingest's lock is not needed; this process may hold a plain one already
        con = duckdb.connect(str(s.warehouse), read_only=True)
    except duckdb.ConnectionException:
        con = duckdb.connect(str(s.warehouse))
    try:
        try:
            counts = lifecycle_counts(con)
            rows = lifecycle_rows(con) if all_ else []
        except duckdb.CatalogException:
            counts, rows = {}, []
    finally:
        con.close()
    out.print(
        f"status: {counts.get('current', 0)} current ({counts.get('reports', 0)} reports, "
        f"{counts.get('not_reports', 0)} not reports, {counts.get('failed', 0)} failed), "
        f"{counts.get('superseded', 0)} superseded, {counts.get('gone', 0)} gone, {counts.get('removed', 0)} removed",
        highlight=False,
    )
    for state, parse_status, path, doc_id in rows:
        out.print(f"{state:10s} {parse_status:18s} {doc_id[:12]}  {path}", highlight=False, soft_wrap=True)


@app.command(epilog="Example: ogi remove reports/2023/duplicate.html")
@guarded
def remove(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders whose documents to retire.")],
) -> None:
    """Retire the documents at PATHs (every file below a folder): they stay in the warehouse for audit,
    marked removed, and the next build stops counting them in facts and marts."""
    from extract.land import bump_generation, ensure_manifest, ensure_schema
    from extract.lifecycle import ensure_lifecycle, remove_paths

    s = _settings(ctx)
    with _locked(s):
        con = _connect(s)
        try:
            ensure_schema(con)
            ensure_manifest(con)
            ensure_lifecycle(con)
            retired, unknown = remove_paths(con, paths)
            if retired:
                bump_generation(con)
        finally:
            con.close()
    if unknown:
        raise _usage(f"not in the warehouse: {', '.join(unknown)} (see `ogi status --all`)")
    out.print(f"remove: {retired} file(s) retired; run `ogi build` to update the marts", highlight=False)


def _usage(message: str) -> Exception:
    from ogi.errors import UsageError

    return UsageError(message)


# ---------------------------------------------------------------- build


def _build(s: Settings, exclude: str | None = None) -> bool:
    from ogi.build import dbt_build

    con = _connect(s)  # sources must exist even before the first ingest
    try:
        from extract.land import ensure_manifest, ensure_schema
        from extract.lifecycle import ensure_lifecycle

        ensure_schema(con)
        ensure_manifest(con)
        ensure_lifecycle(con)
        _ensure_check_store(con)
    finally:
        con.close()
    summary = dbt_build(s.warehouse, exclude=exclude, quiet=s.quiet)
    return _print_build(summary)


def _print_build(summary) -> bool:
    counts = ", ".join(f"{n} {k}" for k, n in sorted(summary.counts.items()))
    out.print(f"build: {'ok' if summary.success else 'FAILED'} ({counts or 'nothing ran'})")
    for f in summary.failures:
        err.print(f"[red]{f}[/]")
    return summary.success


def _ensure_check_store(con: duckdb.DuckDBPyConnection) -> None:
    try:
        from expectations.store import ensure_results_table
    except ImportError:
        return
    ensure_results_table(con)


@app.command(epilog="Example: ogi --warehouse data/warehouse.duckdb build")
@guarded
def build(ctx: typer.Context) -> None:
    """Run `dbt build` on the warehouse: seeds, staging views, intermediate models, marts and dbt tests."""
    s = _settings(ctx)
    with _locked(s):
        ok = _build(s)
    if not ok:
        raise typer.Exit(1)


# ---------------------------------------------------------------- check


def _check(s: Settings, fail_on: str | None) -> bool:
    try:
        from expectations.runner import ChecksNotBuilt, run_checks
    except ImportError as e:
        raise StageNotBuilt("check: the expectations layer is not built yet") from e
    if not s.warehouse.exists():
        raise StageNotBuilt(f"check: no warehouse at {s.warehouse} (run `ogi ingest` and `ogi build` first)")
    try:
        summary = run_checks(s.warehouse, docs_dir=docs_dir(s.warehouse), quiet=s.quiet)
    except ChecksNotBuilt as e:
        raise StageNotBuilt(f"check: {e}") from e
    summary.print(out)
    return not (fail_on == "error" and summary.error_failures)


@app.command(epilog="Example: ogi check --fail-on error")
@guarded
def check(
    ctx: typer.Context,
    fail_on: Annotated[
        str | None, typer.Option(help="'error': exit 1 when an error-severity rule fails in any report.")
    ] = None,
) -> None:
    """Run the balance (勾稽关系) and plausibility expectations; store results in the warehouse.

    Prints rule × status counts and the failing reports with their numbers, and writes Data Docs.
    Failing reports are findings, so the exit code is 0 unless --fail-on error.
    """
    if fail_on not in (None, "error"):
        raise typer.BadParameter(f"expected 'error', got {fail_on!r}", param_hint="--fail-on")
    s = _settings(ctx)
    try:
        with _locked(s):
            ok = _check(s, fail_on)
    except StageNotBuilt as e:
        err.print(f"[red]{e}[/]")
        raise typer.Exit(2) from e
    if not ok:
        raise typer.Exit(1)


# ---------------------------------------------------------------- export


def _export(s: Settings, out_dir: Path) -> list[Path]:
    from ogi.export import export_marts

    con = _connect(s)
    try:
        written = export_marts(con, out_dir)
    finally:
        con.close()
    if not written:
        raise StageNotBuilt("export: no mart tables in the warehouse yet (run `ogi build` first)")
    out.print(f"export: {len(written)} Parquet files in {out_dir}")
    return written


@app.command(epilog="Example: ogi export --out data/export")
@guarded
def export(
    ctx: typer.Context,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Folder for the Parquet files (default: beside the warehouse, "
                                  "<warehouse stem>/export).", show_default=False)
    ] = None,
) -> None:
    """Export every mart table (dimensions, facts, the agency-year mart, check results) to Parquet."""
    s = _settings(ctx)
    try:
        with _locked(s):
            _export(s, out_dir or export_dir(s.warehouse))
    except StageNotBuilt as e:
        err.print(f"[red]{e}[/]")
        raise typer.Exit(2) from e


# ---------------------------------------------------------------- run


@app.command(epilog="Example: ogi run            (the bundled samples, into data/samples-warehouse.duckdb)\n\n"
             "Example: ogi run reports/2024/")
@guarded
def run(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or directories (default: data/samples).")] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Parquet export folder (default: <warehouse stem>/export).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Re-parse every file and re-run every stage.")] = False,
    workers: Workers = None,
    max_file_mb: MaxFileMb = None,
    file_timeout: FileTimeout = None,
    executor: ExecutorKind = ExecutorChoice.local,
    scheduler: Scheduler = None,
    staging: Staging = None,
) -> None:
    """Ingest → build → check → export in one go, then print a short summary.

    Runs every stage this checkout has and names the ones that are not built yet. When neither the
    documents nor the project changed since the last complete run, build, check and export are skipped.
    Without PATHs the bundled samples go to their own warehouse (data/samples-warehouse.duckdb) unless --warehouse
    or $OGI_WAREHOUSE names one. The warehouse is locked for the whole run.
    """
    s = _settings(ctx)
    if not paths:
        paths = [samples_dir()]
        if not s.warehouse_given:
            s.warehouse = samples_warehouse()
    _require_paths(paths)
    out_dir = out_dir or export_dir(s.warehouse)
    with _locked(s):
        _run(s, paths, out_dir, force=force, workers=workers, max_file_mb=max_file_mb, file_timeout=file_timeout,
             executor=executor.value, scheduler=scheduler, staging=staging)


def _run(s: Settings, paths: list[Path], out_dir: Path, *, force: bool, workers: int | None = None,
         max_file_mb: float | None = None, file_timeout: float | None = None, executor: str = "local",
         scheduler: str | None = None, staging: Path | None = None) -> None:
    """`ogi.pipeline.run_pipeline`, printing each stage as it ends."""
    from extract.run.limits import Limits
    from ogi.pipeline import run_pipeline

    bar = _progress(s, "ingest")

    def on_stage(name: str, result) -> None:
        if name == "ingest":
            bar.__exit__(None, None, None)
            _print_ingest(result, strict=False)
        elif name == "build":
            _print_build(result)
        elif name == "check" and result is not None:
            result.print(out)
        elif name == "export" and result:
            out.print(f"export: {len(result)} Parquet files in {out_dir}")
        elif name == "report" and result is not None:
            out.print(f"report: {result.files} files; open {result.index}", highlight=False)

    ex = _executor(executor, scheduler, workers, staging)
    try:
        with bar:
            res = run_pipeline(s.warehouse, paths, out_dir=out_dir, force=force, quiet=s.quiet, workers=workers,
                               limits=Limits.from_env(max_file_mb, file_timeout), executor=ex, on_stage=on_stage,
                               on_progress=bar.advance, on_total=bar.total, on_slow=bar.slow)
    finally:
        if ex is not None:
            ex.close()
    if res.unchanged_since:
        out.print(f"run: documents and project unchanged since the complete run of "
                  f"{res.unchanged_since:%Y-%m-%d %H:%M:%S}; build, check and export skipped (use --force to redo them)")
    if res.failed == "build":
        err.print("[red]run: build failed; stopping[/]")
        raise typer.Exit(1)
    if res.failed:
        for f in res.build.failures if res.build else []:
            err.print(f"[red]{escape(f)}[/]")
        raise typer.Exit(1)
    _print_run_summary(s, out_dir)
    for msg in res.not_built:
        err.print(f"[yellow]not built yet:[/] {msg}")


def _print_run_summary(s: Settings, out_dir: Path) -> None:
    from extract.lifecycle import lifecycle_counts

    con = _connect(s)  # same configuration as the stages' connections: DuckDB refuses a mix in one process
    try:
        n = lifecycle_counts(con)
        cells = con.execute(
            "select count(*) from raw.cells where doc_id in "
            "(select doc_id from raw.document_lifecycle where lifecycle_status = 'current')"
        ).fetchone()[0]
        checks = _check_counts(con)
    finally:
        con.close()
    t = Table(title="ogi run", show_header=False)
    older = ", ".join(f"{n[k]} {k}" for k in ("superseded", "gone", "removed") if n[k])
    t.add_row("documents", f"{n['current']} current ({n['reports']} reports, {n['not_reports']} not reports, "
              f"{n['failed']} failed)" + (f"; {older}" if older else ""))
    t.add_row("cells", str(cells))
    if checks:
        t.add_row("rule results", ", ".join(f"{n} {k}" for k, n in checks))
    t.add_row("warehouse", str(s.warehouse))
    t.add_row("exports", str(out_dir))
    out.print(t)


def _check_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    try:
        return con.execute("select status, count(*) from raw.check_results group by 1 order by 1").fetchall()
    except duckdb.Error:
        return []


# ---------------------------------------------------------------- synth


@app.command(epilog="Example: ogi synth --n 10000 --out data/synth/c10k --seed 1   (truth: data/synth/c10k.truth.jsonl)")
@guarded
def synth(
    n: Annotated[int, typer.Option("--n", help="Number of files to write.")] = 1000,
    out_dir: Annotated[Path, typer.Option("--out", help="Corpus folder (must be empty or missing).")] = Path(
        "data/synth/corpus"
    ),
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same corpus.")] = 0,
    defect_rate: Annotated[
        float, typer.Option(help="Share of files with an injected defect (some of them non-report pages).")
    ] = 0.05,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: all cores).")] = None,
    force: Annotated[bool, typer.Option(help="Replace a corpus folder written by an earlier `ogi synth` (never "
                                  "another folder).")] = False,
) -> None:
    """Write a synthetic corpus of annual reports with ground truth, for benchmarks and accuracy tests.

    Agencies of every level across provinces, years 2019–2025 on the right template, every layout,
    balanced values with consecutive-year carry-over, and injected defects. The truth (one REPORTS.md §9
    record per file, plus its defects) goes beside the folder as DIR.truth.jsonl, so `ogi run DIR`
    ingests only documents.
    """
    from synth.generate import generate

    try:
        summary = generate(n, out_dir, seed=seed, defect_rate=defect_rate, workers=workers, force=force)
    except (FileExistsError, NotADirectoryError) as e:
        err.print(f"[red]error:[/] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from e
    out.print(
        f"synth: {summary.files} files in {out_dir} ({summary.reports} reports of {summary.agencies} agencies, "
        f"{summary.non_reports} non-reports, {summary.defects} with a defect); truth: {summary.truth}"
    )


if __name__ == "__main__":
    app()
