"""`ogi check`: validate every report's rule instances with great-expectations and store the verdicts.

Flow: dbt has computed the rule instances (models/intermediate/checks/, one row per report × rule ×
scope, with the §7.1 pre-status skip / incomplete / evaluable), built as tables. Each group's instances
are addressed by their rowid (no copy); each rule's evaluable rows, reduced to the columns its expectations compare,
go to that rule's GX suite (expectations/suites.py) as one pandas frame: one vectorised run per rule,
never per report. The rows GX lists as unexpected fail, the rest pass. The verdicts go back to DuckDB
as a small (instance, finding) list and `raw.check_results` is rebuilt in SQL (replacing the previous
run), so the report-wide columns never pass through pandas: at 100,000 reports the frames hold numbers
only. GX Data Docs are written to `docs_dir`, and the marts that read the results (`fct_check_results+`)
are rebuilt so the agency-year mart counts failed checks.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from expectations.store import RESULTS_TABLE, ensure_results_table
from expectations.suites import GROUP_MODELS, checks_by_rule
from expectations.summary import MAX_LISTED, CheckSummary

INSTANCE_SCHEMA = "intermediate"
MEMORY_LIMIT_ENV = "OGI_CHECK_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "3GB"
REPORTS_MODEL = "int_checks__reports"

# The columns each group's expectations compare (besides rule_id); everything else stays in DuckDB.
GX_COLUMNS: dict[str, list[str]] = {
    "balance": ["observed", "expected", "difference"],
    "plausibility": [
        "scope_key", "observed", "expected", "n_negative", "n_non_integer", "table_status",
        "template_version", "template_expected", "late_after",
    ],
    "cross_year": ["observed", "expected"],
    "narrative": ["observed", "expected"],
}  # fmt: skip

# Why a non-passing row did not pass, per group, as SQL over the instance row `i` and its finding `f`.
_NUM = (
    "case when {x} is null then 'blank' when {x} = round({x}) then cast(cast({x} as bigint) as varchar) "
    "else cast({x} as varchar) end"
)


def _num(x: str) -> str:
    return _NUM.format(x=x)


_FAIL_MESSAGE = (
    "f.findings || ': observed ' || " + _num("i.observed") + " || ', expected ' || " + _num("i.expected")
    + " || case when i.difference is not null and i.difference <> 0 then ' (difference ' || "
    "case when i.difference > 0 then '+' else '' end || " + _num("i.difference") + " || ')' else '' end"
)  # fmt: skip
_EXTRA = {
    "balance": "''",
    "plausibility": "coalesce('; ' || i.detail, '')",
    "cross_year": "coalesce('; last year''s report ' || i.related_document_id, '')",
    "narrative": "coalesce('; text: ' || left(i.narrative_text, 80), '')",
}
_OTHER_MESSAGE = {
    "balance": (
        "case when i.pre_status = 'skip' then 'skip: every cell of the rule is blank' "
        "when i.unreadable_cells is not null then 'incomplete: uses cells the parser could not place (' "
        "|| i.unreadable_cells || ')' "
        "when i.lhs_filled = 0 then 'incomplete: the total side is blank but its parts are filled' "
        "when i.rhs_filled = 0 then 'incomplete: the total is filled but every part is blank' "
        "else 'incomplete: uses a blank total whose parts are filled (' || i.missing_total_cells || ')' end"
    ),
    "plausibility": "'skip: a compared value is blank'",
    "cross_year": "'skip: this year''s or last year''s cell is blank'",
    "narrative": "'skip: the table side is blank'",
}


class ChecksNotBuilt(RuntimeError):
    """The rule-instance models are missing: `ogi build` has not run on this warehouse."""


def run_checks(
    warehouse: Path,
    *,
    docs_dir: Path | None = None,
    quiet: bool = False,
    refresh_marts: bool = True,
    current_year: int | None = None,
) -> CheckSummary:
    """Run every rule on every report in `warehouse`, store the results and return a summary.

    `docs_dir=None` skips Data Docs; `refresh_marts=False` skips the dbt rebuild of the marts that
    read the results (tests that only look at `raw.check_results` use it to stay fast).
    """
    from extract.template import load_rules

    started = time.perf_counter()
    timings: dict[str, float] = {}
    rules = {r["rule_id"]: r for r in load_rules()}
    run_id = uuid.uuid4().hex[:12]
    checked_at = datetime.now(UTC)
    con = duckdb.connect(str(warehouse))
    # the instance tables outgrow memory at 100,000s of reports: let DuckDB spill to disk under a bound
    # (measured at 100,000 reports: 3.2 GB peak with 3GB, 7.6 GB unbounded, 42 s vs 32 s)
    con.execute("set preserve_insertion_order = false")
    con.execute(f"set memory_limit = '{os.environ.get(MEMORY_LIMIT_ENV, DEFAULT_MEMORY_LIMIT)}'")
    try:
        kinds = _require_models(con)
        for group, model in GROUP_MODELS.items():
            # dbt builds the instances as tables: their rowid identifies an instance for the whole run
            # without copying millions of rows; a view (a project configured otherwise) is copied once
            if kinds[model] == "BASE TABLE":
                con.execute(
                    f"create or replace temp view _ci_{group} as "
                    f"select rowid as instance_id, * from {INSTANCE_SCHEMA}.{model}"
                )
            else:
                con.execute(
                    f"create or replace temp table _ci_{group} as "
                    f"select row_number() over () as instance_id, * from {INSTANCE_SCHEMA}.{model}"
                )
        timings["read"] = time.perf_counter() - started

        from expectations.gx_runner import GxSession  # GX is slow to import

        t = time.perf_counter()
        session = GxSession(docs_dir)
        timings["gx_import"] = time.perf_counter() - t
        tolerance = dict(
            con.execute("select rule_id, max(tolerance) from _ci_balance group by rule_id").fetchall()
        )
        checks = checks_by_rule(
            {r: float(tolerance.get(r) or 0.0) for r, s in rules.items() if s["rule_group"] == "balance"},
            current_year,
        )
        t = time.perf_counter()
        fails = []
        for group in GROUP_MODELS:
            fails.append(_validate_group(con, session, group, rules, checks))
        timings["validate"] = time.perf_counter() - t
        t = time.perf_counter()
        docs_index = session.build_docs()
        timings["docs"] = time.perf_counter() - t
        t = time.perf_counter()
        _store(con, rules, pd.concat(fails, ignore_index=True), run_id, checked_at)
        timings["store"] = time.perf_counter() - t
        summary = _summarise(con, rules, run_id, docs_index)
    finally:
        con.close()

    if refresh_marts:
        from warehouse.dbt import CHECK_RESULT_MARTS, dbt_build

        t = time.perf_counter()
        build = dbt_build(warehouse, select=CHECK_RESULT_MARTS, quiet=True)
        timings["marts"] = time.perf_counter() - t
        summary.build_failures = list(build.failures) if not build.success else []
    timings["total"] = time.perf_counter() - started
    summary.timings = timings
    return summary


def _require_models(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The rule-instance models' kinds ('BASE TABLE' or 'VIEW'); raises ChecksNotBuilt if one is missing."""
    present = dict(
        con.execute(
            "select table_name, table_type from information_schema.tables where table_schema = ?",
            [INSTANCE_SCHEMA],
        ).fetchall()
    )
    missing = [m for m in [*GROUP_MODELS.values(), REPORTS_MODEL] if m not in present]
    if missing:
        raise ChecksNotBuilt(f"rule-instance models missing ({', '.join(missing)}): run `ogi build` first")
    return present


def _validate_group(con, session, group: str, rules, checks) -> pd.DataFrame:
    """GX over each rule of `group`: returns the failing instances as (group, instance_id, findings)."""
    cols = ", ".join(GX_COLUMNS[group])
    frame = (
        con.sql(f"select instance_id, rule_id, {cols} from _ci_{group} where pre_status = 'evaluable'")
        .to_arrow_table()
        .to_pandas()
        .set_index("instance_id")
    )
    frame.index.name = None  # GX then reports plain row labels (instance ids) as unexpected
    findings: dict[int, list[str]] = {}
    for rule_id, rule in rules.items():
        if rule["rule_group"] != group or rule_id not in checks:
            continue
        sub = frame.loc[frame["rule_id"] == rule_id].drop(columns="rule_id")
        outcome = session.validate_rule(group, rule, checks[rule_id], sub)
        for label, found in outcome.findings.items():
            findings.setdefault(int(label), []).extend(found)
    return pd.DataFrame(
        {
            "grp": [group] * len(findings),
            "instance_id": list(findings),
            "findings": [", ".join(dict.fromkeys(f)) for f in findings.values()],
        },
        columns=["grp", "instance_id", "findings"],
    ).astype({"instance_id": "int64"})


def _store(con, rules, fails: pd.DataFrame, run_id: str, checked_at: datetime) -> None:
    """Rebuild `raw.check_results` from the instance tables and GX's failing instances, in one transaction."""
    ensure_results_table(con)
    catalogue = pd.DataFrame(
        [(r, s["rule_group"], s["severity"]) for r, s in rules.items()],
        columns=["rule_id", "rule_group", "severity"],
    )
    con.register("_check_fails", fails)
    con.register("_check_rules", catalogue)
    selects = []
    for group in GROUP_MODELS:
        related = "i.related_document_id" if group == "cross_year" else "cast(null as varchar)"
        selects.append(
            f"""
            select
                i.document_id as doc_id, i.rule_id, r.rule_group, r.severity, i.scope_kind, i.scope_key,
                case when i.pre_status <> 'evaluable' then i.pre_status
                     when f.instance_id is not null then 'fail' else 'pass' end as status,
                cast(i.observed as double) as observed, cast(i.expected as double) as expected,
                cast(i.difference as double) as difference,
                case when i.pre_status <> 'evaluable' then {_OTHER_MESSAGE[group]}
                     when f.instance_id is not null then {_FAIL_MESSAGE} || {_EXTRA[group]} end as message,
                i.template_version, {related} as related_doc_id,
                '{run_id}' as run_id, cast(? as timestamptz) as checked_at
            from _ci_{group} as i
            inner join _check_rules as r on i.rule_id = r.rule_id
            left join _check_fails as f on f.grp = '{group}' and i.instance_id = f.instance_id
            """
        )
    con.execute("begin transaction")
    try:
        con.execute(f"delete from {RESULTS_TABLE}")
        con.execute(
            f"insert into {RESULTS_TABLE} (doc_id, rule_id, rule_group, severity, scope_kind, scope_key, status, "
            "observed, expected, difference, message, template_version, related_doc_id, run_id, checked_at) "
            + " union all ".join(selects),
            [checked_at] * len(selects),
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.unregister("_check_fails")
        con.unregister("_check_rules")


def _summarise(con, rules, run_id: str, docs_index) -> CheckSummary:
    """Counts per rule × status and the first failing rows (error rules first), read back from the store."""
    counts = con.execute(f"select rule_id, status, count(*) from {RESULTS_TABLE} group by all").fetchall()
    ((total_fail, errors),) = con.execute(
        f"select count(*) filter (where status = 'fail'), count(*) filter (where status = 'fail' and severity = 'error') "
        f"from {RESULTS_TABLE}"
    ).fetchall()
    failures = (
        con.sql(
            f"""
        select c.*, r.source_file, r.agency_name, r.report_year
        from {RESULTS_TABLE} as c
        left join {INSTANCE_SCHEMA}.{REPORTS_MODEL} as r on c.doc_id = r.document_id
        where c.status = 'fail'
        order by case c.severity when 'error' then 0 when 'warning' then 1 else 2 end, c.doc_id, c.rule_id,
            c.scope_key
        limit {MAX_LISTED}
        """
        )
        .to_arrow_table()
        .to_pandas()
    )
    return CheckSummary.build(
        counts,
        rules,
        failures,
        run_id=run_id,
        failing=total_fail,
        error_failing=errors,
        docs_index=docs_index,
    )
