"""Training examples for the party NER: a synthetic page as text plus labelled character spans.

In: a :class:`SynthDocument`. Out: ``(text, [(start, end, label), ...])`` per page, the text
being :func:`~boekstuk.pipeline.entities.page_lines.page_lines` of the page (what the engine
reads at run time); one span per run of equally-labelled words within a segment. Raises nothing.

>>> import random
>>> from boekstuk.synth.documents import synth_document
>>> text, spans = ner_examples(synth_document(random.Random(5), kind="invoice"))[0]
>>> sorted({label for _s, _e, label in spans})
['BUYER', 'BUYER_ADDR', 'SELLER', 'SELLER_ADDR']
"""

from __future__ import annotations

from boekstuk.pipeline.entities.layout import build_layout
from boekstuk.pipeline.entities.page_lines import NER_MAX_ROWS, page_lines
from boekstuk.synth.documents import SynthDocument

Span = tuple[int, int, str]


def ner_examples(doc: SynthDocument) -> list[tuple[str, list[Span]]]:
    """Each page's text and its entity spans."""
    out: list[tuple[str, list[Span]]] = []
    for page, labels in zip(doc.pages, doc.labels, strict=True):
        label_of = {id(word): label for word, label in zip(page.words, labels, strict=True)}
        lines = page_lines(build_layout(page), NER_MAX_ROWS)
        spans: list[Span] = []
        previous: tuple[str | None, int] = (None, -1)
        for word, (start, end), segment in zip(
            lines.words, lines.spans, lines.segments, strict=True
        ):
            label = label_of.get(id(word))
            key = (label, id(segment))
            if label is not None and key == previous and spans:
                spans[-1] = (spans[-1][0], end, label)
            elif label is not None:
                spans.append((start, end, label))
            previous = key if label is not None else (None, -1)
        out.append((lines.text, spans))
    return out
