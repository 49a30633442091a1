"""The PDF reader's bulk paths give what the per-character / general paths give (speed without drift)."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

import extract.readers.pdf as pdf_reader
from extract.document import Box, Span
from extract.geometry import lines_of


def _spans(path, monkeypatch=None) -> list[list[tuple]]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        out = []
        for k in range(len(pdf)):
            page = pdf[k]
            out.append([(s.text, s.box) for s in pdf_reader._chars(page, k + 1, page.get_size()[1])])
            page.close()
        return out
    finally:
        pdf.close()


def test_bulk_text_units_equal_the_per_character_unicode(realworld_dir, monkeypatch):
    path = realworld_dir / "docs" / "huaian_city_2024.pdf"
    bulk = _spans(path)
    monkeypatch.setattr(pdf_reader, "_all_units", lambda raw, n: None)  # PDFium asked char by char
    assert _spans(path) == bulk
    assert sum(len(p) for p in bulk) > 1000


@pytest.mark.parametrize("seed", range(5))
def test_outside_equals_inside_for_every_span(seed):
    import random

    from extract.geometry import inside

    rnd = random.Random(seed)
    boxes = [
        Box(x, y, x + rnd.uniform(5, 200), y + rnd.uniform(5, 200))
        for x, y in ((rnd.uniform(0, 400), rnd.uniform(0, 700)) for _ in range(3))
    ]
    spans = [
        Span("a", 1, Box(x, y, x + 8, y + 10))
        for x, y in ((rnd.uniform(0, 590), rnd.uniform(0, 830)) for _ in range(300))
    ]
    want = [sp for sp in spans if not any(inside(sp, b) for b in boxes)]
    assert pdf_reader._outside(spans, boxes) == want
    assert pdf_reader._outside(spans, []) == spans


def test_lines_of_keeps_reading_order_and_ties():
    a, b, c = (Span(t, 1, Box(x, 100, x + 8, 110)) for t, x in (("a", 10), ("b", 30), ("c", 20)))
    low = Span("d", 1, Box(10, 140, 18, 150))
    thin = Span("-", 1, Box(40, 104.8, 44, 105.2))  # a sliver: clustered with a height of 1
    assert [[s.text for s in line] for line in lines_of([low, b, a, thin, c])] == [
        ["a", "c", "b", "-"],
        ["d"],
    ]
