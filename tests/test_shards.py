"""Raw-table shards (`extract.run.shards`): content names, whole files, landed once, and a staging
folder that outlives runs cleared of what was landed already."""

from __future__ import annotations

import duckdb

from extract.batch import parse_chunk
from extract.land import RAW_TABLES
from extract.run.shards import (
    ensure_shard_manifest,
    read_shard,
    record_shards,
    shard_files,
    shard_name,
    sweep_landed,
    write_shard,
)


def _chunk(samples_dir, which: slice):
    return parse_chunk([str(p) for p in sorted(samples_dir.glob("*.txt"))[which]])


def test_a_shard_reads_back_exactly_with_the_raw_tables_types(tmp_path, samples_dir):
    chunk = _chunk(samples_dir, slice(0, 2))
    name = write_shard(chunk.tables, tmp_path, shard_name(chunk.doc_ids))
    back = read_shard(tmp_path, name)
    for table in RAW_TABLES:
        assert back[table].schema.equals(chunk.tables[table].schema), table
        assert back[table].to_pylist() == chunk.tables[table].to_pylist(), table
    assert not list(tmp_path.rglob("*.tmp"))  # each file renamed into place once complete


def test_the_name_is_the_content_whatever_the_order(samples_dir):
    chunk = _chunk(samples_dir, slice(0, 3))
    assert shard_name(chunk.doc_ids) == shard_name(list(reversed(chunk.doc_ids)))
    assert shard_name(chunk.doc_ids) != shard_name(chunk.doc_ids, version="another extractor")
    assert shard_name(chunk.doc_ids) != shard_name(chunk.doc_ids[:2])


def test_landed_shards_left_in_staging_are_swept_and_the_others_kept(tmp_path, samples_dir):
    """A run stopped between a landing's commit and its clean-up leaves landed shards behind."""
    landed, pending = _chunk(samples_dir, slice(0, 2)), _chunk(samples_dir, slice(2, 4))
    a = write_shard(landed.tables, tmp_path, shard_name(landed.doc_ids))
    b = write_shard(pending.tables, tmp_path, shard_name(pending.doc_ids))
    con = duckdb.connect()
    ensure_shard_manifest(con)
    record_shards(con, [(a, 2)])
    assert sweep_landed(con, tmp_path) == 1
    assert not any(p.exists() for p in shard_files(tmp_path, a).values())
    assert all(p.exists() for p in shard_files(tmp_path, b).values())
    assert sweep_landed(con, tmp_path) == 0
