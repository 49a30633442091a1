"""Digit runs split as constraint problems (extract/recover): the rules pick a reading only when it is
the only one; ambiguity and agency arithmetic errors leave cells null with an issue, never a guess."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.parse import parse_bytes
from extract.recover.digits import splits
from extract.recover.t2 import narrative_facts, split_t2_row
from extract.recover.t3t4 import AMBIGUOUS, NONE, UNIQUE, row_candidates, solve_t3, solve_t4
from extract.template import load_template

A3 = [(6, range(6))]


def test_a_run_splits_into_non_negative_values_without_leading_zeros():
    assert splits(["713000074"], 7, sum_groups=A3) == [(71, 3, 0, 0, 0, 0, 74)]
    # `05` is never a value: seven zeros and a 5 cannot read as 0 | 5 anywhere but the last place
    assert all(len(str(v)) == 1 or str(v)[0] != "0" for r in splits(["100500"], 3) for v in r)
    assert splits(["00"], 1) == []


def test_signs_only_where_the_template_allows_them():
    got = splits(["2648-18538"], 3, signed=[False, True, False])
    assert (2648, -18, 538) in got and (2648, -185, 38) in got
    assert splits(["2648-18538"], 3) == []  # no signed column: no reading


def test_spaces_the_crawler_kept_are_hard_boundaries():
    groups = [(4, (0, 1, 2, 3)), (9, (5, 6, 7, 8)), (14, (10, 11, 12, 13))]
    assert splits(
        ["0", "1", "1", "0", "2", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"], 15, sum_groups=groups
    ) == [(0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0)]
    assert splits(["12", "3"], 3) == [(1, 2, 3)]  # `23` is not a value across the space


def test_table_4_seventeen_digits_has_one_reading_under_a4_to_a6():
    status, vals, _readings, plain = solve_t4(["21317000001324019"])
    assert status == UNIQUE and plain > 1
    assert vals == (2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19)


def _balanced_t3(version: str) -> dict[str, tuple]:
    """A small valid table 三: 5 natural-person applications, 3 granted, 2 not held, none carried."""
    tpl = load_template(version)
    rows = {r.key: (0,) * 7 for r in tpl.t3_data_rows}
    rows["new_received"] = (5, 0, 0, 0, 0, 0, 5)
    rows["granted"] = (3, 0, 0, 0, 0, 0, 3)
    rows["unable_not_held"] = (2, 0, 0, 0, 0, 0, 2)
    rows["results_total"] = (5, 0, 0, 0, 0, 0, 5)
    return rows


def test_column_rules_settle_what_a3_leaves_open():
    readings, _plain = row_candidates(["110000011"], "v2021")
    assert sorted(readings) == [(1, 10, 0, 0, 0, 0, 11), (11, 0, 0, 0, 0, 0, 11)]  # A3 holds for both
    rows = {k: [v] for k, v in _balanced_t3("v2021").items()}
    rows["granted"] = readings
    rows["new_received"] = [(3, 10, 0, 0, 0, 0, 13)]
    rows["results_total"] = [(3, 10, 0, 0, 0, 0, 13)]
    rows["unable_not_held"] = [(2, 0, 0, 0, 0, 0, 2)]
    got = solve_t3("v2021", rows)
    assert got.status == UNIQUE
    assert got.values["granted"] == (1, 10, 0, 0, 0, 0, 11)
    rows["results_total"] = [(13, 0, 0, 0, 0, 0, 13)]
    rows["new_received"] = [(13, 0, 0, 0, 0, 0, 13)]
    rows["unable_not_held"] = readings  # now both rows are open and A2 cannot tell which is which
    got = solve_t3("v2021", rows)
    assert got.status in (AMBIGUOUS, NONE)


def test_agency_arithmetic_wrong_gives_no_reading_not_a_forced_one():
    rows = {k: [v] for k, v in _balanced_t3("v2019").items()}
    rows["results_total"] = [(6, 0, 0, 0, 0, 0, 6)]  # A1 and A2 break in two columns
    assert solve_t3("v2019", rows).status == NONE


def test_t2_narrative_picks_the_reading_only_when_it_leaves_one():
    cells = load_template("v2021").t2_columns_of("normative_docs")
    text = "集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。"
    facts = narrative_facts(text, "v2021")
    assert facts == {("normative_docs", "in_force"): 698, ("normative_docs", "issued"): 88}
    got = split_t2_row(["8855698"], cells, facts)
    assert got.status == "narrative" and got.values == [88, 55, 698]
    only_issued = split_t2_row(["6233440"], cells, {("normative_docs", "issued"): 62})
    assert only_issued.values[0] == 62 and only_issued.values[1:] == [None, None]
    assert only_issued.flags[1] == ["ambiguous_split"]
    assert split_t2_row(["8855698"], cells, {}).values == [None, None, None]


FLAT = (
    "标题: 某某县2023年度政府信息公开工作年度报告\n==== 正文 ====\n"
    "本报告根据《条例》编制，依据国办公开办函〔2021〕30号。一、总体情况 全年共受理申请{new}件。"
    "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000"
    "行政规范性文件{docs}第二十条第（五）项信息内容本年处理决定数量行政许可12"
    "第二十条第（六）项信息内容本年处理决定数量行政处罚3行政强制0第二十条第（八）项信息内容本年收费金额（单位：万元）"
    "行政事业性收费0 三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织"
    "法律服务机构其他一、本年新收政府信息公开申请数量{nr}二、上年结转政府信息公开申请数量0000000三、本年度办理结果"
    "（一）予以公开{gr}（二）部分公开（区分处理的，只计这一情形，不计其他情形）0000000（三）不予公开1.属于国家秘密0000000"
    "2.其他法律行政法规禁止公开00000003.危及“三安全一稳定”00000004.保护第三方合法权益00000005.属于三类内部事务信息0000000"
    "6.属于四类过程性信息00000007.属于行政执法案卷00000008.属于行政查询事项0000000（四）无法提供1.本机关不掌握相关政府信息"
    "{nh}2.没有现成信息需要另行制作00000003.补正后申请内容仍不明确0000000（五）不予处理1.信访举报投诉类申请0000000"
    "2.重复申请00000003.要求提供公开出版物00000004.无正当理由大量反复申请00000005.要求行政机关确认或重新出具已获取信息0000000"
    "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请00000002.申请人逾期未按收费通知要求缴纳费用、"
    "行政机关不再处理其政府信息公开申请00000003.其他0000000（七）总计{rt}四、结转下年度继续办理0000000"
    "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
    "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计{t4}五、存在的主要问题及改进情况 无。"
    "六、其他需要报告的事项 无。\n"
)


def _flat(**kw) -> dict:
    vals = {"new": 12, "docs": "000", "nr": "120000012", "gr": "100000010", "nh": "2000002",
            "rt": "120000012", "t4": "000000000000000"}  # fmt: skip
    vals.update(kw)
    return parse_bytes(FLAT.format(**vals).encode("utf-8"), "flat.txt")


def test_a_flattened_page_reads_back_with_rule_resolved_flags():
    rec = _flat()
    assert rec["layout"] == "flattened" and rec["template"] == "v2021"
    assert rec["t3"]["new_received"] == [12, 0, 0, 0, 0, 0, 12]
    assert rec["t3"]["granted"] == [10, 0, 0, 0, 0, 0, 10]
    flags = {c["key"]: c["flags"] for c in rec["cells"]}
    assert "rule_resolved" in flags["t3.granted.total"]
    assert "rule_resolved" not in flags["t3.carried_over.total"]  # `0000000` has one reading only
    assert rec["t4"] == [0] * 15


def test_a_flattened_page_whose_arithmetic_is_wrong_stays_null_with_an_issue():
    rec = _flat(rt="130000013")  # （七）总计 13 while 一+二 = 12 and the leaves sum to 12
    codes = {i["code"] for i in rec["issues"]}
    assert "no_consistent_split" in codes
    assert rec["t3"]["results_total"] == [None] * 7
    assert all(v is None for k in ("new_received", "granted") for v in rec["t3"][k])
    assert rec["t3"]["carried_over"] == [0] * 7  # a run with one reading needs no rule


def test_an_ambiguous_t2_run_is_null_with_an_issue_listing_the_readings():
    rec = _flat(docs="8855698")
    cells = rec["t2"]["normative_docs"]
    assert cells == {"issued": None, "repealed": None, "in_force": None}
    named = [
        i for i in rec["issues"] if i["code"] == "ambiguous_split" and i["cell"] == "t2.normative_docs.issued"
    ]
    assert named and "15 readings" in named[0]["message"] and "8 | 8 | 55698" in named[0]["message"]


@settings(max_examples=150, deadline=None)
@given(
    digits=st.text(alphabet="0000123456789", min_size=7, max_size=17),
    cut=st.integers(0, 17),
    groups=st.sampled_from(["a3", "t4"]),
)
def test_pruned_search_finds_exactly_the_readings_a_filter_would(digits, cut, groups):
    """The bounds prune only branches that cannot hold: the same readings as filtering every split."""
    chunks = [c for c in (digits[:cut], digits[cut:]) if c]
    n, sg = (
        (7, A3) if groups == "a3" else (15, [(4, (0, 1, 2, 3)), (9, (5, 6, 7, 8)), (14, (10, 11, 12, 13))])
    )
    every = splits(chunks, n, limit=10**6)
    want = [r for r in every if all(r[t] == sum(r[p] for p in parts) for t, parts in sg)]
    assert sorted(splits(chunks, n, sum_groups=sg, limit=10**6)) == sorted(want)


def test_markdown_row_padding_is_dropped_only_where_it_cannot_shift_a_value():
    from extract.recover.shredded import _values

    assert _values(["32", "2", "0", "0", "0", "0", "34", ""], 7) == ["32", "2", "0", "0", "0", "0", "34"]
    assert _values(["1", "0", "0", "0", "0", "0", ""], 7) == [
        "1",
        "0",
        "0",
        "0",
        "0",
        "0",
        "",
    ]  # a blank total
    # a spanned label's empty cell in front and one behind: 9 could be 自然人 or 商业企业, so no reading
    assert _values(["", "9", "0", "0", "0", "0", "0", ""], 7) is None
    assert _values(["9", "0", "0"], 7) is None


def test_a_partly_flattened_page_keeps_the_rows_read_and_fills_the_glued_ones():
    import re

    text = FLAT.format(new=12, docs="000", nr=" 12 0 0 0 0 0 12", gr="100000010", nh="2000002",
                       rt=" 12 0 0 0 0 0 12", t4="000000000000000")  # fmt: skip
    # a line per table row, as some crawlers keep them: two rows kept their spaces, the rest are glued
    text = re.sub(r"(?<=\d)(?=(?:[一二三四]、|（[一二三四五六七]）|\d\.[\u4e00-\u9fff]))", "\n", text)
    for head in ("二、主动公开", "三、收到和处理", "申请人情况", "一、本年新收"):
        text = text.replace(head, "\n" + head)
    rec = parse_bytes(text.encode("utf-8"), "rows.txt")
    assert rec["layout"] != "flattened"  # the regular reader read the spaced rows
    assert rec["t3"]["new_received"] == [12, 0, 0, 0, 0, 0, 12]
    assert rec["t3"]["granted"] == [10, 0, 0, 0, 0, 0, 10]
    assert rec["t3"]["unable_not_held"] == [2, 0, 0, 0, 0, 0, 2]
    flags = {c["key"]: c["flags"] for c in rec["cells"]}
    assert "rule_resolved" in flags["t3.granted.total"]
    assert "rule_resolved" not in flags["t3.new_received.total"]
    assert not [i for i in rec["issues"] if i["code"] == "misaligned_row"]  # stale once the row is read
