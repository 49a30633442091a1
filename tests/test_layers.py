"""The layers import downwards only: the CLI depends on the library, never the reverse (issue 14).

extract/, expectations/, report/, synth/ and warehouse/ are libraries below `ogi`; inside `ogi`, only the CLI
imports the CLI. Checked on the source (every import statement, top-level or inside a function)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOWER = ("extract", "expectations", "report", "synth", "warehouse")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", LOWER)
def test_lower_layers_never_import_ogi(package):
    offenders = {
        str(p.relative_to(ROOT)): sorted(m for m in _imports(p) if m == "ogi" or m.startswith("ogi."))
        for p in (ROOT / package).rglob("*.py")
    }
    assert not {k: v for k, v in offenders.items() if v}


def test_only_the_cli_imports_the_cli():
    users = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "ogi").rglob("*.py")
        if p.name != "cli.py" and "ogi.cli" in _imports(p)
    ]
    assert users == []


def test_the_scan_sees_imports_inside_functions(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("def f():\n    from ogi.build import dbt_build\n", encoding="utf-8")
    assert "ogi.build" in _imports(f)
