"""Where the project (the dbt root) is, what in it shapes the outputs, and the environment variable
naming the warehouse file."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from extract import EXTRACTOR_VERSION

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


_PROJECT_PARTS = ("models", "macros", "seeds", "expectations", "dbt_project.yml", "profiles.yml")
_SUFFIXES = {".sql", ".yml", ".yaml", ".csv", ".md", ".py"}


def project_fingerprint(root: Path) -> str:
    """sha256 over every file that shapes build and check outputs, plus the extractor version."""
    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for part in _PROJECT_PARTS:
        p = root / part
        files = (
            sorted(f for f in p.rglob("*") if f.is_file() and f.suffix in _SUFFIXES) if p.is_dir() else [p]
        )
        for f in files:
            if f.exists() and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(root)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()
