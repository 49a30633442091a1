"""html_to_lines: block text as lines, every data-table row as one position-true line of cells."""

from __future__ import annotations

from extract.html import html_to_lines
from extract.tables import read_tables


def test_blocks_become_lines_and_scripts_styles_are_dropped():
    page = """<html><head><title>某局2023年政府信息公开工作年度报告</title><style>p{color:red}</style>
    <script>document.write('2025年12月30日 星期二')</script></head><body>
    <div>首页 &gt; 政务公开</div><p>一、总体情况</p><p>第一段<br/>第二段</p></body></html>"""
    assert html_to_lines(page) == [
        "某局2023年政府信息公开工作年度报告",
        "首页 > 政务公开",
        "一、总体情况",
        "第一段",
        "第二段",
    ]


def test_per_character_spans_are_joined_and_nbsp_is_a_space():
    page = "<p><span>三</span>\n<span>、本</span><span>年</span><span>度</span></p><p>发布&nbsp;日期</p>"
    assert html_to_lines(page) == ["三、本年度", "发布 日期"]


def test_table_rows_are_pipe_lines_with_empty_cells_kept():
    page = "<table><tr><td>规章</td><td>0</td><td>&nbsp;</td><td><o:p>&nbsp;</o:p></td></tr></table>"
    assert html_to_lines(page) == ["规章 | 0 |  |  |"]


def test_br_inside_a_cell_is_joined():
    page = "<table><tr><td>本年新<br />制作数量</td><td>结果<br>纠正</td></tr></table>"
    assert html_to_lines(page) == ["本年新制作数量 | 结果纠正 |"]


def test_rowspan_and_colspan_keep_grid_positions():
    page = """<table>
    <tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>5</td><td>6</td></tr>
    <tr><td>（三）不予公开</td><td>1．属于国家秘密</td><td>&nbsp;</td><td>1</td></tr>
    <tr><td>行政许可</td><td colspan="3">12</td><td>x</td></tr></table>"""
    assert html_to_lines(page) == [
        "三、本年度办理结果 | （一）予以公开 | （一）予以公开 | 5 | 6 |",
        "三、本年度办理结果 | （三）不予公开 | 1．属于国家秘密 |  | 1 |",
        "行政许可 | 12 |  |  | x |",
    ]


def test_layout_tables_holding_tables_are_read_as_blocks():
    page = """<table><tr><td><p>一、总体情况</p>
    <table><tr><td>规章</td><td>3</td></tr></table></td></tr></table>"""
    assert html_to_lines(page) == ["一、总体情况", "规章 | 3 |"]


def test_page_chrome_with_pipes_stays_outside_tables():
    page = "<div>[ <a>打印本页</a> | <a>关闭窗口</a> ]</div><table><tr><td>a</td><td>1</td></tr></table>"
    assert html_to_lines(page) == ["[ 打印本页 | 关闭窗口 ]", "a | 1 |"]


def test_html_source_layout_forces_html():
    lines = html_to_lines(
        "<table><tr><td>第二十条第（五）项</td></tr><tr><td>行政许可</td><td>7</td></tr></table>"
    )
    res = read_tables(lines, source_layout="html")
    assert res["layout"] == "html"
    assert res["t2"]["admin_license"] == {"decisions": 7}
