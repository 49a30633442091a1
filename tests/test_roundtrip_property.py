"""Property: any table values, rendered in any layout by synth/render.py, parse back exactly.

Layouts that print every cell (pipe rows, cell-per-line with pipes, markdown, tsv, html) must
return every value, blanks as null. Layouts where an empty cell leaves no trace (cell per line,
pdftotext -layout) must return every row that had all its values, and for a row with blanks
either nulls with `misaligned` or, when the balance rules confirm a documented repair, values
flagged `positional_guess` / `split_number_repaired`: a guess is never silent.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.html import html_to_lines
from extract.tables import read_tables
from extract.template import load_template
from synth.render import LAYOUTS, render

INVISIBLE_BLANKS = {"cell_per_line", "pdf_layout"}
REPAIR_FLAGS = {"positional_guess", "split_number_repaired"}

counts = st.one_of(st.none(), st.just(0), st.integers(1, 9), st.integers(10, 999_999))
signed = st.one_of(st.none(), st.just(0), st.integers(-999, 999))
# money below 10 000 with at most 3 decimals: a value the 8-wide PDF column of the renderer can hold
money = st.one_of(st.none(), st.just(0), st.integers(1, 9_999_999).map(lambda n: n / 1000))


@st.composite
def records(draw):
    version = draw(st.sampled_from(["v2019", "v2021"]))
    tpl = load_template(version)
    t2: dict[str, dict] = {}
    for c in tpl.t2_cells:
        strat = {"int": counts, "signed_int": signed, "decimal": money}[c.value_type]
        t2.setdefault(c.row_key, {})[c.col_key] = draw(strat)
    t3 = {r.key: draw(st.lists(counts, min_size=7, max_size=7)) for r in tpl.t3_data_rows}
    t4 = draw(st.lists(counts, min_size=15, max_size=15))
    return {
        "template": version,
        "t2": t2,
        "t3": t3,
        "t4": t4,
        "agency_name": "某某县人民政府",
        "agency_aliases": ["某某县"],
        "report_year": 2020 if version == "v2019" else 2023,
        "title": None,
        "publication_date": None,
        "region": {},
    }


def parse_rendered(rec: dict, layout: str, style_seed: int) -> dict:
    text = render(rec, layout, rng=random.Random(style_seed))
    if layout == "html":
        return read_tables(html_to_lines(text), source_layout="html")
    return read_tables(text.splitlines())


def _money_fits_pdf(rec: dict) -> bool:
    """The renderer's PDF columns are 8 wide; wider money values glue to their neighbour there."""
    return all(len(f"{v:g}") < 8 for row in rec["t2"].values() for v in row.values() if v is not None)


def check_row(got: list, want: list, flags: list[list[str]], invisible: bool, where: str) -> None:
    if got == want:
        return
    repaired = [f for f in flags if set(f) & REPAIR_FLAGS]
    assert repaired, f"{where}: unflagged difference {got} != {want}"
    assert invisible or "split_number_repaired" in repaired[0], where


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rec=records(), layout=st.sampled_from(LAYOUTS), style_seed=st.integers(0, 10_000))
def test_rendered_tables_parse_back(rec, layout, style_seed):
    if layout == "pdf_layout" and not _money_fits_pdf(rec):
        return
    res = parse_rendered(rec, layout, style_seed)
    assert res["layout"] == layout
    assert res["template"] == rec["template"]
    flags = res["cell_flags"]
    invisible = layout in INVISIBLE_BLANKS
    for row_key, cols in rec["t2"].items():
        want = list(cols.values())
        if invisible and None in want:
            want = [None] * len(want)
        got = [res["t2"][row_key][c] for c in cols]
        check_row(got, want, [flags.get(f"t2.{row_key}.{c}", []) for c in cols], invisible, f"t2.{row_key}")
    assert list(res["t3"]) == list(rec["t3"])
    for row_key, want in rec["t3"].items():
        got = res["t3"][row_key]
        if invisible and None in want:
            if got != want and not any(
                set(flags.get(f"t3.{row_key}.{c.key}", [])) & REPAIR_FLAGS
                for c in load_template(rec["template"]).t3_columns
            ):
                assert got == [None] * 7, (row_key, got, want)
            continue
        keys = [f"t3.{row_key}.{c.key}" for c in load_template(rec["template"]).t3_columns]
        check_row(got, want, [flags.get(k, []) for k in keys], invisible, f"t3.{row_key}")
    want4 = [None] * 15 if invisible and None in rec["t4"] else rec["t4"]
    assert res["t4"] == want4 or any(set(f) & REPAIR_FLAGS for k, f in flags.items() if k.startswith("t4."))


@settings(max_examples=40, deadline=None)
@given(rec=records(), style_seed=st.integers(0, 10_000))
def test_blank_cells_are_never_read_as_zero(rec, style_seed):
    for layout in ("pipe_rows", "cell_per_line_pipe", "html"):
        res = parse_rendered(rec, layout, style_seed)
        for cell in res["cells"]:
            if cell["value"] == 0:
                assert cell["raw"] is not None and cell["raw"].strip() != "", cell


_PIECES = [
    "第二十条第(一)项",
    "信息内容",
    "规章",
    "行政许可",
    "(本列数据的勾稽关系为:第一项加第二项之和)",
    "申请人情况",
    "一、本年新收政府信息公开申请数量",
    "(三)不予公开",
    "1.属于国家秘密",
    "(六)其他处理",
    "3.其他",
    "(七)总计",
    "四、结转下年度继续办理",
    "行政复议",
    "行政诉讼",
    "总计",
    "0",
    "12",
    "5 5",
    "-",
    "约3",
    "251000元",
    "|",
    "||",
    " | ",
    "\t",
    "  ",
    "- 3 -",
    "\f",
    "本年制发件数",
    "本年新",
    "逾期不补正",
    "",
]
RESULT_KEYS = {
    "layout",
    "template",
    "table_templates",
    "t2",
    "t3",
    "t4",
    "t2_extras",
    "t3_extras",
    "table_status",
    "cell_flags",
    "cells",
    "issues",
}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=8).map("".join), max_size=120))
def test_never_raises_and_keeps_the_result_shape(lines):
    res = read_tables(lines)
    assert set(res) == RESULT_KEYS
    assert res["template"] in {"v2019", "v2021", "mixed", "unknown"}
    if res["template"] != "unknown":
        assert len(res["t4"]) == 15
        assert all(len(v) == 7 for v in res["t3"].values())
    for i in res["issues"]:
        assert i["line"] is None or 1 <= i["line"] <= len(lines)
