"""``/review``: what waits for a person — documents and transactions in ``needs_review``."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import func, select

from boekstuk.api.deps import Limit, SessionDep, WorkspaceDep
from boekstuk.api.routes.transactions import list_query, transactions_out
from boekstuk.api.schemas import DocumentOut, ErrorOut
from boekstuk.api.schemas_bank import ReviewOut
from boekstuk.db.models import BankTransaction, Document
from boekstuk.domain.documents import DocumentStatus

router = APIRouter(prefix="/review", tags=["review"], responses={401: {"model": ErrorOut}})


@router.get("", response_model=ReviewOut)
def review(
    session: SessionDep,
    workspace: WorkspaceDep,
    limit: Limit = 100,
) -> ReviewOut:
    """Documents and transactions a person should look at, oldest first (``limit`` each)."""
    documents = select(Document).where(
        Document.workspace_id == workspace.id,
        Document.status == DocumentStatus.NEEDS_REVIEW.value,
    )
    transactions = list_query(workspace.id, "needs_review")
    doc_total = session.scalar(select(func.count()).select_from(documents.subquery())) or 0
    tx_total = session.scalar(select(func.count()).select_from(transactions.subquery())) or 0
    doc_rows = session.scalars(documents.order_by(Document.created_at, Document.id).limit(limit))
    tx_rows = list(
        session.scalars(
            transactions.order_by(BankTransaction.booking_date, BankTransaction.id).limit(limit)
        )
    )
    return ReviewOut(
        documents=[DocumentOut.of(d, with_extraction=False) for d in doc_rows],
        transactions=transactions_out(session, tx_rows),
        documents_total=doc_total,
        transactions_total=tx_total,
    )
