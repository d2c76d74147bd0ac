"""API shapes for accounts and the audit log (CONTRACT §4: ``/auth/*``, ``/audit``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from boekstuk.api.schemas import _utc
from boekstuk.db.models import AuditEntry
from boekstuk.domain.accounts import Role


class LoginIn(BaseModel):
    """E-mail address and password."""

    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1024)


class TokenOut(BaseModel):
    """A login token: send it as ``Authorization: Bearer <access_token>``."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class RegisterIn(BaseModel):
    """A new user. ``workspace`` names a new workspace (open registration without a login)."""

    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=8, max_length=1024)
    role: Role = Role.UPLOADER
    workspace: str | None = Field(default=None, min_length=1, max_length=100)


class WorkspaceRef(BaseModel):
    """A workspace's id and name."""

    id: uuid.UUID
    name: str


class AccountOut(BaseModel):
    """A user (or, for ``/auth/me`` with an API key, the key) with its workspace and role."""

    kind: Literal["user", "api_key"]
    actor: str
    id: uuid.UUID | None
    email: str | None
    role: Role
    workspace: WorkspaceRef


class AuditEntryOut(BaseModel):
    """One line of the audit log."""

    id: int
    actor: str
    action: str
    resource_type: str
    resource_id: str | None
    details: dict[str, Any]
    created_at: datetime

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryOut:
        """From the row."""
        created = _utc(entry.created_at)
        assert created is not None
        return cls(
            id=entry.id,
            actor=entry.actor,
            action=entry.action,
            resource_type=entry.resource_type,
            resource_id=entry.resource_id,
            details=entry.details or {},
            created_at=created,
        )


class AuditListOut(BaseModel):
    """A page of the audit log, newest first."""

    items: list[AuditEntryOut]
    total: int
