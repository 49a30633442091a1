"""`ogi status` and `ogi remove`: the documents' lifecycle (extract/lifecycle.py) on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import duckdb
import typer

from ogi.console import connect as _connect
from ogi.console import locked as _locked
from ogi.console import out
from ogi.console import usage as _usage


def _settings(ctx: typer.Context):
    return ctx.obj


def status(
    ctx: typer.Context,
    all_: Annotated[
        bool, typer.Option("--all", help="List every document with its status and path.")
    ] = False,
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
