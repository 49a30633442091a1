"""The balance rules A1–A6 (REPORTS.md §7.1–7.2) evaluated on a §9 record, from the seeded rule terms.

The warehouse evaluates them in dbt/expectations; this small copy lets the generator's tests prove
every clean document balances, and lets the benchmark judge whether an injected imbalance was
detectable when the check layer is not built yet.
"""

from __future__ import annotations

from extract.template import load_rule_terms, load_template


def _outcome(target: float | None, parts: list[float | None]) -> str:
    if target is None and all(p is None for p in parts):
        return "skip"
    if target is None:
        return "incomplete" if any(p for p in parts) else "skip"
    if target != 0 and all(p is None for p in parts):
        return "incomplete"
    return "pass" if abs(target - sum(p or 0 for p in parts)) < 0.0005 else "fail"


def evaluate(rec: dict) -> list[tuple[str, str, str]]:
    """(rule id, instance, outcome) for every instance of A1–A6 in `rec` (outcome pass|fail|skip|incomplete)."""
    version = rec.get("template")
    if version not in ("v2019", "v2021") or not rec.get("t3"):
        return []
    tpl = load_template(version)
    terms = load_rule_terms(version)
    t3 = rec["t3"]
    cols = tpl.t3_columns
    out: list[tuple[str, str, str]] = []

    def t3v(row: str, c: int) -> float | None:
        r = t3.get(row)
        return None if r is None else r[c]

    for rid in ("A1", "A2"):
        rule = terms[rid]
        for c in cols:
            lhs = [t3v(k, c.index) for k in rule.lhs]
            rhs = [t3v(k, c.index) for k in rule.rhs]
            if rid == "A1":  # two-sided: new + carried_over == results_total + carried_forward
                lsum = None if all(v is None for v in lhs) else sum(v or 0 for v in lhs)
                out.append((rid, c.key, _outcome(lsum, rhs)))
            else:
                out.append((rid, c.key, _outcome(lhs[0], rhs)))
    a3 = terms["A3"]
    idx = {c.key: c.index for c in cols}
    for r in tpl.t3_data_rows:
        row = t3.get(r.key) or [None] * len(cols)
        out.append(("A3", r.key, _outcome(row[idx[a3.lhs[0]]], [row[idx[k]] for k in a3.rhs])))
    t4 = rec.get("t4") or [None] * len(tpl.t4_columns)
    t4i = {c.key: c.index for c in tpl.t4_columns}
    for rid in ("A4", "A5", "A6"):
        rule = terms[rid]
        out.append((rid, rule.lhs[0], _outcome(t4[t4i[rule.lhs[0]]], [t4[t4i[k]] for k in rule.rhs])))
    return out


def failures(rec: dict) -> list[str]:
    """`rule:instance` of every failing rule instance."""
    return [f"{rid}:{inst}" for rid, inst, o in evaluate(rec) if o == "fail"]
