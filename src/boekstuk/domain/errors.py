"""Errors with stable codes.

Every error that can end a document's processing carries an :class:`ErrorCode`; the code
is stored on the document and returned by the API. :class:`DocumentError` means *bad input*
(never retried); :class:`TransientError` means *try again later* (database or broker away).
Only the API layer turns errors into HTTP answers.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable, documented error codes (stored on documents, returned by the API)."""

    EMPTY_FILE = "empty_file"
    FILE_TOO_LARGE = "file_too_large"
    UNSUPPORTED_TYPE = "unsupported_type"
    CORRUPT_FILE = "corrupt_file"
    ENCRYPTED_PDF = "encrypted_pdf"
    ACTIVE_CONTENT = "active_content"
    TOO_MANY_PAGES = "too_many_pages"
    IMAGE_TOO_LARGE = "image_too_large"
    OCR_FAILED = "ocr_failed"
    NO_TEXT = "no_text"
    MALFORMED_STATEMENT = "malformed_statement"
    UNSAFE_XML = "unsafe_xml"
    FILE_MISSING = "file_missing"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    INTERNAL_ERROR = "internal_error"
    # API-level codes
    NOT_FOUND = "not_found"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    BAD_REQUEST = "bad_request"
    VALIDATION_ERROR = "validation_error"
    CONFLICT = "conflict"
    TOO_MANY_FILES = "too_many_files"
    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"


class BoekstukError(Exception):
    """Base of all our errors: a code and a sentence for a person."""

    code: ErrorCode = ErrorCode.INTERNAL_ERROR

    def __init__(self, message: str, code: ErrorCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class DocumentError(BoekstukError):
    """The document itself is unusable (bad input). Never retried; ends as ``failed``."""

    code = ErrorCode.CORRUPT_FILE


class UnsupportedTypeError(DocumentError):
    """The bytes are not a kind of file we read."""

    code = ErrorCode.UNSUPPORTED_TYPE


class TooLargeError(DocumentError):
    """The file, its page count or its pixel count is over a configured limit."""

    code = ErrorCode.FILE_TOO_LARGE


class OcrError(BoekstukError):
    """An OCR engine failed on a page (the next engine may still succeed)."""

    code = ErrorCode.OCR_FAILED


class TransientError(BoekstukError):
    """A dependency (database, broker) is unavailable; the task is retried with backoff."""

    code = ErrorCode.UNAVAILABLE


class NotFoundError(BoekstukError):
    """The resource does not exist in the caller's workspace."""

    code = ErrorCode.NOT_FOUND


class ConflictError(BoekstukError):
    """The request conflicts with the current state."""

    code = ErrorCode.CONFLICT
