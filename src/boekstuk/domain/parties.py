"""Parties: which side of a document is the counterparty, and is it a customer we know?

Pure functions, no I/O. In: CONTRACT §3 ``fields`` (``{"seller_name": {"value": …}, …}``),
our own :class:`Ours` profile, candidate customers. Out: a :class:`Party` (the counterparty,
normalised), its direction, name keys and a :class:`Decision` (match, review or new) with
the scores that led to it. Nothing raises: unreadable identifiers are dropped.

Rule when the workspace profile does not recognise either side: the document is treated as
a *purchase* from its seller (what lands in a bookkeeping inbox is mostly bills received);
the reason is recorded so a person can see it.

Names are compared in the normal form of :mod:`boekstuk.domain.names` (``match_key``).

>>> parse_place("Keizersgracht 1, 1015 CJ Amsterdam")
('1015CJ', 'amsterdam')
>>> parse_place("Hauptstr. 5, 10115 Berlin")
('10115', 'berlin')
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from boekstuk.domain.fields import WorkspaceProfile
from boekstuk.domain.identifiers import (
    iban_is_valid,
    iban_validate,
    kvk_is_valid,
    kvk_validate,
    vat_is_valid,
    vat_validate,
)
from boekstuk.domain.names import ascii_fold as _ascii
from boekstuk.domain.names import match_key, name_score

_NL_POSTCODE = re.compile(r"\b(\d{4})\s?([A-Z]{2})\b\s*,?\s*([A-Za-zÀ-ÿ' .-]+)?")
_NUM_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}-)?(\d{4,5})\s+([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ' .-]+)")


def parse_place(address: str | None) -> tuple[str | None, str | None]:
    """(postcode in compact upper case, city in lower case) from a printed address."""
    if not address:
        return None, None
    flat = " ".join(address.split())
    nl = _NL_POSTCODE.search(flat)
    if nl:
        city = _clean_city(nl.group(3))
        return nl.group(1) + nl.group(2), city
    other = _NUM_POSTCODE.search(flat)
    if other:
        return other.group(1), _clean_city(other.group(2))
    return None, None


def _clean_city(city: str | None) -> str | None:
    if not city:
        return None
    words = [w for w in re.split(r"[\s,]+", city.strip(" .,-")) if w]
    return _ascii(" ".join(words[:3])).lower() or None


# ---- the counterparty of a document ----


class Direction(StrEnum):
    """Sales when we are the seller, purchase when we are the buyer."""

    SALES = "sales"
    PURCHASE = "purchase"


# our own company, as the workspace profile describes it
Ours = WorkspaceProfile


@dataclass(frozen=True, slots=True)
class Party:
    """One side of a document, normalised (identifiers valid or None)."""

    name: str | None = None
    address: str | None = None
    vat_number: str | None = None
    coc_number: str | None = None
    iban: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str | None = None

    @property
    def key(self) -> str:
        """The name's match key ('' without a name)."""
        return match_key(self.name) if self.name else ""

    @property
    def is_empty(self) -> bool:
        """True when nothing identifies the party."""
        return not (self.name or self.vat_number or self.coc_number or self.iban)


@dataclass(frozen=True, slots=True)
class Counterparty:
    """Who the document is with, which way the money goes, and why we think so."""

    party: Party
    direction: Direction
    reason: str


def _value(fields: Mapping[str, Any], name: str) -> str | None:
    entry = fields.get(name)
    if isinstance(entry, Mapping):
        entry = entry.get("value")
    if entry is None:
        return None
    text = str(entry).strip()
    return text or None


def party_from_fields(fields: Mapping[str, Any], side: str) -> Party:
    """The ``seller`` or ``buyer`` of CONTRACT §3 fields as a :class:`Party`."""
    vat = _value(fields, f"{side}_vat")
    coc = _value(fields, f"{side}_coc")
    iban = _value(fields, f"{side}_iban")
    address = _value(fields, f"{side}_address")
    postcode, city = parse_place(address)
    vat = vat_validate(vat) if vat and vat_is_valid(vat) else None
    iban = iban_validate(iban) if iban and iban_is_valid(iban) else None
    coc = kvk_validate(coc) if coc and kvk_is_valid(coc) else None
    country = (vat or iban or "")[:2] or None
    if country == "EL":
        country = "GR"
    return Party(
        name=_value(fields, f"{side}_name"),
        address=address,
        vat_number=vat,
        coc_number=coc,
        iban=iban,
        postcode=postcode,
        city=city,
        country=country,
    )


def is_us(party: Party, ours: Ours) -> bool:
    """True when the profile recognises ``party`` as our own company."""
    if party.vat_number and ours.vat_number:
        return party.vat_number == ours.vat_number
    if party.iban and party.iban in ours.ibans:
        return True
    return bool(party.name) and ours.is_ours_name(party.name or "")


def counterparty(
    fields: Mapping[str, Any],
    document_type: str,
    ours: Ours,
    our_party: str | None = None,
) -> Counterparty | None:
    """The other party of an invoice, credit note or receipt (None when there is none)."""
    seller, buyer = party_from_fields(fields, "seller"), party_from_fields(fields, "buyer")
    if document_type == "receipt":
        if seller.is_empty or is_us(seller, ours):
            return None
        return Counterparty(seller, Direction.PURCHASE, "a receipt is a purchase of its merchant")
    if our_party not in ("seller", "buyer"):
        our_party = None
        if is_us(seller, ours):
            our_party = "seller"
        elif is_us(buyer, ours):
            our_party = "buyer"
    if our_party == "seller":
        if buyer.is_empty or is_us(buyer, ours):
            return None
        return Counterparty(buyer, Direction.SALES, "we are the seller")
    if seller.is_empty:
        return None
    if our_party == "buyer":
        return Counterparty(seller, Direction.PURCHASE, "we are the buyer")
    why = "workspace profile is empty" if ours.is_empty else "the profile matches neither party"
    return Counterparty(seller, Direction.PURCHASE, f"{why}: taken as a purchase from the seller")


# ---- matching a party against known customers ----


class Outcome(StrEnum):
    """What to do with a party."""

    MATCH = "match"  # the same customer: link
    REVIEW = "review"  # close but not certain: create a new one and ask a person
    NEW = "new"  # nobody like it: create


@dataclass(frozen=True, slots=True)
class Candidate:
    """A known customer as the matcher sees it."""

    id: Any
    key: str
    postcode: str | None = None
    city: str | None = None
    vat_number: str | None = None
    coc_number: str | None = None


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate with its scores."""

    candidate: Candidate
    name: float
    place: str  # "same", "different" or "unknown"
    total: float

    def as_json(self) -> dict[str, Any]:
        """For review items: what the scores were."""
        return {
            "customer_id": str(self.candidate.id),
            "name_score": round(self.name, 1),
            "place": self.place,
            "score": round(self.total, 1),
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """The matcher's verdict: the best candidate (if any) and all close ones."""

    outcome: Outcome
    best: Scored | None = None
    close: tuple[Scored, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Scores (0–100) at which a name is the same customer, or worth a person's look."""

    match: float = 90.0
    review: float = 75.0
    place_bonus: float = 5.0
    place_penalty: float = 3.0


def _place(party: Party, candidate: Candidate) -> str:
    if party.postcode and candidate.postcode:
        return "same" if party.postcode == candidate.postcode else "different"
    if party.city and candidate.city:
        return "same" if party.city == candidate.city else "different"
    return "unknown"


def score(party: Party, candidate: Candidate, thresholds: Thresholds) -> Scored:
    """Score one candidate: name likeness, confirmed or weakened by postcode/city."""
    if party.vat_number and candidate.vat_number and party.vat_number != candidate.vat_number:
        return Scored(candidate, 0.0, "unknown", 0.0)  # two VAT numbers: two companies
    if party.coc_number and candidate.coc_number and party.coc_number != candidate.coc_number:
        return Scored(candidate, 0.0, "unknown", 0.0)
    name = name_score(party.key, candidate.key)
    place = _place(party, candidate)
    total = name
    if place == "same":
        total = min(100.0, name + thresholds.place_bonus)
    elif place == "different" and name < 100.0:
        total = name - thresholds.place_penalty
    return Scored(candidate, name, place, total)


def decide(party: Party, candidates: Sequence[Candidate], thresholds: Thresholds) -> Decision:
    """Match, review or new, from the candidates' scores (best first in ``close``)."""
    scored = sorted(
        (score(party, c, thresholds) for c in candidates), key=lambda s: s.total, reverse=True
    )
    # a merged record's name is an alias of its survivor: one entry per customer id
    best_per_id: dict[Any, Scored] = {}
    for entry in scored:
        if entry.total >= thresholds.review:
            best_per_id.setdefault(entry.candidate.id, entry)
    close = tuple(best_per_id.values())
    if not close:
        return Decision(Outcome.NEW)
    best = close[0]
    runner_up = close[1].total if len(close) > 1 else 0.0
    # two nearly equal candidates above the bar: not certain which one, so ask
    if best.total >= thresholds.match and best.total - runner_up >= 2.0:
        return Decision(Outcome.MATCH, best, close)
    if best.total >= thresholds.match and best.name == 100.0 and runner_up < 100.0:
        return Decision(Outcome.MATCH, best, close)
    return Decision(Outcome.REVIEW, best, close)
