"""Metadata on real pages: crawler and collector headers, CMS title suffixes, label-only values, OCR-misspelt
places and publisher names, each rule on a short synthetic input (and one that must not trigger it), then
the real documents of ../shared/realworld/ through the scorer."""

from __future__ import annotations

import duckdb
import pytest

from extract.chrome import chrome_lines, strip_chrome
from extract.headers import header_block
from extract.land import ensure_schema, land
from extract.metadata import read_metadata
from extract.parse import parse_bytes
from extract.sections import find_sections
from tests.conftest import load_realworld_scorer

BODY = [
    "本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告所列数据统计期限为2024年1月1日至2024年12月31日。",
    "一、总体情况",
    "2024年，全区坚持以习近平新时代中国特色社会主义思想为指导，扎实推进政务公开工作。",
    "二、主动公开政府信息情况",
]


def meta_of(lines: list[str]) -> dict:
    return read_metadata(lines, find_sections(strip_chrome(lines)))


# ---------------------------------------------------------------- crawler and collector header blocks
CRAWL = [
    "标题: 城关区2024年度政府信息公开工作年度报告",
    "发布时间: 2025-01-20 10:15",
    "文号: ",
    "发布机构: ",
    "栏目: 政府信息公开年报",
    "原文链接: https://www.example.gov.cn/zwgk/ndbg/202501/t20250120_1.htm",
    "采集时间：2025-12-30T21:37:37+08:00",
    "==================== 正文 ====================",
    *BODY,
]


def test_crawler_header_is_metadata_never_the_agency():
    meta = meta_of(CRAWL)
    assert meta["agency_name"] == "城关区"
    assert meta["agency_name_source"] == "title"
    assert meta["title"] == "城关区2024年度政府信息公开工作年度报告"
    assert (meta["publication_date"], meta["publication_date_raw"], meta["publication_date_source"]) == (
        "2025-01-20",
        "发布时间: 2025-01-20 10:15",
        "chrome",
    )
    assert meta["report_year"] == 2024
    assert meta["source_url"] == "https://www.example.gov.cn/zwgk/ndbg/202501/t20250120_1.htm"


def test_header_block_lines_are_chrome_and_blanked_for_the_body():
    chrome = chrome_lines(CRAWL)
    assert [i for i, kind in chrome.items() if kind == "header"] == list(range(8))
    assert all(not line for line in strip_chrome(CRAWL)[:8])


def test_full_width_colons_and_a_saved_title_line_first():
    lines = [
        "城关区2024年度政府信息公开工作年度报告-城关区人民政府",
        "标题：城关区2024年度政府信息公开工作年度报告",
        "单位：城关区人民政府",
        "来源：http://www.example.gov.cn/a.shtml",
        *BODY,
    ]
    assert header_block(lines) == [1, 2, 3]
    meta = meta_of(lines)
    assert meta["agency_name"] in ("城关区", "城关区人民政府")
    assert meta["title"] == "城关区2024年度政府信息公开工作年度报告"


def test_collection_time_is_never_the_publication_date():
    lines = [
        "标题: 城关区2024年度政府信息公开工作年度报告",
        "栏目: 年报",
        "采集时间: 2025-12-30 21:37",
        "=====",
        *BODY,
    ]
    meta = meta_of(lines)
    assert meta["publication_date"] is None


def test_key_value_lines_in_the_body_are_not_a_header():
    # `单位：万元` in a table and a heading with a colon are body lines, not a crawler's header
    lines = [*BODY, "单位：万元", "类别：行政事业性收费", "本年收费金额：18651.06"]
    assert header_block(lines) == []
    assert not any(kind == "header" for kind in chrome_lines(lines).values())


def test_one_key_value_line_is_not_a_block():
    lines = ["说明：本页为测试页", *BODY]
    assert header_block(lines) == []


# ---------------------------------------------------------------- label-only values
def test_a_label_only_value_is_never_a_name():
    lines = ["栏目:", "发布机构:", "栏目: 政府信息公开年报", "=====", *BODY]
    meta = meta_of(lines)
    assert meta["agency_name"] is None or ":" not in meta["agency_name"]
    assert meta["agency_name"] not in ("栏目", "栏目:", "发布机构")
    # without the header block the column line is still never a title with agency `栏目:`
    meta = meta_of(["栏目: 政府信息公开年报", *BODY])
    assert meta["agency_name"] != "栏目:"


# ---------------------------------------------------------------- CMS title suffixes
@pytest.mark.parametrize(
    ("line", "title", "site"),
    [
        (
            "城关区2024年度政府信息公开工作年度报告_政府信息公开年报_城关区人民政府",
            "城关区2024年度政府信息公开工作年度报告",
            "城关区人民政府",
        ),
        (
            "城关区2024年度政府信息公开工作年度报告 | 城关区人民政府",
            "城关区2024年度政府信息公开工作年度报告",
            "城关区人民政府",
        ),
        ("城关区2024年度政府信息公开工作年度报告 - 政务公开", "城关区2024年度政府信息公开工作年度报告", None),
        (
            "城关区2024年度政府信息公开工作年度报告－城关区人民政府门户网站",
            "城关区2024年度政府信息公开工作年度报告",
            None,
        ),
    ],
)
def test_cms_title_suffix_is_cut(line, title, site):
    meta = meta_of([line, *BODY])
    assert meta["title"] == title
    assert meta["agency_name"] in ("城关区", "城关区人民政府")
    if site:
        assert site in [meta["agency_name"], *meta["agency_aliases"]]


def test_agency_before_a_cms_separator_belongs_to_the_title():
    meta = meta_of(["城关区人民政府-2024年政府信息公开工作年度报告", *BODY])
    assert meta["agency_name"] == "城关区人民政府"
    assert meta["report_year"] == 2024


def test_a_hyphen_between_digits_is_not_a_separator():
    meta = meta_of(["城关区政府信息公开工作年度报告（2023-2024）", *BODY])
    assert meta["title"] == "城关区政府信息公开工作年度报告（2023-2024）"


def test_title_wrapped_forward():
    meta = meta_of(["正文", "2024 年城关区教育局政府信息公开工作", "年度报告", *BODY])
    assert meta["agency_name"] == "城关区教育局"
    assert meta["agency_name_source"] == "title"


# ---------------------------------------------------------------- misspelt places
def test_ocr_misspelt_county_is_kept_with_the_gazetteer_spelling_as_alias():
    lines = [
        "# 沐阳县人民政府 2025 年 政府信息公开工作年度报告",
        "",
        *BODY,
        "沐阳县人民政府",
        "2026年1月23日",
    ]
    meta = meta_of(lines)
    assert meta["agency_name"] == "沐阳县人民政府"  # as printed
    assert "沭阳县人民政府" in meta["agency_aliases"]
    assert meta["agency_name_inferred"] == "沭阳县人民政府"
    assert meta["region"]["county"] == "沐阳县"  # the text says 沐阳
    assert (
        meta["region_inferred"]["county"],
        meta["region_inferred"]["city"],
        meta["region_inferred"]["code"],
    ) == ("沭阳县", "宿迁市", "321322")
    assert "place_name_corrected" in [i["code"] for i in meta["issues"]]


def test_a_correct_or_unknown_place_gets_no_correction():
    for name in ("沭阳县人民政府", "测试县人民政府"):
        meta = meta_of([f"{name}2025年政府信息公开工作年度报告", *BODY])
        assert meta["agency_name"] == name
        assert not any(a != name and a.endswith("县人民政府") for a in meta["agency_aliases"])
        assert not any(i["code"] == "place_name_corrected" for i in meta["issues"])


# ---------------------------------------------------------------- publisher names
def test_publisher_office_is_an_alias_and_another_place_is_not():
    lines = [
        "标题: 城关区2024年度政府信息公开工作年度报告",
        "发布机构: 城关区人民政府办公室",
        "栏目: 年报",
        "=====",
        "本报告由城关区人民政府办公室编制。本报告所列数据统计期限为2024年1月1日至2024年12月31日。",
        *BODY[1:],
    ]
    meta = meta_of(lines)
    assert meta["agency_name"] in ("城关区", "城关区人民政府")
    assert meta["agency_name_source"] == "title"
    assert "城关区人民政府办公室" in meta["agency_aliases"]
    lines[1] = "发布机构: 七里河区人民政府办公室"
    meta = meta_of(lines)
    assert "七里河区人民政府办公室" not in meta["agency_aliases"]


# ---------------------------------------------------------------- agency_name_source lands
def test_agency_name_source_lands_in_raw_documents(warehouse):
    rec = parse_bytes("\n".join(CRAWL).encode("utf-8"), "crawl.txt")
    assert rec["agency_name_source"] == "title"
    con = duckdb.connect(str(warehouse))
    ensure_schema(con)
    land(con, [rec])
    assert con.execute(
        "select agency_name, agency_name_source, source_url from raw.documents"
    ).fetchall() == [("城关区", "title", "https://www.example.gov.cn/zwgk/ndbg/202501/t20250120_1.htm")]


def test_an_older_warehouse_gains_the_column(warehouse):
    con = duckdb.connect(str(warehouse))
    ensure_schema(con)
    con.execute("alter table raw.documents drop column agency_name_source")
    ensure_schema(con)
    land(con, [parse_bytes("\n".join(CRAWL).encode("utf-8"), "crawl.txt")])
    assert con.execute("select agency_name_source from raw.documents").fetchall() == [("title",)]


# ---------------------------------------------------------------- the real documents
READABLE_AS_TEXT = (".txt", ".md", ".html")


def test_agency_and_year_right_on_every_real_document_read(realworld_dir):
    # every text and HTML document; PDFs and Word files too once a reader reads them (a layout is found)
    scorer = load_realworld_scorer()
    scores = scorer.score_folder(realworld_dir)
    read = {name: s for name, s in scores.items() if name.endswith(READABLE_AS_TEXT) or s["got"]["layout"]}
    assert len(read) >= 7
    wrong = {name: s["got"] for name, s in read.items() if not (s["meta"]["agency"] and s["meta"]["year"])}
    assert not wrong, wrong


def test_real_crawler_pages_name_the_agency_not_the_column(realworld_dir):
    from extract.parse import parse_file

    for name in ("pingtan_2022_flattened.txt", "pingtan_2024_flattened.txt", "pingtan_2024_word_cms.html"):
        rec = parse_file(realworld_dir / "docs" / name)
        assert rec["agency_name"] == "平潭综合实验区", name
        assert rec["publication_date"] in ("2023-02-20", "2025-03-10"), name
    rec = parse_file(realworld_dir / "docs" / "shuyang_county_2025_ocr2md.txt")
    assert (rec["agency_name"], rec["agency_name_inferred"]) == ("沐阳县人民政府", "沭阳县人民政府")
    assert "沭阳县人民政府" in rec["agency_aliases"]


# ---------------------------------------------------------------- names the gazetteer cannot place
def test_a_department_abbreviation_is_spelt_out_as_the_inferred_name():
    meta = meta_of(
        ["2024 年上海市科委政府信息公开工作年度报告", *BODY, "市科委推进政务公开，市科委认真办理申请。"]
    )
    assert (meta["agency_name"], meta["agency_name_inferred"]) == ("上海市科委", "上海市科学技术委员会")
    assert meta["agency_aliases"] == ["市科委"]
    # extraction spaces next to 汉字 dropped
    assert meta["title"] == "2024年上海市科委政府信息公开工作年度报告"
    # several formal names: none inferred
    meta = meta_of(["上海市文广旅局2024年政府信息公开工作年度报告", *BODY])
    assert meta["agency_name_inferred"] is None


def test_an_unknown_place_named_alone_is_a_region_not_a_department():
    meta = meta_of(["测试市2025年政府信息公开工作年度报告", *BODY])
    assert (meta["agency_name"], meta["agency_level"]) == ("测试市", "city")
    assert meta["region"]["city"] == "测试市"
    meta = meta_of(["示范实验区2025年政府信息公开工作年度报告", *BODY])  # a 区 may be a district or a zone
    assert meta["agency_level"] is None
    assert not any(meta["region"].values())


@pytest.mark.parametrize(
    "header",
    [
        [
            "---",
            "title: 城关区2024年度政府信息公开工作年度报告",
            "url: https://x.gov.cn/a.htm",
            "date: 2025-01-20",
            "---",
        ],
        [
            "**标题：** 城关区2024年度政府信息公开工作年度报告",
            "**发布时间**：2025-01-20",
            "**原文链接：** https://x.gov.cn/a.htm",
        ],
        [
            "- 标题: 城关区2024年度政府信息公开工作年度报告",
            "- 发布时间: 2025-01-20",
            "- 原文链接: https://x.gov.cn/a.htm",
        ],
        [
            "Title: 城关区2024年度政府信息公开工作年度报告",
            "Published: 2025-01-20",
            "Source: https://x.gov.cn/a.htm",
            "Crawled: 2025-12-30",
        ],
    ],
    ids=["yaml_front_matter", "markdown_bold", "markdown_bullets", "english_keys"],
)
def test_header_blocks_as_converters_and_crawlers_write_them(header):
    lines = [*header, "", *BODY]
    assert header_block(lines) == list(range(len(header)))
    meta = meta_of(lines)
    assert (meta["agency_name"], meta["report_year"]) == ("城关区", 2024)
    assert (meta["publication_date"], meta["source_url"]) == ("2025-01-20", "https://x.gov.cn/a.htm")


def test_a_department_takes_its_own_abbreviation_not_another_body_of_its_place():
    lines = [
        "标题：城关区发展和改革局2024年政府信息公开年度报告-城关区发改局",
        "单位：城关区发改局",
        "来源：城关区人民政府办公室",
        "采集时间：2025-12-30T21:37:37+08:00",
        *BODY,
    ]
    meta = meta_of(lines)
    assert meta["agency_name"] == "城关区发展和改革局"
    assert "城关区发改局" in meta["agency_aliases"]
    assert "城关区人民政府办公室" not in meta["agency_aliases"]
    assert meta["publication_date"] is None  # 采集时间 only


def test_an_office_is_no_alias_of_an_agency_of_unknown_level():
    # the office publishes reports of its own; only a known level tells the agency identity the two apart
    lines = [
        "标题: 示范实验区2024年度政府信息公开工作年度报告",
        "发布机构: 示范实验区管委会办公室",
        "栏目: 年报",
        "=====",
        *BODY,
    ]
    meta = meta_of(lines)
    assert (meta["agency_name"], meta["agency_level"]) == ("示范实验区", None)
    assert "示范实验区管委会办公室" not in meta["agency_aliases"]
