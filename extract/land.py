"""Records → DuckDB raw tables (schema `raw`), in Arrow batches, one transaction per batch.

Idempotent by document: the doc id is the sha256 of the bytes, and landing a document deletes its old
rows first, so the same file twice is one document and a newer extractor version replaces the older
rows. A crash mid-batch rolls the whole batch back, leaving the warehouse as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

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
        ("template", pa.string(), "varchar"),
        ("table_templates", pa.string(), "varchar"),  # JSON {"t2": "v2021", "t3": ...}
        ("title", pa.string(), "varchar"),
        ("agency_name", pa.string(), "varchar"),
        ("agency_aliases", pa.list_(pa.string()), "varchar[]"),
        ("agency_name_inferred", pa.string(), "varchar"),
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
    """Create the raw schema and tables if missing (safe to call every time)."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    for table, cols in RAW_TABLES.items():
        ddl = ", ".join(f"{name} {sqltype}" for name, _, sqltype in cols)
        con.execute(f"create table if not exists {RAW_SCHEMA}.{table} ({ddl})")


def landed_versions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """doc_id → extractor version of every landed document (for the content-hash skip)."""
    return dict(con.execute(f"select doc_id, extractor_version from {RAW_SCHEMA}.documents").fetchall())


def records_to_arrow(records: list[Record], ingested_at: datetime | None = None) -> dict[str, pa.Table]:
    """The raw-table rows of `records`, one Arrow table per raw table (pure; no database)."""
    at = ingested_at or datetime.now(UTC)
    cols: dict[str, dict[str, list]] = {t: {c[0]: [] for c in spec} for t, spec in RAW_TABLES.items()}

    def add(table: str, **row) -> None:
        c = cols[table]
        for name in c:
            c[name].append(row.get(name))

    for r in records:
        d = r["doc_id"]
        region, inferred = r.get("region") or {}, r.get("region_inferred") or {}
        status = r.get("table_status") or {}
        sev = [i["severity"] for i in r["issues"]]
        add(
            "documents",
            doc_id=d,
            source_path=r.get("source_path"),
            source_file=r.get("source_file"),
            size_bytes=r.get("size_bytes"),
            encoding=r.get("encoding"),
            is_report=r.get("is_report"),
            status=r.get("status"),
            layout=r.get("layout"),
            template=r.get("template"),
            table_templates=json.dumps(r.get("table_templates") or {}, ensure_ascii=False),
            title=r.get("title"),
            agency_name=r.get("agency_name"),
            agency_aliases=list(r.get("agency_aliases") or []),
            agency_name_inferred=r.get("agency_name_inferred"),
            agency_level=r.get("agency_level"),
            report_year=r.get("report_year"),
            report_year_source=r.get("report_year_source"),
            publication_date=r.get("publication_date"),
            publication_date_raw=r.get("publication_date_raw"),
            publication_date_source=r.get("publication_date_source"),
            region_province=region.get("province"),
            region_city=region.get("city"),
            region_county=region.get("county"),
            region_township=region.get("township"),
            region_inferred_province=inferred.get("province"),
            region_inferred_city=inferred.get("city"),
            region_inferred_county=inferred.get("county"),
            region_inferred_code=inferred.get("code"),
            t2_status=status.get("t2"),
            t3_status=status.get("t3"),
            t4_status=status.get("t4"),
            error_count=sev.count("error"),
            warning_count=sev.count("warning"),
            extractor_version=r.get("extractor_version"),
            ingested_at=at,
        )
        for key, s in (r.get("sections") or {}).items():
            add("sections", doc_id=d, section_key=key, heading=s.get("heading"), line_start=s.get("line"),
                line_end=s.get("line_end"), text=s.get("text"))
        for c in r.get("cells") or []:
            add("cells", doc_id=d, table_id=c["table"], subtable_id=c.get("subtable"), row_key=c.get("row"),
                col_key=c.get("col"), cell_key=c["key"], value=_num(c.get("value")), raw_text=c.get("raw"),
                unit=c.get("unit"), unit_raw=c.get("unit_raw"), flags=list(c.get("flags") or []),
                line=c.get("line"))
        for table, extras in (("t2", r.get("t2_extras") or []), ("t3", r.get("t3_extras") or [])):
            for e in extras:
                for pos, cell in enumerate(e.get("cells") or []):
                    cell = cell if isinstance(cell, dict) else {"value": cell, "raw": None}
                    add("extra_rows", doc_id=d, table_id=table, label=e.get("label"), position=pos,
                        value=_num(cell.get("value")), raw_text=cell.get("raw"), line=e.get("line"))
        for f in r.get("narrative") or []:
            add("narrative_facts", doc_id=d, fact_key=f["key"], value=_num(f.get("value")),
                raw_text=f.get("raw"), line=f.get("line"))
        for i in r["issues"]:
            add("parse_issues", doc_id=d, source_path=r.get("source_path"), severity=i["severity"],
                code=i["code"], message=i["message"], line=i.get("line"), cell_key=i.get("cell"),
                extractor_version=r.get("extractor_version"))

    return {
        t: pa.table({name: pa.array(cols[t][name], type=typ) for name, typ, _ in spec})
        for t, spec in RAW_TABLES.items()
    }


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
    tables = records_to_arrow(batch)
    ids = pa.table({"doc_id": pa.array([r["doc_id"] for r in batch], type=pa.string())})
    con.execute("begin transaction")
    try:
        con.register("_landing_ids", ids)
        for table in RAW_TABLES:
            con.execute(f"delete from {RAW_SCHEMA}.{table} where doc_id in (select doc_id from _landing_ids)")
        for table, arrow in tables.items():
            if arrow.num_rows:
                con.register("_landing_rows", arrow)
                con.execute(f"insert into {RAW_SCHEMA}.{table} select * from _landing_rows")
                con.unregister("_landing_rows")
        con.unregister("_landing_ids")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return len(batch)


def export_raw_parquet(con: duckdb.DuckDBPyConnection, out_dir: str | Path) -> list[Path]:
    """Mirror every raw table to `out_dir/<table>.parquet` so other engines can read them."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in RAW_TABLES:
        path = out / f"{table}.parquet"
        con.execute(f"copy {RAW_SCHEMA}.{table} to '{path.as_posix()}' (format parquet, compression zstd)")
        written.append(path)
    return written
