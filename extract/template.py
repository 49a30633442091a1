"""The report template (rows, columns, keys, labels, hierarchy, units, versions, rules) as data.

The single declaration lives in the dbt seeds (`seeds/template_*.csv`), so the parser, the dbt
dimensions and the validation rules all read the same rows. This module loads them once per process.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

TEMPLATE_VERSIONS = ("v2019", "v2021")


def seeds_dir() -> Path:
    """Where the template CSVs are: the checkout's `seeds/`, else the copy packed into the wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "seeds", here / "_seeds"):
        if (candidate / "template_versions.csv").exists():
            return candidate
    raise FileNotFoundError(f"template seeds not found next to {here}")


def read_seed(name: str) -> list[dict[str, str]]:
    """Rows of `seeds/<name>.csv` as dicts of strings."""
    with open(seeds_dir() / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _bool(s: str) -> bool:
    return s.strip().lower() == "true"


@dataclass(frozen=True)
class T2Cell:
    subtable_id: str
    subtable_order: int
    caption: str
    row_key: str
    row_order: int
    row_label: str
    col_key: str
    col_order: int
    col_label: str
    unit: str | None
    value_type: str  # int | signed_int | decimal

    @property
    def key(self) -> str:
        return f"t2.{self.row_key}.{self.col_key}"


@dataclass(frozen=True)
class T3Row:
    order: int
    key: str
    label: str
    level: int
    parent_key: str | None
    is_data_row: bool
    is_result_leaf: bool
    stage: str
    category_key: str | None
    match_tokens: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    index: int
    key: str
    label: str


@dataclass(frozen=True)
class Template:
    """One template version: table 二 cells, table 三 rows, and the shared t3/t4 columns."""

    version: str
    t2_cells: tuple[T2Cell, ...]
    t3_rows: tuple[T3Row, ...]
    t3_columns: tuple[Column, ...]
    t4_columns: tuple[Column, ...]
    t2_subtables: dict[str, tuple[T2Cell, ...]] = field(default_factory=dict)

    @property
    def t3_data_rows(self) -> tuple[T3Row, ...]:
        return tuple(r for r in self.t3_rows if r.is_data_row)

    @property
    def t2_row_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.row_key for c in self.t2_cells))

    def t2_columns_of(self, row_key: str) -> tuple[T2Cell, ...]:
        return tuple(c for c in self.t2_cells if c.row_key == row_key)

    def cell_keys(self) -> list[str]:
        """Every canonical cell address of this template, in document order."""
        keys = [c.key for c in self.t2_cells]
        keys += [f"t3.{r.key}.{c.key}" for r in self.t3_data_rows for c in self.t3_columns]
        keys += [f"t4.{c.key}" for c in self.t4_columns]
        return keys


@dataclass(frozen=True)
class RuleTerms:
    rule_id: str
    template_version: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]


@cache
def load_template(version: str) -> Template:
    """The declared template `version` ("v2019" or "v2021")."""
    if version not in TEMPLATE_VERSIONS:
        raise ValueError(f"unknown template version {version!r}; expected one of {TEMPLATE_VERSIONS}")
    t2 = tuple(
        T2Cell(
            subtable_id=r["subtable_id"],
            subtable_order=int(r["subtable_order"]),
            caption=r["subtable_caption_zh"],
            row_key=r["row_key"],
            row_order=int(r["row_order"]),
            row_label=r["row_label_zh"],
            col_key=r["col_key"],
            col_order=int(r["col_order"]),
            col_label=r["col_label_zh"],
            unit=r["unit"] or None,
            value_type=r["value_type"],
        )
        for r in read_seed("template_t2_cells")
        if r["template_version"] == version
    )
    t3 = tuple(
        T3Row(
            order=int(r["row_order"]),
            key=r["row_key"],
            label=r["label_zh"],
            level=int(r["level"]),
            parent_key=r["parent_key"] or None,
            is_data_row=_bool(r["is_data_row"]),
            is_result_leaf=_bool(r["is_result_leaf"]),
            stage=r["stage"],
            category_key=r["category_key"] or None,
            match_tokens=tuple(t for t in r["match_tokens"].split("|") if t),
        )
        for r in read_seed("template_t3_rows")
        if r["template_version"] == version
    )
    t3c = tuple(
        Column(int(r["col_index"]), r["col_key"], r["label_zh"]) for r in read_seed("template_t3_columns")
    )
    t4c = tuple(
        Column(int(r["col_index"]), r["col_key"], r["path_zh"]) for r in read_seed("template_t4_columns")
    )
    subtables: dict[str, list[T2Cell]] = {}
    for c in t2:
        subtables.setdefault(c.subtable_id, []).append(c)
    return Template(version, t2, t3, t3c, t4c, {k: tuple(v) for k, v in subtables.items()})


@cache
def load_rule_terms(version: str) -> dict[str, RuleTerms]:
    """Balance rules A1–A6 as (lhs, rhs) term lists for `version`, from `seeds/template_rule_terms.csv`."""
    acc: dict[str, tuple[list[str], list[str]]] = {}
    for r in read_seed("template_rule_terms"):
        if r["template_version"] != version:
            continue
        lhs, rhs = acc.setdefault(r["rule_id"], ([], []))
        (lhs if r["side"] == "lhs" else rhs).append(r["term_key"])
    return {rid: RuleTerms(rid, version, tuple(lhs), tuple(rhs)) for rid, (lhs, rhs) in acc.items()}


@cache
def load_rules() -> tuple[dict[str, str], ...]:
    """The rule catalogue (id, group, severity, descriptions) from `seeds/template_rules.csv`."""
    return tuple(read_seed("template_rules"))


@cache
def load_sections() -> tuple[dict[str, str], ...]:
    """The six sections: key, canonical heading and matching keywords."""
    return tuple(read_seed("template_sections"))
