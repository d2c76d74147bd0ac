"""Synthetic labelled documents for training the party NER and for tests and benchmarks.

In: a seed. Out: :class:`SynthDocument` s (pages of positioned words as the text stage gives
them, true values, per-word entity labels); :func:`render_pdf` draws one as a PDF. Invented
names and checksum-valid identifiers only; nothing is downloaded.

The generator families (:mod:`boekstuk.synth.families`: ``FAMILIES``, ``family_corpus``,
``lockbox()``, ``dev_families()``) draw whole invoices and bank statements as PDFs with their
true values, and :mod:`boekstuk.synth.scan` turns them into scans and photos; both need the
dev dependencies reportlab and faker, so they are imported from their modules, not from here.
"""

from __future__ import annotations

from boekstuk.synth.documents import SynthDocument, synth_corpus, synth_document
from boekstuk.synth.render import render_pdf

__all__ = ["SynthDocument", "render_pdf", "synth_corpus", "synth_document"]
