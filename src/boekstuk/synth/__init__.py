"""Synthetic labelled documents for training the party NER and for tests and benchmarks.

In: a seed. Out: :class:`SynthDocument` s (pages of positioned words as the text stage gives
them, true values, per-word entity labels); :func:`render_pdf` draws one as a PDF. Invented
names and checksum-valid identifiers only; nothing is downloaded.
"""

from __future__ import annotations

from boekstuk.synth.documents import SynthDocument, synth_corpus, synth_document
from boekstuk.synth.render import render_pdf

__all__ = ["SynthDocument", "render_pdf", "synth_corpus", "synth_document"]
