"""Digit runs split into cell values, as a small constraint problem.

A crawler that drops the cell borders of a table prints `713000074` for the seven cells 71, 3, 0, 0,
0, 0, 74. Read back, such a run is a sequence of non-negative integers written without separators:
every value is `0` or starts with 1-9 (no leading zeros), a `-` may start a value only in a column
the template declares signed, a `.` only in a decimal column. Whitespace the crawler did keep is a
hard boundary (no value spans it).

`splits` enumerates every reading of a run into exactly `n` values; `sum_groups` (a total column
equal to the sum of its part columns, as A3 and A4-A6 declare) is applied while enumerating, so a
total is never guessed: once its parts are chosen, the only string it can be is `str(sum)`, and the
search either finds that string next in the run or drops the branch. That keeps a 7-column row of
20 digits, or table 四's 15 values in 17 digits, at a few hundred steps.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

Number = int | float
_RUN = re.compile(r"[-\d.]+")

# Enumeration stops after this many readings: a caller sees more than one and treats the run as
# ambiguous; the exact count does not matter beyond that.
MAX_SPLITS = 2000


def chunks_of(text: str) -> list[str] | None:
    """The whitespace-separated digit chunks of a run; None when it holds anything but digits, `-`, `.`."""
    parts = text.split()
    if not parts or any(_RUN.fullmatch(p) is None for p in parts):
        return None
    return parts


def _value(s: str, signed: bool, decimal: bool) -> Number | None:
    """The value a substring denotes as one cell, or None when no cell can be written so."""
    body = s
    if body.startswith("-"):
        if not signed or len(body) == 1:
            return None
        body = body[1:]
        if body == "0":  # `-0` is not how anyone writes zero
            return None
    if "-" in body:
        return None
    if "." in body:
        if not decimal or body.count(".") > 1 or body.startswith(".") or body.endswith("."):
            return None
        whole = body.split(".")[0]
        if len(whole) > 1 and whole[0] == "0":
            return None
        return float(Decimal(s))
    if len(body) > 1 and body[0] == "0":
        return None
    return int(s)


def splits(
    chunks: Sequence[str],
    n: int,
    *,
    signed: Sequence[bool] | None = None,
    decimal: Sequence[bool] | None = None,
    sum_groups: Sequence[tuple[int, Sequence[int]]] = (),
    limit: int = MAX_SPLITS,
) -> list[tuple[Number, ...]]:
    """Every reading of `chunks` as exactly `n` values (each chunk gives at least one value).

    `signed[i]` / `decimal[i]` allow a `-` / a `.` in value i. `sum_groups` holds (total index,
    part indices) with every part index below the total index: a reading is kept only if each total
    equals the sum of its parts. At most `limit` readings are returned.

    A total that is the last value of the run (A3's 总计, table 四's last 总计) is a suffix of the
    run: it is fixed first, suffix by suffix, and its unsigned parts are then bounded by it (a partial
    sum above the total ends the branch), which keeps a 25-digit row at a few thousand steps.
    """
    signed = list(signed or [False] * n)
    decimal = list(decimal or [False] * n)
    total_of = {t: tuple(parts) for t, parts in sum_groups}
    if n <= 0 or not chunks:
        return []
    last = total_of.get(n - 1)
    if last is None or any(signed[p] for p in last) or decimal[n - 1]:
        return _enumerate(chunks, n, signed, decimal, total_of, None, limit)
    out: list[tuple[Number, ...]] = []
    tail = chunks[-1]
    inner = {k: v for k, v in total_of.items() if k != n - 1}
    for ln in range(1, len(tail) + 1):
        total = _value(tail[-ln:], False, False)
        if total is None:
            continue
        head = [*chunks[:-1], tail[:-ln]] if ln < len(tail) else list(chunks[:-1])
        if not head:
            continue
        for r in _enumerate(head, n - 1, signed, decimal, inner, (total, frozenset(last)), limit - len(out)):
            out.append((*r, total))
        if len(out) >= limit:
            break
    return out


def _enumerate(
    chunks: Sequence[str],
    n: int,
    signed: Sequence[bool],
    decimal: Sequence[bool],
    total_of: dict[int, tuple[int, ...]],
    bound: tuple[Number, frozenset[int]] | None,
    limit: int,
) -> list[tuple[Number, ...]]:
    """The readings of `chunks` as `n` values; `bound` = (total, part indices) whose sum must equal it."""
    out: list[tuple[Number, ...]] = []
    vals: list[Number] = []
    lengths = [len(c) for c in chunks]
    suffix = [0] * (len(chunks) + 1)  # characters left from chunk i on
    for i in range(len(chunks) - 1, -1, -1):
        suffix[i] = suffix[i + 1] + lengths[i]
    cap, capped = bound if bound else (None, frozenset())
    partial = [0]  # the running sum of the bounded parts

    def rec(ci: int, pos: int) -> None:
        if len(out) >= limit:
            return
        k = len(vals)
        if ci == len(chunks):
            if k == n and (cap is None or partial[0] == cap):
                out.append(tuple(vals))
            return
        left_values = n - k
        left_chunks = len(chunks) - ci  # each still needs one value at least
        if left_values < left_chunks or left_values > suffix[ci] - pos:
            return
        chunk = chunks[ci]
        rest = lengths[ci] - pos
        if k in total_of:
            total = sum(vals[p] for p in total_of[k])
            want = _fmt(total)
            if want is None or not chunk.startswith(want, pos):
                return
            cands = [(len(want), total)]
        else:
            cands = []
            for ln in range(1, rest + 1):
                v = _value(chunk[pos : pos + ln], signed[k], decimal[k])
                if v is not None:
                    if k in capped and partial[0] + v > cap:
                        break  # longer substrings only grow
                    cands.append((ln, v))
                elif ln == 1 and chunk[pos] == "0":
                    break  # `0…`: only `0` itself can start here
        for ln, v in cands:
            vals.append(v)
            if k in capped:
                partial[0] += v
            if pos + ln == lengths[ci]:
                rec(ci + 1, 0)
            elif k + 1 < n:
                rec(ci, pos + ln)
            if k in capped:
                partial[0] -= v
            vals.pop()

    rec(0, 0)
    return out


def _fmt(v: Number) -> str | None:
    """How a computed total is printed in a run; None for a fraction (totals are counts)."""
    if isinstance(v, float):
        if v != int(v):
            return None
        v = int(v)
    return str(v)
