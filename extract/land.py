"""Records → DuckDB raw tables (schema `raw`), in Arrow batches, one transaction per batch.

Idempotent by document: the doc id is the sha256 of the bytes, and landing a document deletes its old
rows first, so the same file twice is one document and a newer extractor version replaces the older
rows. A crash mid-batch rolls the whole batch back, leaving the warehouse as it was.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from extract.record import Record

RAW_SCHEMA = "raw"

# Column order and types of every raw table. The dbt sources (models/staging/_raw__sources.yml) document them.
RAW_TABLES: dict[str, list[tuple[str, pa.DataType, str]]] = {
    "documents": [
        ("doc_id", pa.string(), "varchar primary key"),
        ("source_path", pa.string(), "varchar"),
        ("source_file", pa.string(), "varchar"),
        ("size_bytes", pa.int64(), "bigint"),
        ("encoding", pa.string(), "varchar"),
        ("is_report", pa.bool_(), "boolean"),
        ("status", pa.string(), "varchar"),
        ("layout", pa.string(), "varchar"),
        ("source_format", pa.string(), "varchar"),  # text, html, pdf, docx, image, legacy, unknown
        ("template", pa.string(), "varchar"),
        ("table_templates", pa.string(), "varchar"),  # JSON {"t2": "v2021", "t3": ...}
        ("title", pa.string(), "varchar"),
        ("agency_name", pa.string(), "varchar"),
        ("agency_aliases", pa.list_(pa.string()), "varchar[]"),
        ("agency_name_inferred", pa.string(), "varchar"),
        ("agency_name_source", pa.string(), "varchar"),  # title, preamble, signature, infobox, narrative
        ("source_url", pa.string(), "varchar"),  # 原文链接 of a crawler header
        ("agency_level", pa.string(), "varchar"),
        ("report_year", pa.int32(), "integer"),
        ("report_year_source", pa.string(), "varchar"),
        ("publication_date", pa.string(), "varchar"),
        ("publication_date_raw", pa.string(), "varchar"),
        ("publication_date_source", pa.string(), "varchar"),
        ("region_province", pa.string(), "varchar"),
        ("region_city", pa.string(), "varchar"),
        ("region_county", pa.string(), "varchar"),
        ("region_township", pa.string(), "varchar"),
        ("region_inferred_province", pa.string(), "varchar"),
        ("region_inferred_city", pa.string(), "varchar"),
        ("region_inferred_county", pa.string(), "varchar"),
        ("region_inferred_code", pa.string(), "varchar"),
        ("t2_status", pa.string(), "varchar"),
        ("t3_status", pa.string(), "varchar"),
        ("t4_status", pa.string(), "varchar"),
        ("error_count", pa.int32(), "integer"),
        ("warning_count", pa.int32(), "integer"),
        ("extractor_version", pa.string(), "varchar"),
        ("ingested_at", pa.timestamp("us", tz="UTC"), "timestamptz"),
    ],
    "sections": [
        ("doc_id", pa.string(), "varchar"),
        ("section_key", pa.string(), "varchar"),
        ("heading", pa.string(), "varchar"),
        ("line_start", pa.int32(), "integer"),
        ("line_end", pa.int32(), "integer"),
        ("text", pa.string(), "varchar"),
    ],
    "cells": [
        ("doc_id", pa.string(), "varchar"),
        ("table_id", pa.string(), "varchar"),
        ("subtable_id", pa.string(), "varchar"),
        ("row_key", pa.string(), "varchar"),
        ("col_key", pa.string(), "varchar"),
        ("cell_key", pa.string(), "varchar"),
        ("value", pa.float64(), "double"),
        ("raw_text", pa.string(), "varchar"),
        ("unit", pa.string(), "varchar"),
        ("unit_raw", pa.string(), "varchar"),
        ("flags", pa.list_(pa.string()), "varchar[]"),
        ("line", pa.int32(), "integer"),
        ("page", pa.int32(), "integer"),  # provenance: page and box (PDF points / pixels, top-left origin)
        ("x0", pa.float64(), "double"),
        ("top", pa.float64(), "double"),
        ("x1", pa.float64(), "double"),
        ("bottom", pa.float64(), "double"),
        ("confidence", pa.float64(), "double"),  # OCR score 0..1
        ("source", pa.string(), "varchar"),  # docx:table3/row5/col2, pdf:page4
    ],
    "extra_rows": [
        ("doc_id", pa.string(), "varchar"),
        ("table_id", pa.string(), "varchar"),
        ("label", pa.string(), "varchar"),
        ("position", pa.int32(), "integer"),
        ("value", pa.float64(), "double"),
        ("raw_text", pa.string(), "varchar"),
        ("line", pa.int32(), "integer"),
    ],
    "narrative_facts": [
        ("doc_id", pa.string(), "varchar"),
        ("fact_key", pa.string(), "varchar"),
        ("value", pa.float64(), "double"),
        ("raw_text", pa.string(), "varchar"),
        ("line", pa.int32(), "integer"),
    ],
    "parse_issues": [
        ("doc_id", pa.string(), "varchar"),
        ("source_path", pa.string(), "varchar"),
        ("severity", pa.string(), "varchar"),
        ("code", pa.string(), "varchar"),
        ("message", pa.string(), "varchar"),
        ("line", pa.int32(), "integer"),
        ("cell_key", pa.string(), "varchar"),
        ("extractor_version", pa.string(), "varchar"),
    ],
}


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema and tables if missing (safe to call every time), with the file manifest and
    the documents' lifecycle view that dbt reads beside them."""
    from extract.lifecycle import ensure_lifecycle  # it builds on this module

    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    for table, cols in RAW_TABLES.items():
        ddl = ", ".join(f"{name} {sqltype}" for name, _, sqltype in cols)
        con.execute(f"create table if not exists {RAW_SCHEMA}.{table} ({ddl})")
        for name, _, sqltype in cols:  # a warehouse made by an older version gains the newer columns
            if "primary key" not in sqltype:
                con.execute(f"alter table {RAW_SCHEMA}.{table} add column if not exists {name} {sqltype}")
    ensure_manifest(con)
    ensure_lifecycle(con)


def landed_versions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """doc_id → extractor version of every landed document (for the content-hash skip)."""
    return dict(con.execute(f"select doc_id, extractor_version from {RAW_SCHEMA}.documents").fetchall())


def records_to_arrow(records: list[Record], ingested_at: datetime | None = None) -> dict[str, pa.Table]:
    """The raw-table rows of `records`, one Arrow table per raw table (pure; no database).

    Built column by column (one list comprehension per column and record) rather than row by row:
    a national year is ~20M cell rows, and this runs in the extraction workers.
    """
    at = ingested_at or datetime.now(UTC)
    cols: dict[str, dict[str, list]] = {t: {c[0]: [] for c in spec} for t, spec in RAW_TABLES.items()}
    _documents(records, cols["documents"], at)
    sec, cel, ext, nar, iss = (
        cols[t] for t in ("sections", "cells", "extra_rows", "narrative_facts", "parse_issues")
    )
    for r in records:
        d = r["doc_id"]
        sections = r.get("sections") or {}
        if sections:
            items = list(sections.items())
            sec["doc_id"] += [d] * len(items)
            sec["section_key"] += [k for k, _ in items]
            sec["heading"] += [s.get("heading") for _, s in items]
            sec["line_start"] += [s.get("line") for _, s in items]
            sec["line_end"] += [s.get("line_end") for _, s in items]
            sec["text"] += [s.get("text") for _, s in items]
        cells = _one_per_key(r.get("cells") or [])
        if cells:
            cel["doc_id"] += [d] * len(cells)
            cel["table_id"] += [c["table"] for c in cells]
            cel["subtable_id"] += [c.get("subtable") for c in cells]
            cel["row_key"] += [c.get("row") for c in cells]
            cel["col_key"] += [c.get("col") for c in cells]
            cel["cell_key"] += [c["key"] for c in cells]
            cel["value"] += [c.get("value") for c in cells]
            cel["raw_text"] += [c.get("raw") for c in cells]
            cel["unit"] += [c.get("unit") for c in cells]
            cel["unit_raw"] += [c.get("unit_raw") for c in cells]
            cel["flags"] += [c.get("flags") or _NO_FLAGS for c in cells]
            cel["line"] += [c.get("line") for c in cells]
            for k in _PROVENANCE:
                cel[k] += [c.get(k) for c in cells]
        for table, extras in (("t2", r.get("t2_extras") or ()), ("t3", r.get("t3_extras") or ())):
            for e in extras:
                for pos, cell in enumerate(e.get("cells") or []):
                    cell = cell if isinstance(cell, dict) else {"value": cell, "raw": None}
                    for k, v in (
                        ("doc_id", d),
                        ("table_id", table),
                        ("label", e.get("label")),
                        ("position", pos),
                        ("value", _num(cell.get("value"))),
                        ("raw_text", cell.get("raw")),
                        ("line", e.get("line")),
                    ):
                        ext[k].append(v)
        facts = r.get("narrative") or []
        if facts:
            nar["doc_id"] += [d] * len(facts)
            nar["fact_key"] += [f["key"] for f in facts]
            nar["value"] += [_num(f.get("value")) for f in facts]
            nar["raw_text"] += [f.get("raw") for f in facts]
            nar["line"] += [f.get("line") for f in facts]
        issues = r["issues"]
        if issues:
            n = len(issues)
            iss["doc_id"] += [d] * n
            iss["source_path"] += [r.get("source_path")] * n
            iss["severity"] += [i["severity"] for i in issues]
            iss["code"] += [i["code"] for i in issues]
            iss["message"] += [i["message"] for i in issues]
            iss["line"] += [i.get("line") for i in issues]
            iss["cell_key"] += [i.get("cell") for i in issues]
            iss["extractor_version"] += [r.get("extractor_version")] * n

    return {t: _table(cols[t], spec) for t, spec in RAW_TABLES.items()}


_NO_FLAGS: list[str] = []


def _one_per_key(cells: list[dict]) -> list[dict]:
    """One cell per cell key: should a parser ever emit an address twice, the first line wins (then the
    raw text). Deduplicating here, per document, spares dbt a window over every landed cell."""
    if len({c["key"] for c in cells}) == len(cells):
        return cells
    best: dict[str, tuple] = {}
    for c in cells:
        line, raw = c.get("line"), c.get("raw")
        rank = (line is None, line or 0, raw is None, raw or "")
        kept = best.get(c["key"])
        if kept is None or rank < kept[0]:
            best[c["key"]] = (rank, c)
    return [c for _, c in best.values()]


_PROVENANCE = ("page", "x0", "top", "x1", "bottom", "confidence", "source")


def _documents(records: list[Record], doc: dict[str, list], at: datetime) -> None:
    for r in records:
        region, inferred = r.get("region") or {}, r.get("region_inferred") or {}
        status = r.get("table_status") or {}
        sev = [i["severity"] for i in r["issues"]]
        row = {
            "doc_id": r["doc_id"],
            "table_templates": json.dumps(r.get("table_templates") or {}, ensure_ascii=False),
            "agency_aliases": list(r.get("agency_aliases") or []),
            "region_province": region.get("province"),
            "region_city": region.get("city"),
            "region_county": region.get("county"),
            "region_township": region.get("township"),
            "region_inferred_province": inferred.get("province"),
            "region_inferred_city": inferred.get("city"),
            "region_inferred_county": inferred.get("county"),
            "region_inferred_code": inferred.get("code"),
            "t2_status": status.get("t2"),
            "t3_status": status.get("t3"),
            "t4_status": status.get("t4"),
            "error_count": sev.count("error"),
            "warning_count": sev.count("warning"),
            "ingested_at": at,
        }
        for name, values in doc.items():
            values.append(row[name] if name in row else r.get(name))


def _table(cols: dict[str, list], spec: list[tuple[str, pa.DataType, str]]) -> pa.Table:
    arrays = []
    for name, typ, _ in spec:
        values = cols[name]
        try:
            arrays.append(pa.array(values, type=typ))
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):  # Decimal or numeric strings from a parser
            arrays.append(pa.array([_num(v) if typ == pa.float64() else v for v in values], type=typ))
    return pa.Table.from_arrays(arrays, names=[name for name, _, _ in spec])


def _num(v: object) -> float | None:
    return None if v is None else float(v)  # type: ignore[arg-type]


def land(con: duckdb.DuckDBPyConnection, records: Iterable[Record]) -> int:
    """Write one batch of records in a single transaction, replacing earlier rows of the same documents.

    Returns the number of documents landed. If anything fails, the batch is rolled back and the
    exception propagates: the warehouse is left exactly as it was before the batch.
    """
    batch = list({r["doc_id"]: r for r in records}.values())  # same bytes twice in a batch: one document
    if not batch:
        return 0
    return land_tables(con, records_to_arrow(batch))


def land_tables(
    con: duckdb.DuckDBPyConnection,
    tables: dict[str, pa.Table],
    *,
    within: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
) -> int:
    """Land pre-built raw-table rows (from `records_to_arrow`, possibly concatenated) in one transaction;
    `within(con)` runs inside it, before the commit (e.g. to record the shards these rows came from).

    Old rows of the same documents are deleted first, but only when some of them are already there:
    on a first ingest the deletes would scan ever-growing tables for nothing.
    """
    docs = tables["documents"]
    if not docs.num_rows:
        return 0
    if pc.count_distinct(docs.column("doc_id")).as_py() < docs.num_rows:
        raise ValueError("land_tables: a document appears twice; dedupe records first (see land)")
    ids = pa.table({"doc_id": docs.column("doc_id")})
    con.execute("begin transaction")
    try:
        con.register("_landing_ids", ids)
        known = con.execute(
            f"select count(*) from {RAW_SCHEMA}.documents where doc_id in (select doc_id from _landing_ids)"
        ).fetchall()[0][0]
        if known:
            for table in RAW_TABLES:
                con.execute(
                    f"delete from {RAW_SCHEMA}.{table} where doc_id in (select doc_id from _landing_ids)"
                ).fetchall()
        for table, arrow in tables.items():
            if arrow.num_rows:
                con.register("_landing_rows", arrow)
                con.execute(
                    f"insert into {RAW_SCHEMA}.{table} by name select * from _landing_rows"
                ).fetchall()
                con.unregister("_landing_rows")
        bump_generation(con)
        if within is not None:
            within(con)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:  # a failed batch must not leave Arrow views registered on the connection
        for view in ("_landing_rows", "_landing_ids"):
            with contextlib.suppress(duckdb.Error):
                con.unregister(view)
    return docs.num_rows


def drop_docs(tables: dict[str, pa.Table], doc_ids: set[str]) -> dict[str, pa.Table]:
    """`tables` without the rows of `doc_ids` (a document already landed by this run, under another path)."""
    if not doc_ids:
        return tables
    drop = pa.array(list(doc_ids), pa.string())
    return {
        t: a.filter(pc.invert(pc.is_in(a.column("doc_id"), value_set=drop))) if a.num_rows else a
        for t, a in tables.items()
    }


# ---------------------------------------------------------------- file manifest (cheap re-runs)

MANIFEST_TABLE = f"{RAW_SCHEMA}.files"


def ensure_manifest(con: duckdb.DuckDBPyConnection) -> None:
    """`raw.files`: path, size and mtime of every file seen, with its doc id and extractor version, so a
    re-run skips unchanged files from a stat() alone, without reading or hashing them."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.execute(
        f"create table if not exists {MANIFEST_TABLE} (source_path varchar primary key, size_bytes bigint, "
        "mtime_ns bigint, doc_id varchar, extractor_version varchar, state varchar default 'present')"
    )


def manifest(con: duckdb.DuckDBPyConnection, version: str) -> dict[str, tuple[int, int]]:
    """source_path → (size, mtime_ns) of files last seen by extractor `version` whose document is landed."""
    rows = con.execute(
        f"select f.source_path, f.size_bytes, f.mtime_ns from {MANIFEST_TABLE} f "
        f"join {RAW_SCHEMA}.documents d using (doc_id) where f.extractor_version = ? "
        "and d.extractor_version = ? and f.state in ('present', 'removed')",
        [version, version],
    ).fetchall()
    return {p: (s, m) for p, s, m in rows}


def record_files(con: duckdb.DuckDBPyConnection, rows: list[tuple[str, int, int, str, str]]) -> None:
    """Upsert manifest rows (source_path, size, mtime_ns, doc_id, extractor_version): each path present."""
    if not rows:
        return
    t = pa.table(
        {
            "source_path": pa.array([r[0] for r in rows], pa.string()),
            "size_bytes": pa.array([r[1] for r in rows], pa.int64()),
            "mtime_ns": pa.array([r[2] for r in rows], pa.int64()),
            "doc_id": pa.array([r[3] for r in rows], pa.string()),
            "extractor_version": pa.array([r[4] for r in rows], pa.string()),
        }
    )
    con.register("_manifest_rows", t)
    try:
        # a path retired with `ogi remove` stays removed while it holds the same bytes
        con.execute(
            f"insert into {MANIFEST_TABLE} as files (source_path, size_bytes, mtime_ns, doc_id, extractor_version, "
            "state) select *, 'present' from _manifest_rows on conflict (source_path) do update set "
            "size_bytes = excluded.size_bytes, mtime_ns = excluded.mtime_ns, doc_id = excluded.doc_id, "
            "extractor_version = excluded.extractor_version, state = case when files.state = 'removed' "
            "and files.doc_id = excluded.doc_id then 'removed' else 'present' end"
        ).fetchall()
    finally:
        con.unregister("_manifest_rows")


# ---------------------------------------------------------------- generation (is the Parquet mirror stale?)

GENERATION_TABLE = f"{RAW_SCHEMA}.generation"


def bump_generation(con: duckdb.DuckDBPyConnection) -> None:
    """Count one change of the raw tables, inside the caller's transaction: the Parquet mirror records the
    generation it was written at, so a mirror interrupted before it caught up is rewritten next time."""
    con.execute(f"create table if not exists {GENERATION_TABLE} (generation bigint)")
    if not con.execute(f"select count(*) from {GENERATION_TABLE}").fetchall()[0][0]:
        con.execute(f"insert into {GENERATION_TABLE} values (0)")
    con.execute(f"update {GENERATION_TABLE} set generation = generation + 1")


def generation(con: duckdb.DuckDBPyConnection) -> int:
    """How many times the raw tables changed (0 before the first landing; works read-only)."""
    exists = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = 'generation'",
        [RAW_SCHEMA],
    ).fetchall()[0][0]
    if not exists:
        return 0
    row = con.execute(f"select max(generation) from {GENERATION_TABLE}").fetchall()[0][0]
    return int(row or 0)
