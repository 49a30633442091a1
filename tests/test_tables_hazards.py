"""The hazards of REPORTS.md §3.3, §8.2–§8.5 on small real-looking documents, one hazard at a time.

Documents are typed here from the template's official labels (the same words the reports print),
in the layout where the hazard occurs: blank vs 0, markers, invisible blanks in L1, split numbers
repaired or not, column-count mismatch, provincial extras and annotations, mixed and unknown
templates, Traditional-script mirrors, dropped characters.
"""

from __future__ import annotations

import pytest

from extract.tables import read_tables
from tests.fixtures.layouts.make_fixtures import T2_LABELS, T4, t2_cols, t2_printed, t3_layout, t3_values

T3_HEADER = [
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "总计",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
]
T4_HEADER = [
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "未经复议直接起诉",
    "复议后起诉",
] + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2


def l1_lines(
    version: str,
    t3_tokens: dict[str, list[str]] | None = None,
    t2_tokens: dict[str, list[str]] | None = None,
    t4_tokens: list[str] | None = None,
) -> list[str]:
    """A cell-per-line report (seeds 000/003): every cell on its own line, blank lines between."""
    t3_tokens, t2_tokens = t3_tokens or {}, t2_tokens or {}
    cells = ["一、总体情况", "本年度工作情况良好。", "二、主动公开政府信息情况"]
    for caption, headers, rows in T2_LABELS[version]:
        cells += [caption, "信息内容", *headers]
        for label, key in rows:
            cells += [
                label,
                *t2_tokens.get(key, [t2_printed(version, key, c) for c in t2_cols(version, key)]),
            ]
    cells += ["三、收到和处理政府信息公开申请情况", *T3_HEADER]
    values = t3_values(version)
    for group, label, key in t3_layout(version):
        if group:
            cells.append(group)
        cells += [label, *t3_tokens.get(key, [str(v) for v in values[key]])]
    cells += ["四、政府信息公开行政复议、行政诉讼情况", *T4_HEADER, *(t4_tokens or [str(v) for v in T4])]
    cells += ["五、存在的主要问题及改进情况", "一是公开内容不够全面。", "六、其他需要报告的事项", "无。"]
    out: list[str] = []
    for c in cells:
        out += [c, ""]
    return out


def l2_lines(
    version: str,
    t3_cells: dict[str, list[str]] | None = None,
    t2_rows: dict[str, str] | None = None,
    extra_t2: list[str] | None = None,
) -> list[str]:
    """A pipe-rows report (seed 001): one table row per line, ` | ` between cells, padded."""
    t3_cells, t2_rows = t3_cells or {}, t2_rows or {}
    out = ["一、总体情况", "本年度工作情况良好。", "二、主动公开政府信息情况"]
    for caption, headers, rows in T2_LABELS[version]:
        out += [f"{caption} | |||", "信息内容 | " + " | ".join(headers) + " |"]
        for label, key in rows:
            vals = [t2_printed(version, key, c) for c in t2_cols(version, key)]
            out.append(t2_rows.get(key, f"{label} | " + " | ".join(vals) + " |"))
        if caption.endswith("（一）项") and extra_t2:
            out += extra_t2
    out += [
        "三、收到和处理政府信息公开申请情况",
        f"{T3_HEADER[0]} | 申请人情况 | ||||||||",
        "自然人 | 法人或其他组织 | 总计 | |||||||",
        " | ".join(T3_HEADER[5:]) + " | |||||",
    ]
    values = t3_values(version)
    for group, label, key in t3_layout(version):
        cells = t3_cells.get(key, [str(v) for v in values[key]])
        lead = f"{group} | " if group else ""
        out.append(f"{lead}{label} | " + " | ".join(cells) + " | |")
    out += [
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议 | 行政诉讼 | |||||||||||||",
        "结果 | 结果 | 其他 | 尚未 | 总计 | 未经复议直接起诉 | 复议后起诉 | ||||||||",
        " | ".join(str(v) for v in T4) + " |",
        "五、存在的主要问题及改进情况",
        "无。",
    ]
    return out


def issues_of(res: dict, code: str) -> list[dict]:
    return [i for i in res["issues"] if i["code"] == code]


# ---------------------------------------------------------------- sanity of the builders


@pytest.mark.parametrize("version", ["v2019", "v2021"])
@pytest.mark.parametrize("build", [l1_lines, l2_lines])
def test_builders_parse_cleanly(version, build):
    res = read_tables(build(version))
    assert res["template"] == version
    assert res["t3"] == t3_values(version)
    assert res["t4"] == T4
    assert not issues_of(res, "misaligned_row") and not issues_of(res, "column_count_mismatch")


# ---------------------------------------------------------------- blank vs 0, markers


def test_l3_empty_cell_is_null_and_zero_is_zero():
    lines = [
        "二、主动公开政府信息情况",
        "第二十条第(一)项 |",
        "|||",
        "信息内容 |",
        "本年制发件数 |",
        "本年废止件数 |",
        "现行有效件数 |",
        "规章 |",
        "0 |",
        "|",
        "3 |",
        "行政规范性文件 |",
        "|",
        "|",
        "|",
        "第二十条第(五)项 |",
    ]
    res = read_tables(lines)
    assert res["layout"] == "cell_per_line_pipe"
    assert res["t2"]["regulations"] == {"issued": 0, "repealed": None, "in_force": 3}
    assert res["t2"]["normative_docs"] == {"issued": None, "repealed": None, "in_force": None}
    assert res["cell_flags"]["t2.regulations.repealed"] == ["blank"]
    assert "t2.regulations.issued" not in res["cell_flags"]


def test_na_marker_is_null_with_flag_and_issue():
    lines = l2_lines("v2021", t2_rows={"admin_coercion": "行政强制 | - | ||"})
    res = read_tables(lines)
    assert res["t2"]["admin_coercion"] == {"decisions": None}
    assert res["cell_flags"]["t2.admin_coercion.decisions"] == ["na_marker"]
    marker = issues_of(res, "na_marker")
    assert [i["cell"] for i in marker] == ["t2.admin_coercion.decisions"]
    assert lines[marker[0]["line"] - 1].startswith("行政强制")


# ---------------------------------------------------------------- L1 invisible blanks


def test_l1_short_row_is_misaligned_not_shifted():
    lines = l1_lines("v2021", t3_tokens={"granted": ["41", "6", "2", "1", "3", "55"]})
    res = read_tables(lines)
    assert res["t3"]["granted"] == [None] * 7
    assert res["cell_flags"]["t3.granted.natural_person"] == ["misaligned"]
    (iss,) = issues_of(res, "misaligned_row")
    assert iss["cell"] == "t3.granted"
    assert lines[iss["line"] - 1] == "（一）予以公开"
    assert res["t3"]["partially_granted"] == t3_values("v2021")["partially_granted"]


def test_l1_row_with_no_value_at_all_is_blank_without_issue():
    res = read_tables(l1_lines("v2021", t3_tokens={"denied_state_secret": []}))
    assert res["t3"]["denied_state_secret"] == [None] * 7
    assert res["cell_flags"]["t3.denied_state_secret.total"] == ["blank"]
    assert not issues_of(res, "misaligned_row")


def test_l1_positional_guess_when_the_rules_confirm_it():
    want = t3_values("v2021")["unable_unclear_after_correction"]
    assert want == [3, 0, 0, 0, 0, 0, 3]
    res = read_tables(l1_lines("v2021", t3_tokens={"unable_unclear_after_correction": ["3", "3"]}))
    assert res["t3"]["unable_unclear_after_correction"] == [3, None, None, None, None, None, 3]
    assert "positional_guess" in res["cell_flags"]["t3.unable_unclear_after_correction.natural_person"]
    assert issues_of(res, "positional_guess")


def test_l1_two_unequal_numbers_are_no_positional_guess():
    res = read_tables(l1_lines("v2021", t3_tokens={"unable_unclear_after_correction": ["3", "2"]}))
    assert res["t3"]["unable_unclear_after_correction"] == [None] * 7
    assert issues_of(res, "misaligned_row")


# ---------------------------------------------------------------- split numbers


def test_split_number_repaired_when_the_rules_hold():
    # granted = [41, 6, 2, 1, 3, 2, 55]; the total wrapped inside its narrow cell as 5 / 5
    res = read_tables(l1_lines("v2021", t3_tokens={"granted": ["41", "6", "2", "1", "3", "2", "5", "5"]}))
    assert res["t3"]["granted"] == [41, 6, 2, 1, 3, 2, 55]
    assert "split_number_repaired" in res["cell_flags"]["t3.granted.total"]
    (iss,) = issues_of(res, "split_number_repaired")
    assert iss["cell"] == "t3.granted"


def test_split_number_not_repaired_when_no_merge_satisfies_the_rules():
    res = read_tables(l1_lines("v2021", t3_tokens={"granted": ["41", "6", "2", "1", "3", "2", "5", "6"]}))
    assert res["t3"]["granted"] == [None] * 7
    assert issues_of(res, "misaligned_row")
    assert not issues_of(res, "split_number_repaired")


def test_split_number_in_table_four_repaired_by_a4_to_a6():
    big = [30, 10, 10, 21, 71, 2, 1, 1, 1, 5, 1, 1, 1, 1, 4]
    split = [str(v) for v in big[:4]] + ["7", "1"] + [str(v) for v in big[5:]]  # review_total 71 as 7 / 1
    res = read_tables(l1_lines("v2021", t4_tokens=split))
    assert res["t4"] == big
    assert issues_of(res, "split_number_repaired")
    assert "split_number_repaired" in res["cell_flags"]["t4.review_total"]


def test_split_number_in_table_four_rejected_when_no_merge_balances():
    tokens = [str(v) for v in T4]
    tokens[9:10] = ["1", "5"]  # lit_direct_total 5 printed as 1 / 5: merging gives 15, and A5 fails
    res = read_tables(l1_lines("v2021", t4_tokens=tokens))
    assert res["t4"] == [None] * 15
    assert issues_of(res, "misaligned_row")


# ---------------------------------------------------------------- column count


def test_column_count_mismatch_is_flagged_not_shifted():
    res = read_tables(l2_lines("v2021", t3_cells={"granted": ["41", "6", "2", "1", "3", "55"]}))
    assert res["t3"]["granted"] == [None] * 7
    assert res["cell_flags"]["t3.granted.other_org"] == ["column_count_mismatch"]
    assert issues_of(res, "column_count_mismatch")[0]["cell"] == "t3.granted"


def test_l2_empty_cells_keep_positions():
    cells = ["41", "", "", "", "", "", "41"]
    res = read_tables(l2_lines("v2021", t3_cells={"granted": cells}))
    assert res["t3"]["granted"] == [41, None, None, None, None, None, 41]


# ---------------------------------------------------------------- extras and annotations


def test_provincial_extra_row_goes_to_extras_not_to_a_template_key():
    extra = ["其他主动公开文件(指本机关制发的其他文件) | 17 | 2 | 30 |"]
    res = read_tables(l2_lines("v2019", extra_t2=extra))
    assert res["t2"]["normative_docs"] == {"new_made": 6, "new_published": 6, "total_published": 40}
    (ex,) = res["t2_extras"]
    assert ex["label"].startswith("其他主动公开文件")
    assert [c["value"] for c in ex["cells"]] == [17, 2, 30]


def test_annotation_naming_other_rows_does_not_capture_them():
    row = "其他对外管理服务事项(含行政确认、行政给付、行政奖励、行政裁决,不含行政处罚、行政强制) | 30 | -2 | 410 |"
    res = read_tables(l2_lines("v2019", t2_rows={"other_mgmt_services": row}))
    assert res["t2"]["other_mgmt_services"] == {"prev_year_items": 30, "change": -2, "decisions": 410}
    assert res["t2"]["admin_penalty"] == {"prev_year_items": 45, "change": 3, "decisions": 212}
    assert res["t2"]["admin_coercion"] == {"prev_year_items": 12, "change": -1, "decisions": 8}


def test_annotated_labels_with_years_still_match():
    row = "规章(设区的市、自治州人民政府应提供2020年相关数据) | 1 | 1 | 9 |"
    res = read_tables(l2_lines("v2019", t2_rows={"regulations": row}))
    assert res["t2"]["regulations"] == {"new_made": 1, "new_published": 1, "total_published": 9}


def test_printed_subtotal_row_goes_to_t3_extras():
    lines = l2_lines("v2021")
    at = next(i for i, line in enumerate(lines) if line.startswith("（三）不予公开"))
    lines[at : at + 1] = [
        "（三）不予公开 | 16 | 3 | 0 | 1 | 1 | 1 | 22 | |",
        "1．属于国家秘密 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | |",
    ]
    res = read_tables(lines)
    assert res["t3"] == t3_values("v2021")
    (ex,) = res["t3_extras"]
    assert ex["label"] == "（三）不予公开"
    assert ex["cells"][-1]["value"] == 22


# ---------------------------------------------------------------- templates


def test_mixed_template_when_tables_disagree():
    lines = l2_lines("v2019")
    t3_v2021 = l2_lines("v2021")
    start = next(i for i, s in enumerate(lines) if s.startswith("三、收到"))
    start21 = next(i for i, s in enumerate(t3_v2021) if s.startswith("三、收到"))
    res = read_tables(lines[:start] + t3_v2021[start21:])
    assert res["template"] == "mixed"
    assert res["table_templates"] == {"t2": "v2019", "t3": "v2021", "t4": "v2021"}
    assert set(res["t2"]) == {
        "regulations",
        "normative_docs",
        "admin_license",
        "other_mgmt_services",
        "admin_penalty",
        "admin_coercion",
        "admin_fees",
        "central_procurement",
    }
    assert res["t3"] == t3_values("v2021")
    assert issues_of(res, "mixed_template")


def test_unknown_template_without_tables():
    lines = [
        "某某局2023年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度未收到政府信息公开申请。",
        "[ 打印本页 | 关闭窗口 ]",
    ]
    res = read_tables(lines)
    assert res["template"] == "unknown"
    assert (res["t2"], res["t3"], res["t4"]) == ({}, {}, [])
    assert res["table_status"] == {"t2": "missing", "t3": "missing", "t4": "missing"}
    assert issues_of(res, "unknown_template")


def test_tables_as_images_give_missing_tables():
    lines = [
        "二、主动公开政府信息情况",
        "|",
        "三、收到和处理政府信息公开申请情况",
        "|",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    res = read_tables(lines)
    assert res["template"] == "unknown"
    assert res["cells"] == []


def test_missing_table_four_is_reported():
    lines = l2_lines("v2021")
    cut = next(i for i, s in enumerate(lines) if s.startswith("四、政府信息公开行政复议"))
    res = read_tables(lines[:cut])
    assert res["table_status"]["t4"] == "missing"
    assert res["t4"] == [None] * 15  # the template's cells, null and flagged: never zeros
    assert res["cell_flags"]["t4.review_total"] == ["missing_table"]
    assert res["table_templates"]["t4"] is None
    assert [i for i in issues_of(res, "missing_table") if "t4" in i["message"]]


# ---------------------------------------------------------------- mirrors and dropped characters


def test_traditional_script_mirror():
    lines = l2_lines("v2019")
    trad = {
        "规章": "規章",
        "规范性文件": "規範性檔案",
        "处理决定数量": "處理決定數量",
        "行政许可": "行政許可",
        "行政处罚": "行政處罰",
        "行政强制": "行政強制",
    }
    out = []
    for line in lines:
        for a, b in trad.items():
            line = line.replace(a, b)
        out.append(line)
    res = read_tables(out)
    assert res["template"] == "v2019"
    assert res["t2"]["normative_docs"] == {"new_made": 6, "new_published": 6, "total_published": 40}
    assert res["t2"]["admin_penalty"] == {"prev_year_items": 45, "change": 3, "decisions": 212}


def test_dropped_characters_on_mirrors():
    lines = l2_lines("v2021", t2_rows={"admin_license": "政许可 | 1,234 | ||"})
    lines = [s.replace("第二十条第（五）项", "第二十条第()") for s in lines]
    res = read_tables(lines)
    assert res["t2"]["admin_license"] == {"decisions": 1234}


def test_carried_forward_row_does_not_end_the_table_early_and_heading_is_no_row():
    res = read_tables(l1_lines("v2019"))
    assert res["t3"]["carried_forward"] == t3_values("v2019")["carried_forward"]
    assert res["t4"] == T4


def test_split_digits_inside_one_cell_merged_only_when_rules_hold():
    ok = read_tables(l2_lines("v2021", t3_cells={"granted": ["41", "6", "2", "1", "3", "2", "5 5"]}))
    assert ok["t3"]["granted"] == [41, 6, 2, 1, 3, 2, 55]
    assert "split_number_repaired" in ok["cell_flags"]["t3.granted.total"]
    bad = read_tables(l2_lines("v2021", t3_cells={"granted": ["41", "6", "2", "1", "3", "2", "5 6"]}))
    assert bad["t3"]["granted"][6] is None
    assert bad["cell_flags"]["t3.granted.total"] == ["split_number"]


def test_chrome_lines_with_pipes_do_not_decide_the_layout():
    nav = [
        "首页 | 政务公开 | 互动交流 | 办事服务",
        "网站地图 | 联系我们 | 隐私声明",
        "主办：某某县人民政府 | 承办：某某县政务服务中心",
        "繁體版 | 无障碍 | 适老化",
        "[ 打印本页 | 关闭窗口 ]",
        "分享到 | 微信 | 微博",
    ]
    res = read_tables(nav + l1_lines("v2021") + nav)
    assert res["layout"] == "cell_per_line"
    assert res["t3"] == t3_values("v2021")


def test_table_two_without_captions_is_found_by_its_header():
    lines = [s for s in l2_lines("v2021") if not s.startswith("第二十条")]
    res = read_tables(lines)
    assert res["t2"]["normative_docs"] == {"issued": 12, "repealed": 3, "in_force": 86}
    assert res["t2"]["admin_fees"] == {"amount": 4068.208}


def test_markdown_dump_with_a_sub_table_per_row_group():
    """An OCR/markdown dump (沭阳 2025) that cut table 三 into per-group tables with placeholder headers."""
    values = t3_values("v2021")
    lines = [
        "三、收到和处理政府信息公开申请情况",
        "",
        "| 申请人情况 | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for group, label, key in t3_layout("v2021"):
        if group and group != "":
            lines += [
                "",
                f"| {group} | | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |",
                "|---|---|---|---|---|---|---|---|---|",
            ]
        lines.append(f"| {label} | | " + " | ".join(str(v) for v in values[key]) + " |")
    lines += [
        "",
        "四、政府信息公开行政复议、行政诉讼情况",
        "",
        "| 行政复议 | | | | | 行政诉讼 |",
        "|---|---|---|---|---|---|",
        "| " + " | ".join(str(v) for v in T4) + " |",
    ]
    res = read_tables(lines)
    assert res["layout"] == "markdown"
    assert res["t3"] == values
    assert res["t4"] == T4


def test_pdf_wrapped_table_two_label():
    lines = [
        "二、主动公开政府信息情况",
        "                 第二十条第（五）项",
        "信息内容          上一年项目数量      本年增/减     处理决定数量",
        "行政许可                      120          +5           3567",
        "其他对外管理服                 30          -2            410",
        "务事项",
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量      1   0   0   0   0   0   1",
        "二、上年结转政府信息公开申请数量      0   0   0   0   0   0   0",
    ]
    res = read_tables(lines)
    assert res["layout"] == "pdf_layout"
    assert res["t2"]["other_mgmt_services"] == {"prev_year_items": 30, "change": -2, "decisions": 410}
    assert res["t2"]["admin_license"] == {"prev_year_items": 120, "change": 5, "decisions": 3567}
    assert res["t2_extras"] == []


def test_l3_label_cell_wrapped_over_two_lines():
    lines = [
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量 |",
        *["0 |"] * 7,
        "||",
        "二、上年结转政府信息公开申请数量 |",
        *["0 |"] * 7,
        "||",
        "三、本年度办理结果 |",
        "(一)予以公开 |",
        *["0 |"] * 7,
        "|",
        "(二)部分公开(区分处理的,只计这一情形,",
        "不计其他情形) |",
        "2 |",
        "|",
        "|",
        "|",
        "|",
        "|",
        "2 |",
        "||",
        "(三)不予公开 |",
        "1.属于国家秘密 |",
        *["0 |"] * 7,
        "||",
    ]
    res = read_tables(lines)
    assert res["layout"] == "cell_per_line_pipe"
    assert res["t3"]["partially_granted"] == [2, None, None, None, None, None, 2]
    assert res["t3"]["granted"] == [0] * 7
    assert res["t3"]["denied_state_secret"] == [0] * 7


def test_procurement_amount_in_yuan_by_its_header():
    lines = [s.replace("采购总金额", "采购总金额(元)") for s in l2_lines("v2019")]
    lines = [s.replace("251000元", "251000") for s in lines]
    res = read_tables(lines)
    cell = next(c for c in res["cells"] if c["key"] == "t2.central_procurement.amount")
    assert (cell["value"], cell["unit"], cell["unit_raw"]) == (25.1, "万元", "元")


def test_circled_and_other_numbering_styles():
    lines = l2_lines("v2021")
    lines = [
        s.replace("1．属于国家秘密", "①属于国家秘密")
        .replace("2．其他法律", "2、其他法律")
        .replace("3．危及", "(3)危及")
        for s in lines
    ]
    res = read_tables(lines)
    assert res["t3"] == t3_values("v2021")


def test_l1_page_break_inside_a_row():
    lines = l1_lines("v2021")
    at = lines.index("（一）予以公开")
    assert lines[at + 2 : at + 7 : 2] == ["41", "6", "2"]
    # the page ends after the row's second value: a page number, then a form feed opens the next page
    lines[at + 6] = "\f" + lines[at + 6]
    lines[at + 5 : at + 5] = ["3"]
    res = read_tables(lines)
    assert res["t3"]["granted"] == t3_values("v2021")["granted"]


@pytest.mark.parametrize("build", ["l1", "l2"])
def test_table_four_printed_as_two_tables(build):
    if build == "l1":
        lines = l1_lines("v2021", t4_tokens=[])
        cut = lines.index("五、存在的主要问题及改进情况")
        body = [
            "行政复议",
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总计",
            *map(str, T4[:5]),
            "行政诉讼",
            "未经复议直接起诉",
            "复议后起诉",
            *["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
            *map(str, T4[5:]),
        ]
        start = lines.index("行政复议")
        lines = lines[:start] + [x for c in body for x in (c, "")] + lines[cut:]
    else:
        lines = l2_lines("v2021")
        start = next(i for i, s in enumerate(lines) if s.startswith("行政复议"))
        cut = next(i for i, s in enumerate(lines) if s.startswith("五、"))
        two_tables = [
            "行政复议 | ||||",
            "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
            " | ".join(map(str, T4[:5])) + " |",
            "行政诉讼 | |||||||||",
            "未经复议直接起诉 | 复议后起诉 | ||||||||",
            " | ".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2) + " |",
            " | ".join(map(str, T4[5:])) + " |",
        ]
        lines = [*lines[:start], *two_tables, *lines[cut:]]
    res = read_tables(lines)
    assert res["t4"] == T4


def test_wuhan_style_traditional_mirror_with_annotations_extras_and_markers():
    """Hubei 2020 on a Traditional-script mirror (§3.3, §8.3): annotated labels and headers, an extra
    row in （一）, `-` for a value, the 其他對外管理服務事項(…行政處罰、行政強制…) trap."""
    lines = [
        "二、主動公開政府信息情況",
        "第二十條第（一）項 | |||",
        "信息內容 | 本年新製作數量 | 本年新公開數量 | 對外公開總數量 |",
        "規章(設區的市、自治州人民政府應提供相關數據) | 0 | 0 | 0 |",
        "規範性檔案 | 3 | 3 | 27 |",
        "其他主動公開檔案(指本機關製發的其他檔案) | 15 | 15 | 98 |",
        "第二十條第（五）項 | |||",
        "信息內容 | 上一年項目數量(指2019年事項數) | 本年增/減(指2020年增加或減少的事項數,減用負值表示,如-8) | 處理決定數量 |",
        "行政許可 | 12 | -2 | 356 |",
        "其他對外管理服務事項(含行政確認、行政給付,不含行政處罰、行政強制) | 4 | 0 | 41 |",
        "第二十條第（六）項 | |||",
        "信息內容 | 上一年項目數量 | 本年增/減 | 處理決定數量 |",
        "行政處罰 | 9 | +1 | 120 |",
        "行政強制 | 2 | 0 | - |",
        "第二十條第（八）項 | |||",
        "信息內容 | 上一年項目數量 | 本年增/減 | |",
        "行政事業性收費 | 1 | 0 | |",
        "第二十條第（九）項 | |||",
        "信息內容 | 採購項目數量 | 採購總金額 | |",
        "政府集中採購 | 6 | 251000元 |",
        "三、收到和處理政府信息公開申請情況",
    ]
    res = read_tables(lines)
    assert res["template"] == "v2019"
    assert res["t2"]["regulations"] == {"new_made": 0, "new_published": 0, "total_published": 0}
    assert res["t2"]["normative_docs"] == {"new_made": 3, "new_published": 3, "total_published": 27}
    assert res["t2"]["admin_license"] == {"prev_year_items": 12, "change": -2, "decisions": 356}
    assert res["t2"]["other_mgmt_services"] == {"prev_year_items": 4, "change": 0, "decisions": 41}
    assert res["t2"]["admin_penalty"] == {"prev_year_items": 9, "change": 1, "decisions": 120}
    assert res["t2"]["admin_coercion"] == {"prev_year_items": 2, "change": 0, "decisions": None}
    assert res["cell_flags"]["t2.admin_coercion.decisions"] == ["na_marker"]
    assert res["t2"]["central_procurement"] == {"projects": 6, "amount": 25.1}
    (extra,) = res["t2_extras"]
    assert [c["value"] for c in extra["cells"]] == [15, 15, 98]


def test_row_number_column_before_the_labels():
    lines = l2_lines("v2021")
    out, k = [], 0
    for s in lines:
        if any(s.startswith(p) for p in ("一、本年新收", "二、上年结转", "四、结转下年度")):
            k += 1
            s = f"{k} | {s}"
        out.append(s)
    res = read_tables(out)
    assert res["t3"] == t3_values("v2021")
