"""Seller and buyer: which party block is which, and which one is us.

In: the pages' :class:`Layout` s, the identifiers found on them (:class:`~.ids.Found`) and an
optional :class:`WorkspaceProfile`. Out: :class:`Parties` — each side's name and address (as
:class:`Candidate` s), the regions their blocks cover (so identifiers standing in a block go to
that party), which side is us, how sure we are of the counterparty and why.

Candidates come from three places: labelled sections ("Verkäufer", "Bill to", "Factuuradres"
…), blocks found by their structure anywhere on the page (:mod:`.blocks`: address windows left
or right, letterheads, side columns, footer lines, DIN 5008 sender lines) and, when nothing
else names the seller, the letterhead's largest text. Each candidate collects evidence for being
the seller (a seller label, a footer or sender line, bank details, contact lines, standing on top
in the largest type, being named as the payee) or the buyer (a buyer label, an attention line
or salutation, the address window, a "your VAT number" cue). The pair (seller, buyer) with the
most evidence wins; with a workspace profile the pair must contain us — the candidate whose VAT
number, IBAN or legal name is ours, wherever it is printed — and the other one is the
counterparty. Nothing raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import permutations
from statistics import median

from boekstuk.domain.extraction import BBox
from boekstuk.domain.fields import WorkspaceProfile
from boekstuk.domain.names import LineKind, is_real_name, normalise_name
from boekstuk.pipeline.entities import labels as L
from boekstuk.pipeline.entities.blocks import Block, find_blocks
from boekstuk.pipeline.entities.ids import Found, is_ours
from boekstuk.pipeline.entities.layout import Layout, inside
from boekstuk.pipeline.entities.rules import Candidate
from boekstuk.pipeline.entities.sections import Section, find_sections, inline_buyer, is_any_section


@dataclass(frozen=True, slots=True)
class Parties:
    """What the layout says about the two parties."""

    seller_name: Candidate | None = None
    seller_address: Candidate | None = None
    buyer_name: Candidate | None = None
    buyer_address: Candidate | None = None
    seller_regions: tuple[tuple[int, BBox], ...] = field(default=())
    buyer_regions: tuple[tuple[int, BBox], ...] = field(default=())
    other_regions: tuple[tuple[int, BBox], ...] = field(default=())
    our_party: str | None = None  # "seller" or "buyer" when the profile found us
    # why the sides were chosen, and what a person should check
    notes: tuple[str, ...] = field(default=())
    uncertain: tuple[str, ...] = field(default=())


@dataclass
class _Side:
    """One party candidate and its evidence."""

    name: Candidate
    address: Candidate | None
    regions: list[tuple[int, BBox]]
    source: str
    seller: float = 0.0
    buyer: float = 0.0
    ours: bool = False
    addressee: bool = False  # an attention line or salutation: the letter is addressed to it
    name_read: float = 1.0  # how sure the text stage was of the name's words (1 on text layers)
    why: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return normalise_name(self.name.value)

    def add(self, seller: float, buyer: float, why: str) -> None:
        self.seller += seller
        self.buyer += buyer
        self.why.append(why)


_PAYEE = re.compile(
    r"(?:t\.?\s?n\.?\s?v\.?|ten\s+name\s+van|payable\s+to|in\s+favou?r\s+of|beneficiary|kontoinhaber"
    r"|zugunsten(?:\s+von)?|empf[äa]nger|à\s+l'ordre\s+de|b[ée]n[ée]ficiaire|titulaire)\s*:?\s*"
    r"(?P<name>[^\W\d][^,;|]{2,60})",
    re.IGNORECASE,
)
_BUYER_ID_CUE = re.compile(
    r"\b(?:uw|your|ihre?|votre|customer|kunden?|client|klant|afnemer)\b", re.IGNORECASE
)


def find_parties(
    layouts: list[Layout],
    found: list[Found] | None = None,
    profile: WorkspaceProfile | None = None,
) -> Parties:
    """Seller and buyer names and addresses, their regions and which one is us."""
    if not layouts:
        return Parties()
    found = found or []
    first = layouts[0]
    sections = [s for layout in layouts[:2] for s in find_sections(layout)]
    other_regions = tuple((s.page, s.region) for s in sections if s.role == "other")
    sides: list[_Side] = [_from_section(s) for s in sections if s.role != "other" and s.name]
    inline = inline_buyer(first)
    if inline is not None and not any(s.source == "section:buyer" for s in sides):
        name, address, region = inline
        side = _Side(name, address, [(first.page, region)], "inline")
        side.add(0, 5, "named after 'To:'")
        sides.append(side)
    pages = {first.page: first, layouts[-1].page: layouts[-1]}
    for layout in pages.values():
        blocks = find_blocks(layout)
        head = _head(blocks, layout) if layout is first else None
        for block in blocks:
            _add_block(sides, block, layout, other_regions, head=head)
    _weigh_position(sides, first)
    _weigh_payee(sides, layouts)
    _weigh_domains(sides, layouts)
    _attach_ids(sides, found, profile)
    if not any(side.seller > 0 for side in sides):
        letterhead = _letterhead(first, [r for s in sides for r in s.regions] + list(other_regions))
        if letterhead is not None:
            sides.append(letterhead)
    if profile is not None:
        for side in sides:
            if profile.is_ours_name(side.name.value):
                side.ours = True
                side.why.append("our legal name")
    sides = _merge_same(sides)
    if profile is not None and not any(side.ours for side in sides):
        unplaced = _us_unplaced(found, profile)
        if unplaced is not None:
            sides.append(unplaced)
    return _decide(sides, other_regions, profile)


def _from_section(section: Section) -> _Side:
    assert section.name is not None
    side = _Side(
        section.name, section.address, [(section.page, section.region)], f"section:{section.role}"
    )
    if section.role == "seller":
        side.add(6, -3, f"under the label {section.label.text!r}")
    else:
        side.add(-3, 6, f"under the label {section.label.text!r}")
    return side


def _add_block(
    sides: list[_Side],
    block: Block,
    layout: Layout,
    other: tuple[tuple[int, BBox], ...],
    *,
    head: Block | None = None,
) -> None:
    """A structural block as a candidate (unless a section already covers it)."""
    if block.name is None or not is_real_name(block.name.value):
        return
    # a company name heading page 1 needs no address: the first name on the page with a legal
    # form, or a name in large type near the top
    heading = head is not None and (
        (block is head and L.has_legal_form(block.name.value))
        or (
            block.top < 0.25 * layout.height
            and block.segments[0].confidence >= 0.6
            and (len(block.name.value.split()) >= 2 or L.has_legal_form(block.name.value))
            # OCR boxes vary in height: a scan's large type must stand out more
            and block.name_height
            >= (1.3 if block.segments[0].confidence >= 1.0 else 1.6) * _body_height(layout)
        )
    )
    if block.shape == "column" and not block.is_address and not heading:
        return
    centre = block.name.bbox
    if inside(other, block.page, centre):
        return
    for side in sides:
        if any(inside(((p, r),), block.page, centre) for p, r in side.regions):
            return  # the labelled section already holds this block
    if block.label and is_any_section(block.segments[0]):
        return
    side = _Side(block.name, block.address, [(block.page, block.region)], block.shape)
    side.addressee = block.has(LineKind.ATTENTION) or block.has(LineKind.SALUTATION)
    side.name_read = block.name_confidence
    heading = heading and not side.addressee
    height = layout.height
    if block.shape == "line":
        side.add(4, 0, "one-line company details (footer or sender line)")
    elif block.top > 0.75 * height:
        side.add(3, 0, "an address block in the footer")
    if side.addressee:
        side.add(0, 3, "an attention line or salutation: the addressee")
    if block.has(LineKind.CONTACT):
        side.add(1.5, 0, "phone, e-mail or web lines")
    if heading:
        side.add(2, 0, "the company name heading the page")
    sides.append(side)


def _head(blocks: list[Block], layout: Layout) -> Block | None:
    """The first name on the page that was read well and is not in small print."""
    body = _body_height(layout)
    named = [
        b
        for b in blocks
        if b.name is not None
        and b.shape == "column"
        and is_real_name(b.name.value)
        and b.segments[0].confidence >= 0.6
        and b.name_height >= 0.8 * body
    ]
    return min(named, key=lambda b: b.top) if named else None


def _body_height(layout: Layout) -> float:
    """The usual text height on the page."""
    return median(s.height for s in layout.segments) if layout.segments else 0.0


def _weigh_position(sides: list[_Side], first: Layout) -> None:
    """On page 1: the top block in the largest type is the letterhead, a lower one the window."""
    placed = [s for s in sides if s.source in ("column",) and s.regions[0][0] == first.page]
    if not placed:
        return
    ordered = sorted(placed, key=lambda s: s.regions[0][1][1])
    top = ordered[0]
    alone = len(ordered) == 1 or ordered[1].regions[0][1][1] - top.regions[0][1][1] > 5
    heights = [s.name.bbox[3] - s.name.bbox[1] for s in placed]
    typical = median(heights)
    for side in placed:
        y0 = side.regions[0][1][1]
        if side is top and alone and y0 < 0.35 * first.height and not side.addressee:
            side.add(1.5, 0, "the first block on the page")
        elif 0.08 * first.height < y0 < 0.45 * first.height:
            side.add(0, 1.5, "in the address window")
        if side.name.bbox[3] - side.name.bbox[1] >= 1.25 * typical and len(placed) > 1:
            side.add(1.0, 0, "its name in the largest type")


def _weigh_payee(sides: list[_Side], layouts: list[Layout]) -> None:
    """Named as the account holder in the payment instruction ("t.n.v.", "payable to")."""
    for layout in layouts:
        for segment in layout.segments:
            for match in _PAYEE.finditer(segment.text):
                payee = normalise_name(match.group("name"))
                for side in sides:
                    if side.key and (side.key in payee or payee.startswith(side.key)):
                        side.add(3, 0, "named as the payee")


_DOMAIN = re.compile(
    r"[\w.+-]+@(?:[\w-]+\.)*?([\w-]{4,})\.[a-z]{2,6}\b|(?:www\.|https?://)([\w-]{4,})\.", re.I
)
_GENERIC_DOMAINS = {
    "gmail",
    "hotmail",
    "outlook",
    "yahoo",
    "localhost",
    "example",
    "mail",
    "info",
    "live",
    "icloud",
    "kpnmail",
    "ziggo",
    "t-online",
    "gmx",
    "web",
    "orange",
    "free",
}


def _weigh_domains(sides: list[_Side], layouts: list[Layout]) -> None:
    """A company whose name is the page's e-mail or web domain ("info@cronus.com") sent it."""
    domains: set[str] = set()
    for layout in layouts[:1] + layouts[-1:]:
        for segment in layout.segments:
            for match in _DOMAIN.finditer(segment.text):
                domain = (match.group(1) or match.group(2) or "").lower().replace("-", "")
                if domain and domain not in _GENERIC_DOMAINS:
                    domains.add(domain)
    if not domains:
        return
    for side in sides:
        squeezed = side.key.replace(" ", "")
        words = [w for w in side.key.split() if len(w) >= 4]
        if any(d in squeezed or any(w in d for w in words) for d in domains):
            side.add(2, 0, "its name is the e-mail or web domain on the page")


def _attach_ids(sides: list[_Side], found: list[Found], profile: WorkspaceProfile | None) -> None:
    """Identifiers inside a block: bank details say seller, a 'your VAT' cue buyer; ours say us."""
    for item in found:
        for side in sides:
            if not any(inside(((p, r),), item.page, item.bbox) for p, r in side.regions):
                continue
            if is_ours(item, profile):
                side.ours = True
                side.why.append(f"our {item.kind.upper()} {item.value}")
            if item.buyer_cue:
                side.add(0, 2, f"{item.kind.upper()} labelled as the customer's")
            elif item.kind == "iban":
                side.add(1.5, 0, "bank account printed with it")
            elif item.kind in ("vat", "coc"):
                side.add(0.5, 0, f"its {item.kind.upper()} number printed with it")


def _us_unplaced(found: list[Found], profile: WorkspaceProfile) -> _Side | None:
    """Us, known only from our identifiers outside any block (an IBAN in the payment sentence)."""
    mine = [item for item in found if is_ours(item, profile)]
    if not mine:
        return None
    item = mine[0]
    side = _Side(Candidate("", 0.0, item.page, item.bbox), None, [], "profile", ours=True)
    for item in mine:
        if item.buyer_cue:
            side.add(0, 3, f"our {item.kind.upper()} labelled as the customer's")
        elif item.kind == "iban":
            side.add(3, 0, "our IBAN in the payment details")
        else:
            side.add(1.5, 0, f"our {item.kind.upper()} on the document")
    return side


def _merge_same(sides: list[_Side]) -> list[_Side]:
    """One candidate per party: a letterhead and a footer line of the same company add up."""
    merged: dict[str, _Side] = {}
    out: list[_Side] = []
    for side in sides:
        key = side.key
        if not key:
            out.append(side)
            continue
        if key in merged:
            kept = merged[key]
            kept.seller += side.seller
            kept.buyer += side.buyer
            kept.ours |= side.ours
            kept.why += side.why
            kept.regions += side.regions
            if kept.address is None:
                kept.address = side.address
            continue
        merged[key] = side
        out.append(side)
    return out


def _decide(
    sides: list[_Side], other: tuple[tuple[int, BBox], ...], profile: WorkspaceProfile | None
) -> Parties:
    """The (seller, buyer) pair with the most evidence; with a profile, one of them is us."""
    ours = [s for s in sides if s.ours]
    pairs: list[tuple[float, _Side | None, _Side | None]] = []
    options: list[_Side | None] = [*sides, None]
    for seller, buyer in permutations(options, 2):
        if seller is None and buyer is None:
            continue
        if ours and not (
            (seller is not None and seller.ours) or (buyer is not None and buyer.ours)
        ):
            continue
        if seller is not None and buyer is not None and seller.ours and buyer.ours:
            continue
        score = (seller.seller if seller else 0.0) + (buyer.buyer if buyer else 0.0)
        pairs.append((score, seller, buyer))
    if not pairs:
        return Parties(other_regions=other)
    pairs.sort(key=lambda p: -p[0])
    score, seller, buyer = pairs[0]
    our_party = None
    if seller is not None and seller.ours:
        our_party = "seller"
    elif buyer is not None and buyer.ours:
        our_party = "buyer"
    counter = buyer if our_party == "seller" else seller
    notes: list[str] = []
    uncertain: list[str] = []
    if counter is not None:
        role = "buyer" if counter is buyer else "seller"
        notes.append(f"{role} {counter.name.value!r}: " + "; ".join(counter.why))
        rival = next(
            (p for p in pairs[1:] if (p[2] if role == "buyer" else p[1]) is not counter), None
        )
        margin = score - rival[0] if rival else score
        strength = counter.buyer if role == "buyer" else counter.seller
        if strength <= 0 or margin < 1.0:
            uncertain.append(f"{role}_name: two party blocks fit the {role} equally")
    if profile is not None and not profile.is_empty and not ours:
        notes.append("our own company was not found on the document")
    return Parties(
        seller_name=_confident(seller, "seller"),
        seller_address=seller.address if seller else None,
        buyer_name=_confident(buyer, "buyer"),
        buyer_address=buyer.address if buyer else None,
        seller_regions=tuple(seller.regions) if seller else (),
        buyer_regions=tuple(buyer.regions) if buyer else (),
        other_regions=other,
        our_party=our_party,
        notes=tuple(notes),
        uncertain=tuple(uncertain),
    )


def _confident(side: _Side | None, role: str) -> Candidate | None:
    """The side's name with a confidence from the strength of its evidence."""
    if side is None or not side.name.value:
        return None
    strength = side.seller if role == "seller" else side.buyer
    confidence = 0.95 if side.ours else min(0.95, 0.5 + 0.08 * max(strength, 0.0))
    # a name OCR read with doubt is worth that much less
    confidence *= min(1.0, 0.4 + side.name_read)
    return replace(side.name, score=round(confidence, 3))


def _letterhead(layout: Layout, taken: list[tuple[int, BBox]]) -> _Side | None:
    """The seller from the top of page 1 when no block names it: a legal form, else the largest text."""
    free = [
        s
        for s in layout.segments
        if s.bbox[1] < 0.3 * layout.height
        and not inside(tuple(taken), layout.page, s.bbox)
        and is_real_name(s.text)
        and not L.DOC_TITLE.search(s.text)
    ]
    if not free:
        return None
    legal = [s for s in free if L.has_legal_form(s.text) and len(s.text) < 80]
    chosen = legal[0] if legal else max(free, key=lambda s: (round(s.height), -s.bbox[1]))
    name = re.split(r"\s+[-–·|]\s+", chosen.text)[0]
    candidate = Candidate(name, 0.5, layout.page, chosen.span_box(0, len(name)), chosen.row)
    side = _Side(candidate, None, [(layout.page, chosen.bbox)], "letterhead")
    side.add(1.0 if legal else 0.5, 0, "letterhead text at the top of the page")
    return side
