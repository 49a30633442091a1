"""The balance rules against a synthetic corpus with known defects (synth.generate writes the truth).

Every report with an injected imbalance must fail a balance rule (recall), and no report without a
defect may fail one (precision: a parse problem is `incomplete`, never a report's own imbalance).
"""

from __future__ import annotations

import json
from collections import defaultdict

import duckdb
import pytest
from typer.testing import CliRunner

from ogi.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    generate = pytest.importorskip("synth.generate").generate
    tmp = tmp_path_factory.mktemp("synth")
    out, wh = tmp / "corpus", tmp / "warehouse.duckdb"
    generate(120, out, seed=11, defect_rate=0.4, workers=1)
    truth = {}
    for line in (tmp / "corpus.truth.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        truth[rec["source_file"]] = rec
    for args in (["ingest", str(out)], ["build"], ["check"]):
        res = runner.invoke(app, ["-q", "-w", str(wh), *args])
        assert res.exit_code == 0, res.output
    con = duckdb.connect(str(wh))
    try:
        rows = con.execute(
            "select d.source_file, c.status from raw.check_results c join raw.documents d using (doc_id) "
            "where c.rule_group = 'balance'"
        ).fetchall()
    finally:
        con.close()
    statuses: dict[str, set[str]] = defaultdict(set)
    for source_file, status in rows:
        statuses[source_file].add(status)
    return truth, statuses


def _kinds(rec: dict) -> set[str]:
    return {d["kind"] for d in rec.get("defects") or []}


def test_every_injected_imbalance_fails_a_balance_rule(corpus):
    truth, statuses = corpus
    injected = [f for f, rec in truth.items() if "imbalance" in _kinds(rec)]
    assert injected, "the corpus should carry imbalance defects"
    missed = [f for f in injected if "fail" not in statuses[f]]
    assert missed == []


def _fully_reported(rec: dict) -> bool:
    """No blank cell in tables 三/四. Sparse reports (Shuyang-style: only 自然人 and 总计 filled) are left
    out: by §7.1 their blank columns count as 0, so a 总计 above 自然人 fails A3 as printed."""
    cells = [v for row in (rec.get("t3") or {}).values() for v in row] + list(rec.get("t4") or [])
    return None not in cells


def test_no_clean_report_fails_a_balance_rule(corpus):
    truth, statuses = corpus
    clean = [
        f for f, rec in truth.items() if rec.get("is_report") and not _kinds(rec) and _fully_reported(rec)
    ]
    assert len(clean) > 40
    false_alarms = [f for f in clean if "fail" in statuses[f]]
    assert false_alarms == []


def test_blank_totals_are_never_reported_as_imbalance(corpus):
    truth, statuses = corpus
    blanks = [f for f, rec in truth.items() if _kinds(rec) == {"blank_total"}]
    assert all("fail" not in statuses[f] for f in blanks)
