"""``/workspace``: the caller's own company profile (name, VAT number, IBANs)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from stdnum.exceptions import ValidationError

from boekstuk.api.deps import SessionDep, WorkspaceAdminDep, WorkspaceDep
from boekstuk.api.schemas import ErrorOut, WorkspaceIn, WorkspaceOut
from boekstuk.db.models import Workspace
from boekstuk.domain.errors import BoekstukError, ErrorCode
from boekstuk.services import audit
from boekstuk.services.workspaces import update_profile

router = APIRouter(
    prefix="/workspace",
    tags=["workspace"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}},
)


@router.get("", response_model=WorkspaceOut)
def get_workspace(workspace: WorkspaceDep) -> WorkspaceOut:
    """The caller's workspace profile."""
    return WorkspaceOut.of(workspace)


@router.put("", response_model=WorkspaceOut, responses={422: {"model": ErrorOut}})
def put_workspace(
    request: Request, body: WorkspaceIn, session: SessionDep, caller: WorkspaceAdminDep
) -> WorkspaceOut:
    """Replace the profile (admins); the VAT number and IBANs must pass their checksums."""
    row = session.get(Workspace, caller.workspace.id)
    assert row is not None
    try:
        update_profile(row, body.legal_name, body.vat_number, body.ibans)
    except ValidationError as exc:
        raise BoekstukError(
            f"invalid VAT number or IBAN: {exc}", ErrorCode.VALIDATION_ERROR
        ) from exc
    audit.record(
        session,
        row.id,
        caller.actor,
        "update",
        "workspace",
        row.id,
        {"legal_name": row.legal_name, "vat_number": row.vat_number, "ibans": row.ibans},
    )
    session.commit()
    request.app.state.key_cache.forget_workspace(row.id)
    return WorkspaceOut.of(row)
