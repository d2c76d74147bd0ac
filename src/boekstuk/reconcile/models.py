"""Plain values the matching engine takes and gives: candidates, settings, decisions.

In: open invoices as :class:`InvoiceCandidate` (built by the store from its rows), settings
as :class:`MatchConfig`. Out: a :class:`MatchDecision`. No I/O; nothing raises.

Signs: an invoice's ``open_amount`` is positive for an invoice and negative for a credit
note, whatever its direction. From the bank's side a sales invoice is money in and a purchase
invoice money out: :attr:`InvoiceCandidate.bank_amount` is the signed amount we expect on
the statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

Direction = Literal["sales", "purchase"]
CandidateKind = Literal["invoice", "credit_note", "receipt"]
MatchStatus = Literal["matched", "needs_review", "unmatched"]


@dataclass(frozen=True, slots=True)
class InvoiceCandidate:
    """An open invoice, credit note or receipt that a payment may settle."""

    id: str
    customer_id: str | None
    direction: Direction
    number: str | None
    date: date | None
    open_amount: Decimal
    currency: str = "EUR"
    payment_reference: str | None = None
    customer_name: str | None = None
    customer_ibans: frozenset[str] = field(default_factory=frozenset)
    kind: CandidateKind = "invoice"

    @property
    def bank_amount(self) -> Decimal:
        """The signed statement amount that settles it (+ in for sales, - out for purchases)."""
        return self.open_amount if self.direction == "sales" else -self.open_amount


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """Thresholds and bounds of the matcher (all settings, none hidden in code)."""

    auto_threshold: float = 0.6
    """A candidate set whose evidence weights sum to at least this may be matched without a
    person (weights: see :mod:`boekstuk.reconcile.evidence`; the sum may exceed 1)..."""
    auto_margin: float = 0.15
    """...when it leads the runner-up (a set not contained in it) by at least this."""
    review_floor: float = 0.3
    """Below this a candidate is not plausible; with none left the payment is ``unmatched``."""
    max_candidates: int = 5
    """How many ranked candidates a ``needs_review`` decision carries."""
    max_subset_size: int = 5
    """One payment for at most this many invoices of one customer."""
    max_subset_pool: int = 20
    """Subset sums search at most this many open invoices of one customer."""
    max_subset_nodes: int = 50_000
    """Search budget per customer (the subset sum is bounded, never exponential)."""
    card_date_window_days: int = 3
    """A card payment is booked up to this many days after the receipt's date."""
    auto_match_overpayments: bool = True
    """Match an overpaid invoice in full and report the rest as unallocated."""
    name_threshold: float = 0.85
    """Name similarity (0..1) from which the names count as evidence."""


@dataclass(frozen=True, slots=True)
class Allocation:
    """How much of a payment settles one invoice (reduces its ``open_amount`` by ``amount``)."""

    invoice_id: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class RankedCandidate:
    """A candidate set of invoices for one payment, its score and why."""

    invoice_ids: tuple[str, ...]
    score: float
    """The confidence shown to a person: ``weight`` capped to 0..1."""
    reasons: tuple[str, ...]
    allocations: tuple[Allocation, ...]
    rule: str
    customer_id: str | None = None
    unallocated: Decimal = Decimal("0.00")
    weight: float = 0.0
    """The sum of the evidence weights (may exceed 1); ranking and thresholds use it."""


@dataclass(frozen=True, slots=True)
class MatchDecision:
    """What to do with a payment: match it, ask a person, or leave it unmatched."""

    status: MatchStatus
    allocations: tuple[Allocation, ...] = ()
    confidence: float = 0.0
    rule: str = ""
    candidates: tuple[RankedCandidate, ...] = ()
    unallocated: Decimal = Decimal("0.00")
    """Money of the payment left over (overpayment), for a person to book."""
    learn_iban: tuple[str, str] | None = None
    """``(customer id, IBAN)``: a matched payer paid from an IBAN we did not know yet."""
