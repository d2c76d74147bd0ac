"""The store stage: book the document as an invoice of the customer the parties stage found.

In: a session, the claimed :class:`Document`, its CONTRACT §3 extraction and the
:class:`PartyResult` (or None: nothing to book). Out: :class:`Booked` or None. Commits its
one transaction. Raises only SQLAlchemy errors.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from boekstuk.db.models import Document
from boekstuk.pipeline.parties import PartyResult
from boekstuk.services.invoices import Booked, book_document
from boekstuk.services.parties import lock_workspace


def store_invoice(
    session: Session, document: Document, extraction: dict[str, Any], party: PartyResult | None
) -> Booked | None:
    """Create, update or link the document's invoice (committed)."""
    if party is None or party.customer_id is None:
        return None  # nobody to book it on: the parties stage raised a review item
    try:
        lock_workspace(session, document.workspace_id)
        booked = book_document(
            session,
            document,
            extraction.get("fields") or {},
            str(extraction.get("document_type")),
            party.direction.value,
            party.customer_id,
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return booked
