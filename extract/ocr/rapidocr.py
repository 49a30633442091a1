"""The default OCR engine: RapidOCR on onnxruntime with the PP-OCRv4 Chinese models of its wheel.

Installs with pip (`ogi-warehouse[ocr]`), needs no system package and downloads nothing: the
detection, direction and recognition models ship inside the `rapidocr_onnxruntime` wheel, and
`RapidOCR()` loads them from the package folder (checked: no network call at construction or run).
The score filter is lowered from 0.5 to 0.3 so that a doubtful read reaches the verifier as a
low-confidence cell (flagged) instead of vanishing as a blank (which would look like an empty cell).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from extract.document import Box
from extract.ocr.base import TextBox

MIN_SCORE = 0.3


class RapidOcrEngine:
    """`OcrEngine` over `rapidocr_onnxruntime.RapidOCR`."""

    name = "rapidocr"

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR  # ImportError → OcrUnavailable in get_engine

        self._ocr = RapidOCR(text_score=MIN_SCORE, print_verbose=False)

    def read(self, image: Any) -> list[TextBox]:
        arr = _rgb(image)
        result, _ = self._ocr(arr, text_score=MIN_SCORE)
        out: list[TextBox] = []
        for quad, text, score in result or []:
            xs = [p[0] for p in quad]
            ys = [p[1] for p in quad]
            out.append(TextBox(str(text), Box(min(xs), min(ys), max(xs), max(ys)), float(score)))
        return out

    def read_crops(self, crops: list[Any]) -> list[tuple[str, float]]:
        """Recognition only (no detection), one text line per crop, in batches."""
        if not crops:
            return []
        rec, _ = self._ocr.text_rec([_rgb(c) for c in crops], False)
        return [(str(r[0]), float(r[1])) for r in rec]


def _rgb(image: Any) -> np.ndarray:
    arr = np.asarray(image)
    if arr.ndim == 2:
        arr = np.repeat(arr[:, :, None], 3, axis=2)
    elif arr.shape[2] == 4:
        arr = arr[:, :, :3]
    return np.ascontiguousarray(arr, dtype=np.uint8)
