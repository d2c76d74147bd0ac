"""Web pages for the books: dashboard, invoices, customers, bank statements.

Lists reuse the JSON API's route functions (their queries and filters) where the API has
them; the dashboard's figures come from :mod:`boekstuk.web.queries`.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from boekstuk.api.deps import SessionDep
from boekstuk.api.routes.customers import get_customer, list_customers
from boekstuk.api.routes.invoices import list_invoices
from boekstuk.api.routes.transactions import transactions_out
from boekstuk.db.models import BankStatement, BankTransaction, Document
from boekstuk.domain.errors import BoekstukError, NotFoundError
from boekstuk.services.parties import merge_customers
from boekstuk.web import queries
from boekstuk.web.deps import BASE, CsrfDep, EditorDep, ViewerDep, flash, record, render
from boekstuk.web.routes_review import customer_names, invoices_by_id

router = APIRouter()
PAGE_SIZE = 50


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, session: SessionDep, viewer: ViewerDep) -> Response:
    """Today's documents by status, throughput, what is open, what waits for review."""
    figures = queries.dashboard(session, viewer.workspace.id)
    session.commit()
    return render(request, "dashboard.html", viewer, nav="dashboard", f=figures)


@router.get("/invoices", response_class=HTMLResponse)
def invoices(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    status: Literal["", "open", "partially_paid", "paid"] = "",
    direction: Literal["", "sales", "purchase"] = "",
    customer_id: uuid.UUID | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """Invoices by status and direction, and the amounts still open per customer."""
    listing = list_invoices(
        session,
        viewer.workspace,
        status=status or None,
        customer_id=customer_id,
        direction=direction or None,
        kind=None,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    names = customer_names(session, {i.customer_id for i in listing.items})
    open_per_customer = queries.open_per_customer(session, viewer.workspace.id, direction or None)
    session.commit()
    return render(
        request,
        "invoices.html",
        viewer,
        nav="invoices",
        listing=listing,
        names=names,
        open_per_customer=open_per_customer,
        status=status,
        direction=direction,
        customer_id=customer_id,
        page=page,
        pages=max(1, -(-listing.total // PAGE_SIZE)),
    )


@router.get("/customers", response_class=HTMLResponse)
def customers(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """Customers and suppliers; search by name, VAT, KvK or IBAN."""
    listing = list_customers(
        session,
        viewer.workspace,
        q=q or None,
        include_merged=False,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    session.commit()
    return render(
        request,
        "customers.html",
        viewer,
        nav="customers",
        listing=listing,
        q=q,
        page=page,
        pages=max(1, -(-listing.total // PAGE_SIZE)),
    )


@router.get("/customers/{customer_id}", response_class=HTMLResponse)
def customer(
    request: Request,
    customer_id: uuid.UUID,
    session: SessionDep,
    viewer: ViewerDep,
    merge_q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """One customer: identifiers, every IBAN seen, its invoices, what is open; merge it."""
    row = get_customer(customer_id, session, viewer.workspace)
    others = []
    if merge_q.strip() and viewer.can_edit:
        found = list_customers(
            session, viewer.workspace, q=merge_q, include_merged=False, limit=10, offset=0
        )
        others = [c for c in found.items if c.id != customer_id]
    listing = list_invoices(
        session,
        viewer.workspace,
        status=None,
        customer_id=customer_id,
        direction=None,
        kind=None,
        limit=500,
        offset=0,
    )
    open_total = sum((i.open_amount for i in listing.items if i.status != "paid"), start=0)
    session.commit()
    return render(
        request,
        "customer.html",
        viewer,
        nav="customers",
        c=row,
        listing=listing,
        open_total=open_total,
        merge_q=merge_q,
        others=others,
    )


@router.post("/customers/{customer_id}/merge", dependencies=[CsrfDep])
def merge(
    request: Request,
    customer_id: uuid.UUID,
    session: SessionDep,
    viewer: EditorDep,
    into: Annotated[uuid.UUID, Form()],
) -> Response:
    """Merge this customer into ``into`` (as ``POST /customers/{id}/merge``)."""
    try:
        merge_customers(
            session, viewer.workspace.id, customer_id, into, merged_by=viewer.caller.actor
        )
        record(session, viewer, "merge", "customer", customer_id, {"into": str(into)})
        session.commit()
    except BoekstukError as exc:
        session.rollback()
        flash(request, "merge_refused", "error", reason=exc.message)
        return RedirectResponse(f"{BASE}/customers/{customer_id}", status_code=303)
    flash(request, "customers_merged")
    return RedirectResponse(f"{BASE}/customers/{into}", status_code=303)


@router.get("/statements", response_class=HTMLResponse)
def statements(request: Request, session: SessionDep, viewer: ViewerDep) -> Response:
    """Bank statements, newest period first, with their transactions' match status."""
    rows = queries.statements(session, viewer.workspace.id)
    session.commit()
    return render(request, "statements.html", viewer, nav="statements", rows=rows)


@router.get("/statements/{statement_id}", response_class=HTMLResponse)
def statement(
    request: Request, statement_id: uuid.UUID, session: SessionDep, viewer: ViewerDep
) -> Response:
    """One statement and every transaction on it with what it pays."""
    row = session.scalar(
        select(BankStatement).where(
            BankStatement.id == statement_id, BankStatement.workspace_id == viewer.workspace.id
        )
    )
    if row is None:
        raise NotFoundError("no such statement")
    txs = list(
        session.scalars(
            select(BankTransaction)
            .where(BankTransaction.statement_id == row.id)
            .order_by(BankTransaction.booking_date, BankTransaction.sequence, BankTransaction.id)
        )
    )
    out = transactions_out(session, txs)
    invoices = invoices_by_id(
        session,
        {m.invoice_id for t in out for m in t.matches}
        | {c.invoice_id for t in out for c in t.candidates},
    )
    names = customer_names(session, {i.customer_id for i in invoices.values()})
    document = session.get(Document, row.document_id) if row.document_id else None
    total = session.scalar(
        select(func.coalesce(func.sum(BankTransaction.amount), 0)).where(
            BankTransaction.statement_id == row.id
        )
    )
    session.commit()
    return render(
        request,
        "statement.html",
        viewer,
        nav="statements",
        st=row,
        txs=out,
        invoices=invoices,
        names=names,
        document=document,
        total=total,
    )
