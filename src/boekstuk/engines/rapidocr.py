"""RapidOCR (PaddleOCR models on onnxruntime): multilingual OCR with word boxes.

In: a PIL image and an :class:`OcrConfig`. Out: :class:`OcrResult` in image pixels.
Raises :class:`OcrError` when rapidocr/onnxruntime is missing or recognition fails.

Offline: the PP-OCRv6 multilingual detection/recognition models ship inside the rapidocr
wheel and are passed by path, so nothing is fetched. Telemetry of onnxruntime is off.
onnxruntime runs on one thread by default, like Tesseract (``OMP_THREAD_LIMIT=1``) and
EasyOCR: one worker process per core is how Boekstuk scales.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boekstuk.domain.errors import OcrError
from boekstuk.engines.ocr_layout import box_of, words_in_lines
from boekstuk.engines.protocols import OcrConfig, OcrResult

if TYPE_CHECKING:
    from PIL.Image import Image

logger = logging.getLogger(__name__)

_MODELS = {
    "Det.model_path": "PP-OCRv6_det_small.onnx",
    "Rec.model_path": "PP-OCRv6_rec_small.onnx",
    "Cls.model_path": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}


class RapidOcrEngine:
    """RapidOCR on CPU with the models of its own wheel; loaded on first use."""

    name = "rapidocr"

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._engine: Any = None
        self._lock = threading.Lock()

    def _get_engine(self) -> Any:
        with self._lock:
            if self._engine is None:
                os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
                try:
                    import rapidocr
                except ImportError as exc:
                    raise OcrError(f"rapidocr is not installed: {exc}") from exc
                models = Path(rapidocr.__file__).parent / "models"
                params: dict[str, Any] = {
                    "Global.log_level": "error",
                    "Global.return_word_box": True,
                    "EngineConfig.onnxruntime.intra_op_num_threads": self.threads,
                    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                }
                for key, filename in _MODELS.items():
                    if not (models / filename).is_file():
                        raise OcrError(f"rapidocr model {filename} is missing from {models}")
                    params[key] = str(models / filename)
                try:
                    self._engine = rapidocr.RapidOCR(params=params)
                except Exception as exc:
                    raise OcrError(f"rapidocr cannot load its models: {exc}") from exc
            return self._engine

    def recognize(self, image: Image, config: OcrConfig) -> OcrResult:
        """Recognise the words on ``image``."""
        import numpy as np

        engine = self._get_engine()
        try:
            out = engine(np.asarray(image.convert("RGB")))
        except Exception as exc:
            raise OcrError(f"rapidocr failed: {exc}") from exc
        segments: list[tuple[tuple[float, float, float, float], str, float]] = []
        for line in getattr(out, "word_results", None) or ():
            # a line is a tuple of (text, score, box); an empty image gives one bare item
            items = (line,) if line and isinstance(line[0], str) else (line or ())
            for item in items:
                if len(item) == 3 and item[0] and item[2] is not None:
                    text, conf, points = item
                    segments.append((box_of(points), str(text), float(conf)))
        if not segments and getattr(out, "txts", None) and out.boxes is not None:
            # no word boxes for this image: fall back to whole-line boxes
            for points, text, conf in zip(out.boxes, out.txts, out.scores, strict=False):
                segments.append((box_of(points), str(text), float(conf)))
        words = words_in_lines(segments)
        mean = sum(w.confidence for w in words) / len(words) if words else 0.0
        return OcrResult(engine=self.name, words=tuple(words), mean_confidence=mean)
