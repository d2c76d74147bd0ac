"""``/documents``: list, read, the extraction and its validation, download the original,
events, reprocess, delete."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import FileResponse
from sqlalchemy import func, select

from boekstuk.api.deps import (
    DeleterDep,
    Limit,
    Offset,
    PublisherDep,
    SessionDep,
    StorageDep,
    UploaderDep,
    WorkspaceDep,
)
from boekstuk.api.schemas import DocumentListOut, DocumentOut, ErrorOut, EventOut, ValidationOut
from boekstuk.db.models import Document, ProcessingEvent, Workspace
from boekstuk.domain.documents import DocumentStatus, DocumentType
from boekstuk.domain.errors import ConflictError, NotFoundError
from boekstuk.domain.results import validation_summary
from boekstuk.services import audit
from boekstuk.services.deletion import delete_document
from boekstuk.services.documents import queue_for, request_reprocess

router = APIRouter(
    prefix="/documents",
    tags=["documents"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)


def load_document(session: SessionDep, workspace: Workspace, document_id: uuid.UUID) -> Document:
    """The caller's document, or 404 (also for another workspace's id)."""
    document = session.scalar(
        select(Document).where(Document.id == document_id, Document.workspace_id == workspace.id)
    )
    if document is None:
        raise NotFoundError("no such document")
    return document


@router.get("", response_model=DocumentListOut)
def list_documents(
    session: SessionDep,
    workspace: WorkspaceDep,
    status: DocumentStatus | None = None,
    document_type: DocumentType | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DocumentListOut:
    """The workspace's documents, newest first."""
    query = select(Document).where(Document.workspace_id == workspace.id)
    if status is not None:
        query = query.where(Document.status == status.value)
    if document_type is not None:
        query = query.where(Document.document_type == document_type.value)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(Document.created_at.desc(), Document.id).limit(limit).offset(offset)
    )
    return DocumentListOut(
        items=[DocumentOut.of(d, with_extraction=False) for d in rows], total=total
    )


@router.get("/{document_id}", response_model=DocumentOut)
def get_document(
    document_id: uuid.UUID, session: SessionDep, workspace: WorkspaceDep
) -> DocumentOut:
    """One document with its extraction."""
    return DocumentOut.of(load_document(session, workspace, document_id))


def _extraction(document: Document) -> dict[str, Any]:
    if not document.extraction:
        raise ConflictError(f"the document has no extraction yet (status {document.status})")
    return document.extraction


@router.get(
    "/{document_id}/result", response_model=dict[str, Any], responses={409: {"model": ErrorOut}}
)
def get_result(
    document_id: uuid.UUID, session: SessionDep, workspace: WorkspaceDep
) -> dict[str, Any]:
    """The extraction alone (CONTRACT §3); 409 while there is none."""
    return _extraction(load_document(session, workspace, document_id))


@router.get(
    "/{document_id}/validation", response_model=ValidationOut, responses={409: {"model": ErrorOut}}
)
def get_validation(
    document_id: uuid.UUID, session: SessionDep, workspace: WorkspaceDep
) -> ValidationOut:
    """The checks of the extraction, the fields it lacks and one overall confidence (0..1)."""
    extraction = _extraction(load_document(session, workspace, document_id))
    return ValidationOut(**validation_summary(extraction))


@router.get("/{document_id}/events", response_model=list[EventOut])
def get_events(
    document_id: uuid.UUID, session: SessionDep, workspace: WorkspaceDep
) -> list[EventOut]:
    """What happened to the document, stage by stage (oldest first)."""
    document = load_document(session, workspace, document_id)
    rows = session.scalars(
        select(ProcessingEvent)
        .where(ProcessingEvent.document_id == document.id)
        .order_by(ProcessingEvent.id)
    )
    return [
        EventOut(
            stage=e.stage,
            outcome=e.outcome,
            duration_ms=e.duration_ms,
            message=e.message,
            attempt=e.attempt,
            created_at=e.created_at,
        )
        for e in rows
    ]


@router.get(
    "/{document_id}/file",
    response_class=FileResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def get_file(
    document_id: uuid.UUID, session: SessionDep, workspace: WorkspaceDep, storage: StorageDep
) -> FileResponse:
    """The original bytes, as uploaded."""
    document = load_document(session, workspace, document_id)
    path = storage.path(document.storage_key)
    if not path.exists():
        raise NotFoundError("the stored file is missing")
    return FileResponse(path, media_type=document.content_type, filename=document.filename)


@router.post("/{document_id}/reprocess", status_code=202, response_model=DocumentOut)
def reprocess(
    document_id: uuid.UUID, session: SessionDep, caller: UploaderDep, publisher: PublisherDep
) -> DocumentOut:
    """Process the document again (idempotent: a queued or running document is left alone)."""
    document = load_document(session, caller.workspace, document_id)
    if request_reprocess(session, document):
        audit.record(
            session, document.workspace_id, caller.actor, "reprocess", "document", document.id
        )
        session.commit()
        publisher.enqueue(document.id, queue_for(document.content_type))
    return DocumentOut.of(document)


@router.delete(
    "/{document_id}",
    status_code=204,
    response_class=Response,
    responses={204: {"description": "deleted"}, 409: {"model": ErrorOut}},
)
def remove_document(
    document_id: uuid.UUID,
    session: SessionDep,
    caller: DeleterDep,
    storage: StorageDep,
    publisher: PublisherDep,
) -> Response:
    """Delete the document, its file and extraction, and what it alone created.

    409 with the reason when a person's decision depends on it (unmatch first).
    """
    workspace_id = caller.workspace.id
    try:
        report = delete_document(session, workspace_id, document_id)
        audit.record(
            session, workspace_id, caller.actor, "delete", "document", document_id, report.details()
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    if report.storage_key_to_remove:
        storage.delete(report.storage_key_to_remove)
    for other_id in report.requeue_document_ids:
        other = session.get(Document, other_id)
        if other is not None and request_reprocess(session, other):
            publisher.enqueue(other.id, queue_for(other.content_type))
    return Response(status_code=204)
