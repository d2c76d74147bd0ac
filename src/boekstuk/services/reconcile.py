"""Payments to invoices in the database: the glue between the rows and the pure matcher.

In: a session and ids (transactions just stored, an invoice just stored, a person's choice).
Out: :class:`ReconcileResult` counts, or the updated :class:`BankTransaction`. The caller
commits; everything one call changes — ``transaction_match`` rows, the invoices'
``open_amount`` and ``status``, the transactions' ``match_status`` and review candidates,
learnt payer IBANs — is in the caller's one database transaction. Raises
:class:`~boekstuk.domain.errors.NotFoundError` / :class:`~boekstuk.domain.errors.ConflictError`
for a person's requests that cannot be done, and SQLAlchemy errors.

Rules:

* candidates are the workspace's open invoices (sales for money in, purchases for money
  out; :mod:`boekstuk.reconcile.matching` decides), with their customer's name and IBANs;
* order does not matter: :func:`reconcile_transactions` runs after a statement is stored,
  :func:`reconcile_invoice` after an invoice is stored and re-runs the waiting
  (``unmatched`` / ``needs_review``) payments the new invoice could settle;
* a person's decision is final: a transaction with ``decided_by`` set is never touched by
  automatic matching (:func:`match_manually`, :func:`unmatch` set it);
* on PostgreSQL every call takes the workspace's ledger lock, so two workers never settle
  the same open amount twice.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from boekstuk.db.models import (
    BankTransaction,
    Customer,
    CustomerIban,
    Invoice,
    TransactionMatch,
    utcnow,
)
from boekstuk.domain.errors import ConflictError, NotFoundError
from boekstuk.domain.statements import Transaction
from boekstuk.reconcile.index import CandidateIndex
from boekstuk.reconcile.matching import match_transaction
from boekstuk.reconcile.models import InvoiceCandidate, MatchConfig, MatchDecision
from boekstuk.services.invoices import settle

logger = logging.getLogger(__name__)

AUTO = "auto"
"""``transaction_match.created_by`` of automatic matches."""
_ZERO = Decimal("0.00")
_CENT = Decimal("0.01")
_WAITING = ("unmatched", "needs_review")
_CHUNK = 5000
_NO_SYNC = {"synchronize_session": False}


@dataclass(frozen=True, slots=True)
class ReconcileResult:
    """How many payments one run matched, sent to review, or left unmatched."""

    matched: int = 0
    needs_review: int = 0
    unmatched: int = 0
    skipped: int = 0
    """Decided by a person, already matched, or not found: left alone."""

    def __add__(self, other: ReconcileResult) -> ReconcileResult:
        return ReconcileResult(
            self.matched + other.matched,
            self.needs_review + other.needs_review,
            self.unmatched + other.unmatched,
            self.skipped + other.skipped,
        )


def lock_ledger(session: Session, workspace_id: uuid.UUID) -> None:
    """Serialise changes to the workspace's open amounts until the transaction ends (PG)."""
    if session.get_bind().dialect.name == "postgresql":
        digest = hashlib.sha256(b"ledger:" + workspace_id.bytes).digest()[:8]
        key = int.from_bytes(digest, "big") - (1 << 63)
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def as_transaction(row: Any) -> Transaction:
    """The domain value the matcher reads, from a stored row (ORM object or plain row)."""
    return Transaction(
        booking_date=row.booking_date,
        amount=row.amount,
        currency=row.currency,
        value_date=row.value_date,
        description=row.description or "",
        counterparty_name=row.counterparty_name,
        counterparty_iban=row.counterparty_iban,
        end_to_end_id=row.end_to_end_id,
        payment_reference=row.reference,
    )


def _ibans(session: Session, workspace_id: uuid.UUID) -> dict[uuid.UUID, set[str]]:
    known: dict[uuid.UUID, set[str]] = {}
    for customer_id, iban in session.execute(
        select(CustomerIban.customer_id, CustomerIban.iban).where(
            CustomerIban.workspace_id == workspace_id
        )
    ):
        known.setdefault(customer_id, set()).add(iban)
    for customer_id, own in session.execute(
        select(Customer.id, Customer.iban).where(
            Customer.workspace_id == workspace_id, Customer.iban.is_not(None)
        )
    ):
        if own:
            known.setdefault(customer_id, set()).add(own)
    return known


def load_candidates(
    session: Session, workspace_id: uuid.UUID, invoice_ids: Iterable[uuid.UUID] | None = None
) -> list[InvoiceCandidate]:
    """The workspace's open invoices (or only ``invoice_ids``) as matcher candidates."""
    query = (
        select(
            Invoice.id,
            Invoice.customer_id,
            Invoice.direction,
            Invoice.kind,
            Invoice.invoice_number,
            Invoice.invoice_date,
            Invoice.open_amount,
            Invoice.currency,
            Invoice.payment_reference,
            Customer.name,
        )
        .join(Customer, Customer.id == Invoice.customer_id)
        .where(
            Invoice.workspace_id == workspace_id,
            Invoice.status != "paid",
            Invoice.open_amount != 0,
        )
    )
    if invoice_ids is not None:
        query = query.where(Invoice.id.in_(list(invoice_ids)))
    ibans = {cid: frozenset(found) for cid, found in _ibans(session, workspace_id).items()}
    empty: frozenset[str] = frozenset()
    return [
        InvoiceCandidate(
            id=str(row.id),
            customer_id=str(row.customer_id),
            direction="purchase" if row.direction == "purchase" else "sales",
            number=None if row.invoice_number.startswith("doc-") else row.invoice_number,
            date=row.invoice_date,
            open_amount=row.open_amount,
            currency=row.currency,
            payment_reference=row.payment_reference,
            customer_name=row.name,
            customer_ibans=ibans.get(row.customer_id, empty),
            kind=row.kind if row.kind in ("credit_note", "receipt") else "invoice",
        )
        for row in session.execute(query)
    ]


def _flat_candidates(decision: MatchDecision) -> list[dict[str, Any]]:
    """CONTRACT §4 ``candidates``: one entry per invoice, best set first, no repeats."""
    flat: list[dict[str, Any]] = []
    seen: set[str] = set()
    for rank, cand in enumerate(decision.candidates, start=1):
        for invoice_id in cand.invoice_ids:
            if invoice_id in seen:
                continue
            seen.add(invoice_id)
            flat.append(
                {
                    "invoice_id": invoice_id,
                    "score": cand.score,
                    "reasons": list(cand.reasons),
                    "rule": cand.rule,
                    "rank": rank,
                    "set": list(cand.invoice_ids),
                }
            )
    return flat


class _Writer:
    """Collects one run's changes and writes them in a few statements."""

    def __init__(self, session: Session, workspace_id: uuid.UUID) -> None:
        self.session = session
        self.workspace_id = workspace_id
        self.matches: list[dict[str, Any]] = []
        self.transactions: list[dict[str, Any]] = []
        self.opened: dict[uuid.UUID, Decimal] = {}  # invoice id -> amount settled in this run
        self.learnt: dict[str, str] = {}

    def record(self, row_id: uuid.UUID, decision: MatchDecision) -> None:
        if decision.status == "matched":
            for allocation in decision.allocations:
                invoice_id = uuid.UUID(allocation.invoice_id)
                self.matches.append(
                    {
                        "id": uuid.uuid4(),
                        "workspace_id": self.workspace_id,
                        "transaction_id": row_id,
                        "invoice_id": invoice_id,
                        "amount": allocation.amount.quantize(_CENT),
                        "confidence": decision.confidence,
                        "rule": decision.rule[:40] or "auto",
                        "created_by": AUTO,
                    }
                )
                self.opened[invoice_id] = self.opened.get(invoice_id, _ZERO) + allocation.amount
            if decision.learn_iban is not None:
                customer_id, iban = decision.learn_iban
                self.learnt.setdefault(iban, customer_id)
        self.transactions.append(
            {
                "id": row_id,
                "match_status": decision.status,
                "candidates": _flat_candidates(decision)
                if decision.status == "needs_review"
                else None,
                "unallocated": decision.unallocated.quantize(_CENT)
                if decision.status == "matched" and decision.unallocated
                else None,
            }
        )

    def flush(self) -> None:
        """Write everything: grouped ``UPDATE … WHERE id IN`` where rows change alike."""
        session = self.session
        same: defaultdict[str, list[uuid.UUID]] = defaultdict(list)
        one_by_one: list[dict[str, Any]] = []
        for change in self.transactions:
            if change["candidates"] is None and change["unallocated"] is None:
                same[change["match_status"]].append(change["id"])
            else:
                one_by_one.append(change)
        for status, ids in same.items():
            _update_in(session, BankTransaction, ids, match_status=status, candidates=None)
        if one_by_one:
            session.execute(update(BankTransaction), one_by_one, execution_options=_NO_SYNC)
        if self.matches:
            session.execute(insert(TransactionMatch), self.matches)
        self._settle()
        if self.learnt:
            dialect = session.get_bind().dialect.name
            upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            session.execute(
                upsert(CustomerIban).on_conflict_do_nothing(
                    index_elements=["workspace_id", "iban"]
                ),
                [
                    {
                        "id": uuid.uuid4(),
                        "workspace_id": self.workspace_id,
                        "customer_id": uuid.UUID(customer_id),
                        "iban": iban,
                        "created_at": utcnow(),
                    }
                    for iban, customer_id in self.learnt.items()
                ],
            )
        for obj in list(session.identity_map.values()):  # stale after the bulk statements
            if isinstance(obj, (BankTransaction, Invoice)):
                session.expire(obj)

    def _settle(self) -> None:
        """New open amounts and statuses (:func:`settle`'s rule) of the invoices paid."""
        paid_off: list[uuid.UUID] = []
        changed: list[dict[str, Any]] = []
        ids = list(self.opened)
        for start in range(0, len(ids), _CHUNK):
            for row in self.session.execute(
                select(Invoice.id, Invoice.total_amount, Invoice.open_amount).where(
                    Invoice.id.in_(ids[start : start + _CHUNK])
                )
            ):
                probe = Invoice(total_amount=row.total_amount)
                settle(probe, row.total_amount - row.open_amount + self.opened[row.id])
                if probe.status == "paid" and probe.open_amount == 0:
                    paid_off.append(row.id)
                else:
                    changed.append(
                        {"id": row.id, "open_amount": probe.open_amount, "status": probe.status}
                    )
        _update_in(self.session, Invoice, paid_off, open_amount=_ZERO, status="paid")
        if changed:
            self.session.execute(update(Invoice), changed, execution_options=_NO_SYNC)


def _update_in(session: Session, model: Any, ids: Sequence[uuid.UUID], **values: Any) -> None:
    """``UPDATE model SET values WHERE id IN ids``, in chunks."""
    for start in range(0, len(ids), _CHUNK):
        session.execute(
            update(model).where(model.id.in_(list(ids[start : start + _CHUNK]))).values(**values),
            execution_options=_NO_SYNC,
        )


_TX_COLUMNS = (
    BankTransaction.id,
    BankTransaction.booking_date,
    BankTransaction.value_date,
    BankTransaction.amount,
    BankTransaction.currency,
    BankTransaction.description,
    BankTransaction.counterparty_name,
    BankTransaction.counterparty_iban,
    BankTransaction.end_to_end_id,
    BankTransaction.reference,
    BankTransaction.match_status,
    BankTransaction.decided_by,
    BankTransaction.created_at,
)


def _waiting(session: Session, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Any]:
    """The rows (plain, not ORM objects: thousands at a time) of these transactions."""
    rows: list[Any] = []
    for start in range(0, len(ids), _CHUNK):
        rows += session.execute(
            select(*_TX_COLUMNS).where(
                BankTransaction.workspace_id == workspace_id,
                BankTransaction.id.in_(list(ids[start : start + _CHUNK])),
            )
        )
    return rows


def reconcile_transactions(
    session: Session,
    workspace_id: uuid.UUID,
    transaction_ids: Sequence[uuid.UUID],
    config: MatchConfig | None = None,
    *,
    index: CandidateIndex | None = None,
) -> ReconcileResult:
    """Match these payments against the open invoices and write the outcome (not committed).

    Payments a person decided, or already matched, are skipped. They are matched in booking
    order, each match lowering the open amounts the next one sees.
    """
    if not transaction_ids:
        return ReconcileResult()
    config = config or MatchConfig()
    lock_ledger(session, workspace_id)
    rows = _waiting(session, workspace_id, list(dict.fromkeys(transaction_ids)))
    todo = [r for r in rows if r.decided_by is None and r.match_status in _WAITING]
    skipped = len(transaction_ids) - len(todo)
    if not todo:
        return ReconcileResult(skipped=skipped)
    todo.sort(key=lambda r: (r.booking_date, r.created_at, str(r.id)))
    if index is None:
        index = CandidateIndex(load_candidates(session, workspace_id))
    writer = _Writer(session, workspace_id)
    counts = {"matched": 0, "needs_review": 0, "unmatched": 0}
    for row in todo:
        tx = as_transaction(row)
        decision = match_transaction(tx, index.candidates_for(tx), config)
        index.apply(decision)
        writer.record(row.id, decision)
        counts[decision.status] += 1
    writer.flush()
    result = ReconcileResult(
        counts["matched"], counts["needs_review"], counts["unmatched"], skipped
    )
    logger.info(
        "reconciled %d payment(s): %d matched, %d to review, %d unmatched, %d left alone",
        len(todo),
        result.matched,
        result.needs_review,
        result.unmatched,
        result.skipped,
    )
    return result


def reconcile_invoice(
    session: Session, invoice_id: uuid.UUID, config: MatchConfig | None = None
) -> ReconcileResult:
    """After an invoice is stored: match the waiting payments it could settle (not committed)."""
    invoice = session.get(Invoice, invoice_id)
    if invoice is None or invoice.status == "paid" or invoice.open_amount == 0:
        return ReconcileResult()
    lock_ledger(session, invoice.workspace_id)
    mine = load_candidates(session, invoice.workspace_id, [invoice_id])
    if not mine:
        return ReconcileResult()
    probe = CandidateIndex(mine)
    waiting = session.execute(
        select(*_TX_COLUMNS).where(
            BankTransaction.workspace_id == invoice.workspace_id,
            BankTransaction.match_status.in_(_WAITING),
            BankTransaction.decided_by.is_(None),
            BankTransaction.currency == invoice.currency,
        )
    )
    # Only payments the new invoice is a plausible candidate for are matched again.
    hits = [row.id for row in waiting if probe.candidates_for(as_transaction(row))]
    if not hits:
        return ReconcileResult()
    return reconcile_transactions(session, invoice.workspace_id, hits, config)


def _load_transaction(
    session: Session, workspace_id: uuid.UUID, transaction_id: uuid.UUID
) -> BankTransaction:
    row = session.scalar(
        select(BankTransaction).where(
            BankTransaction.id == transaction_id, BankTransaction.workspace_id == workspace_id
        )
    )
    if row is None:
        raise NotFoundError("no such transaction")
    return row


def _release(session: Session, row: BankTransaction) -> None:
    """Remove the transaction's matches and give their amounts back to the invoices."""
    matches = list(
        session.scalars(select(TransactionMatch).where(TransactionMatch.transaction_id == row.id))
    )
    if not matches:
        return
    back = {m.invoice_id: m.amount for m in matches}
    session.execute(delete(TransactionMatch).where(TransactionMatch.transaction_id == row.id))
    for invoice in session.scalars(select(Invoice).where(Invoice.id.in_(list(back)))):
        paid = invoice.total_amount - invoice.open_amount - back[invoice.id]
        settle(invoice, paid)


def _allocate(amount: Decimal, invoices: Sequence[Invoice]) -> tuple[list[Decimal], Decimal]:
    """A person's invoices for one payment: credit notes netted, then oldest first.

    >>> class I:
    ...     def __init__(self, open_amount, day):
    ...         self.open_amount, self.invoice_date, self.direction = open_amount, day, "sales"
    >>> _allocate(Decimal("150"), [I(Decimal("100"), 2), I(Decimal("100"), 1)])
    ([Decimal('50.00'), Decimal('100.00')], Decimal('0.00'))
    >>> _allocate(Decimal("80"), [I(Decimal("100"), 1), I(Decimal("-30"), 2)])
    ([Decimal('100.00'), Decimal('-30.00')], Decimal('10.00'))
    """
    left = abs(amount) + sum((-i.open_amount for i in invoices if i.open_amount < 0), _ZERO)
    shares = [_ZERO] * len(invoices)
    order = sorted(
        range(len(invoices)),
        key=lambda n: (invoices[n].open_amount > 0, str(invoices[n].invoice_date or "")),
    )
    for n in order:
        inv = invoices[n]
        if inv.open_amount < 0:
            shares[n] = inv.open_amount.quantize(_CENT)
        else:
            shares[n] = min(inv.open_amount, max(left, _ZERO)).quantize(_CENT)
            left -= shares[n]
    return shares, max(left, _ZERO).quantize(_CENT)


def match_manually(
    session: Session,
    workspace_id: uuid.UUID,
    transaction_id: uuid.UUID,
    invoice_ids: Sequence[uuid.UUID],
    decided_by: str,
) -> BankTransaction:
    """A person's match: these invoices, whatever the matcher said (not committed).

    Replaces the transaction's earlier matches. Raises :class:`NotFoundError` for an id that
    is not the workspace's, :class:`ConflictError` for an invoice in another currency or one
    another payment already paid (nothing is changed then: the caller rolls back).
    """
    lock_ledger(session, workspace_id)
    row = _load_transaction(session, workspace_id, transaction_id)
    wanted = list(dict.fromkeys(invoice_ids))
    _release(session, row)
    session.flush()
    invoices = list(
        session.scalars(
            select(Invoice).where(Invoice.workspace_id == workspace_id, Invoice.id.in_(wanted))
        )
    )
    if len(invoices) != len(wanted):
        raise NotFoundError("no such invoice")
    invoices.sort(key=lambda i: wanted.index(i.id))
    for invoice in invoices:
        if invoice.currency != row.currency:
            raise ConflictError(
                f"invoice {invoice.invoice_number} is in {invoice.currency}, "
                f"the payment in {row.currency}"
            )
        if invoice.status == "paid":
            raise ConflictError(
                f"invoice {invoice.invoice_number} is already paid; unmatch its payment first"
            )
    shares, rest = _allocate(row.amount, invoices)
    for invoice, share in zip(invoices, shares, strict=True):
        session.add(
            TransactionMatch(
                workspace_id=workspace_id,
                transaction_id=row.id,
                invoice_id=invoice.id,
                amount=share,
                confidence=1.0,
                rule="manual",
                created_by=decided_by,
            )
        )
        settle(invoice, invoice.total_amount - invoice.open_amount + share)
    row.match_status = "matched"
    row.decided_by = decided_by
    row.candidates = None
    row.unallocated = rest or None
    session.flush()
    logger.info("transaction %s matched by %s to %d invoice(s)", row.id, decided_by, len(wanted))
    return row


def unmatch(
    session: Session, workspace_id: uuid.UUID, transaction_id: uuid.UUID, decided_by: str
) -> BankTransaction:
    """A person says the payment settles nothing: matches removed, open amounts restored.

    The transaction stays ``unmatched`` for automatic matching too (``decided_by`` is set).
    """
    lock_ledger(session, workspace_id)
    row = _load_transaction(session, workspace_id, transaction_id)
    _release(session, row)
    row.match_status = "unmatched"
    row.decided_by = decided_by
    row.candidates = None
    row.unallocated = None
    session.flush()
    logger.info("transaction %s unmatched by %s", row.id, decided_by)
    return row


def release_matches(session: Session, row: BankTransaction) -> None:
    """Undo a payment's matches (the invoices' open amounts come back); it waits again.

    For a deletion, not a person's decision: ``decided_by`` stays empty, so automatic
    matching may match the payment again (not committed).
    """
    _release(session, row)
    row.match_status = "unmatched"
    row.candidates = None
    row.unallocated = None
    session.flush()
