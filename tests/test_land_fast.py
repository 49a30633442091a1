"""Landing: column-wise Arrow building, batch replacement, the file manifest; and the chunked parallel
ingest with its two-level skip (stat manifest, then content hash). The ingest tests stub the parser,
so they pin the plumbing, not the parsing."""

from __future__ import annotations

import decimal
import os
import random
from pathlib import Path

import duckdb
import pytest

from extract.land import (
    RAW_TABLES,
    drop_docs,
    ensure_manifest,
    ensure_schema,
    land,
    land_tables,
    manifest,
    record_files,
    records_to_arrow,
)
from synth.generate import generate
from tests.conftest import record_from_values


def _record(doc_id: str, seed: int = 0) -> dict:
    from extract.template import load_template

    tpl = load_template("v2021")
    rng = random.Random(seed)
    truth = {
        "template": "v2021",
        "t2": {
            c.row_key: {k.col_key: rng.randint(0, 3) for k in tpl.t2_columns_of(c.row_key)}
            for c in tpl.t2_cells
        },
        "t3": {r.key: [rng.randint(0, 2) for _ in range(7)] for r in tpl.t3_data_rows},
        "t4": [0] * 15,
        "agency_name": f"机关{seed}",
        "region": {"province": "山西省", "city": None, "county": None, "township": None},
    }
    rec = record_from_values(truth, doc_id)
    rec["sections"] = {"s1_overview": {"heading": "一、总体情况", "line": 3, "text": "…"}}
    rec["issues"] = [{"severity": "warning", "code": "x", "message": "m", "line": 1, "cell": None}]
    rec["narrative"] = [{"key": "new_received_total", "value": 3, "raw": "3件", "line": 4}]
    rec["t3_extras"] = [{"label": "小计", "cells": [1, {"value": 2, "raw": "2"}], "line": 9}]
    return rec


def test_records_to_arrow_has_one_row_per_cell_section_issue_and_fact():
    recs = [_record("a"), _record("b", 1)]
    recs[0]["cells"][0]["flags"] = ["na_marker"]
    recs[0]["cells"][1]["value"] = decimal.Decimal("4068.208")
    t = records_to_arrow(recs)
    assert set(t) == set(RAW_TABLES)
    for name, spec in RAW_TABLES.items():
        assert t[name].column_names == [c[0] for c in spec]
    assert t["documents"].num_rows == 2
    assert t["cells"].num_rows == sum(len(r["cells"]) for r in recs) == 2 * (10 + 175 + 15)
    assert t["cells"].column("flags")[0].as_py() == ["na_marker"]
    assert t["cells"].column("flags")[2].as_py() == []
    assert t["cells"].column("value")[1].as_py() == pytest.approx(4068.208)
    assert t["sections"].num_rows == 2 and t["parse_issues"].num_rows == 2
    assert t["narrative_facts"].num_rows == 2 and t["extra_rows"].num_rows == 4
    assert t["documents"].column("region_province").to_pylist() == ["山西省", "山西省"]
    assert t["documents"].column("warning_count").to_pylist() == [1, 1]


def test_land_replaces_a_documents_rows_and_refuses_duplicates_in_tables():
    con = duckdb.connect()
    ensure_schema(con)
    assert land(con, [_record("a"), _record("b", 1)]) == 2
    assert land(con, [_record("a", 2)]) == 1
    assert con.execute("select count(*) from raw.documents").fetchone()[0] == 2
    assert con.execute("select count(*) from raw.cells where doc_id = 'a'").fetchone()[0] == 200
    assert con.execute("select agency_name from raw.documents where doc_id = 'a'").fetchone()[0] == "机关2"
    with pytest.raises(ValueError):
        land_tables(con, records_to_arrow([_record("c"), _record("c")]))


def test_drop_docs_removes_every_row_of_a_document():
    t = drop_docs(records_to_arrow([_record("a"), _record("b", 1)]), {"a"})
    assert all(set(x.column("doc_id").to_pylist()) <= {"b"} for x in t.values())
    assert t["cells"].num_rows == 200


def test_manifest_round_trip():
    con = duckdb.connect()
    ensure_schema(con)
    ensure_manifest(con)
    land(con, [_record("a")])
    record_files(con, [("/x/a.txt", 10, 123, "a", "v1"), ("/x/b.txt", 11, 124, "zz", "v1")])
    record_files(con, [("/x/a.txt", 12, 125, "a", "v1")])
    assert manifest(con, "v1") == {}  # documents carry the real extractor version, not v1
    con.execute("update raw.documents set extractor_version = 'v1'")
    assert manifest(con, "v1") == {"/x/a.txt": (12, 125)}  # b's document is not landed


# ---------------------------------------------------------------- ingest with a stubbed parser


@pytest.fixture
def stub_parser(tmp_path):
    """A 120-file synthetic corpus. Workers run in fresh processes (forkserver), so the parser cannot be
    stubbed from here: the real one parses, and parse work shows in the summary's worker CPU and counts."""
    pytest.importorskip("extract.parse")
    corpus = tmp_path / "c"
    generate(120, corpus, seed=2, defect_rate=0.0)
    return corpus, None


def test_ingest_parallel_then_rerun_skips_everything(stub_parser, tmp_path):
    from extract.ingest import ingest

    corpus, _calls = stub_parser
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    limit = con.execute("select current_setting('memory_limit')").fetchall()
    s = ingest(con, [corpus], workers=2, batch_size=50, parquet_dir=tmp_path / "raw")
    assert con.execute("select current_setting('memory_limit')").fetchall() == limit  # the cap is lifted
    assert (s.files, s.landed, s.skipped) == (120, 120, 0)
    assert s.timings["worker_parse_cpu"] > 0
    assert con.execute("select count(*) from raw.cells").fetchone()[0] == s.cells
    assert con.execute("select count(*) from raw.files").fetchone()[0] == 120
    assert s.mirror == "appended" and list((tmp_path / "raw" / "cells").glob("part-*.parquet"))

    again = ingest(con, [corpus], workers=2, parquet_dir=tmp_path / "raw")
    assert (again.landed, again.skipped) == (0, 120)
    assert again.timings.get("worker_parse_cpu", 0) == 0  # nothing re-parsed

    touched = next(p for p in Path(corpus).rglob("*.txt"))
    os.utime(touched, ns=(1, 1))  # same bytes, new mtime: hashed, not parsed
    again = ingest(con, [corpus], workers=1)
    assert (again.landed, again.skipped) == (0, 120)  # parsed, it would have landed again


def test_ingest_lands_the_same_bytes_under_two_paths_once(stub_parser, tmp_path):
    from extract.ingest import ingest

    corpus, _ = stub_parser
    first = sorted(p for p in Path(corpus).rglob("*.*") if not p.name.startswith("."))[0]
    (Path(corpus) / "copy").mkdir()
    (Path(corpus) / "copy" / first.name).write_bytes(first.read_bytes())
    con = duckdb.connect()
    s = ingest(con, [corpus], workers=2)
    assert s.files == 121 and s.landed == 120 and s.skipped == 1
    assert con.execute("select count(*) from raw.documents").fetchone()[0] == 120
