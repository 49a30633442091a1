"""The contract in the project: docs/keys.md is what the seeds give, and every `REPORTS.md §N` the code
cites is a section of docs/REPORTS.md."""

from __future__ import annotations

import importlib.util
import re

from extract.template import TEMPLATE_VERSIONS, load_template
from tests.conftest import ROOT

DOCS = ROOT / "docs"


def _gen_keys():
    spec = importlib.util.spec_from_file_location("gen_keys", DOCS / "gen_keys.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_committed_keys_md_is_what_the_seeds_give():
    assert (DOCS / "keys.md").read_text(encoding="utf-8") == _gen_keys().render(), (
        "docs/keys.md is stale: run `python docs/gen_keys.py`"
    )


def test_keys_md_lists_every_key_of_both_templates():
    text = (DOCS / "keys.md").read_text(encoding="utf-8")
    for version in TEMPLATE_VERSIONS:
        tpl = load_template(version)
        for cell in tpl.t2_cells:
            assert f"`{cell.key}`" in text
        for row in tpl.t3_data_rows:
            assert f"`{row.key}`" in text
        for col in tpl.t3_columns:
            assert f"`{col.key}`" in text
        for col in tpl.t4_columns:
            assert f"`t4.{col.key}`" in text


def test_gen_keys_check_fails_on_a_stale_file(tmp_path, monkeypatch):
    gen = _gen_keys()
    stale = tmp_path / "keys.md"
    stale.write_text(gen.render().replace("`t4.review_total`", "`t4.review_sum`"), encoding="utf-8")
    monkeypatch.setattr(gen, "KEYS_MD", stale)
    assert gen.main(["--check"]) == 1
    stale.write_text(gen.render(), encoding="utf-8")
    assert gen.main(["--check"]) == 0


_CITE = re.compile(r"REPORTS\.md\s*§\s*(\d+(?:\.\d+)?)")


def test_every_cited_section_exists():
    spec = (DOCS / "REPORTS.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)\.?\s", spec, re.M))
    assert {"7.2", "8.7", "9"} <= sections
    cited: dict[str, str] = {}
    for folder in ("extract", "ogi", "models", "expectations", "synth", "benchmarks"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in (".py", ".sql", ".yml", ".md"):
                for m in _CITE.finditer(path.read_text(encoding="utf-8")):
                    cited.setdefault(m.group(1), str(path.relative_to(ROOT)))
    assert cited, "no citations found: the pattern is wrong"
    missing = {sec: where for sec, where in cited.items() if sec not in sections}
    assert not missing, f"cited sections missing from docs/REPORTS.md: {missing}"


def test_code_cites_the_vendored_spec():
    stray = []
    for folder in ("extract", "ogi", "models", "expectations"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in (".py", ".sql", ".yml", ".md"):
                text = path.read_text(encoding="utf-8")
                stray += [str(path.relative_to(ROOT)) for _ in re.finditer(r"(?<![/\w])REPORTS\.md", text)]
    assert not stray, f"cite docs/REPORTS.md, not a REPORTS.md outside the project: {stray}"
