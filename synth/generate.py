"""`ogi synth`: a realistic synthetic corpus of annual reports with ground truth.

Agencies of every level across provinces report for runs of consecutive years (carry-over chained),
each year on the template of that year (a share keep v2019 late), in every layout the extractor
supports. A configurable share of documents carries one injected defect, and some files are not
reports at all; both are recorded in the truth. The truth goes next to the corpus folder
(`DIR.truth.jsonl`, one REPORTS.md §9 record per file) so that `ogi run DIR` sees only documents.

Deterministic in the seed: the plan (who reports which years, under which file name) is drawn in the
main process; each agency is then generated from its own seed in a worker process.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from extract.template import load_template
from synth.formats import FORMATS, render_format
from synth.gazetteer import provinces, town_name
from synth.render import LAYOUTS, draw_style, render
from synth.values import t2_values, t3_values, t4_values

# Bump when the same seed would produce different files (benchmarks cache corpora by it).
GENERATOR_VERSION = "2"
YEARS = (2019, 2025)
LAYOUT_WEIGHTS = {
    "cell_per_line": 0.18,
    "pipe_rows": 0.16,
    "cell_per_line_pipe": 0.14,
    "markdown": 0.08,
    "tsv": 0.06,
    "pdf_layout": 0.14,
    "html": 0.24,
}
# Layouts in which an empty cell stays visible, so a report may leave cells blank (null, never 0).
BLANK_VISIBLE = ("pipe_rows", "cell_per_line_pipe", "markdown", "tsv", "html")
DEFECT_KINDS = ("imbalance", "blank_total", "na_marker", "split_number", "approx_marker")
NON_REPORT_SHARE = 0.15  # of the defect budget: files that are not reports at all
NA_MARKERS = ("—", "-", "/", "无", "——", "－")

_DEPTS_LOCAL = (
    "生态环境局",
    "司法局",
    "教育局",
    "财政局",
    "民政局",
    "人力资源和社会保障局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "卫生健康委员会",
    "市场监督管理局",
    "应急管理局",
    "发展和改革局",
    "审计局",
    "统计局",
    "医疗保障局",
    "水利局",
    "文化和旅游局",
    "退役军人事务局",
)
_DEPTS_PROVINCE = (
    "司法厅",
    "生态环境厅",
    "教育厅",
    "财政厅",
    "民政厅",
    "自然资源厅",
    "交通运输厅",
    "农业农村厅",
    "卫生健康委员会",
    "市场监督管理局",
    "发展和改革委员会",
    "住房和城乡建设厅",
    "水利厅",
    "审计厅",
)
# (kind, weight, base applications per year)
_KINDS = (
    ("township", 0.34, 0.8),
    ("county_gov", 0.09, 25.0),
    ("county_dept", 0.30, 3.0),
    ("city_gov", 0.03, 120.0),
    ("city_dept", 0.17, 12.0),
    ("province_dept", 0.065, 40.0),
    ("province_gov", 0.005, 300.0),
)


@dataclass
class AgencyPlan:
    agency_id: int
    seed: int
    years: list[int]
    doc_indices: list[int]
    identity: dict[str, Any] = field(default_factory=dict)


def truth_path(out_dir: str | Path) -> Path:
    """Where the truth of corpus `out_dir` goes: beside it, never inside it."""
    p = Path(out_dir)
    return p.parent / f"{p.name}.truth.jsonl"


def file_name(index: int, data: bytes, ext: str) -> str:
    return f"{index // 1000:03d}/{index:06d}_{hashlib.sha1(data).hexdigest()[:10]}.{ext}"


# ---------------------------------------------------------------- the plan


def _identity(rng: random.Random, used: set[str]) -> dict[str, Any]:
    geo = provinces()
    while True:
        kind = rng.choices([k[0] for k in _KINDS], [k[1] for k in _KINDS])[0]
        prov, cities = rng.choice(geo)
        city, counties = rng.choice(cities)
        county = rng.choice(counties)
        region = {"province": prov, "city": city, "county": None, "township": None}
        aliases: list[str] = []
        gov = kind.endswith("_gov") or kind == "township"
        if kind == "township":
            town = town_name(rng.randrange(10**6))
            suffix, short = rng.choice(
                (("街道办事处", "街道"), ("街道办事处", "街道"), ("镇人民政府", "镇"), ("乡人民政府", "乡"))
            )
            name = f"{rng.choice((city, ''))}{county}{town}{suffix}"
            aliases = [f"{town}{short}"]
            region.update(county=county, township=f"{town}{short}")
            level = "township"
        elif kind == "county_gov":
            name = f"{city}{county}人民政府"
            aliases = [f"{county}人民政府"]
            region["county"] = county
            level = "county"
        elif kind == "county_dept":
            name = f"{county}{rng.choice(_DEPTS_LOCAL)}"
            region["county"] = county
            level = "department"
        elif kind == "city_gov":
            name = f"{city}人民政府"
            level = "city"
        elif kind == "city_dept":
            dept = rng.choice(_DEPTS_LOCAL).replace("发展和改革局", "发展和改革委员会")
            name = f"{city}{dept}"
            level = "department"
        elif kind == "province_gov":
            name = f"{prov}人民政府"
            region["city"] = None
            level = "province"
        else:
            name = f"{prov}{rng.choice(_DEPTS_PROVINCE)}"
            region["city"] = None
            level = "department"
        if name in used:
            continue
        used.add(name)
        base = dict((k[0], k[2]) for k in _KINDS)[kind]
        scale = base * rng.lognormvariate(0, 1.0) * (30 if rng.random() < 0.015 else 1)
        late = rng.random() < 0.06
        return {
            "agency_name": name,
            "agency_aliases": aliases,
            "agency_level": level,
            "region": region,
            "is_government": gov,
            "scale_level": level if level != "department" else "department",
            "scale": scale,
            "late_v2019_until": rng.choice((2021, 2022, 2023)) if late else None,
            "layout": rng.choices(list(LAYOUT_WEIGHTS), list(LAYOUT_WEIGHTS.values()))[0],
            "sparse": rng.random() < 0.05,
            "title_pattern": rng.randrange(4),
            "has_title": rng.random() < 0.85,
        }


def plan_corpus(n: int, seed: int, defect_rate: float) -> tuple[list[AgencyPlan], list[int]]:
    """Which agency reports which years under which file index, and the indices of non-report files."""
    rng = random.Random(seed)
    n_non = round(n * defect_rate * NON_REPORT_SHARE)
    order = list(range(n))
    rng.shuffle(order)  # file names do not reveal agency or year
    non_reports = sorted(order[:n_non])
    free = iter(order[n_non:])
    plans: list[AgencyPlan] = []
    used: set[str] = set()
    left = n - n_non
    while left > 0:
        span = min(left, rng.choices(range(1, 8), (8, 10, 12, 12, 10, 8, 6))[0])
        first = rng.randint(YEARS[0], YEARS[1] - span + 1)
        years = list(range(first, first + span))
        plans.append(
            AgencyPlan(
                len(plans), rng.getrandbits(63), years, [next(free) for _ in years], _identity(rng, used)
            )
        )
        left -= span
    return plans, non_reports


# ---------------------------------------------------------------- one agency, all its years


def _template_for(year: int, ident: dict) -> str:
    if year <= 2020:
        return "v2019"
    late = ident.get("late_v2019_until")
    return "v2019" if late and year <= late else "v2021"


def _title(ident: dict, year: int) -> str:
    a = ident["agency_name"]
    return (
        f"{a}{year}年政府信息公开工作年度报告",
        f"{year}年{a}政府信息公开工作年度报告",
        f"{a}{year}年度政府信息公开工作报告",
        f"{a}{year}年政府信息公开年度报告",
    )[ident["title_pattern"]]


def _pub_date(rng: random.Random, year: int) -> str | None:
    r = rng.random()
    if r < 0.08:
        return None
    month = rng.choices((1, 2, 3, 4, 6, 9), (50, 25, 15, 5, 3, 2))[0]
    if r < 0.10:
        return f"{year + 1}-{month:02d}"
    return f"{year + 1}-{month:02d}-{rng.randint(1, 28):02d}"


def _cells(rec: dict) -> list[tuple[str, Any]]:
    """(cell key, value) of every template cell of the record, in document order."""
    tpl = load_template(rec["template"])
    out = [(c.key, rec["t2"][c.row_key][c.col_key]) for c in tpl.t2_cells]
    out += [
        (f"t3.{r.key}.{c.key}", rec["t3"][r.key][c.index]) for r in tpl.t3_data_rows for c in tpl.t3_columns
    ]
    out += [(f"t4.{c.key}", rec["t4"][c.index]) for c in tpl.t4_columns]
    return out


def _set(rec: dict, key: str, value: Any) -> None:
    table, *rest = key.split(".")
    tpl = load_template(rec["template"])
    if table == "t2":
        rec["t2"][rest[0]][rest[1]] = value
    elif table == "t3":
        rec["t3"][rest[0]][next(c.index for c in tpl.t3_columns if c.key == rest[1])] = value
    else:
        rec["t4"][next(c.index for c in tpl.t4_columns if c.key == rest[0])] = value


def _hazards(rec: dict, rng: random.Random, layout: str) -> None:
    """Legitimate value formats a parser must read exactly (§6.2): thousands separators, full-width
    digits, explicit + on a change, a unit inside the money cell. The value stays the truth."""
    raw, flags = rec["raw_cells"], rec["cell_flags"]
    tpl = load_template(rec["template"])
    for key, v in _cells(rec):
        if isinstance(v, int) and v >= 1000 and rng.random() < 0.3:
            raw[key] = f"{v:,}"
            flags.setdefault(key, []).append("thousands_sep")
    if rng.random() < 0.03:
        key, v = rng.choice([(k, v) for k, v in _cells(rec) if isinstance(v, int) and v >= 0])
        raw.setdefault(key, str(v).translate(str.maketrans("0123456789", "０１２３４５６７８９")))
    for c in tpl.t2_cells:
        v = rec["t2"][c.row_key][c.col_key]
        if c.value_type == "signed_int" and isinstance(v, int) and v > 0 and rng.random() < 0.3:
            raw[c.key] = f"+{v}"
        if c.value_type == "decimal" and not c.unit and v and rng.random() < 0.3:
            yuan = round(v * 10000)
            rec["t2"][c.row_key][c.col_key] = yuan / 10000
            raw[c.key] = f"{yuan}元"
            flags.setdefault(c.key, []).append("unit_in_cell")


def _inject(rec: dict, rng: random.Random, layout: str) -> dict:
    """One defect, recorded with what a good pipeline should do about it."""
    kind = rng.choice(DEFECT_KINDS)
    cells = _cells(rec)
    t3_leaf = [
        (k, v)
        for k, v in cells
        if k.startswith("t3.")
        and not k.endswith(".total")
        and v is not None
        and k.split(".")[1] not in ("new_received", "carried_over", "results_total", "carried_forward")
    ]
    if kind == "split_number":
        big = [(k, v) for k, v in cells if k.startswith("t3.") and isinstance(v, int) and v >= 10]
        if big:
            key, v = rng.choice(big)
            s = str(v)
            cut = rng.randint(1, len(s) - 1)
            rec["raw_cells"][key] = f"{s[:cut]}\n{s[cut:]}"
            return {
                "kind": kind,
                "cell": key,
                "value": v,
                "printed": f"{s[:cut]} {s[cut:]}",
                "expect": "repaired_or_reported",
            }
        kind = "na_marker"
    if kind == "approx_marker":
        pos = [(k, v) for k, v in cells if k.startswith("t3.") and isinstance(v, int) and v > 0]
        if pos:
            key, v = rng.choice(pos)
            rec["raw_cells"][key] = rng.choice((f"约{v}", f"{v}余", f"近{v}"))
            rec["cell_flags"].setdefault(key, []).append("approx")
            return {
                "kind": kind,
                "cell": key,
                "value": v,
                "printed": rec["raw_cells"][key],
                "expect": "flag:approx",
            }
        kind = "na_marker"
    if kind == "imbalance" and t3_leaf:
        key, v = rng.choice(t3_leaf)
        d = rng.randint(1, 3)
        _set(rec, key, v + d)
        return {"kind": kind, "cell": key, "value": v + d, "was": v, "expect": "check_fail"}
    key = f"t3.{rng.choice(('results_total', 'new_received', 'granted'))}.total"
    if kind == "blank_total" and dict(cells)[key] is not None:
        was = dict(cells)[key]
        _set(rec, key, None)
        return {"kind": kind, "cell": key, "value": None, "was": was, "expect": "reported"}
    zeros = [(k, v) for k, v in cells if v == 0 and not k.endswith(".total")]
    key, _ = rng.choice(zeros or cells)
    marker = rng.choice(NA_MARKERS)
    _set(rec, key, None)
    rec["raw_cells"][key] = marker
    rec["cell_flags"].setdefault(key, []).append("na_marker")
    return {"kind": "na_marker", "cell": key, "value": None, "printed": marker, "expect": "flag:na_marker"}


def _blank_out(rec: dict, what: str) -> None:
    """Sparse reporting (Shuyang: only 自然人 and 总计 filled; seed 004: t4 left blank): null, never 0."""
    if what == "legal_persons":
        for row in rec["t3"].values():
            row[1:6] = [None] * 5
    else:
        rec["t4"] = [None] * len(rec["t4"])


def agency_records(plan: AgencyPlan, defect_rate: float, formats: tuple[str, ...] = ()):
    """Every year of one agency as (file index, layout, record, rng), in year order, before rendering.

    A generator sharing one rng with its caller: the caller renders each record with the yielded rng
    before asking for the next year, so a seed gives the same corpus. `formats` (e.g. ("text", "pdf"))
    draws each report's format; "text" keeps the agency's text layout. Empty: text layouts only.
    """
    rng = random.Random(plan.seed)
    ident = plan.identity
    carried: list[int] | None = None
    items: dict[str, int] = {}
    layout = ident["layout"]
    for year, index in zip(plan.years, plan.doc_indices, strict=True):
        if rng.random() < 0.15:  # a site redesign: this year's page dumps differently
            layout = rng.choices(list(LAYOUT_WEIGHTS), list(LAYOUT_WEIGHTS.values()))[0]
        fmt = rng.choice(formats) if formats else "text"
        this_layout = layout if fmt == "text" else fmt
        version = _template_for(year, ident)
        tpl = load_template(version)
        scale = ident["scale"] * rng.uniform(0.7, 1.4)
        visible = this_layout in BLANK_VISIBLE or fmt != "text"
        sparse = rng.choice(("legal_persons", "t4")) if ident["sparse"] and visible else None
        t3 = t3_values(tpl, rng, scale, carried, legal_persons=sparse != "legal_persons")
        carried = t3["carried_forward"][:-1]
        rec: dict[str, Any] = {
            "source_file": None,
            "source_path": None,
            "doc_index": index,
            "agency_id": plan.agency_id,
            "is_report": True,
            "layout": this_layout if fmt == "text" else "grid",
            "template": version,
            "title": _title(ident, year) if ident["has_title"] else None,
            "agency_name": ident["agency_name"],
            "agency_aliases": list(ident["agency_aliases"]),
            "agency_level": ident["agency_level"],
            "report_year": year,
            "publication_date": _pub_date(rng, year),
            "region": dict(ident["region"]),
            "t2": t2_values(tpl, rng, ident["scale_level"], ident["is_government"], scale, items),
            "t3": t3,
            "t4": t4_values(tpl, rng, scale),
            "raw_cells": {},
            "cell_flags": {},
            "defects": [],
        }
        if sparse:
            _blank_out(rec, sparse)
        _hazards(rec, rng, this_layout)
        if rng.random() < defect_rate * (1 - NON_REPORT_SHARE):
            rec["defects"].append(_inject(rec, rng, this_layout))
        yield index, this_layout, rec, rng


def generate_agency(
    plan: AgencyPlan, out_dir: str, defect_rate: float, formats: tuple[str, ...] = ()
) -> list[str]:
    """Write every year of one agency; returns the truth records as JSON lines (in year order)."""
    lines = []
    for index, layout, rec, rng in agency_records(plan, defect_rate, formats):
        if layout in FORMATS:  # a Word or PDF file (synth.formats): no page chrome, no text encoding
            rec["publication_date_source"] = "signature" if rec["publication_date"] else None
            data = render_format(rec, layout, rng=rng)
            rec["encoding"] = None
            lines.append(_write(rec, out_dir, index, data, layout))
            continue
        style = draw_style(rng, layout)
        rec["publication_date_source"] = (
            None
            if not rec["publication_date"]
            else "chrome"
            if style.chrome and len(rec["publication_date"]) == 10
            else "signature"
        )
        text = render(rec, layout, style=style)
        data, enc = _encode(text, rng, layout)
        rec["encoding"] = enc
        lines.append(_write(rec, out_dir, index, data, "html" if layout == "html" else "txt"))
    return lines


def _encode(text: str, rng: random.Random, layout: str) -> tuple[bytes, str]:
    if layout != "html" and rng.random() < 0.02:
        try:
            return text.encode("gbk"), "gbk"
        except UnicodeEncodeError:
            pass
    return text.encode("utf-8"), "utf-8"


def _write(rec: dict, out_dir: str, index: int, data: bytes, ext: str) -> str:
    rel = file_name(index, data, ext)
    path = os.path.join(out_dir, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    rec["source_path"], rec["source_file"] = rel, os.path.basename(rel)
    rec.pop("raw_cells", None)
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------- files that are not reports


def generate_non_report(index: int, seed: int, out_dir: str) -> str:
    """A news page, an information-disclosure guide, an empty file or a binary blob."""
    rng = random.Random(seed * 1_000_003 + index)
    kind = rng.choice(("news", "news_html", "guide", "empty", "binary"))
    year = rng.randint(2019, 2025)
    if kind == "empty":
        data, ext = b"", "txt"
    elif kind == "binary":
        data, ext = b"\x89PNG\r\n\x1a\n" + rng.randbytes(rng.randint(200, 4000)), "txt"
    elif kind == "guide":
        data, ext = (
            (
                f"政府信息公开指南\n一、主动公开\n本机关主动公开的政府信息包括机构职能、政策文件等。\n"
                f"二、依申请公开\n公民、法人或者其他组织可以向本机关申请获取政府信息。\n"
                f"三、收费标准\n依申请提供政府信息，不收取费用。\n更新日期:{year}-03-01\n"
            ).encode(),
            "txt",
        )
    else:
        body = (
            f"{year}年{rng.randint(1, 12)}月，召开政务公开工作推进会，部署{year}年政府信息公开重点工作。"
            "会议要求各单位进一步提高认识，压实责任，确保各项任务落到实处。"
        )
        title = f"召开{year}年政务公开工作推进会"
        if kind == "news_html":
            data, ext = (
                (
                    f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
                    f"<body><h1>{title}</h1><p>{body}</p></body></html>\n"
                ).encode(),
                "html",
            )
        else:
            data, ext = f"{title}\n发布时间:{year}-05-12\n{body}\n".encode(), "txt"
    rec = {
        "source_file": None,
        "source_path": None,
        "doc_index": index,
        "agency_id": None,
        "is_report": False,
        "layout": None,
        "template": "unknown",
        "non_report_kind": kind,
        "defects": [{"kind": "non_report", "what": kind, "expect": "not_report"}],
    }
    return _write(rec, out_dir, index, data, ext)


# ---------------------------------------------------------------- the corpus


_job: tuple[str, float, int, tuple[str, ...]] = ("", 0.0, 0, ())


def _init(out_dir: str, defect_rate: float, seed: int, formats: tuple[str, ...] = ()) -> None:
    global _job
    _job = (out_dir, defect_rate, seed, formats)


def _run(item: AgencyPlan | int) -> list[str]:
    out_dir, rate, seed, formats = _job
    if isinstance(item, int):
        return [generate_non_report(item, seed, out_dir)]
    return generate_agency(item, out_dir, rate, formats)


@dataclass
class SynthSummary:
    files: int
    reports: int
    non_reports: int
    defects: int
    agencies: int
    truth: Path


# Written first into every corpus folder: `--force` deletes a folder only when it holds this file. A
# hidden file, so `ogi ingest` of the corpus does not see it.
SYNTH_MARKER = ".ogi-synth"


def generate(
    n: int,
    out_dir: str | Path,
    *,
    seed: int = 0,
    defect_rate: float = 0.05,
    workers: int | None = None,
    force: bool = False,
    on_progress: Callable[[int], None] | None = None,
    formats: tuple[str, ...] = (),
) -> SynthSummary:
    """Write `n` files under `out_dir` and their truth to `truth_path(out_dir)`.

    `formats`: the file formats reports are drawn from ("text", "docx", "pdf"; synth.formats); empty
    means text layouts only (the corpus of earlier versions, byte for byte).
    """
    formats = check_formats(formats)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"--out {out} is a file, not a folder; name a new or empty folder")
    if out.exists() and any(out.iterdir()):
        if not force:
            raise FileExistsError(f"{out} is not empty (use force to replace a corpus written by ogi synth)")
        if not (out / SYNTH_MARKER).is_file():
            raise FileExistsError(
                f"{out} is not empty and was not written by ogi synth (no {SYNTH_MARKER}); "
                "--force replaces only its own corpora: name a new or empty folder"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / SYNTH_MARKER).write_text(
        "written by `ogi synth`; `ogi synth --force` may replace this folder\n", encoding="utf-8"
    )
    plans, non_reports = plan_corpus(n, seed, defect_rate)
    items: list[AgencyPlan | int] = [*plans, *non_reports]
    workers = workers or os.cpu_count() or 1
    reports = defects = 0
    tp = truth_path(out)
    with open(tp, "w", encoding="utf-8") as f:
        if workers == 1 or n < 200:
            _init(str(out), defect_rate, seed, formats)
            results = map(_run, items)
            reports, defects = _drain(results, f, on_progress)
        else:
            ctx = get_context("fork") if hasattr(os, "fork") else get_context()
            with ctx.Pool(
                workers, initializer=_init, initargs=(str(out), defect_rate, seed, formats)
            ) as pool:
                reports, defects = _drain(pool.imap(_run, items, chunksize=16), f, on_progress)
    return SynthSummary(n, reports, len(non_reports), defects, len(plans), tp)


def check_formats(formats: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The formats, validated: "text" or one of synth.formats.FORMATS each; ("text",) alone is ()."""
    bad = [f for f in formats if f != "text" and f not in FORMATS]
    if bad:
        raise ValueError(f"unknown format(s) {', '.join(bad)}; expected text or one of {', '.join(FORMATS)}")
    return () if tuple(formats) in ((), ("text",)) else tuple(formats)


def _drain(results, f, on_progress) -> tuple[int, int]:
    reports = defects = 0
    for lines in results:
        for line in lines:
            f.write(line + "\n")
            reports += '"is_report":true' in line
            defects += '"defects":[]' not in line
        if on_progress:
            on_progress(len(lines))
    return reports, defects


def load_truth(path: str | Path) -> dict[str, dict]:
    """The truth records of a corpus keyed by source_file."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            out[r["source_file"]] = r
    return out


__all__ = ["LAYOUTS", "generate", "load_truth", "plan_corpus", "truth_path"]
