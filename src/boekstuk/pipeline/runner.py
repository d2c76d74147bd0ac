"""Runs one document through every stage, in order, and records what happened.

claim → text → classify → entities → validate → parties → store → reconcile → finish.

Each stage logs its start and end with the document, workspace and task ids and its
duration and writes a processing_event; a side thread renews the lease meanwhile. Errors map to a status here:
bad input (:class:`DocumentError`) → ``failed`` with its code; a bug → ``failed`` with
``internal_error``; an unavailable database or broker propagates so the task is retried.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from boekstuk.db.models import Document, Workspace
from boekstuk.domain.documents import ContentType, DocumentStatus, EventOutcome, Stage
from boekstuk.domain.errors import BoekstukError, DocumentError, ErrorCode, TransientError
from boekstuk.logging import log_context
from boekstuk.pipeline.analyse import analyse
from boekstuk.pipeline.bank import reconcile_stored, store_bank_document
from boekstuk.pipeline.parties import PartiesConfig, has_counterparty, link_parties
from boekstuk.pipeline.store import store_invoice
from boekstuk.pipeline.text import TextConfig
from boekstuk.reconcile.models import MatchConfig
from boekstuk.services import documents as docs
from boekstuk.services.corrections import apply_corrections, corrections_of
from boekstuk.services.parties import ours_of
from boekstuk.services.storage import FileStorage

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RunnerConfig:
    """What the runner needs: where things are and how long a lease lasts."""

    storage: FileStorage
    text: TextConfig
    lease_seconds: int = 900
    max_attempts: int = 3
    parties: PartiesConfig = field(default_factory=PartiesConfig)
    matching: MatchConfig = field(default_factory=MatchConfig)


@dataclass
class _Run:
    session: Session
    document: Document
    task_id: str
    config: RunnerConfig

    @contextmanager
    def stage(self, stage: Stage) -> Iterator[None]:
        """Log, time and record one stage as a processing_event."""
        logger.info("stage %s started", stage.value)
        started = time.perf_counter()
        try:
            yield
        except BoekstukError as exc:
            self._event(stage, EventOutcome.FAILED, started, exc.message)
            logger.info(
                "stage %s failed after %.1f ms: %s",
                stage.value,
                (time.perf_counter() - started) * 1000,
                exc,
            )
            raise
        except Exception as exc:
            if not isinstance(exc, OperationalError):
                self._event(stage, EventOutcome.FAILED, started, f"{type(exc).__name__}: {exc}")
            raise
        self._event(stage, EventOutcome.OK, started, None)
        logger.info("stage %s done in %.1f ms", stage.value, (time.perf_counter() - started) * 1000)

    def skip(self, stage: Stage, why: str) -> None:
        """Record a stage that had nothing to do."""
        logger.info("stage %s skipped: %s", stage.value, why)
        docs.add_event(
            self.session,
            self.document,
            stage.value,
            EventOutcome.SKIPPED.value,
            message=why,
            task_id=self.task_id,
        )

    def _event(
        self, stage: Stage, outcome: EventOutcome, started: float, message: str | None
    ) -> None:
        docs.add_event(
            self.session,
            self.document,
            stage.value,
            outcome.value,
            duration_ms=round((time.perf_counter() - started) * 1000, 2),
            message=message,
            task_id=self.task_id,
        )


def process_document(
    session: Session, document_id: uuid.UUID, task_id: str, config: RunnerConfig
) -> DocumentStatus | None:
    """Process one document; None when it was not ours to process (done, or taken)."""
    with log_context(document_id=document_id, task_id=task_id):
        document = docs.claim(session, document_id, task_id, config.lease_seconds)
        if document is None:
            logger.info("document not claimable (already processed or taken); skipping")
            return None
        with (
            log_context(workspace_id=document.workspace_id),
            _keep_lease(session, document_id, task_id, config.lease_seconds),
        ):
            return _process_claimed(session, document, task_id, config)


@contextmanager
def _keep_lease(
    session: Session, document_id: uuid.UUID, task_id: str, lease_seconds: int
) -> Iterator[None]:
    """Renew the lease from a side thread (every third of it) while the document is worked on.

    A long OCR run then never loses its document, while a dead worker's lease still ends
    ``lease_seconds`` after its last renewal.
    """
    stop = threading.Event()
    factory = sessionmaker(bind=session.get_bind(), expire_on_commit=False)

    def renew() -> None:
        while not stop.wait(lease_seconds / 3):
            try:
                with factory() as side:
                    if not docs.renew_lease(side, document_id, task_id, lease_seconds):
                        return
            except Exception:
                logger.warning("could not renew the lease; will try again", exc_info=True)

    thread = threading.Thread(target=renew, name="boekstuk-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def _process_claimed(
    session: Session, document: Document, task_id: str, config: RunnerConfig
) -> DocumentStatus | None:
    run = _Run(session, document, task_id, config)
    logger.info(
        "processing %s (%s, %d bytes, attempt %d)",
        document.filename,
        document.content_type,
        document.size,
        document.attempts,
    )
    started = time.perf_counter()
    if document.attempts > config.max_attempts:
        return _end(
            run, DocumentStatus.FAILED, error=docs.fail_too_many_attempts(config.max_attempts)
        )
    try:
        data = config.storage.read(document.storage_key)
        workspace = session.get_one(Workspace, document.workspace_id)
        analysis = analyse(
            data,
            ContentType(document.content_type),
            config.text,
            run.stage,
            profile=ours_of(workspace),  # who we are decides which party is the counterparty
        )
        # a person's corrections (web UI) outlive a reprocess
        extraction = apply_corrections(analysis.extraction, corrections_of(session, document.id))
        party = None
        if has_counterparty(extraction):
            with run.stage(Stage.PARTIES):
                party = link_parties(session, document, extraction, config.parties)
        else:
            run.skip(Stage.PARTIES, "no counterparty on this kind of document")
        with run.stage(Stage.STORE):
            docs.save_extraction(
                session,
                document.id,
                task_id,
                extraction,
                analysis.document_type.value,
                len(analysis.text.pages),
            )
            booked = store_invoice(session, document, extraction, party)
            banked = store_bank_document(session, document, data, extraction)
        needs_person = bool(
            (party and party.review_item_ids)
            or (booked and booked.review_item_ids)
            or (banked and banked.needs_review)
        )
        status = DocumentStatus.NEEDS_REVIEW if needs_person else DocumentStatus.PROCESSED
        if banked is None and (booked is None or booked.invoice_id is None):
            run.skip(Stage.RECONCILE, "no payments and no open invoice to match")
        else:
            with run.stage(Stage.RECONCILE):
                reconcile_stored(
                    session,
                    document.workspace_id,
                    statements=banked,
                    invoice_id=booked.invoice_id if booked else None,
                    config=config.matching,
                )
    except DocumentError as exc:
        return _end(run, DocumentStatus.FAILED, error=exc)
    except (OperationalError, TransientError):
        logger.warning("a dependency is unavailable; the task will be retried", exc_info=True)
        raise
    except ValueError as exc:  # e.g. a content type we no longer know
        return _end(
            run, DocumentStatus.FAILED, error=DocumentError(str(exc), ErrorCode.UNSUPPORTED_TYPE)
        )
    except Exception as exc:
        logger.exception("unexpected error while processing")
        return _end(
            run,
            DocumentStatus.FAILED,
            error=BoekstukError(
                f"unexpected {type(exc).__name__}: {exc}", ErrorCode.INTERNAL_ERROR
            ),
        )
    result = _end(run, status)
    logger.info("document %s in %.1f ms", status.value, (time.perf_counter() - started) * 1000)
    return result


def _end(
    run: _Run,
    status: DocumentStatus,
    *,
    error: BoekstukError | None = None,
) -> DocumentStatus | None:
    owned = docs.finish(run.session, run.document.id, run.task_id, status, error=error)
    if not owned:
        logger.warning("lost the lease before finishing; another worker owns the document now")
        return None
    docs.add_event(
        run.session,
        run.document,
        "done",
        status.value,
        message=error.message if error else None,
        task_id=run.task_id,
    )
    if error is not None:
        logger.info("document failed: %s", error)
    return status
