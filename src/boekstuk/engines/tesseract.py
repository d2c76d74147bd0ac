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
_MAX_REREAD = 60  # weak words read again per page
_REREAD_PAGE_CONFIDENCE = 0.7


class TesseractEngine:
    """The default OCR engine. Stateless; the ``tesseract`` binary does the work."""

    name = "tesseract"

    def __init__(self, binary: str = "tesseract", psm: int = 3, reread_below: float = 0.5) -> None:
        self.binary = binary
        self.psm = psm
        # words read with less confidence are read once more, cut out of the page on their
        # own ("Racha" → "Rechnungsnummer": a small label in a ruled cell, beside another
        # column, that the page layout analysis garbles); 0 turns it off
        self.reread_below = reread_below

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
        result = _to_result(self.name, data)
        if self.reread_below > 0 and result.mean_confidence >= _REREAD_PAGE_CONFIDENCE:
            # only a page that reads well but for a few words: a page read badly as a whole
            # (upside down, not text) must keep its low confidence, so it is turned or handed on
            result = self._reread_weak(image, result, config)
        return result

    def _reread_weak(self, image: Image, result: OcrResult, config: OcrConfig) -> OcrResult:
        """Read the weakly recognised words again, all in one strip, each as its own line."""
        import pytesseract
        from PIL import Image as PILImage

        weak = [
            i
            for i, w in enumerate(result.words)
            if w.confidence < self.reread_below
            and w.bbox[3] - w.bbox[1] >= 12
            and w.bbox[2] - w.bbox[0] >= w.bbox[3] - w.bbox[1]
        ][:_MAX_REREAD]
        if not weak:
            return result
        gray = image.convert("L")
        crops, bands, top = [], [], 0
        for i in weak:
            x0, y0, x1, y1 = result.words[i].bbox
            pad = max(4, round((y1 - y0) / 3))
            crop = gray.crop((round(x0) - pad, round(y0) - pad, round(x1) + pad, round(y1) + pad))
            crops.append((crop, top))
            bands.append((top, top + crop.height))
            top += crop.height + 2 * pad
        strip = PILImage.new("L", (max(c.width for c, _ in crops) + 20, top + 10), 255)
        for crop, y in crops:
            strip.paste(crop, (10, y + 5))
        try:
            data = self._run(
                pytesseract.image_to_data,
                strip,
                config.timeout_seconds,
                lang=config.languages,
                config="--psm 6",
                output_type=pytesseract.Output.DICT,
            )
        except OcrError as exc:
            logger.debug("tesseract re-read failed: %s", exc.message)
            return result
        again = _to_result(self.name, data).words
        words = list(result.words)
        for i, (low, high) in zip(weak, bands, strict=True):
            found = [w for w in again if low <= (w.bbox[1] + w.bbox[3]) / 2 - 5 < high]
            if not found:
                continue
            confidence = sum(w.confidence for w in found) / len(found)
            old = words[i]
            if confidence > old.confidence + 0.2:
                text = " ".join(w.text for w in sorted(found, key=lambda w: w.bbox[0]))
                words[i] = Word(text, old.bbox, confidence, old.block, old.line)
        mean = sum(w.confidence for w in words) / len(words)
        return OcrResult(engine=result.engine, words=tuple(words), mean_confidence=mean)

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
