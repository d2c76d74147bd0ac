"""The review queue: documents that wait for a person, and payments with ranked candidates.

A decision goes through the reconcile service behind ``POST /transactions/{id}/match`` and
``/unmatch`` (:func:`match_manually`, :func:`unmatch`), recorded with the person's e-mail;
automatic matching never overrides it.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, or_, select

from boekstuk.api.deps import SessionDep
from boekstuk.api.routes.review import review as api_review
from boekstuk.api.routes.transactions import get_transaction
from boekstuk.api.schemas_bank import TransactionOut
from boekstuk.db.models import Customer, Invoice, ReviewItem
from boekstuk.domain.errors import BoekstukError
from boekstuk.services.reconcile import match_manually, unmatch
from boekstuk.web.deps import BASE, CsrfDep, EditorDep, ViewerDep, flash, record, render

router = APIRouter()


def invoices_by_id(session: SessionDep, ids: set[uuid.UUID]) -> dict[uuid.UUID, Invoice]:
    """The invoices with these ids (customers loaded for their names)."""
    if not ids:
        return {}
    return {i.id: i for i in session.scalars(select(Invoice).where(Invoice.id.in_(ids)))}


def customer_names(session: SessionDep, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Customer id → name."""
    if not ids:
        return {}
    return dict(
        session.execute(select(Customer.id, Customer.name).where(Customer.id.in_(ids))).all()
    )


def options(tx: TransactionOut, limit: int = 5) -> list[dict[str, object]]:
    """The transaction's candidates as choices: one per candidate set, best first."""
    seen: set[tuple[uuid.UUID, ...]] = set()
    found: list[dict[str, object]] = []
    for candidate in tx.candidates:
        ids = tuple(candidate.set) or (candidate.invoice_id,)
        if ids in seen:
            continue
        seen.add(ids)
        found.append({"ids": list(ids), "score": candidate.score, "reasons": candidate.reasons})
        if len(found) == limit:
            break
    return found


def _context(session: SessionDep, transactions: list[TransactionOut]) -> dict[str, Any]:
    wanted = {c.invoice_id for t in transactions for c in t.candidates}
    wanted |= {m.invoice_id for t in transactions for m in t.matches}
    invoices = invoices_by_id(session, wanted)
    names = customer_names(session, {i.customer_id for i in invoices.values()})
    return {
        "invoices": invoices,
        "names": names,
        "options": {t.id: options(t) for t in transactions},
    }


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, session: SessionDep, viewer: ViewerDep) -> Response:
    """What waits for a person, oldest first; keyboard: j/k move, 1 confirm, n no invoice."""
    queue = api_review(session, viewer.workspace, 100)
    items = list(
        session.scalars(
            select(ReviewItem)
            .where(ReviewItem.workspace_id == viewer.workspace.id, ReviewItem.status == "open")
            .order_by(ReviewItem.created_at)
            .limit(100)
        )
    )
    context = _context(session, queue.transactions)
    session.commit()
    return render(request, "review.html", viewer, nav="review", queue=queue, items=items, **context)


@router.get("/transactions/{transaction_id}", response_class=HTMLResponse)
def transaction_page(
    request: Request,
    transaction_id: uuid.UUID,
    session: SessionDep,
    viewer: ViewerDep,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """One payment, its matches and candidates, and a search for another invoice."""
    tx = get_transaction(transaction_id, session, viewer.workspace)
    found: list[Invoice] = []
    query = select(Invoice).where(
        Invoice.workspace_id == viewer.workspace.id,
        Invoice.status != "paid",
        Invoice.currency == tx.currency,
    )
    if q.strip():
        term = f"%{q.strip()}%"
        query = query.join(Customer, Customer.id == Invoice.customer_id).where(
            or_(Invoice.invoice_number.ilike(term), Customer.name.ilike(term))
        )
    else:  # the ones closest in amount first
        query = query.order_by(func.abs(func.abs(Invoice.open_amount) - abs(tx.amount)))
    found = list(session.scalars(query.limit(25)))
    invoices = invoices_by_id(
        session, {c.invoice_id for c in tx.candidates} | {m.invoice_id for m in tx.matches}
    )
    customers = {i.customer_id for i in [*invoices.values(), *found]}
    names = customer_names(session, customers)
    session.commit()
    return render(
        request,
        "transaction.html",
        viewer,
        nav="review",
        tx=tx,
        found=found,
        q=q,
        invoices=invoices,
        names=names,
        options={tx.id: options(tx, limit=20)},
    )


def _back(next_url: str | None, transaction_id: uuid.UUID) -> str:
    if next_url and next_url.startswith(BASE + "/") and not next_url.startswith("//"):
        return next_url
    return f"{BASE}/transactions/{transaction_id}"


@router.post("/transactions/{transaction_id}/match", dependencies=[CsrfDep])
def match(
    request: Request,
    transaction_id: uuid.UUID,
    session: SessionDep,
    viewer: EditorDep,
    invoice_ids: Annotated[list[uuid.UUID], Form(max_length=100)],
    next: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    """A person's match: this payment settles these invoices."""
    try:
        match_manually(
            session, viewer.workspace.id, transaction_id, invoice_ids, viewer.caller.actor[:100]
        )
        record(
            session,
            viewer,
            "match",
            "transaction",
            transaction_id,
            {"invoice_ids": [str(i) for i in invoice_ids]},
        )
        session.commit()
    except BoekstukError as exc:
        session.rollback()
        flash(request, "match_refused", "error", reason=exc.message)
    else:
        flash(request, "match_saved")
    return RedirectResponse(_back(next, transaction_id), status_code=303)


@router.post("/transactions/{transaction_id}/unmatch", dependencies=[CsrfDep])
def no_invoice(
    request: Request,
    transaction_id: uuid.UUID,
    session: SessionDep,
    viewer: EditorDep,
    next: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    """A person's "no invoice": the payment settles nothing."""
    try:
        unmatch(session, viewer.workspace.id, transaction_id, viewer.caller.actor[:100])
        record(session, viewer, "unmatch", "transaction", transaction_id)
        session.commit()
    except BoekstukError as exc:
        session.rollback()
        flash(request, "match_refused", "error", reason=exc.message)
    else:
        flash(request, "no_invoice_saved")
    return RedirectResponse(_back(next, transaction_id), status_code=303)
