"""A warehouse created before the provenance columns keeps working on `ogi ingest` (columns added)."""

from __future__ import annotations

import duckdb
from typer.testing import CliRunner

from extract.land import RAW_TABLES
from ogi.cli import app

# the raw tables as the first release created them: no source_format, no cell provenance
_ADDED = {
    "documents": {"source_format"},
    "cells": {"page", "x0", "top", "x1", "bottom", "confidence", "source"},
}


def _old_warehouse(path) -> None:
    con = duckdb.connect(str(path))
    con.execute("create schema raw")
    for table, cols in RAW_TABLES.items():
        ddl = ", ".join(f"{n} {t}" for n, _, t in cols if n not in _ADDED.get(table, ()))
        con.execute(f"create table raw.{table} ({ddl})")
    con.execute(
        "insert into raw.documents (doc_id, source_file, layout) values ('old', 'old.txt', 'pipe_rows')"
    )
    con.execute(
        "insert into raw.cells (doc_id, cell_key, value, line) values ('old', 't2.regulations.issued', 4, 9)"
    )
    con.close()


def test_ingest_into_a_warehouse_with_the_old_raw_schema_adds_the_columns(tmp_path):
    wh = tmp_path / "old.duckdb"
    _old_warehouse(wh)
    page = (
        "<p>二、主动公开政府信息情况</p>\n<table><tr><td>第二十条第（一）项</td></tr>\n"
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>\n"
        "<tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr></table>"
    )
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.html").write_text(page, encoding="utf-8")
    res = CliRunner().invoke(app, ["-q", "-w", str(wh), "ingest", str(tmp_path / "in")])
    assert res.exit_code == 0, res.output
    con = duckdb.connect(str(wh))
    for table, cols in RAW_TABLES.items():
        have = {r[0] for r in con.execute(f"describe raw.{table}").fetchall()}
        assert have == {n for n, _, _ in cols}, table
    # the old rows are kept (their new columns null); the new rows have every value in its own column
    assert con.execute("select source_format from raw.documents where doc_id = 'old'").fetchone() == (None,)
    fmt, layout = con.execute(
        "select source_format, layout from raw.documents where doc_id <> 'old'"
    ).fetchone()
    assert (fmt, layout) == ("html", "html")
    row = con.execute(
        "select value, line, page, source from raw.cells where doc_id <> 'old' and cell_key = 't2.regulations.repealed'"
    ).fetchone()
    assert row == (2.0, 4, None, "html:table1/row3/col3")
    assert con.execute("select value, line from raw.cells where doc_id = 'old'").fetchone() == (4.0, 9)
    con.close()
    # the Parquet mirror keeps the columns in RAW_TABLES order, as a fresh warehouse writes them
    import pyarrow.parquet as pq

    from ogi.config import raw_dir

    for table in ("documents", "cells"):
        (part,) = (raw_dir(wh) / table).glob("part-*.parquet")  # rewritten: one part per table
        names = pq.read_schema(part).names
        assert names == [n for n, _, _ in RAW_TABLES[table]]
