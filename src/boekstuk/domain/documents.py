"""Document life cycle: statuses, types and processing stages.

``queued → processing → processed | needs_review | failed``; ``reprocess`` puts a finished
document back to ``queued``.
"""

from __future__ import annotations

from enum import StrEnum


class DocumentStatus(StrEnum):
    """Where a document is in its life cycle."""

    QUEUED = "queued"
    PROCESSING = "processing"
    PROCESSED = "processed"
    NEEDS_REVIEW = "needs_review"
    FAILED = "failed"

    @property
    def is_final(self) -> bool:
        """True for the statuses a worker leaves a document in."""
        return self in FINAL_STATUSES


FINAL_STATUSES = frozenset(
    {DocumentStatus.PROCESSED, DocumentStatus.NEEDS_REVIEW, DocumentStatus.FAILED}
)


class DocumentType(StrEnum):
    """What a document is, decided by the classify stage."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    RECEIPT = "receipt"
    BANK_STATEMENT = "bank_statement"
    UNKNOWN = "unknown"


class ContentType(StrEnum):
    """File kinds we accept, detected from the bytes (never from the name)."""

    PDF = "application/pdf"
    PNG = "image/png"
    JPEG = "image/jpeg"
    TIFF = "image/tiff"
    WEBP = "image/webp"
    CAMT053 = "application/vnd.iso20022.camt.053+xml"
    MT940 = "application/vnd.swift.mt940"
    CSV = "text/csv"

    @property
    def is_image(self) -> bool:
        """True for raster images (always OCR'd)."""
        return self in {ContentType.PNG, ContentType.JPEG, ContentType.TIFF, ContentType.WEBP}

    @property
    def is_bank_file(self) -> bool:
        """True for structured bank exports (no OCR, no text layer)."""
        return self in {ContentType.CAMT053, ContentType.MT940, ContentType.CSV}


class Stage(StrEnum):
    """Pipeline stages, in order; each writes a processing_event."""

    TEXT = "text"
    CLASSIFY = "classify"
    ENTITIES = "entities"
    VALIDATE = "validate"
    PARTIES = "parties"
    STORE = "store"
    RECONCILE = "reconcile"


class EventOutcome(StrEnum):
    """How a stage (or the whole task) ended."""

    STARTED = "started"
    OK = "ok"
    SKIPPED = "skipped"
    FAILED = "failed"
    RETRY = "retry"
