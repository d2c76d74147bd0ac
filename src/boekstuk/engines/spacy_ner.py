"""Party names and addresses by a small spaCy NER model trained on ``boekstuk.synth`` pages.

In: :class:`ExtractedText`. Out (the :class:`EntityExtractor` contract): ``seller_name``,
``seller_address``, ``buyer_name``, ``buyer_address`` → ``{"value", "confidence", "page",
"bbox"}`` for those the model finds on page 1. The model ships in the package
(``boekstuk/models/ner``, made by ``scripts/train_ner.py``); it is loaded on first use, once per
process. Without spaCy or the model, :func:`party_ner` returns None and the rules alone run.
Raises nothing at prediction time.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from boekstuk.domain.extraction import ExtractedText, Word
from boekstuk.pipeline.entities.layout import box_of, build_layout
from boekstuk.pipeline.entities.page_lines import NER_MAX_ROWS, SEPARATOR, PageLines, page_lines
from boekstuk.pipeline.entities.parties import _address_text

logger = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "ner"
LABELS = ("SELLER", "SELLER_ADDR", "BUYER", "BUYER_ADDR")
_FIELD = {"SELLER": "seller", "BUYER": "buyer"}
# the model gives no probability: a found name is about as sure as a letterhead rule
NAME_CONFIDENCE = 0.7
ADDRESS_CONFIDENCE = 0.6


class SpacyNerEngine:
    """The party NER over the first page's rows (model loaded lazily, thread-safe)."""

    name = "spacy_ner"

    def __init__(self, model_dir: Path | None = None) -> None:
        self.model_dir = model_dir if model_dir is not None else MODEL_DIR
        self._nlp: Any = None
        self._lock = threading.Lock()

    def available(self) -> bool:
        """True when spaCy imports and the model is on disk."""
        if not (self.model_dir / "meta.json").exists():
            return False
        try:
            import spacy  # noqa: F401
        except ImportError:
            return False
        return True

    def _model(self) -> Any:
        with self._lock:
            if self._nlp is None:
                import spacy

                self._nlp = spacy.load(self.model_dir)
                logger.info("party NER loaded from %s", self.model_dir)
            return self._nlp

    def extract(
        self, text: ExtractedText, *, single_party: bool = False
    ) -> dict[str, dict[str, object]]:
        """Seller and buyer names and addresses found on page 1; ``single_party`` (a receipt):
        the first party the model finds is the seller, whichever role it guessed."""
        pages = [page for page in text.pages if page.words]
        if not pages:
            return {}
        page = pages[0]
        lines = page_lines(build_layout(page), NER_MAX_ROWS)
        doc = self._model()(lines.text)
        found: dict[str, dict[str, object]] = {}
        ents = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
        if single_party:
            ents = [(a, b, label.replace("BUYER", "SELLER")) for a, b, label in ents]
        for role, field in _FIELD.items():
            names = [e for e in ents if e[2] == role]
            if not names:
                continue
            # a name with its address lines under it beats a lone one (a stray header line);
            # on a receipt the name on top is the merchant
            chosen = names[0]
            if not single_party:
                chosen = max(
                    names,
                    key=lambda e: _address(lines, ents, f"{role}_ADDR", e[0]) is not None,
                )
            start, end, _ = chosen
            value = _clean(lines.text[start:end])
            following = names[names.index(chosen) + 1 :][:1]
            if following and _row(lines, following[0][0]) == _row(lines, start) + 1:
                end = following[0][1]  # the name wraps onto the next line
                value = f"{value} {_clean(lines.text[following[0][0] : end])}"
            words = _words_in(lines, start, end)
            if not words or not value:
                continue
            found[f"{field}_name"] = _field(value, NAME_CONFIDENCE, page.number, words)
            address = _address(lines, ents, f"{role}_ADDR", start)
            if address is not None:
                value, words = address
                found[f"{field}_address"] = _field(value, ADDRESS_CONFIDENCE, page.number, words)
        return found


def _field(value: str, confidence: float, page: int, words: list[Word]) -> dict[str, object]:
    return {"value": value, "confidence": confidence, "page": page, "bbox": box_of(words)}


def _clean(value: str) -> str:
    """The entity's text: the first segment only, without stray separators."""
    return value.split(SEPARATOR)[0].split("\n")[0].strip(" |,;:")


def _row(lines: PageLines, char: int) -> int:
    """The layout row of the word at character ``char``."""
    for (a, b), segment in zip(lines.spans, lines.segments, strict=True):
        if a <= char < b:
            return segment.row
    return -1


def _words_in(lines: PageLines, start: int, end: int) -> list[Word]:
    return [w for w, (a, b) in zip(lines.words, lines.spans, strict=True) if a < end and b > start]


def _address(
    lines: PageLines, ents: list[tuple[int, int, str]], label: str, after: int
) -> tuple[str, list[Word]] | None:
    """The address lines of one party: consecutive rows of ``label`` spans near its name."""
    row_of = {id(w): seg.row for w, seg in zip(lines.words, lines.segments, strict=True)}
    parts: list[tuple[str, list[Word]]] = []
    last_row: int | None = None
    name_words = _words_in(lines, after, after + 1)
    name_row = row_of[id(name_words[0])] if name_words else 0
    for start, end, kind in ents:
        if kind != label:
            continue
        words = _words_in(lines, start, end)
        if not words:
            continue
        row = row_of[id(words[0])]
        if last_row is None and not (name_row <= row <= name_row + 4):
            continue
        if last_row is not None and row - last_row > 2:
            break
        parts.append((_clean(lines.text[start:end]), words))
        last_row = row
    if not parts:
        return None
    return _address_text([p for p, _ in parts if p]), [w for _, ws in parts for w in ws]


_default: list[SpacyNerEngine | None] = []
_default_lock = threading.Lock()


def party_ner() -> SpacyNerEngine | None:
    """The process's party NER engine, or None when spaCy or the shipped model is missing."""
    with _default_lock:
        if not _default:
            engine = SpacyNerEngine()
            _default.append(engine if engine.available() else None)
            if _default[0] is None:
                logger.info("party NER unavailable (no spaCy or no model): rules only")
        return _default[0]


def set_party_ner(engine: SpacyNerEngine | None) -> None:
    """Use ``engine`` (None: rules only) for this process (tests, benchmarks)."""
    with _default_lock:
        _default[:] = [engine]


def reset_party_ner() -> None:
    """Forget the process's engine: the next :func:`party_ner` looks for the model again."""
    with _default_lock:
        _default.clear()
