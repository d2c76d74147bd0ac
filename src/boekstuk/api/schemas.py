"""API shapes (pydantic), kept apart from the ORM models. Names follow CONTRACT §4."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field

from boekstuk.db.models import Document, Workspace


def _utc(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; they are UTC
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


class ErrorBody(BaseModel):
    """What went wrong."""

    code: str
    message: str


class ErrorOut(BaseModel):
    """Every error answer."""

    error: ErrorBody


class UploadedDocument(BaseModel):
    """One file of an upload."""

    id: uuid.UUID
    filename: str
    sha256: str
    status: str
    duplicate_of: uuid.UUID | None = None


class UploadOut(BaseModel):
    """The answer to ``POST /upload``."""

    documents: list[UploadedDocument]


class DocumentOut(BaseModel):
    """A document (``extraction`` is left out of list items)."""

    id: uuid.UUID
    filename: str
    content_type: str
    size: int
    sha256: str
    status: str
    document_type: str | None
    page_count: int | None
    attempts: int
    error: ErrorBody | None
    extraction: dict[str, Any] | None = None
    customer_id: uuid.UUID | None = None
    invoice_id: uuid.UUID | None = None
    statement_id: uuid.UUID | None = None
    created_at: datetime
    processed_at: datetime | None

    @classmethod
    def of(cls, doc: Document, *, with_extraction: bool = True) -> DocumentOut:
        """Build from the ORM row."""
        error = (
            ErrorBody(code=doc.error_code, message=doc.error_message or "")
            if doc.error_code
            else None
        )
        created = _utc(doc.created_at)
        assert created is not None
        return cls(
            id=doc.id,
            filename=doc.filename,
            content_type=doc.content_type,
            size=doc.size,
            sha256=doc.sha256,
            status=doc.status,
            document_type=doc.document_type,
            page_count=doc.page_count,
            attempts=doc.attempts,
            error=error,
            extraction=doc.extraction if with_extraction else None,
            customer_id=doc.customer_id,
            invoice_id=doc.invoice_id,
            created_at=created,
            processed_at=_utc(doc.processed_at),
        )


class DocumentListOut(BaseModel):
    """A page of documents."""

    items: list[DocumentOut]
    total: int


class EventOut(BaseModel):
    """One processing event."""

    stage: str
    outcome: str
    duration_ms: float | None
    message: str | None
    attempt: int | None
    created_at: datetime


class WorkspaceIn(BaseModel):
    """The editable workspace profile: our own name and identifiers."""

    legal_name: str | None = Field(default=None, max_length=300)
    vat_number: str | None = Field(default=None, max_length=30)
    ibans: list[str] = Field(default_factory=list, max_length=20)


class WorkspaceOut(WorkspaceIn):
    """The caller's workspace."""

    id: uuid.UUID
    name: str

    @classmethod
    def of(cls, workspace: Workspace) -> WorkspaceOut:
        """Build from the ORM row."""
        return cls(
            id=workspace.id,
            name=workspace.name,
            legal_name=workspace.legal_name,
            vat_number=workspace.vat_number,
            ibans=list(workspace.ibans or []),
        )


class ValidationOut(BaseModel):
    """``GET /documents/{id}/validation``: the checks, what is missing, one confidence."""

    is_valid: bool
    errors: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    missing_fields: list[str]
    confidence: float = Field(ge=0, le=1)
