"""The build stage: `dbt build` on the warehouse. The runner lives in the lower layer `warehouse.dbt`
(the checks use it too, and they must not import the CLI's package); these names stay for callers."""

from __future__ import annotations

from warehouse.dbt import CHECK_RESULT_MARTS, NO_TELEMETRY, BuildSummary, dbt_build, dbt_invoke

__all__ = ["CHECK_RESULT_MARTS", "NO_TELEMETRY", "BuildSummary", "dbt_build", "dbt_invoke"]
