"""Report or not: news pages, empty and list pages are not; reports without tables or cut short still are."""

from __future__ import annotations

import pytest

from extract.chrome import strip_chrome
from extract.classify import classify_report
from extract.parse import parse_file
from extract.sections import find_sections
from tests.conftest import FIXTURES, SAMPLES, SEED_NAMES

DOCS = FIXTURES / "documents"
NO_TABLES = {"template": "unknown", "table_status": {"t2": "missing", "t3": "missing", "t4": "missing"}}
TABLES = {"template": "v2021", "table_status": {"t2": "all_zero", "t3": "all_zero", "t4": "all_zero"}}


def classify(lines: list[str], tables: dict = NO_TABLES):
    body = strip_chrome(lines)
    return classify_report(body, find_sections(body), tables)


def codes(issues: list[dict]) -> list[str]:
    return [i["code"] for i in issues]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seeds_are_reports_even_without_their_tables(name):
    lines = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    assert classify(lines, TABLES) == (True, [])
    ok, issues = classify(lines)  # the same text with tables lost (images): still a report, with a warning
    assert ok and codes(issues) == ["no_table_text"]


@pytest.mark.parametrize(
    ("name", "why"),
    [("news_page.txt", "no report title"), ("list_page.txt", "4 report titles")],
)
def test_non_reports(name, why):
    rec = parse_file(DOCS / name)
    assert rec["is_report"] is False
    assert rec["status"] == "not_report"
    errors = [i for i in rec["issues"] if i["code"] == "not_report"]
    assert len(errors) == 1 and errors[0]["severity"] == "error"
    assert why in errors[0]["message"] and name in errors[0]["message"]


def test_empty_page_is_not_a_report():
    ok, issues = classify(["", "  ", "\u00a0"])
    assert not ok and codes(issues) == ["not_report"]


def test_navigation_only_page_is_not_a_report():
    ok, issues = classify(["首页", "当前位置：首页 > 政务公开", "打印本页 关闭窗口"])
    assert not ok and codes(issues) == ["not_report"]


def test_images_only_report_is_a_report_with_a_warning():
    rec = parse_file(DOCS / "images_only.txt")
    assert rec["is_report"] is True
    assert rec["template"] == "unknown"
    assert "no_table_text" in codes(rec["issues"])
    assert rec["status"] == "parsed"  # warnings only


def test_unknown_layout_is_recognised_by_title_and_period():
    lines = [
        "某市某局2024年政府信息公开工作年度报告",
        "本报告所列数据统计期限为2024年1月1日至2024年12月31日。",
        "第一部分 总体情况",
        "……",
    ]
    assert classify(lines)[0] is True


def test_report_with_only_two_headings_and_a_title():
    lines = ["某县2024年政府信息公开工作年度报告", "一、总体情况", "x", "二、主动公开政府信息情况", "x"]
    ok, issues = classify(lines)
    assert ok
    assert "truncated_document" in codes(issues)


def test_truncated_report_names_the_missing_sections():
    lines = (SAMPLES / "000_6c1b3e97f3cda656.txt").read_text(encoding="utf-8").splitlines()[:300]
    ok, issues = classify(lines, TABLES)
    assert ok
    trunc = [i for i in issues if i["code"] == "truncated_document"]
    assert trunc and "s4_review_litigation" in trunc[0]["message"] and "s3_requests" in trunc[0]["message"]


def test_news_about_a_report_is_not_the_report():
    lines = [
        "当前位置：首页 > 新闻动态",
        "某区发布2024年政府信息公开工作年度报告",
        "近日，某区发布了2024年政府信息公开工作年度报告，报告统计期限为2024年1月1日至2024年12月31日。",
        "报告显示，全区主动公开政府信息1.2万余条。",
    ]
    ok, issues = classify(lines)
    assert not ok and codes(issues) == ["not_report"]


def test_the_template_notice_is_not_a_report():
    lines = [
        "国务院办公厅政府信息与政务公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知",
        "国办公开办函〔2021〕30号",
        "各省、自治区、直辖市人民政府办公厅……",
        "中华人民共和国政府信息公开工作年度报告格式",
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    ok, issues = classify(lines, TABLES)
    assert not ok and codes(issues) == ["not_report"] and "template notice" in issues[0]["message"]


def test_a_report_citing_the_notice_is_a_report():
    lines = (SAMPLES / "003_de385e6a7bd35784.txt").read_text(encoding="utf-8").splitlines()
    assert classify(lines, TABLES)[0] is True
