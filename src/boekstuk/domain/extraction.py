"""The text model every later stage reads: pages of positioned words.

All coordinates are PDF points (72 per inch) with the origin at the page's top-left, also
for scanned pages and images, so a field found anywhere can be highlighted on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

BBox = tuple[float, float, float, float]


class TextSource(StrEnum):
    """Where a page's words came from."""

    TEXT_LAYER = "text_layer"
    OCR = "ocr"
    STRUCTURED = "structured"  # a bank export (CAMT/MT940/CSV) read as data, not as a page


@dataclass(frozen=True, slots=True)
class Word:
    """One word with its box (points, top-left origin) and the engine's confidence (0..1)."""

    text: str
    bbox: BBox
    confidence: float = 1.0
    block: int = 0
    line: int = 0


@dataclass(frozen=True, slots=True)
class Table:
    """A table found on a page: rows of cell texts, its box (points) and how it was found.

    ``source`` is ``"pdfplumber"`` (ruled/aligned table in a text layer) or ``"words"``
    (rebuilt from word boxes: rows by baseline, columns from the header and x-gaps).
    """

    bbox: BBox
    rows: tuple[tuple[str, ...], ...]
    source: str = "words"

    @property
    def header(self) -> tuple[str, ...]:
        """The first row (usually the column names)."""
        return self.rows[0] if self.rows else ()


@dataclass(frozen=True, slots=True)
class PageText:
    """One page: its size in points, its words in reading order and how they were read."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    text_source: TextSource
    ocr_engine: str | None = None
    ocr_confidence: float | None = None
    notes: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    rotation: int = 0  # degrees the scan was turned clockwise to read it (0, 90, 180, 270)

    @property
    def text(self) -> str:
        """Plain text in reading order: words joined by spaces, lines by newlines."""
        lines: list[str] = []
        current: list[str] = []
        key: tuple[int, int] | None = None
        for word in self.words:
            if key is not None and (word.block, word.line) != key:
                lines.append(" ".join(current))
                current = []
            current.append(word.text)
            key = (word.block, word.line)
        if current:
            lines.append(" ".join(current))
        return "\n".join(lines)

    def summary(self) -> dict[str, Any]:
        """The page as CONTRACT §3 lists it under ``pages``."""
        return {
            "number": self.number,
            "text_source": self.text_source.value,
            "ocr_engine": self.ocr_engine,
            "ocr_confidence": (
                round(self.ocr_confidence, 3) if self.ocr_confidence is not None else None
            ),
        }


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """The whole document's text: pages in order (frozen; produced once by the text stage)."""

    pages: tuple[PageText, ...]
    raw: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """All pages' text, separated by form feeds."""
        return "\f".join(page.text for page in self.pages)

    @property
    def word_count(self) -> int:
        """How many words the document has."""
        return sum(len(page.words) for page in self.pages)
