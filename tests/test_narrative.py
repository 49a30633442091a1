"""Numbers stated in prose (§7.5): the seeds' facts, and the clauses that must not become facts."""

from __future__ import annotations

import pytest

from extract.chrome import strip_chrome
from extract.narrative import read_narrative
from extract.sections import find_sections
from tests.conftest import SAMPLES

SEED_FACTS = {
    "000_6c1b3e97f3cda656": {("no_applications_received", 1, 21)},
    "001_15cf22d5a5bab8ab": {("no_applications_received", 1, 7), ("no_fees_collected", 1, 68)},
    "002_72b5106183aba5ae": set(),
    "003_de385e6a7bd35784": {
        ("applications_received", 22, 21),
        ("no_review_litigation", 1, 21),
        ("no_fees_collected", 1, 639),
    },
    "004_8cf4eacbad86ba13": set(),
}


def facts(lines: list[str]) -> set[tuple]:
    body = strip_chrome(lines)
    return {(f["key"], f["value"], f["line"]) for f in read_narrative(body, find_sections(body))}


@pytest.mark.parametrize("name", sorted(SEED_FACTS))
def test_seed_facts(name):
    assert facts((SAMPLES / f"{name}.txt").read_text(encoding="utf-8").splitlines()) == SEED_FACTS[name]


def test_seed_003_raw_text():
    lines = (SAMPLES / "003_de385e6a7bd35784.txt").read_text(encoding="utf-8").splitlines()
    got = read_narrative(lines, find_sections(strip_chrome(lines)))
    assert got[0] == {"key": "applications_received", "value": 22, "raw": "受理依申请公开22件", "line": 21}


def doc(*s1: str) -> list[str]:
    return ["一、总体情况", *s1, "二、主动公开政府信息情况", "六、其他需要报告的事项", "无。"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("全年共收到政府信息公开申请１２件，均按时答复。", {("applications_received", 12, 2)}),
        ("本年度新收政府信息公开申请 35 件。", {("applications_received", 35, 2)}),
        ("全年未收到行政复议申请。", set()),  # review, not disclosure applications
        ("通过热线共收到群众来电4100件。", set()),
        ("收到依申请公开申请80余件。", set()),  # approximate: not a fact
        ("较上年新收政府信息公开申请增加5件。", set()),
        ("本年度未收到政府信息公开申请，也未发生行政复议。", {("no_applications_received", 1, 2)}),
        (
            "全年未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
            {("no_review_litigation", 1, 2)},
        ),
    ],
)
def test_conservative_patterns(sentence, expected):
    assert facts(doc(sentence)) == expected


def test_conflicting_values_are_dropped():
    assert facts(doc("共受理政府信息公开申请12件。", "全年受理政府信息公开申请15件。")) == set()
