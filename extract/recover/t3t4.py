"""Tables 三 and 四 as constraint problems over their balance rules (docs/REPORTS.md §7.2).

Each row of table 三 arrives as a list of candidate readings (from `digits.splits`, already filtered
by the row rule A3), or as one fixed reading when its cells were read with certainty. The column
rules A1 and A2 then couple the rows. `solve_t3` enumerates every assignment of one candidate per
row under which no decidable rule instance fails, and reports, cell by cell, whether all those
assignments agree. A value is accepted only when they do: it is then the only reading the template's
arithmetic allows. Several readings leave the cell ambiguous; none means the agency's own arithmetic
is wrong somewhere, and nothing is forced.

Search: rows with one candidate are fixed; the others are assigned by backtracking, most
constrained first, and every rule instance is checked as soon as its rows are assigned, with an
interval bound (the least and greatest value each unassigned row can still contribute) so a wrong
branch dies long before the last row. Table 四's rules A4-A6 are all inside its one row, so
`splits` alone settles it (`solve_t4`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.recover.digits import MAX_SPLITS, Number, splits
from extract.template import load_rule_terms, load_template

Row = tuple[Number | None, ...]

# More complete readings than this and the table is called ambiguous without enumerating the rest.
MAX_SOLUTIONS = 64

UNIQUE, AMBIGUOUS, NONE, TOO_MANY = "unique", "ambiguous", "none", "too_many"

T4_GROUPS = ((4, (0, 1, 2, 3)), (9, (5, 6, 7, 8)), (14, (10, 11, 12, 13)))


def t3_row_groups(version: str) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """A3 as a sum group over column indices: (total index, part indices)."""
    cols = {c.key: c.index for c in load_template(version).t3_columns}
    a3 = load_rule_terms(version)["A3"]
    return ((cols[a3.lhs[0]], tuple(cols[k] for k in a3.rhs)),)


@dataclass
class Solved:
    """The outcome for one table: values (None where not determined), per-row status, candidates."""

    status: str
    values: dict[str, Row] = field(default_factory=dict)
    ambiguous: dict[str, list[Row]] = field(default_factory=dict)  # row → its distinct readings
    solutions: int = 0


@dataclass(frozen=True)
class _Instance:
    rule: str
    col: int
    target: tuple[str, ...]  # rows whose sum is the rule's total side
    parts: tuple[str, ...]


def _instances(version: str, ncols: int) -> list[_Instance]:
    terms = load_rule_terms(version)
    out = []
    for rid in ("A1", "A2"):
        r = terms.get(rid)
        if r is None:
            continue
        for c in range(ncols):
            out.append(_Instance(rid, c, r.lhs, r.rhs))
    return out


def _fails(inst: _Instance, grid: dict[str, Row]) -> bool:
    """True only when the instance is decidable (docs/REPORTS.md §7.1) and does not hold."""
    t = [grid[k][inst.col] for k in inst.target]
    p = [grid[k][inst.col] for k in inst.parts]
    if all(v is None for v in t):
        return False  # skip or incomplete: it cannot judge
    if any(v is None for v in t) and len(t) == 1:
        return False
    if all(v is None for v in p) and any(t):
        return False  # the parts were left blank: incomplete
    return abs(sum(v or 0 for v in t) - sum(v or 0 for v in p)) > 0.0005


def solve_t3(version: str, rows: dict[str, list[Row]], ncols: int = 7) -> Solved:
    """Every assignment of one candidate per row of `rows` that no decidable A1/A2 instance refutes.

    `rows` maps a data-row key to its candidate readings (one for a row read with certainty); rows
    absent from it are unknown, and every rule instance that involves them is left undecided.
    """
    instances = [i for i in _instances(version, ncols) if all(k in rows for k in (*i.target, *i.parts))]
    fixed = {k: c[0] for k, c in rows.items() if len(c) == 1}
    free = sorted((k for k, c in rows.items() if len(c) > 1), key=lambda k: len(rows[k]))
    if any(not c for c in rows.values()):
        raise ValueError("a row without candidates must be left out, not passed empty")
    by_row: dict[str, list[_Instance]] = {}
    for inst in instances:
        for k in {*inst.target, *inst.parts}:
            by_row.setdefault(k, []).append(inst)
    # interval bounds per instance: least/greatest (target - parts) contribution of each free row
    bound_ok = {inst: _null_free(inst, rows) for inst in instances}
    contrib: dict[tuple[_Instance, str], tuple[float, float]] = {}
    for inst in instances:
        if not bound_ok[inst]:
            continue
        for k in free:
            sign = (1 if k in inst.target else 0) - (1 if k in inst.parts else 0)
            if sign == 0:
                continue
            vs = [sign * (c[inst.col] or 0) for c in rows[k]]
            contrib[(inst, k)] = (min(vs), max(vs))

    grid: dict[str, Row] = dict(fixed)
    # fixed rows alone may already refute an instance: then no assignment can hold
    for inst in instances:
        if all(k in grid for k in (*inst.target, *inst.parts)) and _fails(inst, grid):
            return Solved(NONE)

    seen: list[dict[str, Row]] = []
    over = False

    def feasible(k: str) -> bool:
        for inst in by_row.get(k, ()):
            keys = (*inst.target, *inst.parts)
            if all(x in grid for x in keys):
                if _fails(inst, grid):
                    return False
                continue
            if not bound_ok[inst]:
                continue
            lo = hi = 0.0
            for x in set(keys):
                sign = (1 if x in inst.target else 0) - (1 if x in inst.parts else 0)
                if x in grid:
                    v = sign * (grid[x][inst.col] or 0)
                    lo += v
                    hi += v
                else:
                    a, b = contrib[(inst, x)]
                    lo += a
                    hi += b
            if lo > 0.0005 or hi < -0.0005:
                return False
        return True

    def rec(i: int) -> None:
        nonlocal over
        if over:
            return
        if i == len(free):
            if len(seen) >= MAX_SOLUTIONS:
                over = True
                return
            seen.append({k: grid[k] for k in free})
            return
        k = free[i]
        for cand in rows[k]:
            grid[k] = cand
            if feasible(k):
                rec(i + 1)
            del grid[k]
            if over:
                return

    rec(0)
    if over:
        return Solved(
            TOO_MANY,
            values=dict(fixed),
            ambiguous={k: list(dict.fromkeys(rows[k]))[:8] for k in free},
            solutions=len(seen),
        )
    if not seen:
        return Solved(NONE)
    return _consensus(fixed, free, seen)


def _null_free(inst: _Instance, rows: dict[str, list[Row]]) -> bool:
    return all(c[inst.col] is not None for k in (*inst.target, *inst.parts) for c in rows[k])


def _consensus(fixed: dict[str, Row], free: list[str], seen: list[dict[str, Row]]) -> Solved:
    values = dict(fixed)
    ambiguous: dict[str, list[Row]] = {}
    for k in free:
        readings = list(dict.fromkeys(s[k] for s in seen))
        if len(readings) == 1:
            values[k] = readings[0]
            continue
        ambiguous[k] = readings
        values[k] = tuple(col[0] if len(set(col)) == 1 else None for col in zip(*readings, strict=True))
    return Solved(AMBIGUOUS if ambiguous else UNIQUE, values, ambiguous, len(seen))


def row_candidates(chunks: Sequence[str], version: str) -> tuple[list[Row] | None, int]:
    """(A3-consistent readings of a table-三 run, number of readings without any rule, capped at 2).

    None instead of the readings when there are too many to list: a partial list could make the
    table look settled when it is not."""
    plain = splits(chunks, 7, limit=2)
    readings = splits(chunks, 7, sum_groups=t3_row_groups(version))
    return (None if len(readings) >= MAX_SPLITS else readings), len(plain)


def solve_t4(chunks: Sequence[str]) -> tuple[str, Row | None, list[Row], int]:
    """(status, values with None where undetermined, the readings, readings without rules) of 四."""
    plain = len(splits(chunks, 15, limit=2))
    cands = splits(chunks, 15, sum_groups=T4_GROUPS)
    if not cands:
        return NONE, None, [], plain
    if len(cands) >= MAX_SPLITS:  # too many to list: nothing is settled
        return AMBIGUOUS, (None,) * 15, cands[:8], plain
    if len(cands) == 1:
        return UNIQUE, cands[0], cands, plain
    vals = tuple(col[0] if len(set(col)) == 1 else None for col in zip(*cands, strict=True))
    return AMBIGUOUS, vals, cands, plain
