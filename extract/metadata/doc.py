"""One document's lines with the regions every metadata reader shares (head, tail, chrome, header fields)."""

from __future__ import annotations

from extract.chrome import chrome_lines, info_fields, joined_lines


class MetaDoc:
    """One document's lines with the regions the readers share (head, tail, chrome), computed once."""

    def __init__(self, lines: list[str], sections: dict) -> None:
        self.lines = lines
        self.sections = sections
        self.chrome = chrome_lines(lines)
        self.fields = info_fields(lines, self.chrome)
        first = min((s["line"] for s in sections.values()), default=None)
        self.head_end = (first - 1) if first else min(len(lines), 40)  # 0-based exclusive
        self.text = joined_lines(lines)
        self._head: list[int] | None = None
        # other names of the publisher the readers meet on the way (CMS site name, 发布机构, compiler): aliases
        # of the agency when they are forms of its name, never the agency itself
        self.publishers: list[tuple[str, str]] = []

    def _keep(self, i: int) -> bool:
        return i not in self.chrome and bool(self.lines[i].strip())

    def span(self, start: int, stop: int, limit: int | None = None) -> list[int]:
        """Non-blank, non-chrome 0-based line indices in [start, stop), at most `limit` of them."""
        out: list[int] = []
        lines, chrome = self.lines, self.chrome
        for i in range(max(0, start), min(stop, len(lines))):
            if i not in chrome and lines[i].strip():  # _keep, inlined
                out.append(i)
                if limit is not None and len(out) >= limit:
                    break
        return out

    def head(self) -> list[int]:
        if self._head is None:
            self._head = self.span(0, self.head_end)
        return self._head

    def tail(self, n: int = 8) -> list[int]:
        out: list[int] = []
        i = len(self.lines) - 1
        while i >= 0 and len(out) < n:
            if self._keep(i):
                out.append(i)
            i -= 1
        return out[::-1]
