"""Tesseract OCR through pytesseract: words, boxes and confidences from ``image_to_data``.

In: a PIL image and an :class:`OcrConfig`. Out: :class:`OcrResult` in image pixels, and
(optional capability) the page's orientation from Tesseract's OSD.
Raises :class:`OcrError` when the binary is missing, times out or fails.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from boekstuk.domain.errors import OcrError
from boekstuk.domain.extraction import Word
from boekstuk.engines.protocols import OcrConfig, OcrResult

if TYPE_CHECKING:
    from PIL.Image import Image

logger = logging.getLogger(__name__)

_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_ORIENT_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


class TesseractEngine:
    """The default OCR engine. Stateless; the ``tesseract`` binary does the work."""

    name = "tesseract"

    def __init__(self, binary: str = "tesseract", psm: int = 3) -> None:
        self.binary = binary
        self.psm = psm

    def recognize(self, image: Image, config: OcrConfig) -> OcrResult:
        """Run Tesseract on ``image`` and return its words in reading order."""
        import pytesseract

        data = self._run(
            pytesseract.image_to_data,
            image,
            config.timeout_seconds,
            lang=config.languages,
            config=f"--psm {self.psm}",
            output_type=pytesseract.Output.DICT,
        )
        return _to_result(self.name, data)

    def detect_orientation(self, image: Image, config: OcrConfig) -> int:
        """Degrees (0, 90, 180, 270) to rotate ``image`` clockwise so its text stands upright.

        Returns 0 when OSD is unsure or finds too little text (that is not an error).
        """
        import pytesseract

        try:
            osd = self._run(
                pytesseract.image_to_osd, image, config.timeout_seconds, config="--psm 0"
            )
        except OcrError as exc:
            logger.debug("tesseract OSD gave no answer: %s", exc.message)
            return 0
        rotate, conf = _ROTATE.search(str(osd)), _ORIENT_CONF.search(str(osd))
        if rotate is None or conf is None or float(conf.group(1)) < 1.0:
            return 0
        return int(rotate.group(1)) % 360

    def _run(self, func: object, image: Image, timeout: float, **kwargs: object) -> object:
        import pytesseract

        pytesseract.pytesseract.tesseract_cmd = self.binary
        # an uncompressed PGM/PPM is written and read far faster than pytesseract's default PNG
        fast = image if image.mode in ("L", "RGB") else image.convert("L")
        fast = fast.copy() if fast is image else fast
        fast.format = "PPM"
        try:
            return func(fast, timeout=timeout, **kwargs)  # type: ignore[operator]
        except RuntimeError as exc:  # pytesseract raises RuntimeError on time-out
            raise OcrError(f"tesseract timed out after {timeout:g} s") from exc
        except (pytesseract.TesseractNotFoundError, FileNotFoundError, OSError) as exc:
            raise OcrError(f"tesseract is not available: {exc}") from exc
        except pytesseract.TesseractError as exc:
            raise OcrError(f"tesseract failed: {exc}") from exc


def _to_result(engine: str, raw: object) -> OcrResult:
    """Turn ``image_to_data``'s columns into words (rows with conf -1 are layout, not words)."""
    assert isinstance(raw, dict)
    data: dict[str, list[object]] = raw
    words: list[Word] = []
    for i, text_raw in enumerate(data["text"]):
        text = str(text_raw).strip()
        conf = float(str(data["conf"][i]))
        if not text or conf < 0:
            continue
        left, top = float(str(data["left"][i])), float(str(data["top"][i]))
        width, height = float(str(data["width"][i])), float(str(data["height"][i]))
        block = int(str(data["block_num"][i]))
        line = int(str(data["par_num"][i])) * 1000 + int(str(data["line_num"][i]))
        words.append(Word(text, (left, top, left + width, top + height), conf / 100.0, block, line))
    mean = sum(w.confidence for w in words) / len(words) if words else 0.0
    return OcrResult(engine=engine, words=tuple(words), mean_confidence=mean)
