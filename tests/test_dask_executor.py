"""Extraction on Dask distributed: the same raw tables as the local pool, and a worker killed mid-ingest
costs nothing (issue 14). Each document must land exactly once and nothing may go missing silently."""

from __future__ import annotations

import logging
import os
import shutil
import signal
from pathlib import Path

import duckdb
import pytest

distributed = pytest.importorskip("distributed")

from extract.ingest import ingest  # noqa: E402
from extract.land import RAW_TABLES  # noqa: E402
from extract.run.dask_executor import DaskExecutor, local_cluster  # noqa: E402
from extract.run.executors import LocalPool  # noqa: E402
from tests.conftest import mirror_rows, raw_rows  # noqa: E402

SYNTH_N = 1000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, samples_dir: Path) -> Path:
    """The bundled samples and a 1k synthetic corpus (with its defects, empty and binary files) in one folder."""
    from synth.generate import generate

    root = tmp_path_factory.mktemp("dask-corpus")
    shutil.copytree(samples_dir, root / "samples")
    generate(SYNTH_N, root / "synth", seed=14, defect_rate=0.05, workers=2)
    return root


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes, one thread each, as the issue asks (the cluster `ogi` itself starts)."""
    c = local_cluster(2)
    yield c
    c.close()


def _rows(wh: Path) -> dict[str, list[tuple]]:
    """Every raw table, sorted, without the ingest timestamp."""
    con = duckdb.connect(str(wh), read_only=True)
    try:
        out = {}
        for table, cols in RAW_TABLES.items():
            names = ", ".join(c for c, _, _ in cols if c != "ingested_at")
            out[table] = con.execute(f"select {names} from raw.{table} order by all").fetchall()
        return out
    finally:
        con.close()


def _ingest(wh: Path, corpus: Path, executor, **kw):
    """Ingest with the raw Parquet mirror beside the warehouse (`<dir>/raw`), as `ogi ingest` does."""
    con = duckdb.connect(str(wh))
    try:
        return ingest(con, [corpus], executor=executor, parquet_dir=wh.parent / "raw", **kw)
    finally:
        con.close()


@pytest.fixture(scope="module")
def local_run(tmp_path_factory, corpus: Path):
    wh = tmp_path_factory.mktemp("local") / "w.duckdb"
    with LocalPool(2) as pool:
        summary = _ingest(wh, corpus, pool)
    return wh, summary


def test_dask_and_local_pool_land_identical_raw_tables(tmp_path, corpus, cluster, local_run):
    local_wh, local = local_run
    wh = tmp_path / "w.duckdb"
    with DaskExecutor(cluster.scheduler_address, staging=tmp_path / "staging") as ex:
        summary = _ingest(wh, corpus, ex)
    assert summary.files == local.files > SYNTH_N
    assert summary.landed == local.landed and summary.failed == local.failed
    ours, theirs = _rows(wh), _rows(local_wh)
    for table in RAW_TABLES:
        assert len(ours[table]) == len(theirs[table]), table
        assert ours[table] == theirs[table], table
    assert len(ours["cells"]) > 100_000  # the comparison covered real content
    con = duckdb.connect(str(wh), read_only=True)
    shards = con.execute("select count(*), sum(documents) from raw.shards").fetchall()[0]
    con.close()
    assert shards[0] >= 2 and shards[1] == summary.landed
    assert not any((tmp_path / "staging").rglob("*.parquet")), "landed shards leave the staging folder"
    # the raw mirror is the workers' shards, moved: one part per shard, holding exactly the landed rows
    names = {
        r[0]
        for r in duckdb.connect(str(wh), read_only=True).execute("select shard from raw.shards").fetchall()
    }
    for table in RAW_TABLES:
        assert {p.name for p in (tmp_path / "raw" / table).glob("part-*.parquet")} == {
            f"part-{n}.parquet" for n in names
        }, table
    assert summary.mirror == "appended"
    assert mirror_rows(tmp_path / "raw") == raw_rows(wh)
    assert mirror_rows(local_wh.parent / "raw") == raw_rows(local_wh)


def test_a_worker_killed_mid_ingest_costs_nothing(tmp_path, corpus, cluster, local_run):
    local_wh, local = local_run
    client = distributed.Client(cluster.scheduler_address, set_as_default=False)
    killed: list[int] = []

    def kill_one_busy_worker(_n: int) -> None:
        """After the first chunk is back: SIGKILL a worker that is running a task (as the OOM killer would)."""
        if killed:
            return
        busy = [w for w, keys in client.processing().items() if keys] or list(
            client.scheduler_info()["workers"]
        )
        pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    wh = tmp_path / "w.duckdb"
    try:
        with DaskExecutor(cluster.scheduler_address, staging=tmp_path / "staging") as ex:
            summary = _ingest(wh, corpus, ex, on_progress=kill_one_busy_worker)
    finally:
        client.close()
    assert killed, "no worker was killed"
    with pytest.raises(ProcessLookupError):
        os.kill(killed[0], 0)
    assert summary.files == local.files and summary.landed == local.landed
    assert summary.failed == local.failed  # the run did not blame any file for the death
    con = duckdb.connect(str(wh), read_only=True)
    try:
        n, distinct = con.execute("select count(*), count(distinct doc_id) from raw.documents").fetchall()[0]
        assert n == distinct == local.landed  # every document exactly once
        paths = {r[0] for r in con.execute("select source_path from raw.files").fetchall()}
    finally:
        con.close()
    assert len(paths) == local.files  # nothing silently missing: every file is in the manifest
    assert _rows(wh) == _rows(local_wh)
    assert mirror_rows(tmp_path / "raw") == raw_rows(wh)  # and in the mirror, once


def test_without_a_staging_folder_a_remote_scheduler_is_refused():
    from extract.run.dask_executor import DaskUnavailable

    with pytest.raises(DaskUnavailable, match="staging"):
        DaskExecutor("tcp://192.0.2.1:8786")


def test_a_file_that_kills_every_worker_lands_as_failed_and_the_rest_lands(
    tmp_path, samples_dir, monkeypatch
):
    """The poison file: each worker that parses it dies (as under the OOM killer). Dask gives its chunk
    up after two deaths, the ingest bisects the chunk, and the file lands as `worker_died`."""
    from extract.batch import WORKER_FAULT_ENV

    marker = "OGI-DASK-FAULT-2b9c"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = sorted(samples_dir.glob("*.txt"))[:2]
    for p in good:
        shutil.copy(p, corpus / p.name)
    (corpus / "zz_poison.txt").write_text(
        good[0].read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8"
    )
    monkeypatch.setenv(WORKER_FAULT_ENV, f"kill:{marker}")  # inherited by the workers spawned below
    c = local_cluster(2, silence_logs=logging.CRITICAL)
    wh = tmp_path / "w.duckdb"
    try:
        with DaskExecutor(c.scheduler_address, staging=tmp_path / "staging") as ex:
            summary = _ingest(wh, corpus, ex)
    finally:
        c.close()
    assert summary.files == 3 and summary.landed == 3
    assert [(p.rsplit("/", 1)[-1], "worker process" in m) for p, m in summary.failed] == [
        ("zz_poison.txt", True)
    ]
    con = duckdb.connect(str(wh), read_only=True)
    try:
        rows = con.execute("select source_file, status from raw.documents order by source_file").fetchall()
        codes = con.execute("select code from raw.parse_issues where severity = 'error'").fetchall()
    finally:
        con.close()
    assert rows == [(good[0].name, "parsed"), (good[1].name, "parsed"), ("zz_poison.txt", "failed")]
    assert codes == [("worker_died",)]


def test_a_runaway_parse_on_a_worker_thread_lands_as_file_timeout(
    tmp_path, samples_dir, cluster, monkeypatch
):
    """Dask runs tasks in worker threads, where SIGALRM never arrives: the limit raises in the thread
    instead, so the file lands as `file_timeout` naming the limit, in about the limit's time, and not
    as `worker_died` after the chunk watchdog (60 s + 4 limits) restarted a worker."""
    import time

    from extract.batch import WORKER_FAULT_ENV
    from extract.run.limits import Limits

    marker = "OGI-DASK-HANG-7c1d"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = sorted(samples_dir.glob("*.txt"))[:2]
    for p in good:
        shutil.copy(p, corpus / p.name)
    (corpus / "zz_hang.txt").write_text(
        good[0].read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8"
    )
    monkeypatch.setenv(WORKER_FAULT_ENV, f"hang:{marker}")  # read where the tasks are made, here
    wh = tmp_path / "w.duckdb"
    t = time.monotonic()
    with DaskExecutor(cluster.scheduler_address, staging=tmp_path / "staging") as ex:
        summary = _ingest(wh, corpus, ex, limits=Limits(timeout_s=3))
    assert time.monotonic() - t < 45
    assert summary.landed == 3
    assert [(p.rsplit("/", 1)[-1], "3 s limit" in m) for p, m in summary.failed] == [("zz_hang.txt", True)]
    con = duckdb.connect(str(wh), read_only=True)
    try:
        codes = con.execute("select code from raw.parse_issues where severity = 'error'").fetchall()
    finally:
        con.close()
    assert codes == [("file_timeout",)]
