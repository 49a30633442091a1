"""Where things are: the project (dbt) root, the warehouse file and the output folders."""

from __future__ import annotations

import os
from pathlib import Path

WAREHOUSE_ENV = "OGI_WAREHOUSE"
PROJECT_ENV = "OGI_PROJECT_DIR"


def project_root() -> Path:
    """The folder holding dbt_project.yml: $OGI_PROJECT_DIR, else this checkout, else the working dir."""
    if env := os.environ.get(PROJECT_ENV):
        return Path(env).resolve()
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "dbt_project.yml").exists():
        return checkout
    return Path.cwd()


def default_warehouse() -> Path:
    """$OGI_WAREHOUSE, else `data/warehouse.duckdb` in the project."""
    if env := os.environ.get(WAREHOUSE_ENV):
        return Path(env).resolve()
    return project_root() / "data" / "warehouse.duckdb"


def data_dir(warehouse: Path) -> Path:
    """Outputs (raw Parquet, exports, data docs) land next to the warehouse file."""
    return warehouse.resolve().parent


def samples_dir() -> Path:
    return project_root() / "data" / "samples"
