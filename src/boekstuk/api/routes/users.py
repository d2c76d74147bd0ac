"""``/users``: the workspace's users for its admins — list, change role or active flag, set a
password.

In: an admin caller (a user with the admin role, or an API key) and a user id of the caller's
workspace (another workspace's id answers 404). Out: :class:`UserOut` shapes, or 204 for a
password. The last active admin of a workspace cannot be demoted or deactivated (409). Every
change is written to the audit log in the same transaction; a password never is.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from boekstuk.api.deps import Limit, Offset, SessionDep, UserAdminDep
from boekstuk.api.schemas import ErrorOut
from boekstuk.api.schemas_accounts import PasswordSetIn, UserListOut, UserOut, UserPatchIn
from boekstuk.services import audit
from boekstuk.services.users import change_user, set_password, workspace_user, workspace_users

router = APIRouter(
    prefix="/users",
    tags=["users"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}},
)


@router.get("", response_model=UserListOut)
def list_users(
    session: SessionDep, caller: UserAdminDep, limit: Limit = 100, offset: Offset = 0
) -> UserListOut:
    """The workspace's users, oldest first."""
    rows, total = workspace_users(session, caller.workspace.id, limit, offset)
    return UserListOut(items=[UserOut.of(u) for u in rows], total=total)


@router.patch(
    "/{user_id}",
    response_model=UserOut,
    responses={404: {"model": ErrorOut}, 409: {"model": ErrorOut}},
)
def update_user(
    user_id: uuid.UUID, body: UserPatchIn, session: SessionDep, caller: UserAdminDep
) -> UserOut:
    """Change a user's ``role`` and/or ``is_active``; a deactivated user's token stops at once."""
    try:
        user = workspace_user(session, caller.workspace.id, user_id)
        changes = change_user(session, user, body.role, body.is_active)
        if changes:
            audit.record(
                session,
                caller.workspace.id,
                caller.actor,
                "update",
                "user",
                user.id,
                {"email": user.email, "changes": changes},
            )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return UserOut.of(user)


@router.post(
    "/{user_id}/password",
    status_code=204,
    response_class=Response,
    responses={204: {"description": "password replaced"}, 404: {"model": ErrorOut}},
)
def reset_password(
    user_id: uuid.UUID, body: PasswordSetIn, session: SessionDep, caller: UserAdminDep
) -> Response:
    """Give a user of the workspace a new password."""
    try:
        user = workspace_user(session, caller.workspace.id, user_id)
        set_password(session, user, body.password)
        audit.record(
            session,
            caller.workspace.id,
            caller.actor,
            "set_password",
            "user",
            user.id,
            {"email": user.email},
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return Response(status_code=204)
