"""Place names: which region levels a report's text supports, and what a gazetteer infers beyond them.

The gazetteer is the adcode table shipped by the `cpca` package (province/city/county names with
6-digit codes). It is read once per process straight from the package's CSV and indexed in dicts, so
a lookup is a dict access: calling `cpca.transform` (pandas, ~1 ms) per document would cost more than
the rest of the metadata. Townships are not in it; they come from the suffix table of docs/REPORTS.md §8.7.

Two results, kept apart on purpose (§8.7): `region` holds only names that occur verbatim in the text;
`region_inferred` holds what the gazetteer adds (a county's city and province, the adcode).
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

LEVELS = ("province", "city", "county", "township")
MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})
_RANK_LEVEL = ("province", "city", "county")
_MAX_NAME = 16
_TOWNSHIP = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:街道|民族乡|镇|乡|苏木)")
# What may follow a township token inside an agency name (otherwise 城乡建设局 would hold a 乡).
_AFTER_TOWNSHIP = ("人民政府", "政府", "办事处", "街道办事处", "党委", "党工委", "管委会", "便民服务中心")
_COUNTY_FALLBACK = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:自治县|自治旗|县|区|旗)")
_SUFFIX_CHARS = re.compile(r"[省区县市旗州盟]")


@dataclass(frozen=True)
class Place:
    name: str
    code: str  # 6-digit adcode
    rank: int  # 0 province, 1 city, 2 county

    @property
    def level(self) -> str:
        return _RANK_LEVEL[self.rank]

    def within(self, other: Place) -> bool:
        """True when `other` is this place or one of its ancestors."""
        return self.code.startswith(other.code[: (other.rank + 1) * 2])


@cache
def _index() -> tuple[dict[str, tuple[Place, ...]], dict[str, Place]]:
    spec = importlib.util.find_spec("cpca")  # locate without importing: cpca builds a matcher at import
    if spec is None or not spec.submodule_search_locations:
        return {}, {}
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    by_name: dict[str, list[Place]] = {}
    by_code: dict[str, Place] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            name, code = row["name"], row["adcode"][:6]
            if name in ("市辖区", "县") or "直辖" in name:
                continue
            rank = 0 if code.endswith("0000") else 1 if code.endswith("00") else 2
            p = Place(name, code, rank)
            by_name.setdefault(name, []).append(p)
            by_code[code] = p
    return {k: tuple(sorted(v, key=lambda p: p.code)) for k, v in by_name.items()}, by_code


def places(name: str) -> tuple[Place, ...]:
    """Gazetteer entries with exactly this full name (several for names like 桥西区 or 朝阳区)."""
    return _index()[0].get(name, ())


def ancestor(place: Place, rank: int) -> Place | None:
    """The province (rank 0) or city (rank 1) containing `place`; municipalities are their own city."""
    by_code = _index()[1]
    if rank >= place.rank:
        return place if rank == place.rank else None
    code = place.code[: (rank + 1) * 2].ljust(6, "0")
    found = by_code.get(code)
    if found is None and rank == 1:  # municipality districts (1101xx) and province-administered counties
        prov = by_code.get(place.code[:2] + "0000")
        return prov if prov is not None and prov.name in MUNICIPALITIES else None
    return found


@lru_cache(maxsize=8192)
def parse_chain(name: str) -> tuple[tuple[tuple[str, str, tuple[Place, ...]], ...], str]:
    """The region tokens that open an agency name, and the rest (its body).

    `包头市昆都仑区前进道街道办事处` → [(包头市, city), (昆都仑区, county), (前进道街道, township)], `办事处`.
    Gazetteer names are matched longest first and must nest in one another; a township token is accepted
    only when the name ends there or goes on with a government body (人民政府, 办事处 …).
    """
    by_name = _index()[0]
    chain: list[tuple[str, str, tuple[Place, ...]]] = []
    i, n = 0, len(name)
    last: tuple[Place, ...] = ()
    while i < n:
        hit = None
        for size in range(min(_MAX_NAME, n - i), 1, -1):
            cands = by_name.get(name[i : i + size])
            if not cands:
                continue
            if last:
                cands = tuple(p for p in cands if p.rank > last[0].rank and any(p.within(q) for q in last))
            if cands:
                hit = (name[i : i + size], cands)
                break
        if hit:
            token, cands = hit
            level = cands[0].level
            if token in MUNICIPALITIES:
                level = "province"
            chain.append((token, level, cands))
            last, i = cands, i + len(token)
            continue
        rest = name[i:]
        if not chain or chain[-1][1] in ("province", "city"):
            # a county the gazetteer does not know (new districts such as 深圳市龙华区), when a township
            # or a government body follows it
            m = _COUNTY_FALLBACK.match(rest)
            if m:
                after = rest[m.end() :]
                if after.startswith(("人民政府", "政府")) or _township_at(after):
                    chain.append((m.group(0), "county", ()))
                    i += m.end()
                    continue
        t = _township_at(rest)
        if t:
            chain.append((t, "township", ()))
            i += len(t)
        break
    return tuple(chain), name[i:]


def _township_at(rest: str) -> str | None:
    """The township token opening `rest`, if the name ends there or goes on with a government body."""
    m = _TOWNSHIP.match(rest)
    if m and (m.end() == len(rest) or rest[m.end() :].startswith(_AFTER_TOWNSHIP)):
        return m.group(0)
    return None


def scan_places(text: str, rank: int | None = None) -> Counter[str]:
    """Gazetteer names occurring in `text` (by their suffix character), counted; optionally one rank only.

    Two-character names (城区, 郊区, 新县, 西区) are skipped: in prose they are ordinary words (`创新县域`).
    """
    by_name = _index()[0]
    out: Counter[str] = Counter()
    for m in _SUFFIX_CHARS.finditer(text):
        end = m.end()
        for size in range(min(_MAX_NAME, end), 2, -1):
            cands = by_name.get(text[end - size : end])
            if cands and (rank is None or any(p.rank == rank for p in cands)):
                out[text[end - size : end]] += 1
                break
    return out


def read_region(agency_name: str | None, text: str, township_agency: bool = False) -> tuple[dict, dict]:
    """(region, region_inferred) for a report whose agency is `agency_name` and whose page text is `text`.

    `region` levels come from the agency name's own tokens, then from names in the text that the
    gazetteer places above them (a site header `山西省政府`, a platform `内蒙古自治区依申请公开平台`).
    A township agency without a county in its name takes the county the text names most often.
    """
    region: dict[str, str | None] = dict.fromkeys(LEVELS)
    chain, _ = parse_chain(agency_name or "")
    if not chain and agency_name:  # a place inside the name (`国家税务总局南京市税务局`)
        inner = [n for n in scan_places(agency_name) if len(places(n)) == 1]
        if inner:
            chain, _ = parse_chain(max(inner, key=len))
    lowest: tuple[Place, ...] = ()
    for token, level, cands in chain:
        region[level] = token
        if cands:
            lowest = cands
        if token in MUNICIPALITIES:
            region["city"] = token
    if township_agency and region["county"] is None:
        # the county (else the city) the text names most often
        for rank in (2, 1):
            if region[_RANK_LEVEL[rank]] is not None:
                break
            for name, _count in scan_places(text, rank=rank).most_common():
                cands = tuple(
                    p
                    for p in places(name)
                    if p.rank == rank and (not lowest or any(p.within(q) for q in lowest))
                )
                if cands:
                    region[_RANK_LEVEL[rank]], lowest = name, cands
                    break
            if region[_RANK_LEVEL[rank]] is not None:
                break
    for rank, level in ((1, "city"), (0, "province")):
        if region[level] is not None or not lowest:
            continue
        ups = {a.name: a for p in lowest if (a := ancestor(p, rank)) is not None}
        present = [name for name in ups if name in text]
        if len(present) == 1:
            region[level] = present[0]
            lowest = tuple(p for p in lowest if p.within(ups[present[0]])) or lowest
            if present[0] in MUNICIPALITIES:
                region["city"] = region["province"] = present[0]
    return region, _infer(region, lowest)


def _infer(region: dict, lowest: tuple[Place, ...]) -> dict:
    """What the gazetteer adds to the text-supported `region`: missing upper levels and the adcode."""
    if not lowest:
        return {}
    place = lowest[0]  # ambiguous names (桥西区): the lowest adcode, like cpca; flagged below
    out: dict = {}
    for rank, level in ((0, "province"), (1, "city"), (2, "county")):
        a = ancestor(place, rank)
        if a is not None and region.get(level) is None:
            out[level] = a.name
    if region.get("city") is None and region.get("province") in MUNICIPALITIES:
        out.pop("city", None)
    out["code"] = place.code
    if len({p.code for p in lowest}) > 1:
        out["ambiguous"] = sorted(p.code for p in lowest)
    return out


# Characters OCR confuses in place names (pairs that differ by a dot or a stroke). Used only to propose
# the gazetteer's spelling of a place the gazetteer does not know; the printed name is always kept.
_LOOKALIKE_PAIRS = (
    "沭沐 汨汩 己已 已巳 戊戌 戌戍 末未 土士 日曰 人入 八入 千干 干于 天夭 王玉 木本 休体 今令 刀力 折拆 崇祟 "
    "淅浙 泸沪 侯候 拔拨 辨辩 鸟乌 兔免 孟盂 迁迂 徽微 洛洺 郯剡 峡陕 壁璧 睢雎 亳毫 邛邙 岷泯 沅沉"
)
_LOOKALIKES: dict[str, set[str]] = {}
for _pair in _LOOKALIKE_PAIRS.split():
    _a, _b = _pair
    _LOOKALIKES.setdefault(_a, set()).add(_b)
    _LOOKALIKES.setdefault(_b, set()).add(_a)


def lookalike_place(name: str, within: tuple[Place, ...] | None = None) -> Place | None:
    """The one gazetteer place whose name differs from `name` by a single OCR lookalike character
    (`沐阳县` → 沭阳县), optionally inside one of the places `within`; None when `name` is itself a place,
    when no lookalike is a place, or when several are (an ambiguous correction is no correction)."""
    by_name = _index()[0]
    if name in by_name:
        return None
    found: dict[str, Place] = {}
    for i, c in enumerate(name):
        for alt in _LOOKALIKES.get(c, ()):
            for p in by_name.get(name[:i] + alt + name[i + 1 :], ()):
                if within is None or any(p.within(q) for q in within):
                    found[p.code] = p
    return next(iter(found.values())) if len(found) == 1 else None
