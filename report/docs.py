"""The site's column documentation: every model and column (中文 + English) from dbt's manifest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from jinja2 import Environment


def column_docs_page(warehouse: Path, out: Path, env: Environment, notes: list[str]) -> Path | None:
    """docs/columns.html: every model and column with its 中文 + English description, from dbt's manifest.

    `dbt docs generate --static` runs into a scratch target folder (the project's target/ and its
    partial-parse state are left alone); its manifest and catalog give the descriptions (doc blocks
    resolved) and column types. The site renders its own page from them, and ships dbt's self-contained
    page beside it as docs/dbt-docs.html for the lineage graph: with usage statistics off
    (dbt_project.yml) that page loads nothing from a CDN, but under file:// it logs harmless errors
    for its icons and cuts descriptions short, so it is not the page the site links first. Both depend
    on the project only, so they are regenerated when the project's fingerprint changes, and kept in
    target/site-docs/ for every warehouse's site (dbt docs generate takes 5–20 s).
    """
    import tempfile

    from warehouse.dbt import dbt_invoke
    from warehouse.paths import project_fingerprint, project_root

    dest = out / "docs" / "columns.html"
    stamp = out / "docs" / "columns.fingerprint"
    fingerprint = project_fingerprint(project_root())
    if dest.exists() and stamp.exists() and stamp.read_text() == fingerprint:
        return dest
    cache = project_root() / "target" / "site-docs" / fingerprint
    if (cache / "columns.html").exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        for name in ("columns.html", "dbt-docs.html"):
            if (cache / name).exists():
                shutil.copyfile(cache / name, dest.parent / name)
        stamp.write_text(fingerprint)
        return dest
    with tempfile.TemporaryDirectory(prefix="ogi-docs-") as tmp:
        res = dbt_invoke(
            ["docs", "generate", "--static", "--target-path", tmp],
            warehouse,
            quiet=True,
        )
        target = Path(tmp)
        if not res.success or not (target / "manifest.json").exists():
            notes.append(f"column docs: dbt docs generate failed ({res.exception or 'no manifest'})")
            return None
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        catalog_path = target / "catalog.json"
        catalog = json.loads(catalog_path.read_text(encoding="utf-8")) if catalog_path.exists() else {}
        dest.parent.mkdir(parents=True, exist_ok=True)
        if (target / "static_index.html").exists():
            shutil.copyfile(target / "static_index.html", dest.parent / "dbt-docs.html")
    models = _models_for_docs(manifest, catalog)
    dest.write_text(
        env.get_template("columns.html.j2").render(models=models, page="docs/columns.html"), encoding="utf-8"
    )
    stamp.write_text(fingerprint)
    _keep(cache, dest.parent)
    return dest


def _keep(cache: Path, docs: Path) -> None:
    """Copy the pages into the shared cache, atomically (another build may read it meanwhile)."""
    import tempfile

    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=cache.parent))
    except OSError:  # a read-only checkout: the site has its pages, there is just no cache
        return
    try:
        for name in ("dbt-docs.html", "columns.html"):
            if (docs / name).exists():
                shutil.copyfile(docs / name, tmp / name)
        tmp.rename(cache)
    except OSError:  # another build kept its copy first
        shutil.rmtree(tmp, ignore_errors=True)


def _models_for_docs(manifest: dict, catalog: dict) -> list[dict]:
    layer_order = {"marts": 0, "intermediate": 1, "staging": 2}
    models = []
    for uid, node in manifest.get("nodes", {}).items():
        if node.get("resource_type") != "model" or node.get("package_name") != "ogi":
            continue
        types = {
            c.lower(): v.get("type")
            for c, v in catalog.get("nodes", {}).get(uid, {}).get("columns", {}).items()
        }
        columns = [
            {
                "name": name,
                "description": col.get("description") or "",
                "type": col.get("data_type") or types.get(name.lower()),
            }
            for name, col in node.get("columns", {}).items()
        ]
        documented = {c["name"].lower() for c in columns}
        columns += [
            {"name": n, "description": "", "type": t} for n, t in types.items() if n not in documented
        ]
        models.append(
            {
                "name": node["name"],
                "schema": node.get("schema"),
                "layer": node.get("fqn", ["", ""])[1] if len(node.get("fqn", [])) > 2 else "",
                "materialized": node.get("config", {}).get("materialized"),
                "path": node.get("original_file_path"),
                "description": node.get("description") or "",
                "columns": columns,
            }
        )
    return sorted(models, key=lambda m: (layer_order.get(m["layer"], 3), m["name"]))
