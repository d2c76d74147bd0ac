"""Celery tasks: thin wrappers that take ids and call the pipeline runner.

Retried (with exponential back-off and jitter, bounded) only when the database or broker is
unavailable; bad input ends the document as ``failed`` inside the runner and is never retried.
"""

from __future__ import annotations

import logging
import uuid

from celery import Task
from kombu.exceptions import OperationalError as BrokerError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from boekstuk.config import Settings, get_settings
from boekstuk.db.models import Document
from boekstuk.db.session import session_factory
from boekstuk.domain.documents import ContentType, DocumentStatus
from boekstuk.domain.errors import BoekstukError, TransientError
from boekstuk.pipeline.routing import needs_ocr
from boekstuk.pipeline.runner import process_document as run_document
from boekstuk.services import wiring
from boekstuk.services.documents import QUEUE_LIGHT, QUEUE_OCR
from boekstuk.services.wiring import runner_config
from boekstuk.worker.app import app, queue_name
from boekstuk.worker.publish import Publisher

logger = logging.getLogger(__name__)
TRANSIENT = (OperationalError, DBAPIError, TransientError, BrokerError, ConnectionError)


@app.task(  # type: ignore[untyped-decorator]
    name="boekstuk.process_document",
    bind=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=get_settings().task_max_retries,
)
def process_document(self: Task, document_id: str) -> str | None:
    """Process the document with this id (idempotent: a finished document is skipped)."""
    settings = get_settings()
    task_id = str(self.request.id or uuid.uuid4())
    session = session_factory(settings.database_url)()
    try:
        if _moved_to_ocr_queue(self, session, settings, uuid.UUID(document_id)):
            return "moved to the OCR queue"
        status = run_document(session, uuid.UUID(document_id), task_id, runner_config(settings))
    finally:
        session.close()
    return status.value if status else None


def _moved_to_ocr_queue(
    task: Task, session: Session, settings: Settings, document_id: uuid.UUID
) -> bool:
    """On the light queue, hand a document that needs OCR (a scanned PDF) to the OCR queue.

    So digital documents never wait behind scans. Anything unexpected (a missing file, the
    broker refusing) leaves the document here, where the runner deals with it.
    """
    delivery = task.request.delivery_info or {}
    if delivery.get("routing_key") != queue_name(settings, QUEUE_LIGHT):
        return False
    document = session.get(Document, document_id)
    session.commit()  # hold no transaction (SQLite: that would hold the write lock)
    if document is None or document.status != DocumentStatus.QUEUED.value:
        return False
    try:
        data = wiring.storage(settings).read(document.storage_key)
        heavy = needs_ocr(data, ContentType(document.content_type), settings.max_pages)
    except (BoekstukError, ValueError):
        return False
    if not heavy or not _publisher(settings).enqueue(document_id, QUEUE_OCR):
        return False
    logger.info("document %s needs OCR: moved to the OCR queue", document_id)
    return True


_publishers: dict[str, Publisher] = {}


def _publisher(settings: Settings) -> Publisher:
    key = f"{settings.broker_url}|{settings.queue_prefix}"
    if key not in _publishers:
        _publishers[key] = Publisher(app, settings)
    return _publishers[key]
