"""`ogi check`: validate every report's rule instances with great-expectations and store the verdicts.

Flow: dbt has computed the rule instances (models/intermediate/checks/, one row per report × rule ×
scope, with the §7.1 pre-status skip / incomplete / evaluable). Each rule's evaluable rows are
validated by that rule's GX suite (expectations/suites.py) in one vectorised run per rule, never per
report; the rows GX lists as unexpected fail, the rest pass. All rows land in `raw.check_results`
(replacing the previous run), GX Data Docs are written to `docs_dir`, and the marts that read the
results (`fct_check_results+`) are rebuilt so the agency-year mart counts failed checks.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from expectations.store import replace_results
from expectations.suites import GROUP_MODELS, checks_by_rule
from expectations.summary import CheckSummary

INSTANCE_SCHEMA = "intermediate"
REPORTS_MODEL = "int_checks__reports"


class ChecksNotBuilt(RuntimeError):
    """The rule-instance models are missing: `ogi build` has not run on this warehouse."""


@dataclass
class _Frames:
    groups: dict[str, pd.DataFrame] = field(default_factory=dict)
    reports: pd.DataFrame | None = None


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
    rules = {r["rule_id"]: r for r in load_rules()}
    con = duckdb.connect(str(warehouse))
    try:
        frames = _read_frames(con)
        timings = {"read": time.perf_counter() - started}
        from expectations.gx_runner import GxSession  # GX is slow to import

        session = GxSession(docs_dir)
        timings["gx_import"] = time.perf_counter() - started - timings["read"]
        tolerance = _balance_tolerance(frames.groups["balance"], rules)
        checks = checks_by_rule(tolerance, current_year)
        run_id = uuid.uuid4().hex[:12]
        checked_at = datetime.now(UTC)
        parts = []
        for group, frame in frames.groups.items():
            statuses, findings = _validate_group(session, group, frame, rules, checks)
            parts.append(_results_of(group, frame, statuses, findings, rules, run_id, checked_at))
        results = pd.concat(parts, ignore_index=True)
        t = time.perf_counter()
        docs_index = session.build_docs()
        timings["docs"] = time.perf_counter() - t
        replace_results(con, results)
    finally:
        con.close()

    build_failures: list[str] = []
    if refresh_marts:
        from ogi.build import dbt_build

        t = time.perf_counter()
        build = dbt_build(warehouse, select="fct_check_results+", quiet=True)
        timings["marts"] = time.perf_counter() - t
        build_failures = list(build.failures) if not build.success else []
    timings["total"] = time.perf_counter() - started
    return CheckSummary.from_results(
        results,
        frames.reports,
        rules,
        run_id=run_id,
        docs_index=docs_index,
        build_failures=build_failures,
        timings=timings,
    )


def _read_frames(con: duckdb.DuckDBPyConnection) -> _Frames:
    """The rule-instance models as pandas frames (through Arrow), plus the reports for the summary."""
    present = {
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_schema = ?", [INSTANCE_SCHEMA]
        ).fetchall()
    }
    missing = [m for m in [*GROUP_MODELS.values(), REPORTS_MODEL] if m not in present]
    if missing:
        raise ChecksNotBuilt(f"rule-instance models missing ({', '.join(missing)}): run `ogi build` first")
    frames = _Frames()
    for group, model in GROUP_MODELS.items():
        frames.groups[group] = (
            con.sql(f"select * from {INSTANCE_SCHEMA}.{model}").to_arrow_table().to_pandas()
        )
    frames.reports = (
        con.sql(
            f"select document_id, source_file, agency_name, report_year from {INSTANCE_SCHEMA}.{REPORTS_MODEL}"
        )
        .to_arrow_table()
        .to_pandas()
    )
    return frames


def _balance_tolerance(frame: pd.DataFrame, rules: dict[str, dict[str, str]]) -> dict[str, float]:
    """Each balance rule's comparison tolerance: the largest its instances declare (0 for counts)."""
    balance = [r for r, spec in rules.items() if spec["rule_group"] == "balance"]
    tol = frame.groupby("rule_id")["tolerance"].max().to_dict() if len(frame) else {}
    return {r: float(tol.get(r, 0.0) or 0.0) for r in balance}


def _validate_group(session, group: str, frame: pd.DataFrame, rules, checks) -> tuple[np.ndarray, dict]:
    """Status per row of `frame`: its pre-status if skip/incomplete, else GX's pass/fail."""
    status = np.where(frame["pre_status"].to_numpy() == "evaluable", "pass", frame["pre_status"].to_numpy())
    status = status.astype(object)
    findings: dict = {}
    evaluable = frame["pre_status"] == "evaluable"
    for rule_id, rule in rules.items():
        if rule["rule_group"] != group or rule_id not in checks:
            continue
        sub = frame[evaluable & (frame["rule_id"] == rule_id)]
        outcome = session.validate_rule(group, rule, checks[rule_id], sub)
        findings.update(outcome.findings)
    if findings:
        failing = frame.index.get_indexer(list(findings))
        status[failing] = "fail"
    return status, findings


def _results_of(group, frame, status, findings, rules, run_id, checked_at) -> pd.DataFrame:
    """The `raw.check_results` rows of one group: one per instance, with a message for non-passes."""
    rule_ids = frame["rule_id"]
    out = pd.DataFrame(
        {
            "doc_id": frame["document_id"].astype(object),
            "rule_id": rule_ids.astype(object),
            "rule_group": rule_ids.map(lambda r: rules[r]["rule_group"]).astype(object),
            "severity": rule_ids.map(lambda r: rules[r]["severity"]).astype(object),
            "scope_kind": frame["scope_kind"].astype(object),
            "scope_key": frame["scope_key"].astype(object),
            "status": status,
            "observed": frame["observed"].astype(float),
            "expected": frame["expected"].astype(float),
            "difference": frame["difference"].astype(float),
            "template_version": frame["template_version"].astype(object),
            "related_doc_id": frame.get("related_document_id"),
            "run_id": run_id,
            "checked_at": checked_at,
        }
    )
    out["related_doc_id"] = out["related_doc_id"].astype(object)
    out["message"] = _messages(group, frame, status, findings)
    return out


def _fmt(v: object) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return "blank"
    f = float(v)  # type: ignore[arg-type]
    return str(int(f)) if f.is_integer() else f"{f:g}"


def _messages(group: str, frame: pd.DataFrame, status: np.ndarray, findings: dict) -> np.ndarray:
    """A short, self-explanatory message for every row that did not pass (None for passes)."""
    msg = np.full(len(frame), None, dtype=object)
    skip = status == "skip"
    if group == "balance":
        msg[skip] = "skip: every cell of the rule is blank"
        lhs_blank = (frame["lhs_filled"] == 0).to_numpy()
        uses_missing = frame["missing_total_cells"].notna().to_numpy()
        inc = status == "incomplete"
        msg[inc & lhs_blank] = "incomplete: the total side is blank but its parts are filled"
        msg[inc & ~lhs_blank] = "incomplete: the total is filled but every part is blank"
        rhs_filled = (frame["rhs_filled"] > 0).to_numpy()
        for pos in np.flatnonzero(inc & ~lhs_blank & rhs_filled & uses_missing):
            msg[pos] = (
                f"incomplete: uses a blank total whose parts are filled ({frame['missing_total_cells'].iloc[pos]})"
            )
    elif group == "cross_year":
        msg[skip] = "skip: this year's or last year's cell is blank"
    else:
        msg[skip] = "skip: a compared value is blank"
    detail = frame.get("detail")
    narrative = frame.get("narrative_text")
    related = frame.get("related_document_id")
    positions = frame.index.get_indexer(list(findings)) if findings else []
    for pos, label in zip(positions, findings, strict=True):
        row = frame.iloc[pos]
        text = f"{', '.join(dict.fromkeys(findings[label]))}: observed {_fmt(row['observed'])}"
        text += f", expected {_fmt(row['expected'])}"
        if not (pd.isna(row["difference"]) or row["difference"] == 0):
            text += f" (difference {row['difference']:+g})"
        if detail is not None and isinstance(detail.iloc[pos], str):
            text += f"; {detail.iloc[pos]}"
        if narrative is not None and isinstance(narrative.iloc[pos], str):
            text += f"; text: {narrative.iloc[pos][:80]}"
        if related is not None and isinstance(related.iloc[pos], str):
            text += f"; last year's report {related.iloc[pos]}"
        msg[pos] = text
    return msg
