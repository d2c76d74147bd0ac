"""Deleting a document and what it alone created.

In: a session, the workspace, the document id and who asks. Out: a :class:`Deleted`
report (what was removed, what was kept and why, which files to remove and which other
documents to process again); the caller commits, then removes the files. Raises
:class:`~boekstuk.domain.errors.NotFoundError` for another workspace's (or no) document and
:class:`~boekstuk.domain.errors.ConflictError`, with the reason, when a person's decision
depends on it: a payment a person matched (to the document's invoice, or on its statement)
— unmatch it first — or a document that is being processed right now.

What goes: the extraction and processing events (with the row), review items about it,
the invoice it booked (unless another copy of the same invoice is a document too: that copy
then carries the invoice), its bank statement with the transactions, and its customer when
nothing else refers to it (no other invoice or document, no merge, no correction by a
person). Automatic matches of removed invoices and payments are undone, the open amounts
restored and the freed payments matched again. Other bank documents of the same account are
queued again, so transactions they share with the deleted statement come back under theirs.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.orm import Session

from boekstuk.db.models import (
    BankStatement,
    BankTransaction,
    Customer,
    Document,
    Invoice,
    MergeAudit,
    TransactionMatch,
)
from boekstuk.domain.documents import DocumentStatus, DocumentType
from boekstuk.domain.errors import ConflictError, NotFoundError
from boekstuk.services.reconcile import lock_ledger, reconcile_transactions, release_matches

logger = logging.getLogger(__name__)


@dataclass
class Deleted:
    """What a deletion did (for the audit log and the caller's clean-up)."""

    document_id: uuid.UUID
    filename: str
    sha256: str
    invoice_ids: list[uuid.UUID] = field(default_factory=list)
    kept_invoice_ids: list[uuid.UUID] = field(default_factory=list)
    statement_ids: list[uuid.UUID] = field(default_factory=list)
    transaction_ids: list[uuid.UUID] = field(default_factory=list)
    customer_ids: list[uuid.UUID] = field(default_factory=list)
    kept_customer_ids: list[uuid.UUID] = field(default_factory=list)
    rematched_transaction_ids: list[uuid.UUID] = field(default_factory=list)
    requeue_document_ids: list[uuid.UUID] = field(default_factory=list)
    storage_key_to_remove: str | None = None

    def details(self) -> dict[str, object]:
        """A JSON-able summary for the audit log."""

        def ids(values: list[uuid.UUID]) -> list[str]:
            return [str(v) for v in values]

        return {
            "filename": self.filename,
            "sha256": self.sha256,
            "invoice_ids": ids(self.invoice_ids),
            "kept_invoice_ids": ids(self.kept_invoice_ids),
            "statement_ids": ids(self.statement_ids),
            "transaction_count": len(self.transaction_ids),
            "customer_ids": ids(self.customer_ids),
            "kept_customer_ids": ids(self.kept_customer_ids),
            "requeued_document_ids": ids(self.requeue_document_ids),
            "file_removed": self.storage_key_to_remove is not None,
        }


def _person_matches(
    session: Session, *, invoice_ids: list[uuid.UUID], transaction_ids: list[uuid.UUID]
) -> list[tuple[BankTransaction, str]]:
    """Payments a person matched that touch these invoices or are these transactions."""
    query = (
        select(BankTransaction, TransactionMatch.created_by)
        .join(TransactionMatch, TransactionMatch.transaction_id == BankTransaction.id)
        .where(
            or_(BankTransaction.decided_by.is_not(None), TransactionMatch.rule == "manual"),
            or_(
                TransactionMatch.invoice_id.in_(invoice_ids),
                BankTransaction.id.in_(transaction_ids),
            ),
        )
    )
    return [(row[0], row[1] or row[0].decided_by or "a person") for row in session.execute(query)]


def delete_document(session: Session, workspace_id: uuid.UUID, document_id: uuid.UUID) -> Deleted:
    """Delete the document and what it alone created (not committed); see the module doc."""
    document = session.scalar(
        select(Document).where(Document.id == document_id, Document.workspace_id == workspace_id)
    )
    if document is None:
        raise NotFoundError("no such document")
    if document.status == DocumentStatus.PROCESSING.value:
        raise ConflictError("the document is being processed; delete it when it is finished")
    lock_ledger(session, workspace_id)
    report = Deleted(document.id, document.filename, document.sha256)

    invoices = list(session.scalars(select(Invoice).where(Invoice.document_id == document.id)))
    statements = list(
        session.scalars(select(BankStatement).where(BankStatement.document_id == document.id))
    )
    transactions = list(
        session.scalars(
            select(BankTransaction).where(
                BankTransaction.statement_id.in_([s.id for s in statements])
            )
        )
    )
    # another copy of the same invoice (a duplicate document) carries it on
    handover: dict[uuid.UUID, uuid.UUID] = {}
    for invoice in invoices:
        copy = session.scalar(
            select(Document.id)
            .where(Document.invoice_id == invoice.id, Document.id != document.id)
            .order_by(Document.created_at)
            .limit(1)
        )
        if copy is not None:
            handover[invoice.id] = copy
    doomed = [i for i in invoices if i.id not in handover]
    decided = _person_matches(
        session,
        invoice_ids=[i.id for i in doomed],
        transaction_ids=[t.id for t in transactions if t.match_status == "matched"],
    )
    if decided:
        tx, who = decided[0]
        raise ConflictError(
            f"a person ({who}) matched the payment of {tx.amount} on {tx.booking_date} "
            f"(transaction {tx.id}) to what this document created; unmatch it first"
        )

    for invoice in invoices:
        if invoice.id in handover:
            invoice.document_id = handover[invoice.id]
            report.kept_invoice_ids.append(invoice.id)

    # undo automatic matches of what goes; the freed payments are matched again below
    freed = set(
        session.scalars(
            select(TransactionMatch.transaction_id).where(
                TransactionMatch.invoice_id.in_([i.id for i in doomed])
            )
        )
    )
    doomed_tx = {t.id for t in transactions}
    for tx in [
        *transactions,
        *session.scalars(select(BankTransaction).where(BankTransaction.id.in_(freed))),
    ]:
        if tx.match_status == "matched" or tx.id in freed:
            release_matches(session, tx)
    doomed_ids = {i.id for i in doomed}
    for tx in session.scalars(
        select(BankTransaction).where(
            BankTransaction.workspace_id == workspace_id,
            BankTransaction.match_status == "needs_review",
            BankTransaction.decided_by.is_(None),
        )
    ):
        named = {str(c.get("invoice_id")) for c in tx.candidates or []}
        if named & {str(i) for i in doomed_ids}:
            release_matches(session, tx)
            freed.add(tx.id)

    customer_ids = {i.customer_id for i in doomed}
    if document.customer_id is not None:
        customer_ids.add(document.customer_id)
    if doomed:
        session.execute(delete(Invoice).where(Invoice.id.in_(list(doomed_ids))))
    if transactions:
        session.execute(delete(BankTransaction).where(BankTransaction.id.in_(list(doomed_tx))))
    if statements:
        session.execute(
            delete(BankStatement).where(BankStatement.id.in_([s.id for s in statements]))
        )
    report.invoice_ids = sorted(doomed_ids)
    report.statement_ids = [s.id for s in statements]
    report.transaction_ids = sorted(doomed_tx)
    report.requeue_document_ids = _sharing_bank_documents(session, document, statements)

    shared_file = session.scalar(
        select(
            exists().where(Document.storage_key == document.storage_key, Document.id != document.id)
        )
    )
    report.storage_key_to_remove = None if shared_file else document.storage_key
    session.delete(document)
    session.flush()

    for customer_id in sorted(customer_ids):
        if _customer_is_free(session, customer_id):
            session.execute(delete(Customer).where(Customer.id == customer_id))
            report.customer_ids.append(customer_id)
        else:
            report.kept_customer_ids.append(customer_id)
    session.flush()
    rematch = sorted(freed - doomed_tx)
    if rematch:
        reconcile_transactions(session, workspace_id, rematch)
        report.rematched_transaction_ids = rematch
    logger.info(
        "document %s deleted: %d invoice(s), %d statement(s), %d transaction(s), %d customer(s)",
        document_id,
        len(report.invoice_ids),
        len(report.statement_ids),
        len(report.transaction_ids),
        len(report.customer_ids),
    )
    return report


def _customer_is_free(session: Session, customer_id: uuid.UUID) -> bool:
    """True when nothing but the deleted document referred to the customer."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        return False
    if customer.locked_fields or customer.merged_into_id is not None:
        return False  # a person corrected it, or it redirects a merge
    checks = (
        select(Invoice.id).where(Invoice.customer_id == customer_id),
        select(Document.id).where(Document.customer_id == customer_id),
        select(Customer.id).where(Customer.merged_into_id == customer_id),
        select(MergeAudit.id).where(
            or_(MergeAudit.source_id == customer_id, MergeAudit.target_id == customer_id)
        ),
    )
    return not any(session.scalar(select(exists(query))) for query in checks)


def _sharing_bank_documents(
    session: Session, document: Document, statements: list[BankStatement]
) -> list[uuid.UUID]:
    """Other finished bank documents of the deleted statements' accounts (to process again)."""
    if not statements:
        return []
    accounts = {s.account_iban for s in statements}
    others = session.scalars(
        select(Document).where(
            Document.workspace_id == document.workspace_id,
            Document.id != document.id,
            Document.document_type == DocumentType.BANK_STATEMENT.value,
            Document.status.in_(
                [DocumentStatus.PROCESSED.value, DocumentStatus.NEEDS_REVIEW.value]
            ),
        )
    )
    found = []
    for other in others:
        head = (other.extraction or {}).get("statement") or {}
        if isinstance(head, dict) and head.get("account_iban") in accounts:
            found.append(other.id)
    return found
