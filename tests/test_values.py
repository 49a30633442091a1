"""The cell value model of REPORTS.md §6.2, case by case."""

from __future__ import annotations

import pytest

from extract.values import DECIMAL, INT, SIGNED_INT, is_value_text, parse_value


@pytest.mark.parametrize("raw", ["", "   ", "\u00a0", " \u00a0 ", "|", "\u3000"])
def test_blank_is_null_never_zero(raw):
    cv = parse_value(raw)
    assert cv.value is None
    assert cv.flags == ("blank",)


@pytest.mark.parametrize("raw", ["0", "0.0", "0.00", "00", " 0\u00a0", "０"])
def test_zero_forms_are_zero(raw):
    cv = parse_value(raw)
    assert cv.value == 0
    assert isinstance(cv.value, int)
    assert cv.flags == ()


@pytest.mark.parametrize("raw", ["-", "—", "–", "——", "－", "/", "／", "\\", "无", "暂无", "空", "×", "N/A"])
def test_na_markers_are_null_with_flag(raw):
    cv = parse_value(raw)
    assert (cv.value, cv.flags) == (None, ("na_marker",))


@pytest.mark.parametrize(
    ("raw", "value", "flags"),
    [
        ("123", 123, ()),
        ("1,234", 1234, ("thousands_sep",)),
        ("11,398,889", 11398889, ("thousands_sep",)),
        ("1 234", 1234, ("thousands_sep",)),
        ("１２", 12, ()),
        ("１，２３４", 1234, ("thousands_sep",)),
    ],
)
def test_integers(raw, value, flags):
    cv = parse_value(raw)
    assert (cv.value, cv.flags) == (value, flags)


def test_split_digits_in_one_cell_are_not_silently_merged():
    cv = parse_value("108 66")
    assert cv.value is None
    assert cv.flags == ("split_number",)


def test_decimals_only_in_money_cells():
    assert parse_value("4068.208", DECIMAL, "万元") == (4068.208, (), "万元", None)
    cv = parse_value("0.5", INT)
    assert cv.value == 0.5
    assert "non_integer" in cv.flags


@pytest.mark.parametrize(
    ("raw", "value", "unit_raw"),
    [
        ("251000元", 25.1, "元"),
        ("25.1万元", 25.1, "万元"),
        ("10866万元", 10866, "万元"),
        ("1.2亿元", 12000, "亿元"),
    ],
)
def test_money_units_convert_to_wan_yuan(raw, value, unit_raw):
    cv = parse_value(raw, DECIMAL, None)
    assert cv.value == value
    assert (cv.unit, cv.unit_raw) == ("万元", unit_raw)
    assert "unit_in_cell" in cv.flags


def test_money_without_any_unit_keeps_the_number_and_no_unit():
    cv = parse_value("251000", DECIMAL, None)
    assert (cv.value, cv.unit, cv.unit_raw) == (251000, None, None)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("+5", 5),
        ("-8", -8),
        ("\u22128", -8),
        ("增加5", 5),
        ("增5", 5),
        ("减少8", -8),
        ("减8", -8),
        ("＋5", 5),
    ],
)
def test_signed_changes_in_signed_columns(raw, value):
    cv = parse_value(raw, SIGNED_INT)
    assert cv.value == value
    assert "negative" not in cv.flags


def test_negative_outside_signed_columns_is_flagged():
    cv = parse_value("-8", INT)
    assert cv.value == -8
    assert "negative" in cv.flags


@pytest.mark.parametrize("raw", ["约120", "120余", "120多", "近120", "120+", "大约120"])
def test_approximations(raw):
    cv = parse_value(raw)
    assert cv.value == 120
    assert "approx" in cv.flags


def test_count_unit_and_approximation_together():
    cv = parse_value("80余件")
    assert cv.value == 80
    assert set(cv.flags) == {"approx", "unit_in_cell"}


@pytest.mark.parametrize("raw", ["见附件", "详见附表", "不涉及", "100%", "2023年"])
def test_text_is_null_with_flag(raw):
    cv = parse_value(raw)
    assert (cv.value, cv.flags) == (None, ("text",))


def test_value_tokens_are_told_from_labels():
    assert is_value_text("0")
    assert is_value_text("—")
    assert is_value_text("1,234")
    assert not is_value_text("行政许可")
    assert not is_value_text("1.属于国家秘密")
    assert not is_value_text("第二十条第(一)项")


def test_money_unit_from_the_column_header_converts_too():
    cv = parse_value("251000", DECIMAL, "元")
    assert (cv.value, cv.unit, cv.unit_raw) == (25.1, "万元", "元")
    assert "unit_in_cell" not in cv.flags
    assert parse_value("4068.208", DECIMAL, "万元") == (4068.208, (), "万元", None)
