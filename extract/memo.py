"""A bounded dict cache for the parsers' hot paths.

`functools.lru_cache` costs a call and its LRU bookkeeping on every hit; the table and layout readers
look the same few thousand labels and lines up hundreds of times per report, so they keep a `Memo` and
read it inline (`memo.get(key)`, computing and storing on a miss). A memo forgets everything once it
holds `limit` entries (16,384 by default, the size of the lru_caches it replaces): memory stays bounded
on a corpus of any size, and a refill costs a few misses.
"""

from __future__ import annotations


class Memo(dict):
    """A dict used as the cache of one pure function; cleared when full (see the module docstring)."""

    __slots__ = ("limit",)

    def __init__(self, limit: int = 16_384) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key, value) -> None:
        if len(self) >= self.limit:
            self.clear()
        super().__setitem__(key, value)
