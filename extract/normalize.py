"""Label and line normalisation N(s) of docs/REPORTS.md §6.1, shared by every parser module."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"[\s\u00a0\u3000\u200b\u200c\u200d\ufeff]+")
_QUOTES = str.maketrans("", "", "“”„\"「」『』‘’'")


def nfkc(s: str) -> str:
    """NFKC: full-width （）：，０-９ to ASCII, NBSP/U+3000 to space."""
    return unicodedata.normalize("NFKC", s)


def norm(s: str) -> str:
    """N(s): NFKC, all whitespace and zero-width characters removed, 其它→其他, quotes dropped.

    Used for matching labels and headings only; raw text is always kept alongside.
    """
    s = _WS.sub("", nfkc(s))
    return s.replace("其它", "其他").replace("檔案", "文件").translate(_QUOTES)


def strip_annotation(label: str) -> str:
    """The label before its first parenthesis (provincial annotations, §3.3), on a normalised label.

    Official labels that themselves open with a parenthesis, like `(二)部分公开(...)`, keep their
    leading numbering: only an annotation after some label text is removed.
    """
    m = re.match(r"^(\([^)]*\))?([^(]*)", label)
    if not m:
        return label
    head, body = m.group(1) or "", m.group(2)
    return head + body if body else label


def clean_line(s: str) -> str:
    """A raw line with NBSP, zero-width characters and surrounding whitespace trimmed (not removed inside)."""
    return s.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "").strip()
