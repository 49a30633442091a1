"""`ogi.pipeline.run_pipeline`, the one function behind `ogi run` and the benchmark: every stage in
order, the report stage when a report layer is importable, and the unchanged re-run skipping the rest."""

from __future__ import annotations

import shutil
import sys
import types

import duckdb

from ogi.config import data_dir
from ogi.pipeline import STAGES, run_pipeline
from tests.conftest import ROOT, SAMPLES


def test_run_pipeline_runs_every_stage_then_skips_when_unchanged(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("001_15cf22d5a5bab8ab.txt", "003_de385e6a7bd35784.txt"):
        shutil.copy(SAMPLES / name, corpus / name)
    calls = []

    def build_site(warehouse, out):
        calls.append((warehouse, out))
        out.mkdir(parents=True, exist_ok=True)
        (out / "index.html").write_text("a site", encoding="utf-8")
        return "site"

    fake = types.ModuleType("report.build")
    fake.__file__ = str(ROOT / "report" / "build.py")  # a report layer of this checkout
    fake.build_site = build_site
    monkeypatch.setitem(sys.modules, "report", types.ModuleType("report"))
    monkeypatch.setitem(sys.modules, "report.build", fake)
    wh = tmp_path / "w.duckdb"
    seen: list[str] = []

    res = run_pipeline(wh, [corpus], on_stage=lambda name, _r: seen.append(name))
    assert seen == list(STAGES)
    assert res.complete and res.failed is None and not res.not_built
    assert res.ingest.landed == 2 and res.build.success
    assert res.checks is not None and res.checks.counts is not None
    assert {p.stem for p in res.exported} >= {"fct_applications", "mart_agency_year", "fct_check_results"}
    assert calls == [(wh.resolve(), data_dir(wh) / "site")] and res.site == "site"

    seen.clear()
    again = run_pipeline(wh, [corpus], on_stage=lambda name, _r: seen.append(name))
    assert again.unchanged_since is not None and seen == ["ingest"] and len(calls) == 1
    assert again.site_unchanged  # the stamp written with the site says it is current

    (data_dir(wh) / "site" / "index.html").unlink()  # the site is an output too: gone, it is rebuilt
    seen.clear()
    third = run_pipeline(wh, [corpus], on_stage=lambda name, _r: seen.append(name))
    assert third.unchanged_since is not None and seen == ["ingest", "report"] and len(calls) == 2


def test_a_report_layer_of_another_checkout_is_not_called(tmp_path, monkeypatch):
    from ogi.pipeline import report_stage

    calls = []
    fake = types.ModuleType("report.build")
    fake.__file__ = str(tmp_path / "elsewhere" / "report" / "build.py")
    fake.build_site = lambda *a: calls.append(a)
    monkeypatch.setitem(sys.modules, "report", types.ModuleType("report"))
    monkeypatch.setitem(sys.modules, "report.build", fake)
    from extract.land import ensure_schema

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ensure_schema(con)  # an empty warehouse: the site is stamped with what it was built from
    con.close()
    assert report_stage(tmp_path / "w.duckdb", tmp_path / "site") is None and calls == []
    fake.__file__ = str(ROOT / "report" / "build.py")
    report_stage(tmp_path / "w.duckdb", tmp_path / "site")
    assert calls == [(tmp_path / "w.duckdb", tmp_path / "site")]
