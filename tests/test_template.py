"""The template declaration (seeds/template_*.csv) agrees with the spec's counts and with itself."""

from __future__ import annotations

import pytest

from extract.template import load_rule_terms, load_rules, load_template, read_seed

VERSIONS = {r["template_version"]: r for r in read_seed("template_versions")}


@pytest.mark.parametrize("version", ["v2019", "v2021"])
def test_cell_counts_match_the_declared_versions(version):
    tpl, declared = load_template(version), VERSIONS[version]
    assert len(tpl.t2_cells) == int(declared["t2_value_cells"])
    assert len(tpl.t3_data_rows) == int(declared["t3_data_rows"])
    assert len(tpl.t3_data_rows) * len(tpl.t3_columns) == int(declared["t3_value_cells"])
    assert len(tpl.t4_columns) == int(declared["t4_value_cells"])


def test_spec_counts():
    # REPORTS.md §3.1/§3.2/§4.2/§4.3: 10 and 22 t2 cells, 25 and 23 t3 data rows.
    assert (len(load_template("v2021").t2_cells), len(load_template("v2019").t2_cells)) == (10, 22)
    assert (len(load_template("v2021").t3_data_rows), len(load_template("v2019").t3_data_rows)) == (25, 23)


@pytest.mark.parametrize("version", ["v2019", "v2021"])
def test_cell_keys_are_unique(version):
    keys = load_template(version).cell_keys()
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(("version", "leaves"), [("v2019", 19), ("v2021", 21)])
def test_a2_sums_the_leaf_outcome_rows(version, leaves):
    terms = load_rule_terms(version)
    assert terms["A2"].lhs == ("results_total",)
    assert len(terms["A2"].rhs) == leaves
    leaf_rows = {r.key for r in load_template(version).t3_rows if r.is_result_leaf}
    assert set(terms["A2"].rhs) == leaf_rows


def test_other_handling_is_a_leaf_only_in_v2019():
    v19 = {r.key: r for r in load_template("v2019").t3_rows}
    v21 = {r.key: r for r in load_template("v2021").t3_rows}
    assert v19["other_handling"].is_data_row and v19["other_handling"].is_result_leaf
    assert not v21["other_handling"].is_data_row
    assert {k for k, r in v21.items() if r.parent_key == "other_handling"} == {
        "other_no_correction",
        "other_fee_unpaid",
        "other_other",
    }


def test_every_rule_term_names_a_template_key():
    for version in ("v2019", "v2021"):
        tpl = load_template(version)
        rows = {r.key for r in tpl.t3_data_rows}
        t3_cols = {c.key for c in tpl.t3_columns}
        t4_cols = {c.key for c in tpl.t4_columns}
        for rule in load_rule_terms(version).values():
            universe = {"A1": rows, "A2": rows, "A3": t3_cols}.get(rule.rule_id, t4_cols)
            assert set(rule.lhs + rule.rhs) <= universe, rule


def test_rule_catalogue_covers_every_balance_rule_and_has_both_languages():
    rules = {r["rule_id"]: r for r in load_rules()}
    assert {"A1", "A2", "A3", "A4", "A5", "A6"} <= set(rules)
    for r in rules.values():
        assert r["description_zh"] and r["description_en"]
        assert r["severity"] in {"error", "warning", "info"}
