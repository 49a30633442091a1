"""Where a document's bytes come from: a local path, or an fsspec URL (`s3://…`, `gs://…`, `file://…`,
any protocol fsspec knows and the reading machine can reach: fsspec comes with dask).

A URL stays a string end to end (a `Path` would fold its `//`), and is the document's `source_path`.
The same three calls serve both kinds, so the workers and the manifest do not care which it is:
`stat` (size and modification time, for the size limit and the skip of unchanged files), `read_bytes`
and `list_url` (every file below a URL, as the coordinator lists a folder).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(path: str | Path) -> bool:
    """`s3://bucket/key` and the like (never a `Path`, whose `//` is already folded)."""
    return isinstance(path, str) and bool(_URL.match(path))


@dataclass(frozen=True)
class Stat:
    st_size: int
    st_mtime_ns: int


def _fs(url: str):
    try:
        from fsspec.core import url_to_fs
    except ImportError:  # pragma: no cover - fsspec comes with dask
        raise OSError(f"{url}: reading URLs needs fsspec (pip install 'ogi-warehouse[dask]')") from None
    try:
        return url_to_fs(url)
    except (ImportError, ValueError) as e:  # an unknown protocol, or its driver (s3fs, gcsfs) missing
        raise OSError(f"{url}: {e}") from None


def stat(path: str) -> Stat | os.stat_result:
    """os.stat for a path; size and modification time (0 when the store has none) for a URL. OSError
    when it cannot be reached, as os.stat."""
    if not is_url(path):
        return os.stat(path)
    fs, root = _fs(path)
    try:
        info = fs.info(root)
    except FileNotFoundError:
        raise
    except Exception as e:  # network and permission errors of the store, as one OSError
        raise OSError(f"{path}: {e}") from None
    return Stat(int(info.get("size") or 0), _mtime_ns(info))


def _mtime_ns(info: dict) -> int:
    for key in ("mtime", "LastModified", "last_modified", "updated", "created"):
        v = info.get(key)
        if isinstance(v, int | float):
            return int(v * 1e9)
        if isinstance(v, datetime):
            return int(v.timestamp() * 1e9)
        if isinstance(v, str):
            try:
                return int(datetime.fromisoformat(v.replace("Z", "+00:00")).timestamp() * 1e9)
            except ValueError:
                continue
    return 0


def read_bytes(path: str) -> bytes:
    """The file's bytes (OSError when it cannot be read)."""
    if not is_url(path):
        with open(path, "rb") as f:
            return f.read()
    fs, root = _fs(path)
    try:
        return fs.cat_file(root)
    except FileNotFoundError:
        raise
    except Exception as e:
        raise OSError(f"{path}: {e}") from None


def list_url(url: str) -> list[str] | None:
    """Every file at or below `url`, sorted, hidden names skipped, spelled with `url` as their prefix
    (so a later listing of the same URL names the same documents); None when nothing is there."""
    fs, root = _fs(url)
    try:
        if fs.isdir(root):
            base = root.rstrip("/")
            rel = [n[len(base) :].lstrip("/") for n in fs.find(root) if n.startswith(base)]
            rel = [r for r in rel if r and not any(part.startswith(".") for part in r.split("/"))]
            return [f"{url.rstrip('/')}/{r}" for r in sorted(rel)]
        if fs.exists(root):
            return [url]
    except Exception as e:
        raise OSError(f"{url}: {e}") from None
    return None
