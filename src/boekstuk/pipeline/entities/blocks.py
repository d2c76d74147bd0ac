"""Party blocks found by their structure: a name line over address lines, wherever they stand.

In: a page's :class:`Layout`. Out: :class:`Block` s of two shapes —

* **column blocks**: rows stacked closely and aligned left, right or centred (a letterhead, an
  address window, a side column, a footer column), and
* **party lines**: one row cut into parts by separators (a footer ``Name | street | 1234 AB
  City | KvK … | BTW …``, a DIN 5008 sender line ``Firma GmbH · Straße 1 · 12345 Ort`` above
  the window),

each with its name (the first line that is a real name: attention lines, salutations, labels and
notices are skipped), its address lines and the facts :mod:`.parties` weighs to decide who is
the seller, the buyer and us. Pure; nothing raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from boekstuk.domain.extraction import BBox
from boekstuk.domain.names import LineKind, clean_name, line_kind
from boekstuk.pipeline.entities.layout import Layout, Segment, box_of
from boekstuk.pipeline.entities.rules import Candidate

_ADDRESS_KINDS = (LineKind.STREET, LineKind.POBOX, LineKind.POSTCODE_CITY, LineKind.COUNTRY)
# lines a party block goes on with after its name
_PARTY_KINDS = (
    *_ADDRESS_KINDS,
    LineKind.NAME,
    LineKind.ATTENTION,
    LineKind.SALUTATION,
    LineKind.CONTACT,
    LineKind.IDENTIFIER,
)
# what separates the parts of a one-line address; OCR reads a "·" as "«", "*", "+" or "~"
_SEPARATORS = re.compile(r"\s*[|·•∙●▪♦◆]\s*|\s+[–—\-«»*+~]\s+|\s*;\s+|\s{3,}")


@dataclass(frozen=True, slots=True)
class Block:
    """A run of lines that may be a party: where it stands and what its lines are."""

    page: int
    shape: str  # "column" or "line"
    segments: tuple[Segment, ...]
    parts: tuple[str, ...]  # the lines (column) or the separated parts (line)
    kinds: tuple[LineKind, ...]
    name: Candidate | None
    address: Candidate | None
    region: BBox
    name_height: float = 0.0
    name_confidence: float = 1.0  # the text stage's lowest word confidence in the name
    label: str | None = None  # a label row opening the block ("Factuuradres:")
    notes: tuple[str, ...] = field(default=())

    def has(self, kind: LineKind) -> bool:
        """True when one of the block's lines is of ``kind``."""
        return kind in self.kinds

    @property
    def is_address(self) -> bool:
        """A name with a postal address (postcode + city, or a street)."""
        return self.name is not None and (
            self.has(LineKind.POSTCODE_CITY)
            or self.has(LineKind.POBOX)
            or self.has(LineKind.STREET)
        )

    @property
    def top(self) -> float:
        """The block's upper edge."""
        return self.region[1]


def find_blocks(layout: Layout) -> list[Block]:
    """Every column block and party line of the page that names someone."""
    blocks = [b for run in _joined(column_runs(layout)) if (b := _column_block(run, layout))]
    for row in layout.rows():
        found = [line for s in row if (line := _party_line(layout, s)) is not None]
        if not found and len(row) > 1:  # a footer line OCR cut into pieces
            joined = Segment(row[0].page, row[0].row, tuple(w for s in row for w in s.words))
            found = [line] if (line := _party_line(layout, joined)) is not None else []
        blocks.extend(found)
    return blocks


def column_runs(layout: Layout) -> list[list[Segment]]:
    """Segments stacked in columns: each run's rows are close and aligned (left, right, centre)."""
    body = median(s.height for s in layout.segments) if layout.segments else 0.0
    # specks a scan reads as ":" or "_" would cut a block in two
    order = sorted(
        (s for s in layout.segments if s.height >= 0.3 * body and any(c.isalnum() for c in s.text)),
        key=lambda s: (s.bbox[1], s.bbox[0]),
    )
    taken = [False] * len(order)
    runs: list[list[Segment]] = []
    for i, first in enumerate(order):
        if taken[i]:
            continue
        taken[i] = True
        run = [first]
        j = i
        while True:
            found = _next_in_column(order, taken, j, run)
            if found is None:
                break
            taken[found] = True
            run.append(order[found])
            j = found
        runs.append(run)
    return runs


def _next_in_column(
    order: list[Segment], taken: list[bool], start: int, run: list[Segment]
) -> int | None:
    last = run[-1]
    x0, _, x1, bottom = last.bbox
    first_x0, first_x1 = run[0].bbox[0], run[0].bbox[2]
    height = median(s.height for s in run[1:]) if len(run) > 1 else last.height
    best: int | None = None
    for k in range(start + 1, len(order)):
        candidate = order[k]
        top = candidate.bbox[1]
        if top - bottom > 0.75 * max(height, candidate.height) + 0.5:
            break
        if taken[k] or top < last.bbox[1] + 0.5 * min(last.height, candidate.height):
            continue
        # OCR boxes wander a few points with skew and ink: a wider margin on scans
        tolerance = max(4.0, (0.5 if candidate.confidence >= 1.0 else 0.8) * candidate.height)
        aligned = (
            abs(candidate.bbox[0] - first_x0) <= tolerance
            or abs(candidate.bbox[0] - x0) <= tolerance
            or abs(candidate.bbox[2] - first_x1) <= tolerance
            or abs(candidate.bbox[2] - x1) <= tolerance
            or abs((candidate.bbox[0] + candidate.bbox[2]) - (x0 + x1)) <= 2 * tolerance
        )
        if not aligned:
            continue
        ratio = candidate.height / max(height, 1.0)
        if len(run) > 1 and not 0.6 <= ratio <= 1.7:
            continue
        if best is None or top < order[best].bbox[1]:
            best = k
    return best


def _joined(runs: list[list[Segment]]) -> list[list[Segment]]:
    """A name run joined to the address run below it (windows set with wide line spacing).

    A blank line separates blocks, but some address windows are printed double-spaced: a run of
    name lines without an address, directly over an aligned run that starts with a street or
    postcode, is one block.
    """
    by_top = sorted(runs, key=lambda r: r[0].bbox[1])
    joined: list[list[Segment]] = []
    absorbed: set[int] = set()
    for run in by_top:
        if id(run[0]) in absorbed:
            continue
        while len(run) <= 3 and all(line_kind(s.text) not in _ADDRESS_KINDS for s in run):
            below = _address_run_below(run[-1], by_top)
            if below is None or id(below[0]) in absorbed:
                break
            absorbed.add(id(below[0]))
            run = run + below
        joined.append(run)
    return joined


def _address_run_below(last: Segment, runs: list[list[Segment]]) -> list[Segment] | None:
    for run in runs:
        first = run[0]
        gap = first.bbox[1] - last.bbox[3]
        if gap <= 0 or gap > 1.6 * max(first.height, last.height):
            continue
        slack = 0.5 if first.confidence >= 1.0 else 0.8
        if abs(first.bbox[0] - last.bbox[0]) > max(4.0, slack * max(first.height, last.height)):
            continue
        kinds = [line_kind(s.text) for s in run[:2]]
        if kinds[0] in (LineKind.STREET, LineKind.POBOX, LineKind.POSTCODE_CITY) or (
            kinds[0] is LineKind.ATTENTION and len(kinds) > 1 and kinds[1] in _ADDRESS_KINDS
        ):
            return run
    return None


def _column_block(run: list[Segment], layout: Layout) -> Block | None:
    texts = [s.text for s in run]
    kinds = [line_kind(t) for t in texts]
    label = None
    start = 0
    if kinds and kinds[0] is LineKind.LABEL and len(run) > 1:
        label, start = texts[0], 1
    name_index = _name_index(kinds, start)
    if name_index is None:
        return None
    name_segment = run[name_index]
    if _party_line(layout, name_segment) is not None:
        return None  # "Firma GmbH · Straße 1 · 12345 Ort": read as a party line, not a name
    name_text = clean_name(name_segment.text)
    name_box = name_segment.bbox
    following = name_index + 1
    if _wrapped(run, kinds, name_index):  # "MVM Musterhafter" / "Versicherungsverein a.G."
        name_text = f"{name_text} {clean_name(run[following].text)}"
        name_box = box_of([*name_segment.words, *run[following].words])
        following += 1
    # the block ends at the first line that is no part of a party: a title, a label, a sentence
    end = next(
        (
            i
            for i in range(following, len(run))
            if kinds[i] not in _PARTY_KINDS or (kinds[i] is LineKind.NAME and i > following + 1)
        ),
        len(run),
    )
    run, kinds = run[:end], kinds[:end]
    address_rows = []
    for segment, kind in zip(run[following:], kinds[following:], strict=True):
        if kind in _ADDRESS_KINDS:
            address_rows.append(segment)
        elif address_rows and kind in (LineKind.CONTACT, LineKind.IDENTIFIER, LineKind.OTHER):
            break
    name = Candidate(name_text, 0.7, layout.page, name_box, name_segment.row)
    address = None
    if address_rows:
        box = box_of([w for s in address_rows for w in s.words])
        text = address_text([s.text for s in address_rows])
        address = Candidate(text, 0.6, layout.page, box, address_rows[0].row)
    return Block(
        page=layout.page,
        shape="column",
        segments=tuple(run),
        parts=tuple(texts[: len(run)]),
        kinds=tuple(kinds),
        name=name,
        address=address,
        region=box_of([w for s in run for w in s.words]),
        name_height=name_segment.height,
        name_confidence=name_segment.confidence,
        label=label,
    )


def _name_index(kinds: list[LineKind], start: int) -> int | None:
    """The first name line, looking past salutations, notices and labels (not past an address)."""
    for index in range(start, min(len(kinds), start + 4)):
        kind = kinds[index]
        if kind is LineKind.NAME:
            return index
        if kind not in (LineKind.SALUTATION, LineKind.NOTICE, LineKind.LABEL, LineKind.CONTACT):
            return None
    return None


_LEGAL_END = re.compile(
    r"(?:b\.?\s?v\.?|n\.?\s?v\.?|v\.?o\.?f\.?|gmbh|ag|kg|a\.\s?g\.|ltd\.?|inc\.?|sarl|sas|s\.a\.)$",
    re.IGNORECASE,
)


def _wrapped(run: list[Segment], kinds: list[LineKind], index: int) -> bool:
    """A company name over two lines: the second is a name ending in a legal form, the first not."""
    if index + 1 >= len(run) or kinds[index + 1] is not LineKind.NAME:
        return False
    first, second = run[index], run[index + 1]
    return (
        not _LEGAL_END.search(first.text)
        and bool(_LEGAL_END.search(second.text))
        and abs(first.height - second.height) <= 0.2 * first.height
        and abs(first.bbox[0] - second.bbox[0]) <= 5
    )


def _party_line(layout: Layout, segment: Segment) -> Block | None:
    """A one-row party: ``Name | street | postcode city | identifiers`` (footer, sender line)."""
    text = segment.text
    parts = [p for p in _SEPARATORS.split(text) if p.strip()]
    if len(parts) < 3:
        parts = [p for p in re.split(r",\s+", text) if p.strip()]
        if len(parts) < 3:
            return None
    kinds = [line_kind(p) for p in parts]
    if kinds[0] is not LineKind.NAME:
        return None
    placed = any(k in (LineKind.POSTCODE_CITY, LineKind.STREET, LineKind.POBOX) for k in kinds)
    identified = sum(k is LineKind.IDENTIFIER for k in kinds)
    if not placed and identified < 2:
        return None
    start = text.find(parts[0].strip())
    name_text = clean_name(parts[0])
    name = Candidate(
        name_text,
        0.7,
        layout.page,
        segment.span_box(start, start + len(parts[0].strip())),
        segment.row,
    )
    address_parts = [p.strip() for p, k in zip(parts, kinds, strict=True) if k in _ADDRESS_KINDS]
    address = None
    if address_parts:
        first = text.find(address_parts[0])
        last = text.find(address_parts[-1]) + len(address_parts[-1])
        box = segment.span_box(first, last)
        address = Candidate(address_text(address_parts), 0.6, layout.page, box, segment.row)
    return Block(
        page=layout.page,
        shape="line",
        segments=(segment,),
        parts=tuple(p.strip() for p in parts),
        kinds=tuple(kinds),
        name=name,
        address=address,
        region=segment.bbox,
        name_height=segment.height,
        name_confidence=segment.span_confidence(start, start + len(parts[0].strip())),
    )


_COUNTRY_POSTCODE = re.compile(r"^([A-Z]{2})[- ](\d{4,5}\s.+|[A-Z0-9]{2,4}\s[A-Z0-9]{3}\s.+)$")


def address_text(lines: list[str]) -> str:
    """Address lines joined by commas; "DE 12345 Berlin" becomes "12345 Berlin, DE".

    >>> address_text(["Musterstr. 18", "DE 76138 Karlsruhe"])
    'Musterstr. 18, 76138 Karlsruhe, DE'
    """
    country = None
    out = []
    for line in lines:
        match = _COUNTRY_POSTCODE.match(line.strip())
        if match:
            country = match.group(1)
            line = match.group(2)
        out.append(" ".join(line.split()))
    return ", ".join(out + ([country] if country else []))
