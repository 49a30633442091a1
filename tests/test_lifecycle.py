"""Issue 15 point 4 through the CLI: a file edited in place supersedes its old version, a deleted file is
gone, `ogi remove` retires documents, and the facts (so the README's star query) count current ones only."""

from __future__ import annotations

import shutil

import duckdb
from typer.testing import CliRunner

from extract.parse import parse_file
from ogi.cli import app
from tests.conftest import SAMPLES

runner = CliRunner()
A, B, C, D = (
    SAMPLES / f"{n}.txt"
    for n in ("001_15cf22d5a5bab8ab", "002_72b5106183aba5ae", "003_de385e6a7bd35784", "000_6c1b3e97f3cda656")
)


def _t3_sum(files) -> float:
    return sum(c["value"] or 0 for f in files for c in parse_file(f)["cells"] if c["table"] == "t3")


def test_an_edited_file_supersedes_its_old_version_and_the_facts_count_only_current(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for src in (A, B, C):
        shutil.copy(src, corpus / src.name)
    wh = tmp_path / "w.duckdb"
    args = ["-q", "-w", str(wh), "run", str(corpus)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output

    edited = corpus / A.name
    edited.write_bytes(D.read_bytes())  # a corrected re-download, in place
    (corpus / C.name).unlink()  # a deleted report
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output

    con = duckdb.connect(str(wh))
    fact_docs = {
        r[0] for r in con.execute("select distinct document_id from marts.fct_applications").fetchall()
    }
    fact_sum = con.execute("select sum(value) from marts.fct_applications").fetchone()[0]
    current = [edited, corpus / B.name]
    assert fact_docs == {parse_file(f)["doc_id"] for f in current}
    assert fact_sum == _t3_sum(current)  # before: the old version and the deleted file were summed too
    assert "1 gone" in second.output
    statuses = dict(
        con.execute(
            "select landed_source_path || '|' || document_id, lifecycle_status from marts.dim_document"
        ).fetchall()
    )
    star = con.execute("""
        select sum(fact.value) from marts.fct_applications as fact
        inner join marts.dim_applicant_type as applicant on fact.applicant_type_key = applicant.applicant_type_key
        inner join marts.dim_outcome as outcome on fact.outcome_key = outcome.outcome_key
        where applicant.is_total and outcome.is_data_row""").fetchone()[0]
    mart = con.execute("select count(*) from marts.mart_agency_year").fetchone()[0]
    con.close()
    assert star is not None and mart == 2
    assert sorted(statuses.values()) == ["current", "current", "gone", "superseded"]

    status = runner.invoke(app, ["-w", str(wh), "status", "--all"])
    assert status.exit_code == 0, status.output
    assert "2 current" in status.output and "1 superseded" in status.output and "1 gone" in status.output

    removed = runner.invoke(app, ["-q", "-w", str(wh), "remove", str(corpus / B.name)])
    assert removed.exit_code == 0, removed.output
    after = runner.invoke(app, ["-w", str(wh), "status"])
    assert "1 current" in after.output and "1 removed" in after.output
    unknown = runner.invoke(app, ["-q", "-w", str(wh), "remove", str(tmp_path / "never.txt")])
    assert unknown.exit_code == 2 and "not in the warehouse" in unknown.output

    # only the lifecycle changed: the next run must rebuild, not report "unchanged"
    third = runner.invoke(app, args)
    assert third.exit_code == 0, third.output
    assert "skipped" not in third.output and "build: ok" in third.output
    con = duckdb.connect(str(wh))
    fact_docs = {
        r[0] for r in con.execute("select distinct document_id from marts.fct_applications").fetchall()
    }
    con.close()
    assert fact_docs == {parse_file(edited)["doc_id"]}


def test_a_renamed_file_is_current_under_its_new_path(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(A, corpus / "a.txt")
    wh = tmp_path / "w.duckdb"
    assert runner.invoke(app, ["-q", "-w", str(wh), "ingest", str(corpus)]).exit_code == 0
    (corpus / "a.txt").rename(corpus / "renamed.txt")
    assert runner.invoke(app, ["-q", "-w", str(wh), "ingest", str(corpus)]).exit_code == 0
    con = duckdb.connect(str(wh))
    rows = con.execute("select lifecycle_status, current_path from raw.document_lifecycle").fetchall()
    con.close()
    assert rows == [("current", str(corpus / "renamed.txt"))]


def test_run_without_paths_keeps_the_samples_out_of_the_default_warehouse(tmp_path, monkeypatch):
    import ogi.cli

    samples = tmp_path / "samples"
    samples.mkdir()
    shutil.copy(A, samples)
    default, own = tmp_path / "default.duckdb", tmp_path / "samples-warehouse.duckdb"
    monkeypatch.delenv("OGI_WAREHOUSE", raising=False)
    monkeypatch.setattr(ogi.cli, "default_warehouse", lambda: default)
    monkeypatch.setattr(ogi.cli, "samples_dir", lambda: samples)
    monkeypatch.setattr(ogi.cli, "samples_warehouse", lambda: own)
    res = runner.invoke(app, ["-q", "run"])
    assert res.exit_code == 0, res.output
    assert own.exists() and not default.exists()
    assert (tmp_path / "samples-warehouse" / "export" / "fct_applications").is_dir()  # partitioned by year
