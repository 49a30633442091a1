"""HTML data tables as Grids read through the grid path, with cells' lines in the HTML source."""

from __future__ import annotations

from pathlib import Path

from extract.html import read_page
from extract.htmlsource import cell_tag_lines
from extract.parse import parse_bytes, parse_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_a_data_table_is_a_grid_with_spans_as_printed_and_addresses():
    page = """<p>x</p><table>
<tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>5</td></tr>
<tr><td>（三）不予公开</td><td>1．属于国家秘密</td><td>1</td></tr>
</table>"""
    doc = read_page(page)
    (grid,) = doc.grids
    assert (grid.n_rows, grid.n_cols) == (2, 4)
    got = [(c.text, c.row, c.col, c.rowspan, c.colspan, c.line, c.source) for c in grid.cells]
    assert got == [
        ("三、本年度办理结果", 0, 0, 2, 1, 2, "html:table1/row1/col1"),
        ("（一）予以公开", 0, 1, 1, 2, 2, "html:table1/row1/col2"),
        ("5", 0, 3, 1, 1, 2, "html:table1/row1/col4"),
        ("（三）不予公开", 1, 1, 1, 1, 3, "html:table1/row2/col2"),
        ("1．属于国家秘密", 1, 2, 1, 1, 3, "html:table1/row2/col3"),
        ("1", 1, 3, 1, 1, 3, "html:table1/row2/col4"),
    ]
    # the lines keep the span-fill policy: a spanned label repeated, nothing else copied
    assert doc.lines == [
        "x",
        "三、本年度办理结果 | （一）予以公开 | （一）予以公开 | 5 |",
        "三、本年度办理结果 | （三）不予公开 | 1．属于国家秘密 | 1 |",
    ]
    assert sorted(doc.row_cells) == [2, 3]


def test_a_spanned_value_is_never_counted_twice_in_the_grid_rows():
    doc = read_page("<table><tr><td>行政许可</td><td colspan='3'>12</td><td>x</td></tr></table>")
    (cells,) = doc.row_cells.values()
    assert [t for t, _ in cells] == ["行政许可", "12", "", "", "x"]
    assert [c is None for _, c in cells] == [False, False, True, True, False]


def test_trailing_empty_cells_keep_the_printed_width():
    page = "<table><tr><td>规章</td><td>0</td><td>&nbsp;</td><td><o:p>&nbsp;</o:p></td></tr></table>"
    doc = read_page(page)
    assert doc.lines == ["规章 | 0 |  |  |"]
    assert [t for t, _ in doc.row_cells[1]] == ["规章", "0", "", ""]


def test_source_lines_skip_comments_scripts_and_count_cr_lf():
    page = (
        "<html><head><title>a<td>b</title><script>var s='<td>';</script></head>\r\n<body>"
        "<!-- <td>old</td> -->\r\n<table><tr>\r\n<td>a</td><th>b</th>\r\n\r\n<td>c</td></tr></table>"
    )
    # line 1 the head, 2 the comment, 3 `<table><tr>`, 4 `<td>a</td><th>b</th>`, 5 empty, 6 `<td>c</td>`
    assert cell_tag_lines(page) == ("dhd", [4, 4, 6])
    cells = read_page(page).grids[0].cells
    assert [c.line for c in cells] == [4, 4, 6]


def test_tags_that_do_not_match_the_cells_give_no_line_and_say_so():
    # a stray <td> outside any table is dropped by the HTML parser: the k-th tag is not the k-th cell
    page = "<div><td>stray</td></div>\n<table><tr><td>规章</td>\n<td>3</td></tr></table>"
    doc = read_page(page)
    assert [c.line for c in doc.grids[0].cells] == [0, 0]
    assert [i["code"] for i in doc.issues] == ["html_source_lines_unknown"]


def test_a_record_cell_points_at_the_line_of_its_td_in_the_original_file():
    path = FIXTURES / "layouts" / "html_v2021.html"
    rec = parse_file(path)
    assert (rec["layout"], rec["source_format"]) == ("html", "html")
    cell = next(c for c in rec["cells"] if c["key"] == "t2.admin_license.decisions")
    # hand-checked: line 22 of the fixture is `<tr><td>行政许可</td><td colspan="3"><p>1,234&nbsp;</p>…`
    assert (cell["value"], cell["line"], cell["source"]) == (1234, 22, "html:table2/row7/col2")
    src_line = path.read_text(encoding="utf-8").split("\n")[cell["line"] - 1]
    assert "行政许可" in src_line and "1,234" in src_line
    assert cell["page"] is None and cell["x0"] is None


def test_a_pipe_printed_inside_a_cell_is_not_a_column_separator():
    page = (
        "<p>二、主动公开政府信息情况</p><table><tr><td>第二十条第（一）项</td></tr>"
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        "<tr><td>规章</td><td>1</td><td>2</td><td>3 |</td></tr></table>"
    )
    rec = parse_bytes(page.encode(), "p.html")
    got = {c["key"]: (c["value"], c["raw"]) for c in rec["cells"] if c["key"].startswith("t2.regulations")}
    assert got["t2.regulations.in_force"] == (3, "3 |")
    assert got["t2.regulations.issued"] == (1, "1")
