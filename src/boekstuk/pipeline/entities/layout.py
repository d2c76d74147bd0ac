"""Page layout for the rules: words grouped into rows, rows cut into segments at wide gaps.

In: a :class:`PageText` (words with boxes in points, top-left origin). Out: a :class:`Layout`
of :class:`Segment` s — runs of words on one visual row with no column gap inside — with
helpers to find what stands right of or below a segment. The engines' own block/line ids
are not trusted (text layers often put every span in its own "line"); geometry decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median

from boekstuk.domain.extraction import BBox, PageText, Word

# a gap wider than this many times the row's text height separates two columns
_COLUMN_GAP = 1.3


@dataclass(frozen=True, slots=True)
class Segment:
    """Words on one row without a column gap between them."""

    page: int
    row: int
    words: tuple[Word, ...]
    # derived from ``words`` once (the rules read them many times)
    text: str = field(init=False, compare=False)
    bbox: BBox = field(init=False, compare=False)
    height: float = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", " ".join(word.text for word in self.words))
        object.__setattr__(self, "bbox", box_of(self.words))
        object.__setattr__(self, "height", max(w.bbox[3] - w.bbox[1] for w in self.words))

    @property
    def confidence(self) -> float:
        """The lowest word confidence."""
        return min(w.confidence for w in self.words)

    def words_after(self, char_index: int) -> tuple[Word, ...]:
        """The words that start at or after ``char_index`` of :attr:`text`."""
        position, kept = 0, []
        for word in self.words:
            if position >= char_index:
                kept.append(word)
            position += len(word.text) + 1
        return tuple(kept)

    def span_confidence(self, start: int, end: int) -> float:
        """The lowest word confidence over characters ``start:end`` of :attr:`text`."""
        position, low = 0, 1.0
        for word in self.words:
            if position < end and position + len(word.text) > start:
                low = min(low, word.confidence)
            position += len(word.text) + 1
        return low

    def span_box(self, start: int, end: int) -> BBox:
        """The box of the words covering characters ``start:end`` of :attr:`text`."""
        position, chosen = 0, []
        for word in self.words:
            if position < end and position + len(word.text) > start:
                chosen.append(word)
            position += len(word.text) + 1
        return box_of(chosen or self.words)


def box_of(words: tuple[Word, ...] | list[Word]) -> BBox:
    """The box around ``words``."""
    return (
        round(min(w.bbox[0] for w in words), 1),
        round(min(w.bbox[1] for w in words), 1),
        round(max(w.bbox[2] for w in words), 1),
        round(max(w.bbox[3] for w in words), 1),
    )


@dataclass(frozen=True, slots=True)
class Layout:
    """A page's segments in reading order (rows top to bottom, segments left to right)."""

    page: int
    width: float
    height: float
    segments: tuple[Segment, ...]
    by_row: dict[int, tuple[Segment, ...]] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        grouped: dict[int, list[Segment]] = {}
        for segment in self.segments:
            grouped.setdefault(segment.row, []).append(segment)
        object.__setattr__(self, "by_row", {k: tuple(v) for k, v in grouped.items()})

    def right_of(self, segment: Segment) -> Segment | None:
        """The next segment on the same row, if any.

        On a slightly skewed scan a value far right of its label can drift into the next
        visual row; a neighbouring row's segment counts when its centre is within 0.7 line
        heights of the label's (other rows are at least a line spacing away)."""
        same = [s for s in self.by_row[segment.row] if s.bbox[0] > segment.bbox[2]]
        if not same:
            centre = (segment.bbox[1] + segment.bbox[3]) / 2
            same = [
                s
                for row in (segment.row - 1, segment.row + 1)
                for s in self.by_row.get(row, ())
                if s.bbox[0] > segment.bbox[2]
                and abs((s.bbox[1] + s.bbox[3]) / 2 - centre) < 0.7 * segment.height
            ]
        return min(same, key=lambda s: s.bbox[0]) if same else None

    def below(self, segment: Segment, max_rows: int = 3) -> list[Segment]:
        """Segments under ``segment`` that overlap it horizontally, nearest first."""
        x0, _, x1, y1 = segment.bbox
        limit = y1 + max_rows * 1.8 * segment.height
        found = [
            s
            for row in range(segment.row + 1, segment.row + 4 * max_rows + 2)
            for s in self.by_row.get(row, ())
            if s.bbox[1] < limit
            and s.bbox[0] < x1 + 2
            and s.bbox[2] > x0 - 2
            and abs(s.bbox[0] - x0) < max(60.0, (x1 - x0))
        ]
        return sorted(found, key=lambda s: (s.bbox[1], s.bbox[0]))

    def above(self, segment: Segment) -> list[Segment]:
        """The segment just above ``segment`` (within two lines) overlapping it, as a list."""
        x0, y0, x1, _ = segment.bbox
        found = [
            s
            for row in range(max(0, segment.row - 3), segment.row)
            for s in self.by_row.get(row, ())
            if s.bbox[3] > y0 - 2.5 * segment.height and s.bbox[0] < x1 and s.bbox[2] > x0
        ]
        return sorted(found, key=lambda s: -s.bbox[3])[:1]

    def left_text(self, segment: Segment) -> str:
        """The text of the segment just left of ``segment`` on its row ("" when none)."""
        left = [s for s in self.by_row[segment.row] if s.bbox[2] <= segment.bbox[0]]
        return max(left, key=lambda s: s.bbox[2]).text if left else ""

    def rows(self) -> list[list[Segment]]:
        """Segments grouped per row."""
        return [list(self.by_row[key]) for key in sorted(self.by_row)]


def inside(regions: tuple[tuple[int, BBox], ...], page: int, bbox: BBox) -> bool:
    """True when the box's centre lies in one of the ``(page, region)`` s (with a small margin)."""
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return any(
        p == page and r[0] - 5 <= cx <= r[2] + 5 and r[1] - 5 <= cy <= r[3] + 5 for p, r in regions
    )


def skew_slope(words: list[Word]) -> float:
    """The page's skew as dy/dx, from neighbouring words of the same engine line.

    A scan turned by half a degree moves the right end of a line several points up or down,
    enough to split a label from its value into two rows. The OCR engine's own line ids
    follow the skew, so the median slope between their words measures it (0 when there is
    too little evidence, and never more than about 3 degrees).
    """
    slopes: list[float] = []
    for a, b in pairwise(words):
        if (a.block, a.line) != (b.block, b.line):
            continue
        dx = (b.bbox[0] + b.bbox[2]) / 2 - (a.bbox[0] + a.bbox[2]) / 2
        if dx > 20:
            slopes.append(((b.bbox[1] + b.bbox[3]) / 2 - (a.bbox[1] + a.bbox[3]) / 2) / dx)
    if len(slopes) < 5:
        return 0.0
    return max(-0.05, min(0.05, median(slopes)))


def build_layout(page: PageText) -> Layout:
    """Group a page's words into rows and segments."""
    words = [w for w in page.words if w.text.strip()]
    slope = skew_slope(words)

    def level(word: Word) -> float:
        """The word's vertical centre with the page's skew taken out."""
        return (word.bbox[1] + word.bbox[3]) / 2 - slope * (word.bbox[0] + word.bbox[2]) / 2

    words.sort(key=lambda w: (level(w), w.bbox[0]))
    rows: list[list[Word]] = []
    for word in words:
        centre = level(word)
        height = max(word.bbox[3] - word.bbox[1], 1.0)
        if rows:
            last = rows[-1]
            row_centre = median(level(w) for w in last)
            row_height = median(w.bbox[3] - w.bbox[1] for w in last)
            if abs(centre - row_centre) < 0.45 * min(height, max(row_height, 1.0)):
                last.append(word)
                continue
        rows.append([word])
    segments: list[Segment] = []
    for number, row in enumerate(rows):
        row.sort(key=lambda w: w.bbox[0])
        height = median(w.bbox[3] - w.bbox[1] for w in row)
        current: list[Word] = [row[0]]
        for word in row[1:]:
            if word.bbox[0] - current[-1].bbox[2] > _COLUMN_GAP * height:
                segments.append(Segment(page.number, number, tuple(current)))
                current = []
            current.append(word)
        segments.append(Segment(page.number, number, tuple(current)))
    return Layout(page.number, page.width, page.height, tuple(segments))
