"""The region (docs/REPORTS.md §8.7): the levels the agency's name and the page support, what the gazetteer
infers beyond them, and the gazetteer's spelling of a place an OCR misspelt (`沐阳县` → 沭阳县)."""

from __future__ import annotations

import re

from extract.gazetteer import lookalike_place, parse_chain, places, read_region, scan_places
from extract.metadata.doc import MetaDoc
from extract.record import empty_region, issue


def agency_region(doc: MetaDoc, canonical: str | None, level: str | None) -> tuple[dict, dict]:
    """(region, region_inferred) of the agency `canonical` on the page `doc`."""
    if not canonical:
        return empty_region(), {}
    region, inferred = read_region(canonical, doc.text, township_agency=level == "township")
    if not any(region.values()):
        # a name without a place (`市生态环境局`): the place the page itself is about (banner, breadcrumb, title)
        place = _page_place(doc)
        if place:
            region, inferred = read_region(place, doc.text)
        elif level in ("city", "county") and not parse_chain(canonical)[0]:
            region[level] = canonical  # a place the gazetteer does not know, named alone (`测试市`)
    return region, inferred


def _page_place(doc: MetaDoc) -> str | None:
    """The most specific place named by the page chrome and the lines above section one."""
    context = "\n".join(doc.lines[i] for i in sorted(set(doc.chrome) | set(doc.head())))
    found = scan_places(context)
    if not found:
        return None
    return max(found, key=lambda n: (max(p.rank for p in places(n)), found[n], len(n)))


def apply_correction(
    correction: tuple[str, str, str, str],
    aliases: list[str],
    inferred_name: str | None,
    text: str,
    level: str | None,
    issues: list[dict],
) -> tuple[str, dict]:
    """A misspelt place (`沐阳县人民政府`): the gazetteer's spelling becomes an alias and the inferred name,
    and its region the inferred region; the printed name and the text-supported region are kept."""
    fixed, printed, place, code = correction
    if fixed not in aliases:
        aliases.append(fixed)
    name = inferred_name.replace(printed, place, 1) if inferred_name else fixed
    fixed_region, fixed_inferred = read_region(fixed, text, township_agency=level == "township")
    inferred = {k: v for k, v in fixed_inferred.items() if k != "ambiguous"}
    for lvl in ("province", "city", "county"):
        if fixed_region.get(lvl) and lvl not in inferred:
            inferred[lvl] = fixed_region[lvl]
    inferred["code"] = code
    issues.append(
        issue(
            "info",
            "place_name_corrected",
            f"{printed} is not in the gazetteer; {place} ({code}) differs by one OCR lookalike character: "
            f"the name is kept as printed, {fixed} added as an alias",
        )
    )
    return name, inferred


def corrected_name(canonical: str) -> tuple[str, str, str, str] | None:
    """(corrected name, printed place, corrected place, adcode) when the place in `canonical` is not in the
    gazetteer but one OCR lookalike of it is (`沐阳县` → `沭阳县`); None otherwise.

    The printed name is kept as the agency's name (it is what the document says); the corrected one is an
    alias and the inferred name, and a gazetteer inference, never a reading.
    """
    chain, _body = parse_chain(canonical)
    tokens = [(t, cands) for t, _lvl, cands in chain]
    if not tokens:
        m = _PLACE_HEAD.match(canonical)
        tokens = [(m.group(0), ())] if m else []
    parent = None
    for token, cands in tokens:
        if cands:
            parent = cands
            continue
        place = lookalike_place(token, within=parent)
        if place is not None:
            return canonical.replace(token, place.name, 1), token, place.name, place.code
        break
    return None


_PLACE_HEAD = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:自治州|自治县|自治旗|地区|省|市|县|区|旗|州|盟)")
