"""Shared pytest fixtures: paths, the bundled samples, their ground truth, scratch warehouses."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
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


# ---------------------------------------------------------------- the analyst's site (ogi report)

# sample 003 with one printed number changed: 予以公开 / 自然人 (line 167) 21 -> 27, so A2 (its column) and
# A3 (its row) fail and the site must show that cell's raw text as evidence
TAMPERED_SAMPLE, TAMPERED_LINE, TAMPERED_TEXT = "003_de385e6a7bd35784.txt", 167, "27"


@dataclass
class BuiltSite:
    warehouse: Path
    site: Path
    output: str  # what `ogi run` printed


def _run_with_site(corpus: Path, root: Path) -> BuiltSite:
    from typer.testing import CliRunner

    from ogi.cli import app

    warehouse = root / "warehouse.duckdb"
    res = CliRunner().invoke(app, ["-q", "-w", str(warehouse), "run", str(corpus)])
    assert res.exit_code == 0, res.output
    from ogi.config import data_dir

    return BuiltSite(warehouse, data_dir(warehouse) / "site", res.output)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> BuiltSite:
    """`ogi run` (which builds the site last) on the samples, one of them with a broken balance."""
    root = tmp_path_factory.mktemp("sample_site")
    corpus = root / "corpus"
    corpus.mkdir()
    for p in SAMPLES.glob("*.txt"):
        lines = p.read_text(encoding="utf-8").split("\n")
        if p.name == TAMPERED_SAMPLE:
            assert lines[TAMPERED_LINE - 1].strip() == "21"
            lines[TAMPERED_LINE - 1] = TAMPERED_TEXT
        (corpus / p.name).write_text("\n".join(lines), encoding="utf-8")
    return _run_with_site(corpus, root)


@pytest.fixture(scope="session")
def synth_site(tmp_path_factory) -> BuiltSite:
    """`ogi run` on a 1,000-file synthetic corpus (with injected defects), site included."""
    from synth.generate import generate

    root = tmp_path_factory.mktemp("synth_site")
    generate(1000, root / "corpus", seed=7, workers=2)
    return _run_with_site(root / "corpus", root)


@pytest.fixture(scope="session")
def newer_columns_site(sample_site, tmp_path_factory) -> tuple[Path, Path, str]:
    """The samples' warehouse, copied, with the columns other parts of the project add filled in: every
    document's source_format 'pdf_text'; the tampered cell on page 4 (the facts' page_number) and
    recovered by the rules (is_rule_resolved); its A2 instance verified by nothing (verification
    rule_resolved); mart_rule_evidence rebuilt and the site built. Returns (warehouse, site, document)."""
    import shutil

    import duckdb

    from ogi.build import dbt_build
    from report.build import build_site

    root = tmp_path_factory.mktemp("newer_columns")
    wh = root / "w.duckdb"
    con = duckdb.connect(str(sample_site.warehouse))
    con.execute("checkpoint")  # everything in the file, nothing left in its write-ahead log
    con.close()
    shutil.copyfile(sample_site.warehouse, wh)
    con = duckdb.connect(str(wh))
    (doc,) = con.execute(
        "select document_id from marts.dim_document where source_file = ?", [TAMPERED_SAMPLE]
    ).fetchone()
    con.execute("update marts.dim_document set source_format = 'pdf_text'")
    for fact in ("fct_applications", "fct_review_litigation"):
        con.execute(f"alter table marts.{fact} add column if not exists page_number integer")
    cell = "document_id = ? and cell_key = 't3.granted.natural_person'"
    con.execute(
        f"update marts.fct_applications set page_number = 4, is_rule_resolved = true where {cell}", [doc]
    )
    con.execute(
        "update intermediate.int_checks__balance_instances set verification = 'rule_resolved' "
        "where document_id = ? and rule_id = 'A2' and scope_key = 'natural_person'",
        [doc],
    )
    con.close()
    build = dbt_build(wh, select="mart_rule_evidence", quiet=True)
    assert build.success, build.failures
    build_site(wh, root / "site", column_docs=False)
    return wh, root / "site", doc


def read_site_data(site: Path, key: str) -> dict:
    """The payload of a site data shard data/<key>.js (`OGI.data("<key>", {...});`)."""
    text = (site / "data" / f"{key}.js").read_text(encoding="utf-8")
    prefix = f"OGI.data({json.dumps(key)},"
    assert text.startswith(prefix) and text.rstrip().endswith(");"), text[:100]
    return json.loads(text[len(prefix) : text.rstrip().rindex(")")])


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


def load_scan_material():
    """benchmarks/scan_material.py as a module: scans (skew, noise) rendered from real PDFs, in memory."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("scan_material", ROOT / "benchmarks" / "scan_material.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def raw_rows(warehouse: Path) -> dict[str, list[tuple]]:
    """Every raw table of a warehouse, all columns, sorted (the landing timestamp included: the mirror
    must hold the very rows landed)."""
    import duckdb

    from extract.land import RAW_TABLES

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {
            t: con.execute(f"select {', '.join(c for c, _, _ in cols)} from raw.{t} order by all").fetchall()
            for t, cols in RAW_TABLES.items()
        }
    finally:
        con.close()


def mirror_rows(raw_dir: Path) -> dict[str, list[tuple]]:
    """The same, read from the Parquet mirror's part files (`raw/<table>/part-*.parquet`)."""
    import duckdb

    from extract.land import RAW_TABLES

    con = duckdb.connect()
    try:
        out = {}
        for t, cols in RAW_TABLES.items():
            parts = sorted(str(p) for p in (raw_dir / t).glob("part-*.parquet"))
            names = ", ".join(c for c, _, _ in cols)
            out[t] = con.execute(f"select {names} from read_parquet(?) order by all", [parts]).fetchall()
        return out
    finally:
        con.close()
