"""``/auth``: register users, log in with e-mail and password (→ JWT), and who am I.

Registration needs an admin (a user with the admin role, or an API key) of the workspace the
user joins. With ``BOEKSTUK_OPEN_REGISTRATION=1`` a caller without credentials may register
too, but only by creating a new workspace (``workspace``) and becoming its admin: nobody
joins an existing workspace uninvited. Sign-in is rate-limited per client address and per
e-mail address (429 with ``Retry-After``).
"""

from __future__ import annotations

import hashlib
import logging

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException as StarletteHTTPException

from boekstuk.api.deps import (
    Caller,
    CallerDep,
    OptionalCallerDep,
    SessionDep,
    SettingsDep,
)
from boekstuk.api.middleware import TokenBucket
from boekstuk.api.schemas import ErrorOut
from boekstuk.api.schemas_accounts import (
    AccountOut,
    LoginIn,
    RegisterIn,
    TokenOut,
    WorkspaceRef,
)
from boekstuk.domain.accounts import Permission, Role, can, normalize_email, user_actor
from boekstuk.domain.errors import BoekstukError, ErrorCode
from boekstuk.services import audit
from boekstuk.services.tokens import issue_token
from boekstuk.services.users import authenticate, create_user
from boekstuk.services.workspaces import create_workspace

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/auth", tags=["auth"], responses={401: {"model": ErrorOut}})


def _throttle(request: Request, email: str) -> None:
    """429 when this client or this address tried to sign in too often."""
    buckets: TokenBucket = request.app.state.login_limit
    if buckets.rate <= 0:
        return
    client = request.client.host if request.client else "unknown"
    for who in (f"ip:{client}", f"email:{normalize_email(email)}"):
        wait = buckets.take(hashlib.sha256(who.encode()).hexdigest())
        if wait > 0:
            logger.warning("sign-in rate limit reached (%s)", who.split(":", 1)[0])
            raise StarletteHTTPException(
                429,
                f"too many sign-in attempts; try again in {wait:.0f} s",
                headers={"Retry-After": str(max(1, round(wait)))},
            )


@router.post(
    "/login",
    response_model=TokenOut,
    responses={429: {"model": ErrorOut}},
)
def login(body: LoginIn, request: Request, session: SessionDep, settings: SettingsDep) -> TokenOut:
    """Sign in with e-mail and password; the token goes in ``Authorization: Bearer …``."""
    _throttle(request, body.email)
    user = authenticate(session, body.email, body.password)
    if user is None:
        session.rollback()
        raise BoekstukError("wrong e-mail address or password", ErrorCode.UNAUTHORIZED)
    session.commit()  # a password rehash, if any
    token = issue_token(user, request.app.state.jwt_key, settings.jwt_expiry_seconds)
    return TokenOut(access_token=token, expires_in=settings.jwt_expiry_seconds)


@router.post(
    "/register",
    status_code=201,
    response_model=AccountOut,
    responses={403: {"model": ErrorOut}, 409: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)
def register(
    body: RegisterIn, session: SessionDep, settings: SettingsDep, caller: OptionalCallerDep
) -> AccountOut:
    """Add a user: to the caller's workspace (admins), or with a new workspace (open sign-up)."""
    if caller is not None:
        if not can(caller.role, Permission.MANAGE_USERS):
            raise BoekstukError("only an admin may register users", ErrorCode.FORBIDDEN)
        if body.workspace is not None and body.workspace != caller.workspace.name:
            raise BoekstukError(
                "an admin registers users in their own workspace only", ErrorCode.FORBIDDEN
            )
        workspace_id, workspace_name = caller.workspace.id, caller.workspace.name
        role, actor = body.role, caller.actor
    elif settings.open_registration:
        if body.workspace is None:
            raise BoekstukError(
                "open registration creates a new workspace: give its name in 'workspace'",
                ErrorCode.VALIDATION_ERROR,
            )
        workspace = create_workspace(session, body.workspace)
        workspace_id, workspace_name = workspace.id, workspace.name
        role, actor = Role.ADMIN, user_actor(body.email)
    else:
        raise BoekstukError(
            "registration needs an admin's login token or API key", ErrorCode.UNAUTHORIZED
        )
    try:
        user = create_user(session, workspace_id, body.email, body.password, role)
        audit.record(
            session,
            workspace_id,
            actor,
            "create",
            "user",
            user.id,
            {"email": user.email, "role": user.role},
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return AccountOut(
        kind="user",
        actor=user_actor(user.email),
        id=user.id,
        email=user.email,
        role=Role(user.role),
        workspace=WorkspaceRef(id=workspace_id, name=workspace_name),
    )


def account_of(caller: Caller) -> AccountOut:
    """The caller in the ``/auth/me`` shape."""
    return AccountOut(
        kind="user" if caller.kind == "user" else "api_key",
        actor=caller.actor,
        id=caller.user_id,
        email=caller.email,
        role=caller.role,
        workspace=WorkspaceRef(id=caller.workspace.id, name=caller.workspace.name),
    )


@router.get("/me", response_model=AccountOut)
def me(caller: CallerDep) -> AccountOut:
    """The signed-in user (or the API key) with workspace and role."""
    return account_of(caller)
