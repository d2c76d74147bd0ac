"""Turn line segments of a detector-recogniser OCR (EasyOCR, RapidOCR) into our words.

In: segments ``(box, text, confidence)`` with boxes in image pixels. Out: :class:`Word`
objects in reading order (lines top to bottom, words left to right) with line ids; a
segment's words get boxes in proportion to their characters. Raises nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from boekstuk.domain.extraction import BBox, Word

Segment = tuple[BBox, str, float]


def box_of(points: Iterable[Sequence[float]]) -> BBox:
    """The axis-aligned envelope of a polygon.

    >>> box_of([(1, 2), (5, 2), (5, 6), (1, 7)])
    (1.0, 2.0, 5.0, 7.0)
    """
    xs, ys = zip(*((float(p[0]), float(p[1])) for p in points), strict=True)
    return (min(xs), min(ys), max(xs), max(ys))


def split_segment(bbox: BBox, text: str, confidence: float) -> list[tuple[BBox, str, float]]:
    """Split one recognised segment into words, boxes shared out by character count.

    >>> [(b[0], t) for b, t, _ in split_segment((0, 0, 90, 10), "ab cdefgh", 0.9)]
    [(0.0, 'ab'), (30.0, 'cdefgh')]
    """
    tokens = text.split()
    if not tokens:
        return []
    x0, y0, x1, y1 = bbox
    per_char = (x1 - x0) / max(len(text), 1)
    out: list[tuple[BBox, str, float]] = []
    pos = 0
    for token in tokens:
        start = text.index(token, pos)
        end = start + len(token)
        box = (float(x0 + start * per_char), float(y0), float(x0 + end * per_char), float(y1))
        out.append((box, token, confidence))
        pos = end
    return out


def words_in_lines(segments: Iterable[Segment]) -> list[Word]:
    """Group word-or-segment boxes into lines by vertical overlap, in reading order.

    >>> ws = words_in_lines([((50, 0, 90, 10), "b", 1.0), ((0, 1, 40, 11), "a", 1.0),
    ...                      ((0, 30, 40, 40), "c", 1.0)])
    >>> [(w.text, w.line) for w in ws]
    [('a', 1), ('b', 1), ('c', 2)]
    """
    items = sorted(
        (item for seg in segments for item in split_segment(*seg)),
        key=lambda s: (s[0][1] + s[0][3]) / 2,
    )
    lines: list[list[tuple[BBox, str, float]]] = []
    for item in items:
        box = item[0]
        centre = (box[1] + box[3]) / 2
        if lines:
            last = lines[-1]
            top = sum(b[1] for b, _, _ in last) / len(last)
            bottom = sum(b[3] for b, _, _ in last) / len(last)
            if top <= centre <= bottom:
                last.append(item)
                continue
        lines.append([item])
    words: list[Word] = []
    for number, line in enumerate(lines, start=1):
        for box, text, conf in sorted(line, key=lambda s: s[0][0]):
            words.append(Word(text, box, max(0.0, min(1.0, conf)), 1, number))
    return words
