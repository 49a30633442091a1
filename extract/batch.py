"""Files → records, across CPU cores, skipping documents already landed by this extractor version."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from multiprocessing import get_context
from pathlib import Path

from extract.parse import parse_bytes
from extract.record import Record

# Below this many files the pool's start-up costs more than it saves.
_MIN_FILES_FOR_POOL = 64
_skip_ids: frozenset[str] = frozenset()


def iter_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every file named, and every file below each directory named, sorted; hidden files are skipped."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                f for f in sorted(p.rglob("*"))
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            out.append(p)  # a missing file is reported by the parser as unreadable
    return out


def _init(skip_ids: frozenset[str]) -> None:
    global _skip_ids
    _skip_ids = skip_ids


def _work(path: Path) -> Record:
    from extract.parse import parse_file  # noqa: PLC0415 - keeps the worker import cheap to pickle

    try:
        data = path.read_bytes()
    except OSError:
        return parse_file(path)  # produces the unreadable_file record
    if _skip_ids and hashlib.sha256(data).hexdigest() in _skip_ids:
        return {"skipped": True, "source_path": str(path)}
    return parse_bytes(data, path.name, source_path=str(path))


def parse_paths(
    files: list[Path], *, skip_ids: frozenset[str] = frozenset(), workers: int | None = None
) -> Iterator[Record]:
    """Parse `files` in worker processes (order not kept). Skipped files yield `{"skipped": True, ...}`."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(files) < _MIN_FILES_FOR_POOL:
        _init(skip_ids)
        yield from map(_work, files)
        return
    ctx = get_context("fork") if hasattr(os, "fork") else get_context()
    with ctx.Pool(workers, initializer=_init, initargs=(skip_ids,)) as pool:
        yield from pool.imap_unordered(_work, files, chunksize=32)
