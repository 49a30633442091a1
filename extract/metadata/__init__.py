"""Document metadata (docs/REPORTS.md §8.7): title, agency, level, report year, publication date, region.

Each field is read from the sources the spec lists, in its order, and records which source won, so a
wrong value can be traced. Names are taken verbatim from the text: the canonical agency name is the
fullest form of the issuing body that occurs, the aliases are the shorter forms that occur, and a
generic self-reference (我办, 我局, 本机关) is never a name. The page chrome and a crawler's header block
are read here (dates, 发布机构, 原文链接) and nowhere else; a header is metadata, never the agency's name.

One field per module: `title` (titles, CMS suffixes, what a name may look like), `agency` (the issuing
body, its forms and aliases, its level), `dates` (date formats, the publication date), `year` (the report
year), `region` (region levels, gazetteer inferences, misspelt places); `doc` holds what they share.
"""

from __future__ import annotations

from extract.headers import source_url
from extract.metadata.agency import (
    _agency_level,
    _expand_agency,
    _find_agency,
    _inferred_name,
    _signature,
    publisher_aliases,
)
from extract.metadata.dates import DATE, _publication_date, parse_date
from extract.metadata.doc import MetaDoc
from extract.metadata.region import agency_region, apply_correction, corrected_name
from extract.metadata.title import _find_title
from extract.metadata.year import _report_year
from extract.record import issue

__all__ = ["DATE", "parse_date", "read_metadata"]


def read_metadata(lines: list[str], sections: dict) -> dict:
    """Title, agency, level, year, publication date and region of one document (see module docstring)."""
    doc = MetaDoc(lines, sections)
    issues: list[dict] = []
    title, title_line, title_agency, title_year = _find_title(doc)
    sig_agency, sig_date = _signature(doc)
    agency, agency_source = _find_agency(doc, title_agency, sig_agency)
    canonical, aliases, body = _expand_agency(agency, doc.text) if agency else (None, [], "")
    level = _agency_level(canonical) if canonical else None
    if canonical:
        aliases = publisher_aliases(doc, canonical, aliases, body, level)
    inferred_name = _inferred_name(canonical, level, body)
    pub, pub_raw, pub_source = _publication_date(doc, title_line, sig_date)
    year, year_source = _report_year(doc, title_year, pub)
    region, inferred = agency_region(doc, canonical, level)
    correction = corrected_name(canonical) if canonical else None
    if correction:
        inferred_name, inferred = apply_correction(
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
