"""`ogi ingest --executor dask` through the CLI: a LocalCluster over the samples, and one-line usage
errors when Dask is missing or the options do not fit together."""

from __future__ import annotations

import sys

import duckdb
import pytest
from typer.testing import CliRunner

from ogi.cli import app

runner = CliRunner()


def test_ingest_on_a_local_cluster_lands_the_samples(tmp_path, samples_dir):
    pytest.importorskip("distributed")
    wh = tmp_path / "w.duckdb"
    res = runner.invoke(
        app,
        [
            "--quiet",
            "--warehouse",
            str(wh),
            "ingest",
            str(samples_dir),
            "--executor",
            "dask",
            "--workers",
            "2",
        ],
    )
    assert res.exit_code == 0, res.output
    n = len(list(samples_dir.glob("*.txt")))
    assert f"{n} landed" in res.output
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert con.execute("select count(*) from raw.documents").fetchall()[0][0] == n
        assert con.execute("select sum(documents) from raw.shards").fetchall()[0][0] == n
    finally:
        con.close()


def test_without_distributed_the_error_says_how_to_install(tmp_path, samples_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` raises ImportError
    res = runner.invoke(
        app, ["--warehouse", str(tmp_path / "w.duckdb"), "ingest", str(samples_dir), "--executor", "dask"]
    )
    assert res.exit_code == 2
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "pip install 'ogi-warehouse[dask]'" in lines[0], res.output
    assert "Traceback" not in res.output
    assert not (tmp_path / "w.duckdb").exists()  # nothing was stored


def test_scheduler_without_dask_executor_is_a_usage_error(tmp_path, samples_dir):
    res = runner.invoke(
        app,
        [
            "--warehouse",
            str(tmp_path / "w.duckdb"),
            "ingest",
            str(samples_dir),
            "--scheduler",
            "tcp://127.0.0.1:8786",
        ],
    )
    assert res.exit_code == 2 and "--executor dask" in res.output


def test_an_unreachable_scheduler_is_one_line(tmp_path, samples_dir):
    pytest.importorskip("distributed")
    res = runner.invoke(
        app,
        [
            "--warehouse",
            str(tmp_path / "w.duckdb"),
            "ingest",
            str(samples_dir),
            "--executor",
            "dask",
            "--scheduler",
            "tcp://127.0.0.1:9",
            "--staging",
            str(tmp_path / "staging"),
        ],
    )
    assert res.exit_code == 2, res.output
    assert (
        "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in res.output and "Traceback" not in res.output
    )
