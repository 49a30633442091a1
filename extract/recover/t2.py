"""Table 二 runs split only when the template and the narrative leave one reading.

Table 二 has no balance rule, so a run such as `8855698` for 本年制发 | 本年废止 | 现行有效 has fifteen
readings and nothing in the table picks one. The report's own text often states some of the cells
(`现行有效行政规范性文件698件`, `本年度制发的规范性文件88件`): a reading survives only if it agrees
with every such statement. The cells all surviving readings agree on are accepted (flag
`narrative_resolved` when the narrative was needed); the others stay null, and the issue lists the
readings, so an analyst can settle them from the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.recover.digits import MAX_SPLITS, Number, splits
from extract.template import T2Cell

# Which column a narrative clause speaks of, by its verb; per template version.
_COLUMN_WORDS = {
    "v2021": {
        "issued": ("制发", "印发", "出台", "新制定"),
        "repealed": ("废止", "失效"),
        "in_force": ("现行有效",),
    },
    "v2019": {
        "new_made": ("新制作",),
        "new_published": ("新公开",),
        "total_published": ("对外公开总", "累计公开"),
    },
}
_ROW_WORDS = {"regulations": ("规章",), "normative_docs": ("规范性文件",)}
_CLAUSE = re.compile(r"[，,。；;！？!?\n]")
_COUNT = re.compile(r"(\d+)\s*[件部个]")


def narrative_facts(text: str, version: str) -> dict[tuple[str, str], int]:
    """(row key, column key) → the count a clause of `text` states for it; conflicting clauses drop out."""
    found: dict[tuple[str, str], set[int]] = {}
    for clause in _CLAUSE.split(text):
        rows = [r for r, words in _ROW_WORDS.items() if any(w in clause for w in words)]
        if len(rows) != 1 or ("规章" in clause and "规范性文件" in clause):
            continue
        cols = [c for c, words in _COLUMN_WORDS.get(version, {}).items() if any(w in clause for w in words)]
        nums = _COUNT.findall(clause)
        if len(cols) != 1 or len(nums) != 1:
            continue
        found.setdefault((rows[0], cols[0]), set()).add(int(nums[0]))
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


@dataclass
class T2Reading:
    values: list[Number | None]
    flags: list[list[str]]  # one flag list for every cell of the row
    status: str  # "unique", "narrative", "ambiguous", "none", "conflict"
    candidates: list[tuple[Number, ...]]


def split_t2_row(
    chunks: list[str], cells: tuple[T2Cell, ...], facts: dict[tuple[str, str], int]
) -> T2Reading:
    """The reading of one table-二 run over the row's `cells`, narrative `facts` applied."""
    n = len(cells)
    cands = splits(
        chunks,
        n,
        signed=[c.value_type == "signed_int" for c in cells],
        decimal=[c.value_type == "decimal" for c in cells],
    )
    if not cands:
        return T2Reading([None] * n, [["no_consistent_split"]] * n, "none", [])
    if len(cands) == 1:
        return T2Reading(list(cands[0]), [[] for _ in cells], "unique", cands)
    if len(cands) >= MAX_SPLITS:  # too many to list, so none can be ruled out for sure
        return T2Reading([None] * n, [["ambiguous_split"]] * n, "ambiguous", cands[:8])
    stated = {
        i: facts[(c.row_key, c.col_key)] for i, c in enumerate(cells) if (c.row_key, c.col_key) in facts
    }
    kept = [v for v in cands if all(v[i] == want for i, want in stated.items())] if stated else cands
    if not kept:
        return T2Reading([None] * n, [["no_consistent_split"]] * n, "conflict", cands)
    values: list[Number | None] = []
    flags: list[list[str]] = []
    for i, col in enumerate(zip(*kept, strict=True)):
        if len(set(col)) == 1:
            values.append(col[0])
            flags.append(["narrative_resolved"] if len({v[i] for v in cands}) > 1 else [])
        else:
            values.append(None)
            flags.append(["ambiguous_split"])
    status = "narrative" if len(kept) == 1 else "ambiguous"
    return T2Reading(values, flags, status, kept)
