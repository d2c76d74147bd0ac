"""``/customers``: list and search, read, correct, merge."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from stdnum.exceptions import ValidationError

from boekstuk.api.deps import DeciderDep, Limit, Offset, SessionDep, WorkspaceDep
from boekstuk.api.schemas import ErrorOut
from boekstuk.api.schemas_ledger import CustomerListOut, CustomerOut, CustomerPatch, MergeIn
from boekstuk.db.models import Customer, CustomerIban, Invoice, Workspace
from boekstuk.domain.errors import BoekstukError, ErrorCode, NotFoundError
from boekstuk.domain.identifiers import iban_validate, kvk_validate, vat_validate
from boekstuk.domain.names import match_key
from boekstuk.domain.parties import parse_place
from boekstuk.services import audit
from boekstuk.services.parties import add_iban, merge_customers

router = APIRouter(
    prefix="/customers",
    tags=["customers"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)


def load_customer(session: Session, workspace: Workspace, customer_id: uuid.UUID) -> Customer:
    """The caller's customer, or 404 (also for another workspace's id)."""
    customer = session.scalar(
        select(Customer).where(Customer.id == customer_id, Customer.workspace_id == workspace.id)
    )
    if customer is None:
        raise NotFoundError("no such customer")
    return customer


def _out(session: Session, customers: list[Customer]) -> list[CustomerOut]:
    ids = [c.id for c in customers]
    invoices: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    ibans: dict[uuid.UUID, list[str]] = defaultdict(list)
    if ids:
        for invoice_id, customer_id in session.execute(
            select(Invoice.id, Invoice.customer_id)
            .where(Invoice.customer_id.in_(ids))
            .order_by(Invoice.invoice_date, Invoice.invoice_number)
        ):
            invoices[customer_id].append(invoice_id)
        for iban, customer_id in session.execute(
            select(CustomerIban.iban, CustomerIban.customer_id)
            .where(CustomerIban.customer_id.in_(ids))
            .order_by(CustomerIban.created_at)
        ):
            ibans[customer_id].append(iban)
    return [CustomerOut.of(c, invoices[c.id], ibans[c.id]) for c in customers]


@router.get("", response_model=CustomerListOut)
def list_customers(
    session: SessionDep,
    workspace: WorkspaceDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    include_merged: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> CustomerListOut:
    """The workspace's customers by name; ``q`` searches name, VAT, KvK and IBAN."""
    query = select(Customer).where(Customer.workspace_id == workspace.id)
    if not include_merged:
        query = query.where(Customer.merged_into_id.is_(None))
    if q and q.strip():
        term = q.strip()
        compact = "".join(term.split()).upper()
        query = query.where(
            or_(
                Customer.name.ilike(f"%{term}%"),
                Customer.normalized_name.like(f"%{match_key(term)}%"),
                Customer.vat_number == compact,
                Customer.coc_number == compact,
                Customer.id.in_(
                    select(CustomerIban.customer_id).where(
                        CustomerIban.workspace_id == workspace.id, CustomerIban.iban == compact
                    )
                ),
            )
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = list(
        session.scalars(
            query.order_by(Customer.normalized_name, Customer.id).limit(limit).offset(offset)
        )
    )
    return CustomerListOut(items=_out(session, rows), total=total)


@router.get("/{customer_id}", response_model=CustomerOut)
def get_customer(
    customer_id: uuid.UUID, session: SessionDep, workspace: WorkspaceDep
) -> CustomerOut:
    """One customer with its invoices' ids and every IBAN it was seen with."""
    return _out(session, [load_customer(session, workspace, customer_id)])[0]


@router.patch("/{customer_id}", response_model=CustomerOut, responses={422: {"model": ErrorOut}})
def patch_customer(
    customer_id: uuid.UUID, body: CustomerPatch, session: SessionDep, caller: DeciderDep
) -> CustomerOut:
    """A person's correction; the corrected fields are locked against automatic updates."""
    customer = load_customer(session, caller.workspace, customer_id)
    changes = body.model_dump(exclude_unset=True)
    try:
        if changes.get("vat_number"):
            changes["vat_number"] = vat_validate(changes["vat_number"])
        if changes.get("iban"):
            changes["iban"] = iban_validate(changes["iban"])
        if changes.get("coc_number"):
            changes["coc_number"] = kvk_validate(changes["coc_number"])
    except ValidationError as exc:
        raise BoekstukError(f"invalid identifier: {exc}", ErrorCode.VALIDATION_ERROR) from exc
    for name, value in changes.items():
        setattr(customer, name, value)
    if "name" in changes:
        customer.normalized_name = match_key(changes["name"])[:300]
    if "address" in changes:
        customer.postcode, customer.city = parse_place(changes["address"])
    if changes.get("iban"):
        add_iban(session, customer, changes["iban"])
    customer.locked_fields = sorted(set(customer.locked_fields or ()) | set(changes))
    audit.record(
        session, customer.workspace_id, caller.actor, "correct", "customer", customer.id, changes
    )
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise BoekstukError(
            "another customer has that VAT or KvK number; merge them instead", ErrorCode.CONFLICT
        ) from exc
    return _out(session, [customer])[0]


@router.post(
    "/{customer_id}/merge", response_model=CustomerOut, responses={409: {"model": ErrorOut}}
)
def merge(
    customer_id: uuid.UUID, body: MergeIn, session: SessionDep, caller: DeciderDep
) -> CustomerOut:
    """Merge this customer into ``into``: invoices and IBANs move, an audit record stays."""
    workspace_id = caller.workspace.id
    target = merge_customers(
        session, workspace_id, customer_id, body.into, merged_by=caller.actor[:100]
    )
    audit.record(
        session,
        workspace_id,
        caller.actor,
        "merge",
        "customer",
        customer_id,
        {"into": str(target.id)},
    )
    session.commit()
    return _out(session, [target])[0]
