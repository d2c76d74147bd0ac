"""``/audit``: the workspace's audit log, newest first (admins only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from boekstuk.api.deps import AuditorDep, Limit, Offset, SessionDep
from boekstuk.api.schemas import ErrorOut
from boekstuk.api.schemas_accounts import AuditEntryOut, AuditListOut
from boekstuk.services import audit

router = APIRouter(
    prefix="/audit",
    tags=["audit"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}},
)

Filter = Annotated[str | None, Query(max_length=400)]


@router.get("", response_model=AuditListOut)
def list_audit(
    session: SessionDep,
    caller: AuditorDep,
    resource: Filter = None,
    actor: Filter = None,
    action: Filter = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> AuditListOut:
    """Who did what: ``resource`` is a type (``document``), ``type:id`` or an id; ``actor``
    is exact (``user:ann@example.com``, ``key:first key``)."""
    rows, total = audit.entries(
        session, caller.workspace.id, resource, actor, action, limit, offset
    )
    return AuditListOut(items=[AuditEntryOut.of(r) for r in rows], total=total)
