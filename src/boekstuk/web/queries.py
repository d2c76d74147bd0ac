"""Read-only figures for the web pages: the dashboard, open amounts, statement summaries.

In: a session and a workspace id. Out: plain dicts and lists for the templates. Raises only
SQLAlchemy errors.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from boekstuk.db.models import (
    BankStatement,
    BankTransaction,
    Customer,
    Document,
    Invoice,
    ReviewItem,
)
from boekstuk.domain.documents import DocumentStatus


def _today() -> datetime:
    now = datetime.now(UTC)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def dashboard(session: Session, workspace_id: uuid.UUID) -> dict[str, Any]:
    """Documents per status today, throughput, open receivables/payables, the review queue."""
    today = _today()
    per_status = dict.fromkeys((s.value for s in DocumentStatus), 0)
    for status, count in session.execute(
        select(Document.status, func.count())
        .where(Document.workspace_id == workspace_id, Document.created_at >= today)
        .group_by(Document.status)
    ):
        per_status[status] = count
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    finished = (DocumentStatus.PROCESSED.value, DocumentStatus.NEEDS_REVIEW.value)
    done_today, done_hour = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((Document.processed_at >= hour_ago, 1), else_=0)), 0),
        ).where(
            Document.workspace_id == workspace_id,
            Document.processed_at >= today,
            Document.status.in_(finished),
        )
    ).one()
    open_amounts = {"sales": (Decimal(0), 0), "purchase": (Decimal(0), 0)}
    for direction, amount, count in session.execute(
        select(Invoice.direction, func.coalesce(func.sum(Invoice.open_amount), 0), func.count())
        .where(Invoice.workspace_id == workspace_id, Invoice.status != "paid")
        .group_by(Invoice.direction)
    ):
        open_amounts[direction] = (Decimal(amount), count)
    overdue = session.scalar(
        select(func.count()).where(
            Invoice.workspace_id == workspace_id,
            Invoice.status != "paid",
            Invoice.due_date < today.date(),
        )
    )
    waiting = {
        "documents": _count(session, Document, workspace_id, Document.status == "needs_review"),
        "transactions": _count(
            session, BankTransaction, workspace_id, BankTransaction.match_status == "needs_review"
        ),
        "questions": _count(session, ReviewItem, workspace_id, ReviewItem.status == "open"),
        "unmatched": _count(
            session, BankTransaction, workspace_id, BankTransaction.match_status == "unmatched"
        ),
    }
    recent = list(
        session.scalars(
            select(Document)
            .where(Document.workspace_id == workspace_id)
            .order_by(Document.created_at.desc(), Document.id)
            .limit(8)
        )
    )
    return {
        "per_status": per_status,
        "uploaded_today": sum(per_status.values()),
        "done_today": int(done_today or 0),
        "done_hour": int(done_hour or 0),
        "receivables": open_amounts["sales"],
        "payables": open_amounts["purchase"],
        "overdue": int(overdue or 0),
        "waiting": waiting,
        "recent": recent,
    }


def _count(session: Session, model: Any, workspace_id: uuid.UUID, *where: Any) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(model)
            .where(model.workspace_id == workspace_id, *where)
        )
        or 0
    )


def open_per_customer(
    session: Session, workspace_id: uuid.UUID, direction: str | None, limit: int = 20
) -> list[dict[str, Any]]:
    """Customers by the amount still open on their invoices, largest first."""
    query = (
        select(
            Customer.id,
            Customer.name,
            Invoice.direction,
            Invoice.currency,
            func.sum(Invoice.open_amount).label("open"),
            func.count().label("count"),
        )
        .join(Customer, Customer.id == Invoice.customer_id)
        .where(Invoice.workspace_id == workspace_id, Invoice.status != "paid")
        .group_by(Customer.id, Customer.name, Invoice.direction, Invoice.currency)
        .order_by(func.abs(func.sum(Invoice.open_amount)).desc(), Customer.name)
        .limit(limit)
    )
    if direction:
        query = query.where(Invoice.direction == direction)
    return [dict(row._mapping) for row in session.execute(query)]


def statements(session: Session, workspace_id: uuid.UUID, limit: int = 200) -> list[dict[str, Any]]:
    """Statements (newest period first) with their number of transactions per match status."""
    counts = (
        select(
            BankTransaction.statement_id.label("sid"),
            func.count().label("total"),
            func.sum(case((BankTransaction.match_status == "matched", 1), else_=0)).label(
                "matched"
            ),
            func.sum(case((BankTransaction.match_status == "needs_review", 1), else_=0)).label(
                "review"
            ),
        )
        .where(BankTransaction.workspace_id == workspace_id)
        .group_by(BankTransaction.statement_id)
        .subquery()
    )
    rows = session.execute(
        select(BankStatement, counts.c.total, counts.c.matched, counts.c.review)
        .outerjoin(counts, counts.c.sid == BankStatement.id)
        .where(BankStatement.workspace_id == workspace_id)
        .order_by(BankStatement.period_end.desc(), BankStatement.created_at.desc())
        .limit(limit)
    )
    return [
        {
            "st": st,
            "total": int(total or 0),
            "matched": int(matched or 0),
            "review": int(review or 0),
        }
        for st, total, matched, review in rows
    ]
