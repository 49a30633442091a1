"""Writing the site's files: pages, and data shards that pages load as <script> files from file://."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

PAGE_SIZE = 200  # rows per shard of a long list


def _default(o: object) -> object:
    if isinstance(o, Decimal):
        return float(o)
    if isinstance(o, datetime | date):
        return o.isoformat()
    if isinstance(o, set | tuple):
        return list(o)
    raise TypeError(f"not JSON serialisable: {type(o)}")


def clean(v: object) -> object:
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    return v


def to_json(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, default=_default, separators=(",", ":"))


class Writer:
    """Writes pages and data shards under `out`, counting files and the largest one."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.files = 0
        self.largest = ("", 0)

    def write(self, rel: str, text: str) -> None:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.files += 1
        if len(data) > self.largest[1]:
            self.largest = (rel, len(data))

    def data(self, key: str, payload: object, *, raw: str | None = None) -> None:
        """data/<key>.js: one call OGI.data("<key>", payload) (raw: the payload already as JSON)."""
        body = raw if raw is not None else to_json(payload)
        self.write(f"data/{key}.js", f"OGI.data({json.dumps(key)},{body});\n")


def paged(w: Writer, key: str, rows: list[dict], meta: dict, size: int = PAGE_SIZE) -> int:
    """Write rows as data/<key>/<n>.js shards of `size` rows (1-based); returns the number of pages."""
    pages = max(1, math.ceil(len(rows) / size))
    for i in range(pages):
        chunk = rows[i * size : (i + 1) * size]
        w.data(f"{key}/{i + 1}", {**meta, "page": i + 1, "pages": pages, "total": len(rows), "rows": chunk})
    return pages
