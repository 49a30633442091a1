"""The documented repairs of docs/REPORTS.md §8.5, each accepted only when the balance rules agree.

A repair is a guess; the rules A1–A6 (declared in seeds/template_rule_terms.csv) are the only
evidence a guess is right. A row is repaired when exactly one candidate makes every rule that can
be evaluated pass; otherwise it stays misaligned. Callers flag every accepted repair.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations, pairwise

from extract.template import RuleTerms, load_rule_terms

Values = list  # a row or a t4 list: numbers or None
MAX_EXTRA_TOKENS = 3


def merge_candidates(raws: Sequence[str], n: int) -> list[list[str]]:
    """Every way to glue adjacent digit tokens back into `n` numbers (`108`,`66` → `10866`).

    A merged number never starts with 0, and only runs of plain digits merge, so `0`,`5` is never
    read as `05`. More than MAX_EXTRA_TOKENS extra tokens gives no candidates: too much guessing.
    """
    extra = len(raws) - n
    if extra <= 0 or extra > MAX_EXTRA_TOKENS or n <= 0:
        return []
    out: list[list[str]] = []
    for cuts in combinations(range(1, len(raws)), n - 1):
        bounds = (0, *cuts, len(raws))
        merged: list[str] = []
        for a, b in pairwise(bounds):
            part = raws[a:b]
            if len(part) > 1 and (not all(p.isdigit() for p in part) or part[0].startswith("0")):
                break
            merged.append("".join(part))
        else:
            out.append(merged)
    return out


def _sum(vals: Sequence[int | float | None]) -> int | float:
    return sum(v for v in vals if v is not None)


def rule_holds(lhs: Sequence[int | float | None], rhs: Sequence[int | float | None]) -> bool | None:
    """One rule instance under §7.1: None when it cannot decide (all null, or a null total)."""
    if all(v is None for v in (*lhs, *rhs)):
        return None
    if any(v is None for v in lhs):
        return None
    return abs(_sum(lhs) - _sum(rhs)) < 0.0005


def _t3_checks(
    grid: dict[str, Values | None], row: str, rules: dict[str, RuleTerms], col_keys: Sequence[str]
) -> list[bool]:
    """Outcomes of the decidable rules that involve `row`; rows still unknown make a rule undecidable."""
    out: list[bool] = []
    r3 = rules.get("A3")
    vals = grid[row]
    if r3 is not None and vals is not None:
        idx = {k: i for i, k in enumerate(col_keys)}
        res = rule_holds([vals[idx[k]] for k in r3.lhs], [vals[idx[k]] for k in r3.rhs])
        if res is not None:
            out.append(res)
    for rid in ("A1", "A2"):
        rule = rules.get(rid)
        if rule is None or row not in (*rule.lhs, *rule.rhs):
            continue
        terms = [grid.get(k) for k in (*rule.lhs, *rule.rhs)]
        if any(t is None for t in terms):
            continue  # a term row is itself unknown: this rule cannot judge the candidate
        for c in range(len(col_keys)):
            res = rule_holds([grid[k][c] for k in rule.lhs], [grid[k][c] for k in rule.rhs])
            if res is not None:
                out.append(res)
    return out


def resolve_t3(
    grid: dict[str, Values | None],
    candidates: dict[str, list[Values]],
    version: str,
    col_keys: Sequence[str],
    needs: Callable[[str], str] = lambda row: "any",
) -> dict[str, Values]:
    """Pick, for each row with candidates, the one candidate the rules accept.

    `grid` holds the rows already read (None for rows still unknown). `needs(row)` is "any" when
    any decidable rule may confirm the candidate, or "column" when a column rule (A1/A2) must,
    as for the positional guess whose A3 holds by construction. Repeats while rows get decided,
    since one accepted row can make another row's column rules decidable.
    """
    rules = load_rule_terms(version)
    chosen: dict[str, Values] = {}
    pending = dict(candidates)
    progress = True
    while pending and progress:
        progress = False
        for row, cands in list(pending.items()):
            passing = []
            for cand in cands:
                grid[row] = cand
                checks = _t3_checks(grid, row, rules, col_keys)
                if needs(row) == "column":
                    col_checks = _column_checks(grid, row, rules, col_keys)
                    ok = bool(col_checks) and all(col_checks)
                else:
                    ok = bool(checks) and all(checks)
                if ok:
                    passing.append(cand)
            grid[row] = None
            if len(passing) == 1:
                grid[row] = chosen[row] = passing[0]
                del pending[row]
                progress = True
    return chosen


def _column_checks(
    grid: dict[str, Values | None], row: str, rules: dict[str, RuleTerms], col_keys: Sequence[str]
) -> list[bool]:
    out: list[bool] = []
    for rid in ("A1", "A2"):
        rule = rules.get(rid)
        if rule is None or row not in (*rule.lhs, *rule.rhs):
            continue
        terms = [grid.get(k) for k in (*rule.lhs, *rule.rhs)]
        if any(t is None for t in terms):
            continue
        for c in range(len(col_keys)):
            res = rule_holds([grid[k][c] for k in rule.lhs], [grid[k][c] for k in rule.rhs])
            if res is not None:
                out.append(res)
    return out


def resolve_t4(candidates: list[Values], version: str, col_keys: Sequence[str]) -> Values | None:
    """The one 15-value candidate for which A4–A6 all hold, if exactly one does."""
    rules = load_rule_terms(version)
    idx = {k: i for i, k in enumerate(col_keys)}
    passing = []
    for cand in candidates:
        outcomes = [
            rule_holds([cand[idx[k]] for k in r.lhs], [cand[idx[k]] for k in r.rhs])
            for rid, r in rules.items()
            if rid in ("A4", "A5", "A6")
        ]
        decided = [o for o in outcomes if o is not None]
        if decided and all(decided):
            passing.append(cand)
    return passing[0] if len(passing) == 1 else None
