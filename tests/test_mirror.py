"""The raw Parquet mirror (`extract.mirror`): appended batch by batch as the ingest lands, checked
against the warehouse at the end, rewritten from DuckDB whenever appending would not be exact."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from extract import mirror
from extract.ingest import ingest
from extract.land import RAW_TABLES, land
from extract.parse import parse_file
from tests.conftest import mirror_rows, raw_rows


@pytest.fixture
def corpus(tmp_path: Path, samples_dir: Path) -> Path:
    """Three of the samples; the other two are added by the tests that need a second batch."""
    root = tmp_path / "corpus"
    root.mkdir()
    for p in sorted(samples_dir.glob("*.txt"))[:3]:
        shutil.copy(p, root / p.name)
    return root


def _ingest(wh: Path, corpus: Path, **kw):
    con = duckdb.connect(str(wh))
    try:
        return ingest(con, [corpus], workers=1, parquet_dir=wh.parent / "raw", **kw)
    finally:
        con.close()


def _parts(raw: Path) -> dict[str, tuple[int, int]]:
    """Raw-table part file → (inode, mtime_ns): a part rewritten or replaced changes both. (The
    lifecycle part is small and rewritten every run: statuses change without new rows.)"""
    return {
        str(p.relative_to(raw)): (p.stat().st_ino, p.stat().st_mtime_ns)
        for t in RAW_TABLES
        for p in (raw / t).glob("part-*.parquet")
    }


def test_a_first_ingest_appends_the_landed_rows(tmp_path, corpus):
    wh = tmp_path / "w.duckdb"
    s = _ingest(wh, corpus)
    assert s.landed == 3 and s.mirror == "appended"
    raw = tmp_path / "raw"
    assert mirror_rows(raw) == raw_rows(wh)
    assert sum(len(v) for v in raw_rows(wh).values()) > 500
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert mirror.mirror_is_current(con, raw)
        lifecycle = duckdb.sql(f"select count(*) from '{raw}/document_lifecycle/*.parquet'").fetchall()[0][0]
        assert lifecycle == con.execute("select count(*) from raw.document_lifecycle").fetchall()[0][0] == 3
    finally:
        con.close()
    meta = json.loads((raw / "_mirror.json").read_text(encoding="utf-8"))
    assert meta["rows"]["documents"] == 3 and set(meta["parts"]) == {*RAW_TABLES, "document_lifecycle"}


def test_new_documents_add_parts_and_leave_the_old_ones_untouched(tmp_path, corpus, samples_dir):
    wh = tmp_path / "w.duckdb"
    _ingest(wh, corpus)
    raw = tmp_path / "raw"
    before = _parts(raw)
    for p in sorted(samples_dir.glob("*.txt"))[3:]:
        shutil.copy(p, corpus / p.name)
    s = _ingest(wh, corpus)
    assert s.landed == 2 and s.mirror == "appended"
    after = _parts(raw)
    assert {k: after[k] for k in before} == before  # not one old part rewritten
    assert len(after) == 2 * len(before)  # one new part per raw table
    assert mirror_rows(raw) == raw_rows(wh)


def test_an_unchanged_run_writes_no_part(tmp_path, corpus):
    wh = tmp_path / "w.duckdb"
    _ingest(wh, corpus)
    before = _parts(tmp_path / "raw")
    s = _ingest(wh, corpus)
    assert s.landed == 0 and s.mirror == "current"
    assert _parts(tmp_path / "raw") == before


def test_documents_landed_again_rewrite_the_mirror_without_duplicates(tmp_path, corpus):
    wh = tmp_path / "w.duckdb"
    _ingest(wh, corpus)
    s = _ingest(wh, corpus, force=True)
    assert s.landed == 3 and s.mirror.startswith("rewritten")
    assert mirror_rows(tmp_path / "raw") == raw_rows(wh)


def test_rows_landed_without_the_mirror_are_caught_and_rewritten(tmp_path, corpus, samples_dir):
    """A library call that lands without a mirror: appending now would leave that document out."""
    wh = tmp_path / "w.duckdb"
    _ingest(wh, corpus)
    con = duckdb.connect(str(wh))
    land(con, [parse_file(sorted(samples_dir.glob("*.txt"))[4])])
    con.close()
    extra = sorted(samples_dir.glob("*.txt"))[3]
    shutil.copy(extra, corpus / extra.name)
    s = _ingest(wh, corpus)
    assert s.landed == 1 and s.mirror == "rewritten: documents: 3 rows in the mirror, 5 in the warehouse"
    assert mirror_rows(tmp_path / "raw") == raw_rows(wh)


def test_a_lost_part_is_noticed_and_the_mirror_rewritten(tmp_path, corpus):
    wh = tmp_path / "w.duckdb"
    _ingest(wh, corpus)
    raw = tmp_path / "raw"
    next((raw / "cells").glob("part-*.parquet")).unlink()
    con = duckdb.connect(str(wh), read_only=True)
    assert not mirror.mirror_is_current(con, raw)
    con.close()
    s = _ingest(wh, corpus)
    assert s.landed == 0 and s.mirror == "rewritten: a part is missing from some table folders"
    assert mirror_rows(raw) == raw_rows(wh)


def test_a_mirror_of_other_columns_is_rewritten(tmp_path, corpus):
    wh = tmp_path / "w.duckdb"
    _ingest(wh, corpus)
    raw = tmp_path / "raw"
    meta = json.loads((raw / "_mirror.json").read_text(encoding="utf-8"))
    (raw / "_mirror.json").write_text(json.dumps({**meta, "schema": "an older one"}), encoding="utf-8")
    s = _ingest(wh, corpus)
    assert s.mirror == "rewritten: written under other columns"
    assert mirror_rows(raw) == raw_rows(wh)


def test_the_earlier_single_file_layout_is_replaced(tmp_path, corpus):
    """A warehouse whose mirror an earlier version wrote: one `<table>.parquet` per table."""
    wh = tmp_path / "w.duckdb"
    _ingest(wh, corpus)
    raw = tmp_path / "raw"
    shutil.rmtree(raw)
    raw.mkdir()
    for table in (*RAW_TABLES, "document_lifecycle"):
        (raw / f"{table}.parquet").write_bytes(b"PAR1 old layout")
    s = _ingest(wh, corpus)
    assert s.landed == 0
    assert (
        s.mirror == "rewritten: the earlier layout (one file per table) becomes a folder of parts per table"
    )
    assert not list(raw.glob("*.parquet"))
    assert mirror_rows(raw) == raw_rows(wh)
