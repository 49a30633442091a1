"""`ogi run` skips build/check/export only when neither the documents nor the project changed."""

from __future__ import annotations

import shutil

import duckdb
from typer.testing import CliRunner

from ogi.cli import app
from ogi.state import project_fingerprint
from tests.conftest import SAMPLES

runner = CliRunner()


def test_project_fingerprint_follows_models_seeds_and_expectations(tmp_path):
    for part in ("models", "seeds", "expectations"):
        (tmp_path / part).mkdir()
    (tmp_path / "models" / "m.sql").write_text("select 1")
    (tmp_path / "seeds" / "s.csv").write_text("a\n1\n")
    first = project_fingerprint(tmp_path)
    assert project_fingerprint(tmp_path) == first
    (tmp_path / "models" / "m.sql").write_text("select 2")
    second = project_fingerprint(tmp_path)
    assert second != first
    (tmp_path / "seeds" / "s.csv").write_text("a\n2\n")
    assert project_fingerprint(tmp_path) != second


def test_rerun_skips_only_while_nothing_changed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("001_15cf22d5a5bab8ab.txt", "003_de385e6a7bd35784.txt"):
        shutil.copy(SAMPLES / name, corpus / name)
    args = ["-q", "-w", str(tmp_path / "w.duckdb"), "run", str(corpus), "--out", str(tmp_path / "export")]

    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "skipped" not in first.output and "build: ok" in first.output
    # the build leaves the check-result marts to the check stage; the export still has every mart
    # the large facts are folders partitioned by report_year, the other tables single files
    exported = {p.stem for p in (tmp_path / "export").iterdir() if p.suffix == ".parquet" or p.is_dir()}
    assert {"fct_applications", "fct_check_results", "mart_balance_breaks", "mart_agency_year"} <= exported
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    in_mart = con.execute("select sum(check_result_count) from marts.mart_agency_year").fetchone()[0]
    con.close()
    assert in_mart > 0  # built after this first run's checks, not before them (there were none)

    unchanged = runner.invoke(app, args)
    assert unchanged.exit_code == 0, unchanged.output
    assert "build, check and export skipped" in unchanged.output and "build:" not in unchanged.output
    assert "site unchanged" in unchanged.output

    # a missing site is an output too: rebuilt, while build, check and export stay skipped
    site = tmp_path / "w" / "site"  # the warehouse's own output folder
    shutil.rmtree(site)
    rebuilt = runner.invoke(app, args)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "build, check and export skipped" in rebuilt.output and "build:" not in rebuilt.output
    assert "site unchanged" not in rebuilt.output and (site / "index.html").is_file()
    assert "site unchanged" in runner.invoke(app, args).output

    shutil.copy(SAMPLES / "000_6c1b3e97f3cda656.txt", corpus)  # a new report
    grown = runner.invoke(app, args)
    assert grown.exit_code == 0, grown.output
    assert "skipped" not in grown.output and "build: ok" in grown.output
    assert "documents" in grown.output and "3 current (3 reports" in grown.output
