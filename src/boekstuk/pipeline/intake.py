"""Intake: what kind of file is this, judged from its bytes (a lying extension is ignored).

In: the first few KiB of a file. Out: a :class:`ContentType`. Raises
:class:`UnsupportedTypeError` (or ``DocumentError`` with ``empty_file``) otherwise.

>>> detect_content_type(b"%PDF-1.7\\n...").value
'application/pdf'
>>> detect_content_type(b"\\x89PNG\\r\\n\\x1a\\n....").value
'image/png'
>>> detect_content_type(b"Datum;Naam / Omschrijving;Rekening;Bedrag (EUR)\\n20260115;X;NL..;1,00\\n").value
'text/csv'
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath

from boekstuk.domain.documents import ContentType
from boekstuk.domain.errors import DocumentError, ErrorCode, UnsupportedTypeError

SNIFF_BYTES = 8192
_TEXT_ENCODINGS = ("utf-8-sig", "utf-16", "cp1252", "latin-1")


def detect_content_type(head: bytes) -> ContentType:
    """Detect the file type from its first bytes (``SNIFF_BYTES`` is plenty)."""
    if not head:
        raise DocumentError("the file is empty", ErrorCode.EMPTY_FILE)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ContentType.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return ContentType.JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return ContentType.TIFF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ContentType.WEBP
    if b"%PDF-" in head[:1024]:
        return ContentType.PDF
    text = _decode(head)
    if text is None:
        raise UnsupportedTypeError("the file is not a PDF, image or bank export we can read")
    stripped = text.lstrip()
    if stripped.startswith("<"):
        if "camt.053" in text:
            return ContentType.CAMT053
        raise UnsupportedTypeError("XML that is not a CAMT.053 bank statement")
    if _looks_like_mt940(stripped):
        return ContentType.MT940
    if _looks_like_csv(text):
        return ContentType.CSV
    raise UnsupportedTypeError("text that is neither CSV nor MT940 nor CAMT.053")


def _decode(head: bytes) -> str | None:
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    for encoding in _TEXT_ENCODINGS:
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        control = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t")
        return text if control <= len(text) // 100 else None
    return None


_MT940_TAG = re.compile(r"^:(20|25|28C|60F|60M|61|86|62F):", re.MULTILINE)


def _looks_like_mt940(text: str) -> bool:
    tags = {m.group(1) for m in _MT940_TAG.finditer(text)}
    return ("25" in tags or "20" in tags) and bool(tags & {"60F", "60M", "61"})


def _looks_like_csv(text: str) -> bool:
    lines = [line for line in text.splitlines()[:10] if line.strip()]
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sniffed head may cut the last line
    if len(lines) < 2:
        return False
    for delimiter in (";", ",", "\t", "|"):
        counts = {line.count(delimiter) for line in lines}
        if len(counts) == 1 and min(counts) >= 1:
            return True
    return False


def safe_filename(name: str | None, fallback: str = "upload") -> str:
    """A file name fit to show and store: no folders, no control characters, at most 200 chars.

    >>> safe_filename("../../etc/passwd")
    'passwd'
    >>> safe_filename("fac\\x00tuur\\n.pdf")
    'factuur.pdf'
    >>> safe_filename("")
    'upload'
    """
    if not name:
        return fallback
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    return cleaned[:200] or fallback
