"""Year-over-year text reuse: how much of a section's text repeats the same agency's text of last year.

The measure is the Jaccard similarity of the two texts' sets of character 5-grams (shingles), after
normalising: whitespace removed and every digit read as 0, so a copied paragraph whose numbers were
updated still counts as copied. Shingles that are template boilerplate (found in at least
BOILERPLATE_SHARE of a sample of that year's reports for the section, e.g. the printed table labels)
are dropped from both sets first, so two reports are not "similar" for printing the same template.
Shingles are 64-bit hashes (numpy, vectorised), so a collision can only make two sets look a little
more alike with negligible probability.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import zlib
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor

import numpy as np

NGRAM = 5
BOILERPLATE_SHARE = 0.2
BOILERPLATE_SAMPLE = 300  # reports per section and year used to find boilerplate shingles
MIN_SHINGLES = 20  # below this, a section is too short to say anything about reuse

_MULT = np.array([np.uint64(1_000_003) ** np.uint64(k) for k in range(NGRAM)], dtype=np.uint64)


def _codes(text: str) -> np.ndarray:
    """The text's code points with whitespace removed and every digit (ASCII or full-width) read as 0."""
    codes = np.frombuffer("".join(text.split()).encode("utf-32-le"), dtype=np.uint32)
    digit = ((codes >= 0x30) & (codes <= 0x39)) | ((codes >= 0xFF10) & (codes <= 0xFF19))
    return np.where(digit, np.uint32(0x30), codes).astype(np.uint64)


def shingles(text: str | None) -> np.ndarray:
    """The sorted unique 64-bit hashes of the normalised text's character 5-grams."""
    if not text:
        return np.empty(0, dtype=np.uint64)
    codes = _codes(text)
    if len(codes) < NGRAM:
        return np.empty(0, dtype=np.uint64)
    n = len(codes) - NGRAM + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(NGRAM):
            h = h * np.uint64(0x100000001B3) + codes[k : k + n] * _MULT[k]
    return np.unique(h)


def jaccard(a: np.ndarray, b: np.ndarray) -> float | None:
    """|a ∩ b| / |a ∪ b| of two sorted unique arrays; None when either is too short to judge."""
    if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
        return None
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def _boilerplate(rows: list[tuple], seed: int = 0) -> dict[tuple[str, int], np.ndarray]:
    """Per (section, year): the shingles present in >= BOILERPLATE_SHARE of a sample of its texts."""
    by_key: dict[tuple[str, int], list[str]] = defaultdict(list)
    for _agency, year, _doc, section, text in rows:
        by_key[(section, year)].append(text)
    rng = random.Random(seed)
    out = {}
    for key, texts in by_key.items():
        sample = texts if len(texts) <= BOILERPLATE_SAMPLE else rng.sample(texts, BOILERPLATE_SAMPLE)
        if len(sample) < 5:  # too few reports to tell template text from an agency's own
            out[key] = np.empty(0, dtype=np.uint64)
            continue
        values, counts = np.unique(np.concatenate([shingles(t) for t in sample]), return_counts=True)
        out[key] = values[counts >= BOILERPLATE_SHARE * len(sample)]
    return out


def year_over_year(rows: Iterable[tuple], *, workers: int | None = None) -> list[dict]:
    """rows: (agency_key, report_year, document_id, section_key, text), one per primary report × section.

    Returns one dict per report × section that has last year's report of the same agency: document_id,
    previous_document_id, section_key, similarity (None when a text is too short), shingle counts.
    Agencies are split over `workers` processes (default: every core); the result does not depend on it.
    """
    rows = list(rows)
    boiler = _boilerplate(rows)
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(rows) < 20_000:
        return _pairs(rows, boiler)
    parts: list[list[tuple]] = [[] for _ in range(workers)]
    for r in rows:
        parts[zlib.crc32(r[0].encode()) % workers].append(r)
    ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        results = pool.map(_pairs, parts, [boiler] * workers)
        return [p for part in results for p in part]


def _pairs(rows: list[tuple], boiler: dict[tuple[str, int], np.ndarray]) -> list[dict]:
    rows.sort(key=lambda r: (r[0], r[3], r[1]))
    empty = np.empty(0, dtype=np.uint64)
    out: list[dict] = []
    prev = None  # (agency, section, year, doc, shingles)
    for agency, year, doc, section, text in rows:
        sh = shingles(text)
        common = boiler.get((section, year), empty)
        if len(common) and len(sh):
            sh = sh[~np.isin(sh, common, assume_unique=True, kind="sort")]
        if prev and prev[0] == agency and prev[1] == section and prev[2] == year - 1:
            out.append(
                {
                    "document_id": doc,
                    "previous_document_id": prev[3],
                    "section_key": section,
                    "similarity": jaccard(sh, prev[4]),
                    "shingles": len(sh),
                    "previous_shingles": len(prev[4]),
                }
            )
        prev = (agency, section, year, doc, sh)
    return out
