"""VAT numbers, IBANs, BICs and KvK numbers: found by label or pattern, given to a party.

In: the pages' :class:`Layout` s; to assign them, the :class:`~.parties.Parties` (whose blocks
stand where) and an optional workspace profile. Out: every identifier with where it stands
(:func:`find_ids`), and a :class:`PartyIds` with seller/buyer VAT and IBAN, seller BIC and CoC
number (:func:`assign`). A value next to its label is kept even when its checksum fails
(validation then flags it); a value found by pattern alone must pass its checksum. Nothing
raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rapidfuzz.distance import Hamming

from boekstuk.domain.extraction import BBox
from boekstuk.domain.fields import WorkspaceProfile
from boekstuk.domain.identifiers import bic_is_valid, iban_is_valid, vat_compact, vat_is_valid
from boekstuk.pipeline.entities import labels as L
from boekstuk.pipeline.entities.layout import Layout, Segment, inside
from boekstuk.pipeline.entities.rules import Candidate

if TYPE_CHECKING:  # parties.py reads Found; the import the other way is for types only
    from boekstuk.pipeline.entities.parties import Parties

_VAT = re.compile(
    r"(?<![A-Z0-9])(?:AT|BE|BG|CY|CZ|DE|DK|EE|EL|GR|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT"
    r"|RO|SE|SI|SK|XI|GB|CHE)[ -]?[0-9A-Z][0-9A-Z. -]{5,16}[0-9A-Z]"
)
_IBAN = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}(?![A-Z0-9])")
_IBAN_TAIL = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){0,2}$")
_BIC = re.compile(r"(?<![A-Z0-9])[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![A-Z0-9])")
_KVK = re.compile(r"(?<!\d)\d{8}(?!\d)|(?<!\d)\d{2}[ .]\d{2}[ .]\d{2}[ .]\d{2}(?!\d)")
_HRB = re.compile(r"\b(?:HRB|HRA|HR\s?B|RCS\s+\w+|SIRET|SIREN)?\s?[A-Z]?\s?\d[\d ]{3,14}\d\b")


@dataclass(frozen=True, slots=True)
class Found:
    """An identifier, whether it stood next to its label, and who it belongs to."""

    kind: str
    value: str
    page: int
    bbox: BBox
    labelled: bool
    buyer_cue: bool

    def candidate(self) -> Candidate:
        """As a field candidate."""
        valid = _valid(self.kind, self.value)
        score = (0.95 if valid else 0.5) * (1.0 if self.labelled else 0.9)
        return Candidate(self.value, score, self.page, self.bbox)


def _ocr_digits(text: str) -> str:
    """IBAN check digits misread as letters ("DEO8" → "DE08"), same length so spans hold.

    >>> _ocr_digits("IBAN DEO8 7009 0100")
    'IBAN DE08 7009 0100'
    """
    return re.sub(
        r"(?<![A-Z0-9])([A-Z]{2})([0-9OIl]{2})(?= ?[A-Z0-9]{4})",
        lambda m: m.group(1) + m.group(2).replace("O", "0").replace("I", "1").replace("l", "1"),
        text,
    )


def _matches(pattern: re.Pattern[str], kind: str, text: str) -> Iterator[re.Match[str]]:
    """Runs shaped like an identifier; one that does not validate may have swallowed the real
    one starting later ("DE209831724 IBAN DE63 5001 …" for an IBAN, "HRB 732681 VAT ID DE64…"
    for a VAT number: HR is Croatia's prefix), so the search goes on just after its start."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        yield match
        valid = _longest(match.group(0), kind) is not None
        position = match.end() if valid else match.start() + 1
    if kind == "iban":
        tail = _IBAN_TAIL.search(text, position)
        if tail is not None:  # "… op IBAN NL94" at the end of a line: the rest is on the next
            yield tail


def _valid(kind: str, value: str) -> bool:
    if kind == "vat":
        return vat_is_valid(value)
    if kind == "iban":
        return iban_is_valid(value)
    if kind == "bic":
        return bic_is_valid(value)
    return True


def _longest(text: str, kind: str) -> str | None:
    """The longest prefix (by space-separated parts) that validates, compacted."""
    parts = text.split(" ")
    for end in range(len(parts), 0, -1):
        value = re.sub(r"[ .-]", "", " ".join(parts[:end])).upper()
        if _valid(kind, value):
            return vat_compact(value) if kind == "vat" else value
    return None


def _wrapped_iban(layout: Layout, segment: Segment, raw: str) -> str | None:
    """An IBAN that wrapped at the end of its cell or line: "DE67 1004 8392 7221" over "8882 72",
    "… op IBAN NL94" over "KNAB 8045 2286 53 t.n.v. …" (only when it ends its line)."""
    if not segment.text.rstrip().endswith(raw.rstrip()):
        return None
    below = layout.below(segment, max_rows=1)[:1]
    head = (
        re.match(r"[0-9A-Z]{1,4}(?: [0-9A-Z]{1,4}){0,6}", below[0].text.strip()) if below else None
    )
    if head is None:
        return None
    return _longest(f"{raw} {head.group(0)}", "iban")


def find_ids(layouts: list[Layout]) -> list[Found]:
    """Every VAT/IBAN/BIC/CoC number on the pages (each place it is printed), labelled ones
    kept even when invalid."""
    found: list[Found] = []
    seen: set[tuple[str, str, int, BBox]] = set()
    for layout in layouts:
        for segment in layout.segments:
            row_text = segment.text
            left = [s for s in layout.by_row[segment.row] if s.bbox[2] <= segment.bbox[0]]
            above = layout.above(segment)
            context = " ".join(s.text for s in above[:1] + left[-1:]) + " " + row_text
            # a valid IBAN's characters are not also a VAT number ("NL50 BUNQ 6690 …")
            iban_spans = [
                m.span()
                for m in _matches(_IBAN, "iban", _ocr_digits(row_text))
                if _longest(m.group(0), "iban")
            ]
            for kind, pattern, label in (
                ("iban", _IBAN, L.IBAN_LABEL),
                ("vat", _VAT, L.VAT_LABEL),
                ("bic", _BIC, L.BIC_LABEL),
            ):
                variants = [(row_text, False)]
                if kind == "iban" and _ocr_digits(row_text) != row_text:
                    # OCR's O/I/l for 0/1 — tried second, so a bank code like TRIO stays
                    variants.append((_ocr_digits(row_text), True))
                taken: list[tuple[int, int]] = []
                for text, repaired in variants:
                    for match in _matches(pattern, kind, text):
                        span = (match.start(), match.end())
                        if kind == "vat" and any(a <= span[0] < b for a, b in iban_spans):
                            continue
                        if repaired and any(a < span[1] and span[0] < b for a, b in taken):
                            continue  # the page's own reading of this IBAN was valid
                        if len(variants) > 1 and not repaired:
                            if _longest(match.group(0), kind) is None:
                                continue  # let the repaired reading have it
                            taken.append(span)
                        labelled = bool(
                            label.search(context[: len(context) - len(row_text) + match.start()])
                        )
                        if (
                            kind == "bic"
                            and not labelled
                            and not _IBAN.search(_ocr_digits(row_text[: match.start()]))
                        ):
                            continue  # an unlabelled BIC only right after an IBAN, not any word
                        raw = match.group(0)
                        value = _longest(raw, kind)
                        if value is None and kind == "iban":
                            value = _wrapped_iban(layout, segment, raw)
                        if value is None:
                            if not labelled:
                                continue
                            value = re.sub(r"[ .-]", "", raw).upper()
                            if kind == "iban" and len(value) < 15:
                                continue
                            if kind == "vat":
                                value = vat_compact(value)
                        box = segment.span_box(match.start(), match.end())
                        if (kind, value, layout.page, box) in seen:
                            continue
                        seen.add((kind, value, layout.page, box))
                        found.append(
                            Found(
                                kind,
                                value,
                                layout.page,
                                box,
                                labelled,
                                bool(
                                    L.BUYER_CUE.search(
                                        " ".join(s.text for s in left[-1:])
                                        + " "
                                        + row_text[: match.start()]
                                    )
                                ),
                            )
                        )
            coc = L.COC_LABEL.search(context)
            if coc:
                after = row_text[max(0, coc.end() - (len(context) - len(row_text))) :]
                number = _KVK.search(after) or _HRB.search(after)
                if number:
                    value = (
                        re.sub(r"[ .]", "", number.group(0))
                        if _KVK.fullmatch(number.group(0))
                        else number.group(0).strip()
                    )
                    offset = len(row_text) - len(after)
                    box = segment.span_box(offset + number.start(), offset + number.end())
                    if ("coc", value, layout.page, box) not in seen:
                        seen.add(("coc", value, layout.page, box))
                        found.append(Found("coc", value, layout.page, box, True, False))
    return found


@dataclass(frozen=True, slots=True)
class PartyIds:
    """Identifiers given to the seller and the buyer."""

    seller_vat: Candidate | None
    buyer_vat: Candidate | None
    seller_iban: Candidate | None
    buyer_iban: Candidate | None
    seller_bic: Candidate | None
    seller_coc: Candidate | None


def is_ours(item: Found, profile: WorkspaceProfile | None) -> bool:
    """True when the identifier is our own VAT number or one of our IBANs."""
    return profile is not None and (
        (item.kind == "vat" and profile.is_ours_vat(item.value))
        or (item.kind == "iban" and profile.is_ours_iban(item.value))
    )


def repair_ours(found: list[Found], profile: WorkspaceProfile | None) -> list[Found]:
    """An invalid VAT number or IBAN one character away from ours is ours, misread.

    OCR turns "BUNQ" into "BUNG": the checksum fails, but who we are is known, and a valid
    number one substitution away from an invalid reading is the number that was printed.
    """
    if profile is None:
        return found
    ours = {"vat": [profile.vat_number] if profile.vat_number else [], "iban": list(profile.ibans)}
    repaired = []
    for item in found:
        if item.kind in ours and not _valid(item.kind, item.value):
            compact = re.sub(r"[^0-9A-Z]", "", item.value.upper())
            for mine in ours[item.kind]:
                mine_compact = re.sub(r"[^0-9A-Z]", "", mine.upper())
                if (
                    len(compact) == len(mine_compact)
                    and Hamming.distance(compact, mine_compact) <= 1
                ):
                    item = replace(item, value=mine_compact)
                    break
        repaired.append(item)
    return repaired


def side_of(item: Found, parties: Parties, profile: WorkspaceProfile | None) -> str | None:
    """Whose identifier this is: ``seller``, ``buyer`` or None (a third party's, or unclear).

    Inside a party's block it is that party's; ours is our side's; otherwise a customer cue
    ("your VAT number") says buyer, and the rest is the issuer's (footers, letterheads) — except
    on a document we issued, where another company's number is not ours to print as the seller's.
    """
    if item.kind in ("vat", "coc") and inside(parties.other_regions, item.page, item.bbox):
        return (
            None  # a delivery address's numbers; bank details under "Payee" are still where to pay
        )
    ours = is_ours(item, profile)
    if ours and parties.our_party:
        return parties.our_party
    if inside(parties.buyer_regions, item.page, item.bbox):
        return "buyer"
    if inside(parties.seller_regions, item.page, item.bbox):
        return "seller"
    if item.buyer_cue:
        return "buyer"
    if parties.our_party == "seller" and not ours and item.kind in ("vat", "iban", "coc"):
        # our own invoice: an unplaced VAT number that is not ours is the customer's
        return "buyer" if item.kind == "vat" and profile and profile.vat_number else None
    return "seller"


def assign(found: list[Found], parties: Parties, profile: WorkspaceProfile | None) -> PartyIds:
    """Give each identifier to a party (see :func:`side_of`), valid and labelled ones first."""

    def pick(kind: str, party: str) -> Candidate | None:
        items = [f for f in found if f.kind == kind and side_of(f, parties, profile) == party]
        items.sort(key=lambda f: (not _valid(kind, f.value), not f.labelled))
        return items[0].candidate() if items else None

    return PartyIds(
        seller_vat=pick("vat", "seller"),
        buyer_vat=pick("vat", "buyer"),
        seller_iban=pick("iban", "seller"),
        buyer_iban=pick("iban", "buyer"),
        seller_bic=pick("bic", "seller"),
        seller_coc=pick("coc", "seller"),
    )
