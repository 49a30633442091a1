"""What the last complete `ogi run` saw, so a re-run on an unchanged corpus and project can skip work.

Two fingerprints: the project's (dbt models, macros, seeds, expectations, extractor version) and the
landed documents' (count, latest ingest time and the raw tables' generation). When both match the last complete run and its
exports exist, build, check and export would reproduce the same outputs.

The site (`ogi report`) has its own stamp, a file in the site folder: the two fingerprints, the last
check run and the site's own code. A run that skips every stage still rebuilds a site that is missing
(deleted, or never built) or was built by other code or from other data.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from warehouse.paths import project_fingerprint

STATE_TABLE = "meta.pipeline_runs"


def documents_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """Count and latest landing of the documents, and the raw tables' generation, which also moves when
    only the lifecycle changed (a file gone or removed: the facts must be rebuilt without it)."""
    from extract.land import generation

    n, latest = con.execute("select count(*), max(ingested_at) from raw.documents").fetchone()
    return f"{n}@{latest}#{generation(con)}"


def _ensure(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists meta")
    con.execute(
        f"create table if not exists {STATE_TABLE} (run_at timestamptz, project_fingerprint varchar, "
        "documents_fingerprint varchar, export_dir varchar)"
    )


def last_complete_run(con: duckdb.DuckDBPyConnection) -> tuple[datetime, str, str, str] | None:
    _ensure(con)
    return con.execute(
        f"select run_at, project_fingerprint, documents_fingerprint, export_dir from {STATE_TABLE} "
        "order by run_at desc limit 1"
    ).fetchone()


def record_complete_run(con: duckdb.DuckDBPyConnection, root: Path, export_dir: Path) -> None:
    _ensure(con)
    con.execute(
        f"insert into {STATE_TABLE} values (?, ?, ?, ?)",
        [datetime.now(UTC), project_fingerprint(root), documents_fingerprint(con), str(export_dir.resolve())],
    )


def outputs_are_current(con: duckdb.DuckDBPyConnection, root: Path, export_dir: Path) -> datetime | None:
    """The time of the last complete run if nothing that feeds build/check/export changed since; else None."""
    last = last_complete_run(con)
    if last is None:
        return None
    run_at, project_fp, docs_fp, last_export = last
    if last_export != str(export_dir.resolve()) or not any(export_dir.glob("*.parquet")):
        return None
    if docs_fp != documents_fingerprint(con) or project_fp != project_fingerprint(root):
        return None
    return run_at


SITE_STAMP = ".ogi-site-fingerprint"
_SITE_PARTS = ("report",)


def site_fingerprint(con: duckdb.DuckDBPyConnection, root: Path) -> str:
    """sha256 over what a site is built from: project, documents, the last check run, report/'s code."""
    h = hashlib.sha256(project_fingerprint(root).encode())
    h.update(documents_fingerprint(con).encode())
    try:
        h.update(str(con.execute("select max(checked_at) from raw.check_results").fetchone()[0]).encode())
    except duckdb.CatalogException:
        h.update(b"no checks")
    for part in _SITE_PARTS:
        for f in sorted(p for p in (root / part).rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(str(f.relative_to(root)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def record_site(con: duckdb.DuckDBPyConnection, root: Path, site_dir: Path) -> None:
    """Stamp a freshly built site with what it was built from."""
    (site_dir / SITE_STAMP).write_text(site_fingerprint(con, root), encoding="utf-8")


def site_is_current(con: duckdb.DuckDBPyConnection, root: Path, site_dir: Path) -> bool:
    """True when site_dir holds a complete site built by this code from these data."""
    stamp = site_dir / SITE_STAMP
    if not (site_dir / "index.html").is_file() or not stamp.is_file():
        return False
    return stamp.read_text(encoding="utf-8").strip() == site_fingerprint(con, root)
