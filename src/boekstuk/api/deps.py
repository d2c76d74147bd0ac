"""Request dependencies: settings, a database session, the caller's workspace, the publisher.

Routes receive these through ``Annotated`` aliases (``SessionDep``, ``WorkspaceDep``…) and
hold no setup code of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session

from boekstuk.config import Settings
from boekstuk.db.models import Workspace
from boekstuk.db.session import session_factory
from boekstuk.domain.errors import BoekstukError, ErrorCode
from boekstuk.services.storage import FileStorage
from boekstuk.services.workspaces import KeyCache, workspace_for_key
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


def get_workspace(request: Request, session: SessionDep) -> Workspace:
    """The workspace of the Bearer key; 401 without a valid one."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise BoekstukError("missing Bearer token", ErrorCode.UNAUTHORIZED)
    cache: KeyCache = request.app.state.key_cache
    workspace = cache.get(token.strip())
    if workspace is not None:
        return workspace
    workspace = workspace_for_key(session, token.strip())
    if workspace is None:
        raise BoekstukError("invalid or revoked API key", ErrorCode.UNAUTHORIZED)
    session.expunge(workspace)
    session.commit()  # end the read: on SQLite an open transaction holds the write lock
    cache.put(token.strip(), workspace)
    return workspace


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
