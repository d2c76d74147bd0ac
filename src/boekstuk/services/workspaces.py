"""Workspaces and API keys: create them, and find the workspace behind a key.

Keys look like ``bk_<43 url-safe chars>``; only their SHA-256 is stored, so a leaked
database does not leak usable keys. A key is shown once, when it is created.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from boekstuk.db.models import ApiKey, Workspace
from boekstuk.domain.errors import ConflictError, NotFoundError
from boekstuk.domain.identifiers import iban_validate, vat_validate

KEY_PREFIX = "bk_"


def hash_key(key: str) -> str:
    """The stored form of an API key."""
    return hashlib.sha256(key.encode()).hexdigest()


def create_workspace(
    session: Session,
    name: str,
    legal_name: str | None = None,
    vat_number: str | None = None,
    ibans: Sequence[str] = (),
) -> Workspace:
    """Create a workspace; identifiers are validated and stored in compact form."""
    if session.scalar(select(Workspace).where(Workspace.name == name)) is not None:
        raise ConflictError(f"a workspace called {name!r} exists already")
    workspace = Workspace(name=name)
    update_profile(workspace, legal_name, vat_number, ibans)
    session.add(workspace)
    session.flush()
    return workspace


def update_profile(
    workspace: Workspace, legal_name: str | None, vat_number: str | None, ibans: Sequence[str]
) -> None:
    """Set the workspace's own name and identifiers (raises stdnum's ValidationError)."""
    workspace.legal_name = legal_name or None
    workspace.vat_number = vat_validate(vat_number) if vat_number else None
    workspace.ibans = [iban_validate(iban) for iban in ibans]


def get_workspace(session: Session, name: str) -> Workspace:
    """The workspace called ``name``."""
    workspace = session.scalar(select(Workspace).where(Workspace.name == name))
    if workspace is None:
        raise NotFoundError(f"no workspace called {name!r}")
    return workspace


def create_api_key(session: Session, workspace_id: uuid.UUID, name: str = "default") -> str:
    """Create a key for the workspace and return it (the only time it is visible)."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiKey(workspace_id=workspace_id, name=name, prefix=key[:10], key_hash=hash_key(key))
    )
    session.flush()
    return key


def workspace_for_key(session: Session, key: str) -> Workspace | None:
    """The workspace a valid, unrevoked key belongs to, else None."""
    owner = key_owner(session, key)
    return owner[0] if owner else None


def key_owner(session: Session, key: str) -> tuple[Workspace, str] | None:
    """The workspace and name of a valid, unrevoked key, else None."""
    if not key.startswith(KEY_PREFIX):
        return None
    row = session.execute(
        select(Workspace, ApiKey.name)
        .join(ApiKey, ApiKey.workspace_id == Workspace.id)
        .where(ApiKey.key_hash == hash_key(key), ApiKey.revoked_at.is_(None))
    ).one_or_none()
    return (row[0], row[1]) if row else None


class KeyCache:
    """Remembers which workspace a key belongs to for ``ttl`` seconds (per process).

    Saves a database round trip on every request; the price is that a revoked key or a
    changed profile takes up to ``ttl`` seconds to be noticed by other API processes.
    """

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._entries: dict[str, tuple[float, Workspace, str]] = {}

    def get(self, key: str) -> Workspace | None:
        """The cached workspace for ``key``, if still fresh."""
        entry = self.get_named(key)
        return entry[0] if entry else None

    def get_named(self, key: str) -> tuple[Workspace, str] | None:
        """The cached workspace and key name for ``key``, if still fresh."""
        entry = self._entries.get(hash_key(key))
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1], entry[2]

    def put(self, key: str, workspace: Workspace, name: str = "default") -> None:
        """Remember a (detached) workspace and the key's name for ``key``."""
        if self.ttl > 0:
            if len(self._entries) > 10_000:
                self._entries.clear()
            self._entries[hash_key(key)] = (time.monotonic() + self.ttl, workspace, name)

    def forget_workspace(self, workspace_id: uuid.UUID) -> None:
        """Drop every entry of a workspace (after its profile changed)."""
        for digest, (_, workspace, _name) in list(self._entries.items()):
            if workspace.id == workspace_id:
                self._entries.pop(digest, None)
