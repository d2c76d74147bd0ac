"""``/transactions``: list and read payments, and a person's match or unmatch.

A person's decision is final: automatic matching never changes a transaction matched or
unmatched here.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Literal

from fastapi import APIRouter
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from boekstuk.api.deps import DeciderDep, Limit, Offset, SessionDep, WorkspaceDep
from boekstuk.api.schemas import ErrorOut
from boekstuk.api.schemas_bank import MatchIn, TransactionListOut, TransactionOut
from boekstuk.db.models import BankTransaction, TransactionMatch
from boekstuk.domain.errors import NotFoundError
from boekstuk.services import audit
from boekstuk.services.reconcile import match_manually, unmatch

router = APIRouter(
    prefix="/transactions",
    tags=["transactions"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)

MatchStatus = Literal["unmatched", "matched", "needs_review"]


def transactions_out(session: Session, rows: list[BankTransaction]) -> list[TransactionOut]:
    """The rows with their matches, in the contract's shape."""
    matches: dict[uuid.UUID, list[TransactionMatch]] = defaultdict(list)
    if rows:
        for match in session.scalars(
            select(TransactionMatch)
            .where(TransactionMatch.transaction_id.in_([r.id for r in rows]))
            .order_by(TransactionMatch.created_at, TransactionMatch.id)
        ):
            matches[match.transaction_id].append(match)
    return [TransactionOut.of(r, matches[r.id]) for r in rows]


def list_query(workspace_id: uuid.UUID, match_status: str | None) -> Select[BankTransaction]:
    """The workspace's transactions, optionally of one match status."""
    query = select(BankTransaction).where(BankTransaction.workspace_id == workspace_id)
    if match_status is not None:
        query = query.where(BankTransaction.match_status == match_status)
    return query


@router.get("", response_model=TransactionListOut)
def list_transactions(
    session: SessionDep,
    workspace: WorkspaceDep,
    match_status: MatchStatus | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> TransactionListOut:
    """The workspace's transactions, newest booking date first."""
    query = list_query(workspace.id, match_status)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = list(
        session.scalars(
            query.order_by(
                BankTransaction.booking_date.desc(),
                BankTransaction.created_at.desc(),
                BankTransaction.id,
            )
            .limit(limit)
            .offset(offset)
        )
    )
    return TransactionListOut(items=transactions_out(session, rows), total=total)


def _one(session: Session, workspace_id: uuid.UUID, transaction_id: uuid.UUID) -> TransactionOut:
    row = session.scalar(
        select(BankTransaction).where(
            BankTransaction.id == transaction_id, BankTransaction.workspace_id == workspace_id
        )
    )
    if row is None:
        raise NotFoundError("no such transaction")
    return transactions_out(session, [row])[0]


@router.get("/{transaction_id}", response_model=TransactionOut)
def get_transaction(
    transaction_id: uuid.UUID, session: SessionDep, workspace: WorkspaceDep
) -> TransactionOut:
    """One transaction with its matches and, when it waits for a person, its candidates."""
    return _one(session, workspace.id, transaction_id)


@router.post(
    "/{transaction_id}/match",
    response_model=TransactionOut,
    responses={409: {"model": ErrorOut}},
)
def match_transaction(
    transaction_id: uuid.UUID, body: MatchIn, session: SessionDep, caller: DeciderDep
) -> TransactionOut:
    """A person's match: the payment settles these invoices (replacing earlier matches)."""
    workspace_id = caller.workspace.id
    try:
        match_manually(session, workspace_id, transaction_id, body.invoice_ids, caller.actor[:100])
        audit.record(
            session,
            workspace_id,
            caller.actor,
            "match",
            "transaction",
            transaction_id,
            {"invoice_ids": [str(i) for i in body.invoice_ids]},
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return _one(session, workspace_id, transaction_id)


@router.post("/{transaction_id}/unmatch", response_model=TransactionOut)
def unmatch_transaction(
    transaction_id: uuid.UUID, session: SessionDep, caller: DeciderDep
) -> TransactionOut:
    """A person's ``no``: the payment settles nothing; the invoices' open amounts come back."""
    workspace_id = caller.workspace.id
    try:
        unmatch(session, workspace_id, transaction_id, caller.actor[:100])
        audit.record(session, workspace_id, caller.actor, "unmatch", "transaction", transaction_id)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return _one(session, workspace_id, transaction_id)
