"""Party blocks announced by a label: "Verkäufer", "Bill to", "Factuuradres", "Lieferanschrift" …

In: a page's :class:`Layout`. Out: :class:`Section` s — the label's role (``seller``, ``buyer``
or ``other`` for delivery addresses, payees and bank details), the block of rows under or
beside it, and the name and address read from it (``Name:``/``Anschrift:`` rows of e-invoice
viewers, or the first real name line and the address lines below it). Also the one-line
buyer ``Aan: Bakkerij X, Dorpsstraat 12, 3511 AB Utrecht``. Pure; nothing raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from boekstuk.domain.extraction import BBox
from boekstuk.domain.names import LineKind, clean_name, line_kind
from boekstuk.pipeline.entities import labels as L
from boekstuk.pipeline.entities.blocks import address_text
from boekstuk.pipeline.entities.layout import Layout, Segment, box_of
from boekstuk.pipeline.entities.rules import Candidate


@dataclass(frozen=True, slots=True)
class Section:
    """A labelled party block."""

    role: str  # "seller", "buyer" or "other"
    page: int
    label: Segment
    rows: tuple[Segment, ...]
    name: Candidate | None
    address: Candidate | None
    region: BBox


def is_section(segment: Segment, pattern: re.Pattern[str]) -> bool:
    """True when the segment is just a section label of ``pattern`` ("Rechnungsempfänger:")."""
    text = segment.text.strip().rstrip(":").strip()
    if len(text) > 40:
        return False
    return any(pattern.fullmatch(part.strip()) for part in re.split(r"[/|,]", text) if part.strip())


def is_any_section(segment: Segment) -> bool:
    """True for a label of any party section."""
    return any(is_section(segment, p) for p in (L.SELLER_SECTION, L.BUYER_SECTION, L.OTHER_SECTION))


def find_sections(layout: Layout) -> list[Section]:
    """Every labelled party block of the page, in reading order."""
    found: list[Section] = []
    for segment in layout.segments:
        for role, pattern in (
            ("other", L.OTHER_SECTION),
            ("buyer", L.BUYER_SECTION),
            ("seller", L.SELLER_SECTION),
        ):
            if not is_section(segment, pattern):
                continue
            block = column_below(layout, segment)
            if block:
                name, address = block_party(layout, block)
                found.append(
                    Section(
                        role,
                        layout.page,
                        segment,
                        tuple(block),
                        name,
                        address,
                        _region(layout, block),
                    )
                )
            break
    return found


def column_below(layout: Layout, label: Segment, max_rows: int = 9) -> list[Segment]:
    """The segments under ``label`` in its column, while the rows stay close together."""
    x0, x1 = label.bbox[0], label.bbox[2]
    # OCR boxes hug the ink, text-layer boxes span the font's ascent and descent: the same
    # gap between rows is more box heights on a scan (an OCR'd word is never 100 % sure)
    gap = 3.2 if label.confidence < 1.0 else 2.6
    out: list[Segment] = []
    last_bottom = label.bbox[3]
    for row in layout.rows():
        if row[0].row <= label.row:
            continue
        # left-aligned under the label, or right-aligned with it (letterheads on the right)
        column = [s for s in row if x0 - 15 <= s.bbox[0] <= x0 + 45 or abs(s.bbox[2] - x1) <= 4]
        if not column:
            if row[0].bbox[1] - last_bottom > gap * label.height:
                break
            continue
        segment = column[0]
        if segment.bbox[1] - last_bottom > gap * max(label.height, segment.height):
            break
        if is_any_section(segment):
            break
        out.append(segment)
        last_bottom = segment.bbox[3]
        if len(out) >= max_rows:
            break
    return out


def block_party(layout: Layout, block: list[Segment]) -> tuple[Candidate | None, Candidate | None]:
    """Name and address from a block: labelled ``Name:`` / ``Anschrift:`` rows or the first lines."""
    name: Candidate | None = None
    address_parts: list[Segment] = []
    labelled = False
    for segment in block:
        if L.NAME_LABEL.match(segment.text):
            labelled = True
            value = _labelled_value(layout, segment, L.NAME_LABEL)
            if value is not None and name is None:
                name = Candidate(clean_name(value.text), 0.9, layout.page, value.bbox, value.row)
        elif L.ADDRESS_LABEL.match(segment.text):
            labelled = True
            value = _labelled_value(layout, segment, L.ADDRESS_LABEL)
            if value is not None:
                address_parts = [value]
                for below in layout.below(value, max_rows=3)[:3]:
                    if below.bbox[0] >= value.bbox[0] - 5 and not re.search(r":\s*$", below.text):
                        address_parts.append(below)
                        if L.POSTCODE_CITY.search(below.text):
                            break
                    else:
                        break
    if not labelled:
        kinds = [LineKind.LABEL if _value_on_right(layout, s) else line_kind(s.text) for s in block]
        first = next(
            (i for i, k in enumerate(kinds) if k is LineKind.NAME),
            None,
        )
        if first is not None and all(
            k in (LineKind.SALUTATION, LineKind.NOTICE, LineKind.LABEL) for k in kinds[:first]
        ):
            segment = block[first]
            name = Candidate(clean_name(segment.text), 0.8, layout.page, segment.bbox, segment.row)
            for below, kind in zip(
                block[first + 1 : first + 7], kinds[first + 1 : first + 7], strict=False
            ):
                if kind in (
                    LineKind.STREET,
                    LineKind.POBOX,
                    LineKind.POSTCODE_CITY,
                    LineKind.COUNTRY,
                ):
                    address_parts.append(below)
                elif address_parts or kind not in (
                    LineKind.ATTENTION,
                    LineKind.SALUTATION,
                    LineKind.NAME,
                ):
                    break
    address = None
    if address_parts:
        text = address_text([s.text for s in address_parts])
        bbox = box_of([w for s in address_parts for w in s.words])
        address = Candidate(text, 0.6, layout.page, bbox, address_parts[0].row)
    return name, address


def _value_on_right(layout: Layout, segment: Segment) -> bool:
    """A label whose value stands in the next column (``Nummer | : 549910``)."""
    right = layout.right_of(segment)
    return right is not None and right.text.lstrip().startswith(":")


def _labelled_value(layout: Layout, segment: Segment, label: re.Pattern[str]) -> Segment | None:
    match = label.match(segment.text)
    if match and segment.text[match.end() :].strip():
        words = segment.words_after(match.end() + 1)
        return Segment(segment.page, segment.row, words) if words else None
    return layout.right_of(segment)


def _region(layout: Layout, block: list[Segment]) -> BBox:
    """The block's region; a block of ``Label: value`` rows spans to the values on the right."""
    x0, y0, x1, y1 = box_of([w for s in block for w in s.words])
    if any(re.search(r":\s*$", s.text) for s in block):
        x1 = layout.width
    return (x0, y0, x1, y1)


_INLINE_BUYER = re.compile(
    r"^(?:aan|to|an|à|bill\s*to|billed\s*to|invoice\s*to|sold\s*to|factuuradres|klant|kunde"
    r"|client|customer|rechnungsempf[äa]nger|factur[ée]\s*[àa])\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)


def inline_buyer(layout: Layout) -> tuple[Candidate, Candidate | None, BBox] | None:
    """``Aan: Bakkerij X, Dorpsstraat 12, 3511 AB Utrecht`` on one line."""
    for segment in layout.segments:
        match = _INLINE_BUYER.match(segment.text)
        if match is None or len(re.findall(r"[^\W\d_]", match.group("value"))) < 3:
            continue
        parts = [p.strip() for p in match.group("value").split(",")]
        if line_kind(parts[0]) is not LineKind.NAME:
            continue
        start = match.start("value")
        name_box = segment.span_box(start, start + len(parts[0]))
        name = Candidate(clean_name(parts[0]), 0.8, layout.page, name_box, segment.row)
        address = None
        if len(parts) > 1:
            offset = start + len(parts[0]) + 1
            address = Candidate(
                ", ".join(parts[1:]), 0.6, layout.page, segment.span_box(offset, len(segment.text))
            )
        return name, address, segment.bbox
    return None
