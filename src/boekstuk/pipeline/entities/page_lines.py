"""A page as one string of rows for sequence models: segments joined by `` | ``, rows by newlines.

In: a :class:`Layout` (rows of segments). Out: :class:`PageLines` — the string and, per word,
its character span, so a model's character spans map back to words, boxes and rows. The same
function feeds training (``boekstuk.synth``) and prediction (``engines.spacy_ner``), so both see
the page alike. Raises nothing.

>>> from boekstuk.domain.extraction import PageText, TextSource, Word
>>> words = (Word("Acme", (10, 10, 30, 20)), Word("B.V.", (32, 10, 50, 20)),
...          Word("Factuur", (300, 10, 340, 20)), Word("Molenweg", (10, 24, 50, 34)))
>>> from boekstuk.pipeline.entities.layout import build_layout
>>> lines = page_lines(build_layout(PageText(1, 595, 842, words, TextSource.TEXT_LAYER)))
>>> lines.text
'Acme B.V. | Factuur\\nMolenweg'
>>> lines.text[slice(*lines.spans[1])]
'B.V.'
"""

from __future__ import annotations

from dataclasses import dataclass

from boekstuk.domain.extraction import Word
from boekstuk.pipeline.entities.layout import Layout, Segment

SEPARATOR = " | "
# rows of a page the party NER reads (training and prediction alike): parties stand on top
NER_MAX_ROWS = 60


@dataclass(frozen=True, slots=True)
class PageLines:
    """The page's text and where each word of it stands."""

    text: str
    words: tuple[Word, ...]  # in the order they appear in ``text``
    spans: tuple[tuple[int, int], ...]  # (start, end) of each word in ``text``
    segments: tuple[Segment, ...]  # the segment each word belongs to


def page_lines(layout: Layout, max_rows: int | None = None) -> PageLines:
    """The layout's rows (the first ``max_rows`` of them) as one string."""
    parts: list[str] = []
    words: list[Word] = []
    spans: list[tuple[int, int]] = []
    owners: list[Segment] = []
    cursor = 0
    rows = layout.rows()
    for r, row in enumerate(rows[:max_rows] if max_rows else rows):
        if r:
            parts.append("\n")
            cursor += 1
        for s, segment in enumerate(row):
            if s:
                parts.append(SEPARATOR)
                cursor += len(SEPARATOR)
            for w, word in enumerate(segment.words):
                if w:
                    parts.append(" ")
                    cursor += 1
                parts.append(word.text)
                words.append(word)
                spans.append((cursor, cursor + len(word.text)))
                owners.append(segment)
                cursor += len(word.text)
    return PageLines("".join(parts), tuple(words), tuple(spans), tuple(owners))
