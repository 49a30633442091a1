"""A §9 record → the text of one report in one of the layouts of REPORTS.md §8.1.

Every table is first built as one layout-independent grid of cells with rowspan/colspan, taken from
the template seeds (extract.template), exactly as the national template draws it. Each layout is then
a faithful dump of that grid: the HTML table itself, or what a text extractor made of it (cell per
line, pipe rows with padding, pdftotext -layout columns, …). Deriving every layout from the same grid
keeps the padding counts, rowspan placement and header linearisation consistent with the seeds.

Cells print their value unless the record's `raw_cells` ({cell key: text}) overrides the text; a
newline in a raw text is a line break inside the cell (a split number, a `<br>`).
"""

from __future__ import annotations

import html as _html
import random
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from extract.template import Template, load_sections, load_template, read_seed

LAYOUTS = ("cell_per_line", "pipe_rows", "cell_per_line_pipe", "markdown", "tsv", "pdf_layout", "html")
TEXT_LAYOUTS = tuple(lay for lay in LAYOUTS if lay != "html")

# Fixed template text that is not a row/column label (so not in the seeds): REPORTS.md Appendix A.
T2_HEADER_LABEL = "信息内容"
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_TOP_LABEL = "申请人情况"
NBSP = "\u00a0"
_TO_ASCII = str.maketrans("（）：，", "():,")


@dataclass
class Cell:
    """One grid cell. `lines` > 1 is a multi-line cell (a `<br>` in a header, a wrapped number)."""

    lines: list[str]
    colspan: int = 1
    rowspan: int = 1
    kind: str = "label"  # label | header | value

    @property
    def text(self) -> str:
        return "".join(self.lines)


@dataclass
class Grid:
    table: str  # t2 | t3 | t4
    rows: list[list[Cell]]
    width: int  # columns a text dump pads up to (the HTML grid width plus any extra)


@dataclass
class Style:
    """Per-document presentation choices; drawn from the rng so a corpus varies like the real one."""

    ascii_punct: bool = True  # the seeds were pre-normalised: （） → ()
    header_join: str = "space"  # pipe layouts: multi-line cells joined by "space", "concat" or "first" line
    nbsp: bool = False  # L1: trailing NBSP on every line (seed 000)
    indent: str = ""  # narrative indent
    extra_t2: int = 0  # extra grid columns (seed 004: t2 is 6 wide, t3 11)
    extra_t3: int = 0
    chrome: bool = True
    spans: bool = False  # html: one <span> per character (Shuyang)
    wrap_at: int = 16  # pdf_layout: labels longer than this wrap onto a second line
    footer_page: int = 3
    extras: dict[str, Any] = field(default_factory=dict)


def draw_style(rng: random.Random, layout: str) -> Style:
    """A plausible style for `layout` (the rng decides; same rng state, same style)."""
    s = Style(
        ascii_punct=rng.random() < 0.6,
        header_join=rng.choice(("space", "space", "concat", "first")),
        nbsp=layout == "cell_per_line" and rng.random() < 0.4,
        indent=rng.choice(("", "", "  ", "\u3000\u3000")),
        extra_t2=rng.choice((0, 0, 0, 1, 2)),
        extra_t3=rng.choice((0, 0, 0, 1)),
        chrome=rng.random() < 0.5,
        spans=rng.random() < 0.25,
        wrap_at=rng.choice((12, 14, 16, 18)),
        footer_page=rng.randint(2, 6),
    )
    if layout in ("cell_per_line", "cell_per_line_pipe"):
        s.header_join = "concat" if s.header_join == "first" and layout == "cell_per_line" else s.header_join
    return s


# ---------------------------------------------------------------- values


def format_value(v: Any) -> str:
    """A cell value as a report prints it: blank for null, integers plainly, decimals without trailing 0s."""
    if v is None:
        return ""
    if isinstance(v, bool):
        raise TypeError("boolean cell value")
    if isinstance(v, int):
        return str(v)
    f = float(v)
    if f.is_integer():
        return str(int(f))
    return f"{f:.6f}".rstrip("0").rstrip(".")


def _value_cell(rec: dict, key: str, v: Any, colspan: int = 1) -> Cell:
    raw = (rec.get("raw_cells") or {}).get(key)
    text = format_value(v) if raw is None else str(raw)
    return Cell(text.split("\n"), colspan=colspan, kind="value")


# ---------------------------------------------------------------- grids (the template, drawn)


def _lab(text: str, st: Style) -> str:
    return text.translate(_TO_ASCII) if st.ascii_punct else text


def _header_lines(label: str) -> list[str]:
    """How a header cell breaks inside its narrow column: 4-character headers in two halves
    (商业/企业, 结果/纠正: seeds 000, 003) and v2019's 本年新/制作数量 (Shanghai 2019)."""
    if len(label) == 4:
        return [label[:2], label[2:]]
    if label.startswith("本年新") and len(label) > 3:
        return [label[:3], label[3:]]
    return [label]


@cache
def _t3_groups() -> dict[str, str]:
    """t3 column key → its header group label (法人或其他组织), from the seed."""
    return {r["col_key"]: r["group_zh"] for r in read_seed("template_t3_columns")}


def t2_grid(tpl: Template, rec: dict, st: Style) -> Grid:
    """Table 二: per sub-table a caption row, a header row and its data rows; one-column sub-tables span
    the three value columns (REPORTS.md §3.1), two-column ones span the last two."""
    rows: list[list[Cell]] = []
    t2 = rec.get("t2") or {}
    spans = {1: [3], 2: [1, 2], 3: [1, 1, 1]}
    for cells in sorted(tpl.t2_subtables.values(), key=lambda cs: cs[0].subtable_order):
        cols = list({c.col_key: c for c in sorted(cells, key=lambda c: c.col_order)}.values())
        sp = spans[len(cols)]
        rows.append([Cell([_lab(cells[0].caption, st)], colspan=4)])
        rows.append(
            [Cell([T2_HEADER_LABEL], kind="header")]
            + [
                Cell([_lab(x, st) for x in _header_lines(c.col_label)], colspan=n, kind="header")
                for c, n in zip(cols, sp, strict=True)
            ]
        )
        for row_key in dict.fromkeys(c.row_key for c in sorted(cells, key=lambda c: c.row_order)):
            row = [Cell([_lab(next(c.row_label for c in cells if c.row_key == row_key), st)])]
            for c, n in zip(cols, sp, strict=True):
                row.append(
                    _value_cell(rec, f"t2.{row_key}.{c.col_key}", (t2.get(row_key) or {}).get(c.col_key), n)
                )
            rows.append(row)
    return Grid("t2", rows, 4 + st.extra_t2)


def t3_grid(tpl: Template, rec: dict, st: Style) -> Grid:
    """Table 三: a 3-row header (note, 申请人情况 › 自然人 | 法人或其他组织 › 5 | 总计) and one row per
    data row, group labels as rowspan cells leading their first sub-row (REPORTS.md §4)."""
    cols = tpl.t3_columns
    groups = _t3_groups()
    mid = [c for c in cols if groups[c.key] != c.label]
    rows: list[list[Cell]] = [
        [
            Cell([_lab(T3_NOTE, st)], colspan=3, rowspan=3),
            Cell([T3_TOP_LABEL], colspan=len(cols), kind="header"),
        ],
        [
            Cell([cols[0].label], rowspan=2, kind="header"),
            Cell([groups[mid[0].key]], colspan=len(mid), kind="header"),
            Cell([cols[-1].label], rowspan=2, kind="header"),
        ],
        [Cell(_header_lines(c.label), kind="header") for c in mid],
    ]
    by_key = {r.key: r for r in tpl.t3_rows}
    data = tpl.t3_data_rows

    def ancestors(r):
        out = []
        while r.parent_key:
            r = by_key[r.parent_key]
            out.append(r)
        return out[::-1]

    descendants: dict[str, int] = {}
    for r in data:
        for a in ancestors(r):
            descendants[a.key] = descendants.get(a.key, 0) + 1
    opened: set[str] = set()
    t3 = rec.get("t3") or {}
    for r in data:
        row: list[Cell] = []
        for a in ancestors(r):
            if a.key not in opened:
                opened.add(a.key)
                row.append(Cell([_lab(a.label, st)], rowspan=descendants[a.key]))
        row.append(Cell([_lab(r.label, st)], colspan=3 - r.level))
        vals = t3.get(r.key) or [None] * len(cols)
        row += [_value_cell(rec, f"t3.{r.key}.{c.key}", vals[c.index]) for c in cols]
        rows.append(row)
    return Grid("t3", rows, 3 + len(cols) + st.extra_t3)


def t4_grid(tpl: Template, rec: dict, st: Style) -> Grid:
    """Table 四: 行政复议(5) | 行政诉讼(10) › 未经复议直接起诉(5) | 复议后起诉(5) › outcomes; one data row of
    15 cells and no row label (REPORTS.md §5). Built from the template's column paths."""
    cols = tpl.t4_columns
    paths = [c.label.split("/") for c in cols]
    r1: list[Cell] = []
    r2: list[Cell] = []
    r3: list[Cell] = []
    for i, p in enumerate(paths):
        if i == 0 or paths[i - 1][0] != p[0]:
            r1.append(Cell([p[0]], colspan=sum(1 for q in paths if q[0] == p[0]), kind="header"))
        if len(p) == 2:
            r2.append(Cell(_header_lines(p[1]), rowspan=2, kind="header"))
        else:
            if i == 0 or paths[i - 1][:2] != p[:2]:
                r2.append(Cell([p[1]], colspan=sum(1 for q in paths if q[:2] == p[:2]), kind="header"))
            r3.append(Cell(_header_lines(p[2]), kind="header"))
    t4 = rec.get("t4") or [None] * len(cols)
    r4 = [_value_cell(rec, f"t4.{c.key}", t4[c.index]) for c in cols]
    return Grid("t4", [r1, r2, r3, r4], len(cols))


def grids(rec: dict, st: Style) -> dict[str, Grid]:
    tpl = load_template(rec.get("template") or "v2021")
    return {"t2": t2_grid(tpl, rec, st), "t3": t3_grid(tpl, rec, st), "t4": t4_grid(tpl, rec, st)}


# ---------------------------------------------------------------- text dumps of a grid


def _joined(c: Cell, st: Style) -> str:
    lines = [x for x in c.lines if x.strip()]
    if not lines:
        return ""
    if c.kind == "value":
        return " ".join(lines)  # a wrapped number stays two tokens
    if st.header_join == "first":
        return lines[0]
    return (" " if st.header_join == "space" else "").join(lines)


def dump_cell_per_line(g: Grid, st: Style) -> list[str]:
    """L1: every line of every cell on its own line; an empty cell leaves no trace."""
    out = []
    for row in g.rows:
        for c in row:
            out += [x.strip() for x in c.lines if x.strip()]
    return out


def dump_pipe_rows(g: Grid, st: Style) -> list[str]:
    """L2: ` | `-joined cells ending ` |`, bare-pipe padding up to the grid width except on the last row."""
    out = []
    for i, row in enumerate(g.rows):
        line = " | ".join(_joined(c, st) for c in row)
        k = g.width - len(row)
        out.append(line + (" | " + "|" * k if k > 0 and i < len(g.rows) - 1 else " |"))
    return out


def dump_cell_per_line_pipe(g: Grid, st: Style) -> list[str]:
    """L3: `<text> |` per cell, `|` for an empty one, then a line of k bare pipes (except after the last row)."""
    out = []
    for i, row in enumerate(g.rows):
        for c in row:
            t = _joined(c, st)
            out.append(f"{t} |" if t else "|")
        k = g.width - len(row)
        if k > 0 and i < len(g.rows) - 1:
            out.append("|" * k)
    return out


def expand(g: Grid, st: Style) -> list[list[str]]:
    """The grid as a rectangle of strings: a spanned cell's text in its first slot, the rest empty."""
    w = g.width
    taken: dict[tuple[int, int], bool] = {}
    out: list[list[str]] = []
    for ri, row in enumerate(g.rows):
        line = [""] * w
        ci = 0
        for c in row:
            while taken.get((ri, ci)):
                ci += 1
            line[ci] = _joined(c, st)
            for dr in range(c.rowspan):
                for dc in range(c.colspan):
                    taken[(ri + dr, ci + dc)] = True
            ci += c.colspan
        out.append(line)
    return out


def dump_markdown(g: Grid, st: Style) -> list[str]:
    """A markdown table: the grid's first row as the header, a `|---|` separator, spans left empty."""
    rect = expand(g, st)
    out = ["| " + " | ".join(rect[0]) + " |", "|" + "---|" * g.width]
    out += ["| " + " | ".join(r) + " |" for r in rect[1:]]
    return out


def dump_tsv(g: Grid, st: Style) -> list[str]:
    """A spreadsheet export: tab-separated, spans left empty."""
    return ["\t".join(r).rstrip("\t") for r in expand(g, st)]


def _dw(s: str) -> int:
    """Display width as pdftotext lays it out: CJK and full-width characters take two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(1, width - _dw(s))


def _rjust(s: str, width: int) -> str:
    """Right-aligned in `width` columns, and never glued to its left neighbour (pdftotext keeps a gap)."""
    return " " * max(2, width - _dw(s)) + s


def dump_pdf_layout(g: Grid, st: Style) -> list[str]:
    """pdftotext -layout: labels left, values right-aligned in columns of spaces; long labels wrap to a
    second line; table 四's headers stacked one character per line; a page footer inside table 三."""
    vw = 8  # value column width
    out: list[str] = []
    if g.table == "t4":
        leaves = [c for c in g.rows[1] if c.rowspan == 2] + list(g.rows[2])
        out.append("  ".join(_pad(c.text, 1) for c in g.rows[0]).rstrip())
        out.append("  ".join(_pad(c.text, 1) for c in g.rows[1] if c.rowspan == 1).rstrip())
        texts = [c.text for c in leaves]
        for k in range(max(map(len, texts))):
            out.append("".join(f"{(t[k] if k < len(t) else ''):>{vw - 1}}" for t in texts).rstrip())
        out.append("".join(_rjust(_joined(c, st), vw) for c in g.rows[3]).rstrip())
        return out
    lw = 2 * st.wrap_at + 2
    data_rows = [r for r in g.rows if any(c.kind == "value" for c in r)]
    footer_at = data_rows[len(data_rows) // 2] if g.table == "t3" and data_rows else None
    for row in g.rows:
        if row is footer_at:
            out += ["", f"- {st.footer_page} -", "\f"]
        labels = [c.text for c in row if c.kind != "value"]
        values = [_joined(c, st) for c in row if c.kind == "value"]
        if not values:
            out.append("    ".join(labels))
            continue
        label = "".join(labels[-1:])
        lead = "  ".join(labels[:-1])
        head, tail = label[: st.wrap_at], label[st.wrap_at :]
        first = (lead + "  " if lead else "") + head
        out.append(_pad(first, lw) + "".join(_rjust(v, vw) for v in values).rstrip())
        if tail:
            out.append(" " * (_dw(lead) + 2 if lead else 0) + tail)
    return out


_DUMPERS = {
    "cell_per_line": dump_cell_per_line,
    "pipe_rows": dump_pipe_rows,
    "cell_per_line_pipe": dump_cell_per_line_pipe,
    "markdown": dump_markdown,
    "tsv": dump_tsv,
    "pdf_layout": dump_pdf_layout,
}


# ---------------------------------------------------------------- narrative


def _date_zh(iso: str | None) -> str | None:
    if not iso:
        return None
    parts = [int(x) for x in iso.split("-")]
    return f"{parts[0]}年{parts[1]}月" + (f"{parts[2]}日" if len(parts) > 2 else "")


def _headings() -> list[str]:
    return [s["heading_zh"] for s in sorted(load_sections(), key=lambda s: int(s["section_order"]))]


def narrative(rec: dict, st: Style) -> dict[str, list[str]]:
    """Minimal report prose around the tables: chrome, title, preamble with the statistics period,
    the six sections' text, the signature. Keyed by where it goes."""
    agency = rec.get("agency_name") or "本机关"
    short = (rec.get("agency_aliases") or [agency])[0]
    y = rec.get("report_year")
    tpl = rec.get("template") or "v2021"
    notice = "国办公开办函〔2021〕30号" if tpl == "v2021" else "国办公开办函〔2019〕60号"
    region = rec.get("region") or {}
    top: list[str] = []
    prov, city = region.get("province"), region.get("city")
    if prov and prov not in agency:
        top.append(
            " ".join(
                x
                for x in ("中国政府网", f"{prov}政府", f"{city}政府" if city and city not in agency else "")
                if x
            )
        )
    if st.chrome:
        top.append("当前位置:首页 > 政务公开 > 政府信息公开年报")
    if rec.get("title"):
        top.append(rec["title"])
    if st.chrome and rec.get("publication_date") and len(rec["publication_date"]) == 10:
        top.append(f"发布日期:{rec['publication_date']}  来源:")
    pre = [
        _lab(
            f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{notice}要求，本报告由{agency}编制。"
            + (
                f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
                if y and st.extras.get("period", True)
                else ""
            )
            + "如对本报告有疑问，请与本机关联系。",
            st,
        )
    ]
    h = _headings()
    fee = ((rec.get("t3") or {}).get("other_fee_unpaid") or [None])[0]
    total_new = ((rec.get("t3") or {}).get("new_received") or [None] * 7)[-1]
    s1 = [
        _lab(
            f"{y}年，{short}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》，"
            "不断加大政府信息公开力度，提升政务公开质量。",
            st,
        )
    ]
    if tpl == "v2021":
        subs = (
            "（一）主动公开",
            "（二）依申请公开",
            "（三）政府信息管理",
            "（四）政府信息公开平台建设",
            "（五）监督保障",
        )
        texts = (
            f"全年通过门户网站主动公开政府信息{rec.get('_n_published', 120)}条。",
            f"全年共受理依申请公开{total_new if total_new is not None else 0}件，均在法定期限内答复。",
            "严格落实信息发布审核制度，动态更新政府信息公开指南和目录。",
            "持续优化政府网站政务公开专栏，加强政务新媒体管理。",
            "将政务公开工作纳入年度绩效考核，本年度未发生责任追究情况。",
        )
        for a, b in zip(subs, texts, strict=True):
            s1 += [_lab(a, st), _lab(b, st)]
    s5 = [
        _lab("（一）存在的主要问题。一是公开内容不够全面；二是解读形式较为单一。", st),
        _lab(f"（二）改进情况。{y + 1 if y else ''}年，我们将进一步完善工作机制，提升公开质量。", st),
    ]
    s6 = [_lab("本年度未收取政府信息公开信息处理费。" if not fee else "本年度按规定收取信息处理费。", st)]
    sign = [agency]
    if d := _date_zh(rec.get("publication_date")):
        sign.append(d)
    bottom = ["[ 打印本页 | 关闭窗口 ]"] if st.chrome else []
    return {
        "top": top,
        "preamble": pre,
        "h": h,
        "s1": s1,
        "s4_note": [],
        "s5": s5,
        "s6": s6,
        "sign": sign,
        "bottom": bottom,
    }


# ---------------------------------------------------------------- documents


def render(record: dict, layout: str, *, rng: random.Random | None = None, style: Style | None = None) -> str:
    """The full text of `record` rendered in `layout` (for "html", the page source).

    `rng` draws the presentation style (punctuation, header joins, padding width, chrome); pass the same
    seeded rng for the same output. `style` fixes it instead.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {LAYOUTS}")
    st = style or draw_style(rng or random.Random(0), layout)
    gs = grids(record, st)
    nar = narrative(record, st)
    if layout == "html":
        return _render_html(record, gs, nar, st)
    dump = _DUMPERS[layout]
    body: list[str] = []
    ind = st.indent if layout != "tsv" else ""
    h = nar["h"]
    body += nar["top"]
    body += [ind + x for x in nar["preamble"]]
    body += [ind + h[0]] + [ind + x for x in nar["s1"]]
    body += [ind + h[1], *dump(gs["t2"], st)]
    body += [ind + h[2], *dump(gs["t3"], st)]
    body += [ind + h[3], *dump(gs["t4"], st)]
    body += [ind + h[4]] + [ind + x for x in nar["s5"]]
    body += [ind + h[5]] + [ind + x for x in nar["s6"]]
    body += [ind + x for x in nar["sign"]] + nar["bottom"]
    if layout == "cell_per_line":
        tail = NBSP if st.nbsp else ""
        return "".join(f"{x}{tail}\n\n" if x.strip() else "\n" for x in body)
    return "\n".join(body) + "\n"


def _render_html(rec: dict, gs: dict[str, Grid], nar: dict[str, list[str]], st: Style) -> str:
    esc = _html.escape

    def para(t: str) -> str:
        return f"<p>{esc(t)}</p>"

    def cell_html(c: Cell) -> str:
        attrs = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (
            f' colspan="{c.colspan}"' if c.colspan > 1 else ""
        )
        if not c.text.strip():
            inner = "&nbsp;"
        elif st.spans and c.kind != "value":
            inner = "<br>".join("".join(f"<span>{esc(ch)}</span>" for ch in x) for x in c.lines)
        else:
            inner = "<br>".join(esc(x) for x in c.lines)
        return f"<td{attrs}>{inner}</td>"

    def table(g: Grid) -> str:
        rows = "\n".join("<tr>" + "".join(cell_html(c) for c in r) + "</tr>" for r in g.rows)
        return f'<table border="1" cellspacing="0" cellpadding="0">\n<tbody>\n{rows}\n</tbody>\n</table>'

    title = rec.get("title") or ""
    h = nar["h"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title>",
        "</head><body>",
    ]
    if st.chrome:
        parts.append(
            '<div class="top-bar"><a href="#">繁體版</a> <a href="#">无障碍</a> <a href="#">智能问答</a></div>'
        )
    parts.append('<div class="header">' + "".join(f"<div>{esc(x)}</div>" for x in nar["top"]) + "</div>")
    parts.append('<div class="article">')
    parts += [para(x) for x in nar["preamble"]]
    parts += [para(h[0])] + [para(x) for x in nar["s1"]]
    parts += [para(h[1]), table(gs["t2"]), para(h[2]), table(gs["t3"]), para(h[3]), table(gs["t4"])]
    parts += [para(h[4])] + [para(x) for x in nar["s5"]]
    parts += [para(h[5])] + [para(x) for x in nar["s6"]]
    parts += [f'<p style="text-align:right">{esc(x)}</p>' for x in nar["sign"]]
    parts.append("</div>")
    if st.chrome:
        parts.append(
            '<div class="footer">[ 打印本页 ] [ 关闭窗口 ] 主办单位：'
            + esc(rec.get("agency_name") or "")
            + "</div>"
        )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
