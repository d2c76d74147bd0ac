"""Seller and buyer: names and addresses from section labels, letterhead and address window.

In: the pages' :class:`Layout` s. Out: a :class:`Parties` with each party's name and address
(as :class:`Candidate` s) and the page regions their blocks cover, so identifiers found in a
region can be given to that party. Cues in order: section labels ("Verkäufer", "Bill to",
"Factuuradres", "Fournisseur" …), then the address window (left, upper third: the buyer in
DIN 5008 / NEN letters), then the letterhead (a legal form such as GmbH or B.V. near the top,
or the largest text). Nothing raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from boekstuk.domain.extraction import BBox
from boekstuk.pipeline.entities import labels as L
from boekstuk.pipeline.entities.layout import Layout, Segment, box_of
from boekstuk.pipeline.entities.rules import Candidate


@dataclass(frozen=True, slots=True)
class Block:
    """A party's block of rows: its lines and the region they cover."""

    page: int
    segments: tuple[Segment, ...]
    score: float

    @property
    def bbox(self) -> BBox:
        """The region of the block."""
        return box_of([w for s in self.segments for w in s.words])


@dataclass(frozen=True, slots=True)
class Parties:
    """What the layout says about the two parties."""

    seller_name: Candidate | None = None
    seller_address: Candidate | None = None
    buyer_name: Candidate | None = None
    buyer_address: Candidate | None = None
    buyer_regions: tuple[tuple[int, BBox], ...] = field(default=())
    other_regions: tuple[tuple[int, BBox], ...] = field(default=())


def _is_section(segment: Segment, pattern: re.Pattern[str]) -> bool:
    text = segment.text.strip().rstrip(":").strip()
    if len(text) > 40:
        return False
    return any(pattern.fullmatch(part.strip()) for part in re.split(r"[/|,]", text) if part.strip())


def _is_any_section(segment: Segment) -> bool:
    return any(
        _is_section(segment, p) for p in (L.SELLER_SECTION, L.BUYER_SECTION, L.OTHER_SECTION)
    )


def _column_below(layout: Layout, label: Segment, max_rows: int = 9) -> list[Segment]:
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
        if _is_any_section(segment):
            break
        out.append(segment)
        last_bottom = segment.bbox[3]
        if len(out) >= max_rows:
            break
    return out


def _block_party(layout: Layout, block: list[Segment]) -> tuple[Candidate | None, Candidate | None]:
    """Name and address from a block: labelled ``Name:`` / ``Anschrift:`` rows or the first lines."""
    name: Candidate | None = None
    address_parts: list[Segment] = []
    labelled = False
    for _index, segment in enumerate(block):
        if L.NAME_LABEL.match(segment.text):
            labelled = True
            value = _labelled_value(layout, segment, L.NAME_LABEL)
            if value is not None and name is None:
                name = Candidate(value.text, 0.9, layout.page, value.bbox, value.row)
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
        lines = [s for s in block if not _is_noise(s.text)]
        if lines:
            first = lines[0]
            name = Candidate(first.text, 0.75, layout.page, first.bbox, first.row)
            for segment in lines[1:5]:
                address_parts.append(segment)
                if L.POSTCODE_CITY.search(segment.text):
                    break
    address = None
    if address_parts:
        text = _address_text([s.text for s in address_parts])
        bbox = box_of([w for s in address_parts for w in s.words])
        address = Candidate(text, 0.6, layout.page, bbox, address_parts[0].row)
    return name, address


_COUNTRY_POSTCODE = re.compile(r"^([A-Z]{2})[- ](\d{4,5}\s.+|[A-Z0-9]{2,4}\s[A-Z0-9]{3}\s.+)$")


def _address_text(lines: list[str]) -> str:
    """Address lines joined by commas; "DE 12345 Berlin" becomes "12345 Berlin, DE".

    >>> _address_text(["Musterstr. 18", "DE 76138 Karlsruhe"])
    'Musterstr. 18, 76138 Karlsruhe, DE'
    """
    country = None
    out = []
    for line in lines:
        match = _COUNTRY_POSTCODE.match(line.strip())
        if match:
            country = match.group(1)
            line = match.group(2)
        out.append(line.strip())
    return ", ".join(out + ([country] if country else []))


def _labelled_value(layout: Layout, segment: Segment, label: re.Pattern[str]) -> Segment | None:
    match = label.match(segment.text)
    if match and segment.text[match.end() :].strip():
        words = segment.words_after(match.end() + 1)
        return Segment(segment.page, segment.row, words) if words else None
    return layout.right_of(segment)


_NOISE = re.compile(
    r"^(?:nummer|number|nr|gln|globale|kundennummer|customer|ust|vat|btw|tel|phone|fax|e-?mail"
    r"|www|http|iban|bic|page|seite|herrn?|frau|mr|mrs|ms|m\.|mme|attn|z\.\s?hd|logo)\b"
    r"|^[\d\s:./-]+$",
    re.IGNORECASE,
)


_SALUTATION = re.compile(
    r"^(?:herrn?|frau|mr|mrs|ms|m\.|mme|madame|monsieur|dhr\.?|mevr\.?)\b", re.I
)


def _is_noise(text: str) -> bool:
    return bool(_NOISE.search(text.strip())) or len(text.strip()) < 2


def find_parties(layouts: list[Layout]) -> Parties:
    """Seller and buyer names and addresses, with the buyer's regions."""
    if not layouts:
        return Parties()
    seller_blocks: list[tuple[Layout, list[Segment]]] = []
    buyer_blocks: list[tuple[Layout, list[Segment]]] = []
    other_regions: list[tuple[int, BBox]] = []
    for layout in layouts[:2]:
        for segment in layout.segments:
            if _is_section(segment, L.OTHER_SECTION):
                block = _column_below(layout, segment)
                if block:
                    other_regions.append((layout.page, box_of([w for s in block for w in s.words])))
            elif _is_section(segment, L.BUYER_SECTION):
                block = _column_below(layout, segment)
                if block:
                    buyer_blocks.append((layout, block))
            elif _is_section(segment, L.SELLER_SECTION):
                block = _column_below(layout, segment)
                if block:
                    seller_blocks.append((layout, block))
    seller_name = seller_address = buyer_name = buyer_address = None
    regions: list[tuple[int, BBox]] = []
    if buyer_blocks:
        layout, block = buyer_blocks[0]
        buyer_name, buyer_address = _block_party(layout, block)
        regions.append((layout.page, _region(layout, block)))
    if seller_blocks:
        layout, block = seller_blocks[0]
        seller_name, seller_address = _block_party(layout, block)
    first = layouts[0]
    if buyer_name is None:
        inline = _inline_buyer(first)
        if inline is not None:
            buyer_name, buyer_address, region = inline
            regions.append((first.page, region))
    if buyer_name is None:
        window = _address_window(first, regions + other_regions)
        if window:
            buyer_name, buyer_address = _block_party(first, window)
            if buyer_name is not None:
                buyer_name = Candidate(buyer_name.value, 0.6, first.page, buyer_name.bbox)
            regions.append((first.page, box_of([w for s in window for w in s.words])))
    if seller_name is None:
        seller_name, seller_address = _letterhead(first, regions + other_regions)
    return Parties(
        seller_name=seller_name,
        seller_address=seller_address,
        buyer_name=buyer_name,
        buyer_address=buyer_address,
        buyer_regions=tuple(regions),
        other_regions=tuple(other_regions),
    )


def _region(layout: Layout, block: list[Segment]) -> BBox:
    """The block's region; a block of ``Label: value`` rows spans to the values on the right."""
    x0, y0, x1, y1 = box_of([w for s in block for w in s.words])
    if any(re.search(r":\s*$", s.text) for s in block):
        x1 = layout.width
    return (x0, y0, x1, y1)


def inside(regions: tuple[tuple[int, BBox], ...], page: int, bbox: BBox) -> bool:
    """True when the box's centre lies in one of the regions (with a small margin)."""
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return any(
        p == page and r[0] - 5 <= cx <= r[2] + 5 and r[1] - 5 <= cy <= r[3] + 5 for p, r in regions
    )


_INLINE_BUYER = re.compile(
    r"^(?:aan|to|an|à|bill\s*to|billed\s*to|invoice\s*to|sold\s*to|factuuradres|klant|kunde"
    r"|client|customer|rechnungsempf[äa]nger|factur[ée]\s*[àa])\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)


def _inline_buyer(layout: Layout) -> tuple[Candidate, Candidate | None, BBox] | None:
    """``Aan: Bakkerij X, Dorpsstraat 12, 3511 AB Utrecht`` on one line."""
    for segment in layout.segments:
        match = _INLINE_BUYER.match(segment.text)
        if match is None or len(re.findall(r"[^\W\d_]", match.group("value"))) < 3:
            continue
        parts = [p.strip() for p in match.group("value").split(",")]
        start = match.start("value")
        name_box = segment.span_box(start, start + len(parts[0]))
        name = Candidate(parts[0], 0.8, layout.page, name_box, segment.row)
        address = None
        if len(parts) > 1:
            offset = start + len(parts[0]) + 1
            address = Candidate(
                ", ".join(parts[1:]), 0.6, layout.page, segment.span_box(offset, len(segment.text))
            )
        return name, address, segment.bbox
    return None


def _address_window(layout: Layout, taken: list[tuple[int, BBox]]) -> list[Segment]:
    """A left-hand block of 2-6 rows in the upper part of page 1 ending in a postcode + city."""
    top_row = layout.segments[0].row if layout.segments else 0
    heights = sorted(s.height for s in layout.segments)
    body = heights[len(heights) // 2] if heights else 0.0
    # the left-hand window first; a right-hand block when the left one is taken
    ordered = sorted(layout.segments, key=lambda s: s.bbox[0] > 0.5 * layout.width)
    for segment in ordered:
        if segment.bbox[1] > 0.4 * layout.height or _is_any_section(segment):
            continue
        if segment.row == top_row:
            continue  # the first text on the page is the letterhead, not the address window
        if segment.height < 0.8 * body or re.search(r"[●•·]", segment.text):
            continue  # the small return-address line above the window ("Firma ● Straße ● PLZ")
        if inside(tuple(taken), layout.page, segment.bbox) or _is_noise(segment.text):
            continue
        if L.DOC_TITLE.search(segment.text) or L.POSTCODE_CITY.search(segment.text):
            continue
        block = [segment, *_column_below(layout, segment, max_rows=5)]
        for end, item in enumerate(block[1:6], start=1):
            if L.POSTCODE_CITY.search(item.text) and end >= 1:
                if any(ch.isdigit() for ch in segment.text) and not L.has_legal_form(segment.text):
                    break
                # a salutation ("Herrn", "Frau", "Mr") opens the recipient: what is above is not
                start = next((i for i in range(1, end) if _SALUTATION.match(block[i].text)), 0)
                return block[start : end + 1]
    return []


def _address_of(layout: Layout, rows: list[Segment]) -> Candidate | None:
    """The rows under a letterhead name as one address."""
    if not rows:
        return None
    box = box_of([w for s in rows for w in s.words])
    return Candidate(", ".join(s.text for s in rows), 0.5, layout.page, box)


def _letterhead(
    layout: Layout, taken: list[tuple[int, BBox]]
) -> tuple[Candidate | None, Candidate | None]:
    """The seller from the top of page 1: a legal form, else the largest text, else a right block."""
    free = [
        s
        for s in layout.segments
        if not inside(tuple(taken), layout.page, s.bbox)
        and not L.DOC_TITLE.search(s.text)
        and not _is_noise(s.text)
        and not _is_any_section(s)
        and not re.search(r":\s*$|^[^\d:]{2,30}:\s", s.text)  # "Label:" rows are not names
    ]
    legal = [s for s in free if L.has_legal_form(s.text) and len(s.text) < 80]
    if legal:
        top = legal[0]
        name = re.split(r"\s+[-–·|]\s+", top.text)[0]
        above = layout.above(top)
        if (  # a name wrapped over two lines: "MVM Musterhafter" / "Versicherungsverein a.G."
            name == top.text
            and above
            and above[0] in free
            and abs(above[0].bbox[0] - top.bbox[0]) <= 5
            and top.bbox[1] - above[0].bbox[3] <= 0.8 * top.height
            and not re.search(r"\d|:", above[0].text)
        ):
            box = box_of([*above[0].words, *top.words])
            merged = Candidate(f"{above[0].text} {name}", 0.7, layout.page, box, above[0].row)
            rest = [s for s in layout.below(top, max_rows=2)[:3] if s in free]
            return merged, _address_of(layout, rest)
        rest = [s for s in layout.below(top, max_rows=2)[:3] if s in free]
        name_box = top.span_box(0, len(name))
        return Candidate(name, 0.7, layout.page, name_box, top.row), _address_of(layout, rest)
    upper = [
        s for s in free if s.bbox[1] < 0.3 * layout.height and re.search(r"[A-Za-z]{3}", s.text)
    ]
    if not upper:
        return None, None
    # a right-hand block with a postcode line is a typical letterhead
    for segment in upper:
        if segment.bbox[0] > 0.5 * layout.width:
            block = [segment, *_column_below(layout, segment, max_rows=4)]
            if any(L.POSTCODE_CITY.search(s.text) for s in block[1:]):
                return Candidate(segment.text, 0.55, layout.page, segment.bbox, segment.row), None
    biggest = max(upper, key=lambda s: (round(s.height), -s.bbox[1]))
    return Candidate(biggest.text, 0.4, layout.page, biggest.bbox, biggest.row), None
