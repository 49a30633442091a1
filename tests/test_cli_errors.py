"""Issue 15 points 3 and 5-10 through the CLI: one-line errors with the fix and the right exit code for
ordinary conditions, nothing lost silently, outputs per warehouse, a stale mirror rewritten."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from ogi.cli import app
from tests.conftest import FIXTURES, ROOT, SAMPLES, ogi_env

runner = CliRunner()
ONE = SAMPLES / "001_15cf22d5a5bab8ab.txt"


def _one_line(res) -> str:
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert len(lines) == 1, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return lines[0]


@pytest.fixture
def corpus(tmp_path) -> Path:
    c = tmp_path / "corpus"
    c.mkdir()
    shutil.copy(ONE, c / ONE.name)
    return c


# ---------------------------------------------------------------- point 8: a mistyped path


@pytest.mark.parametrize("command", ["ingest", "run"])
def test_a_mistyped_path_is_a_usage_error_and_stores_nothing(tmp_path, command):
    wh = tmp_path / "w.duckdb"
    res = runner.invoke(app, ["-q", "-w", str(wh), command, str(tmp_path / "no" / "such" / "dir")])
    assert res.exit_code == 2
    assert "no such file or folder" in _one_line(res)
    assert not wh.exists()


# ---------------------------------------------------------------- point 3: each failure kept, nothing skipped silently


def test_every_failed_file_is_its_own_document_and_the_counters_agree(tmp_path):
    c = tmp_path / "c"
    c.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (c / name).write_bytes(b"")
    (c / "d.txt").write_bytes(b"   \n")
    wh = tmp_path / "w.duckdb"
    res = runner.invoke(app, ["-q", "-w", str(wh), "ingest", str(c)])
    assert res.exit_code == 0, res.output
    assert "4 failed" in res.output
    status = runner.invoke(app, ["-w", str(wh), "status"])
    assert "4 failed" in status.output, status.output
    con = duckdb.connect(str(wh))
    n = con.execute("select count(distinct doc_id) from raw.documents where status = 'failed'").fetchone()[0]
    con.close()
    assert n == 4


def test_a_symlinked_subfolder_is_reported_not_skipped_silently(tmp_path, corpus):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(SAMPLES / "002_72b5106183aba5ae.txt", elsewhere)
    (corpus / "linked").symlink_to(elsewhere, target_is_directory=True)
    res = runner.invoke(app, ["-q", "-w", str(tmp_path / "w.duckdb"), "ingest", str(corpus)])
    assert res.exit_code == 0, res.output
    assert "not searched" in res.output and "linked" in res.output and "symlink" in res.output


def test_error_issues_of_landed_reports_reach_the_console(tmp_path):
    c = tmp_path / "c"
    c.mkdir()
    shutil.copy(FIXTURES / "bad" / "truncated_table.txt", c)
    two = c / "two_reports.txt"
    two.write_bytes(
        (SAMPLES / "002_72b5106183aba5ae.txt").read_bytes()
        + b"\n"
        + (SAMPLES / "003_de385e6a7bd35784.txt").read_bytes()
    )
    res = runner.invoke(app, ["-q", "-w", str(tmp_path / "w.duckdb"), "ingest", str(c)])
    assert res.exit_code == 0, res.output
    assert "truncated_document" in res.output
    assert "multiple_reports" in res.output and "two_reports.txt" in res.output


# ---------------------------------------------------------------- point 5: outputs per warehouse


def test_two_warehouses_in_one_folder_keep_their_outputs_apart(tmp_path, corpus, monkeypatch):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SAMPLES / "002_72b5106183aba5ae.txt", other)
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    assert runner.invoke(app, ["-q", "-w", str(a), "ingest", str(corpus)]).exit_code == 0
    assert runner.invoke(app, ["-q", "-w", str(b), "ingest", str(other)]).exit_code == 0
    for wh, n in ((a, 1), (b, 1)):
        con = duckdb.connect(str(wh))
        assert (
            con.execute(
                f"select count(*) from '{tmp_path / wh.stem / 'raw' / 'documents' / '*.parquet'}'"
            ).fetchone()[0]
            == n
        )
        con.execute("create schema if not exists marts")
        con.execute(f"create table marts.dim_x as select '{wh.stem}' as w")
        con.close()
    cwd = tmp_path / "somewhere_else"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    for wh in (a, b):
        res = runner.invoke(app, ["-q", "-w", str(wh), "export"])
        assert res.exit_code == 0, res.output
        con = duckdb.connect()
        assert (
            con.execute(f"select w from '{tmp_path / wh.stem / 'export' / 'dim_x.parquet'}'").fetchone()[0]
            == wh.stem
        )
        con.close()
    assert not list(cwd.iterdir())  # nothing relative to the current folder


# ---------------------------------------------------------------- point 6/7: lock, notebook, disk, permissions


def test_a_second_command_on_a_locked_warehouse_says_so_in_one_line(tmp_path, corpus):
    from ogi.lock import RunLock

    wh = tmp_path / "w.duckdb"
    with RunLock(wh):
        res = runner.invoke(app, ["-q", "-w", str(wh), "ingest", str(corpus)])
    assert res.exit_code == 1
    line = _one_line(res)
    assert "another ogi command" in line and f"pid {os.getpid()}" in line
    # the lock file of a finished (or killed) run does not block the next one
    assert (tmp_path / "w.duckdb.lock").exists()
    assert runner.invoke(app, ["-q", "-w", str(wh), "ingest", str(corpus)]).exit_code == 0


def test_a_notebook_holding_the_warehouse_is_named(tmp_path, corpus):
    wh = tmp_path / "w.duckdb"
    duckdb.connect(str(wh)).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(wh)!r}); print('ready', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=ogi_env(),
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        res = runner.invoke(app, ["-q", "-w", str(wh), "ingest", str(corpus)])
    finally:
        holder.kill()
        holder.wait()
    assert res.exit_code == 1
    line = _one_line(res)
    assert (
        "open in another process" in line and f"PID {holder.pid}" in line and "close that connection" in line
    )


def test_a_full_disk_is_one_line(tmp_path, corpus, monkeypatch):
    import extract.ingest

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(extract.ingest, "land_tables", full)
    res = runner.invoke(app, ["-q", "-w", str(tmp_path / "w.duckdb"), "ingest", str(corpus)])
    assert res.exit_code == 1
    assert "disk full" in _one_line(res)


def test_an_unwritable_warehouse_is_one_line(tmp_path, corpus, monkeypatch):
    import ogi.lock

    def denied(path, *_a, **_k):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(ogi.lock.os, "open", denied)
    res = runner.invoke(app, ["-q", "-w", str(tmp_path / "w.duckdb"), "ingest", str(corpus)])
    assert res.exit_code == 1
    assert "permission denied" in _one_line(res)


def test_debug_shows_the_traceback(tmp_path, corpus, monkeypatch):
    import extract.ingest

    monkeypatch.setattr(
        extract.ingest,
        "land_tables",
        lambda *a, **k: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")),
    )
    res = runner.invoke(app, ["--debug", "-q", "-w", str(tmp_path / "w.duckdb"), "ingest", str(corpus)])
    assert isinstance(res.exception, OSError)


def test_synth_out_pointing_at_a_file_is_a_usage_error(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("mine")
    res = runner.invoke(app, ["synth", "--n", "3", "--out", str(f)])
    assert res.exit_code == 2 and "is a file" in _one_line(res)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("years of work")
    res = runner.invoke(app, ["synth", "--n", "3", "--out", str(mine), "--force"])
    assert res.exit_code == 2 and (mine / "thesis.docx").exists()


def test_version():
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output.startswith("ogi ")


# ---------------------------------------------------------------- point 9: the stale mirror


def test_a_stale_raw_mirror_is_rewritten_by_the_next_ingest(tmp_path, corpus):
    from extract.land import land
    from extract.parse import parse_file

    wh = tmp_path / "w.duckdb"
    assert runner.invoke(app, ["-q", "-w", str(wh), "ingest", str(corpus)]).exit_code == 0
    # rows committed to DuckDB whose mirror write never happened (an interrupted run)
    con = duckdb.connect(str(wh))
    land(con, [parse_file(SAMPLES / "002_72b5106183aba5ae.txt")])
    con.close()
    again = runner.invoke(app, ["-q", "-w", str(wh), "ingest", str(corpus)])
    assert again.exit_code == 0 and "0 landed" in again.output
    assert "raw Parquet mirror rewritten: documents: 1 row in the mirror, 2 in the warehouse" in again.output
    con = duckdb.connect()
    mirrored = con.execute(
        f"select count(*) from '{tmp_path / 'w' / 'raw' / 'documents' / '*.parquet'}'"
    ).fetchone()[0]
    con.close()
    assert mirrored == 2


# ---------------------------------------------------------------- point 10: nothing calls out


def test_dbt_and_great_expectations_are_configured_not_to_call_out():
    import yaml

    from ogi.build import NO_TELEMETRY

    flags = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["flags"]
    assert flags["send_anonymous_usage_stats"] is False
    assert NO_TELEMETRY["DO_NOT_TRACK"] == "1" and NO_TELEMETRY["GX_ANALYTICS_ENABLED"] == "false"
    assert NO_TELEMETRY["DBT_SEND_ANONYMOUS_USAGE_STATS"] == "false"


def test_a_build_opens_no_network_connection(tmp_path, monkeypatch):
    attempts: list = []
    real = socket.socket.connect

    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(address)
            raise OSError(errno.ENETUNREACH, "network calls are not allowed in this test")
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    res = runner.invoke(app, ["-q", "-w", str(tmp_path / "w.duckdb"), "build"])
    time.sleep(0.5)  # a background emitter would try now
    assert res.exit_code == 0, res.output
    assert attempts == []
