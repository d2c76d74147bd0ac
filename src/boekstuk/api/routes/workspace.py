"""``/workspace``: the caller's own company profile (name, VAT number, IBANs)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from stdnum.exceptions import ValidationError

from boekstuk.api.deps import SessionDep, WorkspaceDep
from boekstuk.api.schemas import ErrorOut, WorkspaceIn, WorkspaceOut
from boekstuk.db.models import Workspace
from boekstuk.domain.errors import BoekstukError, ErrorCode
from boekstuk.services.workspaces import update_profile

router = APIRouter(prefix="/workspace", tags=["workspace"], responses={401: {"model": ErrorOut}})


@router.get("", response_model=WorkspaceOut)
def get_workspace(workspace: WorkspaceDep) -> WorkspaceOut:
    """The caller's workspace profile."""
    return WorkspaceOut.of(workspace)


@router.put("", response_model=WorkspaceOut, responses={422: {"model": ErrorOut}})
def put_workspace(
    request: Request, body: WorkspaceIn, session: SessionDep, workspace: WorkspaceDep
) -> WorkspaceOut:
    """Replace the profile; the VAT number and IBANs must pass their checksums."""
    row = session.get(Workspace, workspace.id)
    assert row is not None
    try:
        update_profile(row, body.legal_name, body.vat_number, body.ibans)
    except ValidationError as exc:
        raise BoekstukError(
            f"invalid VAT number or IBAN: {exc}", ErrorCode.VALIDATION_ERROR
        ) from exc
    session.commit()
    request.app.state.key_cache.forget_workspace(row.id)
    return WorkspaceOut.of(row)
