"""Book a document as an invoice of its customer: create, recognise again, update in place.

In: a session, the document (id, workspace, sha256), CONTRACT §3 ``fields``, its type, the
direction and the customer id from the parties stage. Out: :class:`Booked`. The caller
commits. Raises only SQLAlchemy errors.

Rules: the unique key (workspace, customer, invoice number) recognises the same invoice
arriving again (rescan, e-mail copy, photo): that document is linked to the existing invoice
as a duplicate and differing amounts raise an ``amount_mismatch`` review item. Reprocessing
a document updates the invoice it created, never adds one. Credit notes are stored with a
negative total and open amount, so they reduce what the customer has open. Receipts are
purchase records of their merchant; a receipt or invoice without a number is keyed by its
document (``doc-<sha256 prefix>``). A document without a total is not booked (review item
``missing_amount``).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from boekstuk.db.models import Document, Invoice, TransactionMatch
from boekstuk.services.parties import add_review

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")
_AMOUNTS = ("total_amount", "net_amount", "tax_amount")


@dataclass(frozen=True, slots=True)
class Booked:
    """What booking a document did."""

    invoice_id: uuid.UUID | None
    created: bool = False
    duplicate: bool = False  # the document is another copy of an existing invoice
    review_item_ids: tuple[uuid.UUID, ...] = field(default=())


def _value(fields: dict[str, Any], name: str) -> str | None:
    entry = fields.get(name)
    value = entry.get("value") if isinstance(entry, dict) else entry
    return str(value).strip() or None if value is not None else None


def _money(fields: dict[str, Any], name: str) -> Decimal | None:
    value = _value(fields, name)
    if value is None:
        return None
    try:
        return Decimal(value.replace(",", ".")).quantize(CENT)
    except InvalidOperation:
        return None


def _date(fields: dict[str, Any], name: str) -> date | None:
    value = _value(fields, name)
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def invoice_values(
    fields: dict[str, Any], document_type: str, direction: str, sha256: str
) -> dict[str, Any] | None:
    """The invoice columns a document gives (None without a total amount)."""
    total = _money(fields, "total_amount")
    if total is None:
        return None
    net, tax = _money(fields, "net_amount"), _money(fields, "tax_amount")
    kind = document_type if document_type in ("credit_note", "receipt") else "invoice"
    if kind == "credit_note":  # a credit note is money back: negative, whatever was printed
        total = -abs(total)
        net = -abs(net) if net is not None else None
        tax = -abs(tax) if tax is not None else None
    number = _value(fields, "invoice_number") or f"doc-{sha256[:16]}"
    currency = (_value(fields, "currency") or "EUR").upper()[:3]
    return {
        "direction": direction,
        "kind": kind,
        "invoice_number": number[:100],
        "invoice_date": _date(fields, "invoice_date"),
        "due_date": _date(fields, "due_date"),
        "currency": currency,
        "net_amount": net,
        "tax_amount": tax,
        "total_amount": total,
        "payment_reference": (_value(fields, "payment_reference") or "")[:100] or None,
    }


def settle(invoice: Invoice, paid: Decimal) -> None:
    """Set ``open_amount`` and ``status`` from the total and what was paid."""
    invoice.open_amount = (invoice.total_amount - paid).quantize(CENT)
    if paid == 0:
        invoice.status = "open"
    elif abs(invoice.open_amount) == 0 or (invoice.open_amount * invoice.total_amount) < 0:
        invoice.status = "paid"
    else:
        invoice.status = "partially_paid"


def _paid(session: Session, invoice_id: uuid.UUID) -> Decimal:
    paid = session.scalar(
        select(func.coalesce(func.sum(TransactionMatch.amount), 0)).where(
            TransactionMatch.invoice_id == invoice_id
        )
    )
    return Decimal(paid or 0)


def book_document(
    session: Session,
    document: Document,
    fields: dict[str, Any],
    document_type: str,
    direction: str,
    customer_id: uuid.UUID,
) -> Booked:
    """Create or update the document's invoice, or link the document to its twin."""
    values = invoice_values(fields, document_type, direction, document.sha256)
    workspace_id = document.workspace_id
    if values is None:
        review = add_review(
            session,
            workspace_id,
            "missing_amount",
            f"{document.filename}: no total amount, so no invoice was booked",
            document_id=document.id,
            customer_id=customer_id,
        )
        _link(session, document.id, customer_id, None)
        return Booked(None, review_item_ids=(review,))
    own = session.scalar(select(Invoice).where(Invoice.document_id == document.id))
    if own is not None:  # reprocessing: update in place
        twin = _by_key(session, workspace_id, customer_id, values["invoice_number"])
        if twin is not None and twin.id != own.id:  # the key now points at another invoice
            values.pop("invoice_number")
            values["customer_id"] = own.customer_id
        else:
            values["customer_id"] = customer_id
        for name, value in values.items():
            setattr(own, name, value)
        settle(own, _paid(session, own.id))
        _link(session, document.id, own.customer_id, own.id)
        logger.info("updated invoice %s from document %s", own.id, document.id)
        return Booked(own.id)
    new_id = uuid.uuid4()
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(Invoice)
        .values(
            id=new_id,
            workspace_id=workspace_id,
            document_id=document.id,
            customer_id=customer_id,
            open_amount=values["total_amount"],
            status="open",
            **values,
        )
        .on_conflict_do_nothing()
    )
    invoice = _by_key(session, workspace_id, customer_id, values["invoice_number"])
    if invoice is None:
        raise RuntimeError("invoice insert conflicted but no invoice holds its key")
    if invoice.id == new_id:
        _link(session, document.id, customer_id, invoice.id)
        logger.info("created invoice %s (%s)", invoice.id, invoice.invoice_number)
        return Booked(invoice.id, created=True)
    if invoice.document_id is None:  # its document was deleted: this copy takes its place
        invoice.document_id = document.id
    _link(session, document.id, customer_id, invoice.id)
    reviews = _compare(session, document, invoice, values)
    logger.info("document %s is another copy of invoice %s", document.id, invoice.id)
    return Booked(invoice.id, duplicate=True, review_item_ids=reviews)


def _by_key(
    session: Session, workspace_id: uuid.UUID, customer_id: uuid.UUID, number: str
) -> Invoice | None:
    return session.scalar(
        select(Invoice).where(
            Invoice.workspace_id == workspace_id,
            Invoice.customer_id == customer_id,
            Invoice.invoice_number == number,
        )
    )


def _compare(
    session: Session, document: Document, invoice: Invoice, values: dict[str, Any]
) -> tuple[uuid.UUID, ...]:
    differences = {
        name: {"invoice": str(getattr(invoice, name)), "document": str(values[name])}
        for name in _AMOUNTS
        if values.get(name) is not None
        and getattr(invoice, name) is not None
        and Decimal(getattr(invoice, name)) != values[name]
    }
    if not differences:
        return ()
    review = add_review(
        session,
        document.workspace_id,
        "amount_mismatch",
        f"{document.filename} repeats invoice {invoice.invoice_number} with other amounts",
        document_id=document.id,
        customer_id=invoice.customer_id,
        invoice_id=invoice.id,
        details={"differences": differences, "document_id": str(document.id)},
    )
    return (review,)


def _link(
    session: Session,
    document_id: uuid.UUID,
    customer_id: uuid.UUID | None,
    invoice_id: uuid.UUID | None,
) -> None:
    session.execute(
        update(Document)
        .where(Document.id == document_id)
        .values(customer_id=customer_id, invoice_id=invoice_id)
        .execution_options(synchronize_session=False)
    )
    session.flush()
