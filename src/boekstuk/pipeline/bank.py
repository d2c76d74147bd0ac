"""Bank statements in the worker: store them, then reconcile (reading: ``statements``).

* :func:`store_bank_document` (the store stage): the statements and their new transactions,
  committed. For a PDF or scan, the extraction's statement JSON is stored when it has one.
* :func:`reconcile_stored` (the reconcile stage): new payments against open invoices, or a
  new invoice against waiting payments; committed.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from sqlalchemy.orm import Session

from boekstuk.db.models import Document
from boekstuk.domain.documents import ContentType, DocumentType
from boekstuk.domain.statements import Statement
from boekstuk.engines.statement_registry import read_statements
from boekstuk.reconcile.models import MatchConfig
from boekstuk.services.reconcile import ReconcileResult, reconcile_invoice, reconcile_transactions
from boekstuk.services.statements import (
    StoredStatements,
    statements_from_extraction,
    store_statements,
)

logger = logging.getLogger(__name__)


def _statements(
    data: bytes, content_type: ContentType, extraction: dict[str, Any]
) -> list[Statement]:
    if content_type.is_bank_file:
        return read_statements(data, content_type.value)
    if extraction.get("document_type") == DocumentType.BANK_STATEMENT.value:
        return statements_from_extraction(extraction)
    return []


def store_bank_document(
    session: Session, document: Document, data: bytes, extraction: dict[str, Any]
) -> StoredStatements | None:
    """Store the document's statements (committed); None when it has none."""
    statements = _statements(data, ContentType(document.content_type), extraction)
    if not statements:
        return None
    try:
        stored = store_statements(session, document.workspace_id, document.id, statements)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return stored


def reconcile_stored(
    session: Session,
    workspace_id: uuid.UUID,
    *,
    statements: StoredStatements | None = None,
    invoice_id: uuid.UUID | None = None,
    config: MatchConfig | None = None,
) -> ReconcileResult:
    """Match what this document brought — new payments, or a new invoice (committed)."""
    result = ReconcileResult()
    try:
        if statements is not None and statements.new_transaction_ids:
            result += reconcile_transactions(
                session, workspace_id, statements.new_transaction_ids, config
            )
        if invoice_id is not None:
            result += reconcile_invoice(session, invoice_id, config)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return result
