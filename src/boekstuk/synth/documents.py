"""Synthetic invoices, credit notes and receipts with their true values and word labels.

In: a seed (or a :class:`random.Random`). Out: :class:`SynthDocument` s — the page as the text
stage hands it over (:class:`PageText` of positioned words, optionally with OCR-like noise),
the true field values and, per word, which party entity it belongs to (``SELLER``,
``SELLER_ADDR``, ``BUYER``, ``BUYER_ADDR`` or None). Layouts: DIN 5008 / NEN letters with an
address window, labelled two-column party blocks, e-invoice viewer pages ("Name: … Anschrift:
…"), inline "Aan:" buyers, and till receipts. Deterministic for a given seed; raises nothing.

>>> doc = synth_document(random.Random(3))
>>> doc.truth["seller_name"] in doc.pages[0].text
True
>>> len(doc.labels[0]) == len(doc.pages[0].words)
True
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from boekstuk.domain.extraction import PageText, TextSource, Word
from boekstuk.synth import vocab as V
from boekstuk.synth.layouts import invoice_page, receipt_page


@dataclass(frozen=True, slots=True)
class SynthDocument:
    """One synthetic document: pages, true values and the entity label of every word."""

    kind: str  # invoice | credit_note | receipt
    language: str
    layout: str
    pages: tuple[PageText, ...]
    truth: dict[str, str]
    labels: tuple[tuple[str | None, ...], ...]  # per page, per word


_OCR_SWAPS = {
    "O": "0",
    "0": "O",
    "l": "1",
    "1": "l",
    "I": "1",
    "S": "5",
    "B": "8",
    "e": "c",
    "rn": "m",
}


def _ocr_noise(word: Word, rng: random.Random, rate: float) -> Word:
    """The word as a poor scan reads it: a swapped or dropped character now and then."""
    text = word.text
    if rng.random() < rate:
        i = rng.randrange(len(text))
        swap = _OCR_SWAPS.get(text[i])
        text = (
            text[:i] + (swap if swap else "") + text[i + 1 :] if (swap or len(text) > 3) else text
        )
    return Word(
        text or word.text, word.bbox, 0.6 if text != word.text else 0.9, word.block, word.line
    )


def synth_document(
    rng: random.Random, kind: str | None = None, language: str | None = None
) -> SynthDocument:
    """One random document (``kind`` and ``language`` drawn when not given)."""
    lang = language or rng.choice(V.LANGUAGES)
    kind = kind or rng.choices(("invoice", "credit_note", "receipt"), weights=(6, 1, 3))[0]
    if kind == "receipt":
        page, truth, layout = receipt_page(rng, lang)
    else:
        page, truth, layout = invoice_page(rng, lang, kind)
    printed = "".join(w.text for w in page.words)
    for key in ("seller_vat", "seller_iban"):  # true values only for what the page shows
        if key in truth and truth[key] not in printed:
            del truth[key]
    words = page.words
    source = TextSource.TEXT_LAYER
    if rng.random() < 0.35:
        rate = rng.uniform(0.02, 0.12)
        words = [_ocr_noise(w, rng, rate) for w in words]
        source = TextSource.OCR
    text_page = PageText(1, page.width, page.height, tuple(words), source)
    return SynthDocument(kind, lang, layout, (text_page,), truth, (tuple(page.labels),))


def synth_corpus(count: int, seed: int = 0) -> Iterator[SynthDocument]:
    """``count`` documents from ``seed`` (the same seed gives the same corpus)."""
    rng = random.Random(seed)
    for _ in range(count):
        yield synth_document(rng)
