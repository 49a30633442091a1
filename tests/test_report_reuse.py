"""Year-over-year text reuse: character 5-gram Jaccard after normalisation, template boilerplate left out."""

from __future__ import annotations

import random

import pytest

from report.reuse import MIN_SHINGLES, year_over_year

CHARS = "政府信息公开申请办理结果本机关年度工作情况主动依法予以部分不无法提供处理其他行政复议诉讼"


def _text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(CHARS) for _ in range(n))


def _naive(a: str, b: str) -> float:
    def grams(t: str) -> set[str]:
        t = "".join("0" if c.isdigit() else c for c in "".join(t.split()))
        return {t[i : i + 5] for i in range(len(t) - 4)}

    ga, gb = grams(a), grams(b)
    return len(ga & gb) / len(ga | gb)


def _pair(a: str, b: str, years=(2022, 2023)) -> list[dict]:
    return year_over_year(
        [("ag", years[0], "d1", "s1_overview", a), ("ag", years[1], "d2", "s1_overview", b)]
    )


def test_identical_text_with_new_numbers_and_spacing_is_a_copy():
    rng = random.Random(1)
    a = _text(rng, 300) + "共收到申请12件"
    b = a[:100] + "\n  " + a[100:].replace("12", "97")
    (p,) = _pair(a, b)
    assert (p["document_id"], p["previous_document_id"], p["similarity"]) == ("d2", "d1", 1.0)


def test_similarity_equals_the_exact_jaccard_of_5_grams():
    rng = random.Random(2)
    for _ in range(20):
        a = _text(rng, rng.randint(60, 400))
        b = a[: rng.randint(0, len(a))] + _text(rng, rng.randint(30, 300))
        (p,) = _pair(a, b)
        assert p["similarity"] == pytest.approx(_naive(a, b), abs=1e-9)


def test_no_pair_without_last_year_and_none_when_too_short():
    rng = random.Random(3)
    assert _pair(_text(rng, 200), _text(rng, 200), years=(2021, 2023)) == []
    (p,) = _pair("无", _text(rng, 200))
    assert p["similarity"] is None and p["previous_shingles"] < MIN_SHINGLES


def test_template_boilerplate_does_not_make_reports_similar():
    """Ten agencies print the same template sentence; each writes its own text besides."""
    rng = random.Random(4)
    template = "本年度本机关收到和处理政府信息公开申请情况如下表所示" * 3
    rows = []
    for i in range(10):
        rows.append((f"ag{i}", 2022, f"a{i}", "s3_requests", template + _text(rng, 200)))
        rows.append((f"ag{i}", 2023, f"b{i}", "s3_requests", template + _text(rng, 200)))
    sims = [p["similarity"] for p in year_over_year(rows)]
    assert len(sims) == 10 and max(sims) < 0.1


def test_result_does_not_depend_on_chunks_or_workers(monkeypatch):
    import report.reuse as reuse

    rng = random.Random(5)
    base = {f"ag{i}": _text(rng, 150) for i in range(12)}
    rows = [
        (agency, year, f"{agency}-{year}", section, base[agency] + _text(rng, 40 * (year - 2020)))
        for agency in base
        for year in (2021, 2022, 2023)
        for section in ("s1_overview", "s5_problems")
    ]
    whole = year_over_year(rows, workers=1)
    monkeypatch.setattr(reuse, "CHUNK_ROWS", 7)
    assert year_over_year(rows, workers=2) == whole
    assert len(whole) == 12 * 2 * 2


def _corpus(rng: random.Random, years=range(2019, 2024), agencies=8) -> list[tuple]:
    base = {a: _text(rng, 300) for a in range(agencies)}
    return [
        (f"ag{a}", y, f"d{a}-{y}", s, base[a][: 100 + 20 * (y - 2019)] + _text(rng, 80))
        for a in range(agencies)
        for y in years
        for s in ("s1_overview", "s5_problems")
    ]


def _cached(rows: list[tuple], cache) -> tuple[list[tuple], dict]:
    import duckdb

    from report.reuse_cache import cached_year_over_year

    con = duckdb.connect()
    con.execute(
        "create table texts (agency_key varchar, report_year integer, document_id varchar, "
        "section_key varchar, section_text varchar)"
    )
    con.executemany("insert into texts values (?, ?, ?, ?, ?)", rows)
    table, counts = cached_year_over_year(con, "select * from texts", cache, workers=1)
    con.close()
    got = sorted(
        zip(*(table[c].to_pylist() for c in ("document_id", "section_key", "similarity")), strict=True)
    )
    return got, counts


def test_cache_recomputes_only_the_years_whose_texts_changed(tmp_path):
    """Pairs of year y depend on the texts of y and y-1 only: an unchanged corpus recomputes nothing, a
    changed year recomputes itself and the next; the result always equals a pass with no cache."""
    rng = random.Random(9)
    rows = _corpus(rng)
    fresh = sorted(
        (p["document_id"], p["section_key"], p["similarity"]) for p in year_over_year(rows, workers=1)
    )
    first, counts = _cached(rows, tmp_path / "cache")
    assert first == fresh and counts == {"years_reused": 0, "years_computed": 5}
    again, counts = _cached(rows, tmp_path / "cache")
    assert again == fresh and counts == {"years_reused": 5, "years_computed": 0}
    changed = [r if r[1] != 2021 or r[0] != "ag3" else (*r[:4], _text(rng, 300)) for r in rows]
    got, counts = _cached(changed, tmp_path / "cache")
    assert counts == {"years_reused": 3, "years_computed": 2}  # 2021 and 2022
    assert got == sorted(
        (p["document_id"], p["section_key"], p["similarity"]) for p in year_over_year(changed, workers=1)
    )
    assert got != fresh
