"""An OCR engine that reads nothing: for tests and for switching OCR off (``none``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from boekstuk.engines.protocols import OcrConfig, OcrResult

if TYPE_CHECKING:
    from PIL.Image import Image


class NullOcrEngine:
    """Returns no words, never fails."""

    name = "none"

    def recognize(self, image: Image, config: OcrConfig) -> OcrResult:
        """Return an empty result."""
        return OcrResult(engine=self.name, words=(), mean_confidence=0.0)
