"""Two reports in one file (合集 pages, a CMS page listing several agencies' reports): the parser reads
the first, so the others would be lost without a word. This finds a second complete report — a second
set of the template's section headings (一、总体情况 … 三、收到和处理政府信息公开申请情况), usually after
its own title — and raises `multiple_reports` (error) naming where it begins, so the loss is visible."""

from __future__ import annotations

import re

from extract.record import issue

_S1 = re.compile(r"^\s*[一1]\s*[、.．,，]\s*(?:总体情况|概述|基本工作情况|主要工作概述)")
_S3 = re.compile(r"^\s*[三3]\s*[、.．,，]\s*(?:行政机关)?收到和处理政府信息公开申请")
_TITLE = re.compile(
    r"(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年度?\s*(?:政府)?信息公开(?:工作)?年度报告\s*$"
)
_MAX_HEADING = 40  # a heading is a short line, not a sentence mentioning the section


def multiple_reports(lines: list[str]) -> list[dict]:
    """[an error issue] when `lines` hold more than one report's sections, else []."""
    s1 = [i for i, line in enumerate(lines) if len(line.strip()) <= _MAX_HEADING and _S1.match(line)]
    s3 = [i for i, line in enumerate(lines) if len(line.strip()) <= _MAX_HEADING and _S3.match(line)]
    # a report is a section-一 heading followed by a section-三 heading before the next section-一
    starts = [
        a for k, a in enumerate(s1) if any(a < b < (s1[k + 1] if k + 1 < len(s1) else len(lines)) for b in s3)
    ]
    if len(starts) < 2:
        return []
    second = starts[1]
    titles = [
        i for i in range(starts[0] + 1, second) if len(lines[i].strip()) <= 60 and _TITLE.search(lines[i])
    ]
    at = titles[-1] if titles else second
    name = f" '{lines[at].strip()}'" if titles else ""
    return [
        issue(
            "error",
            "multiple_reports",
            f"the file holds {len(starts)} reports; only the first was read — the next{name} begins at line "
            f"{at + 1}; split the file to land each one",
            line=at + 1,
        )
    ]
