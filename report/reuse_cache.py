"""Text-reuse similarities kept between builds, per report year, so an unchanged corpus does not recompute.

The pairs of year y (each report against its agency's report of y-1) depend only on the texts of years
y and y-1: the texts compared, and the boilerplate found in each (section, year) group, sampled with a
generator of its own. So a year's pairs are reused when the fingerprints of y and y-1 (a hash over
agency, document, section and text of every row, computed in DuckDB) match those the cached pairs were
computed from, under the same algorithm settings; the other years are recomputed from those years'
texts and their predecessors' only. A new year of reports recomputes that year alone.
The cache is a Parquet file and a JSON sidecar in the site folder's .cache/.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from report.reuse import BOILERPLATE_SAMPLE, BOILERPLATE_SHARE, MIN_SHINGLES, NGRAM, year_over_year

VERSION = 1  # bump when the measure changes in a way the settings below do not name
SETTINGS = {"version": VERSION, "ngram": NGRAM, "share": BOILERPLATE_SHARE, "sample": BOILERPLATE_SAMPLE,
            "min": MIN_SHINGLES}  # fmt: skip
SCHEMA = pa.schema(
    [
        ("report_year", pa.int64()),
        ("document_id", pa.string()),
        ("previous_document_id", pa.string()),
        ("section_key", pa.string()),
        ("similarity", pa.float64()),
        ("shingles", pa.int64()),
        ("previous_shingles", pa.int64()),
    ]
)


def year_fingerprints(con: duckdb.DuckDBPyConnection, texts_sql: str) -> dict[int, str]:
    rows = con.execute(
        "select report_year, count(*), bit_xor(hash(agency_key, document_id, section_key, section_text)) "
        f"from ({texts_sql}) group by 1"
    ).fetchall()
    return {int(y): f"{n}:{h}" for y, n, h in rows if y is not None}


def cached_year_over_year(
    con: duckdb.DuckDBPyConnection, texts_sql: str, cache_dir: Path, *, workers: int | None = None
) -> tuple[pa.Table, dict[str, int]]:
    """Every year-over-year pair of the texts `texts_sql` selects (agency_key, report_year, document_id,
    section_key, section_text), as an Arrow table; with how many years were reused and recomputed."""
    fps = year_fingerprints(con, texts_sql)
    meta_path, data_path = cache_dir / "reuse.json", cache_dir / "reuse.parquet"
    old: dict = {}
    if meta_path.is_file() and data_path.is_file():
        old = json.loads(meta_path.read_text(encoding="utf-8"))
    old_fps = {int(k): v for k, v in old.get("years", {}).items()} if old.get("settings") == SETTINGS else {}
    valid = {y for y in fps if old_fps.get(y) == fps[y] and old_fps.get(y - 1) == fps.get(y - 1)}
    need = sorted(set(fps) - valid)
    parts = []
    if valid:
        kept = pq.read_table(data_path, schema=SCHEMA)
        mask = pc.is_in(kept["report_year"], value_set=pa.array(sorted(valid), pa.int64()))
        parts.append(kept.filter(mask))
    if need:
        read = sorted({*need, *(y - 1 for y in need)})
        rows = con.execute(
            f"select * from ({texts_sql}) where report_year in (select unnest(?::bigint[]))", [read]
        ).fetchall()
        year_of = {r[2]: r[1] for r in rows}
        wanted = set(need)
        pairs = [p for p in year_over_year(rows, workers=workers) if year_of[p["document_id"]] in wanted]
        parts.append(
            pa.table(
                {
                    "report_year": pa.array([year_of[p["document_id"]] for p in pairs], pa.int64()),
                    **{
                        f.name: pa.array([p[f.name] for p in pairs], f.type)
                        for f in SCHEMA
                        if f.name != "report_year"
                    },
                },
                schema=SCHEMA,
            )
        )
    table = pa.concat_tables(parts) if parts else SCHEMA.empty_table()
    cache_dir.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, data_path)
    meta_path.write_text(json.dumps({"settings": SETTINGS, "years": fps}), encoding="utf-8")
    return table, {"years_reused": len(valid), "years_computed": len(need)}
