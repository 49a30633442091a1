"""The agency search index: one file while it is small, else shards of at most SHARD_BYTES.

The search box finds an agency whose name or an alias contains the typed text. In a large corpus each
row (key, name, aliases, level, region, first and last year) goes into the shard of every two-character
run of its lower-cased name and aliases (shard = gram_hash(run) % shards). The page looks the typed
text up in the smallest shard among those of its own two-character runs (agency-index lists the shard
sizes), then filters it exactly as it would the whole index, so the hits are the same; one typed
character asks for a second. A run in very many names (人民, 政府) can fill a shard beyond SHARD_BYTES:
such a shard keeps its first rows and says it is partial, and the page says so when it had to use one
(a longer text picks a rarer run). No file grows with the corpus.
"""

from __future__ import annotations

import json
import math

from report.writer import Writer, to_json

SHARD_BYTES = 1024 * 1024
COLUMNS = ["key", "name", "aliases", "level", "region", "first", "last"]
ROWS_PER_NAME = 60  # ~15 runs per name and aliases; shards average a quarter of SHARD_BYTES


def gram_hash(gram: str) -> int:
    """h = h * 31 + code point, mod 2³² (site.js computes the same over the typed text)."""
    h = 0
    for ch in gram:
        h = (h * 31 + ord(ch)) & 0xFFFFFFFF
    return h


def runs(row: list) -> set[str]:
    """The two-character runs of a row's lower-cased name and aliases."""
    out: set[str] = set()
    for text in [row[1] or "", *(row[2] or [])]:
        t = text.lower()
        out.update(t[i : i + 2] for i in range(len(t) - 1))
    return out


def write_index(w: Writer, rows: list[list], shard_bytes: int | None = None) -> int:
    """data/agency-index.js (the rows, or the shards' sizes) and data/search/<i>.js; returns the number
    of shards (1: no shards, every row in agency-index)."""
    shard_bytes = shard_bytes or SHARD_BYTES
    total = len(to_json(rows).encode())
    if total <= shard_bytes:
        w.data("agency-index", {"columns": COLUMNS, "rows": rows, "shards": 1})
        return 1
    shards = 1 << math.ceil(math.log2(ROWS_PER_NAME * total / shard_bytes))
    parts: dict[int, list[list]] = {}
    for row in rows:
        for i in {gram_hash(g) % shards for g in runs(row)}:
            parts.setdefault(i, []).append(row)
    sizes = [0] * shards
    partial = []
    for i, part in parts.items():
        kept, size = [], 2
        for row in part:
            text = to_json(row)
            if size + len(text.encode()) + 1 > shard_bytes - 64:
                break
            kept.append(text)
            size += len(text.encode()) + 1
        sizes[i] = len(part)
        if len(kept) < len(part):
            partial.append(i)
        flag = json.dumps(len(kept) < len(part))
        w.data(f"search/{i}", None, raw=f'{{"partial":{flag},"rows":[{",".join(kept)}]}}')
    w.data(
        "agency-index", {"columns": COLUMNS, "rows": [], "shards": shards, "sizes": sizes, "partial": partial}
    )
    return shards
