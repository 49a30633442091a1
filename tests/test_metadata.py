"""Metadata (REPORTS.md §8.7) on the seeds and on real-looking pages of other shapes, asserted exactly."""

from __future__ import annotations

import pytest

from extract.chrome import strip_chrome
from extract.metadata import DATE, parse_date, read_metadata
from extract.parse import parse_file
from extract.sections import find_sections
from tests.conftest import FIXTURES, SAMPLES, SEED_NAMES, load_ground_truth

DOCS = FIXTURES / "documents"


def meta_of(lines: list[str]) -> dict:
    return read_metadata(lines, find_sections(strip_chrome(lines)))


# ---------------------------------------------------------------- the seeds (§10)
SEED_SOURCES = {
    "000_6c1b3e97f3cda656": ("title", "chrome", "时间:2025-01-22", "title"),
    "001_15cf22d5a5bab8ab": ("statistics_period", None, None, "preamble"),
    "002_72b5106183aba5ae": ("statistics_period", None, None, "preamble"),
    "003_de385e6a7bd35784": ("statistics_period", "chrome", "发布日期:2025-02-05 09:24", "title"),
    "004_8cf4eacbad86ba13": ("work_plan", "signature", "2020年1月", "narrative"),
}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_metadata(name):
    truth = load_ground_truth(name)
    meta = meta_of((SAMPLES / f"{name}.txt").read_text(encoding="utf-8").splitlines())
    assert meta["agency_name"] in {truth["agency_name"], *truth["agency_aliases"]}
    assert meta["agency_level"] == truth["agency_level"]
    assert meta["report_year"] == truth["report_year"]
    assert meta["publication_date"] == truth["publication_date"]
    assert meta["region"] == truth["region"]
    for level, value in truth["region_inferred"].items():
        assert meta["region_inferred"][level] == value
    year_src, pub_src, pub_raw, agency_src = SEED_SOURCES[name]
    assert (meta["report_year_source"], meta["publication_date_source"], meta["publication_date_raw"]) == (
        year_src,
        pub_src,
        pub_raw,
    )
    assert meta["agency_name_source"] == agency_src


def test_seed_aliases_are_verbatim_and_not_generic():
    meta = meta_of((SAMPLES / "003_de385e6a7bd35784.txt").read_text(encoding="utf-8").splitlines())
    assert meta["agency_name"] == "定西市安定区人民政府"
    assert meta["agency_aliases"] == ["定西市安定区", "安定区人民政府", "安定区"]
    meta = meta_of((SAMPLES / "000_6c1b3e97f3cda656.txt").read_text(encoding="utf-8").splitlines())
    assert meta["agency_aliases"] == ["长征街街道"]  # 我街道 is generic, never an alias
    meta = meta_of((SAMPLES / "004_8cf4eacbad86ba13.txt").read_text(encoding="utf-8").splitlines())
    assert (meta["agency_name"], meta["agency_name_inferred"]) == ("东里街道", "东里街道办事处")
    assert meta["region_inferred"]["ambiguous"]  # 桥西区: 石家庄, 张家口, 邢台


def test_seed_title():
    meta = meta_of((SAMPLES / "000_6c1b3e97f3cda656.txt").read_text(encoding="utf-8").splitlines())
    assert meta["title"] == "忻府区长征街街道办事处2024年政府信息公开工作年度报告"
    meta = meta_of((SAMPLES / "001_15cf22d5a5bab8ab.txt").read_text(encoding="utf-8").splitlines())
    assert meta["title"] is None  # body-only extract; the cited 2022 report title is a trap


# ---------------------------------------------------------------- fixtures of other shapes
EXPECTED = {
    "dept_infobox_fullwidth.txt": {
        "title": "南京市生态环境局2024年政府信息公开工作年度报告",
        "agency_name": "南京市生态环境局",
        "agency_aliases": [],
        "agency_level": "department",
        "report_year": 2024,
        "report_year_source": "statistics_period",
        "publication_date": "2025-01-24",
        "publication_date_raw": "发布日期：2025-01-24",
        "publication_date_source": "chrome",
        "region": {"province": "江苏省", "city": "南京市", "county": None, "township": None},
        "region_inferred": {"code": "320100"},
    },
    "county_title_block.txt": {
        "title": "2024年沭阳县政府信息公开工作年度报告",
        "agency_name": "沭阳县人民政府",
        "agency_aliases": ["沭阳县", "沭阳县人民政府办公室"],
        "agency_level": "county",
        "report_year": 2024,
        "report_year_source": "statistics_period",
        "publication_date": "2025-03-20",
        "publication_date_raw": "（2025年3月20日）",
        "publication_date_source": "title_block",
        "region": {"province": None, "city": "宿迁市", "county": "沭阳县", "township": None},
        "region_inferred": {"province": "江苏省", "code": "321322"},
    },
    "township_cn_numeral_date.txt": {
        "title": None,
        "agency_name": "丽水市莲都区碧湖镇人民政府",
        "agency_aliases": ["丽水市莲都区碧湖镇", "莲都区碧湖镇", "碧湖镇人民政府", "碧湖镇"],
        "agency_level": "township",
        "report_year": 2024,
        "report_year_source": "preamble",
        "publication_date": "2025-01-20",
        "publication_date_raw": "二〇二五年一月二十日",
        "publication_date_source": "signature",
        "region": {"province": None, "city": "丽水市", "county": "莲都区", "township": "碧湖镇"},
        "region_inferred": {"province": "浙江省", "code": "331102"},
    },
    "traditional_mirror.txt": {
        "title": "武汉市生态环境局2020年政府信息公开工作年度报告",
        "agency_name": "武汉市生态环境局",
        "agency_aliases": [],
        "agency_level": "department",
        "report_year": 2020,
        "report_year_source": "statistics_period",
        "publication_date": "2021-01-29",
        "publication_date_raw": "发布时间：2021-01-29 10:18",
        "publication_date_source": "chrome",
        "region": {"province": "湖北省", "city": "武汉市", "county": None, "township": None},
        "region_inferred": {"code": "420100"},
    },
    "township_page.html": {
        "title": "深圳市龙华区民治街道办事处2024年度政府信息公开工作报告",
        "agency_name": "深圳市龙华区民治街道办事处",
        "agency_aliases": ["民治街道办事处", "民治街道"],
        "agency_level": "township",
        "report_year": 2024,
        "report_year_source": "statistics_period",
        "publication_date": "2025-01-15",
        "publication_date_raw": "发布日期： 2025-01-15",
        "publication_date_source": "chrome",
        "region": {"province": "广东省", "city": "深圳市", "county": "龙华区", "township": "民治街道"},
        "region_inferred": {"code": "440300"},
    },
    "images_only.txt": {
        "title": "滨州市沾化区2024年政府信息公开工作年度报告",
        "agency_name": "沾化区人民政府",
        "agency_aliases": ["沾化区", "滨州市沾化区"],
        "agency_level": "county",
        "report_year": 2024,
        "report_year_source": "title",
        "publication_date": None,
        "publication_date_raw": None,
        "publication_date_source": None,
        "region": {"province": None, "city": "滨州市", "county": "沾化区", "township": None},
        "region_inferred": {"province": "山东省", "code": "371603"},
    },
}
EXPECTED["county_title_block.gbk.txt"] = EXPECTED["county_title_block.txt"]
# converted to Simplified before parsing, so names and raw texts come out in Simplified script
EXPECTED["dept_traditional.big5.txt"] = EXPECTED["dept_infobox_fullwidth.txt"]
EXPECTED["pdf_layout.txt"] = {
    "title": "威海市文登区信访局2022年政府信息公开工作年度报告",
    "agency_name": "威海市文登区信访局",
    "agency_aliases": ["区信访局"],
    "agency_level": "department",
    "report_year": 2022,
    "report_year_source": "statistics_period",
    "publication_date": "2023-01-18",
    "publication_date_raw": "2023 年 1 月 18 日",
    "publication_date_source": "signature",
    "region": {"province": None, "city": "威海市", "county": "文登区", "township": None},
    "region_inferred": {"province": "山东省", "code": "371003"},
}
EXPECTED["markdown_dump.md"] = {
    "title": "沭阳县人民政府2025年政府信息公开工作年度报告",
    "agency_name": "沭阳县人民政府",
    "agency_aliases": [],
    "agency_level": "county",
    "report_year": 2025,
    "report_year_source": "title",
    "publication_date": "2026-01-23",
    "publication_date_raw": "（2026年1月23日）",
    "publication_date_source": "title_block",
    "region": {"province": None, "city": None, "county": "沭阳县", "township": None},
    "region_inferred": {"province": "江苏省", "city": "宿迁市", "code": "321322"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_document_metadata_exactly(name):
    rec = parse_file(DOCS / name)
    assert rec["is_report"] is True
    got = {k: rec[k] for k in EXPECTED[name]}
    assert got == EXPECTED[name]


def test_gbk_fixture_is_really_gbk():
    rec = parse_file(DOCS / "county_title_block.gbk.txt")
    assert rec["encoding"] == "gb18030"


# ---------------------------------------------------------------- focused rules
@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2025-01-22", "2025-01-22"),
        ("2025/1/5", "2025-01-05"),
        ("2025.01.05", "2025-01-05"),
        ("2025年1月22日", "2025-01-22"),
        ("2025年01月02日", "2025-01-02"),
        ("2020年1月", "2020-01"),
        ("二〇二五年一月二十日", "2025-01-20"),
        ("二○二四年十二月三十一日", "2024-12-31"),
        ("二〇二五年二月", "2025-02"),
        ("２０２５年１月２２日", "2025-01-22"),
        ("2025-02-30", None),
    ],
)
def test_date_formats(text, iso):
    m = DATE.search(text)
    assert m is not None
    assert parse_date(m) == iso


def _doc(*body: str) -> list[str]:
    return [*body]


def test_js_today_widget_is_not_a_publication_date():
    meta = meta_of(
        _doc(
            "2025年12月30日 星期二",
            "某县2024年政府信息公开工作年度报告",
            "一、总体情况",
            "2024年，某县扎实推进政务公开。",
            "六、其他需要报告的事项",
            "无。",
        )
    )
    assert meta["publication_date"] is None


def test_drafting_date_is_used_only_when_nothing_else():
    lines = _doc(
        "成文日期：2025-01-10",
        "发布日期：2025-01-15",
        "临泽县2024年政府信息公开工作年度报告",
        "一、总体情况",
        "2024年，临泽县人民政府扎实推进政务公开。",
    )
    assert meta_of(lines)["publication_date"] == "2025-01-15"
    lines = _doc(
        "成文日期：2025-01-10",
        "临泽县2024年政府信息公开工作年度报告",
        "一、总体情况",
        "2024年，临泽县人民政府扎实推进政务公开。",
    )
    meta = meta_of(lines)
    assert (meta["publication_date"], meta["publication_date_source"]) == ("2025-01-10", "infobox")


def test_year_traps_previous_report_final_accounts_and_plans():
    lines = _doc(
        "一、总体情况",
        "依法公开《前进街道2022年度政府信息公开工作年度报告》、《前进街道2022年度决算》等信息。",
        "2025年，我们将继续推进政务公开。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
        "无。",
        "前进街道办事处",
        "2024年1月20日",
    )
    meta = meta_of(lines)
    assert (meta["report_year"], meta["report_year_source"]) == (2023, "publication_date")


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("忻府区长征街街道办事处2024年政府信息公开工作年度报告", "忻府区长征街街道办事处", 2024),
        ("2019年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅", 2019),
        ("深圳市龙华区民治街道办事处2024年度政府信息公开工作报告", "深圳市龙华区民治街道办事处", 2024),
        ("沭阳县发展和改革局2023年政府信息公开年度报告", "沭阳县发展和改革局", 2023),
        ("深圳市龙华区市场监督管理局2023年信息公开年度报告", "深圳市龙华区市场监督管理局", 2023),
        ("临泽县人民政府2024年政府信息公开工作年度报告", "临泽县人民政府", 2024),
    ],
)
def test_title_patterns(title, agency, year):
    meta = meta_of([title, "一、总体情况", "本年度扎实推进政务公开。"])
    assert (meta["title"], meta["agency_name"], meta["report_year"]) == (title, agency, year)


def test_generic_self_references_are_never_names():
    meta = meta_of(
        [
            "一、总体情况",
            "我局坚持公开为常态。本机关全年未收到申请。我办继续推进。",
            "二、主动公开政府信息情况",
            "六、其他需要报告的事项",
            "无。",
        ]
    )
    assert meta["agency_name"] is None
    assert any(i["code"] == "agency_not_found" for i in meta["issues"])


def test_office_does_not_absorb_the_government():
    meta = meta_of(
        [
            "2024年平江县政府信息公开工作年度报告",
            "本报告由平江县人民政府办公室编制。",
            "一、总体情况",
            "2024年，平江县人民政府持续深化政务公开。",
        ]
    )
    assert meta["agency_name"] == "平江县人民政府"
    assert meta["agency_level"] == "county"


def test_platform_name_gives_the_province_phone_code_does_not():
    meta = meta_of(
        [
            "由包头市昆都仑区前进道街道办事处编制。联系电话：0472-1234567。",
            "一、总体情况",
            "未收到群众通过内蒙古自治区依申请公开平台提出的申请。",
        ]
    )
    assert meta["region"]["province"] == "内蒙古自治区"
    meta = meta_of(
        ["由包头市昆都仑区前进道街道办事处编制。联系电话：0472-1234567。", "一、总体情况", "未收到申请。"]
    )
    assert meta["region"]["province"] is None
    assert meta["region_inferred"]["province"] == "内蒙古自治区"


def test_municipality_is_province_and_city():
    meta = meta_of(
        ["北京市朝阳区人民政府2024年政府信息公开工作年度报告", "一、总体情况", "2024年，朝阳区持续推进。"]
    )
    assert meta["region"] == {"province": "北京市", "city": "北京市", "county": "朝阳区", "township": None}
    assert meta["agency_level"] == "county"
    assert meta["region_inferred"]["code"] == "110105"


def test_title_wrapped_over_two_lines_and_spaced_letters():
    meta = meta_of(
        [
            "南 京 市 江 宁 区 人 民 政 府",
            "2024年政府信息公开工作年度报告",
            "一、总体情况",
            "2024年，全区推进。",
        ]
    )
    assert meta["agency_name"] == "南京市江宁区人民政府"
    assert meta["report_year"] == 2024


def test_year_after_the_words_of_the_title():
    meta = meta_of(["南京市江宁区人民政府政府信息公开工作2024年度报告", "一、总体情况", "正文"])
    assert (meta["agency_name"], meta["report_year"]) == ("南京市江宁区人民政府", 2024)


def test_today_widget_with_a_prefix_is_chrome():
    meta = meta_of(
        ["今天是：2025年12月30日 星期二", "某县2024年政府信息公开工作年度报告", "一、总体情况", "正文。"]
    )
    assert meta["publication_date"] is None


def test_place_inside_a_vertical_agency_name():
    meta = meta_of(["国家税务总局南京市税务局2024年政府信息公开工作年度报告", "一、总体情况", "正文。"])
    assert meta["agency_level"] == "department"
    assert meta["region"]["city"] == "南京市"


def test_county_level_city():
    meta = meta_of(
        ["大冶市人民政府2024年政府信息公开工作年度报告", "一、总体情况", "根据黄石市部署，大冶市推进公开。"]
    )
    assert meta["agency_level"] == "county"
    assert meta["region"] == {"province": None, "city": "黄石市", "county": "大冶市", "township": None}
    assert meta["region_inferred"]["province"] == "湖北省"


def test_publish_label_beats_update_time_and_date_prefixed_meta_lines():
    lines = [
        "某县2024年政府信息公开工作年度报告",
        "更新时间：2025-03-02",
        "发布时间：2025-01-21 09:00",
        "一、总体情况",
        "正文。",
    ]
    assert meta_of(lines)["publication_date"] == "2025-01-21"
    lines = [
        "某县2024年政府信息公开工作年度报告",
        "2025-01-23 10:18 来源：某县人民政府办公室",
        "一、总体情况",
        "正文。",
    ]
    meta = meta_of(lines)
    assert (meta["publication_date"], meta["publication_date_source"]) == ("2025-01-23", "chrome")


def test_html_pubdate_meta_when_the_page_prints_no_date():
    from extract.parse import parse_bytes

    html = (
        '<html><head><meta name="PubDate" content="2025-01-27 16:41"><title>t</title></head><body>'
        "<h1>临泽县2024年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>2024年，临泽县人民政府推进公开。</p>"
        "<p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p>"
        "<p>六、其他需要报告的事项</p><p>无。</p></body></html>"
    )
    rec = parse_bytes(html.encode(), "p.html")
    assert (rec["publication_date"], rec["publication_date_raw"]) == (
        "2025-01-27",
        "PubDate=2025-01-27 16:41",
    )


def test_form_feeds_do_not_shift_line_numbers():
    rec = parse_file(DOCS / "pdf_layout.txt")
    assert [rec["sections"][k]["line"] for k in rec["sections"]] == [7, 11, 13, 15, 17, 19]


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        (
            "2024年度杭州市西湖区政府信息公开工作年度报告",
            "杭州市西湖区",
        ),  # not 杭州市西湖区政府 (title words)
        ("2024年临泽县人民政府信息公开工作年度报告", "临泽县人民政府"),
    ],
)
def test_government_words_of_the_title_are_not_the_name(title, agency):
    assert meta_of([title, "一、总体情况", "正文。"])["agency_name"] == agency


def test_info_table_without_colons():
    lines = [
        "索引号 | 11320100MB1234567X/2025-00012 | 发布机构 | 临泽县人民政府 |",
        "发布日期 | 2025-01-26 | 主题分类 | 政务公开 |",
        "临泽县2024年政府信息公开工作年度报告",
        "一、总体情况",
        "正文。",
    ]
    meta = meta_of(lines)
    assert (meta["publication_date"], meta["publication_date_raw"]) == ("2025-01-26", "发布日期 2025-01-26")


def test_body_only_county_extract_names_its_government():
    lines = [
        "一、总体情况",
        "2024年，定西市安定区人民政府坚持公开为常态。安定区人民政府全年主动公开信息。",
        "指导凤翔镇、内官营镇做好基层公开，凤翔镇公开村务信息。",
        "二、主动公开政府信息情况",
        "六、其他需要报告的事项",
        "无。",
    ]
    meta = meta_of(lines)
    assert (meta["agency_name"], meta["agency_name_source"], meta["agency_level"]) == (
        "定西市安定区人民政府",
        "narrative",
        "county",
    )


def test_prose_words_are_not_counties():
    lines = [
        "一、总体情况",
        "2024年，东里街道推进城区更新、创新县域经济。城区改造持续推进，城区环境改善。",
        "东里街道在桥西区政府网站公开信息，东里街道办事处持续推进。",
        "二、主动公开政府信息情况",
        "六、其他需要报告的事项",
        "无。",
    ]
    meta = meta_of(lines)
    assert meta["agency_name"] == "东里街道办事处"
    assert meta["region"]["county"] == "桥西区"


def test_title_year_against_statistics_period():
    meta = meta_of(
        [
            "某县2023年政府信息公开工作年度报告",
            "本报告统计期限为2024年1月1日至2024年12月31日。",
            "一、总体情况",
            "正文。",
        ]
    )
    assert meta["report_year"] == 2024
    assert [i["code"] for i in meta["issues"]] == ["report_year_conflict"]


def test_title_block_date_under_a_repeated_title():
    from extract.parse import parse_bytes

    html = (
        "<html><head><title>沭阳县人民政府2025年政府信息公开工作年度报告_沭阳县人民政府</title></head><body>"
        "<div>首页</div><div>政务公开</div><div>年度报告</div><div>网站地图</div>"
        "<h1>沭阳县人民政府2025年政府信息公开工作年度报告</h1><p>（2026年1月23日）</p>"
        "<p>一、总体情况</p><p>2025年，沭阳县人民政府推进公开。</p></body></html>"
    )
    rec = parse_bytes(html.encode(), "p.html")
    assert (rec["publication_date"], rec["publication_date_source"]) == ("2026-01-23", "title_block")
    assert rec["title"] == "沭阳县人民政府2025年政府信息公开工作年度报告"


def test_preamble_name_without_a_place_keeps_only_the_name():
    meta = meta_of(["根据条例要求市生态环境局编制本报告。", "一、总体情况", "正文。"])
    assert meta["agency_name"] == "市生态环境局"


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("临泽县人民政府关于2024年政府信息公开工作年度报告", "临泽县人民政府", 2024),
        ("临泽县人民政府政府信息公开工作年度报告（2024年度）", "临泽县人民政府", 2024),
    ],
)
def test_more_title_shapes(title, agency, year):
    meta = meta_of([title, "一、总体情况", "正文。"])
    assert (meta["agency_name"], meta["report_year"]) == (agency, year)


def test_agency_without_a_place_takes_the_page_place():
    lines = [
        "湖州市人民政府 湖州市人民政府门户网站",
        "市生态环境局2024年政府信息公开工作年度报告",
        "一、总体情况",
        "2024年，市生态环境局推进公开。",
    ]
    meta = meta_of(lines)
    assert meta["agency_name"] == "市生态环境局"
    assert meta["region"]["city"] == "湖州市"
    assert meta["region_inferred"]["province"] == "浙江省"


def test_title_wrapped_after_the_year_and_title_with_inline_date():
    meta = meta_of(["临泽县人民政府2024年度", "政府信息公开工作年度报告", "一、总体情况", "正文。"])
    assert (meta["agency_name"], meta["report_year"]) == ("临泽县人民政府", 2024)
    meta = meta_of(["临泽县2024年政府信息公开工作年度报告 发布时间：2025-01-20", "一、总体情况", "正文。"])
    assert meta["title"] == "临泽县2024年政府信息公开工作年度报告"


def test_publish_label_on_the_title_line():
    meta = meta_of(["临泽县2024年政府信息公开工作年度报告 发布时间：2025-01-20", "一、总体情况", "正文。"])
    assert (meta["publication_date"], meta["publication_date_raw"]) == ("2025-01-20", "发布时间：2025-01-20")


def test_cross_checks_on_publication_and_template():
    from extract.parse import cross_checks

    codes = lambda rec: [(i["severity"], i["code"]) for i in cross_checks(rec)]  # noqa: E731
    assert codes({"report_year": 2020, "template": "v2019", "publication_date": "2020-01"}) == [
        ("warning", "publication_before_period_end")
    ]
    assert codes({"report_year": 2023, "template": "v2021", "publication_date": "2024-06-10"}) == [
        ("warning", "late_publication")
    ]
    assert codes({"report_year": 2022, "template": "v2019", "publication_date": "2023-01-20"}) == [
        ("warning", "template_year_mismatch")
    ]
    assert codes({"report_year": 2024, "template": "v2021", "publication_date": "2025-03-31"}) == []


def test_traditional_big5_mirror_reads_its_tables_too():
    rec = parse_file(DOCS / "dept_traditional.big5.txt")
    assert rec["encoding"] == "big5"
    assert rec["template"] == "v2021"
    assert rec["t3"]["new_received"] == [35, 2, 0, 0, 1, 0, 38]
    assert "traditional_script" in [i["code"] for i in rec["issues"]]


def test_footer_lines_are_chrome():
    from extract.chrome import chrome_lines

    lines = [
        "一、总体情况",
        "正文。",
        "主办：临泽县人民政府办公室　承办：临泽县大数据中心",
        "联系我们 网站地图 网站声明",
        "网站标识码：6207230001　甘ICP备05000001号",
    ]
    assert sorted(chrome_lines(lines)) == [2, 3, 4]


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        ("贵港市财政局2023年度政府信息公开工作报告", "贵港市财政局"),
        ("贵州省司法厅2022年政府信息公开工作年度报告", "贵州省司法厅"),
        ("本溪市生态环境局2024年政府信息公开工作年度报告", "本溪市生态环境局"),
        ("全椒县人民政府2021年政府信息公开工作年度报告", "全椒县人民政府"),
    ],
)
def test_places_starting_like_self_references_are_names(title, agency):
    lines = [title, "", "一、总体情况", "2023年，我局坚持依法公开。"]
    assert read_metadata(lines, find_sections(lines))["agency_name"] == agency


@pytest.mark.parametrize(
    "title", ["本局2023年政府信息公开工作年度报告", "我办2023年政府信息公开工作年度报告"]
)
def test_generic_self_reference_in_a_title_is_not_a_name(title):
    lines = [title, "", "一、总体情况", "2023年，我局坚持依法公开。"]
    assert read_metadata(lines, find_sections(lines))["agency_name"] is None
