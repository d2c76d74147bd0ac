"""Store a document's bank statements and their transactions, never a transaction twice.

In: a session, the workspace and document ids, and the :class:`Statement` values a reader
made of the file (or :func:`statements_from_extraction` made of CONTRACT §3 JSON). Out:
:class:`StoredStatements` — the statement rows, the ids of the transactions that were new,
how many were already known, and whether a person must look (a balance that does not add
up, with the difference in ``reasons``). The caller commits and decides the document's
status. Raises only SQLAlchemy errors.

No duplicates: the transactions are inserted in bulk with
``INSERT … ON CONFLICT DO NOTHING RETURNING id`` on ``(workspace, natural key, sequence)``
(see :mod:`boekstuk.domain.statements`), so the same statement twice or overlapping periods
never add a transaction again — also when two workers store them at the same moment. Two
renderings of one period that word a payment differently (the PDF and the CAMT) are paired
on day, amount and counterparty by :func:`~boekstuk.domain.statements.rendered_elsewhere`. A statement row is reused when
the document is processed again, or when another file states the same account, period and
balances.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from boekstuk.db.models import BankStatement, BankTransaction
from boekstuk.domain.statements import (
    Statement,
    StoredLine,
    Transaction,
    assign_sequences,
    balance_problems,
    rendered_elsewhere,
)

logger = logging.getLogger(__name__)

_CENT = Decimal("0.01")
_KEY = ("workspace_id", "natural_key", "sequence")


@dataclass(frozen=True, slots=True)
class StoredStatements:
    """What storing a document's statements did."""

    statement_ids: tuple[uuid.UUID, ...]
    new_transaction_ids: tuple[uuid.UUID, ...]
    """The transactions this call added (the ones to reconcile)."""
    read: int
    """Transactions in the file."""
    duplicates: int
    """Of those, already stored (another file, an overlapping period, the same file again)."""
    needs_review: bool = False
    reasons: tuple[str, ...] = field(default=())
    """One sentence per balance that does not add up, with the difference."""


def _cut(value: str | None, size: int) -> str | None:
    value = (value or "").strip()
    return value[:size] or None


def _find_statement(
    session: Session, workspace_id: uuid.UUID, document_id: uuid.UUID | None, st: Statement
) -> BankStatement | None:
    """The row this statement already has: same document, or same account, period, balances."""
    query = select(BankStatement).where(
        BankStatement.workspace_id == workspace_id,
        BankStatement.account_iban == st.account_iban,
        BankStatement.period_start == st.period_start,
        BankStatement.period_end == st.period_end,
        BankStatement.opening_balance == st.opening_balance,
        BankStatement.closing_balance == st.closing_balance,
    )
    if st.period_start is None or st.opening_balance is None:
        # Without a period and balances (a CSV export) only the same document is the same.
        query = query.where(BankStatement.document_id == document_id)
    return session.scalars(query.order_by(BankStatement.created_at)).first()


def _values(
    workspace_id: uuid.UUID,
    statement_id: uuid.UUID,
    account: str | None,
    tx: Transaction,
    key: str,
    sequence: int,
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "workspace_id": workspace_id,
        "statement_id": statement_id,
        "account_iban": _cut(account, 34),
        "booking_date": tx.booking_date,
        "value_date": tx.value_date,
        "amount": tx.amount.quantize(_CENT),
        "currency": (tx.currency or "EUR").upper()[:3],
        "description": tx.description or None,
        "counterparty_name": _cut(tx.counterparty_name, 300),
        "counterparty_iban": _cut(tx.counterparty_iban, 34),
        "reference": _cut(tx.payment_reference or tx.bank_reference, 140),
        "end_to_end_id": _cut(tx.end_to_end_id, 140),
        "natural_key": key,
        "sequence": sequence,
        "match_status": "unmatched",
    }


def _rendered_elsewhere(
    session: Session,
    workspace_id: uuid.UUID,
    account: str | None,
    keyed: list[tuple[Transaction, str, int]],
) -> set[int]:
    """Positions of ``keyed`` another file of the same period already stored (a PDF and its
    CAMT); on PostgreSQL the account is locked first, so two such files stored at the same
    moment still pair up."""
    account = _cut(account, 34)
    if not keyed or not account:
        return set()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
            {"key": f"statement:{workspace_id}:{account}"},
        )
    days = {tx.booking_date for tx, _key, _seq in keyed}
    stored = [
        StoredLine(*line)
        for line in session.execute(
            select(
                BankTransaction.natural_key,
                BankTransaction.sequence,
                BankTransaction.booking_date,
                BankTransaction.amount,
                BankTransaction.counterparty_iban,
                BankTransaction.counterparty_name,
            ).where(
                BankTransaction.workspace_id == workspace_id,
                BankTransaction.account_iban == account,
                BankTransaction.booking_date.in_(days),
            )
        )
    ]
    return rendered_elsewhere(keyed, stored)


def _insert_new(session: Session, rows: list[dict[str, Any]]) -> list[uuid.UUID]:
    """Insert-or-nothing on the natural key for many rows; the new rows' ids, in order.

    One statement compiled once and sent in pages (SQLAlchemy's "insertmanyvalues")."""
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(BankTransaction)
        .on_conflict_do_nothing(index_elements=list(_KEY))
        .returning(BankTransaction.id)
    )
    added = set(session.execute(statement, rows).scalars())
    return [r["id"] for r in rows if r["id"] in added]


def store_statements(
    session: Session,
    workspace_id: uuid.UUID,
    document_id: uuid.UUID | None,
    statements: Sequence[Statement],
) -> StoredStatements:
    """Add the statements and every transaction not stored yet (the caller commits)."""
    statement_ids: list[uuid.UUID] = []
    new_ids: list[uuid.UUID] = []
    read = duplicates = 0
    for st in statements:
        row = _find_statement(session, workspace_id, document_id, st)
        if row is None:
            row = BankStatement(
                workspace_id=workspace_id,
                document_id=document_id,
                account_iban=_cut(st.account_iban, 34),
                currency=(st.currency or "EUR").upper()[:3],
                period_start=st.period_start,
                period_end=st.period_end,
                opening_balance=st.opening_balance,
                closing_balance=st.closing_balance,
            )
            session.add(row)
            session.flush()
        statement_ids.append(row.id)
        account = st.account
        keyed = [
            (tx, key, sequence)
            for tx, (key, sequence) in zip(
                st.transactions, assign_sequences(account, st.transactions), strict=True
            )
        ]
        elsewhere = _rendered_elsewhere(session, workspace_id, st.account_iban or account, keyed)
        rows = [
            _values(workspace_id, row.id, st.account_iban or account, tx, key, sequence)
            for position, (tx, key, sequence) in enumerate(keyed)
            if position not in elsewhere
        ]
        read += len(keyed)
        added = _insert_new(session, rows)
        new_ids += added
        duplicates += len(keyed) - len(added)
    problems = tuple(balance_problems(statements))
    logger.info(
        "stored %d statement(s): %d transaction(s) read, %d new, %d already known%s",
        len(statement_ids),
        read,
        len(new_ids),
        duplicates,
        f"; {len(problems)} balance problem(s)" if problems else "",
    )
    return StoredStatements(
        statement_ids=tuple(statement_ids),
        new_transaction_ids=tuple(new_ids),
        read=read,
        duplicates=duplicates,
        needs_review=bool(problems),
        reasons=problems,
    )


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(_CENT)
    except InvalidOperation:
        return None


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def statements_from_extraction(extraction: dict[str, Any]) -> list[Statement]:
    """CONTRACT §3 ``statement`` + ``transactions`` back into one :class:`Statement`.

    For statements read from a PDF or a scan (no bank file to read again). Lines without a
    date or amount are left out. Empty when the extraction has no transactions.

    >>> st = statements_from_extraction({
    ...     "statement": {"account_iban": "NL91ABNA0417164300", "opening_balance": "10.00",
    ...                   "closing_balance": "7.00", "currency": "EUR"},
    ...     "transactions": [{"date": "2026-01-05", "amount": "-3.00", "description": "x"}]})
    >>> st[0].balance_check().ok, st[0].transactions[0].amount
    (True, Decimal('-3.00'))
    """
    head = extraction.get("statement") or {}
    rows = extraction.get("transactions") or []
    if not isinstance(head, dict) or not isinstance(rows, list) or not rows:
        return []
    currency = str(head.get("currency") or "EUR")
    transactions: list[Transaction] = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        booked, amount = _day(row.get("date")), _decimal(row.get("amount"))
        if booked is None or amount is None:
            continue
        transactions.append(
            Transaction(
                booking_date=booked,
                amount=amount,
                currency=str(row.get("currency") or currency),
                description=str(row.get("description") or ""),
                counterparty_name=row.get("counterparty_name"),
                counterparty_iban=row.get("counterparty_iban"),
                bank_reference=row.get("reference"),
            )
        )
    if not transactions:
        return []
    return [
        Statement(
            account_iban=head.get("account_iban"),
            currency=currency,
            opening_balance=_decimal(head.get("opening_balance")),
            closing_balance=_decimal(head.get("closing_balance")),
            transactions=tuple(transactions),
            period_start=_day(head.get("period_start")),
            period_end=_day(head.get("period_end")),
            source_format="extraction",
        )
    ]
