"""dbt on the DuckDB warehouse, in-process: `dbt build` (seeds, models, tests) and any other dbt command,
with telemetry off. Used by the build stage of the pipeline and by the checks (`expectations.runner`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.paths import WAREHOUSE_ENV, project_root


@dataclass
class BuildSummary:
    success: bool
    counts: dict[str, int] = field(default_factory=dict)  # status -> number of nodes
    failures: list[str] = field(default_factory=list)  # "model.name: message"


# No library may call out (dbt's anonymous usage events, great-expectations' analytics): set for every
# in-process dbt call, beside `flags: send_anonymous_usage_stats: false` in dbt_project.yml.
NO_TELEMETRY = {
    "DO_NOT_TRACK": "1",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "DBT_VERSION_CHECK": "false",
    "GX_ANALYTICS_ENABLED": "false",
}


def dbt_invoke(args: list[str], warehouse: Path, *, quiet: bool = False):
    """Run a dbt command against `warehouse` and return dbt's result object.

    dbt reads the warehouse path from $OGI_WAREHOUSE (profiles.yml); the caller's environment is
    restored afterwards so library use stays side-effect free.
    """
    from dbt.cli.main import dbtRunner

    root = project_root()
    env = {WAREHOUSE_ENV: str(warehouse.resolve()), **NO_TELEMETRY}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    cwd = os.getcwd()
    try:
        os.chdir(root)
        flags = ["--project-dir", str(root), "--profiles-dir", str(root)]
        pre = ["--quiet"] if quiet else []
        return dbtRunner().invoke([*pre, "--no-send-anonymous-usage-stats", *args, *flags])
    finally:
        os.chdir(cwd)
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# The marts that read the stored check results: `ogi check` rebuilds them after storing its verdicts.
CHECK_RESULT_MARTS = "fct_check_results+"


def dbt_build(
    warehouse: Path, *, select: str | None = None, exclude: str | None = None, quiet: bool = False
) -> BuildSummary:
    """`dbt build` (optionally `--select` / `--exclude`), summarised as node status counts and failures."""
    args = ["build"] + (["--select", select] if select else []) + (["--exclude", exclude] if exclude else [])
    res = dbt_invoke(args, warehouse, quiet=quiet)
    summary = BuildSummary(success=bool(res.success))
    if res.exception is not None:
        summary.failures.append(f"dbt: {res.exception}")
    for r in getattr(res.result, "results", None) or []:
        status = str(r.status)
        summary.counts[status] = summary.counts.get(status, 0) + 1
        if status in ("error", "fail"):
            summary.failures.append(f"{r.node.unique_id}: {r.message}")
    return summary
