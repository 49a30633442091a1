"""The generator: deterministic, truth beside the corpus, balanced clean documents, chained carry-over,
the right template per year, and every injected defect recorded."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import pytest

from synth.generate import SYNTH_MARKER, generate, load_truth, truth_path
from synth.render import LAYOUTS
from synth.rules import evaluate, failures


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    out = tmp_path_factory.mktemp("synth") / "c"
    s = generate(600, out, seed=11, defect_rate=0.2, workers=2)
    assert s.files == 600 and s.truth == truth_path(out)
    return out, load_truth(s.truth)


def test_truth_is_beside_the_corpus_and_names_every_file(corpus):
    out, truth = corpus
    assert truth_path(out).parent == out.parent and not list(out.rglob("*.jsonl"))
    files = sorted(
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != SYNTH_MARKER
    )
    assert files == sorted(r["source_path"] for r in truth.values())
    assert len(truth) == 600


def test_same_seed_same_corpus_whatever_the_workers(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    generate(150, a, seed=5, workers=1)
    generate(150, b, seed=5, workers=2)
    assert truth_path(a).read_bytes() == truth_path(b).read_bytes()
    for p in a.rglob("*.*"):
        assert (b / p.relative_to(a)).read_bytes() == p.read_bytes()


def test_force_replaces_only_a_folder_synth_wrote(tmp_path):
    generate(5, tmp_path / "c", seed=1)
    generate(5, tmp_path / "c", seed=2, force=True)  # its own corpus: replaced
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"years of work")
    with pytest.raises(FileExistsError, match="not written by ogi synth"):
        generate(5, mine, seed=1, force=True)
    assert (mine / "thesis.docx").read_bytes() == b"years of work"


def test_refuses_a_non_empty_folder(tmp_path):
    generate(5, tmp_path / "c", seed=1)
    with pytest.raises(FileExistsError):
        generate(5, tmp_path / "c", seed=1)


def test_clean_documents_balance_and_most_cells_are_zero(corpus):
    _, truth = corpus
    zeros = cells = 0
    for r in truth.values():
        if not r["is_report"]:
            continue
        if not r["defects"]:
            assert failures(r) == [], r["source_file"]
        for row in r["t3"].values():
            cells += len(row)
            zeros += row.count(0)
    assert zeros / cells > 0.6


def test_imbalance_defects_fail_a_rule(corpus):
    _, truth = corpus
    imb = [r for r in truth.values() if any(d["kind"] == "imbalance" for d in r["defects"])]
    assert imb
    assert all(failures(r) for r in imb)


def test_templates_follow_the_year_with_some_late_v2019(corpus):
    _, truth = corpus
    reps = [r for r in truth.values() if r["is_report"]]
    assert all(r["template"] == "v2019" for r in reps if r["report_year"] <= 2020)
    late = [r for r in reps if r["report_year"] >= 2021 and r["template"] == "v2019"]
    assert 0 < len(late) < 0.2 * len(reps)
    assert {r["report_year"] for r in reps} == set(range(2019, 2026))


def test_consecutive_years_chain_carry_over(corpus):
    _, truth = corpus
    by = collections.defaultdict(dict)
    for r in truth.values():
        if r["is_report"]:
            by[r["agency_id"]][r["report_year"]] = r
    chained = 0
    for years in by.values():
        for y, r in years.items():
            prev = years.get(y - 1)
            if prev is None:
                continue
            for a, b in zip(prev["t3"]["carried_forward"], r["t3"]["carried_over"], strict=True):
                if a is not None and b is not None and not (prev["defects"] or r["defects"]):
                    assert a == b
                    chained += 1
    assert chained > 100


def test_every_layout_level_and_defect_kind_occurs(corpus):
    _, truth = corpus
    reps = [r for r in truth.values() if r["is_report"]]
    assert {r["layout"] for r in reps} == set(LAYOUTS)
    assert {"township", "county", "department", "city"} <= {r["agency_level"] for r in reps}
    kinds = {d["kind"] for r in truth.values() for d in r["defects"]}
    assert {"imbalance", "blank_total", "na_marker", "split_number", "approx_marker", "non_report"} <= kinds
    assert all(d.get("expect") for r in truth.values() for d in r["defects"])


def test_documents_print_their_metadata(corpus):
    out, truth = corpus
    for r in list(truth.values())[:80]:
        if not r["is_report"]:
            continue
        data = (out / r["source_path"]).read_bytes()
        text = data.decode(r["encoding"])
        assert r["agency_name"] in text
        if r["title"]:
            assert r["title"] in text
        assert f"{r['report_year']}年" in text
        for level in ("province", "city", "county"):
            if r["region"][level]:
                assert r["region"][level] in text


def test_truth_records_are_section_9_shaped(corpus):
    _, truth = corpus
    r = next(r for r in truth.values() if r["is_report"])
    for key in (
        "source_file",
        "is_report",
        "layout",
        "template",
        "agency_name",
        "agency_aliases",
        "report_year",
        "publication_date",
        "region",
        "t2",
        "t3",
        "t4",
        "defects",
    ):
        assert key in r
    assert len(r["t4"]) == 15
    assert len(r["t3"]) == (25 if r["template"] == "v2021" else 23)
    assert all(o in ("pass", "skip", "incomplete", "fail") for _, _, o in evaluate(r))
    json.dumps(r)
