"""Every OCR cell verified by the template's arithmetic or flagged: a misread 8 never passes silently.

An OCR engine's confidence is evidence, not proof: it is high on some misreads and low on many right
reads of a small `0`. The proof is the report's own balance rules (A1–A6, seeds/template_rule_terms.csv):
a printed total must equal the sum of its parts, so a misread digit breaks every rule the cell is in,
unless another misread cancels it exactly. Hence, for every cell of a document read by OCR:

- `ocr` always, and the cell keeps its `confidence` (0..1);
- `ocr_verified` when a rule instance that holds contains it (every term read, none unreadable);
- `ocr_unverified` when a rule instance that fails contains it (the agency's own arithmetic error and a
  misread look alike here: the value is kept when the engine was sure of it, and named in a warning);
- `ocr_low_confidence` below the threshold (`OGI_OCR_MIN_CONFIDENCE`, default 0.9): kept only when a
  rule verifies it, otherwise null with an issue — not read with certainty, not proven;
- `ocr_unreadable`: ink the engine could not turn into text, null with an issue (never a blank);
- a count whose text is not digits (`1O`, `S`) is not a count: the confusable letters (O/o→0, l/I/|→1,
  S/s→5, B→8) are substituted only when every rule the cell is in then holds and one does
  (`ocr_confusable`), otherwise the cell is null with an issue.

- an uncertain cell (low confidence, unreadable, not a number) that two rule instances solve to the
  same whole number, all other terms trusted, takes that number (`ocr_derived`, with a warning that
  names the rules): proven by the template's arithmetic, not read. A confident read is never
  overwritten this way: an agency's own arithmetic error stays as printed, in a failing rule.

Cells no rule can check (table 二, or a rule with an unreadable term) keep `ocr` and their confidence;
the document gets a warning naming the cells that are neither verified nor certain.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any

from extract.record import Record, issue
from extract.repair import rule_holds
from extract.template import load_rule_terms, load_template

DEFAULT_MIN_CONFIDENCE = 0.9
OCR, VERIFIED, UNVERIFIED = "ocr", "ocr_verified", "ocr_unverified"
LOW_CONFIDENCE, UNREADABLE, CONFUSABLE = "ocr_low_confidence", "ocr_unreadable", "ocr_confusable"
DERIVED = "ocr_derived"
UNREADABLE_MARK = "\u25a1"  # what extract.ocr.pages prints for ink it could not read
_CONFUSABLE = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5", "s": "5", "B": "8"})
_DIGITS = re.compile(r"^\d+$")
_DECIMAL = re.compile(r"^\d+(?:\.\d+)?$")
_MAX_NAMED = 40


def min_confidence() -> float:
    """The confidence threshold: `OGI_OCR_MIN_CONFIDENCE` when set to a number in 0..1, else 0.9."""
    raw = os.environ.get("OGI_OCR_MIN_CONFIDENCE")
    try:
        v = float(raw) if raw else DEFAULT_MIN_CONFIDENCE
    except ValueError:
        return DEFAULT_MIN_CONFIDENCE
    return v if 0.0 <= v <= 1.0 else DEFAULT_MIN_CONFIDENCE


def _instances(rec: Record) -> list[tuple[str, list[str], list[str]]]:
    """Every rule instance of the record as (label, lhs cell keys, rhs cell keys)."""
    tt = rec.get("table_templates") or {}
    out: list[tuple[str, list[str], list[str]]] = []
    v3 = tt.get("t3") or rec.get("template")
    if v3 in ("v2019", "v2021"):
        tpl = load_template(v3)
        rules = load_rule_terms(v3)
        cols = [c.key for c in tpl.t3_columns]
        for rid in ("A1", "A2"):
            r = rules.get(rid)
            if r is None:
                continue
            for col in cols:
                out.append(
                    (f"{rid}/{col}", [f"t3.{k}.{col}" for k in r.lhs], [f"t3.{k}.{col}" for k in r.rhs])
                )
        r3 = rules.get("A3")
        if r3 is not None:
            for row in tpl.t3_data_rows:
                out.append(
                    (
                        f"A3/{row.key}",
                        [f"t3.{row.key}.{k}" for k in r3.lhs],
                        [f"t3.{row.key}.{k}" for k in r3.rhs],
                    )
                )
    v4 = tt.get("t4") or v3
    if v4 in ("v2019", "v2021"):
        rules = load_rule_terms(v4)
        for rid in ("A4", "A5", "A6"):
            r = rules.get(rid)
            if r is not None:
                out.append((rid, [f"t4.{k}" for k in r.lhs], [f"t4.{k}" for k in r.rhs]))
    return out


def _value_type(rec: Record) -> dict[str, str]:
    tt = rec.get("table_templates") or {}
    v2 = tt.get("t2") or rec.get("template")
    if v2 not in ("v2019", "v2021"):
        return {}
    return {c.key: c.value_type for c in load_template(v2).t2_cells}


def _candidate(raw: str, kind: str) -> int | float | None:
    """The number `raw` would be with its confusable letters read as digits, None if still not one."""
    text = raw.replace(" ", "").translate(_CONFUSABLE)
    if _DIGITS.match(text):
        return int(text)
    if kind == "decimal" and _DECIMAL.match(text):
        return float(text)
    return None


def _evaluate(
    instances: list[tuple[str, list[str], list[str]]], values: dict[str, Any], unknown: set[str]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Cell key → labels of the holding instances, and → labels of the failing ones. An instance with
    an unknown term (unreadable, not a number) decides nothing."""
    holds: dict[str, list[str]] = {}
    fails: dict[str, list[str]] = {}
    for label, lhs, rhs in instances:
        terms = (*lhs, *rhs)
        if any(k in unknown for k in terms):
            continue
        res = rule_holds([values.get(k) for k in lhs], [values.get(k) for k in rhs])
        if res is None:
            continue
        for k in terms:
            (holds if res else fails).setdefault(k, []).append(label)
    return holds, fails


def verify_ocr_cells(rec: Record, threshold: float | None = None, only_marked: bool = False) -> Record:
    """Flag, verify or null every cell of a record read by OCR (see the module docstring). In place.

    `only_marked`: the document is partly OCR'd (pictures in a page or a text-layer PDF): only the
    cells whose source is an OCR address (`ocr:...`) are judged; the others are read values the
    rules may use as trusted terms.
    """
    thr = min_confidence() if threshold is None else threshold
    every: dict[str, dict] = {c["key"]: c for c in rec.get("cells") or [] if c.get("key")}
    cells = {
        k: c for k, c in every.items() if not only_marked or str(c.get("source") or "").startswith("ocr:")
    }
    kinds = _value_type(rec)
    values = {k: c.get("value") for k, c in every.items()}
    unknown: set[str] = set()
    candidates: dict[str, int | float] = {}
    for k, c in cells.items():
        flags = c.setdefault("flags", [])
        if OCR not in flags:
            flags.append(OCR)
        raw = (c.get("raw") or "").strip()
        conf = c.get("confidence")
        if raw == UNREADABLE_MARK or (not raw and conf == 0.0):  # ink that no read could turn into text
            unknown.add(k)
            _add(flags, UNREADABLE)
            continue
        if not raw:
            continue
        kind = kinds.get(k, "int")
        if c.get("value") is None or not _well_formed(raw, kind):
            cand = _candidate(raw, kind)
            if cand is not None and cand != c.get("value"):
                candidates[k] = cand
            unknown.add(k)
            continue
        if conf is None or conf < thr:
            _add(flags, LOW_CONFIDENCE)
    instances = _instances(rec)
    holds, fails = _evaluate(instances, values, unknown)
    # a confusable reading is taken only when the rules then prove it
    for k, cand in candidates.items():
        trial = {**values, k: cand}
        h, f = _evaluate(instances, trial, unknown - {k})
        if h.get(k) and not f.get(k):
            values[k] = cand
            unknown.discard(k)
            _set_value(rec, cells[k], cand)
            _add(cells[k]["flags"], CONFUSABLE)
    if candidates:
        holds, fails = _evaluate(instances, values, unknown)
    uncertain = {
        k
        for k in cells
        if (
            (k in unknown and (cells[k].get("raw") or "").strip())
            or UNREADABLE in cells[k]["flags"]
            or LOW_CONFIDENCE in cells[k]["flags"]
        )
        and not holds.get(k)
    }
    derived = _derive(instances, values, uncertain)
    for k, (v, labels) in derived.items():
        c = cells[k]
        unknown.discard(k)
        _set_value(rec, c, v)
        _add(c["flags"], DERIVED)
        rec["issues"].append(
            issue(
                "warning",
                "ocr_derived",
                f"{k}: OCR read {(c.get('raw') or '').strip()!r}, uncertain; the balance rules "
                f"{', '.join(labels)} all give {v}: taken from the rules",
                c.get("line"),
                cell=k,
            )
        )
    if derived:
        holds, fails = _evaluate(instances, values, unknown)
    nulled: list[str] = []
    doubtful: list[str] = []
    for k, c in cells.items():
        flags = c["flags"]
        if holds.get(k):
            _add(flags, VERIFIED)
        if fails.get(k):
            _add(flags, UNVERIFIED)
        raw = (c.get("raw") or "").strip()
        if k in derived:
            continue
        if k in unknown and raw and UNREADABLE not in flags:
            nulled.append(k)
            _set_value(rec, c, None)
            rec["issues"].append(
                issue(
                    "warning",
                    "ocr_not_a_number",
                    f"{k}: OCR read {raw!r}, not a number the rules can prove; left null",
                    c.get("line"),
                    cell=k,
                )
            )
        elif UNREADABLE in flags:
            nulled.append(k)
            _set_value(rec, c, None)
            rec["issues"].append(
                issue(
                    "warning",
                    "ocr_unreadable",
                    f"{k}: the cell holds ink OCR could not read; left null",
                    c.get("line"),
                    cell=k,
                )
            )
        elif LOW_CONFIDENCE in flags and not holds.get(k):
            nulled.append(k)
            rec["issues"].append(
                issue(
                    "warning",
                    "ocr_low_confidence",
                    f"{k}: OCR read {raw!r} with confidence {c.get('confidence') or 0:.2f} "
                    f"(< {thr:.2f}) and no rule proves it; left null",
                    c.get("line"),
                    cell=k,
                )
            )
            _set_value(rec, c, None)
        elif fails.get(k) and not holds.get(k) and c.get("value") is not None:
            doubtful.append(k)
    if doubtful:
        rec["issues"].append(
            issue(
                "warning",
                "ocr_unverified",
                f"OCR cells in failing balance rules, kept as read but unproven: {_names(doubtful)}",
            )
        )
    read = [k for k, c in cells.items() if c.get("value") is not None]
    n_ver = sum(1 for k in read if holds.get(k))
    unchecked = [k for k in read if not holds.get(k) and not fails.get(k)]
    rec["issues"].append(
        issue(
            "warning" if unchecked else "info",
            "ocr_read",
            f"tables read by OCR (confidence threshold {thr:.2f}): {len(read)} cells with a value, {n_ver} proven by "
            f"the balance rules, {len(doubtful)} in failing rules, {len(nulled)} left null; no rule checks "
            f"{len(unchecked)} cells" + (f" ({_names(unchecked)})" if unchecked else ""),
        )
    )
    rec["cell_flags"] = {k: list(c["flags"]) for k, c in every.items() if c.get("flags")}
    return rec


def _derive(
    instances: list[tuple[str, list[str], list[str]]], values: dict[str, Any], uncertain: set[str]
) -> dict[str, tuple[int, list[str]]]:
    """Values of uncertain cells that the rules prove: a cell is solved from every rule instance whose
    other terms are all trusted, and taken only when at least two instances (a row and a column rule)
    give the same non-negative whole number and no instance that can judge it fails. Solved cells are
    trusted in the next pass. `values` and `uncertain` are updated in place."""
    by_cell: dict[str, list[tuple[str, list[str], list[str]]]] = {}
    for inst in instances:
        for k in (*inst[1], *inst[2]):
            by_cell.setdefault(k, []).append(inst)
    out: dict[str, tuple[int, list[str]]] = {}
    changed = True
    while changed:
        changed = False
        for k in sorted(uncertain):
            sols: dict[str, float] = {}
            for label, lhs, rhs in by_cell.get(k, []):
                others = [t for t in (*lhs, *rhs) if t != k]
                if any(t in uncertain for t in others):
                    continue
                if any(values.get(t) is None for t in lhs if t != k):
                    continue
                lsum = sum(values.get(t) or 0 for t in lhs if t != k)
                rsum = sum(values.get(t) or 0 for t in rhs if t != k)
                sols[label] = rsum - lsum if k in lhs else lsum - rsum
            agreed = set(sols.values())
            if len(sols) < 2 or len(agreed) != 1:
                continue
            v = agreed.pop()
            if v < 0 or v != int(v):
                continue
            values[k] = int(v)
            uncertain.discard(k)
            out[k] = (int(v), sorted(sols))
            changed = True
    return out


def _well_formed(raw: str, kind: str) -> bool:
    text = raw.replace(" ", "")
    return bool(_DIGITS.match(text) or (kind == "decimal" and _DECIMAL.match(text)))


def _add(flags: list[str], flag: str) -> None:
    if flag not in flags:
        flags.append(flag)


def _names(keys: Iterable[str]) -> str:
    keys = list(keys)
    more = len(keys) - _MAX_NAMED
    return ", ".join(keys[:_MAX_NAMED]) + (f" and {more} more" if more > 0 else "")


def _set_value(rec: Record, cell: dict, value: int | float | None) -> None:
    """A cell's value, in `cells` and in the record's t2/t3/t4 views."""
    cell["value"] = value
    table, key = cell.get("table"), cell["key"]
    if table == "t2":
        row = rec.get("t2", {}).get(cell.get("row"))
        if row is not None and cell.get("col") in row:
            row[cell["col"]] = value
    elif table in ("t3", "t4"):
        tt = rec.get("table_templates") or {}
        version = tt.get(table) or tt.get("t3") or rec.get("template")
        if version not in ("v2019", "v2021"):
            return
        tpl = load_template(version)
        col = next(
            (c for c in (tpl.t3_columns if table == "t3" else tpl.t4_columns) if c.key == cell.get("col")),
            None,
        )
        if col is None:
            return
        target = rec.get("t3", {}).get(cell.get("row")) if table == "t3" else rec.get("t4")
        if target is not None and col.index < len(target):
            target[col.index] = value
    _ = key
