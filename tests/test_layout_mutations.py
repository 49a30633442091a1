"""Robustness on layouts the fixtures don't have: the real seeds, re-laid-out the way other dumpers do.

Each mutation changes only presentation (line endings, encoding, punctuation width, separators,
where values wrap), so the parse must still equal the hand-checked ground truth. This guards the
general rules of REPORTS.md §6 and §8 against fitting the five seeds' exact layouts.
"""

from __future__ import annotations

import re

import pytest

from extract.parse import parse_bytes
from tests.conftest import SAMPLES, SEED_NAMES, load_ground_truth

_FULLWIDTH = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，"})
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _text(name: str) -> str:
    return (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")


def _pipe_cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("|") if c.strip()]


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


def utf8_bom(text: str) -> bytes:
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def gb18030(text: str) -> bytes:
    return text.replace("\u00a0", " ").encode("gb18030")


def fullwidth_punctuation(text: str) -> bytes:
    """Real pages keep （）：， (the seeds were pre-normalised to ASCII, REPORTS.md §11.7)."""
    return text.translate(_FULLWIDTH).encode("utf-8")


def fullwidth_digits_in_cells(text: str) -> bytes:
    """Values like `０` on their own (cell-per-line layouts)."""
    out = [
        ln.translate(_FULLWIDTH_DIGITS) if re.fullmatch(r"\s*\d+[\s\u00a0|]*", ln) else ln
        for ln in text.split("\n")
    ]
    return "\n".join(out).encode("utf-8")


def rows_joined(sep: str):
    """Pipe rows re-printed with another separator and no padding (tabs, one space, two spaces)."""

    def mutate(text: str) -> bytes:
        return "\n".join(sep.join(_pipe_cells(ln)) if "|" in ln else ln for ln in text.split("\n")).encode()

    mutate.__name__ = "rows_joined_" + {"\t": "tab", " ": "space", "  ": "two_spaces"}[sep]
    return mutate


def blank_line_between_rows(text: str) -> bytes:
    return "\n\n".join(text.split("\n")).encode("utf-8")


def indented_with_nbsp(text: str) -> bytes:
    return "\n".join(f"  {ln}\u00a0" if ln.strip() else ln for ln in text.split("\n")).encode("utf-8")


def t4_values_on_one_line(text: str) -> bytes:
    """Cell-per-line dump whose table 四 data row was extracted as one line `0 0 … 0` (PDF text)."""
    lines = text.split("\n")
    s5 = next(i for i, ln in enumerate(lines) if ln.strip().startswith("五、"))
    value_idx = [
        i for i, ln in enumerate(lines[:s5]) if re.fullmatch(r"\s*\d+\s*", ln.replace("\u00a0", " "))
    ]
    last = value_idx[-15:]
    joined = " ".join(lines[i].strip().replace("\u00a0", "") for i in last)
    keep = [ln for i, ln in enumerate(lines) if i not in set(last[1:])]
    keep[last[0]] = joined
    return "\n".join(keep).encode("utf-8")


def _tables_span(lines: list[str]) -> tuple[int, int]:
    """Lines from the table-三 section heading to the section-五 heading."""
    a = next(i for i, ln in enumerate(lines) if "收到和处理政府信息公开申请" in ln and len(ln.strip()) < 40)
    b = next(i for i, ln in enumerate(lines) if i > a and ln.strip().startswith("五、"))
    return a, b


def _map_table_lines(text: str, f) -> bytes:
    lines = text.split("\n")
    a, b = _tables_span(lines)
    return "\n".join(f(ln) if a < i < b else ln for i, ln in enumerate(lines)).encode("utf-8")


def total_as_heji(text: str) -> bytes:
    """`(七)合计`: the total row under its other common name."""
    return text.replace("(七)总计", "(七)合计").encode("utf-8")


def numbering_variants(text: str) -> bytes:
    """Sub-row numbering `1、`, `1．` and `（1）` as other templates and word processors print it."""
    styles = [lambda d: f"{d}、", lambda d: f"{d}．", lambda d: f"（{d}）"]
    counter = iter(range(10**6))
    return _map_table_lines(
        text,
        lambda ln: re.sub(r"^(\s*)(\d)\.", lambda m: m.group(1) + styles[next(counter) % 3](m.group(2)), ln),
    )


def ocr_dropped_characters(text: str) -> bytes:
    """Labels truncated by OCR or a narrow cell (REPORTS.md §4.4 variants)."""
    for full, cut in (
        ("社会公益组织", "社会公益"),
        ("确认或重新出具已获取信息", "确认或重新出具"),
        ("(六)其他处理", "(六)其他"),
        ("(六) 其他 处理", "(六) 其他"),
    ):
        text = text.replace(full, cut)
    return text.encode("utf-8")


def page_footers_in_tables(text: str) -> bytes:
    """PDF page furniture (`- 3 -`, `第3页 共10页`) left between table rows, on lines of their own."""
    lines = text.split("\n")
    a, b = _tables_span(lines)
    out = []
    for i, ln in enumerate(lines):
        out.append(ln)
        if a < i < b and (i - a) % 23 == 0:
            out.append(f"- {(i - a) // 23 + 2} -" if (i - a) % 2 else f"第{(i - a) // 23 + 2}页 共30页")
    return "\n".join(out).encode("utf-8")


def wrapped_labels(text: str) -> bytes:
    """Cell-per-line dumps of narrow cells: a long label continues on the next line
    (`2.申请人逾期未按收费通知要求缴纳费用、行政` / `机关不再处理其政府信息公开申请`)."""

    def wrap(ln: str) -> str:
        s = ln.strip()
        if len(s) <= 22 or not re.match(r"[一二三四五六七八九十\d(（]", s) or "勾稽" in s:
            return ln
        return s[:20] + "\n" + s[20:]

    return _map_table_lines(text, wrap)


def t3_rows_on_one_line(text: str) -> bytes:
    """Cell-per-line dump whose table-三 rows were extracted as lines `label 0 0 0 0 0 0 0` (PDF text
    without -layout): each label line takes the value lines that follow it."""
    lines = text.split("\n")
    a, b = _tables_span(lines)
    start = next(i for i in range(a, b) if "本年新收" in lines[i])
    end = next(i for i in range(start, b) if "结转下年度" in lines[i])
    is_value = re.compile(r"\s*\d+\s*").fullmatch
    out, i = lines[:start], start
    while i < len(lines):
        ln = lines[i]
        i += 1
        if i - 1 > end or not ln.strip() or is_value(ln.replace("\u00a0", " ")):
            out.append(ln)
            continue
        vals = []
        while i < len(lines) and (not lines[i].strip() or is_value(lines[i].replace("\u00a0", " "))):
            if lines[i].strip():
                vals.append(lines[i].strip().replace("\u00a0", ""))
            i += 1
        out.append(" ".join([ln.strip(), *vals]) if vals else ln)
    return "\n".join(out).encode("utf-8")


def t3_header_reordered(text: str) -> bytes:
    """The table-三 header block printed in another order (总计 first, the 法人 kinds before 自然人)."""
    lines = text.split("\n")
    a, _b = _tables_span(lines)
    first_row = next(i for i, ln in enumerate(lines) if i > a and "本年新收" in ln)
    head = [i for i in range(a + 1, first_row) if lines[i].strip() and "勾稽" not in lines[i]]
    words = [lines[i] for i in head]
    reordered = [w for w in words if "总计" in w] + [w for w in words if "总计" not in w][::-1]
    for i, w in zip(head, reordered, strict=True):
        lines[i] = w
    return "\n".join(lines).encode("utf-8")


def right_aligned_columns(text: str) -> bytes:
    """Pipe rows re-printed as fixed-width text: the label, then each number right-aligned in 6 columns."""

    def row(ln: str) -> str:
        cells = _pipe_cells(ln)
        k = len(cells)
        while k and re.fullmatch(r"\d+", cells[k - 1]):
            k -= 1
        return "  ".join(cells[:k]) + "".join(f"{c:>6}" for c in cells[k:])

    return "\n".join(row(ln) if "|" in ln else ln for ln in text.split("\n")).encode("utf-8")


def cells_on_own_lines(text: str) -> bytes:
    """Pipe rows dumped one cell per line, empty cells dropped (the cell_per_line layout)."""
    out = []
    for ln in text.split("\n"):
        out.extend(_pipe_cells(ln) if "|" in ln else [ln])
    return "\n".join(out).encode("utf-8")


def _html_row(cells: list[str]) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


def html_rowspan_groups(text: str) -> bytes:
    """Pipe rows as the official HTML template draws table 三: three label columns, `三、本年度办理结果`
    and each `(三)不予公开` group in a rowspan cell, top-level and `(一)` rows spanning with colspan."""
    lines = text.split("\n")
    out, table = ["<html><body>"], []
    numbered_sub = re.compile(r"^\d+\.")

    def flush() -> None:
        if table:
            out.append("<table border=1>" + "".join(table) + "</table>")
            table.clear()

    for i, ln in enumerate(lines):
        if "|" not in ln:
            flush()
            out.append(f"<p>{ln}</p>")
            continue
        cells = _pipe_cells(ln)
        k = len(cells)
        while k and re.fullmatch(r"\d+", cells[k - 1]):
            k -= 1
        labels, values = cells[:k], [f"<td>{v}</td>" for v in cells[k:]]
        if len(values) != 7:  # headers, tables 二 and 四: cell by cell
            table.append(_html_row([f"<td>{c}</td>" for c in cells]))
            continue
        rest = [_pipe_cells(x) for x in lines[i + 1 :]]
        if len(labels) == 2 and labels[0].startswith("三、"):
            span = 1 + next(n for n, r in enumerate(rest) if r and r[0].startswith("四、"))
            tds = [f'<td rowspan="{span}">{labels[0]}</td>', f'<td colspan="2">{labels[1]}</td>']
        elif len(labels) == 2:
            span = 1 + next(n for n, r in enumerate(rest) if not (r and numbered_sub.match(r[0])))
            tds = [f'<td rowspan="{span}">{labels[0]}</td>', f"<td>{labels[1]}</td>"]
        elif numbered_sub.match(labels[0]):
            tds = [f"<td>{labels[0]}</td>"]
        elif labels[0].startswith("("):
            tds = [f'<td colspan="2">{labels[0]}</td>']
        else:
            tds = [f'<td colspan="3">{labels[0]}</td>']
        table.append(_html_row(tds + values))
    flush()
    out.append("</body></html>")
    return "\n".join(out).encode("utf-8")


def then(*mutations):
    """Mutations applied in turn (real dumps combine them: wrapped labels and one-line rows)."""

    def mutate(text: str) -> bytes:
        for m in mutations:
            text = m(text).decode("utf-8")
        return text.encode("utf-8")

    mutate.__name__ = "+".join(m.__name__ for m in mutations)
    return mutate


EVERY_SEED = [
    crlf,
    utf8_bom,
    gb18030,
    fullwidth_punctuation,
    indented_with_nbsp,
    total_as_heji,
    numbering_variants,
    ocr_dropped_characters,
    page_footers_in_tables,
]
PIPE_ROW_SEEDS = ["001_15cf22d5a5bab8ab"]
CELL_PER_LINE_SEEDS = ["000_6c1b3e97f3cda656", "003_de385e6a7bd35784"]

CASES = (
    [(name, m) for name in SEED_NAMES for m in EVERY_SEED]
    + [
        (name, m)
        for name in PIPE_ROW_SEEDS
        for m in (
            rows_joined("\t"),
            rows_joined(" "),
            rows_joined("  "),
            blank_line_between_rows,
            right_aligned_columns,
            cells_on_own_lines,
            html_rowspan_groups,
        )
    ]
    + [
        (name, m)
        for name in CELL_PER_LINE_SEEDS
        for m in (
            t4_values_on_one_line,
            fullwidth_digits_in_cells,
            wrapped_labels,
            t3_header_reordered,
            t3_rows_on_one_line,
            then(wrapped_labels, t3_rows_on_one_line),
            then(page_footers_in_tables, numbering_variants, ocr_dropped_characters),
        )
    ]
    + [
        (name, m)
        for name in PIPE_ROW_SEEDS
        for m in (
            then(cells_on_own_lines, t3_rows_on_one_line),
            then(right_aligned_columns, total_as_heji),
            then(rows_joined(" "), numbering_variants),
        )
    ]
)


@pytest.mark.parametrize(("name", "mutate"), CASES, ids=[f"{n[:3]}-{m.__name__}" for n, m in CASES])
def test_tables_survive_relayout(name, mutate):
    rec, truth = parse_bytes(mutate(_text(name)), f"{name}.txt"), load_ground_truth(name)
    assert rec["template"] == truth["template"]
    assert rec["t2"] == truth["t2"]
    assert rec["t3"] == truth["t3"]
    assert rec["t4"] == truth["t4"]
    assert not [i for i in rec["issues"] if i["severity"] == "error"]


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("mutate", [crlf, utf8_bom, gb18030, fullwidth_punctuation])
def test_metadata_survives_reencoding(name, mutate):
    rec, truth = parse_bytes(mutate(_text(name)), f"{name}.txt"), load_ground_truth(name)
    assert rec["report_year"] == truth["report_year"]
    assert rec["publication_date"] == truth["publication_date"]
    assert rec["agency_name"] in {truth["agency_name"], *truth["agency_aliases"]}
    assert rec["region"] == truth["region"]
