"""The raw tables' Parquet mirror: a lake other engines read, kept in step with the warehouse.

    <warehouse stem>/raw/<table>/part-<name>.parquet      one folder per raw table
    <warehouse stem>/raw/document_lifecycle/part-lifecycle.parquet
    <warehouse stem>/raw/_mirror.json                      generation, rows and parts it was checked at

Read a table with a glob: `read_parquet('raw/cells/*.parquet')` (DuckDB), `spark.read.parquet("raw/cells")`,
or Trino's Hive connector on the folder.

The mirror is *appended*, not re-copied: every batch the ingest lands adds its rows as part files
right after its transaction commits. On a Dask cluster those part files are the workers' own shards
(`extract.run.shards`), moved out of the staging folder once landed, so the coordinator writes no
Parquet at all; with the local pool the batch's Arrow rows are written as one part. A part is named by
the content of the chunk it holds (the extractor version and its documents' ids), so the same rows
never appear under two names.

Appending is exact only while the raw tables only grow. Anything else — a document landed again (a new
extractor version, `--force`), an interrupted run, a table migrated to new columns, rows landed by a
library call without a mirror — is caught by `check`, which compares the mirror with the warehouse
(row counts of every table; each document once, from the same landing, by id and landing time; the
same parts in every table folder); a mirror that fails it is rewritten from DuckDB. The manifest is written last, so a mirror is never
taken for current unless it was checked at the warehouse's current generation.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from extract.land import RAW_SCHEMA, RAW_TABLES, generation
from extract.run.shards import SHARD_COMPRESSION, SHARD_PREFIX, shard_files, write_shard

MIRROR_MANIFEST = "_mirror.json"
LIFECYCLE = "document_lifecycle"
MIRROR_TABLES = (*RAW_TABLES, LIFECYCLE)
LIFECYCLE_PART = f"{SHARD_PREFIX}lifecycle.parquet"


def schema_fingerprint() -> str:
    """A hash of the raw tables' declared columns: a mirror written under other columns is rewritten."""
    spec = [(t, [(c, str(ty)) for c, ty, _ in cols]) for t, cols in RAW_TABLES.items()]
    return hashlib.sha256(json.dumps(spec).encode()).hexdigest()[:16]


def _read_manifest(out: Path) -> dict:
    try:
        return json.loads((out / MIRROR_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _parts(out: Path, table: str) -> list[Path]:
    folder = out / table
    return sorted(folder.glob(f"{SHARD_PREFIX}*.parquet")) if folder.is_dir() else []


def _lake_count(con: duckdb.DuckDBPyConnection, files: list[Path], what: str = "count(*)") -> int:
    if not files:
        return 0
    return con.execute(f"select {what} from read_parquet(?)", [[f.as_posix() for f in files]]).fetchall()[0][
        0
    ]


def mirror_is_current(con: duckdb.DuckDBPyConnection, out_dir: str | Path) -> bool:
    """The mirror was checked at the warehouse's current generation, under today's columns, and every
    part it was checked with is still there."""
    out = Path(out_dir)
    meta = _read_manifest(out)
    if meta.get("generation") != generation(con) or meta.get("schema") != schema_fingerprint():
        return False
    parts = meta.get("parts") or {}
    return all(table in parts for table in MIRROR_TABLES) and all(
        (out / table / name).exists() for table, names in parts.items() for name in names
    )


def check(con: duckdb.DuckDBPyConnection, out_dir: str | Path) -> str | None:
    """None when the mirror's parts hold exactly the warehouse's raw rows; else why not (one line)."""
    out = Path(out_dir)
    if _read_manifest(out).get("schema") not in (None, schema_fingerprint()):
        return "written under other columns"
    names = {t: {p.name for p in _parts(out, t)} for t in RAW_TABLES}
    if len({frozenset(n) for n in names.values()}) > 1:
        return "a part is missing from some table folders"
    for table in RAW_TABLES:
        lake = _lake_count(con, _parts(out, table))
        raw = con.execute(f"select count(*) from {RAW_SCHEMA}.{table}").fetchall()[0][0]
        if lake != raw:
            return f"{table}: {lake:,} row{'' if lake == 1 else 's'} in the mirror, {raw:,} in the warehouse"
    docs = _parts(out, "documents")
    if docs:
        # a document landed again (same id, same row counts, maybe other values) has a new ingested_at
        matched = con.execute(
            f"select count(*) from (select distinct doc_id, ingested_at from read_parquet(?)) l "
            f"join {RAW_SCHEMA}.documents r using (doc_id, ingested_at)",
            [[p.as_posix() for p in docs]],
        ).fetchall()[0][0]
        total = con.execute(f"select count(*) from {RAW_SCHEMA}.documents").fetchall()[0][0]
        if matched != total:
            return (
                f"documents: {total - matched} of the warehouse's documents are not in the mirror as landed"
            )
    return None


@dataclass
class Appender:
    """Adds landed batches to the mirror during an ingest (called from the landing thread, after each
    commit). `active` is False when the mirror will be rewritten at the end anyway."""

    out: Path
    active: bool
    appended: list[str] = field(default_factory=list)
    legacy: bool = False  # the earlier single-file layout was found (and removed)

    def take_shard(self, staging: str | Path, name: str) -> None:
        """Move a landed shard's part files into the mirror (a rename on the same filesystem)."""
        for table, src in shard_files(staging, name).items():
            dst = self.out / table / src.name
            dst.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.replace(src, dst)
            except OSError:  # another filesystem: copy, then drop the shard
                shutil.copyfile(src, dst)
                src.unlink(missing_ok=True)
        self.appended.append(name)

    def write(self, tables: dict[str, pa.Table], name: str) -> None:
        """Write landed rows as one part (the local pool's batches)."""
        write_shard(tables, self.out, name)
        self.appended.append(name)


def start(con: duckdb.DuckDBPyConnection, out_dir: str | Path, *, relanding: bool) -> Appender:
    """Before an ingest lands anything: append to the mirror when it holds the warehouse exactly (or both
    are empty) and this run will not land documents again. The manifest goes first, so a run that stops
    half-way leaves a mirror that is checked again before it is trusted."""
    out = Path(out_dir)
    legacy = _drop_legacy(out)
    # a mirror checked at the current generation need not be checked again (its manifest says so)
    ok = not relanding and (mirror_is_current(con, out) or check(con, out) is None)
    if ok:
        (out / MIRROR_MANIFEST).unlink(missing_ok=True)
    return Appender(out, active=ok, legacy=legacy)


@dataclass
class Finished:
    how: str  # "current" (no new rows) | "appended" | "rewritten"
    reason: str | None = None  # why it was rewritten


def finish(con: duckdb.DuckDBPyConnection, out_dir: str | Path, appender: Appender | None = None) -> Finished:
    """After an ingest: check an appended mirror (rewrite it if the check fails), or rewrite a stale one;
    then the lifecycle part and the manifest."""
    out = Path(out_dir)
    if not (appender and appender.active) and mirror_is_current(con, out):
        return Finished("current")
    why = check(con, out)
    if why is not None and appender is not None and appender.legacy:
        why = "the earlier layout (one file per table) becomes a folder of parts per table"
    how = "rewritten" if why is not None else "appended" if appender and appender.appended else "current"
    if why is not None:
        rewrite(con, out)
    _write_lifecycle(con, out)
    _write_manifest(con, out)
    return Finished(how, why)


def rewrite(con: duckdb.DuckDBPyConnection, out_dir: str | Path) -> None:
    """The whole mirror again from DuckDB: one part per table, in the declared column order (a migrated
    table has its added columns last)."""
    out = Path(out_dir)
    (out / MIRROR_MANIFEST).unlink(missing_ok=True)
    con.execute("set preserve_insertion_order = false")  # files need not keep storage order: every core
    gen = generation(con)
    for table in RAW_TABLES:
        folder = out / table
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        tmp = folder / f".{SHARD_PREFIX}all.tmp"
        cols = ", ".join(name for name, _, _ in RAW_TABLES[table])
        con.execute(
            f"copy (select {cols} from {RAW_SCHEMA}.{table}) to '{tmp.as_posix()}' "
            f"(format parquet, compression {SHARD_COMPRESSION})"
        ).fetchall()
        tmp.replace(folder / f"{SHARD_PREFIX}all-g{gen}.parquet")


def _write_lifecycle(con: duckdb.DuckDBPyConnection, out: Path) -> None:
    have = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [RAW_SCHEMA, LIFECYCLE],
    ).fetchall()[0][0]
    folder = out / LIFECYCLE
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{LIFECYCLE_PART}.tmp"
    if have:
        con.execute(
            f"copy (select * from {RAW_SCHEMA}.{LIFECYCLE}) to '{tmp.as_posix()}' (format parquet)"
        ).fetchall()
    else:
        pq.write_table(pa.table({"doc_id": pa.array([], pa.string())}), tmp)
    tmp.replace(folder / LIFECYCLE_PART)


def _write_manifest(con: duckdb.DuckDBPyConnection, out: Path) -> None:
    parts = {t: [p.name for p in _parts(out, t)] for t in MIRROR_TABLES}
    rows = {t: con.execute(f"select count(*) from {RAW_SCHEMA}.{t}").fetchall()[0][0] for t in RAW_TABLES}
    meta = {"generation": generation(con), "schema": schema_fingerprint(), "rows": rows, "parts": parts}
    tmp = out / f".{MIRROR_MANIFEST}.tmp"
    tmp.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    tmp.replace(out / MIRROR_MANIFEST)


def _drop_legacy(out: Path) -> bool:
    """Remove the mirror's earlier layout (one `<table>.parquet` file per table) and its stray temporary
    files; True when there was one."""
    found = False
    if not out.is_dir():
        return found
    for table in MIRROR_TABLES:
        for path in (out / f"{table}.parquet", out / f".{table}.parquet.tmp"):
            if path.is_file():
                path.unlink()
                found = True
    return found
