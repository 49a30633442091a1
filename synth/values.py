"""Table values for one agency-year that satisfy the balance rules A1–A6 by construction.

Realistic skew: most cells are 0, applications concentrate on natural persons and on 予以公开 /
本机关不掌握, and a few agencies handle thousands. Carry-over is an input, so the same agency's
consecutive years chain (this year's 上年结转 = last year's 结转下年度, REPORTS.md §7.4 X1).
Everything derives from the template (extract.template), so both versions come out right.
"""

from __future__ import annotations

import math
import random

from extract.template import Template

# Relative frequency of each result category (template category_key); the leaves of a category share
# its weight, decaying with their order (the first reason is the common one).
_CATEGORY_WEIGHT = {
    "granted": 0.36,
    "partially_granted": 0.08,
    "denied": 0.06,
    "unable": 0.30,
    "not_processed": 0.11,
    "other_handling": 0.09,
}
# Applicant mix in t3 column order: natural persons dominate.
_APPLICANT_SHARE = (0.82, 0.10, 0.005, 0.01, 0.03, 0.035)
_T4_OUTCOMES = (0.6, 0.1, 0.15, 0.15)  # upheld, corrected, other, pending


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def multinomial(rng: random.Random, n: int, weights: list[float]) -> list[int]:
    """n items into len(weights) bins: exact draws for small n, expectation plus random remainder above."""
    k = len(weights)
    out = [0] * k
    if n <= 0:
        return out
    if n <= 64:
        for i in rng.choices(range(k), weights, k=n):
            out[i] += 1
        return out
    tot = sum(weights)
    for i, w in enumerate(weights):
        out[i] = int(n * w / tot * rng.uniform(0.8, 1.2))
    while sum(out) > n:
        i = rng.randrange(k)
        if out[i]:
            out[i] -= 1
    for i in rng.choices(range(k), weights, k=n - sum(out)):
        out[i] += 1
    return out


def leaf_weights(tpl: Template) -> list[float]:
    leaves = [r for r in tpl.t3_data_rows if r.is_result_leaf]
    seen: dict[str, int] = {}
    out = []
    for r in leaves:
        cat = r.category_key or r.key
        i = seen.get(cat, 0)
        seen[cat] = i + 1
        out.append(_CATEGORY_WEIGHT.get(cat, 0.02) * (0.5**i))
    return out


def t3_values(
    tpl: Template,
    rng: random.Random,
    scale: float,
    carried_over: list[int] | None,
    legal_persons: bool = True,
) -> dict[str, list[int]]:
    """Table 三 for one year. `carried_over` is last year's 结转下年度 (per column, total last)."""
    cols = len(tpl.t3_columns)
    n_app = cols - 1
    share = list(_APPLICANT_SHARE) if legal_persons else [1.0] + [0.0] * (n_app - 1)
    new = [poisson(rng, scale * s) for s in share]
    prev = list(carried_over[:n_app]) if carried_over else [poisson(rng, scale * s * 0.04) for s in share]
    forward = []
    for c in range(n_app):
        avail = new[c] + prev[c]
        forward.append(
            sum(rng.random() < 0.05 for _ in range(avail))
            if avail < 64
            else round(avail * 0.05 * rng.uniform(0.5, 1.5))
        )
    leaves = [r for r in tpl.t3_data_rows if r.is_result_leaf]
    w = leaf_weights(tpl)
    per_col = [multinomial(rng, new[c] + prev[c] - forward[c], w) for c in range(n_app)]
    out: dict[str, list[int]] = {}
    for r in tpl.t3_data_rows:
        if r.is_result_leaf:
            i = leaves.index(r)
            row = [per_col[c][i] for c in range(n_app)]
        elif r.stage == "new_received":
            row = new
        elif r.stage == "carried_over":
            row = prev
        elif r.stage == "results_total":
            row = [new[c] + prev[c] - forward[c] for c in range(n_app)]
        elif r.stage == "carried_forward":
            row = forward
        else:
            raise ValueError(f"unexpected t3 data row {r.key} ({r.stage})")
        out[r.key] = [*row, sum(row)]
    return out


def t4_values(tpl: Template, rng: random.Random, scale: float) -> list[int]:
    """Table 四: review, direct litigation, litigation after review; each four outcomes and its total."""
    out: list[int] = []
    groups: dict[str, list[int]] = {}
    for c in tpl.t4_columns:
        groups.setdefault(c.label.rsplit("/", 1)[0], []).append(c.index)
    rates = (0.03, 0.012, 0.006)
    for (_, idx), rate in zip(groups.items(), rates, strict=True):
        parts = multinomial(rng, poisson(rng, scale * rate), list(_T4_OUTCOMES))
        out += [*parts[: len(idx) - 1], sum(parts)]
    return out


def t2_values(
    tpl: Template, rng: random.Random, level: str, is_government: bool, scale: float, items: dict[str, int]
) -> dict[str, dict[str, float | int]]:
    """Table 二. `items` carries v2019 上一年项目数量 from year to year (X2) and is updated in place."""
    out: dict[str, dict[str, float | int]] = {}
    big = {"township": 0.3, "county": 3.0, "city": 8.0, "province": 10.0, "department": 2.0}[level]
    for sub in sorted(tpl.t2_subtables.values(), key=lambda cs: cs[0].subtable_order):
        for c in sorted(sub, key=lambda c: (c.row_order, c.col_order)):
            row = out.setdefault(c.row_key, {})
            first = sub[0].subtable_id == "art20_1"
            if first:  # 规章 only from city/province governments; in force ≥ issued (P4)
                if c.row_order == 1 and not (is_government and level in ("city", "province")):
                    row[c.col_key] = 0
                elif c.col_order == 1:
                    row[c.col_key] = poisson(rng, big)
                elif c.col_order == 2:
                    row[c.col_key] = poisson(rng, big * 0.3)
                else:
                    row[c.col_key] = next(iter(row.values())) + poisson(rng, big * 6)
            elif c.value_type == "decimal":
                row[c.col_key] = (
                    0
                    if rng.random() < 0.6
                    else round(rng.lognormvariate(math.log(big * 30 + 1), 1.6), rng.choice((0, 2, 3)))
                )
            elif c.value_type == "signed_int":
                change = max(rng.choice((0, 0, 0, 1, 2, -1, -3, 5)), -items.get(c.row_key, 0))
                row[c.col_key] = change
                items[c.row_key] = items.get(c.row_key, 0) + change
            elif any(
                d.value_type == "signed_int" and d.col_order == c.col_order + 1
                for d in sub
                if d.row_key == c.row_key
            ):  # 上一年项目数量, the column before 本年增/减
                if c.row_key not in items:
                    items[c.row_key] = poisson(rng, big * 4)
                row[c.col_key] = items[c.row_key]
            else:
                row[c.col_key] = (
                    0 if rng.random() < 0.45 else int(rng.lognormvariate(math.log(big * scale + 1), 1.4))
                )
    return out
