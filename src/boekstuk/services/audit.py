"""The audit log: who did what to which resource, and when. Append-only.

In: a session and the facts of one action. Out: :class:`~boekstuk.db.models.AuditEntry`
rows (written in the caller's transaction, so an action and its entry commit together).
Nothing here updates or deletes an entry.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boekstuk.db.models import AuditEntry


def record(
    session: Session,
    workspace_id: uuid.UUID,
    actor: str,
    action: str,
    resource_type: str,
    resource_id: uuid.UUID | str | None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry, e.g. ``record(s, ws, "user:ann@x.nl", "delete", "document", id)``."""
    entry = AuditEntry(
        workspace_id=workspace_id,
        actor=actor,
        action=action,
        resource_type=resource_type,
        resource_id=str(resource_id) if resource_id is not None else None,
        details=details or {},
    )
    session.add(entry)
    session.flush()
    return entry


def entries(
    session: Session,
    workspace_id: uuid.UUID,
    resource: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[Sequence[AuditEntry], int]:
    """A page of the workspace's entries, newest first, and how many match.

    ``resource`` is a resource type (``document``) or ``type:id`` (``document:<uuid>``) or
    a bare id; ``actor`` is exact (``user:ann@x.nl``, ``key:first key``).
    """
    query = select(AuditEntry).where(AuditEntry.workspace_id == workspace_id)
    if resource:
        kind, sep, rid = resource.partition(":")
        if sep:
            query = query.where(AuditEntry.resource_type == kind, AuditEntry.resource_id == rid)
        else:
            query = query.where(
                (AuditEntry.resource_type == resource) | (AuditEntry.resource_id == resource)
            )
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if action:
        query = query.where(AuditEntry.action == action)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit).offset(offset)).all()
    return rows, total
