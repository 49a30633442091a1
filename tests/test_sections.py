"""The six sections (REPORTS.md §2): line numbers of §10 for the seeds, heading variants and traps."""

from __future__ import annotations

import pytest

from extract.chrome import strip_chrome
from extract.sections import find_sections
from tests.conftest import SAMPLES

KEYS = ("s1_overview", "s2_proactive", "s3_requests", "s4_review_litigation", "s5_problems", "s6_other")
SEED_LINES = {
    "000_6c1b3e97f3cda656": (11, 55, 117, 553, 645, 665),
    "001_15cf22d5a5bab8ab": (2, 14, 29, 58, 63, 66),
    "002_72b5106183aba5ae": (2, 8, 49, 292, 330, 333),
    "003_de385e6a7bd35784": (11, 43, 105, 541, 611, 637),
    "004_8cf4eacbad86ba13": (1, 11, 82, 307, 345, 348),
}


@pytest.mark.parametrize("name", sorted(SEED_LINES))
def test_seed_section_lines(name):
    lines = strip_chrome((SAMPLES / f"{name}.txt").read_text(encoding="utf-8").splitlines())
    secs = find_sections(lines)
    assert tuple(secs[k]["line"] for k in KEYS) == SEED_LINES[name]
    for k in KEYS:  # headings are the canonical ones, stripped of indentation and NBSP
        assert secs[k]["heading"] == secs[k]["heading"].strip()
        assert secs[k]["line"] <= secs[k]["line_end"]
    assert secs["s1_overview"]["heading"] == "一、总体情况"


def test_seed_000_section_text_and_trailing_chrome():
    lines = strip_chrome((SAMPLES / "000_6c1b3e97f3cda656.txt").read_text(encoding="utf-8").splitlines())
    secs = find_sections(lines)
    assert secs["s6_other"]["line_end"] == 671  # the signature date; 关闭本页 (673) is chrome
    assert "关闭本页" not in secs["s6_other"]["text"]
    assert secs["s1_overview"]["text"].startswith("2024年,长征街街道")
    assert secs["s3_requests"]["line_end"] < 553


def test_table_row_that_looks_like_a_heading_is_not_one():
    lines = [
        "一、总体情况",
        "正文。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "三、本年度办理结果",
        "四、结转下年度继续办理",
        "0",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
        "无。",
    ]
    secs = find_sections(lines)
    assert secs["s3_requests"]["line"] == 4
    assert secs["s4_review_litigation"]["line"] == 8


def test_inline_preamble_list_is_not_headings():
    pre = (
        "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议行政诉讼情况、"
        "存在的主要问题及改进情况、其他需要报告的事项六部分组成。"
    )
    lines = [
        pre,
        "一、总体情况",
        "正文",
        "二、主动公开政府信息情况",
        "x",
        "三、收到和处理政府信息公开申请情况",
        "x",
        "四、政府信息公开行政复议、行政诉讼情况",
        "x",
        "五、存在的主要问题及改进情况",
        "x",
        "六、其他需要报告的事项",
        "x",
    ]
    assert [find_sections(lines)[k]["line"] for k in KEYS] == [2, 4, 6, 8, 10, 12]


def test_table_of_contents_block_is_skipped():
    toc = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    body = []
    for h in toc:
        body += [h, "本部分正文。"]
    secs = find_sections(["目录", *toc, "", *body])
    assert [secs[k]["line"] for k in KEYS] == [9, 11, 13, 15, 17, 19]


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("  一、总体情况\u00a0", "s1_overview"),
        ("一、概述", "s1_overview"),
        ("第一部分 总体情况", "s1_overview"),
        ("**二、主动公开政府信息情况**", "s2_proactive"),
        ("二．主动公开政府信息情况", "s2_proactive"),
        ("三、依申请公开政府信息情况", "s3_requests"),
        ("行政机关收到和处理政府信息公开申请情况", "s3_requests"),
        ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "s4_review_litigation"),
        ("四、政府信息公开行政复议和行政诉讼情况", "s4_review_litigation"),
        ("五、政府信息公开工作存在的主要问题及改进情况", "s5_problems"),
        ("五、存在的问题和改进措施：", "s5_problems"),
        ("六、其它需要报告的事项", "s6_other"),
        ("六、其他需报告的事项", "s6_other"),
        (
            "一、总体情况。2024年，我局全面推进政务公开工作，取得明显成效，群众满意度持续提升，各项指标完成良好。",
            "s1_overview",
        ),
    ],
)
def test_heading_variants(line, key):
    assert list(find_sections(["前言。", line, "正文。"])) == [key]


def test_long_preamble_line_starting_with_numeral_is_not_a_heading():
    line = "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    assert find_sections([line]) == {}


def test_sub_items_do_not_restart_the_sequence():
    lines = [
        "一、总体情况",
        "x",
        "二、主动公开政府信息情况",
        "x",
        "三、收到和处理政府信息公开申请情况",
        "x",
        "四、政府信息公开行政复议、行政诉讼情况",
        "x",
        "五、存在的主要问题及改进情况",
        "一、存在的问题",
        "二、改进情况",
        "六、其他需要报告的事项",
        "x",
    ]
    secs = find_sections(lines)
    assert [secs[k]["line"] for k in KEYS] == [1, 3, 5, 7, 9, 12]


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("一、基本情况", "s1_overview"),
        ("五、存在的不足及改进措施", "s5_problems"),
        ("六、其他事项", "s6_other"),
    ],
)
def test_refined_keywords(line, key):
    assert list(find_sections(["前言。", line, "正文。"])) == [key]


def test_heading_run_into_its_paragraph():
    lines = [
        "一、总体情况 2024年，我局坚持以习近平新时代中国特色社会主义思想为指导，全面推进政务公开工作，成效明显。",
        "二、主动公开政府信息情况",
        "x",
        "五、存在的主要问题及改进情况",
        "一、总体情况良好的方面还需要继续保持和巩固提升，这一点在工作中很重要。",
    ]
    secs = find_sections(lines)
    assert [secs[k]["line"] for k in secs] == [1, 2, 4]


@pytest.mark.parametrize(
    "line",
    [
        "三、收到和处理政府信息公开申请情况 | 三、收到和处理政府信息公开申请情况 | 三、收到和处理政府信息公开申请情况 |",
        "三、收到和处理政府信息公开申请情况 | |||",
    ],
)
def test_heading_as_a_table_caption_row(line):
    secs = find_sections(["前言。", line, "正文。"])
    assert secs["s3_requests"]["heading"] == "三、收到和处理政府信息公开申请情况"


def test_pipe_rows_with_different_cells_are_never_headings():
    assert (
        find_sections(
            [
                "四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
                "四、政府信息公开行政复议、行政诉讼情况 | 行政复议 | 行政诉讼 |",
            ]
        )
        == {}
    )
