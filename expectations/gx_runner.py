"""great-expectations plumbing: an ephemeral context over pandas frames, one suite per rule, Data Docs.

GX's SQL datasource over duckdb-engine returns empty results (GX issue #11579), so frames are read
from DuckDB through Arrow and validated with the pandas datasource. Statuses come from GX itself: the
rows an expectation lists in `unexpected_index_list` (result format COMPLETE) are the failing instances.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from expectations.suites import Check, description

DOCS_SITE = "ogi"


@dataclass
class RuleOutcome:
    """What GX said about one rule: its failing row labels, with the findings that flagged each."""

    rule_id: str
    evaluated: int
    findings: dict[Any, list[str]] = field(default_factory=dict)  # row label -> findings
    success: bool = True


def _quiet_gx() -> None:
    """No tqdm bars, no analytics, no INFO chatter: `ogi check` prints its own summary.

    Called before and after importing GX: its modules create their loggers on import, and a caller that
    configured logging (dbt does, in `ogi run`) would otherwise print their INFO lines.
    """
    os.environ["GX_ANALYTICS_ENABLED"] = "false"  # never call out, whatever the caller set
    os.environ.setdefault("TQDM_DISABLE", "1")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("great_expectations."):
            logging.getLogger(name).setLevel(logging.ERROR)


class GxSession:
    """An ephemeral GX context with one pandas datasource and, if asked, a Data Docs site on disk."""

    def __init__(self, docs_dir: Path | None) -> None:
        _quiet_gx()
        import great_expectations as gx  # slow to import; only when checking
        from great_expectations.data_context.types.base import ProgressBarsConfig

        _quiet_gx()
        self.gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        self.datasource = self.context.data_sources.add_pandas("ogi_checks")
        self.batches: dict[str, Any] = {}
        self.docs_dir = docs_dir
        if docs_dir is not None:
            _clear_docs(docs_dir)
            self.context.add_data_docs_site(
                site_name=DOCS_SITE,
                site_config={
                    "class_name": "SiteBuilder",
                    "store_backend": {
                        "class_name": "TupleFilesystemStoreBackend",
                        "base_directory": str(docs_dir),
                    },
                    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                },
            )

    def _batch_definition(self, group: str) -> Any:
        if group not in self.batches:
            asset = self.datasource.add_dataframe_asset(name=group)
            self.batches[group] = asset.add_batch_definition_whole_dataframe(f"{group}_instances")
        return self.batches[group]

    def validate_rule(
        self, group: str, rule: dict[str, str], checks: list[Check], frame: pd.DataFrame
    ) -> RuleOutcome:
        """Validate `frame` (the rule's evaluable instances) against the rule's suite."""
        from great_expectations.expectations.row_conditions import Column

        gx = self.gx
        rule_id = rule["rule_id"]
        meta = {
            "rule_id": rule_id,
            "severity": rule["severity"],
            "description_zh": rule["description_zh"],
            "description_en": rule["description_en"],
        }
        expectations = []
        for check in checks:
            condition = Column("scope_key") == check.scope_key if check.scope_key else None
            expectation = check.build(description(rule, check), condition)
            expectation.meta = {"rule_id": rule_id, "finding": check.finding}
            expectations.append(expectation)
        # add_or_update: one session may validate a rule again (tests do); the latest suite wins
        suite = self.context.suites.add_or_update(
            gx.ExpectationSuite(name=f"{rule_id}_{rule['rule_group']}", expectations=expectations, meta=meta)
        )
        vd = self.context.validation_definitions.add_or_update(
            gx.ValidationDefinition(
                name=f"{rule_id}_validation", data=self._batch_definition(group), suite=suite
            )
        )
        result = vd.run(batch_parameters={"dataframe": frame}, result_format={"result_format": "COMPLETE"})
        outcome = RuleOutcome(rule_id, evaluated=len(frame), success=bool(result.success))
        for r in result.results:
            if r.exception_info and r.exception_info.get("raised_exception"):
                raise RuntimeError(
                    f"{rule_id}: expectation {r.expectation_config.type} raised: "
                    f"{r.exception_info.get('exception_message')}"
                )
            finding = (r.expectation_config.meta or {}).get("finding", "violation")
            for label in r.result.get("unexpected_index_list") or []:
                outcome.findings.setdefault(_label(label), []).append(finding)
        return outcome

    def build_docs(self) -> Path | None:
        """Render the Data Docs site for every validation of this session; returns its index page."""
        if self.docs_dir is None:
            return None
        self.context.build_data_docs(site_names=[DOCS_SITE])
        index = self.docs_dir / "index.html"
        return index if index.exists() else None


def _label(label: Any) -> Any:
    """GX reports a pandas row label as-is, or as a dict when index columns are named."""
    if isinstance(label, dict):
        return next(iter(label.values()))
    return label


def _clear_docs(docs_dir: Path) -> None:
    """Remove the previous run's pages (only what GX writes), so the site shows the current run."""
    for sub in ("validations", "expectations"):
        shutil.rmtree(docs_dir / sub, ignore_errors=True)
    (docs_dir / "index.html").unlink(missing_ok=True)
    docs_dir.mkdir(parents=True, exist_ok=True)
