"""Tables a PDF/OCR→Markdown converter shredded: many small Markdown tables, labels lost or split.

What survives a converter is each printed row as a Markdown row, in document order. A row is found
by its label (stray spaces removed, `三、本年度办 理结果`), wherever the converter put it in the row;
its values by position, whatever header row the converter printed above it (`数据1…数据6`, or the
header of another table). A row that lost its label is placed by order between the labelled rows
around it, and only when that order leaves no choice (as many unlabelled rows as template rows
missing between the two anchors) and the balance rules A2/A3 then hold: such cells are flagged
`placed_by_order` and `rule_resolved`. Anything else stays as the regular reader left it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.record import issue
from extract.recover import build as b
from extract.tables import _t3_label_rows, label_norm, match_t2_label
from extract.template import load_rule_terms, load_template
from extract.values import INT, parse_value

_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_NUM = re.compile(r"^\d+(?:\.\d+)?$")
_T4_HEADING = re.compile(r"行政复议")
_END = re.compile(r"存在的主要问题|主要问题|其他需要报告|改进情况")


@dataclass
class MdRow:
    line: int  # 1-based
    cells: list[str]


def md_rows(lines: list[str]) -> list[MdRow]:
    """Every Markdown table row (separators dropped), header rows included: converters put values there."""
    out = []
    for i, s in enumerate(lines):
        t = s.strip()
        if not t.startswith("|") or _SEPARATOR.match(t):
            continue
        out.append(MdRow(i + 1, [c.strip() for c in t.strip("|").split("|")]))
    return out


def _is_num(s: str) -> bool:
    return bool(_NUM.match(s.replace(" ", "")))


def _values(cells: list[str], n: int) -> list[str] | None:
    """The n value cells of a row; None when their positions are not certain.

    A grid converter pads a row with empty cells (a spanned label, a wider header): with more than n
    cells, the n values are the one contiguous window whose cells outside it are all empty. Two such
    windows that read differently (`|  | 9 | 0 | … |  |`) leave the row unplaced."""
    if not all(v == "" or _is_num(v) for v in cells):
        return None
    windows = [cells[i : i + n] for i in range(len(cells) - n + 1)
               if not any(cells[:i]) and not any(cells[i + n :])]  # fmt: skip
    readings = {tuple(w) for w in windows}
    if len(readings) != 1:
        return None
    vals = list(readings.pop())
    return vals if any(vals) else None


@dataclass
class _Row:
    line: int
    vals: list[str] | None  # None: a labelled row whose value positions are not certain
    key: str | None = None  # template row, once known
    by_order: bool = False


def _t3_rows(rows: list[MdRow], version: str) -> tuple[list[_Row], int | None]:
    """The value rows of table 三 in document order, labelled where a label was found."""
    tpl = load_template(version)
    data = [r for r in tpl.t3_rows]
    out: list[_Row] = []
    last = -1
    end_line = None
    for r in rows:
        label_at, hits = None, ()
        for j, c in enumerate(r.cells):
            if not c or _is_num(c):
                continue
            hits = tuple(h for h in _t3_label_rows(label_norm(c, False), version) if data[h].is_data_row)
            if hits:
                label_at = j
                break
        if label_at is not None:
            pick = next((h for h in hits if h > last), None)
            if pick is None or not any(_is_num(c) for c in r.cells[label_at + 1 :]):
                continue  # a header row (`| 商业企业 | … | 其他 |`) or a label alone: not a row of values
            vals = _values(r.cells[label_at + 1 :], 7)
            last = pick
            # a labelled row whose values cannot be placed still anchors the order: no unlabelled row
            # may be given its place
            out.append(_Row(r.line, vals, data[pick].key))
            if data[pick].key == "carried_forward":
                end_line = r.line
                break
            continue
        vals = _values(r.cells, 7)
        if vals is not None and all(v != "" for v in vals):
            out.append(_Row(r.line, vals))
    return out, end_line


def _place(rows: list[_Row], version: str) -> list[str]:
    """Unlabelled rows given the template rows missing between their labelled neighbours, when the
    counts match; returns the problems met (one issue each)."""
    keys = [r.key for r in load_template(version).t3_data_rows]
    pos = {k: i for i, k in enumerate(keys)}
    labelled = {r.key for r in rows if r.key}
    problems = []
    i = 0
    prev = -1
    while i < len(rows):
        if rows[i].key:
            prev = pos[rows[i].key]
            i += 1
            continue
        j = i
        while j < len(rows) and not rows[j].key:
            j += 1
        nxt = pos[rows[j].key] if j < len(rows) else len(keys)
        missing = [k for k in keys[prev + 1 : nxt] if k not in labelled]
        group = rows[i:j]
        if len(missing) == len(group):
            for r, k in zip(group, missing, strict=True):
                r.key, r.by_order = k, True
        else:
            problems.append(
                f"lines {group[0].line}-{group[-1].line}: {len(group)} rows without a label where "
                f"{len(missing)} template rows are missing ({', '.join(missing) or 'none'}); not placed"
            )
        i = j
    return problems


def _num(v: str):
    return parse_value(v, INT, "件").value if v else None


def recover_markdown(result: dict, lines: list[str]) -> dict:
    """Fill the null cells of `result` that the Markdown rows prove; never overwrite a value read."""
    version = (result.get("table_templates") or {}).get("t3") or result.get("template")
    if version not in ("v2019", "v2021"):
        return result
    rows = md_rows(lines)
    t3rows, end_line = _t3_rows(rows, version)
    issues: list[dict] = []
    problems = _place(t3rows, version)
    for p in problems:
        issues.append(issue("warning", "unplaced_rows", f"table 三 {p}"))
    placed = {r.key: r for r in t3rows if r.key and r.vals is not None}
    # the balance rules must confirm a reading that placed rows by order
    by_order = [k for k, r in placed.items() if r.by_order]
    if by_order and not _confirmed(placed, by_order, version):
        issues.append(
            issue(
                "warning",
                "unplaced_rows",
                f"table 三: rows without labels ({', '.join(by_order)}) would be placed by order, but A2 (per "
                "column) and A3 (per row) do not confirm it; left null",
            )
        )
        for k in by_order:
            del placed[k]
        by_order = []
    changed = _merge_t3(result, placed, version, issues)
    changed |= _merge_t4(result, rows, end_line, lines, issues)
    changed |= _merge_t2(result, lines, rows, issues)
    if not changed and not issues:
        return result
    if by_order:
        issues.append(
            issue(
                "info",
                b.PLACED_BY_ORDER,
                f"table 三: {len(by_order)} rows without labels placed by order between labelled rows and "
                f"confirmed by A2/A3: {', '.join(by_order)}",
            )
        )
    result["issues"] = [*result["issues"], *issues]
    b.refresh(result)
    return result


def _confirmed(placed: dict[str, _Row], by_order: list[str], version: str) -> bool:
    """A3 holds on every row placed by order, and A2 (results total = the leaves) in every column.

    A1 is not asked: it does not involve the leaf rows, so it cannot confirm where they were placed
    (and a single cell lost in the conversion would otherwise veto every placement)."""
    a2 = load_rule_terms(version)["A2"]
    if not all(k in placed for k in (*a2.lhs, *a2.rhs)):
        return False
    grid = {k: [_num(v) for v in r.vals] for k, r in placed.items()}
    for k in by_order:
        row = grid[k]
        if row[6] is None or row[6] != sum(v or 0 for v in row[:6]):
            return False
    for c in range(7):
        total = grid[a2.lhs[0]][c]
        if total is None or total != sum(grid[k][c] or 0 for k in a2.rhs):
            return False
    return True


def _merge_t3(result: dict, placed: dict[str, _Row], version: str, issues: list[dict]) -> bool:
    cols = [c.key for c in load_template(version).t3_columns]
    by_key = {c["key"]: i for i, c in enumerate(result["cells"])}
    changed = False
    for key, r in placed.items():
        row = result["t3"].get(key)
        if row is None:
            continue
        mine = [_num(raw) for raw in r.vals]
        clash = [
            i for i, (have, v) in enumerate(zip(row, mine, strict=True)) if have is not None and have != v
        ]
        if clash:  # the two readings disagree on where the values are: trust neither more, fill nothing
            issues.append(
                issue(
                    "warning",
                    "recovery_conflict",
                    f"t3.{key}: read {row}, the Markdown row {r.vals} (line {r.line}) says {mine}; kept the "
                    "values read, filled nothing from it",
                    r.line,
                    cell=f"t3.{key}",
                )
            )
            continue
        for i, (c, raw) in enumerate(zip(cols, r.vals, strict=True)):
            v = _num(raw)
            if row[i] is not None or v is None:
                continue
            flags = [b.PLACED_BY_ORDER, b.RULE_RESOLVED] if r.by_order else None
            cell = b.make_cell("t3", None, key, c, v, unit="件", flags=flags, line=r.line, raw=raw)
            _put(result, by_key, cell)
            row[i] = cell["value"]
            changed = True
    return changed


def _put(result: dict, by_key: dict[str, int], cell: dict) -> None:
    at = by_key.get(cell["key"])
    if at is None:
        by_key[cell["key"]] = len(result["cells"])
        result["cells"].append(cell)
    else:
        result["cells"][at] = cell


def _merge_t4(
    result: dict, rows: list[MdRow], end_line: int | None, lines: list[str], issues: list[dict]
) -> bool:
    """Table 四 by position: the numeric Markdown rows after its heading, in order, 15 values in all."""
    if end_line is None or any(v is not None for v in result["t4"]) or not result["t4"]:
        return False  # table 四 is filled from the Markdown rows only when nothing of it was read
    start = next((i for i in range(end_line, len(lines)) if _T4_HEADING.search(lines[i])), None)
    if start is None:
        return False
    stop = next(
        (i for i in range(start, len(lines)) if _END.search(lines[i]) and "|" not in lines[i]), len(lines)
    )
    vals: list[tuple[str, int]] = []
    n_rows = 0
    for r in rows:
        if not (start < r.line <= stop):
            continue
        cells = list(r.cells)
        while cells and cells[-1] == "":
            cells.pop()
        if not cells or not all(c == "" or _is_num(c) for c in cells):
            continue
        if "" in cells:  # an empty cell inside a row of 四: its position among the 15 is not certain
            vals = []
            break
        vals += [(c, r.line) for c in cells]
        n_rows += 1
    if len(vals) != 15:
        if vals:
            issues.append(
                issue(
                    "warning",
                    "misaligned_row",
                    f"t4: {len(vals)} values in the Markdown rows after "
                    "the table 四 heading, not 15; not placed",
                    start + 1,
                    cell="t4",
                )
            )
        return False
    cols = [c.key for c in load_template(result["table_templates"].get("t4") or "v2021").t4_columns]
    by_key = {c["key"]: i for i, c in enumerate(result["cells"])}
    changed = False
    for i, (c, (raw, line)) in enumerate(zip(cols, vals, strict=True)):
        if result["t4"][i] is not None:
            continue
        flags = [b.PLACED_BY_ORDER] if n_rows > 1 else None
        cell = b.make_cell("t4", None, None, c, _num(raw), unit="件", flags=flags, line=line, raw=raw)
        _put(result, by_key, cell)
        result["t4"][i] = cell["value"]
        changed = True
    return changed


_PLAIN_ROW = re.compile(r"^(?P<label>[^\d|]+?)\s+(?P<vals>\d[\d.\s]*)$")


def _merge_t2(result: dict, lines: list[str], rows: list[MdRow], issues: list[dict]) -> bool:
    """Table 二 rows by label, in any order: Markdown rows, or plain `行政许可 97` lines."""
    version = (result.get("table_templates") or {}).get("t2")
    if version not in ("v2019", "v2021"):
        return False
    tpl = load_template(version)
    first = next((i for i, s in enumerate(lines) if "第二十条" in s), None)
    if first is None:
        return False
    t3_at = next(
        (r.line for r in rows if r.line > first and any("本年新收" in c for c in r.cells)), len(lines)
    )
    found: dict[str, tuple[list[str], int]] = {}
    for i in range(first, min(t3_at, len(lines))):
        s = lines[i].strip()
        if s.startswith("|"):
            cells = [c.strip() for c in s.strip("|").split("|")]
            label, vals = cells[0], cells[1:]
        else:
            m = _PLAIN_ROW.match(s)
            if not m:
                continue
            label, vals = m.group("label"), m.group("vals").split()
        key = match_t2_label(label_norm(label, False), version)
        if key is None or not all(_is_num(v) for v in vals if v):
            continue
        found.setdefault(key, (vals, i + 1))
    by_key = {c["key"]: i for i, c in enumerate(result["cells"])}
    changed = False
    for key, (vals, line) in found.items():
        cols = tpl.t2_columns_of(key)
        if len(vals) != len(cols) or key not in result["t2"]:
            continue
        for c, raw in zip(cols, vals, strict=True):
            if result["t2"][key].get(c.col_key) is not None or not raw:
                continue
            cell = b.make_cell(
                "t2", c.subtable_id, key, c.col_key, raw, kind=c.value_type, unit=c.unit, line=line, raw=raw
            )
            if cell["value"] is None:
                continue
            _put(result, by_key, cell)
            result["t2"][key][c.col_key] = cell["value"]
            changed = True
    return changed
