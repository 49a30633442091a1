"""The renderer draws the template faithfully in every layout (REPORTS.md §8.1): structural properties
checked against the spec and the template seeds, never whole outputs."""

from __future__ import annotations

import random
import re

import pytest

from extract.normalize import norm
from extract.template import load_sections, load_template
from synth.render import LAYOUTS, TEXT_LAYOUTS, Style, render

HEADINGS = [s["heading_zh"] for s in sorted(load_sections(), key=lambda s: int(s["section_order"]))]


def make_record(version: str = "v2021", fill: int | None = 0) -> dict:
    tpl = load_template(version)
    t2: dict = {}
    for c in tpl.t2_cells:
        t2.setdefault(c.row_key, {})[c.col_key] = fill
    t3 = {r.key: [fill] * 7 for r in tpl.t3_data_rows}
    if fill == 0:
        t3["new_received"] = [5, 1, 0, 0, 0, 0, 6]
        t3["granted"] = [4, 1, 0, 0, 0, 0, 5]
        t3["results_total"] = [4, 1, 0, 0, 0, 0, 5]
        t3["carried_forward"] = [1, 0, 0, 0, 0, 0, 1]
    return {
        "template": version,
        "agency_name": "通化市二道江区铁厂镇人民政府",
        "agency_aliases": ["铁厂镇"],
        "report_year": 2024 if version == "v2021" else 2020,
        "publication_date": "2025-01-20",
        "title": "通化市二道江区铁厂镇人民政府2024年政府信息公开工作年度报告",
        "region": {"province": "吉林省", "city": "通化市", "county": "二道江区", "township": "铁厂镇"},
        "t2": t2,
        "t3": t3,
        "t4": [0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0] if fill == 0 else [fill] * 15,
    }


def table_regions(text: str) -> dict[str, list[str]]:
    """Lines of tables 二, 三, 四: between the headings of sections 2-3, 3-4 and 4-5."""
    lines = text.splitlines()
    idx = [next(i for i, x in enumerate(lines) if x.strip().startswith(h)) for h in HEADINGS[1:5]]
    return {t: lines[idx[k] + 1 : idx[k + 1]] for k, t in enumerate(("t2", "t3", "t4"))}


def test_layouts_are_the_seven_of_the_spec():
    assert set(LAYOUTS) == {
        "cell_per_line",
        "pipe_rows",
        "cell_per_line_pipe",
        "markdown",
        "tsv",
        "pdf_layout",
        "html",
    }


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("version", ["v2019", "v2021"])
def test_every_layout_is_deterministic_and_names_every_row(layout, version):
    rec = make_record(version)
    a = render(rec, layout, rng=random.Random(7))
    assert a == render(rec, layout, rng=random.Random(7))
    flat = norm(re.sub(r"<[^>]+>", "", a) if layout == "html" else a)
    for r in load_template(version).t3_rows:
        assert norm(r.label.translate(str.maketrans("（）：，", "():,")))[:6] in flat, r.key
    for h in HEADINGS:
        assert norm(h) in flat


@pytest.mark.parametrize("extra", [0, 1, 2])
@pytest.mark.parametrize("version", ["v2019", "v2021"])
def test_pipe_rows_pad_to_the_grid_width_except_each_tables_last_row(version, extra):
    st = Style(extra_t2=extra, extra_t3=extra)
    regions = table_regions(render(make_record(version), "pipe_rows", style=st))
    widths = {"t2": 4 + extra, "t3": 10 + extra, "t4": 15}
    for t, lines in regions.items():
        assert all(x.endswith(" |") or x.endswith(" | " + "|" * (widths[t] - x.count(" | "))) for x in lines)
        for x in lines[:-1]:
            assert x.count("|") == widths[t], (t, x)
        assert not lines[-1].endswith("||"), (t, lines[-1])  # the last row has no padding
    # 行政事业性收费 | 0 | (v2021) or 政府集中采购 | 0 | 0 | (v2019): no padding
    assert regions["t2"][-1].count("|") == (2 if version == "v2021" else 3)
    assert len(regions["t4"][-1].split(" | ")) == 15


def test_pipe_rows_group_labels_lead_only_the_first_sub_row():
    lines = table_regions(render(make_record(), "pipe_rows", style=Style()))["t3"]
    first = next(x for x in lines if "予以公开" in x)
    assert first.startswith("三、本年度办理结果 | (一)予以公开 | ")
    secret = next(x for x in lines if "属于国家秘密" in x)
    assert secret.startswith("(三)不予公开 | 1.属于国家秘密 | ")
    assert next(x for x in lines if "其他法律行政法规" in x).startswith("2.")
    assert next(x for x in lines if "逾期不补正" in x).startswith("(六)其他处理 | 1.")


def test_pipe_rows_header_first_line_mode_keeps_only_first_lines():
    lines = table_regions(render(make_record(), "pipe_rows", style=Style(header_join="first")))["t4"]
    assert lines[1].startswith("结果 | 结果 | 其他 | 尚未 | 总计 | 未经复议直接起诉 | 复议后起诉 |")


@pytest.mark.parametrize("extra", [0, 1, 2])
@pytest.mark.parametrize("version", ["v2019", "v2021"])
def test_cell_per_line_pipe_cells_and_padding_lines(version, extra):
    rec = make_record(version, fill=None)  # all blank, like seed 004
    regions = table_regions(render(rec, "cell_per_line_pipe", style=Style(extra_t2=extra, extra_t3=extra)))
    t2, t3, t4 = regions["t2"], regions["t3"], regions["t4"]
    assert all(x.endswith("|") for lines in regions.values() for x in lines)
    # caption row: 1 cell, then a padding line of width-1 pipes
    assert t2[0].startswith("第二十条第(一)项") and t2[1] == "|" * (3 + extra)
    # a full t2 row (label + 3 blanks) pads by `extra` only
    i = next(k for k, x in enumerate(t2) if x.startswith("规章"))
    assert t2[i + 1 : i + 4] == ["|"] * 3
    assert t2[i + 4] == ("|" * extra if extra else t2[i + 4])
    # t3 header: note + 申请人情况 then width-2 pipes
    assert t3[1].startswith("申请人情况") and t3[2] == "|" * (8 + extra)
    # first result row: 9 cells, padding k = width - 9 (k=1 looks exactly like an empty cell)
    i = next(k for k, x in enumerate(t3) if x.startswith("(一)予以公开"))
    assert t3[i - 1].startswith("三、本年度办理结果")
    assert t3[i + 1 : i + 8] == ["|"] * 7 and t3[i + 8] == "|" * (1 + extra)
    # last row of t3: label + 7 cells, no padding; t4 ends with its 15 cells
    assert t3[-8].startswith("四、结转下年度继续办理") and t3[-7:] == ["|"] * 7
    assert t4[-15:] == ["|"] * 15 and t4[-16] == "|" * 5


def test_cell_per_line_blank_cells_are_invisible():
    rec = make_record()
    full = table_regions(render(rec, "cell_per_line", style=Style()))
    rec["t3"]["granted"][3] = None
    holed = table_regions(render(rec, "cell_per_line", style=Style()))
    assert len([x for x in holed["t3"] if x.strip()]) == len([x for x in full["t3"] if x.strip()]) - 1


def test_cell_per_line_splits_multi_line_headers_and_separates_lines_with_blanks():
    text = render(make_record(), "cell_per_line", style=Style(nbsp=True))
    lines = text.splitlines()
    t3 = table_regions(text)["t3"]
    stripped = [x.strip() for x in t3 if x.strip()]
    assert stripped[stripped.index("商业") + 1] == "企业"
    assert stripped[stripped.index("科研") + 1] == "机构"
    assert all(lines[i + 1] == "" for i, x in enumerate(lines[:-1]) if x.strip())
    assert all(x.endswith("\u00a0") for x in lines if x.strip())


def test_raw_overrides_print_as_written():
    rec = make_record("v2019")
    rec["raw_cells"] = {
        "t2.central_procurement.amount": "251000元",
        "t3.granted.total": "—",
        "t3.new_received.natural_person": "约5",
    }
    for layout in LAYOUTS:
        text = render(rec, layout, rng=random.Random(1))
        assert "251000元" in text and "—" in text and "约5" in text, layout


def test_pdf_layout_t4_is_stacked_and_has_15_values_on_one_line():
    text = render(make_record(), "pdf_layout", style=Style())
    t4 = [x for x in table_regions(text)["t4"] if x.strip()]
    assert t4[-1].split() == ["0", "0", "0", "0", "0", "1", "0", "0", "1", "2", "0", "0", "0", "0", "0"]
    stacked = t4[-5:-1]
    assert [x.split()[:4] for x in stacked] == [
        ["结", "结", "其", "尚"],
        ["果", "果", "他", "未"],
        ["维", "纠", "结", "审"],
        ["持", "正", "果", "结"],
    ]


def test_pdf_layout_has_a_page_footer_inside_table_three_and_wraps_long_labels():
    t3 = table_regions(render(make_record(), "pdf_layout", style=Style(wrap_at=12, footer_page=3)))["t3"]
    assert "- 3 -" in [x.strip() for x in t3]
    footer = [x.strip() for x in t3].index("- 3 -")
    assert 0 < footer < len(t3) - 5
    row = next(x for x in t3 if x.startswith("(二)部分公开"))
    assert len(re.findall(r"(?<!\S)\d+(?!\S)", row)) == 7
    assert "情形)" in t3[t3.index(row) + 1]  # the rest of the label on the next line
    assert re.fullmatch(r"四、结转下年度继续办理\s+1\s+0\s+0\s+0\s+0\s+0\s+1", t3[-1])


def test_markdown_has_separators_and_tsv_tabs():
    md = render(make_record(), "markdown", style=Style())
    assert sum(1 for x in md.splitlines() if re.fullmatch(r"\|(---\|)+", x)) == 3
    tsv = table_regions(render(make_record(), "tsv", style=Style()))
    assert tsv["t4"][-1].split("\t") == [str(v) for v in make_record()["t4"]]


@pytest.mark.parametrize("version,rowspan", [("v2021", 22), ("v2019", 20)])
def test_html_uses_real_spans_and_nbsp(version, rowspan):
    rec = make_record(version)
    rec["t3"]["granted"][2] = None
    page = render(rec, "html", style=Style())
    assert page.startswith("<!DOCTYPE html>") and page.count("<table") == 3
    assert f'<td rowspan="{rowspan}">三、本年度办理结果</td>' in page
    assert '<td colspan="5">行政复议</td><td colspan="10">行政诉讼</td>' in page
    assert "&nbsp;" in page and "<br>" in page
    assert "<span>三</span>" in render(rec, "html", style=Style(spans=True))
    if version == "v2021":
        assert page.count('colspan="3">') >= 4  # one-column t2 sub-tables span the three value columns


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_text_layouts_end_with_the_signature(layout):
    lines = [x.strip() for x in render(make_record(), layout, rng=random.Random(3)).splitlines() if x.strip()]
    tail = [x.strip("\u00a0 ") for x in lines[-3:]]
    assert "2025年1月20日" in tail
