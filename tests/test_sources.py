"""Documents read from fsspec URLs (extract/run/sources.py): listed, read, skipped when unchanged and
named by their URL, on this process and on Dask workers; a URL with nothing behind it is a usage error."""

from __future__ import annotations

import uuid

import duckdb
import fsspec
import pytest
from typer.testing import CliRunner

from extract.ingest import MissingPaths, ingest
from extract.run.sources import is_url, list_url, stat
from ogi.cli import app


def test_urls_are_told_from_paths(tmp_path):
    assert is_url("s3://bucket/reports/") and is_url("file:///data/x.txt")
    assert not is_url("data/samples") and not is_url(tmp_path) and not is_url("C:/reports")


@pytest.fixture
def memory_corpus(samples_dir):
    root = f"memory://ogi-{uuid.uuid4().hex}"
    fs = fsspec.filesystem("memory")
    names = sorted(p.name for p in samples_dir.glob("*.txt"))[:3]
    for n in names:
        fs.pipe(f"{root}/corpus/{n}", (samples_dir / n).read_bytes())
    fs.pipe(f"{root}/corpus/.hidden.txt", b"not listed")
    yield f"{root}/corpus", names
    fs.rm(root, recursive=True)


def test_a_memory_url_is_listed_read_and_skipped_when_unchanged(tmp_path, memory_corpus):
    url, names = memory_corpus
    assert [u.rsplit("/", 1)[-1] for u in list_url(url)] == names
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        first = ingest(con, [url], workers=1)
        assert first.files == 3 and first.landed == 3 and not first.failed
        paths = [r[0] for r in con.execute("select source_path from raw.documents order by 1").fetchall()]
        assert paths == [f"{url}/{n}" for n in names]
        again = ingest(con, [url], workers=1)
        assert again.landed == 0 and again.skipped == 3
    finally:
        con.close()


def test_a_url_with_nothing_behind_it_is_missing(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        with pytest.raises(MissingPaths):
            ingest(con, [f"memory://ogi-{uuid.uuid4().hex}/none"])
    finally:
        con.close()
    res = CliRunner().invoke(
        app, ["--warehouse", str(tmp_path / "v.duckdb"), "ingest", "memory://no/such/dir"]
    )
    assert res.exit_code == 2 and "memory://no/such/dir" in res.output and "Traceback" not in res.output


def test_file_urls_on_dask_workers_land_as_the_paths_do(tmp_path, samples_dir):
    """Workers read by URL too: the same rows as the plain paths, but named by the URL."""
    pytest.importorskip("distributed")
    from extract.run.dask_executor import DaskExecutor

    url = samples_dir.resolve().as_uri()
    assert stat(url + "/" + next(samples_dir.glob("*.txt")).name).st_mtime_ns > 0

    def cells(wh, executor=None, src=None):
        con = duckdb.connect(str(wh))
        try:
            ingest(con, [src], executor=executor, workers=1)
            return con.execute(
                "select d.source_file, c.cell_key, c.value from raw.cells c join raw.documents d "
                "using (doc_id) order by all"
            ).fetchall(), con.execute("select source_path from raw.documents order by 1").fetchall()
        finally:
            con.close()

    by_path, _ = cells(tmp_path / "a.duckdb", src=samples_dir)
    with DaskExecutor(workers=1, staging=tmp_path / "staging") as ex:
        by_url, sources = cells(tmp_path / "b.duckdb", ex, url)
    assert by_url == by_path and len(by_path) > 500
    assert all(s[0].startswith("file:///") for s in sources)
