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
from boekstuk.pipeline.entities.blocks import address_text as _address_text
from boekstuk.pipeline.entities.layout import box_of, build_layout
from boekstuk.pipeline.entities.page_lines import NER_MAX_ROWS, SEPARATOR, PageLines, page_lines

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
        blocks = _blocks(lines, ents)
        # The model's role labels do not carry over to real pages: the cue ("Verkäufer",
        # "Bill to") stands rows above the name, beyond its window. Its party blocks do: the
        # first name with address lines under it is the seller (letterhead or sender first),
        # the second the buyer; on a receipt the name on top is the merchant.
        addressed = [b for b in blocks if b[1]][:2]
        chosen = blocks[:1] if single_party else addressed or blocks[:1]
        for field, (names, address) in zip(("seller", "buyer"), chosen, strict=False):
            value = " ".join(_clean(lines.text[a:b]) for a, b in names).strip()
            words = [w for a, b in names for w in _words_in(lines, a, b)]
            if not words or not value:
                continue
            found[f"{field}_name"] = _field(value, NAME_CONFIDENCE, page.number, words)
            if address:
                parts = [_clean(lines.text[a:b]) for a, b in address]
                words = [w for a, b in address for w in _words_in(lines, a, b)]
                text_value = _address_text([p for p in parts if p])
                found[f"{field}_address"] = _field(
                    text_value, ADDRESS_CONFIDENCE, page.number, words
                )
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


Span = tuple[int, int]


def _blocks(
    lines: PageLines, ents: list[tuple[int, int, str]]
) -> list[tuple[list[Span], list[Span]]]:
    """Party blocks in page order: a name (with its wrapped second line) and the address lines
    under it (within two rows of each other, starting at most four rows below the name)."""
    out: list[tuple[list[Span], list[Span]]] = []
    skip: set[int] = set()
    for i, (start, end, label) in enumerate(ents):
        if label.endswith("_ADDR") or i in skip:
            continue
        names = [(start, end)]
        last = _row(lines, start)
        following = ents[i + 1] if i + 1 < len(ents) else None
        if (
            following
            and not following[2].endswith("_ADDR")
            and _row(lines, following[0]) == last + 1
        ):
            names.append((following[0], following[1]))  # the name wraps onto the next line
            skip.add(i + 1)
            last += 1
        address: list[Span] = []
        for a, b, kind in ents[i + 1 + len(names) - 1 :]:
            if not kind.endswith("_ADDR"):
                break
            row = _row(lines, a)
            if row - last > (4 if not address else 2) or row < last:
                break
            address.append((a, b))
            last = row
        out.append((names, address))
    return out


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
