"""API shapes for bank transactions, their matches and the review queue (CONTRACT §4)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field, field_serializer

from boekstuk.api.schemas import DocumentOut
from boekstuk.db.models import BankTransaction, TransactionMatch


class MatchOut(BaseModel):
    """An invoice (part of) a payment settles."""

    invoice_id: uuid.UUID
    amount: Decimal
    confidence: float
    rule: str
    created_by: str | None = None

    @field_serializer("amount")
    def _money(self, value: Decimal) -> str:
        return f"{value:.2f}"


class CandidateOut(BaseModel):
    """An invoice the payment may settle, for a person to choose (best first)."""

    invoice_id: uuid.UUID
    score: float
    reasons: list[str]
    rule: str | None = None
    rank: int | None = None
    """The rank of the candidate set the invoice belongs to (1 = best)."""
    set: list[uuid.UUID] = Field(default_factory=list)
    """All invoices of that set (one payment for several invoices)."""


class TransactionOut(BaseModel):
    """A booked bank transaction and what it pays. Amounts are strings with two decimals."""

    id: uuid.UUID
    statement_id: uuid.UUID | None
    account_iban: str | None
    date: dt.date
    value_date: dt.date | None
    amount: Decimal
    currency: str
    description: str | None
    counterparty_name: str | None
    counterparty_iban: str | None
    reference: str | None
    end_to_end_id: str | None
    match_status: str
    decided_by: str | None
    unallocated: Decimal | None
    matches: list[MatchOut]
    candidates: list[CandidateOut]

    @field_serializer("amount", "unallocated")
    def _money(self, value: Decimal | None) -> str | None:
        return None if value is None else f"{value:.2f}"

    @classmethod
    def of(cls, row: BankTransaction, matches: list[TransactionMatch]) -> TransactionOut:
        """Build from the ORM row and its matches."""
        candidates: list[dict[str, Any]] = row.candidates or []
        return cls(
            id=row.id,
            statement_id=row.statement_id,
            account_iban=row.account_iban,
            date=row.booking_date,
            value_date=row.value_date,
            amount=row.amount,
            currency=row.currency,
            description=row.description,
            counterparty_name=row.counterparty_name,
            counterparty_iban=row.counterparty_iban,
            reference=row.reference,
            end_to_end_id=row.end_to_end_id,
            match_status=row.match_status,
            decided_by=row.decided_by,
            unallocated=row.unallocated,
            matches=[
                MatchOut(
                    invoice_id=m.invoice_id,
                    amount=m.amount,
                    confidence=m.confidence,
                    rule=m.rule,
                    created_by=m.created_by,
                )
                for m in matches
            ],
            candidates=[CandidateOut.model_validate(c) for c in candidates],
        )


class TransactionListOut(BaseModel):
    """A page of transactions."""

    items: list[TransactionOut]
    total: int


class MatchIn(BaseModel):
    """``POST /transactions/{id}/match``: the invoices a person says this payment settles."""

    invoice_ids: list[uuid.UUID] = Field(min_length=1, max_length=100)


class ReviewOut(BaseModel):
    """What waits for a person: documents and transactions in ``needs_review``."""

    documents: list[DocumentOut]
    transactions: list[TransactionOut]
    documents_total: int
    transactions_total: int
