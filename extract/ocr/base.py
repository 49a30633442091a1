"""The OCR engine interface, and engine lookup by name so another engine can be plugged in.

An engine turns a page image into text boxes (text, Box in image pixels, confidence 0..1). It may
also read pre-cut crops without detection (`read_crops`): table cells whose digits a page-level
detector missed (an isolated `0` in a wide cell is a classic miss) are re-read one cell at a time.

Engines are found by name: the built-in `rapidocr`, or any installed package that declares an entry
point in the group `ogi.ocr_engines` (`name = "module:factory"`, the factory returning an engine).
`OGI_OCR_ENGINE` picks the default. A missing engine is `OcrUnavailable`, whose message says how to
install it: the readers turn it into an issue, never a crash.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Protocol, runtime_checkable

from extract.document import Box

ENTRY_POINT_GROUP = "ogi.ocr_engines"
DEFAULT_ENGINE = "rapidocr"
INSTALL_HINT = "pip install 'ogi-warehouse[ocr]'"


@dataclass(frozen=True, slots=True)
class TextBox:
    """One piece of text the engine read: its text, its rectangle (image pixels) and its score."""

    text: str
    box: Box
    confidence: float


@runtime_checkable
class OcrEngine(Protocol):
    """What the readers need of an OCR engine. `image` is a numpy array (H x W [x 3], uint8) or PIL."""

    name: str

    def read(self, image: Any) -> list[TextBox]:
        """Detect and recognise every text line of `image`."""
        ...


class OcrUnavailable(RuntimeError):
    """No OCR engine can be loaded; the message says what to install."""


def read_crops(engine: OcrEngine, crops: list[Any]) -> list[tuple[str, float]]:
    """Recognise each crop as one text line: the engine's own batch reader when it has one, else
    detection on each crop with its texts joined left to right."""
    batch = getattr(engine, "read_crops", None)
    if batch is not None:
        return batch(crops)
    out: list[tuple[str, float]] = []
    for crop in crops:
        boxes = sorted(engine.read(crop), key=lambda b: b.box.x0)
        if not boxes:
            out.append(("", 0.0))
        else:
            out.append(("".join(b.text for b in boxes), min(b.confidence for b in boxes)))
    return out


_ENGINES: dict[str, OcrEngine] = {}


def _builtin(name: str) -> OcrEngine | None:
    if name == "rapidocr":
        from extract.ocr.rapidocr import RapidOcrEngine

        return RapidOcrEngine()
    return None


def get_engine(name: str | None = None) -> OcrEngine:
    """The engine called `name` (default `$OGI_OCR_ENGINE` or rapidocr), loaded once per process.

    Raises OcrUnavailable with an install hint when the engine's package is not installed.
    """
    name = name or os.environ.get("OGI_OCR_ENGINE") or DEFAULT_ENGINE
    engine = _ENGINES.get(name)
    if engine is not None:
        return engine
    try:
        engine = _builtin(name)
        if engine is None:
            for ep in entry_points(group=ENTRY_POINT_GROUP):
                if ep.name == name:
                    engine = ep.load()()
                    break
    except ImportError as e:
        raise OcrUnavailable(
            f"OCR engine {name!r} is not installed ({e}); enable OCR with: {INSTALL_HINT}"
        ) from e
    if engine is None:
        known = sorted({DEFAULT_ENGINE, *(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))})
        raise OcrUnavailable(f"no OCR engine named {name!r} (known: {', '.join(known)})")
    _ENGINES[name] = engine
    return engine


def register_engine(engine: OcrEngine) -> None:
    """Make `engine` available under `engine.name` in this process (tests, notebooks)."""
    _ENGINES[engine.name] = engine
