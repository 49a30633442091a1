"""Landing the real samples: idempotent by content, replaced by a newer extractor, atomic per batch."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

import extract.batch
import extract.ingest
import extract.record
from extract.ingest import ingest
from extract.land import RAW_TABLES, land_tables, records_to_arrow
from extract.parse import parse_file


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in RAW_TABLES}


def _snapshot(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select doc_id, cell_key, value, raw_text from raw.cells order by doc_id, cell_key"
    ).fetchall()


@pytest.fixture
def landed(warehouse, samples_dir):
    con = duckdb.connect(str(warehouse))
    first = ingest(con, [samples_dir], workers=1)
    yield con, first
    con.close()


def test_the_same_files_twice_are_one_document_each(landed, samples_dir):
    con, first = landed
    before = _counts(con)
    again = ingest(con, [samples_dir], workers=1)
    assert (first.landed, again.landed, again.skipped) == (5, 0, 5)
    assert _counts(con) == before
    assert before["documents"] == 5


def test_a_newer_extractor_replaces_a_documents_rows(landed, samples_dir, monkeypatch):
    con, _ = landed
    before = _counts(con)
    for module in (extract.record, extract.ingest, extract.batch):
        monkeypatch.setattr(module, "EXTRACTOR_VERSION", "999.0.0")
    newer = ingest(con, [samples_dir], workers=1)
    assert (newer.landed, newer.skipped) == (5, 0)
    assert con.execute("select distinct extractor_version from raw.documents").fetchall() == [("999.0.0",)]
    assert _counts(con) == before  # replaced, not appended


def test_a_failure_inside_the_batch_leaves_the_warehouse_as_it_was(landed, samples_dir):
    con, _ = landed
    before_counts, before_cells = _counts(con), _snapshot(con)
    # Re-land two known documents with changed values, and make the last table's insert fail after
    # their old rows were deleted and their new cells inserted.
    records = [parse_file(p) for p in sorted(samples_dir.glob("00[01]_*.txt"))]
    for r in records:
        for c in r["cells"]:
            c["value"] = 12345
    tables = records_to_arrow(records)
    tables["parse_issues"] = pa.table({"not_a_column": pa.array([1])})
    with pytest.raises(duckdb.Error):
        land_tables(con, tables)
    assert _counts(con) == before_counts
    assert _snapshot(con) == before_cells
