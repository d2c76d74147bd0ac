"""Engine registry: engines by name, so configuration can swap them.

Built-in engines are registered here; third parties can add theirs through the
``boekstuk.ocr_engines`` entry-point group (a zero-argument factory per name).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points

from boekstuk.engines.protocols import EntityExtractor, OcrEngine

_OCR_FACTORIES: dict[str, str] = {
    "tesseract": "boekstuk.engines.tesseract:TesseractEngine",
    "easyocr": "boekstuk.engines.easyocr:EasyOcrEngine",
    "rapidocr": "boekstuk.engines.rapidocr:RapidOcrEngine",
    "none": "boekstuk.engines.null_ocr:NullOcrEngine",
}
_cache: dict[str, OcrEngine] = {}


def register_ocr_engine(name: str, factory: str | Callable[[], OcrEngine]) -> None:
    """Register an OCR engine under ``name`` (a ``module:Class`` path or a factory)."""
    if callable(factory):
        _cache[name] = factory()
        return
    _OCR_FACTORIES[name] = factory
    _cache.pop(name, None)


def ocr_engine_names() -> list[str]:
    """All OCR engine names that can be configured."""
    names = set(_OCR_FACTORIES) | set(_cache)
    names |= {ep.name for ep in entry_points(group="boekstuk.ocr_engines")}
    return sorted(names)


def get_ocr_engine(name: str) -> OcrEngine:
    """The OCR engine called ``name`` (created once per process, lazily)."""
    if name in _cache:
        return _cache[name]
    target = _OCR_FACTORIES.get(name)
    if target is not None:
        module_name, _, attr = target.partition(":")
        engine: OcrEngine = getattr(importlib.import_module(module_name), attr)()
    else:
        matches = [ep for ep in entry_points(group="boekstuk.ocr_engines") if ep.name == name]
        if not matches:
            raise KeyError(f"no OCR engine called {name!r}; known: {', '.join(ocr_engine_names())}")
        engine = matches[0].load()()
    _cache[name] = engine
    return engine


_ENTITY_FACTORIES: dict[str, str] = {"spacy_ner": "boekstuk.engines.spacy_ner:party_ner"}


def get_entity_extractor(name: str) -> EntityExtractor | None:
    """The entity extractor called ``name`` (one per process), or None when its model is absent."""
    target = _ENTITY_FACTORIES.get(name)
    if target is None:
        raise KeyError(
            f"no entity extractor called {name!r}; known: {', '.join(_ENTITY_FACTORIES)}"
        )
    module_name, _, attr = target.partition(":")
    extractor: EntityExtractor | None = getattr(importlib.import_module(module_name), attr)()
    return extractor
