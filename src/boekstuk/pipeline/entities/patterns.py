"""Every valid IBAN and VAT number on the pages, unassigned (``extraction["identifiers"]``).

In: :class:`ExtractedText`. Out: a list of located identifiers (IBAN, VAT number), each
``{"kind", "value", "page", "bbox"}``. Only values that pass their checksum are returned, so
nothing downstream trusts a misread number. Which party an identifier belongs to is decided
by :mod:`boekstuk.pipeline.entities.ids` for the CONTRACT §3 fields; this list stays for
callers (matching, search) that want every identifier on the document.
"""

from __future__ import annotations

import re
from typing import Any

from boekstuk.domain.extraction import ExtractedText, PageText
from boekstuk.domain.identifiers import iban_compact, iban_is_valid, vat_compact, vat_is_valid

# candidates span up to a few words: "NL91 ABNA 0417 1643 00", "NL 0000.99998.B57"
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{2,4}){3,8}\b")
_VAT = re.compile(
    r"\b(?:AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)[ ]?[0-9A-Z][0-9A-Z. ]{5,15}\b"
)


def find_identifiers(text: ExtractedText) -> list[dict[str, Any]]:
    """All valid IBANs and VAT numbers with the page and box where they stand."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for page in text.pages:
        for line_text, boxes in _lines(page):
            for kind, pattern, valid, compact in (
                ("iban", _IBAN, iban_is_valid, iban_compact),
                ("vat", _VAT, vat_is_valid, vat_compact),
            ):
                for match in pattern.finditer(line_text):
                    value = _longest_valid(match.group(0), valid, compact)
                    if value and (kind, value) not in found:
                        found[(kind, value)] = {
                            "kind": kind,
                            "value": value,
                            "page": page.number,
                            "bbox": _span_box(boxes, match.start(), match.end()),
                        }
    return list(found.values())


def ibans_in(line: str) -> list[str]:
    """Every valid IBAN in one line of text, compact (spaces between groups allowed).

    >>> ibans_in("NL91 ABNA 0417 1643 00 factuur 2026-0042")
    ['NL91ABNA0417164300']
    """
    found = (_longest_valid(m.group(0), iban_is_valid, iban_compact) for m in _IBAN.finditer(line))
    return [value for value in found if value]


def _longest_valid(candidate: str, valid: Any, compact: Any) -> str | None:
    """The longest prefix (by words) of ``candidate`` that validates, in compact form."""
    parts = candidate.split(" ")
    for end in range(len(parts), 0, -1):
        value = " ".join(parts[:end])
        if valid(value):
            return str(compact(value))
    return None


def _lines(page: PageText) -> list[tuple[str, list[tuple[int, int, tuple[float, ...]]]]]:
    """Each line's text and the character span and box of each of its words."""
    lines: list[tuple[str, list[tuple[int, int, tuple[float, ...]]]]] = []
    key: tuple[int, int] | None = None
    text = ""
    spans: list[tuple[int, int, tuple[float, ...]]] = []
    for word in page.words:
        if key is not None and (word.block, word.line) != key:
            lines.append((text, spans))
            text, spans = "", []
        if text:
            text += " "
        spans.append((len(text), len(text) + len(word.text), word.bbox))
        text += word.text
        key = (word.block, word.line)
    if spans:
        lines.append((text, spans))
    return lines


def _span_box(spans: list[tuple[int, int, tuple[float, ...]]], start: int, end: int) -> list[float]:
    boxes = [box for s, e, box in spans if s < end and e > start]
    return [
        round(min(b[0] for b in boxes), 1),
        round(min(b[1] for b in boxes), 1),
        round(max(b[2] for b in boxes), 1),
        round(max(b[3] for b in boxes), 1),
    ]
