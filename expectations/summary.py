"""What `ogi check` prints: rule × status counts and the failing reports with their numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from rich import box
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.table import Table

STATUSES = ("pass", "fail", "skip", "incomplete")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
MAX_LISTED = 40  # failing rows printed; the rest are a SQL query away


@dataclass
class CheckSummary:
    run_id: str
    counts: pd.DataFrame  # one row per rule: rule_id, severity, description_en, pass, fail, skip, incomplete
    failures: pd.DataFrame  # the first failing rows (error rules first) with the report's file, agency, year
    failing: int = 0  # failing instances in all
    error_failing: int = 0  # failing instances of error-severity rules
    docs_index: Path | None = None
    build_failures: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def error_failures(self) -> int:
        """Failing instances of error-severity rules (truthy → `--fail-on error` exits 1)."""
        return self.error_failing

    @property
    def total(self) -> int:
        return int(self.counts[list(STATUSES)].to_numpy().sum()) if len(self.counts) else 0

    @classmethod
    def build(
        cls,
        counts: list[tuple[str, str, int]],
        rules: dict[str, dict[str, str]],
        failures: pd.DataFrame,
        *,
        run_id: str,
        failing: int,
        error_failing: int,
        docs_index: Path | None = None,
    ) -> CheckSummary:
        """From (rule, status, n) counts, the rule catalogue and the listed failing rows."""
        by_rule: dict[str, dict[str, int]] = {}
        for rule_id, status, n in counts:
            by_rule.setdefault(rule_id, {})[status] = int(n)
        rows = [
            {"rule_id": r, "severity": spec["severity"], "description_en": spec["description_en"]}
            | {s: by_rule.get(r, {}).get(s, 0) for s in STATUSES}
            for r, spec in rules.items()
        ]
        table = pd.DataFrame(rows, columns=["rule_id", "severity", "description_en", *STATUSES])
        return cls(run_id, table, failures, failing, error_failing, docs_index)

    def print(self, console: Console) -> None:
        """Rule × status counts, then the failing reports (error rules first) with observed/expected.

        Free-text columns are cut to the console width (one line per row), so both tables read at 80
        columns and use the room when there is more.
        """
        width = max(console.width, 60)
        table = Table(title=f"check results (run {self.run_id})", box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("rule", no_wrap=True)
        table.add_column("severity", no_wrap=True)
        for s in STATUSES:
            table.add_column(s, justify="right", no_wrap=True)
        table.add_column("rule text", no_wrap=True)
        digits = max([4, *(len(str(v)) for s in STATUSES for v in self.counts[s])])
        text_width = width - (4 + 8 + 10 + 3 * digits + 23)
        for r in self.counts.to_dict("records"):
            fail = f"[red]{r['fail']}[/]" if r["fail"] and r["severity"] == "error" else str(r["fail"])
            table.add_row(
                r["rule_id"], r["severity"], str(r["pass"]), fail, str(r["skip"]), str(r["incomplete"]),
                _fit(r["description_en"], text_width),
            )  # fmt: skip
        console.print(table)
        if self.failing:
            listed = self.failures.head(MAX_LISTED)
            ft = Table(title=f"failing checks ({self.failing})", box=box.SIMPLE_HEAD, pad_edge=False)
            for col, justify in (("report", "left"), ("rule", "left"), ("scope", "left"), ("observed", "right"),
                                 ("expected", "right"), ("finding", "left")):  # fmt: skip
                ft.add_column(col, justify=justify, no_wrap=True)  # type: ignore[arg-type]
            report_width = 18 if width < 100 else 34
            finding_width = width - report_width - (12 if width < 100 else 20) - 8 - 8 - 4 - 21
            for r in listed.to_dict("records"):
                name = r.get("agency_name") or r.get("source_file") or r["doc_id"][:12]
                year = r.get("report_year")
                year_text = "" if year is None or pd.isna(year) else f" {int(year)}"
                rule = f"[red]{r['rule_id']}[/]" if r["severity"] == "error" else r["rule_id"]
                finding = str(r["message"] or "").split(":")[0]
                ft.add_row(
                    _fit(str(name), report_width - len(year_text)) + year_text, rule, _fit(str(r["scope_key"]), 12 if width < 100 else 20),
                    _num(r["observed"]), _num(r["expected"]), _fit(finding, finding_width),
                )  # fmt: skip
            console.print(ft)
            more = self.failing - len(listed)
            console.print(
                (f"... and {more} more. " if more > 0 else "")
                + "Details: select * from marts.fct_check_results where check_status = 'fail'; "
                "balance breaks by agency: select * from marts.mart_balance_breaks"
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


def _fit(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells (CJK characters take two), with an ellipsis."""
    width = max(width, 4)
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"
