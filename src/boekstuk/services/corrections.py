"""A person corrects an extracted field: record it, rebuild the extraction, link again.

In: a session, the document, the field name and the new value as a person typed it. Out: the
stored :class:`FieldCorrection`; the document's extraction then carries the value (in the
CONTRACT §3 normal form, confidence 1, ``"corrected": true``) and a fresh validation, and the
parties, store and reconcile stages run again on it, so the customer, the invoice and its
matches follow the correction. Raises :class:`BoekstukError` (``validation_error``) for an
unknown field or a value that is not a valid date, amount, IBAN, VAT or BIC.

A reprocessed document keeps its corrections: the runner applies them to the new extraction
(:func:`apply_corrections`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.exceptions import ValidationError

from boekstuk.db.corrections import FieldCorrection
from boekstuk.db.models import Document
from boekstuk.domain.dates import parse_date
from boekstuk.domain.documents import DocumentStatus, DocumentType
from boekstuk.domain.errors import BoekstukError, ErrorCode
from boekstuk.domain.fields import FIELD_NAMES, FieldValue
from boekstuk.domain.identifiers import bic_validate, iban_validate, vat_validate
from boekstuk.domain.money import amount_validate, format_amount
from boekstuk.pipeline.bank import reconcile_stored
from boekstuk.pipeline.parties import PartiesConfig, has_counterparty, link_parties
from boekstuk.pipeline.store import store_invoice
from boekstuk.pipeline.validate import validate
from boekstuk.reconcile.models import MatchConfig

logger = logging.getLogger(__name__)

_DATES = {"invoice_date", "due_date"}
_AMOUNTS = {"total_amount", "net_amount", "tax_amount"}
# the warnings validate() itself makes (again): the others came from the entities stage
_VALIDATE_WARNINGS = {"missing", "unknown_type", "not_a_kvk_number"}
_CHECKED = {
    "seller_vat": vat_validate,
    "buyer_vat": vat_validate,
    "seller_iban": iban_validate,
    "buyer_iban": iban_validate,
    "seller_bic": bic_validate,
}


def normalise(name: str, value: str) -> str:
    """The value in CONTRACT §3's normal form for field ``name``.

    >>> normalise("invoice_date", "15-01-2026"), normalise("total_amount", "1.234,50")
    ('2026-01-15', '1234.50')
    >>> normalise("seller_iban", "nl91 abna 0417 1643 00")
    'NL91ABNA0417164300'
    """
    if name not in FIELD_NAMES:
        raise BoekstukError(f"unknown field {name!r}", ErrorCode.VALIDATION_ERROR)
    text = " ".join(value.split())
    if not text:
        raise BoekstukError("a corrected value cannot be empty", ErrorCode.VALIDATION_ERROR)
    try:
        if name in _DATES:
            found = parse_date(text)
            if found is None:
                raise ValueError(f"not a date: {text!r}")
            return found.isoformat()
        if name in _AMOUNTS:
            return format_amount(amount_validate(text))
        if name in _CHECKED:
            return str(_CHECKED[name](text))
        if name == "currency":
            if len(text) != 3 or not text.isalpha():
                raise ValueError(f"not a currency code: {text!r}")
            return text.upper()
    except (ValueError, ValidationError) as exc:
        raise BoekstukError(f"{name}: {exc}", ErrorCode.VALIDATION_ERROR) from exc
    return text[:1000]


def apply_corrections(
    extraction: dict[str, Any], corrections: Iterable[FieldCorrection]
) -> dict[str, Any]:
    """The extraction with the corrections (oldest first; the latest wins), validated again."""
    fields: dict[str, dict[str, Any]] = {
        name: dict(value) for name, value in (extraction.get("fields") or {}).items()
    }
    corrected: set[str] = set()
    for correction in corrections:
        before = fields.get(correction.field) or {"page": 1, "bbox": [0.0, 0.0, 0.0, 0.0]}
        fields[correction.field] = {
            **before,
            "value": correction.new_value,
            "confidence": 1.0,
            "corrected": True,
        }
        corrected.add(correction.field)
    if not corrected:
        return extraction
    try:
        document_type = DocumentType(str(extraction.get("document_type")))
    except ValueError:
        document_type = DocumentType.UNKNOWN
    values = {
        name: FieldValue(
            str(f["value"]), float(f.get("confidence", 1.0)), int(f.get("page", 1)), _bbox(f)
        )
        for name, f in fields.items()
    }
    checked = validate(document_type, values, line_items=extraction.get("line_items") or ())
    rescored: dict[str, Any] = {}
    for name, value in checked.fields.items():
        rescored[name] = {**fields[name], **value.as_json()}
        if name in corrected:
            rescored[name]["corrected"] = True
    validation = checked.as_json()
    # warnings of the entities stage (not validate's own) stay, unless about a corrected field
    own = {(w["field"], w["code"]) for w in validation["warnings"]}
    for warning in (extraction.get("validation") or {}).get("warnings", []):
        key = (warning.get("field"), warning.get("code"))
        if (
            key not in own
            and warning.get("field") not in corrected
            and warning.get("code") not in _VALIDATE_WARNINGS
        ):
            validation["warnings"].append(warning)
    return {**extraction, "fields": rescored, "validation": validation}


def _bbox(field: dict[str, Any]) -> tuple[float, float, float, float]:
    box = field.get("bbox") or [0.0, 0.0, 0.0, 0.0]
    x0, y0, x1, y1 = (float(v) for v in list(box)[:4])
    return (x0, y0, x1, y1)


def corrections_of(session: Session, document_id: uuid.UUID) -> list[FieldCorrection]:
    """The document's corrections, oldest first."""
    return list(
        session.scalars(
            select(FieldCorrection)
            .where(FieldCorrection.document_id == document_id)
            .order_by(FieldCorrection.created_at, FieldCorrection.id)
        )
    )


def correct_field(
    session: Session,
    document: Document,
    name: str,
    value: str,
    *,
    user_id: uuid.UUID | None,
    corrected_by: str,
    parties: PartiesConfig | None = None,
    matching: MatchConfig | None = None,
) -> FieldCorrection:
    """Record a person's correction and let linking, booking and matching follow it (commits)."""
    if document.status not in {DocumentStatus.PROCESSED.value, DocumentStatus.NEEDS_REVIEW.value}:
        raise BoekstukError(
            "only a processed document can be corrected; wait for it or reprocess it",
            ErrorCode.CONFLICT,
        )
    new_value = normalise(name, value)
    old = ((document.extraction or {}).get("fields") or {}).get(name, {}).get("value")
    correction = FieldCorrection(
        workspace_id=document.workspace_id,
        document_id=document.id,
        field=name,
        old_value=old,
        new_value=new_value,
        user_id=user_id,
        corrected_by=corrected_by[:320],
    )
    session.add(correction)
    session.flush()
    document.extraction = apply_corrections(document.extraction or {}, [correction])
    session.commit()
    logger.info("document %s: %s corrected by %s", document.id, name, corrected_by)
    relink(session, document, parties or PartiesConfig(), matching)
    return correction


def relink(
    session: Session, document: Document, parties: PartiesConfig, matching: MatchConfig | None
) -> DocumentStatus:
    """Run the parties, store and reconcile stages again on the stored extraction (commits)."""
    extraction = document.extraction or {}
    party = None
    if has_counterparty(extraction):
        party = link_parties(session, document, extraction, parties)
    booked = store_invoice(session, document, extraction, party)
    if booked is not None and booked.invoice_id is not None:
        reconcile_stored(
            session, document.workspace_id, invoice_id=booked.invoice_id, config=matching
        )
    needs_person = bool((party and party.review_item_ids) or (booked and booked.review_item_ids))
    status = DocumentStatus.NEEDS_REVIEW if needs_person else DocumentStatus.PROCESSED
    session.refresh(document)
    if document.status == DocumentStatus.NEEDS_REVIEW.value and not needs_person:
        status = DocumentStatus.NEEDS_REVIEW  # only a person's "checked" clears it
    document.status = status.value
    session.commit()
    return status


def mark_checked(session: Session, document: Document) -> bool:
    """A person has looked at a document that waited for review: it is processed (commits)."""
    if document.status != DocumentStatus.NEEDS_REVIEW.value:
        return False
    document.status = DocumentStatus.PROCESSED.value
    session.commit()
    return True
