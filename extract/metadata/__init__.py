"""Document metadata (docs/REPORTS.md §8.7): title, agency, level, report year, publication date, region.

Each field is read from the sources the spec lists, in its order, and records which source won, so a
wrong value can be traced. Names are taken verbatim from the text: the canonical agency name is the
fullest form of the issuing body that occurs, the aliases are the shorter forms that occur, and a
generic self-reference (我办, 我局, 本机关) is never a name. The page chrome is read here (dates,
发布机构) and nowhere else.
"""

from __future__ import annotations

from extract.gazetteer import parse_chain, places, read_region, scan_places
from extract.headers import source_url
from extract.metadata.agency import (
    _agency_level,
    _expand_agency,
    _find_agency,
    _inferred_name,
    _signature,
    corrected_name,
    publisher_aliases,
)
from extract.metadata.dates import DATE, _publication_date, parse_date
from extract.metadata.doc import MetaDoc
from extract.metadata.names import _find_title
from extract.metadata.year import _report_year
from extract.record import empty_region, issue

__all__ = ["DATE", "parse_date", "read_metadata"]


def read_metadata(lines: list[str], sections: dict) -> dict:
    """Title, agency, level, year, publication date and region of one document (see module docstring)."""
    doc = MetaDoc(lines, sections)
    issues: list[dict] = []
    title, title_line, title_agency, title_year = _find_title(doc)
    sig_agency, sig_date = _signature(doc)
    agency, agency_source = _find_agency(doc, title_agency, sig_agency)
    canonical, aliases, body = _expand_agency(agency, doc.text) if agency else (None, [], "")
    if canonical:
        aliases = publisher_aliases(doc, canonical, aliases, body)
    level = _agency_level(canonical) if canonical else None
    inferred_name = _inferred_name(canonical, level, body)
    pub, pub_raw, pub_source = _publication_date(doc, title_line, sig_date)
    year, year_source = _report_year(doc, title_year, pub)
    region, inferred = (
        read_region(canonical, doc.text, township_agency=level == "township")
        if canonical
        else (empty_region(), {})
    )
    if canonical and not any(region.values()):
        # a name without a place (`市生态环境局`): the place the page itself is about (banner, breadcrumb, title)
        place = _page_place(doc)
        if place:
            region, inferred = read_region(place, doc.text)
        elif level in ("city", "county") and not parse_chain(canonical)[0]:
            region[level] = canonical  # a place the gazetteer does not know, named alone (`测试市`)
    correction = corrected_name(canonical) if canonical else None
    if correction:
        inferred_name, inferred = _apply_correction(
            correction, aliases, inferred_name, doc.text, level, issues
        )
    if canonical is None:
        issues.append(
            issue("warning", "agency_not_found", "no agency name found in the title, preamble or signature")
        )
    if year is None:
        issues.append(issue("warning", "report_year_not_found", "no report year found"))
    elif title_year and title_year != year:
        issues.append(
            issue(
                "warning",
                "report_year_conflict",
                f"the title says {title_year} but the {year_source} says {year}; {year} kept",
                line=None if title_line is None else title_line + 1,
            )
        )
    return {
        "title": title,
        "agency_name": canonical,
        "agency_aliases": aliases,
        "agency_name_inferred": inferred_name,
        "agency_name_source": agency_source,
        "source_url": source_url(doc.fields),
        "agency_level": level,
        "report_year": year,
        "report_year_source": year_source,
        "publication_date": pub,
        "publication_date_raw": pub_raw,
        "publication_date_source": pub_source,
        "region": region,
        "region_inferred": inferred,
        "issues": issues,
    }


def _page_place(doc: MetaDoc) -> str | None:
    """The most specific place named by the page chrome and the lines above section one."""
    context = "\n".join(doc.lines[i] for i in sorted(set(doc.chrome) | set(doc.head())))
    found = scan_places(context)
    if not found:
        return None
    return max(found, key=lambda n: (max(p.rank for p in places(n)), found[n], len(n)))


def _apply_correction(
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
