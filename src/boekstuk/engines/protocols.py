"""The contracts every engine satisfies.

An engine MUST be safe to call from several threads of one process for different inputs,
MUST NOT read Settings (it gets an :class:`OcrConfig` or similar), MUST raise
:class:`~boekstuk.domain.errors.OcrError` (OCR) or
:class:`~boekstuk.domain.errors.DocumentError` (readers) for failures it understands, and
SHOULD load heavy models lazily, on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from PIL.Image import Image

    from boekstuk.domain.extraction import ExtractedText, Table, Word
    from boekstuk.domain.statements import Statement


@dataclass(frozen=True, slots=True)
class OcrConfig:
    """What an OCR engine needs to know: languages, time limit."""

    languages: str = "nld+eng+deu+fra"
    timeout_seconds: float = 120.0


@dataclass(frozen=True, slots=True)
class OcrResult:
    """Words found on one image, with boxes in *pixels* of that image (top-left origin)."""

    engine: str
    words: tuple[Word, ...]
    mean_confidence: float

    @property
    def is_empty(self) -> bool:
        """True when nothing readable was found."""
        return not any(word.text.strip() for word in self.words)


@runtime_checkable
class OcrEngine(Protocol):
    """Reads words from one page image.

    MUST return words in reading order with confidences in 0..1, and raise ``OcrError`` when
    the engine itself fails (missing binary, time-out, crash). An empty result is not an error.
    """

    name: str

    def recognize(self, image: Image, config: OcrConfig) -> OcrResult:
        """Recognise the words on ``image``."""
        ...


@runtime_checkable
class OrientationDetector(Protocol):
    """Optional OCR-engine capability: which way up a page image is.

    MUST return 0, 90, 180 or 270 (degrees to turn the image clockwise so text stands
    upright) and return 0, not raise, when it cannot tell.
    """

    def detect_orientation(self, image: Image, config: OcrConfig) -> int:
        """Degrees to rotate ``image`` clockwise to make it upright."""
        ...


@runtime_checkable
class TableExtractor(Protocol):
    """Finds tables on the text-layer pages of a PDF.

    MUST return, per requested page number (1-based), the tables in top-to-bottom order
    with boxes in PDF points (top-left origin); pages without tables may be left out.
    MUST raise ``DocumentError`` only for a PDF it cannot open.
    """

    name: str

    def extract(self, data: bytes, pages: Sequence[int]) -> dict[int, tuple[Table, ...]]:
        """Tables of the given pages of the PDF in ``data``."""
        ...


@runtime_checkable
class StatementReader(Protocol):
    """Reads a structured bank export (CAMT.053, MT940, CSV) into transactions.

    ``score`` returns None to decline a file, else a preference (higher wins); it MUST be
    cheap (look at the first few kilobytes) and MUST NOT raise. ``read`` returns every
    statement in the file (an MT940 file or a CAMT message may hold several) and MUST raise
    ``DocumentError`` (code ``malformed_statement`` or ``unsafe_xml``) for input it cannot
    read safely; it never returns a half-read statement silently.
    """

    name: str

    def score(self, data: bytes, content_type: str) -> int | None:
        """How well this reader fits the bytes, or None to decline."""
        ...

    def read(self, data: bytes) -> list[Statement]:
        """Every statement in ``data``."""
        ...


@runtime_checkable
class EntityExtractor(Protocol):
    """Finds fields (invoice number, parties, amounts, identifiers) in extracted text."""

    name: str

    def extract(self, text: ExtractedText) -> dict[str, dict[str, object]]:
        """Field name → ``{"value", "confidence", "page", "bbox"}``."""
        ...
