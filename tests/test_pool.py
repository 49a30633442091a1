"""Issue 15 points 1-2 through the CLI: a killed worker, a runaway parse, an oversize file and Ctrl-C
each end as a named failure or a clean stop, never a hang, and the warehouse stays consistent."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time

import duckdb
import pytest
from typer.testing import CliRunner

from ogi.cli import app
from synth.generate import generate
from tests.conftest import SAMPLES, ogi_command, ogi_env

runner = CliRunner()
MARKER = "OGI-FAULT-INJECTION-7f3a"


@pytest.fixture(scope="module")
def corpus_with_a_bad_file(tmp_path_factory):
    """100 synthetic reports (enough for the worker pool) and one report carrying the fault marker."""
    root = tmp_path_factory.mktemp("pool")
    corpus = root / "c"
    generate(100, corpus, seed=3, defect_rate=0.0, workers=1)
    sample = (SAMPLES / "001_15cf22d5a5bab8ab.txt").read_text(encoding="utf-8")
    (corpus / "zz_bad.txt").write_text(sample + f"\n{MARKER}\n", encoding="utf-8")
    return corpus


def _consistent(warehouse) -> tuple[int, int]:
    """(documents, files in the manifest); asserts every cell and issue belongs to a landed document."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        docs = con.execute("select count(*) from raw.documents").fetchone()[0]
        for t in ("cells", "sections", "parse_issues"):
            orphans = con.execute(
                f"select count(*) from raw.{t} where doc_id not in (select doc_id from raw.documents)"
            ).fetchone()[0]
            assert orphans == 0, t
        files = con.execute("select count(*) from raw.files").fetchone()[0]
    finally:
        con.close()
    return docs, files


def test_a_file_that_kills_its_worker_lands_as_failed_and_the_rest_lands(tmp_path, corpus_with_a_bad_file):
    wh = tmp_path / "w.duckdb"
    env = ogi_env(OGI_TEST_WORKER_FAULT=f"kill:{MARKER}")
    res = subprocess.run(
        ogi_command("-q", "-w", str(wh), "ingest", "--workers", "2", str(corpus_with_a_bad_file)),
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    assert (
        "zz_bad.txt" in res.stderr
        and "killed or stalled the worker" in res.stderr
        and "SIGKILL" in res.stderr
    )
    assert "101 files, 101 landed" in res.stdout and "1 failed" in res.stdout
    con = duckdb.connect(str(wh), read_only=True)
    rows = con.execute(
        "select d.status, i.code from raw.documents d join raw.parse_issues i using (doc_id) "
        "where d.source_file = 'zz_bad.txt'"
    ).fetchall()
    parsed = con.execute("select count(*) from raw.documents where status <> 'failed'").fetchone()[0]
    con.close()
    assert rows == [("failed", "worker_died")] and parsed == 100


def test_a_runaway_parse_becomes_a_named_failure(tmp_path, corpus_with_a_bad_file):
    wh = tmp_path / "w.duckdb"
    env = ogi_env(OGI_TEST_WORKER_FAULT=f"hang:{MARKER}")
    t = time.monotonic()
    res = subprocess.run(
        ogi_command(
            "-q",
            "-w",
            str(wh),
            "ingest",
            "--workers",
            "2",
            "--file-timeout",
            "3",
            str(corpus_with_a_bad_file),
        ),
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert res.returncode == 0, res.stderr
    assert time.monotonic() - t < 120
    assert "zz_bad.txt" in res.stderr and "3 s limit" in res.stderr
    con = duckdb.connect(str(wh), read_only=True)
    code = con.execute(
        "select i.code from raw.documents d join raw.parse_issues i using (doc_id) "
        "where d.source_file = 'zz_bad.txt'"
    ).fetchall()
    con.close()
    assert code == [("file_timeout",)]


@pytest.mark.parametrize("delay", [0.3, 2.0])  # while the workers start, and while they parse
def test_ctrl_c_stops_within_seconds_with_one_line_and_a_consistent_warehouse(
    tmp_path, corpus_with_a_bad_file, delay
):
    wh = tmp_path / "w.duckdb"
    env = ogi_env(OGI_TEST_WORKER_FAULT=f"hang:{MARKER}")
    proc = subprocess.Popen(
        ogi_command(
            "-q",
            "-w",
            str(wh),
            "ingest",
            "--workers",
            "2",
            "--file-timeout",
            "0",
            str(corpus_with_a_bad_file),
        ),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60  # wait until the workers are busy (the manifest table exists)
        while time.monotonic() < deadline and not (wh.exists() and _has_started(wh, proc)):
            time.sleep(0.5)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        t = time.monotonic()
        _out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert time.monotonic() - t < 15
    assert proc.returncode == 130, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "interrupted" in lines[0] and "Traceback" not in err
    _consistent(wh)
    # the next run, without the fault, completes the ingest
    res = subprocess.run(
        ogi_command("-q", "-w", str(wh), "ingest", str(corpus_with_a_bad_file)),
        env=ogi_env(),
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert res.returncode == 0, res.stderr
    assert _consistent(wh) == (101, 101)


def _has_started(wh, proc) -> bool:
    return proc.poll() is None and wh.exists()


def test_an_oversize_file_lands_as_a_named_failure(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(SAMPLES / "001_15cf22d5a5bab8ab.txt", corpus)
    big = corpus / "huge.txt"
    big.write_bytes(b"x" * 2_100_000)
    wh = tmp_path / "w.duckdb"
    res = runner.invoke(app, ["-q", "-w", str(wh), "ingest", "--max-file-mb", "2", str(corpus)])
    assert res.exit_code == 0, res.output
    assert "huge.txt" in res.output and "over the 2 MB limit" in res.output and "1 landed" not in res.output
    con = duckdb.connect(str(wh), read_only=True)
    rows = con.execute(
        "select d.source_file, d.status, i.code from raw.documents d "
        "join raw.parse_issues i using (doc_id) where i.severity = 'error'"
    ).fetchall()
    con.close()
    assert rows == [("huge.txt", "failed", "file_too_large")]


def test_the_size_limit_comes_from_the_environment_too(tmp_path, monkeypatch):
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(SAMPLES / "001_15cf22d5a5bab8ab.txt", corpus)
    monkeypatch.setenv("OGI_MAX_FILE_MB", "0.001")  # 1 kB: the sample is larger
    res = runner.invoke(app, ["-q", "-w", str(tmp_path / "w.duckdb"), "ingest", str(corpus)])
    assert res.exit_code == 0 and "1 failed" in res.output and "--max-file-mb" in res.output


def test_a_slow_file_is_named_for_the_progress_bar(tmp_path):
    from extract.run.limits import SLOW_SECONDS, slow_files, time_limit

    with time_limit(30, "/corpus/slow.txt", str(tmp_path)):
        assert slow_files(str(tmp_path)) == []
        time.sleep(SLOW_SECONDS + 0.5)
        assert slow_files(str(tmp_path)) == ["/corpus/slow.txt"]
    assert slow_files(str(tmp_path)) == []  # gone once the file is done


def test_the_progress_bar_knows_the_total(tmp_path, monkeypatch):
    import ogi.console

    totals: list[int] = []
    real_total = ogi.console.progress.total
    monkeypatch.setattr(
        ogi.console.progress, "total", lambda self, n: (totals.append(n), real_total(self, n))
    )
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name in ("001_15cf22d5a5bab8ab.txt", "002_72b5106183aba5ae.txt"):
        shutil.copy(SAMPLES / name, corpus)
    res = runner.invoke(app, ["-w", str(tmp_path / "w.duckdb"), "ingest", str(corpus)])
    assert res.exit_code == 0, res.output
    assert totals == [2]


def test_a_parse_stuck_beyond_the_alarm_is_stopped_by_the_watchdog(
    tmp_path, corpus_with_a_bad_file, monkeypatch
):
    """A loop inside C code never sees the per-file alarm: the chunk watchdog stops the worker, the chunk
    is retried and bisected, and the stuck file lands as failed while every other file lands."""
    from extract.ingest import ingest
    from extract.run.limits import Limits

    monkeypatch.setenv("OGI_TEST_WORKER_FAULT", f"stuck:{MARKER}")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    s = ingest(con, [corpus_with_a_bad_file], workers=2, limits=Limits(timeout_s=1, chunk_timeout_s=4))
    rows = con.execute(
        "select d.status, i.code from raw.documents d join raw.parse_issues i using (doc_id) "
        "where d.source_file = 'zz_bad.txt'"
    ).fetchall()
    con.close()
    assert (s.files, s.landed) == (101, 101)
    assert rows == [("failed", "worker_died")]
    assert any("no result after 4 s" in m for _, m in s.failed)
