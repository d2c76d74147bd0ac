"""``/invoices``: list with filters and pagination, read one."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Literal

from fastapi import APIRouter
from sqlalchemy import Select, func, select

from boekstuk.api.deps import Limit, Offset, SessionDep, WorkspaceDep
from boekstuk.api.schemas import ErrorOut
from boekstuk.api.schemas_ledger import InvoiceListOut, InvoiceOut
from boekstuk.db.models import Document, Invoice
from boekstuk.domain.errors import NotFoundError

router = APIRouter(
    prefix="/invoices",
    tags=["invoices"],
    responses={401: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)


def _duplicates(session: SessionDep, invoices: list[Invoice]) -> dict[uuid.UUID, list[uuid.UUID]]:
    found: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    primary = {i.id: i.document_id for i in invoices}
    if primary:
        for document_id, invoice_id in session.execute(
            select(Document.id, Document.invoice_id)
            .where(Document.invoice_id.in_(list(primary)))
            .order_by(Document.created_at)
        ):
            if invoice_id is not None and document_id != primary[invoice_id]:
                found[invoice_id].append(document_id)
    return found


InvoiceStatus = Literal["open", "partially_paid", "paid"]
Direction = Literal["sales", "purchase"]
Kind = Literal["invoice", "credit_note", "receipt"]


def list_query(
    workspace_id: uuid.UUID,
    status: str | None = None,
    customer_id: uuid.UUID | None = None,
    direction: str | None = None,
    kind: str | None = None,
) -> Select[Invoice]:
    """The workspace's invoices with the list's filters (also used by the CSV export)."""
    query = select(Invoice).where(Invoice.workspace_id == workspace_id)
    if status is not None:
        query = query.where(Invoice.status == status)
    if customer_id is not None:
        query = query.where(Invoice.customer_id == customer_id)
    if direction is not None:
        query = query.where(Invoice.direction == direction)
    if kind is not None:
        query = query.where(Invoice.kind == kind)
    return query


@router.get("", response_model=InvoiceListOut)
def list_invoices(
    session: SessionDep,
    workspace: WorkspaceDep,
    status: InvoiceStatus | None = None,
    customer_id: uuid.UUID | None = None,
    direction: Direction | None = None,
    kind: Kind | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> InvoiceListOut:
    """The workspace's invoices, newest invoice date first."""
    query = list_query(workspace.id, status, customer_id, direction, kind)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = list(
        session.scalars(
            query.order_by(Invoice.invoice_date.desc(), Invoice.created_at.desc(), Invoice.id)
            .limit(limit)
            .offset(offset)
        )
    )
    duplicates = _duplicates(session, rows)
    return InvoiceListOut(items=[InvoiceOut.of(i, duplicates[i.id]) for i in rows], total=total)


@router.get("/{invoice_id}", response_model=InvoiceOut)
def get_invoice(invoice_id: uuid.UUID, session: SessionDep, workspace: WorkspaceDep) -> InvoiceOut:
    """One invoice (with the documents that were other copies of it)."""
    invoice = session.scalar(
        select(Invoice).where(Invoice.id == invoice_id, Invoice.workspace_id == workspace.id)
    )
    if invoice is None:
        raise NotFoundError("no such invoice")
    return InvoiceOut.of(invoice, _duplicates(session, [invoice])[invoice.id])
