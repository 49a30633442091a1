"""Where the project (the dbt root) is, and the environment variable naming the warehouse file."""

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
