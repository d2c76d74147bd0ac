"""Request dependencies: settings, a database session, the caller, the publisher.

Routes receive these through ``Annotated`` aliases (``SessionDep``, ``WorkspaceDep``…) and
hold no setup code of their own.

The caller comes from ``Authorization: Bearer <token>``: a token starting ``bk_`` is an API
key (a machine; it acts with the admin role, as ``key:<name>``), anything else must be a
login JWT of an active user (its current role is read from the database on every request,
as ``user:<email>``). No or a bad token → 401; a role without the permission → 403.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from boekstuk.config import Settings
from boekstuk.db.models import User, Workspace
from boekstuk.db.session import session_factory
from boekstuk.domain.accounts import Permission, Role, can, key_actor, user_actor
from boekstuk.domain.errors import BoekstukError, ErrorCode
from boekstuk.services.storage import FileStorage
from boekstuk.services.tokens import read_token
from boekstuk.services.workspaces import KEY_PREFIX, KeyCache, key_owner
from boekstuk.worker.publish import Publisher

# page size and position of list endpoints (bounded: the database needs a real integer)
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000)]


def get_settings_dep(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def get_session(settings: SettingsDep) -> Iterator[Session]:
    """A session for the request, closed afterwards."""
    session = session_factory(settings.database_url)()
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]


@dataclass(frozen=True)
class Caller:
    """Who sends the request: a user (by login token) or a machine (by API key)."""

    workspace: Workspace
    role: Role
    actor: str  # for the audit log: ``user:<email>`` or ``key:<name>``
    user_id: uuid.UUID | None = None
    email: str | None = None

    @property
    def kind(self) -> str:
        """``user`` or ``api_key``."""
        return "user" if self.user_id is not None else "api_key"


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise BoekstukError("missing Bearer token", ErrorCode.UNAUTHORIZED)
    return token.strip()


def _caller_for(request: Request, session: Session, token: str) -> Caller:
    if token.startswith(KEY_PREFIX):
        cache: KeyCache = request.app.state.key_cache
        owner = cache.get_named(token)
        if owner is None:
            owner = key_owner(session, token)
            if owner is None:
                raise BoekstukError("invalid or revoked API key", ErrorCode.UNAUTHORIZED)
            session.expunge(owner[0])
            session.commit()  # end the read: on SQLite an open transaction holds the write lock
            cache.put(token, *owner)
        return Caller(workspace=owner[0], role=Role.ADMIN, actor=key_actor(owner[1]))
    claims = read_token(token, request.app.state.jwt_key)
    row = session.execute(
        select(User, Workspace)
        .join(Workspace, Workspace.id == User.workspace_id)
        .where(User.id == claims.user_id, User.workspace_id == claims.workspace_id)
    ).one_or_none()
    if row is None or not row[0].is_active:
        raise BoekstukError("the user of this token is unknown or inactive", ErrorCode.UNAUTHORIZED)
    user, workspace = row
    session.expunge(workspace)
    session.commit()
    return Caller(
        workspace=workspace,
        role=Role(user.role),
        actor=user_actor(user.email),
        user_id=user.id,
        email=user.email,
    )


def get_caller(request: Request, session: SessionDep) -> Caller:
    """The caller behind the Bearer token; 401 without a valid one."""
    token = _bearer(request)
    if token is None:
        raise BoekstukError("missing Bearer token", ErrorCode.UNAUTHORIZED)
    return _caller_for(request, session, token)


def get_optional_caller(request: Request, session: SessionDep) -> Caller | None:
    """The caller, or None when the request carries no Authorization header (a bad one: 401)."""
    token = _bearer(request)
    return None if token is None else _caller_for(request, session, token)


CallerDep = Annotated[Caller, Depends(get_caller)]
OptionalCallerDep = Annotated[Caller | None, Depends(get_optional_caller)]


def get_workspace(caller: CallerDep) -> Workspace:
    """The caller's workspace; 401 without a valid token."""
    return caller.workspace


def require(permission: Permission) -> Callable[[Caller], Caller]:
    """A dependency: the caller, if their role grants ``permission`` (else 403)."""

    def check(caller: CallerDep) -> Caller:
        if not can(caller.role, permission):
            raise BoekstukError(
                f"the role {caller.role.value!r} may not do this ({permission.value})",
                ErrorCode.FORBIDDEN,
            )
        return caller

    return check


UploaderDep = Annotated[Caller, Depends(require(Permission.UPLOAD))]
DeciderDep = Annotated[Caller, Depends(require(Permission.DECIDE))]
DeleterDep = Annotated[Caller, Depends(require(Permission.DELETE))]
UserAdminDep = Annotated[Caller, Depends(require(Permission.MANAGE_USERS))]
WorkspaceAdminDep = Annotated[Caller, Depends(require(Permission.MANAGE_WORKSPACE))]
AuditorDep = Annotated[Caller, Depends(require(Permission.AUDIT))]


WorkspaceDep = Annotated[Workspace, Depends(get_workspace)]


def get_storage(request: Request) -> FileStorage:
    """The file storage."""
    storage: FileStorage = request.app.state.storage
    return storage


StorageDep = Annotated[FileStorage, Depends(get_storage)]


def get_publisher(request: Request) -> Publisher:
    """The task publisher."""
    publisher: Publisher = request.app.state.publisher
    return publisher


PublisherDep = Annotated[Publisher, Depends(get_publisher)]
