"""Tables continued over a page break in scans: joined, cut labels re-joined, one-row labels kept apart."""

from __future__ import annotations

from extract.document import Box, Grid, GridCell, Page
from extract.ocr.continuation import join, join_continued_tables
from extract.ocr.pages import PageRead

XS = (50.0, 120.0, 300.0, 360.0)


def _cell(text, row, col, rowspan=1, top=0.0):
    return GridCell(text, row, col, rowspan, 1, box=Box(XS[col], top, XS[col + 1], top + 20 * rowspan))


def _pages():
    a = Grid(
        [
            _cell("三、本年度办理结果", 0, 0, 2),
            _cell("（三）不予公开", 0, 1),
            _cell("8.属于行政查询事项", 0, 2),
            _cell("（四）无", 1, 1, top=20),
            _cell("1.本机关不掌握相关政府信息", 1, 2, top=20),
        ],
        2,
        3,
    )
    # the next page: the group label goes on (empty), `法提供` ends `（四）无`, a new item starts
    b = Grid(
        [
            _cell("", 0, 0, 2),
            _cell("法提供", 0, 1, 2),
            _cell("2.没有现成信息需要另行制作", 0, 2),
            _cell("3.补正后申请内容仍不明确", 1, 2, top=20),
        ],
        2,
        3,
        page=2,
    )
    return a, b


def test_cut_group_labels_are_one_cell_again():
    a, b = _pages()
    join(a, b)
    assert a.n_rows == 4
    texts = {(c.row, c.col): (c.text, c.rowspan) for c in a.cells}
    assert texts[(0, 0)] == ("三、本年度办理结果", 4)
    assert texts[(1, 1)] == ("（四）无法提供", 3)
    assert texts[(1, 2)][0] == "1.本机关不掌握相关政府信息"
    assert texts[(2, 2)][0] == "2.没有现成信息需要另行制作"  # a new item is never glued to the one above


def test_one_row_labels_are_not_joined():
    a = Grid([_cell("（五）不予处理", 0, 1), _cell("1.信访举报投诉类申请", 0, 2)], 1, 3)
    b = Grid([_cell("（五）不予处理", 0, 1), _cell("2：重复申请", 0, 2)], 1, 3, page=2)
    join(a, b)
    assert sorted(c.text for c in a.cells if c.col == 2) == ["1.信访举报投诉类申请", "2：重复申请"]


def test_only_the_last_and_first_tables_of_neighbouring_pages_join():
    a, b = _pages()
    pa = PageRead(page=Page(1, grids=[a]), blocks=[a, "- 4 -"])
    pb = PageRead(page=Page(2, grids=[b]), blocks=[b, "五、存在的主要问题"])
    join_continued_tables([pa, pb])
    assert pb.blocks == ["五、存在的主要问题"] and pb.page.grids == [] and a.n_rows == 4
    other = Grid([_cell("x", 0, 0)], 1, 1)
    pc = PageRead(page=Page(3, grids=[other]), blocks=["正文", other])
    join_continued_tables([pb, pc])
    assert pc.blocks[1] is other
