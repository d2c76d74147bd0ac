"""The parties stage: link a document's counterparty to a customer record.

In: a session, the claimed :class:`Document` and its CONTRACT §3 extraction. Out: a
:class:`PartyResult` (customer, direction, review items) or None when the document has no
counterparty to link (a bank statement, an unknown document, no party found, or only our
own company). Commits its one transaction. Raises only SQLAlchemy errors.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from boekstuk.db.models import Document, Workspace
from boekstuk.domain.parties import Direction, Thresholds, counterparty
from boekstuk.services.parties import add_review, link_party, ours_of

logger = logging.getLogger(__name__)

BOOKABLE = ("invoice", "credit_note", "receipt")


@dataclass(frozen=True, slots=True)
class PartiesConfig:
    """Thresholds for name matching (from Settings, through the wiring)."""

    thresholds: Thresholds = field(default_factory=Thresholds)


@dataclass(frozen=True, slots=True)
class PartyResult:
    """The customer a document belongs to, and which way the money goes."""

    customer_id: uuid.UUID | None  # None: nobody could be identified (a person must say who)
    direction: Direction
    created: bool
    found_by: str
    reason: str
    review_item_ids: tuple[uuid.UUID, ...] = ()


def has_counterparty(extraction: dict[str, Any]) -> bool:
    """True when the document is of a kind that has a counterparty to link."""
    return extraction.get("document_type") in BOOKABLE


def link_parties(
    session: Session, document: Document, extraction: dict[str, Any], config: PartiesConfig
) -> PartyResult | None:
    """Find or create the document's counterparty (one transaction, committed)."""
    if not has_counterparty(extraction):
        return None
    workspace = session.get_one(Workspace, document.workspace_id)
    found = counterparty(
        extraction.get("fields") or {},
        str(extraction.get("document_type")),
        ours_of(workspace),
        extraction.get("our_party"),
    )
    if found is None:
        logger.info("no counterparty on the document")
        session.commit()
        return None
    try:
        linked = link_party(
            session,
            document.workspace_id,
            found.party,
            config.thresholds,
            document.id,
            previous_id=document.customer_id,  # a reprocess or correction reconciles, never adds
        )
        if linked is None:
            review = add_review(
                session,
                document.workspace_id,
                "unknown_counterparty",
                f"{document.filename}: the counterparty has no readable name or number",
                document_id=document.id,
            )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    if linked is None:
        logger.info("counterparty not identified (%s)", found.reason)
        return PartyResult(None, found.direction, False, "none", found.reason, (review,))
    logger.info(
        "counterparty %s (%s, found by %s; %s)",
        linked.customer_id,
        found.direction.value,
        linked.found_by,
        found.reason,
    )
    return PartyResult(
        linked.customer_id,
        found.direction,
        linked.created,
        linked.found_by,
        found.reason,
        linked.review_item_ids,
    )
