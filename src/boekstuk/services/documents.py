"""Document use cases: record an upload, claim it for processing, finish it, sweep stale work.

Processing is guarded by a *lease*: a worker claims a document with one atomic UPDATE
(``queued`` → ``processing``, or a ``processing`` row whose lease ran out), renews the lease
at each stage and may only finish the document while it still owns it (its task id). A
document whose worker died is put back on the queue by :func:`sweep` when the lease ends,
so nothing stays ``processing`` forever and nothing is finished twice.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, make_transient_to_detached

from boekstuk.db.models import Document, ProcessingEvent, utcnow
from boekstuk.db.upsert import insert_ignore
from boekstuk.domain.documents import FINAL_STATUSES, ContentType, DocumentStatus
from boekstuk.domain.errors import BoekstukError, ErrorCode
from boekstuk.pipeline.intake import detect_content_type, safe_filename
from boekstuk.services.storage import FileStorage, SpooledUpload

logger = logging.getLogger(__name__)

QUEUE_LIGHT = "light"
QUEUE_OCR = "ocr"


@dataclass(frozen=True, slots=True)
class Submitted:
    """An upload as the API reports it."""

    document: Document
    duplicate_of: uuid.UUID | None

    @property
    def needs_enqueue(self) -> bool:
        """True when a worker must pick this document up."""
        return self.duplicate_of is None and self.document.status == DocumentStatus.QUEUED


def queue_for(content_type: str) -> str:
    """Images go to the OCR queue; everything else starts on the light queue."""
    try:
        return QUEUE_OCR if ContentType(content_type).is_image else QUEUE_LIGHT
    except ValueError:
        return QUEUE_LIGHT


def record_upload(
    session: Session,
    storage: FileStorage,
    workspace_id: uuid.UUID,
    filename: str | None,
    upload: SpooledUpload,
) -> Submitted:
    """Store a received file and its document row (or find the existing one: same bytes).

    One round trip in the common case: the file is put in place (content-addressed, so a
    duplicate costs nothing) and the row inserted with ON CONFLICT DO NOTHING. A file we
    cannot read (empty, unknown type) is still kept, as a ``failed`` document with the
    reason, so nothing a user sent disappears. Commits.
    """
    sha = upload.sha256
    status, error_code, error_message = DocumentStatus.QUEUED, None, None
    content_type = "application/octet-stream"
    try:
        content_type = detect_content_type(upload.head).value
    except BoekstukError as exc:
        status, error_code, error_message = DocumentStatus.FAILED, exc.code.value, exc.message
    key = storage.key_for(workspace_id, sha)
    storage.keep(upload, key)
    now = utcnow()
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "workspace_id": workspace_id,
        "filename": safe_filename(filename),
        "content_type": content_type,
        "size": upload.size,
        "sha256": sha,
        "storage_key": key,
        "status": status.value,
        "error_code": error_code,
        "error_message": error_message,
        "attempts": 0,
        "created_at": now,
        "updated_at": now,
        "queued_at": now,
        "processed_at": now if status is DocumentStatus.FAILED else None,
    }
    inserted = insert_ignore(session, Document, values, ("workspace_id", "sha256"))
    if inserted is None:  # the same bytes are here already (or arrived concurrently)
        existing = _by_sha(session, workspace_id, sha)
        session.commit()
        assert existing is not None
        return Submitted(existing, existing.id)
    session.commit()
    document = Document(**values)
    make_transient_to_detached(document)  # the row exists: attach it without a query
    session.add(document)
    return Submitted(document, None)


def _by_sha(session: Session, workspace_id: uuid.UUID, sha: str) -> Document | None:
    return session.scalar(
        select(Document).where(Document.workspace_id == workspace_id, Document.sha256 == sha)
    )


def claim(
    session: Session, document_id: uuid.UUID, task_id: str, lease_seconds: int
) -> Document | None:
    """Take the document for processing, or None if someone else has it or it is done."""
    now = utcnow()
    result = session.execute(
        update(Document)
        .where(
            Document.id == document_id,
            or_(
                Document.status == DocumentStatus.QUEUED.value,
                and_(
                    Document.status == DocumentStatus.PROCESSING.value,
                    or_(Document.lease_expires_at < now, Document.task_id == task_id),
                ),
            ),
        )
        .values(
            status=DocumentStatus.PROCESSING.value,
            attempts=Document.attempts + 1,
            task_id=task_id,
            lease_expires_at=now + timedelta(seconds=lease_seconds),
            started_at=now,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    document = session.get(Document, document_id, populate_existing=True)
    session.commit()  # hold no transaction while the document is worked on
    return document


def renew_lease(session: Session, document_id: uuid.UUID, task_id: str, seconds: int) -> bool:
    """Extend our lease; False when the document is no longer ours."""
    return _update_owned(
        session, document_id, task_id, {"lease_expires_at": utcnow() + timedelta(seconds=seconds)}
    )


def finish(
    session: Session,
    document_id: uuid.UUID,
    task_id: str,
    status: DocumentStatus,
    *,
    error: BoekstukError | None = None,
) -> bool:
    """Write the final status if we still own the document; False (nothing written) otherwise."""
    return _update_owned(
        session,
        document_id,
        task_id,
        {
            "status": status.value,
            "lease_expires_at": None,
            "processed_at": utcnow(),
            "error_code": error.code.value if error else None,
            "error_message": error.message if error else None,
        },
    )


def save_extraction(
    session: Session,
    document_id: uuid.UUID,
    task_id: str,
    extraction: dict[str, Any],
    document_type: str,
    page_count: int,
) -> bool:
    """Store what reading the document produced, if we still own it."""
    return _update_owned(
        session,
        document_id,
        task_id,
        {
            "extraction": extraction,
            "document_type": document_type,
            "page_count": page_count,
        },
    )


def _update_owned(
    session: Session, document_id: uuid.UUID, task_id: str, values: dict[str, Any]
) -> bool:
    values["updated_at"] = utcnow()
    result = session.execute(
        update(Document)
        .where(
            Document.id == document_id,
            Document.task_id == task_id,
            Document.status == DocumentStatus.PROCESSING.value,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def add_event(
    session: Session,
    document: Document,
    stage: str,
    outcome: str,
    *,
    duration_ms: float | None = None,
    message: str | None = None,
    task_id: str | None = None,
) -> None:
    """Append a processing event (commits)."""
    session.add(
        ProcessingEvent(
            document_id=document.id,
            workspace_id=document.workspace_id,
            stage=stage,
            outcome=outcome,
            duration_ms=duration_ms,
            message=message[:2000] if message else None,
            task_id=task_id,
            attempt=document.attempts,
        )
    )
    session.commit()


def request_reprocess(session: Session, document: Document) -> bool:
    """Put a finished document back on the queue; False if it is queued or running already."""
    if document.status not in {s.value for s in FINAL_STATUSES}:
        return False
    result = session.execute(
        update(Document)
        .where(Document.id == document.id, Document.status.in_([s.value for s in FINAL_STATUSES]))
        .values(
            status=DocumentStatus.QUEUED.value,
            queued_at=utcnow(),
            attempts=0,
            task_id=None,
            error_code=None,
            error_message=None,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    session.refresh(document)
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def sweep(
    session: Session, stale_queued_seconds: int, now: datetime | None = None
) -> list[tuple[uuid.UUID, str]]:
    """Requeue work that was lost: expired leases, and queued documents nobody picked up.

    Returns ``(document id, queue)`` pairs to publish once this commit is done. Publishing
    twice is harmless: :func:`claim` lets only one task through.
    """
    now = now or utcnow()
    expired = list(
        session.execute(
            select(Document.id, Document.content_type)
            .where(
                Document.status == DocumentStatus.PROCESSING.value, Document.lease_expires_at < now
            )
            .limit(500)
        )
    )
    stale = list(
        session.execute(
            select(Document.id, Document.content_type)
            .where(
                Document.status == DocumentStatus.QUEUED.value,
                Document.queued_at < now - timedelta(seconds=stale_queued_seconds),
            )
            .limit(500)
        )
    )
    if expired:
        session.execute(
            update(Document)
            .where(
                Document.id.in_([row.id for row in expired]),
                Document.status == DocumentStatus.PROCESSING.value,
                Document.lease_expires_at < now,
            )
            .values(status=DocumentStatus.QUEUED.value, queued_at=now, task_id=None)
            .execution_options(synchronize_session=False)
        )
    if stale:
        session.execute(
            update(Document)
            .where(Document.id.in_([row.id for row in stale]))
            .values(queued_at=now)
            .execution_options(synchronize_session=False)
        )
    session.commit()
    for row in expired:
        logger.warning("lease of document %s expired; requeued", row.id)
    return [(row.id, queue_for(row.content_type)) for row in [*expired, *stale]]


def fail_too_many_attempts(max_attempts: int) -> BoekstukError:
    """The error for a document that killed its worker too often."""
    return BoekstukError(
        f"processing was interrupted {max_attempts} times (the worker died); giving up",
        ErrorCode.TOO_MANY_ATTEMPTS,
    )
