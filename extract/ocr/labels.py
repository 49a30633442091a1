"""OCR label text snapped to the template's own wording when one character is misread.

The recogniser sometimes reads one character of a printed label as a look-alike (`不子公开` for
`不予公开`, `法律行政法观` for `法律行政法规`), and a label the table reader cannot match costs a whole
row. A label (its numbering such as `（三）` or `1.` aside) that is not a template label but differs
from exactly one template label, of the same length and at least 4 characters, in exactly one
character is read as that label. Only labels move, never a value; a wrong snap would put a row's
numbers under another row, which the balance rules then break, so it cannot pass silently either.
"""

from __future__ import annotations

import re
from functools import cache

from extract.template import read_seed

_NUMBERING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|\d+\s*[、.．])"
)


_COLON_NUMBER = re.compile(r"^(\s*\d{1,2})\s*[:：](?=[\u3400-\u9fff])")


@cache
def _vocabulary() -> dict[int, tuple[str, ...]]:
    """Template label texts (numbering stripped) by length."""
    words: set[str] = set()
    for r in read_seed("template_t3_rows"):
        words.add(_NUMBERING.sub("", r["label_zh"]))
        if r.get("category_zh"):
            words.add(r["category_zh"])
        words.update(t for t in (r.get("match_tokens") or "").split("|") if t)
    for r in read_seed("template_t2_labels"):
        words.update(t for t in r["match_labels"].split("|") if t)
    for r in read_seed("template_t3_columns"):
        words.update((r["label_zh"], r["group_zh"]))
    for r in read_seed("template_t4_columns"):
        words.update((r["proceeding_zh"], r["result_zh"]))
    by_len: dict[int, set[str]] = {}
    for w in words:
        if len(w) >= 4:
            by_len.setdefault(len(w), set()).add(w)
    return {n: tuple(sorted(ws)) for n, ws in by_len.items()}


def snap_label(text: str) -> str:
    """`text` with its label part replaced by the one template label one character away, if any;
    an item number read with a colon (`2：没有…`, a point the recogniser took for `：`) as `2.`."""
    text = _COLON_NUMBER.sub(r"\1.", text)
    m = _NUMBERING.match(text)
    head, rest = (text[: m.end()], text[m.end() :]) if m else ("", text)
    if len(rest) < 4:
        return text
    words = _vocabulary().get(len(rest), ())
    if rest in words or any(rest in w for w in _vocabulary().get(len(rest) + 1, ())):
        return text
    near = [w for w in words if sum(a != b for a, b in zip(w, rest, strict=True)) == 1]
    return head + near[0] if len(near) == 1 else text
