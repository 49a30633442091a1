"""Markdown shreds (extract/recover/shredded): rows found by label in any cell, values by position,
unlabelled rows placed by order only when the order leaves no choice and A2/A3 confirm it."""

from __future__ import annotations

import random

from extract.parse import parse_bytes
from extract.template import load_template
from synth.flatten import valid_record


def _markdown(rec: dict, drop_labels: tuple[str, ...] = (), pad: tuple[str, ...] = ()) -> str:
    """Table 三 as a converter shreds it: one small Markdown table per row, some rows without labels."""
    tpl = load_template(rec["template"])
    out = ["某某县人民政府2023年政府信息公开工作年度报告", "一、总体情况", "全年共受理申请。",
           "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "申请人情况"]  # fmt: skip
    for r in tpl.t3_data_rows:
        vals = [str(v) for v in rec["t3"][r.key]]
        cells = vals if r.key in drop_labels else [r.label, *vals]
        if r.key in pad:  # a spanned cell in front, the total left blank: 6 values in 8 cells, two readings
            cells = [r.label, "", *vals[:6], ""]
        out += ["| " + " | ".join(cells) + " |", "|" + "---|" * len(cells)]
    out += ["四、政府信息公开行政复议、行政诉讼情况", "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
            "|---|---|---|---|---|", "| " + " | ".join(str(v) for v in rec["t4"]) + " |",
            "五、存在的主要问题及改进情况", "无。", "六、其他需要报告的事项", "无。"]  # fmt: skip
    return "\n".join(out) + "\n"


def _rec() -> dict:
    """A valid report whose rows 5. and 6. of （三） differ, so a row placed in the wrong slot shows."""
    for seed in range(100):
        rec = valid_record(random.Random(seed), "v2021", 500.0)
        five, six = rec["t3"]["denied_internal_affairs"], rec["t3"]["denied_process_info"]
        if five != six and any(five) and any(six):
            return rec
    raise AssertionError("no seed gives distinct rows")


def test_rows_without_labels_are_placed_by_order_and_flagged():
    rec = _rec()
    got = parse_bytes(_markdown(rec, drop_labels=("denied_internal_affairs",)).encode(), "shred.md")
    assert got["layout"] == "markdown"
    assert got["t3"]["denied_internal_affairs"] == rec["t3"]["denied_internal_affairs"]
    flags = {c["key"]: c["flags"] for c in got["cells"]}
    assert {"placed_by_order", "rule_resolved"} <= set(flags["t3.denied_internal_affairs.total"])
    assert got["t4"] == rec["t4"]


def test_two_unlabelled_rows_for_one_gap_are_not_placed():
    rec = _rec()
    text = _markdown(rec, drop_labels=("denied_internal_affairs",))
    extra = "| " + " | ".join(["1", "0", "0", "0", "0", "0", "1"]) + " |\n|---|---|---|---|---|---|---|\n"
    text = text.replace("| 6.属于四类过程性信息", extra + "| 6.属于四类过程性信息", 1)
    got = parse_bytes(text.encode(), "shred.md")
    assert got["t3"]["denied_internal_affairs"] == [None] * 7
    assert any(i["code"] == "unplaced_rows" for i in got["issues"])


def test_a_labelled_row_with_uncertain_positions_keeps_its_place_from_an_unlabelled_row():
    """5. labelled but its positions uncertain (a pad in front, the total blank), 6. without its label, then a stray
    row of zeros: 5. still anchors the order, so the unlabelled rows (two for the one slot of 6.) are
    not placed. Without the anchor, 6.'s values would land in 5. and A2 could not tell (5. is zero)."""
    for seed in range(200):
        rec = valid_record(random.Random(seed), "v2021", 500.0)
        if not any(rec["t3"]["denied_internal_affairs"]) and any(rec["t3"]["denied_process_info"]):
            break
    else:
        raise AssertionError("no seed with 5. all zero and 6. filled")
    text = _markdown(rec, drop_labels=("denied_process_info",), pad=("denied_internal_affairs",))
    zeros = "| 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n|---|---|---|---|---|---|---|\n"
    text = text.replace("| 7.属于行政执法案卷", zeros + "| 7.属于行政执法案卷", 1)
    got = parse_bytes(text.encode(), "shred.md")
    row = got["t3"]["denied_process_info"]
    assert all(v is None for v in row) or row == rec["t3"]["denied_process_info"], row
    assert any(i["code"] == "unplaced_rows" for i in got["issues"])
