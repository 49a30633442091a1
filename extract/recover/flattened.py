"""Tables of a flattened crawl (one line of body text, cells run together), read as constraint problems.

`flat` finds each row's run of digits; table 三 and 四 are then split by `t3t4` under the balance
rules, table 二 by `t2` under the narrative. Every value is either the only reading of its digits,
the only reading the rules (or the text) allow, flagged so, or null with an issue listing the
readings that remain.
"""

from __future__ import annotations

import re
from typing import Any

from extract import template_detect as td
from extract.record import issue
from extract.recover import build as b
from extract.recover.flat import find_t2, find_t3, find_t4, is_flattened, nfkc, t3_heading_at
from extract.recover.t2 import narrative_facts, split_t2_row
from extract.recover.t3t4 import AMBIGUOUS, NONE, TOO_MANY, UNIQUE, row_candidates, solve_t3, solve_t4
from extract.template import load_template
from extract.values import INT

LAYOUT = "flattened"
_T3_CUE = ("本年新收", "结转下年度")
MIN_LINE = 200


_GLUE_ANCHORS = ("申请数量", "继续办理", "总计")
_SEVEN_DIGITS = re.compile(r" ?[0-9]{7}")


def looks_flattened(lines: list[str], text: str | None = None) -> bool:
    """Cheap pre-test: one long line holding both ends of table 三, or a table-三 label that runs
    straight into seven digits or more (a crawl that kept a line per table row but no cell border).
    `text` is "\\n".join(lines) when the caller has it."""
    for s in lines:
        if len(s) >= MIN_LINE and "收" in s and "转" in s:  # two characters first: paragraphs are long too
            squeezed = "".join(s.split())  # a stray space may sit inside a label (`本年 新收`)
            if all(c in squeezed for c in _T3_CUE):
                return True
    if text is None:
        text = "\n".join(lines)
    # the ends of table-三 labels, then seven digits or more with at most a space between: str.find
    # for the anchors costs a tenth of a regex scan of the whole text
    for anchor in _GLUE_ANCHORS:
        at = text.find(anchor)
        while at != -1:
            if _SEVEN_DIGITS.match(text, at + len(anchor)):
                return True
            at = text.find(anchor, at + 1)
    return False


def read_flattened(lines: list[str]) -> dict | None:
    """The tables of a flattened crawl in the read_tables result shape, or None when it is not one."""
    text = nfkc("\n".join(lines))
    found = [(v, find_t3(text, v)) for v in ("v2021", "v2019")]
    found = [(v, t) for v, t in found if t is not None]
    if not found:
        return None
    # a v2019 table matches as many v2021 labels as its own (all but the three （六） sub-rows): a tie is v2019
    ver3, t3 = max(found, key=lambda vt: (vt[1].labels_found, vt[0] == "v2019"))
    if not is_flattened(text, t3):
        return None
    issues: list[dict] = []
    heading = t3_heading_at(text[: t3.start + 1]) or t3.start
    t2_region = re.sub(r"\s", "", text[:heading])
    v2 = _t2_version(t2_region[t2_region.find("第二十条") :] if "第二十条" in t2_region else "")
    template, mixed = td.overall(v2, ver3, any(m in text[:3000] for m in td.PREAMBLE_MARKERS_V2021))
    ver2 = v2 or ver3
    if mixed:
        issues.append(
            issue("warning", "mixed_template", f"table 二 follows {v2} but table 三 follows {ver3}")
        )
    cells: list[dict] = []
    facts = narrative_facts(text[:heading] + text[t3.end :], ver2)
    t2 = t2_cells(text, ver2, heading, facts, cells, issues)
    t3v = _t3_cells(t3, ver3, cells, issues)
    t4_raw, t4_chunks, t4_line = find_t4(text, t3.end)
    t4v = t4_cells(ver3, t4_raw, t4_chunks, t4_line, cells, issues)
    issues.insert(
        0,
        issue(
            "info",
            "flattened_tables",
            "table cells run together in one line of text (a flattened crawl): runs of digits "
            "split by the template's balance rules; see the cell flags",
        ),
    )
    values = {
        "t2": [v for r in t2.values() for v in r.values()],
        "t3": [v for r in t3v.values() for v in r],
        "t4": t4v,
    }
    status = {k: b.table_status(v) for k, v in values.items()}
    return {
        "layout": LAYOUT,
        "template": "mixed" if mixed else template,
        "table_templates": {"t2": ver2, "t3": ver3, "t4": ver3},
        "t2": t2,
        "t3": t3v,
        "t4": t4v,
        "t2_extras": [],
        "t3_extras": [],
        "table_status": status,
        "cell_flags": {c["key"]: c["flags"] for c in cells if c["flags"]},
        "cells": cells,
        "issues": issues,
    }


def _t2_version(region: str) -> str | None:
    v19 = len(td._V2019.findall(region))
    v21 = len(td._V2021.findall(region))
    if v19 == v21 == 0:
        return None
    return td.V2019 if v19 > v21 else td.V2021


def t2_cells(
    text: str, version: str, end: int, facts: dict, cells: list[dict], issues: list[dict]
) -> dict[str, dict[str, Any]]:
    tpl = load_template(version)
    rows = find_t2(text, version, end)
    out: dict[str, dict[str, Any]] = {}
    for key in tpl.t2_row_keys:
        cols = tpl.t2_columns_of(key)
        fr = rows.get(key)
        out[key] = {}
        if fr is None or fr.chunks is None:
            why = "label not found" if fr is None or fr.raw is None else f"run {fr.raw!r} is not digits"
            flag = "missing_row" if fr is None or fr.raw is None else b.UNREADABLE_RUN
            for c in cols:
                cell = b.make_cell(
                    "t2",
                    c.subtable_id,
                    key,
                    c.col_key,
                    None,
                    kind=c.value_type,
                    unit=c.unit,
                    flags=[flag],
                    line=fr.line if fr else None,
                )
                issues.append(issue("warning", flag, f"{cell['key']}: {why}", cell["line"], cell=cell["key"]))
                out[key][c.col_key] = None
                cells.append(cell)
            continue
        reading = split_t2_row(fr.chunks, cols, facts)
        name = f"t2.{key}"
        if reading.status in ("none", "conflict"):
            why = (
                "the template's cell types"
                if reading.status == "none"
                else f"the counts the report's text states ({b.readings_text(reading.candidates)} all disagree)"
            )
            for c in cols:
                issues.append(b.no_split_issue(name, fr.raw, why, fr.line, f"{name}.{c.col_key}"))
        elif reading.status == "ambiguous":
            for c, v in zip(cols, reading.values, strict=True):
                if v is None:
                    issues.append(
                        b.ambiguous_issue(name, fr.raw, reading.candidates, fr.line, f"{name}.{c.col_key}")
                    )
        for c, v, flags in zip(cols, reading.values, reading.flags, strict=True):
            cell = b.make_cell(
                "t2",
                c.subtable_id,
                key,
                c.col_key,
                v,
                kind=c.value_type,
                unit=c.unit,
                flags=flags or None,
                line=fr.line,
            )
            out[key][c.col_key] = cell["value"]
            cells.append(cell)
    return out


def _t3_cells(t3, version: str, cells: list[dict], issues: list[dict]) -> dict[str, list[Any]]:
    tpl = load_template(version)
    cols = [c.key for c in tpl.t3_columns]
    cands: dict[str, list[tuple]] = {}
    needs_rules: set[str] = set()
    row_flag: dict[str, str] = {}
    for r in tpl.t3_data_rows:
        fr = t3.rows.get(r.key)
        name = f"t3.{r.key}"
        if fr is None or fr.raw is None:
            row_flag[r.key] = "missing_row"
            issues.append(
                issue("warning", "missing_row", f"{name}: label not found in the flattened text", cell=name)
            )
            continue
        if fr.chunks is None:
            row_flag[r.key] = b.UNREADABLE_RUN
            issues.append(
                issue(
                    "warning",
                    b.UNREADABLE_RUN,
                    f"{name}: {fr.raw!r} after the label is not a run of digits",
                    fr.line,
                    cell=name,
                )
            )
            continue
        if not fr.chunks:  # nothing printed after the label: every cell left blank
            cands[r.key] = [(None,) * 7]
            continue
        readings, plain = row_candidates(fr.chunks, version)
        if readings is None:
            row_flag[r.key] = b.AMBIGUOUS_SPLIT
            issues.append(
                issue(
                    "warning",
                    b.AMBIGUOUS_SPLIT,
                    f"{name}: the run {fr.raw!r} has too many readings that "
                    "satisfy A3 to settle; the cells are null",
                    fr.line,
                    cell=name,
                )
            )
            continue
        if not readings:
            row_flag[r.key] = b.NO_CONSISTENT_SPLIT
            issues.append(
                b.no_split_issue(name, fr.raw, "A3 (total = the six applicant columns)", fr.line, name)
            )
            continue
        cands[r.key] = readings
        if plain > 1:
            needs_rules.add(r.key)
    solved = solve_t3(version, cands)
    if solved.status in (NONE, TOO_MANY):
        why = (
            "A1/A2 over the columns together with A3"
            if solved.status == NONE
            else f"the rules in fewer than {solved.solutions} ways"
        )
        for k in list(cands):
            if k in needs_rules:
                if solved.status == NONE:
                    issues.append(
                        b.no_split_issue(f"t3.{k}", t3.rows[k].raw, why, t3.rows[k].line, f"t3.{k}")
                    )
                    row_flag[k] = b.NO_CONSISTENT_SPLIT
                else:
                    issues.append(
                        b.ambiguous_issue(f"t3.{k}", t3.rows[k].raw, cands[k], t3.rows[k].line, f"t3.{k}")
                    )
                    row_flag[k] = b.AMBIGUOUS_SPLIT
        values = {k: c[0] for k, c in cands.items() if k not in needs_rules}
    else:
        values = solved.values
        for k, readings in solved.ambiguous.items():
            issues.append(b.ambiguous_issue(f"t3.{k}", t3.rows[k].raw, readings, t3.rows[k].line, f"t3.{k}"))
    resolved = [k for k in needs_rules if k in values and k not in solved.ambiguous]
    if resolved and solved.status in (UNIQUE, AMBIGUOUS):
        issues.append(
            issue(
                "info",
                b.RULE_RESOLVED,
                f"table 三: {len(resolved)} rows split by the balance rules "
                f"A1-A3 (exactly one reading of the whole table satisfies them): {', '.join(resolved)}",
            )
        )
    out: dict[str, list[Any]] = {}
    for r in tpl.t3_data_rows:
        fr = t3.rows.get(r.key)
        line = fr.line if fr else None
        vals = values.get(r.key)
        row = []
        for i, c in enumerate(cols):
            v = vals[i] if vals is not None else None
            if vals is None:
                flags = [row_flag.get(r.key, b.NO_CONSISTENT_SPLIT)]
            elif v is None:
                flags = [b.AMBIGUOUS_SPLIT] if r.key in solved.ambiguous else None
            else:
                flags = [b.RULE_RESOLVED] if r.key in needs_rules else None
            cell = b.make_cell("t3", None, r.key, c, v, kind=INT, unit="件", flags=flags, line=line)
            row.append(cell["value"])
            cells.append(cell)
        out[r.key] = row
    return out


def t4_cells(
    version: str,
    raw: str | None,
    chunks: list[str] | None,
    line: int | None,
    cells: list[dict],
    issues: list[dict],
) -> list[Any]:
    cols = [c.key for c in load_template(version).t4_columns]
    vals: tuple | None = None
    flag: str | None = None
    if raw is None or chunks is None:
        flag = "missing_row" if raw is None else b.UNREADABLE_RUN
        issues.append(
            issue(
                "warning",
                flag,
                "t4: no run of digits found after the table 四 header" + (f" ({raw!r})" if raw else ""),
                line,
                cell="t4",
            )
        )
    else:
        status, vals, readings, plain = solve_t4(chunks)
        if status == NONE:
            flag = b.NO_CONSISTENT_SPLIT
            issues.append(b.no_split_issue("t4", raw, "A4-A6 (each total = its four parts)", line, "t4"))
        elif status == AMBIGUOUS:
            issues.append(b.ambiguous_issue("t4", raw, readings, line, "t4"))
        elif plain > 1:
            issues.append(
                issue(
                    "info", b.RULE_RESOLVED, f"t4: {raw!r} split by A4-A6 into {list(vals)}", line, cell="t4"
                )
            )
    out = []
    for i, c in enumerate(cols):
        v = vals[i] if vals is not None else None
        if vals is None:
            flags = [flag]
        elif v is None:
            flags = [b.AMBIGUOUS_SPLIT]
        else:
            flags = [b.RULE_RESOLVED] if plain > 1 else None
        cell = b.make_cell("t4", None, None, c, v, kind=INT, unit="件", flags=flags, line=line)
        out.append(cell["value"])
        cells.append(cell)
    return out
