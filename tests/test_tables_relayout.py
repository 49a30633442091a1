"""Rows that other dumpers print differently, on fixtures with distinct non-zero values, so a value read
from the wrong position fails: numbers run together on one line, group and row label in one chunk,
unrecognisable labels before recognisable ones, and the `1 234` thousands ambiguity (REPORTS.md §6.2)."""

from __future__ import annotations

from extract.tables import label_parts, read_tables
from tests.fixtures.layouts.make_fixtures import T4, t3_values
from tests.test_tables_hazards import l1_lines, l2_lines


def _join_after(lines: list[str], label: str, count: int) -> list[str]:
    """The L1 lines with `label` and its `count` value lines printed as one line `label v v v`."""
    i = lines.index(label)
    vals = [ln for ln in lines[i + 1 :] if ln.strip()][:count]
    rest, taken = [], 0
    for ln in lines[i + 1 :]:
        if taken < count and ln.strip():
            taken += 1
            continue
        rest.append(ln)
    return [*lines[:i], " ".join([label, *vals]), *rest]


def test_t4_values_on_one_line_in_l1():
    res = read_tables(l1_lines("v2021", t4_tokens=[" ".join(str(v) for v in T4)]))
    assert res["t4"] == T4


def test_label_and_values_on_one_line_in_l1():
    lines = _join_after(_join_after(l1_lines("v2021"), "2．重复申请", 7), "1．属于国家秘密", 7)
    assert any(ln.startswith("2．重复申请 ") for ln in lines)
    res = read_tables(lines)
    assert res["t3"] == t3_values("v2021")


def test_group_label_and_row_label_in_one_chunk():
    assert label_parts("三、本年度办理结果(一)予以公开") == ("三、本年度办理结果", "(一)予以公开")
    assert label_parts("(三)不予公开1.属于国家秘密") == ("(三)不予公开", "1.属于国家秘密")
    assert label_parts("(二)部分公开(区分处理的,只计这一情形,不计其他情形)") == (
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
    )
    # pipe rows re-printed with single spaces are read as PDF text: the chunks carry both labels
    lines = [
        " ".join(c.strip() for c in ln.split("|") if c.strip()) if "|" in ln else ln
        for ln in l2_lines("v2021")
    ]
    res = read_tables(lines)
    assert res["t3"] == t3_values("v2021")


def test_reader_resynchronises_after_unrecognised_labels():
    """Nine rows whose labels are unreadable (more than the matcher's window): later rows still read."""
    values = t3_values("v2021")
    garbled = [
        "granted",
        "partially_granted",
        "denied_state_secret",
        "denied_law_prohibited",
        "denied_three_safety_one_stability",
        "denied_third_party_rights",
        "denied_internal_affairs",
        "denied_process_info",
        "denied_enforcement_files",
        "denied_administrative_query",
    ]
    lines = l2_lines("v2021")
    start = next(i for i, ln in enumerate(lines) if "予以公开" in ln)
    for k in range(start, start + len(garbled)):
        lines[k] = " | ".join(
            "□□□" if not c.strip().isdigit() and c.strip() else c for c in lines[k].split(" | ")
        )
    res = read_tables(lines)
    for key in values:
        if key in garbled:
            assert res["t3"][key] == [None] * 7, key
        else:
            assert res["t3"][key] == values[key], key


def test_one_line_of_numbers_prefers_the_reading_with_the_row_width():
    # 14 printed numbers, one of them `1 234`: only two cells there make the 15 of table 四
    printed = [str(v) for v in T4[:-2]] + ["1 234"]
    res = read_tables(l1_lines("v2021", t4_tokens=[" ".join(printed)]))
    assert res["t4"] == [*T4[:-2], 1, 234]
    # 15 cells and a `1 234` cell of its own: one thousands-separated number
    res = read_tables(l1_lines("v2021", t4_tokens=[*(str(v) for v in T4[:-1]), "1 234"]))
    assert res["t4"] == [*T4[:-1], 1234]
