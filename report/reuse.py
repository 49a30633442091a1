"""Year-over-year text reuse: how much of a section's text repeats the same agency's text of last year.

The measure is the Jaccard similarity of the two texts' sets of character 5-grams (shingles), after
normalising: whitespace removed and every digit (ASCII or full-width) read as 0, so a copied paragraph
whose numbers were updated still counts as copied. Shingles that are template boilerplate (found in at
least BOILERPLATE_SHARE of a sample of that year's reports for the section, e.g. the printed table
labels) are dropped from both sets first, so two reports are not "similar" for printing the template.

Computed with numpy over many texts at once (a national year is ~600k sections, ~250M characters):
texts are joined into one code-point array, shingles hashed in one vectorised pass, sets made unique
and intersected by sorting (row, hash) keys. Hashes keep 40 bits, so two different shingles of one
section pair collide with probability ~ n²/2⁴⁰ (n ≈ 1,000: about 1e-6), never enough to move a share.
"""

from __future__ import annotations

import multiprocessing
import os
import random
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from itertools import pairwise

import numpy as np

NGRAM = 5
BOILERPLATE_SHARE = 0.2
BOILERPLATE_SAMPLE = 1000  # reports per section and year used to find boilerplate shingles
MIN_SHINGLES = 20  # below this, a section is too short to say anything about reuse
CHUNK_ROWS = 20_000  # rows hashed at once (memory ~ 50 bytes per character of the chunk)

_SEP = 1  # joins texts; \x01 never survives normalisation into a shingle
_SPACE = [9, 10, 11, 12, 13, 32, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F,
          0x3000, 0xFEFF]  # fmt: skip
# one gather normalises a code point: whitespace and the separator -> 0 (dropped), digits -> "0"
_NORMALISE = np.arange(0x110000, dtype=np.uint32)
_NORMALISE[[_SEP, *_SPACE]] = 0
_NORMALISE[0x30:0x3A] = 0x30
_NORMALISE[0xFF10:0xFF1A] = 0x30
_MULT = np.array([(0x9E3779B97F4A7C15 * (2 * k + 1)) % (1 << 64) for k in range(NGRAM)], dtype=np.uint64)
_H_BITS = np.uint64(40)
_H_MASK = np.uint64((1 << 40) - 1)


def _unique(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique values and their counts, by sorting (numpy's hash-based unique is ~7x slower here)."""
    if not len(a):
        return a, np.empty(0, dtype=np.int64)
    a = np.sort(a)
    starts = np.flatnonzero(np.concatenate([[True], a[1:] != a[:-1]]))
    return a[starts], np.diff(np.append(starts, len(a)))


def _contains(sorted_keys: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """queries[i] in sorted_keys, by binary search (np.isin sorts both arrays together: ~3x slower)."""
    if not len(sorted_keys):
        return np.zeros(len(queries), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, queries), len(sorted_keys) - 1)
    return sorted_keys[at] == queries


def row_shingles(texts: list[str | None]) -> np.ndarray:
    """Sorted unique (row << 40 | 40-bit shingle hash) keys of the normalised texts, row = list index."""
    big = "\x01".join(t or "" for t in texts)
    codes = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32)
    row = np.cumsum(codes == _SEP, dtype=np.int32)
    codes = _NORMALISE[codes]
    keep = codes != 0
    codes, row = codes[keep].astype(np.uint64), row[keep]
    n = len(codes) - NGRAM + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(NGRAM):
            h = (h ^ codes[k : k + n]) * _MULT[k]
    same_row = row[:n] == row[NGRAM - 1 :]
    keys = (row[:n][same_row].astype(np.uint64) << _H_BITS) | (h[same_row] >> np.uint64(64 - 40))
    return _unique(keys)[0]


def _boilerplate(rows: list[tuple], group_of: dict[tuple[str, int], int], seed: int = 0) -> np.ndarray:
    """(group << 40 | hash) keys of shingles in >= BOILERPLATE_SHARE of a sample of each group's texts."""
    by_group: dict[int, list[str]] = defaultdict(list)
    for _agency, year, _doc, section, text in rows:
        by_group[group_of[(section, year)]].append(text)
    key_of = {g: k for k, g in group_of.items()}
    out = []
    for g, texts in by_group.items():
        if len(texts) < 5:  # too few reports to tell template text from an agency's own
            continue
        # one generator per (section, year): a group's sample does not depend on the other groups, so
        # the years recomputed by the cache (report/reuse_cache.py) get what a full pass would
        section, year = key_of[g]
        rng = random.Random(f"{seed}:{section}:{year}")
        sample = texts if len(texts) <= BOILERPLATE_SAMPLE else rng.sample(texts, BOILERPLATE_SAMPLE)
        hashes = row_shingles(sample) & _H_MASK
        values, counts = _unique(hashes)
        common = values[counts >= BOILERPLATE_SHARE * len(sample)]
        out.append((np.uint64(g) << _H_BITS) | common)
    return _unique(np.concatenate(out))[0] if out else np.empty(0, dtype=np.uint64)


def year_over_year(rows: Iterable[tuple], *, workers: int | None = None) -> list[dict]:
    """rows: (agency_key, report_year, document_id, section_key, text), one per primary report × section.

    Returns one dict per report × section that has last year's report of the same agency: document_id,
    previous_document_id, section_key, similarity (None when a text is too short), shingle counts.
    Chunks of agencies run on `workers` processes (default: every core); the result does not depend on it.
    """
    rows = sorted(rows, key=lambda r: (r[0], r[3], r[1]))
    group_of = {k: i for i, k in enumerate(sorted({(r[3], r[1]) for r in rows}))}
    boiler = _boilerplate(rows, group_of)
    chunks = []
    start = 0
    while start < len(rows):
        end = min(start + CHUNK_ROWS, len(rows))
        while end < len(rows) and rows[end][0] == rows[end - 1][0]:  # keep an agency in one chunk
            end += 1
        chunks.append(rows[start:end])
        start = end
    workers = min(workers or os.cpu_count() or 1, len(chunks))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [p for chunk in chunks for p in _chunk(chunk, group_of, boiler)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        parts = pool.map(_chunk, chunks, [group_of] * len(chunks), [boiler] * len(chunks))
        return [p for part in parts for p in part]


def _chunk(rows: list[tuple], group_of: dict, boiler: np.ndarray) -> list[dict]:
    n_rows = len(rows)
    keys = row_shingles([r[4] for r in rows])
    key_row = (keys >> _H_BITS).astype(np.int64)
    groups = np.array([group_of[(r[3], r[1])] for r in rows], dtype=np.uint64)
    if len(boiler):
        keys_g = (groups[key_row] << _H_BITS) | (keys & _H_MASK)
        keep = ~_contains(boiler, keys_g)
        keys, key_row = keys[keep], key_row[keep]
    sizes = np.bincount(key_row, minlength=n_rows)
    # row i+1 continues row i: same agency and section, the next year
    follows = np.array(
        [a[0] == b[0] and a[3] == b[3] and b[1] == a[1] + 1 for a, b in pairwise(rows)] + [False]
    )
    # a predecessor's shingles re-keyed to its successor's row: duplicates with the successor's own are shared
    # keys are sorted, so the shifted ones are too: one binary search each finds those the successor shares
    shifted = keys[follows[key_row]] + (np.uint64(1) << _H_BITS)
    has_prev = np.concatenate([[False], follows[:-1]])
    dup = shifted[_contains(keys, shifted)]
    inter = np.bincount((dup >> _H_BITS).astype(np.int64), minlength=n_rows)
    out = []
    for i in np.flatnonzero(has_prev):
        a, b = int(sizes[i]), int(sizes[i - 1])
        common = int(inter[i])
        out.append(
            {
                "document_id": rows[i][2],
                "previous_document_id": rows[i - 1][2],
                "section_key": rows[i][3],
                "similarity": None if a < MIN_SHINGLES or b < MIN_SHINGLES else common / (a + b - common),
                "shingles": a,
                "previous_shingles": b,
            }
        )
    return out
