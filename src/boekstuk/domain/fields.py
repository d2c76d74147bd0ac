"""Extracted fields and the workspace profile the extractor needs to tell *us* from them.

In: values found on a page. Out: :class:`FieldValue` (value, confidence, page, bbox) that
serialises to CONTRACT §3's ``fields`` entries, and :class:`WorkspaceProfile` (our own
name, VAT number and IBANs). Plain data, no I/O, nothing raises.

>>> FieldValue("2026-0042", 0.9, 1, (72.0, 140.5, 190.2, 152.0)).as_json()
{'value': '2026-0042', 'confidence': 0.9, 'page': 1, 'bbox': [72.0, 140.5, 190.2, 152.0]}
>>> WorkspaceProfile(vat_number="nl0000.99998.b57").is_ours_vat("NL000099998B57")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from boekstuk.domain.extraction import BBox
from boekstuk.domain.names import match_key, name_score

FIELD_NAMES = (
    "invoice_number",
    "invoice_date",
    "due_date",
    "currency",
    "total_amount",
    "net_amount",
    "tax_amount",
    "payment_reference",
    "seller_name",
    "seller_address",
    "seller_vat",
    "seller_iban",
    "seller_bic",
    "seller_coc",
    "buyer_name",
    "buyer_address",
    "buyer_vat",
    "buyer_iban",
)


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One field's value (CONTRACT §3 normal form) and where it was read."""

    value: str
    confidence: float
    page: int
    bbox: BBox
    source: str = "rules"

    def as_json(self) -> dict[str, Any]:
        """The field as CONTRACT §3 shows it."""
        return {
            "value": self.value,
            "confidence": round(self.confidence, 3),
            "page": self.page,
            "bbox": [round(float(v), 1) for v in self.bbox],
        }

    def with_confidence(self, confidence: float) -> FieldValue:
        """A copy with another confidence (kept within 0..1)."""
        return replace(self, confidence=max(0.0, min(1.0, confidence)))


def _compact(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", value.upper())


@dataclass(frozen=True, slots=True)
class WorkspaceProfile:
    """Our own company: its name, VAT number and IBANs (any may be unknown)."""

    legal_name: str | None = None
    vat_number: str | None = None
    ibans: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        """True when the profile says nothing about us."""
        return not (self.legal_name or self.vat_number or self.ibans)

    def is_ours_vat(self, value: str) -> bool:
        """True when ``value`` is our VAT number."""
        return bool(self.vat_number) and _compact(value) == _compact(self.vat_number or "")

    def is_ours_iban(self, value: str) -> bool:
        """True when ``value`` is one of our IBANs."""
        return _compact(value) in {_compact(iban) for iban in self.ibans}

    def is_ours_name(self, value: str) -> bool:
        """True when ``value`` names us (case, accents, punctuation and legal form aside).

        >>> WorkspaceProfile("Metallbau Becker UG (haftungsbeschränkt)").is_ours_name(
        ...     "METALLBAU BECKER UG")
        True
        """
        if not self.legal_name:
            return False
        ours, theirs = match_key(self.legal_name), match_key(value)
        if not ours or not theirs:
            return False
        if ours == theirs or (len(ours) > 4 and ours in theirs):
            return True
        return (len(theirs) > 6 and theirs in ours) or name_score(ours, theirs) >= 94
