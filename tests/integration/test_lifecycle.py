"""Document life cycle in the database: claims, leases, fencing, sweeping, reprocessing.

Runs on SQLite and on PostgreSQL; these rules are what keeps a document from being lost,
stuck in ``processing`` or finished twice.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boekstuk.db.models import Document, ProcessingEvent, utcnow
from boekstuk.db.session import session_factory
from boekstuk.domain.documents import DocumentStatus
from boekstuk.engines.null_ocr import NullOcrEngine
from boekstuk.pipeline.runner import RunnerConfig, process_document
from boekstuk.pipeline.text import TextConfig
from boekstuk.services import documents as docs
from boekstuk.services.storage import FileStorage
from boekstuk.services.workspaces import create_workspace
from tests.factories import invoice_pdf


@pytest.fixture
def session(database_url: str) -> Session:
    return session_factory(database_url)()


@pytest.fixture
def storage(tmp_path: Path) -> FileStorage:
    return FileStorage(tmp_path / "files")


def _submit(
    session: Session, storage: FileStorage, data: bytes, name: str = "a.pdf"
) -> docs.Submitted:
    workspace = session.scalar(select(Document.workspace_id).limit(1))
    if workspace is None:
        workspace = create_workspace(session, f"ws-{uuid.uuid4().hex[:6]}").id
        session.commit()
    upload = storage.spool(10_000_000)
    upload.write(data)
    return docs.record_upload(session, storage, workspace, name, upload)


def _config(storage: FileStorage, **kwargs: object) -> RunnerConfig:
    return RunnerConfig(
        storage=storage, text=TextConfig(engines=(NullOcrEngine(),)), lease_seconds=30, **kwargs
    )  # type: ignore[arg-type]


def test_only_one_task_can_claim_a_document(session: Session, storage: FileStorage) -> None:
    doc = _submit(session, storage, invoice_pdf()).document
    assert docs.claim(session, doc.id, "task-a", 30) is not None
    assert docs.claim(session, doc.id, "task-b", 30) is None
    # the same task (a retry) may claim again
    assert docs.claim(session, doc.id, "task-a", 30) is not None


def test_an_expired_lease_is_swept_back_to_the_queue(
    session: Session, storage: FileStorage
) -> None:
    doc = _submit(session, storage, invoice_pdf()).document
    docs.claim(session, doc.id, "dead-worker", 30)

    assert docs.sweep(session, stale_queued_seconds=600) == []
    requeued = docs.sweep(session, 600, now=utcnow() + timedelta(seconds=31))

    assert requeued == [(doc.id, "light")]
    session.refresh(doc)
    assert doc.status == "queued"
    # the dead worker can no longer finish it; a new task can claim it
    assert not docs.finish(session, doc.id, "dead-worker", DocumentStatus.PROCESSED)
    assert docs.claim(session, doc.id, "new-worker", 30) is not None
    assert docs.finish(session, doc.id, "new-worker", DocumentStatus.PROCESSED)


def test_a_queued_document_whose_message_was_lost_is_published_again(
    session: Session, storage: FileStorage
) -> None:
    doc = _submit(session, storage, invoice_pdf()).document
    later = utcnow() + timedelta(seconds=700)
    assert docs.sweep(session, 600, now=later) == [(doc.id, "light")]
    assert docs.sweep(session, 600, now=later) == []  # queued_at was refreshed


def test_processing_writes_every_stage_and_finishes_once(
    session: Session, storage: FileStorage
) -> None:
    doc = _submit(session, storage, invoice_pdf("2026-77")).document
    config = _config(storage)

    assert process_document(session, doc.id, "t1", config) is DocumentStatus.PROCESSED
    assert process_document(session, doc.id, "t2", config) is None  # a duplicate message

    session.refresh(doc)
    assert doc.status == "processed" and doc.document_type == "invoice"
    assert doc.extraction is not None and doc.extraction["pages"][0]["text_source"] == "text_layer"
    events = session.scalars(
        select(ProcessingEvent)
        .where(ProcessingEvent.document_id == doc.id)
        .order_by(ProcessingEvent.id)
    ).all()
    assert [(e.stage, e.outcome) for e in events] == [
        ("text", "ok"),
        ("classify", "ok"),
        ("entities", "ok"),
        ("validate", "ok"),
        ("parties", "ok"),
        ("store", "ok"),
        ("reconcile", "ok"),  # the new invoice is matched against waiting payments
        ("done", "processed"),
    ]
    assert all(e.duration_ms is not None for e in events if e.outcome == "ok")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without end", "corrupt_file"),
        (b"%PDF-1.7\n" + b"\x00" * 64, "corrupt_file"),
    ],
)
def test_bad_input_ends_failed_with_its_code(
    session: Session, storage: FileStorage, data: bytes, code: str
) -> None:
    doc = _submit(session, storage, data).document
    assert process_document(session, doc.id, "t", _config(storage)) is DocumentStatus.FAILED
    session.refresh(doc)
    assert doc.status == "failed" and doc.error_code == code and doc.error_message


def test_an_encrypted_pdf_fails_clearly(session: Session, storage: FileStorage) -> None:
    import pymupdf

    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 72), "Factuur geheim")
    data = pdf.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    doc = _submit(session, storage, data).document
    process_document(session, doc.id, "t", _config(storage))
    session.refresh(doc)
    assert (doc.status, doc.error_code) == ("failed", "encrypted_pdf")


def test_a_document_that_keeps_killing_workers_ends_failed(
    session: Session, storage: FileStorage
) -> None:
    doc = _submit(session, storage, invoice_pdf()).document
    for attempt in range(3):  # three workers died holding it
        docs.claim(session, doc.id, f"dead-{attempt}", 30)
        docs.sweep(session, 600, now=utcnow() + timedelta(seconds=31))
    status = process_document(session, doc.id, "t", _config(storage, max_attempts=3))
    assert status is DocumentStatus.FAILED
    session.refresh(doc)
    assert doc.error_code == "too_many_attempts"


def test_the_same_bytes_are_one_document_and_one_file(
    session: Session, storage: FileStorage
) -> None:
    data = invoice_pdf("X-1")
    first = _submit(session, storage, data)
    second = _submit(session, storage, data, name="again.pdf")
    assert second.duplicate_of == first.document.id
    assert session.scalar(select(func.count()).select_from(Document)) == 1
    assert len([p for p in storage.root.rglob("*") if p.is_file()]) == 1


def test_reprocess_requeues_a_finished_document_once(
    session: Session, storage: FileStorage
) -> None:
    doc = _submit(session, storage, invoice_pdf()).document
    process_document(session, doc.id, "t1", _config(storage))
    session.refresh(doc)
    assert docs.request_reprocess(session, doc)
    assert not docs.request_reprocess(session, doc)
    assert doc.status == "queued" and doc.attempts == 0
    assert process_document(session, doc.id, "t2", _config(storage)) is DocumentStatus.PROCESSED
