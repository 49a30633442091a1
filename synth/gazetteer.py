"""Real place names for synthetic agencies: provinces, cities and counties from cpca's adcode table,
plus invented township names (cpca stops at county level).

Only provinces and prefecture-level cities are used (no 直辖市, no 市辖区 placeholders, no HK/MO/TW),
so every agency name carries a region chain the metadata parser can read (REPORTS.md §8.7).
"""

from __future__ import annotations

import csv
import importlib.resources
from functools import cache

# Province codes left out: the municipalities (province = city) and HK/MO/TW.
_SKIP_PROVINCES = ("11", "12", "31", "50", "71", "81", "82")
_TOWN_CHARS = "东西南北新兴城关长安和平建设胜利前进红星光明永宁福太龙凤金银石桥河山湖花园青云松柏桃李梅杏柳沙泉马白黄清水德仁义礼华丰盛隆昌阳春秋"


@cache
def provinces() -> tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]:
    """((province, ((city, (county, …)), …)), …) sorted by adcode, so a seed always sees the same list."""
    path = importlib.resources.files("cpca") / "resources" / "adcodes.csv"
    with path.open(encoding="utf-8") as f:
        rows = sorted((r["adcode"], r["name"]) for r in csv.DictReader(f))
    prov: dict[str, str] = {}
    city: dict[str, str] = {}
    county: dict[str, list[str]] = {}
    for code, name in rows:
        if code[:2] in _SKIP_PROVINCES or name in (
            "市辖区",
            "县",
            "省直辖县级行政区划",
            "自治区直辖县级行政区划",
        ):
            continue
        if code.endswith("0000000000"):
            prov[code[:2]] = name
        elif code.endswith("00000000"):
            city[code[:4]] = name
        elif code.endswith("000000"):
            county.setdefault(code[:4], []).append(name)
    out = []
    for p, pname in sorted(prov.items()):
        cities = tuple(
            (cname, tuple(county[c])) for c, cname in sorted(city.items()) if c[:2] == p and county.get(c)
        )
        if cities:
            out.append((pname, cities))
    return tuple(out)


def town_name(seed: int) -> str:
    """A plausible two-character township name (deterministic in `seed`)."""
    n = len(_TOWN_CHARS)
    a, b = _TOWN_CHARS[seed % n], _TOWN_CHARS[(seed // n * 7 + 3) % n]
    return a + (b if b != a else _TOWN_CHARS[(seed + 1) % n])
