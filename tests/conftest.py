"""Shared pytest fixtures: paths, the bundled samples, their ground truth, scratch warehouses."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

SEED_NAMES = sorted(p.stem for p in SAMPLES.glob("*.txt"))


def load_ground_truth(name: str) -> dict:
    """The hand-checked expected parse of seed `name` (copied from shared/spec/ground_truth)."""
    return json.loads((GOLDEN / "seeds" / f"{name}.json").read_text(encoding="utf-8"))


def record_from_values(truth: dict, doc_id: str, **overrides) -> dict:
    """A landable record built from §9 values (t2/t3/t4), for tests of layers after extraction.

    Lets the dbt and expectation tests pin their inputs exactly, independent of the parsers.
    """
    from extract.record import new_record
    from extract.template import load_template

    rec = new_record(truth.get("source_file", doc_id), doc_id.encode())
    rec["doc_id"] = doc_id
    rec.update({k: v for k, v in truth.items() if k in rec and k not in ("doc_id",)})
    rec["is_report"] = True
    rec.update(overrides)
    tpl = load_template(rec["template"])
    cells = []
    for c in tpl.t2_cells:
        v = rec["t2"].get(c.row_key, {}).get(c.col_key)
        cells.append(
            {
                "table": "t2",
                "subtable": c.subtable_id,
                "row": c.row_key,
                "col": c.col_key,
                "key": c.key,
                "value": v,
                "raw": "" if v is None else str(v),
                "flags": [],
            }
        )
    for r in tpl.t3_data_rows:
        for col in tpl.t3_columns:
            v = rec["t3"][r.key][col.index]
            cells.append(
                {
                    "table": "t3",
                    "subtable": None,
                    "row": r.key,
                    "col": col.key,
                    "key": f"t3.{r.key}.{col.key}",
                    "value": v,
                    "raw": "" if v is None else str(v),
                    "flags": [],
                }
            )
    for col in tpl.t4_columns:
        v = rec["t4"][col.index]
        cells.append(
            {
                "table": "t4",
                "subtable": None,
                "row": None,
                "col": col.key,
                "key": f"t4.{col.key}",
                "value": v,
                "raw": "" if v is None else str(v),
                "flags": [],
            }
        )
    rec["cells"] = cells
    return rec


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """A fresh, empty warehouse path (the file is created on first connect)."""
    return tmp_path / "warehouse.duckdb"


# OGI_REALWORLD points elsewhere (a worktree whose parent holds no shared/ folder)
REALWORLD = Path(os.environ.get("OGI_REALWORLD") or ROOT.parent / "shared" / "realworld")


@pytest.fixture(scope="session")
def realworld_dir() -> Path:
    """../shared/realworld: third-party documents with hand-checked truth, read in place, never copied.

    Absent in a user's fresh clone (the test skips), but under CI=true a missing folder is a failure.
    """
    import os

    if not (REALWORLD / "truth").is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{REALWORLD} is missing: CI must have the shared real documents")
        pytest.skip(f"{REALWORLD} not present (the shared real documents are not in this clone)")
    return REALWORLD


def load_realworld_scorer():
    """benchmarks/realworld.py as a module (the scorer lives with the benchmarks, tests reuse it)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("realworld_score", ROOT / "benchmarks" / "realworld.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def ogi_command(*args: str) -> list[str]:
    """`ogi ARGS` as a subprocess of this tree's code (for kill and Ctrl-C tests): run with `ogi_env()`."""
    import sys

    return [sys.executable, "-m", "ogi.cli", *args]


def ogi_env(**extra: str) -> dict[str, str]:
    """The environment for `ogi_command`: this tree first on the path, no warehouse from the caller."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "OGI_WAREHOUSE"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["COLUMNS"] = "200"
    return {**env, **extra}
