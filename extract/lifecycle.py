"""Which document is current: per source path, the version last ingested; older versions are superseded,
files missing on the next ingest of their folder are gone, and `ogi remove` retires paths.

The file manifest (`raw.files`: one row per source path, the doc id last read there) carries a `state`
('present', 'gone', 'removed'); the view `raw.document_lifecycle` derives every document's status from
it, so the answer is always consistent with what was landed and nothing is ever deleted:

* current — some present path holds these bytes (or the document was landed without a manifest);
* superseded — its path now holds other bytes (a file edited in place, a corrected re-download);
* gone — every path that held it vanished from its folder; removed — retired with `ogi remove`.
Facts and marts count current documents only (dbt var `include_superseded` to audit the others).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa

from extract.land import MANIFEST_TABLE, RAW_SCHEMA

LIFECYCLE_VIEW = f"{RAW_SCHEMA}.document_lifecycle"
STATES = ("current", "superseded", "gone", "removed")


def ensure_lifecycle(con: duckdb.DuckDBPyConnection) -> None:
    """Add the manifest's state column (older warehouses lack it) and (re)create the lifecycle view."""
    con.execute(f"alter table {MANIFEST_TABLE} add column if not exists state varchar default 'present'")
    con.execute(
        f"""
        create or replace view {LIFECYCLE_VIEW} as
        with refs as (
            select
                doc_id,
                count(*) filter (where state = 'present') as present_paths,
                count(*) filter (where state = 'removed') as removed_paths,
                min(source_path) filter (where state = 'present') as current_path
            from {MANIFEST_TABLE}
            group by doc_id
        )
        select
            documents.doc_id,
            case
                when refs.present_paths > 0 then 'current'
                when refs.removed_paths > 0 then 'removed'
                when refs.doc_id is not null then 'gone'
                when exists (select 1 from {MANIFEST_TABLE} as files
                             where files.source_path = documents.source_path) then 'superseded'
                else 'current'
            end as lifecycle_status,
            coalesce(refs.current_path, documents.source_path) as current_path
        from {RAW_SCHEMA}.documents as documents
        left join refs on documents.doc_id = refs.doc_id
        """
    )


def mark_gone(con: duckdb.DuckDBPyConnection, folders: Iterable[Path], seen: Iterable[str]) -> int:
    """Files of the manifest below `folders` that this ingest did not find: state 'gone'. Returns how many."""
    folders = [str(f).rstrip(os.sep) + os.sep for f in folders]
    if not folders:
        return 0
    con.register("_seen_paths", pa.table({"source_path": pa.array(list(seen), pa.string())}))
    con.register("_folders", pa.table({"prefix": pa.array(folders, pa.string())}))
    try:
        return con.execute(
            f"update {MANIFEST_TABLE} set state = 'gone' where state = 'present' "
            "and exists (select 1 from _folders where starts_with(source_path, prefix)) "
            "and source_path not in (select source_path from _seen_paths)"
        ).fetchall()[0][0]
    finally:
        con.unregister("_seen_paths")
        con.unregister("_folders")


def remove_paths(con: duckdb.DuckDBPyConnection, paths: Iterable[str | Path]) -> tuple[int, list[str]]:
    """Retire the documents at `paths` (files, or every file below a folder): (paths retired, paths the
    warehouse does not know). The rows stay for audit; facts and marts stop counting them."""
    retired, unknown = 0, []
    for p in paths:
        full = os.path.abspath(p)
        n = con.execute(
            f"update {MANIFEST_TABLE} set state = 'removed' where state <> 'removed' "
            "and (source_path = ? or starts_with(source_path, ?))",
            [full, full.rstrip(os.sep) + os.sep],
        ).fetchall()[0][0]
        known = (
            n
            or con.execute(
                f"select count(*) from {MANIFEST_TABLE} where source_path = ? or starts_with(source_path, ?)",
                [full, full.rstrip(os.sep) + os.sep],
            ).fetchall()[0][0]
        )
        retired += n
        if not known:
            unknown.append(str(p))
    return retired, unknown


def lifecycle_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Documents per lifecycle status, and the current ones that are reports, not reports or failed."""
    rows = con.execute(
        f"select l.lifecycle_status, d.status, count(*) from {LIFECYCLE_VIEW} l "
        f"join {RAW_SCHEMA}.documents d using (doc_id) group by all"
    ).fetchall()
    out = dict.fromkeys(STATES, 0) | {"reports": 0, "not_reports": 0, "failed": 0}
    for state, status, n in rows:
        out[state] = out.get(state, 0) + n
        if state == "current":
            key = {"failed": "failed", "not_report": "not_reports"}.get(status, "reports")
            out[key] += n
    return out


def lifecycle_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str]]:
    """(lifecycle status, parse status, path, doc id) of every document, current first."""
    return con.execute(
        f"select l.lifecycle_status, d.status, l.current_path, d.doc_id from {LIFECYCLE_VIEW} l "
        f"join {RAW_SCHEMA}.documents d using (doc_id) "
        "order by list_position(['current', 'superseded', 'gone', 'removed'], l.lifecycle_status), 3, 4"
    ).fetchall()
