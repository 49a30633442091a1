"""What `ogi check` prints: rule × status counts and the failing reports with their numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

STATUSES = ("pass", "fail", "skip", "incomplete")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
MAX_LISTED = 40  # failing rows printed; the rest are a SQL query away


@dataclass
class CheckSummary:
    run_id: str
    counts: pd.DataFrame  # one row per rule: rule_id, severity, description_en, pass, fail, skip, incomplete
    failures: pd.DataFrame  # failing rows (any severity) with the report's file, agency and year
    docs_index: Path | None = None
    build_failures: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def error_failures(self) -> int:
        """Failing instances of error-severity rules (truthy → `--fail-on error` exits 1)."""
        return int((self.failures["severity"] == "error").sum()) if len(self.failures) else 0

    @property
    def total(self) -> int:
        return int(self.counts[list(STATUSES)].to_numpy().sum()) if len(self.counts) else 0

    @classmethod
    def from_results(
        cls,
        results: pd.DataFrame,
        reports: pd.DataFrame | None,
        rules: dict[str, dict[str, str]],
        *,
        run_id: str,
        docs_index: Path | None = None,
        build_failures: list[str] | None = None,
        timings: dict[str, float] | None = None,
    ) -> CheckSummary:
        pivot = (
            results.groupby(["rule_id", "status"]).size().unstack("status", fill_value=0)
            if len(results)
            else pd.DataFrame()
        )
        rows = []
        for rule_id, rule in rules.items():
            row = {"rule_id": rule_id, "severity": rule["severity"], "description_en": rule["description_en"]}
            for s in STATUSES:
                row[s] = int(pivot.at[rule_id, s]) if rule_id in pivot.index and s in pivot.columns else 0
            rows.append(row)
        counts = pd.DataFrame(rows, columns=["rule_id", "severity", "description_en", *STATUSES])
        failures = results[results["status"] == "fail"]
        if reports is not None and len(failures):
            failures = failures.merge(reports, how="left", left_on="doc_id", right_on="document_id")
        failures = (
            failures.assign(_sev=failures["severity"].map(SEVERITY_ORDER))
            .sort_values(["_sev", "doc_id", "rule_id", "scope_key"])
            .drop(columns="_sev")
        )
        return cls(
            run_id, counts, failures.reset_index(drop=True), docs_index, build_failures or [], timings or {}
        )

    def print(self, console: Console) -> None:
        """Rule × status counts, then the failing reports (error rules first) with observed/expected."""
        table = Table(title=f"check results (run {self.run_id})", show_lines=False)
        for col, justify in (("rule", "left"), ("severity", "left"), ("rule text", "left")):
            table.add_column(col, justify=justify)  # type: ignore[arg-type]
        for s in STATUSES:
            table.add_column(s, justify="right")
        for r in self.counts.to_dict("records"):
            fail = f"[red]{r['fail']}[/]" if r["fail"] and r["severity"] == "error" else str(r["fail"])
            table.add_row(
                r["rule_id"],
                r["severity"],
                _short(r["description_en"], 60),
                str(r["pass"]),
                fail,
                str(r["skip"]),
                str(r["incomplete"]),
            )
        console.print(table)
        if len(self.failures):
            listed = self.failures.head(MAX_LISTED)
            ft = Table(title=f"failing checks ({len(self.failures)})")
            for col in ("report", "year", "rule", "scope", "observed", "expected", "difference", "message"):
                ft.add_column(
                    col, justify="right" if col in ("observed", "expected", "difference") else "left"
                )
            for r in listed.itertuples(index=False):
                name = getattr(r, "agency_name", None) or getattr(r, "source_file", None) or r.doc_id[:12]
                year = getattr(r, "report_year", None)
                ft.add_row(
                    _short(str(name), 24),
                    "" if pd.isna(year) else str(int(year)),
                    f"{r.rule_id} ({r.severity})",
                    str(r.scope_key),
                    _num(r.observed),
                    _num(r.expected),
                    _num(r.difference),
                    _short(r.message, 70),
                )
            console.print(ft)
            if len(self.failures) > MAX_LISTED:
                console.print(
                    f"... {len(self.failures) - MAX_LISTED} more: "
                    "select * from marts.fct_check_results where check_status = 'fail'"
                )
        else:
            console.print("no failing checks")
        if self.docs_index:
            console.print(f"Data Docs: {self.docs_index}")
        for f in self.build_failures:
            console.print(f"[red]marts refresh failed:[/] {f}")


def _num(v: object) -> str:
    if v is None or pd.isna(v):  # type: ignore[arg-type]
        return ""
    f = float(v)  # type: ignore[arg-type]
    return str(int(f)) if f.is_integer() else f"{f:g}"


def _short(s: object, n: int) -> str:
    text = "" if s is None else str(s)
    return text if len(text) <= n else text[: n - 1] + "…"
