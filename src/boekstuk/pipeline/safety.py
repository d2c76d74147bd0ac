"""Safety checks before a PDF is read: truncated files and active content are refused.

In: a PDF's bytes. Out: nothing, or :class:`DocumentError` — ``corrupt_file`` for a file
that was cut off (no ``%%EOF`` end marker at all), ``active_content`` for a PDF carrying
JavaScript or a Launch action (never run, but never something to book either: a person
should look at it). Embedded files are allowed: Factur-X/ZUGFeRD invoices carry their XML so.
"""

from __future__ import annotations

import logging

from boekstuk.domain.errors import DocumentError, ErrorCode

logger = logging.getLogger(__name__)

_ACTIVE = ("/JavaScript", "/JS ", "/JS(", "/JS<", "/Launch")
_MAX_OBJECTS = 200_000


def check_pdf(data: bytes) -> None:
    """Raise ``DocumentError`` when the PDF is truncated or carries active content."""
    if b"%%EOF" not in data:  # (junk after the end marker is common and harmless)
        raise DocumentError(
            "the PDF is incomplete (it was cut off before its end); upload it again",
            ErrorCode.CORRUPT_FILE,
        )
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")  # type: ignore[no-untyped-call]
    except Exception as exc:  # PyMuPDF raises several types for broken files
        raise DocumentError(f"the PDF cannot be opened: {exc}", ErrorCode.CORRUPT_FILE) from exc
    with doc:
        if doc.needs_pass:
            return  # the text stage reports encryption with its own code
        for xref in range(1, min(doc.xref_length(), _MAX_OBJECTS)):  # type: ignore[no-untyped-call]
            try:
                source = doc.xref_object(xref, compressed=True)  # type: ignore[no-untyped-call]
            except Exception:  # a damaged object: the text stage decides about those
                continue
            if any(marker in source for marker in _ACTIVE):
                raise DocumentError(
                    "the PDF contains JavaScript or a launch action; it was not processed",
                    ErrorCode.ACTIVE_CONTENT,
                )
