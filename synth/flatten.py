"""Valid reports rendered as a site crawler flattens them: one line of body text (or one line per
table row), cells run together.

The crawler keeps every character of the page body but no cell border, so a table row reads
`一、本年新收政府信息公开申请数量713000074`; some crawlers put a space between cells, some between
none. The tables come from the synthetic generator (synth/values.py), so every balance rule holds:
what the flattened text loses, only the template's arithmetic can give back. Used by the recovery
property test and benchmarks/flattened_recovery.py.
"""

from __future__ import annotations

import random
from typing import Any

from extract.template import load_template
from synth.render import draw_style, dump_cell_per_line, grids, narrative
from synth.values import t2_values, t3_values, t4_values

LEVELS = ("township", "county", "city", "province", "department")


def valid_record(
    rng: random.Random, version: str | None = None, scale: float | None = None
) -> dict[str, Any]:
    """A report whose tables satisfy A1-A6 (no blank cell: a flattened crawl cannot show where one was)."""
    version = version or rng.choice(("v2019", "v2021"))
    tpl = load_template(version)
    scale = scale if scale is not None else rng.choice((2.0, 20.0, 200.0, 2000.0))
    level = rng.choice(LEVELS)
    year = rng.choice((2019, 2020)) if version == "v2019" else rng.choice((2021, 2022, 2023, 2024))
    return {
        "template": version,
        "agency_name": "某某县人民政府",
        "agency_aliases": ["某某县"],
        "agency_level": "county",
        "report_year": year,
        "title": f"某某县人民政府{year}年政府信息公开工作年度报告",
        "publication_date": f"{year + 1}-03-0{rng.randint(1, 9)}",
        "region": {},
        "t2": t2_values(tpl, rng, level, rng.random() < 0.5, scale, {}),
        "t3": t3_values(tpl, rng, scale, None),
        "t4": t4_values(tpl, rng, scale * 5),
    }


def _stray_space(cell: str, rng: random.Random, p: float = 0.08) -> str:
    """A label the page wrapped inside its cell keeps a space there (`社会公益 组织`); values never do."""
    if len(cell) < 4 or any(ch.isdigit() for ch in cell) or rng.random() >= p:
        return cell
    at = rng.randint(1, len(cell) - 1)
    return cell[:at] + " " + cell[at:]


def render_flattened(rec: dict[str, Any], rng: random.Random) -> str:
    """The page as a crawler saved it: a short header, then the body on one line (or a line per table row)."""
    st = draw_style(rng, "cell_per_line")
    gs = grids(rec, st)
    nar = narrative(rec, st)
    h = nar["h"]
    per_row = rng.random() < 0.3  # some crawlers keep a line per table row, still without cell borders
    parts: list[str] = [*nar["preamble"], h[0], *nar["s1"], h[1]]
    for name, heading in (("t2", h[2]), ("t3", h[3]), ("t4", h[4])):
        sep = rng.choice(("", "", " "))  # most crawlers join cells with nothing, some with a space
        if per_row:
            rows = [[x.strip() for c in row for x in c.lines if x.strip()] for row in gs[name].rows]
            parts.append(
                "\n" + "\n".join(sep.join(_stray_space(c, rng) for c in row) for row in rows if row) + "\n"
            )
        else:
            parts.append(sep.join(_stray_space(c, rng) for c in dump_cell_per_line(gs[name], st)))
        parts.append(heading)
    parts += [*nar["s5"], h[5], *nar["s6"], *nar["sign"]]
    head = [
        f"标题: {rec.get('title') or ''}",
        f"发布时间: {rec.get('publication_date') or ''}",
        "栏目: 政府信息公开年报",
    ]
    return "\n".join([*head, "==================== 正文 ====================", " ".join(parts)]) + "\n"
