"""`ogi`: the command line. A thin layer: every command parses options and calls the library."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ogi.config import data_dir, default_warehouse, project_root, samples_dir

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
err = Console(stderr=True)
out = Console()


@dataclass
class Settings:
    warehouse: Path
    quiet: bool


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
) -> None:
    """Warehouse for 政府信息公开工作年度报告. Example: [bold]ogi --warehouse /tmp/w.duckdb run data/samples[/]"""
    ctx.obj = Settings(warehouse=(warehouse or default_warehouse()).resolve(), quiet=quiet)


def _settings(ctx: typer.Context) -> Settings:
    return ctx.obj


def _connect(s: Settings) -> duckdb.DuckDBPyConnection:
    s.warehouse.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(s.warehouse))


# ---------------------------------------------------------------- extract


@app.command(epilog="Example: ogi extract data/samples/*.txt > records.jsonl")
def extract(
    files: Annotated[list[Path], typer.Argument(help="Report files (text, HTML) or directories.")],
    pretty: Annotated[bool, typer.Option(help="Indent each record (not JSON Lines any more).")] = False,
    provenance: Annotated[bool, typer.Option(help="Include per-cell provenance (`cells`).")] = False,
) -> None:
    """Parse report files and print one JSON record per document (docs/REPORTS.md §9 shape) to stdout.

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


def _ingest(s: Settings, paths: list[Path], *, force: bool, strict: bool) -> int:
    from extract.ingest import ingest

    con = _connect(s)
    try:
        with _progress(s, "ingest") as (progress, task):
            summary = ingest(
                con,
                paths,
                force=force,
                parquet_dir=data_dir(s.warehouse) / "raw",
                on_progress=lambda n: progress.advance(task, n),
            )
    finally:
        con.close()
    out.print(
        f"ingest: {summary.files} files, {summary.landed} landed, {summary.skipped} unchanged, "
        f"{len(summary.failed)} failed, {len(summary.not_reports)} not reports, {summary.cells} cells"
    )
    for path, message in summary.failed:
        err.print(f"[red]failed[/] {message if path in message else f'{path}: {message}'}")
    for path in summary.not_reports:
        err.print(f"[yellow]not a report[/] {path}")
    return summary.landed if not (strict and (summary.failed or summary.not_reports)) else -1


class _NoProgress:
    def advance(self, *_: object) -> None:
        pass


class _progress:
    """A rich progress bar, or nothing with --quiet."""

    def __init__(self, s: Settings, label: str) -> None:
        self.s, self.label, self.p = s, label, None

    def __enter__(self):
        if self.s.quiet:
            return _NoProgress(), None
        self.p = Progress(
            TextColumn(f"[bold]{self.label}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=err, transient=True,
        )
        self.p.__enter__()
        return self.p, self.p.add_task(self.label, total=None)

    def __exit__(self, *exc: object) -> None:
        if self.p:
            self.p.__exit__(*exc)


@app.command(epilog="Example: ogi ingest data/samples reports/2024/ --strict")
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or directories (searched recursively).")],
    force: Annotated[bool, typer.Option(help="Re-parse documents already landed by this extractor version.")] = False,
    strict: Annotated[bool, typer.Option(help="Exit non-zero if any file failed or is not a report.")] = False,
) -> None:
    """Parse files into the warehouse's raw tables (documents, sections, cells, parse issues).

    Idempotent: the document id is the sha256 of the file, so unchanged files are skipped. One bad
    file lands as a failed document with its issues; the rest of the batch lands.
    """
    if _ingest(_settings(ctx), paths, force=force, strict=strict) < 0:
        raise typer.Exit(1)


# ---------------------------------------------------------------- build


def _build(s: Settings, exclude: str | None = None) -> bool:
    from ogi.build import dbt_build

    con = _connect(s)  # sources must exist even before the first ingest
    try:
        from extract.land import ensure_schema

        ensure_schema(con)
        _ensure_check_store(con)
    finally:
        con.close()
    summary = dbt_build(s.warehouse, exclude=exclude, quiet=s.quiet)
    counts = ", ".join(f"{n} {k}" for k, n in sorted(summary.counts.items()))
    out.print(f"build: {'ok' if summary.success else 'FAILED'} ({counts or 'nothing ran'})")
    for f in summary.failures:
        err.print(f"[red]{f}[/]")
    return summary.success


def _build_marts(s: Settings, select: str) -> bool:
    """Build `select` alone (the check-result marts when the check stage did not run)."""
    from ogi.build import dbt_build

    summary = dbt_build(s.warehouse, select=select, quiet=s.quiet)
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
def build(ctx: typer.Context) -> None:
    """Run `dbt build` on the warehouse: seeds, staging views, intermediate models, marts and dbt tests."""
    if not _build(_settings(ctx)):
        raise typer.Exit(1)


# ---------------------------------------------------------------- check


def _check(s: Settings, fail_on: str | None, data_docs: bool = False) -> bool:
    try:
        from expectations.runner import ChecksNotBuilt, run_checks
    except ImportError as e:
        raise StageNotBuilt("check: the expectations layer is not built yet") from e
    if not s.warehouse.exists():
        raise StageNotBuilt(f"check: no warehouse at {s.warehouse} (run `ogi ingest` and `ogi build` first)")
    try:
        docs_dir = data_dir(s.warehouse) / "docs" if data_docs else None
        summary = run_checks(s.warehouse, docs_dir=docs_dir, quiet=s.quiet)
    except ChecksNotBuilt as e:
        raise StageNotBuilt(f"check: {e}") from e
    summary.print(out)
    return not (fail_on == "error" and summary.error_failures)


@app.command(epilog="Example: ogi check --fail-on error")
def check(
    ctx: typer.Context,
    fail_on: Annotated[
        str | None, typer.Option(help="'error': exit 1 when an error-severity rule fails in any report.")
    ] = None,
    data_docs: Annotated[bool, typer.Option(help="Also write GX's Data Docs (their pages load CDN scripts).")] = False,
) -> None:
    """Run the balance (勾稽关系) and plausibility expectations; store results in the warehouse.

    Prints rule × status counts and the failing reports with their numbers. People read the evidence of
    every broken rule (cells, raw text, line, page, source file) on the site's 勾稽关系 page, offline
    (`ogi report`); GX's own Data Docs only with --data-docs.
    Failing reports are findings, so the exit code is 0 unless --fail-on error.
    """
    if fail_on not in (None, "error"):
        raise typer.BadParameter(f"expected 'error', got {fail_on!r}", param_hint="--fail-on")
    try:
        s = _settings(ctx)
        ok = _check(s, fail_on, data_docs)
        out.print(f"evidence: {data_dir(s.warehouse) / 'site' / 'broken.html'} (`ogi report` rebuilds it)")
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
def export(
    ctx: typer.Context,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the Parquet files.")] = Path("data/export"),
) -> None:
    """Export every mart table (dimensions, facts, the agency-year mart, check results) to Parquet."""
    try:
        _export(_settings(ctx), out_dir)
    except StageNotBuilt as e:
        err.print(f"[red]{e}[/]")
        raise typer.Exit(2) from e


# ---------------------------------------------------------------- report


def _report(s: Settings, out_dir: Path) -> Path:
    from report.build import build_site

    if not s.warehouse.exists():
        raise StageNotBuilt(f"report: no warehouse at {s.warehouse} (run `ogi run` first)")
    try:
        summary = build_site(s.warehouse, out_dir)
    except duckdb.CatalogException as e:
        raise StageNotBuilt(f"report: the marts are not built yet (run `ogi build`): {e}") from e
    except duckdb.Error as e:
        raise StageNotBuilt(f"report: could not build the site from {s.warehouse}: {e}") from e
    for note in summary.notes:
        err.print(f"[yellow]{note}[/]")
    _site_state(s, out_dir, record=True)
    out.print(f"report: {summary.files} files in {summary.seconds:.1f} s; open {summary.index}")
    return summary.index


def _site_state(s: Settings, site_dir: Path, *, record: bool = False) -> bool:
    """Stamp the site just built (record), or say whether the site is current (ogi.state)."""
    from ogi.state import record_site, site_is_current

    con = _connect(s)
    try:
        if record:
            record_site(con, project_root(), site_dir)
            return True
        return site_is_current(con, project_root(), site_dir)
    finally:
        con.close()


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


@app.command(epilog="Example: ogi run            (the bundled samples)\n\nExample: ogi run reports/2024/")
def run(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or directories (default: data/samples).")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Parquet export folder (default: data/export).")] = None,
    force: Annotated[bool, typer.Option(help="Re-parse every file and re-run every stage.")] = False,
) -> None:
    """Ingest → build → check → export in one go, then print a short summary.

    Runs every stage this checkout has and names the ones that are not built yet. When neither the
    documents nor the project changed since the last complete run, build, check and export are skipped.
    """
    s = _settings(ctx)
    paths = paths or [samples_dir()]
    out_dir = out_dir or data_dir(s.warehouse) / "export"
    not_built: list[str] = []
    _ingest(s, paths, force=force, strict=False)
    if not force and (since := _outputs_current(s, out_dir)):
        out.print(f"run: documents and project unchanged since the complete run of {since:%Y-%m-%d %H:%M:%S}; "
                  "build, check and export skipped (use --force to redo them)")
        _print_run_summary(s, out_dir)
        site = data_dir(s.warehouse) / "site"
        if _site_state(s, site):
            out.print(f"report: site unchanged; open {site / 'index.html'}")
        else:
            _report_or_note(s, site)  # the site is an output too: missing or stale, it is rebuilt
        return
    from ogi.build import CHECK_RESULT_MARTS

    # the marts that read check results are left to the check stage, which rebuilds them anyway
    if not _build(s, exclude=CHECK_RESULT_MARTS):
        err.print("[red]run: build failed; stopping[/]")
        raise typer.Exit(1)
    try:
        _check(s, None)
    except StageNotBuilt as e:
        not_built.append(str(e))
        if not _build_marts(s, CHECK_RESULT_MARTS):
            raise typer.Exit(1) from None
    try:
        _export(s, out_dir)
    except StageNotBuilt as e:
        not_built.append(str(e))
    if not not_built:
        _record_complete_run(s, out_dir)
    _print_run_summary(s, out_dir)
    for msg in not_built:
        err.print(f"[yellow]not built yet:[/] {msg}")
    _report_or_note(s, data_dir(s.warehouse) / "site")


def _report_or_note(s: Settings, site: Path) -> None:
    try:
        _report(s, site)
    except StageNotBuilt as e:
        err.print(f"[yellow]not built yet:[/] {e}")


def _outputs_current(s: Settings, out_dir: Path):
    from ogi.state import outputs_are_current

    con = _connect(s)
    try:
        return outputs_are_current(con, project_root(), out_dir)
    finally:
        con.close()


def _record_complete_run(s: Settings, out_dir: Path) -> None:
    from ogi.state import record_complete_run

    con = _connect(s)
    try:
        record_complete_run(con, project_root(), out_dir)
    finally:
        con.close()


def _print_run_summary(s: Settings, out_dir: Path) -> None:
    con = _connect(s)  # same configuration as the stages' connections: DuckDB refuses a mix in one process
    try:
        docs, reports, failed = con.execute(
            "select count(*), count(*) filter (where is_report), count(*) filter (where status = 'failed') "
            "from raw.documents"
        ).fetchone()
        cells = con.execute("select count(*) from raw.cells").fetchone()[0]
        checks = _check_counts(con)
    finally:
        con.close()
    t = Table(title="ogi run", show_header=False)
    t.add_row("documents", f"{docs} ({reports} reports, {failed} failed)")
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
    force: Annotated[bool, typer.Option(help="Replace a non-empty --out folder.")] = False,
) -> None:
    """Write a synthetic corpus of annual reports with ground truth, for benchmarks and accuracy tests.

    Agencies of every level across provinces, years 2019–2025 on the right template, every layout,
    balanced values with consecutive-year carry-over, and injected defects. The truth (one docs/REPORTS.md §9
    record per file, plus its defects) goes beside the folder as DIR.truth.jsonl, so `ogi run DIR`
    ingests only documents.
    """
    from synth.generate import generate

    try:
        summary = generate(n, out_dir, seed=seed, defect_rate=defect_rate, workers=workers, force=force)
    except FileExistsError as e:
        err.print(f"[red]{e}[/]")
        raise typer.Exit(2) from e
    out.print(
        f"synth: {summary.files} files in {out_dir} ({summary.reports} reports of {summary.agencies} agencies, "
        f"{summary.non_reports} non-reports, {summary.defects} with a defect); truth: {summary.truth}"
    )


if __name__ == "__main__":
    app()
