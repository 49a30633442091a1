"""verify_ocr_cells: every OCR cell proven by the balance rules or flagged, a misread never silent."""

from __future__ import annotations

import copy

import pytest

from extract.ocr.verify import verify_ocr_cells
from tests.conftest import load_ground_truth, record_from_values

SEED = "003_de385e6a7bd35784"  # a v2021 report whose tables satisfy A1–A6, with non-zero counts


@pytest.fixture
def rec() -> dict:
    """The seed as an OCR'd record: every cell read with confidence 0.99 (raw = the printed value)."""
    r = record_from_values(
        load_ground_truth(SEED),
        "ocr-test",
        template="v2021",
        table_templates={"t2": "v2021", "t3": "v2021", "t4": "v2021"},
    )
    for c in r["cells"]:
        c["confidence"] = 0.99 if c["raw"] else None
    return r


def _cell(rec: dict, key: str) -> dict:
    return next(c for c in rec["cells"] if c["key"] == key)


def _misread(rec: dict, key: str, raw: str, conf: float) -> None:
    c = _cell(rec, key)
    c["raw"], c["confidence"] = raw, conf
    try:
        c["value"] = int(raw)
    except ValueError:
        c["value"] = None
    row, col = c.get("row"), c["col"]
    from extract.template import load_template

    idx = next(x.index for x in load_template("v2021").t3_columns if x.key == col)
    rec["t3"][row][idx] = c["value"]


def test_clean_tables_are_verified_and_t2_is_named_as_unchecked(rec):
    verify_ocr_cells(rec, threshold=0.9)
    t3 = [c for c in rec["cells"] if c["table"] == "t3" and c["value"] is not None]
    assert t3 and all("ocr" in c["flags"] and "ocr_verified" in c["flags"] for c in t3)
    assert not any("ocr_unverified" in c["flags"] for c in rec["cells"])
    summary = next(i for i in rec["issues"] if i["code"] == "ocr_read")
    t2_read = [c["key"] for c in rec["cells"] if c["table"] == "t2" and c["value"] is not None]
    assert t2_read and summary["severity"] == "warning" and t2_read[0] in summary["message"]


def test_confident_misread_is_kept_but_flagged_and_named(rec):
    key = "t3.new_received.natural_person"
    true = _cell(rec, key)["value"]
    _misread(rec, key, str(true + 5), 0.99)  # an 8 for a 3: confident and wrong
    verify_ocr_cells(rec, threshold=0.9)
    c = _cell(rec, key)
    assert "ocr_unverified" in c["flags"] and "ocr_verified" not in c["flags"]
    warned = [i for i in rec["issues"] if i["code"] == "ocr_unverified"]
    assert warned and key in warned[0]["message"] and warned[0]["severity"] == "warning"


def test_doubtful_misread_is_proven_from_a_row_and_a_column_rule(rec):
    key = "t3.new_received.natural_person"
    true = _cell(rec, key)["value"]
    _misread(rec, key, str(true + 5), 0.55)
    verify_ocr_cells(rec, threshold=0.9)
    c = _cell(rec, key)
    assert c["value"] == true and "ocr_derived" in c["flags"]
    assert any(i["code"] == "ocr_derived" and i["cell"] == key for i in rec["issues"])


def test_two_doubtful_cells_in_one_row_and_column_are_left_null(rec):
    # two unknowns sharing rules: no rule instance has a single unknown twice over -> nothing proven
    k1, k2 = "t3.new_received.natural_person", "t3.new_received.total"
    _misread(rec, k1, "99", 0.4)
    _misread(rec, k2, "98", 0.4)
    k3 = "t3.results_total.natural_person"
    _misread(rec, k3, "97", 0.4)
    verify_ocr_cells(rec, threshold=0.9)
    for k in (k1, k2, k3):
        c = _cell(rec, k)
        assert c["value"] is None or "ocr_derived" in c["flags"]
        assert "ocr_low_confidence" in c["flags"]
        assert any(i["cell"] == k for i in rec["issues"])


def test_low_confidence_right_read_is_kept_when_a_rule_holds(rec):
    key = "t3.new_received.total"
    _cell(rec, key)["confidence"] = 0.6
    before = _cell(rec, key)["value"]
    verify_ocr_cells(rec, threshold=0.9)
    c = _cell(rec, key)
    assert c["value"] == before and {"ocr_low_confidence", "ocr_verified"} <= set(c["flags"])


def test_confusable_letter_is_read_as_a_digit_only_when_the_rules_prove_it(rec):
    key = "t3.new_received.commercial_enterprise"
    assert _cell(rec, key)["value"] == 0
    proven = copy.deepcopy(rec)
    _misread(proven, key, "O", 0.95)  # the letter O where a 0 is printed
    verify_ocr_cells(proven, threshold=0.9)
    c = _cell(proven, key)
    assert c["value"] == 0 and {"ocr_confusable", "ocr_verified"} <= set(c["flags"])
    # `S` read where 0 is printed: a 5 would break the rules, so it is never taken
    other = copy.deepcopy(rec)
    _misread(other, key, "S", 0.95)
    verify_ocr_cells(other, threshold=0.9)
    c = _cell(other, key)
    assert c["value"] != 5
    assert c["value"] is None or "ocr_derived" in c["flags"]
    assert any(i["cell"] == key for i in other["issues"])


@pytest.mark.parametrize("raw", ["", "\u25a1"])
def test_unreadable_ink_is_null_with_an_issue(rec, raw):
    key = "t3.carried_over.total"
    c = _cell(rec, key)
    c["raw"], c["value"], c["confidence"] = raw, None, 0.0
    verify_ocr_cells(rec, threshold=0.9)
    c = _cell(rec, key)
    assert "ocr_unreadable" in c["flags"] or "ocr_derived" in c["flags"]
    assert any(i["cell"] == key for i in rec["issues"])


def test_threshold_from_the_environment(monkeypatch, rec):
    from extract.ocr.verify import min_confidence

    monkeypatch.setenv("OGI_OCR_MIN_CONFIDENCE", "0.75")
    assert min_confidence() == 0.75
    monkeypatch.setenv("OGI_OCR_MIN_CONFIDENCE", "high")
    assert min_confidence() == 0.9
