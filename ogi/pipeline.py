"""The pipeline as one library function: ingest → build → check → export → report.

`ogi run` and the benchmark (`benchmarks/run.py`) both call `run_pipeline`, so the decisions live in
one place: the marts that read check results are left to the check stage (which rebuilds them after
storing its verdicts); when neither the documents nor the project changed since the last complete run,
build, check, export and report are skipped; a layer this checkout does not have yet is named in
`not_built` and the run goes on; a failed build stops the run. Printing is the caller's: `on_stage`
is called after each stage with the stage's name and result.

Depends on the lower layers only (`extract`, `warehouse`, `expectations`, the optional `report`);
the CLI depends on it, never the reverse.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from ogi.config import data_dir, export_dir, raw_dir
from ogi.errors import StageNotBuilt
from warehouse.dbt import CHECK_RESULT_MARTS, BuildSummary, dbt_build
from warehouse.paths import project_root

STAGES = ("ingest", "build", "check", "export", "report")


@dataclass
class PipelineResult:
    warehouse: Path
    export_dir: Path
    ingest: Any = None  # extract.ingest.IngestSummary
    build: BuildSummary | None = None
    checks: Any = None  # expectations.summary.CheckSummary
    exported: list[Path] = field(default_factory=list)
    site: Any = None  # report.build.SiteSummary, when the report layer is in this checkout
    site_unchanged: bool = False  # the site was current (built by this code from these data): not rebuilt
    unchanged_since: datetime | None = None  # set when build..report were skipped as unchanged
    not_built: list[str] = field(default_factory=list)  # "stage: why" for layers not built yet
    failed: str | None = None  # the stage that failed and stopped the run
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.failed is None and not self.not_built


def run_pipeline(
    warehouse: Path,
    paths: Iterable[str | Path],
    *,
    out_dir: Path | None = None,
    force: bool = False,
    quiet: bool = True,
    workers: int | None = None,
    limits: Any = None,
    executor: Any = None,
    report: bool = True,
    on_stage: Callable[[str, Any], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    on_slow: Callable[[list[str]], None] | None = None,
) -> PipelineResult:
    """Run every stage on `warehouse` for the documents under `paths`; see the module docstring.
    Outputs go to the warehouse's own folder (`ogi.config.data_dir`); the export to `out_dir` if given.
    `executor` runs the parsing (default: the local process pool). The caller holds the run lock."""
    warehouse = Path(warehouse).resolve()
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    res = PipelineResult(warehouse, Path(out_dir or export_dir(warehouse)).resolve())

    def stage(name: str, fn: Callable[[], Any]) -> Any:
        t = time.perf_counter()
        try:
            value = fn()
        except StageNotBuilt as e:
            res.not_built.append(str(e))
            value = None
        res.seconds[name] = time.perf_counter() - t
        if on_stage:
            on_stage(name, value)
        return value

    res.ingest = stage(
        "ingest",
        lambda: ingest_stage(
            warehouse,
            paths,
            force=force,
            workers=workers,
            limits=limits,
            executor=executor,
            on_progress=on_progress,
            on_total=on_total,
            on_slow=on_slow,
        ),
    )
    site_dir = data_dir(warehouse) / "site"
    if not force and (since := _outputs_current(warehouse, res.export_dir)):
        res.unchanged_since = since
        if report and site_is_current(warehouse, site_dir):
            res.site_unchanged = True
        elif report:  # the site is an output too: missing or stale, it is rebuilt
            res.site = stage("report", lambda: report_stage(warehouse, site_dir))
        return res
    res.build = stage("build", lambda: build_stage(warehouse, exclude=CHECK_RESULT_MARTS, quiet=quiet))
    if not res.build.success:
        res.failed = "build"
        return res
    res.checks = stage("check", lambda: check_stage(warehouse, quiet=quiet))
    if res.checks is None:  # no checks: the marts that read their results are built without them
        marts = dbt_build(warehouse, select=CHECK_RESULT_MARTS, quiet=quiet)
        if not marts.success:
            res.build.failures += marts.failures
            res.failed = "check"
            return res
    res.exported = stage("export", lambda: export_stage(warehouse, res.export_dir)) or []
    if report:
        res.site = stage("report", lambda: report_stage(warehouse, site_dir))
    if res.complete:
        _record_complete_run(warehouse, res.export_dir)
    return res


# ---------------------------------------------------------------- the stages, each usable alone


def ingest_stage(
    warehouse: Path,
    paths: Iterable[str | Path],
    *,
    force: bool = False,
    workers: int | None = None,
    limits: Any = None,
    executor: Any = None,
    on_progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    on_slow: Callable[[list[str]], None] | None = None,
):
    """The documents under `paths` into the raw tables (`extract.ingest.ingest`), with the raw Parquet
    mirror in the warehouse's folder; that folder's own outputs are never read back as documents."""
    from extract.ingest import ingest

    Path(warehouse).parent.mkdir(parents=True, exist_ok=True)
    with _connection(warehouse) as con:
        return ingest(
            con,
            paths,
            force=force,
            workers=workers,
            parquet_dir=raw_dir(warehouse),
            limits=limits,
            executor=executor,
            exclude=[data_dir(warehouse)],
            on_progress=on_progress,
            on_total=on_total,
            on_slow=on_slow,
        )


def build_stage(warehouse: Path, *, exclude: str | None = None, quiet: bool = True) -> BuildSummary:
    """`dbt build`, after creating the sources dbt reads (they must exist even before the first ingest)."""
    from extract.land import ensure_manifest, ensure_schema
    from extract.lifecycle import ensure_lifecycle

    with _connection(warehouse) as con:
        ensure_schema(con)
        ensure_manifest(con)
        ensure_lifecycle(con)
        try:
            from expectations.store import ensure_results_table
        except ImportError:
            pass
        else:
            ensure_results_table(con)
    return dbt_build(warehouse, exclude=exclude, quiet=quiet)


def check_stage(warehouse: Path, *, quiet: bool = True, docs_dir: Path | None = None):
    """The rules (expectations), their results stored and the check-result marts rebuilt. GX's Data Docs
    (whose pages load CDN scripts) only into `docs_dir` when given (`ogi check --data-docs`)."""
    try:
        from expectations.runner import ChecksNotBuilt, run_checks
    except ImportError as e:
        raise StageNotBuilt("check: the expectations layer is not built yet") from e
    if not Path(warehouse).exists():
        raise StageNotBuilt(f"check: no warehouse at {warehouse} (run `ogi ingest` and `ogi build` first)")
    try:
        return run_checks(warehouse, docs_dir=docs_dir, quiet=quiet)
    except ChecksNotBuilt as e:
        raise StageNotBuilt(f"check: {e}") from e


def export_stage(warehouse: Path, out_dir: Path) -> list[Path]:
    """Parquet files of the marts."""
    from ogi.export import export_marts

    with _connection(warehouse) as con:
        written = export_marts(con, out_dir)
    if not written:
        raise StageNotBuilt("export: no mart tables in the warehouse yet (run `ogi build` first)")
    return written


def report_stage(warehouse: Path, site_dir: Path):
    """The static site (`report.build.build_site`) when this checkout has the report layer; else None.
    Only a `report` package installed beside this `ogi` counts: another checkout's on the path would
    read marts this one does not build. The site is stamped with what it was built from
    (`ogi.state.record_site`), so an unchanged run leaves it be and a stale one is rebuilt."""
    try:
        import report.build as site
    except ImportError:
        return None
    if Path(site.__file__).resolve().parent.parent != Path(__file__).resolve().parent.parent:
        return None
    if not Path(warehouse).exists():
        raise StageNotBuilt(f"report: no warehouse at {warehouse} (run `ogi run` first)")
    try:
        summary = site.build_site(warehouse, site_dir)
    except duckdb.CatalogException as e:
        raise StageNotBuilt(f"report: the marts are not built yet (run `ogi build`): {e}") from e
    except duckdb.Error as e:
        raise StageNotBuilt(f"report: could not build the site from {warehouse}: {e}") from e
    from ogi.state import record_site

    Path(site_dir).mkdir(parents=True, exist_ok=True)
    with _connection(warehouse) as con:
        record_site(con, project_root(), Path(site_dir))
    return summary


def site_is_current(warehouse: Path, site_dir: Path) -> bool:
    """The site in `site_dir` was built by this code from the warehouse's current data."""
    from ogi.state import site_is_current as current

    if not Path(warehouse).exists():
        return False
    with _connection(warehouse) as con:
        return current(con, project_root(), Path(site_dir))


# ---------------------------------------------------------------- run state


def _outputs_current(warehouse: Path, out_dir: Path) -> datetime | None:
    from ogi.state import outputs_are_current

    with _connection(warehouse) as con:
        return outputs_are_current(con, project_root(), out_dir)


def _record_complete_run(warehouse: Path, out_dir: Path) -> None:
    from ogi.state import record_complete_run

    with _connection(warehouse) as con:
        record_complete_run(con, project_root(), out_dir)


class _connection:
    """A connection per stage, closed before the next one: dbt and the checks open the file themselves."""

    def __init__(self, warehouse: Path) -> None:
        self.warehouse = warehouse

    def __enter__(self) -> duckdb.DuckDBPyConnection:
        self.con = duckdb.connect(str(self.warehouse))
        return self.con

    def __exit__(self, *exc: object) -> None:
        self.con.close()
