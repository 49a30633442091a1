"""Where things are: the project (dbt) root, the warehouse file and the output folders."""

from __future__ import annotations

import os
from pathlib import Path

from warehouse.paths import PROJECT_ENV as PROJECT_ENV  # re-exported: where the project and warehouse are
from warehouse.paths import WAREHOUSE_ENV, project_root


def default_warehouse() -> Path:
    """$OGI_WAREHOUSE, else `data/warehouse.duckdb` in the project."""
    if env := os.environ.get(WAREHOUSE_ENV):
        return Path(env).resolve()
    return project_root() / "data" / "warehouse.duckdb"


def data_dir(warehouse: Path) -> Path:
    """The warehouse's own output folder, beside it and named after it (`data/warehouse.duckdb` →
    `data/warehouse/`): raw Parquet (`raw/`), exports (`export/`), Data Docs (`docs/`), the site (`site/`).
    Two warehouses in one folder never share outputs, and no default depends on the current folder."""
    w = warehouse.resolve()
    return w.parent / w.stem


def raw_dir(warehouse: Path) -> Path:
    return data_dir(warehouse) / "raw"


def export_dir(warehouse: Path) -> Path:
    return data_dir(warehouse) / "export"


def docs_dir(warehouse: Path) -> Path:
    return data_dir(warehouse) / "docs"


def lock_path(warehouse: Path) -> Path:
    """The run-level lock file beside the warehouse (`data/warehouse.duckdb.lock`)."""
    w = warehouse.resolve()
    return w.with_name(w.name + ".lock")


def samples_dir() -> Path:
    return project_root() / "data" / "samples"


def samples_warehouse() -> Path:
    """Where `make run` builds the bundled samples: their own warehouse, never the user's default."""
    return project_root() / "data" / "samples-warehouse.duckdb"  # outputs in data/samples-warehouse/
