"""`ogi`: the command line. A thin layer: every command parses options and calls the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.table import Table

from ogi.cli_executor import ExecutorChoice, ExecutorKind, Extraction, Scheduler, Staging, as_paths
from ogi.cli_lifecycle import remove, status
from ogi.config import (
    WAREHOUSE_ENV,
    data_dir,
    default_warehouse,
    docs_dir,
    export_dir,
    samples_dir,
    samples_warehouse,
)
from ogi.console import (
    FileTimeout,
    MaxFileMb,
    Settings,
    Workers,
    connect,
    err,
    guarded,
    locked,
    out,
    progress,
    require_paths,
    show_version,
)
from ogi.errors import StageNotBuilt

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


@app.callback()
def main(
    ctx: typer.Context,
    warehouse: Annotated[
        Path | None,
        typer.Option(
            "--warehouse",
            "-w",
            help="DuckDB warehouse file (default: $OGI_WAREHOUSE or data/warehouse.duckdb)",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or dbt logs.")] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks instead of one-line errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", is_eager=True, callback=show_version),
    ] = False,
) -> None:
    """Warehouse for 政府信息公开工作年度报告. Example: [bold]ogi --warehouse /tmp/w.duckdb run data/samples[/]"""
    import os

    given = warehouse is not None or bool(os.environ.get(WAREHOUSE_ENV))
    ctx.obj = Settings((warehouse or default_warehouse()).resolve(), quiet, debug, given)


def _settings(ctx: typer.Context) -> Settings:
    return ctx.obj


# ---------------------------------------------------------------- extract


@app.command(epilog="Example: ogi extract data/samples/*.txt > records.jsonl")
def extract(
    files: Annotated[list[Path], typer.Argument(help="Report files (text, HTML) or directories.")],
    pretty: Annotated[bool, typer.Option(help="Indent each record (not JSON Lines any more).")] = False,
    provenance: Annotated[
        bool,
        typer.Option(
            help="Print where each cell was read instead: one JSON line per cell (key, value, "
            "raw, page, line, box, source)."
        ),
    ] = False,
) -> None:
    """Parse report files and print one JSON record per document (docs/REPORTS.md §9 shape) to stdout.

    Needs no warehouse. Records keep blank cells as null and list every parse issue.
    """
    from extract.batch import iter_files
    from extract.parse import parse_file

    for path in iter_files(files):
        rec = parse_file(path)
        if provenance:
            from extract.provenance import cell_provenance

            for row in cell_provenance(rec):
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            rec.pop("cells", None)
            sys.stdout.write(json.dumps(rec, ensure_ascii=False, indent=2 if pretty else None) + "\n")
        for i in rec["issues"]:
            if i["severity"] == "error":
                where = "" if str(path) in i["message"] else f"{path}: "
                err.print(f"[red]error[/] {where}{i['code']}: {i['message']}")


# ---------------------------------------------------------------- ingest


def _ingest(s: Settings, paths: list[Path], how: Extraction, *, force: bool, strict: bool) -> int:
    from ogi.pipeline import ingest_stage

    ex = how.open_executor()
    try:
        with progress(s, "ingest") as bar:
            summary = ingest_stage(
                s.warehouse,
                paths,
                force=force,
                workers=how.workers,
                limits=how.limits(),
                executor=ex,
                on_progress=bar.advance,
                on_total=bar.total,
                on_slow=bar.slow,
            )
    finally:
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
    if summary.mirror and summary.mirror.startswith("rewritten"):  # appending is the quiet, usual case
        out.print(f"[dim]raw Parquet mirror {summary.mirror}[/]", highlight=False)
    for folder, why in summary.problems:
        err.print(f"[yellow]not searched[/] {folder} {why}", highlight=False, soft_wrap=True)
    for path, message in summary.failed:
        err.print(
            f"[red]failed[/] {message if path in message else f'{path}: {message}'}",
            highlight=False,
            soft_wrap=True,
        )
    for path, message in summary.errors:
        err.print(
            f"[red]error[/] {message if path in message else f'{path}: {message}'}",
            highlight=False,
            soft_wrap=True,
        )
    for path in summary.not_reports:
        err.print(f"[yellow]not a report[/] {path}", highlight=False, soft_wrap=True)
    return summary.landed if not (strict and (summary.failed or summary.not_reports)) else -1


@app.command(
    epilog="Example: ogi ingest data/samples reports/2024/ --strict\n\n"
    "Example: ogi ingest /shared/reports --executor dask --scheduler tcp://10.0.0.5:8786 "
    "--staging /shared/ogi-staging"
)
@guarded
def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files or directories (searched recursively), or fsspec URLs "
            "(s3://bucket/reports/, file:///data/...)."
        ),
    ],
    force: Annotated[
        bool, typer.Option(help="Re-parse documents already landed by this extractor version.")
    ] = False,
    strict: Annotated[
        bool, typer.Option(help="Exit non-zero if any file failed or is not a report.")
    ] = False,
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
    paths = as_paths(paths)
    require_paths(paths)
    with locked(s):
        how = Extraction(workers, max_file_mb, file_timeout, executor, scheduler, staging)
        landed = _ingest(s, paths, how, force=force, strict=strict)
    if landed < 0:
        raise typer.Exit(1)


# ---------------------------------------------------------------- lifecycle: status, remove

app.command(epilog="Example: ogi status --all")(guarded(status))
app.command(epilog="Example: ogi remove reports/2023/duplicate.html")(guarded(remove))


# ---------------------------------------------------------------- build


def _build(s: Settings, exclude: str | None = None) -> bool:
    from ogi.pipeline import build_stage

    return _print_build(build_stage(s.warehouse, exclude=exclude, quiet=s.quiet))


def _print_build(summary) -> bool:
    counts = ", ".join(f"{n} {k}" for k, n in sorted(summary.counts.items()))
    out.print(f"build: {'ok' if summary.success else 'FAILED'} ({counts or 'nothing ran'})")
    for f in summary.failures:
        err.print(f"[red]{f}[/]")
    return summary.success


@app.command(epilog="Example: ogi --warehouse data/warehouse.duckdb build")
@guarded
def build(ctx: typer.Context) -> None:
    """Run `dbt build` on the warehouse: seeds, staging views, intermediate models, marts and dbt tests."""
    s = _settings(ctx)
    with locked(s):
        ok = _build(s)
    if not ok:
        raise typer.Exit(1)


# ---------------------------------------------------------------- check


def _check(s: Settings, fail_on: str | None, data_docs: bool = False) -> bool:
    from ogi.pipeline import check_stage

    summary = check_stage(s.warehouse, quiet=s.quiet, docs_dir=docs_dir(s.warehouse) if data_docs else None)
    summary.print(out)
    return not (fail_on == "error" and summary.error_failures)


@app.command(epilog="Example: ogi check --fail-on error")
@guarded
def check(
    ctx: typer.Context,
    fail_on: Annotated[
        str | None, typer.Option(help="'error': exit 1 when an error-severity rule fails in any report.")
    ] = None,
    data_docs: Annotated[
        bool, typer.Option(help="Also write GX's Data Docs (their pages load CDN scripts).")
    ] = False,
) -> None:
    """Run the balance (勾稽关系) and plausibility expectations; store results in the warehouse.

    Prints rule × status counts and the failing reports with their numbers. People read the evidence of
    every broken rule (cells, raw text, line, page, source file) on the site's 勾稽关系 page, offline
    (`ogi report`); GX's own Data Docs only with --data-docs.
    Failing reports are findings, so the exit code is 0 unless --fail-on error.
    """
    if fail_on not in (None, "error"):
        raise typer.BadParameter(f"expected 'error', got {fail_on!r}", param_hint="--fail-on")
    s = _settings(ctx)
    try:
        with locked(s):
            ok = _check(s, fail_on, data_docs)
        out.print(f"evidence: {data_dir(s.warehouse) / 'site' / 'broken.html'} (`ogi report` rebuilds it)")
    except StageNotBuilt as e:
        err.print(f"[red]{e}[/]")
        raise typer.Exit(2) from e
    if not ok:
        raise typer.Exit(1)


# ---------------------------------------------------------------- export


def _export(s: Settings, out_dir: Path) -> list[Path]:
    from ogi.pipeline import export_stage

    written = export_stage(s.warehouse, out_dir)
    out.print(f"export: {len(written)} Parquet files in {out_dir}")
    return written


@app.command(epilog="Example: ogi export --out data/export")
@guarded
def export(
    ctx: typer.Context,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Folder for the Parquet files (default: beside the warehouse, <warehouse stem>/export).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export every mart table (dimensions, facts, the agency-year mart, check results) to Parquet."""
    s = _settings(ctx)
    try:
        with locked(s):
            _export(s, out_dir or export_dir(s.warehouse))
    except StageNotBuilt as e:
        err.print(f"[red]{e}[/]")
        raise typer.Exit(2) from e


# ---------------------------------------------------------------- report


def _report(s: Settings, out_dir: Path) -> None:
    from ogi.pipeline import report_stage

    summary = report_stage(s.warehouse, out_dir)
    if summary is None:
        raise StageNotBuilt("report: the report layer (report/) is not in this checkout")
    _print_report(summary)


def _print_report(summary) -> None:
    for note in summary.notes:
        err.print(f"[yellow]{note}[/]")
    out.print(
        f"report: {summary.files} files in {summary.seconds:.1f} s; open {summary.index}", highlight=False
    )


@app.command(epilog="Example: ogi report   (then open data/site/index.html in a browser)")
def report(
    ctx: typer.Context,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Site folder (default: site/ next to the warehouse).")
    ] = None,
) -> None:
    """Write the analyst's site: overview, trends, agency pages, text reuse and broken arithmetic.

    Static pages built from the marts with SQL only; open index.html from disk, no server or network.
    """
    s = _settings(ctx)
    try:
        _report(s, out_dir or data_dir(s.warehouse) / "site")
    except StageNotBuilt as e:
        err.print(f"[red]{e}[/]")
        raise typer.Exit(2) from e


# ---------------------------------------------------------------- run


@app.command(
    epilog="Example: ogi run            (the bundled samples, into data/samples-warehouse.duckdb)\n\n"
    "Example: ogi run reports/2024/"
)
@guarded
def run(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files, directories or fsspec URLs (default: data/samples).")
    ] = None,
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
    paths = as_paths(paths or [])
    if not paths:
        paths = [samples_dir()]
        if not s.warehouse_given:
            s.warehouse = samples_warehouse()
    require_paths(paths)
    out_dir = out_dir or export_dir(s.warehouse)
    with locked(s):
        _run(
            s,
            paths,
            out_dir,
            Extraction(workers, max_file_mb, file_timeout, executor, scheduler, staging),
            force=force,
        )


def _run(s: Settings, paths: list[Path], out_dir: Path, how: Extraction, *, force: bool) -> None:
    """`ogi.pipeline.run_pipeline`, printing each stage as it ends."""
    from ogi.pipeline import run_pipeline

    bar = progress(s, "ingest")

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
        # the site's line comes last, after the run's summary table (below)

    ex = how.open_executor()
    try:
        with bar:
            res = run_pipeline(
                s.warehouse,
                paths,
                out_dir=out_dir,
                force=force,
                quiet=s.quiet,
                workers=how.workers,
                limits=how.limits(),
                executor=ex,
                on_stage=on_stage,
                on_progress=bar.advance,
                on_total=bar.total,
                on_slow=bar.slow,
            )
    finally:
        if ex is not None:
            ex.close()
    if res.unchanged_since:
        out.print(
            f"run: documents and project unchanged since the complete run of "
            f"{res.unchanged_since:%Y-%m-%d %H:%M:%S}; build, check and export skipped (use --force to redo them)"
        )
        _print_run_summary(s, out_dir)
        _print_site(s, res)
        return
    if res.failed == "build":
        err.print("[red]run: build failed; stopping[/]")
        raise typer.Exit(1)
    if res.failed:
        for f in res.build.failures if res.build else []:
            err.print(f"[red]{f}[/]", highlight=False)
        raise typer.Exit(1)
    _print_run_summary(s, out_dir)
    _print_site(s, res)


def _print_site(s: Settings, res) -> None:
    """The layers not built yet, then the site: rebuilt, or unchanged (ogi.pipeline stamps it)."""
    for msg in res.not_built:
        err.print(f"[yellow]not built yet:[/] {msg}")
    if res.site is not None:
        _print_report(res.site)
    elif res.site_unchanged:
        out.print(
            f"report: site unchanged; open {data_dir(s.warehouse) / 'site' / 'index.html'}", highlight=False
        )


def _print_run_summary(s: Settings, out_dir: Path) -> None:
    from extract.lifecycle import lifecycle_counts

    con = connect(s)  # same configuration as the stages' connections: DuckDB refuses a mix in one process
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
    t.add_row(
        "documents",
        f"{n['current']} current ({n['reports']} reports, {n['not_reports']} not reports, "
        f"{n['failed']} failed)" + (f"; {older}" if older else ""),
    )
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


@app.command(
    epilog="Example: ogi synth --n 10000 --out data/synth/c10k --seed 1   (truth: data/synth/c10k.truth.jsonl)"
)
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
    force: Annotated[
        bool,
        typer.Option(
            help="Replace a corpus folder written by an earlier `ogi synth` (never another folder)."
        ),
    ] = False,
    formats: Annotated[
        str, typer.Option(help="File formats reports are drawn from: text, docx, pdf (e.g. docx,pdf).")
    ] = "text",
) -> None:
    """Write a synthetic corpus of annual reports with ground truth, for benchmarks and accuracy tests.

    Agencies of every level across provinces, years 2019–2025 on the right template, every layout,
    balanced values with consecutive-year carry-over, and injected defects. The truth (one docs/REPORTS.md §9
    record per file, plus its defects) goes beside the folder as DIR.truth.jsonl, so `ogi run DIR`
    ingests only documents. `--formats docx,pdf` writes Word and PDF files instead (synth.formats:
    merged-cell tables, ruled or unruled PDF tables across page breaks, ...), truth alike.
    """
    from synth.generate import generate

    try:
        summary = generate(
            n,
            out_dir,
            seed=seed,
            defect_rate=defect_rate,
            workers=workers,
            force=force,
            formats=tuple(f.strip() for f in formats.split(",") if f.strip()),
        )
    except (FileExistsError, NotADirectoryError, ValueError) as e:
        err.print(f"[red]error:[/] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from e
    out.print(
        f"synth: {summary.files} files in {out_dir} ({summary.reports} reports of {summary.agencies} agencies, "
        f"{summary.non_reports} non-reports, {summary.defects} with a defect); truth: {summary.truth}"
    )


if __name__ == "__main__":
    app()
