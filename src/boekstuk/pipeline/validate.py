"""Validate stage: check what the entities stage found, as CONTRACT §3's ``validation``.

In: the :class:`DocumentType` and the fields (name → :class:`FieldValue`). Out: a
:class:`Validation` — ``errors`` and ``warnings`` (each ``{"field", "code", "message"}``),
the fields with confidence lowered where a check failed, and ``needs_review`` with its
reasons. Checks: identifiers (VAT of every EU country, IBAN, BIC, KvK, payment references —
python-stdnum where it has them), arithmetic (net + tax = total), plausible dates (due on or
after the invoice date, not years ahead or long ago), and presence of what the type needs.
A document whose total, number or a party fails or is missing needs review: never silently
accepted. Nothing raises.

>>> from boekstuk.domain.fields import FieldValue
>>> f = lambda v: FieldValue(v, 0.9, 1, (0.0, 0.0, 1.0, 1.0))
>>> result = validate(DocumentType.INVOICE, {"invoice_number": f("1"), "total_amount": f("121.00"),
...     "net_amount": f("100.00"), "tax_amount": f("20.00"), "seller_name": f("A B.V.")})
>>> [e["code"] for e in result.errors], result.needs_review
(['arithmetic_mismatch'], True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from boekstuk.domain.documents import DocumentType
from boekstuk.domain.fields import FieldValue
from boekstuk.domain.identifiers import (
    bic_is_valid,
    iban_is_valid,
    kvk_is_valid,
    ogm_is_valid,
    payment_reference_kind,
    rf_is_valid,
    vat_is_valid,
)

# what lowers a failing field's confidence
_PENALTY = 0.5
# a field whose problem makes the whole document wait for a person
_CRITICAL = {
    "total_amount",
    "invoice_number",
    "seller_name",
    "seller_vat",
    "seller_iban",
    "buyer_vat",
    "buyer_iban",
    "invoice_date",
}
_REQUIRED = {
    DocumentType.INVOICE: ("invoice_number", "invoice_date", "total_amount", "seller_name"),
    DocumentType.CREDIT_NOTE: ("invoice_number", "invoice_date", "total_amount", "seller_name"),
    DocumentType.RECEIPT: ("invoice_date", "total_amount", "seller_name"),
}
_LOW_CONFIDENCE = 0.5


@dataclass(frozen=True, slots=True)
class Validation:
    """The validation block, the re-scored fields and the review verdict."""

    errors: tuple[dict[str, str], ...]
    warnings: tuple[dict[str, str], ...]
    fields: dict[str, FieldValue]
    missing_fields: tuple[str, ...] = ()
    needs_review: bool = False
    reasons: tuple[str, ...] = field(default=())

    @property
    def is_valid(self) -> bool:
        """True when no check failed."""
        return not self.errors

    def as_json(self) -> dict[str, Any]:
        """CONTRACT §3's ``validation`` object (plus ``missing_fields`` and the verdict)."""
        return {
            "is_valid": self.is_valid,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            "missing_fields": list(self.missing_fields),
            "needs_review": self.needs_review,
            "review_reasons": list(self.reasons),
        }


def _problem(field_name: str, code: str, message: str) -> dict[str, str]:
    return {"field": field_name, "code": code, "message": message}


def check_identifiers(fields: dict[str, FieldValue]) -> list[dict[str, str]]:
    """Checksum and format errors of VAT, IBAN, BIC, KvK and payment-reference fields."""
    errors: list[dict[str, str]] = []
    for name, fv in fields.items():
        value = fv.value
        if name.endswith("_vat") and not vat_is_valid(value):
            errors.append(_problem(name, "invalid_checksum", f"{value} is not a valid VAT number"))
        elif name.endswith("_iban") and not iban_is_valid(value):
            errors.append(_problem(name, "invalid_checksum", f"{value} fails the IBAN check"))
        elif name.endswith("_bic") and not bic_is_valid(value):
            errors.append(_problem(name, "invalid_format", f"{value} is not a valid BIC"))
        elif name == "payment_reference":
            errors += _check_reference(value)
    return errors


def _check_reference(value: str) -> list[dict[str, str]]:
    compact = re.sub(r"[\s.]", "", value)
    if compact.upper().startswith("RF") and not rf_is_valid(compact):
        return [_problem("payment_reference", "invalid_checksum", f"{value} fails the RF check")]
    if compact.startswith(("+++", "***")) and not ogm_is_valid(compact):
        return [_problem("payment_reference", "invalid_checksum", f"{value} fails the OGM check")]
    if re.fullmatch(r"\d{16}", compact) and payment_reference_kind(compact) is None:
        message = f"{value} looks like a betalingskenmerk but fails its mod-11 check"
        return [_problem("payment_reference", "invalid_checksum", message)]
    return []


def _amount(fields: dict[str, FieldValue], name: str) -> Decimal | None:
    fv = fields.get(name)
    if fv is None:
        return None
    try:
        return Decimal(fv.value)
    except InvalidOperation:
        return None


def check_arithmetic(fields: dict[str, FieldValue]) -> list[dict[str, str]]:
    """Net + tax = total (to the cent) when all three are known; parse errors for bad amounts."""
    errors: list[dict[str, str]] = []
    for name in ("total_amount", "net_amount", "tax_amount"):
        if name in fields and _amount(fields, name) is None:
            errors.append(_problem(name, "invalid_amount", f"{fields[name].value!r} is no amount"))
    total, net, tax = (_amount(fields, n) for n in ("total_amount", "net_amount", "tax_amount"))
    if total is not None and net is not None and tax is not None and net + tax != total:
        message = f"net {net} + tax {tax} = {net + tax}, not the total {total}"
        errors.append(_problem("total_amount", "arithmetic_mismatch", message))
    return errors


def check_line_items(
    fields: dict[str, FieldValue], line_items: tuple[dict[str, str], ...] | list[dict[str, str]]
) -> list[dict[str, str]]:
    """Line amounts add up to the net amount (or, for gross-priced lines, the total).

    A warning, not an error: discounts, charges and rounding lines are often printed apart.
    """
    if not line_items:
        return []
    try:
        lines = sum((Decimal(item["amount"]) for item in line_items), Decimal(0))
    except (InvalidOperation, KeyError):
        return [_problem("line_items", "invalid_amount", "a line item has no readable amount")]
    targets = [a for a in (_amount(fields, "net_amount"), _amount(fields, "total_amount")) if a]
    if not targets or lines in targets:
        return []
    message = f"the line items add up to {lines}, not the net amount {targets[0]}"
    return [_problem("line_items", "line_items_mismatch", message)]


def check_dates(fields: dict[str, FieldValue], today: date) -> list[dict[str, str]]:
    """Dates parse, the due date is not before the invoice date, nothing is far off."""
    errors: list[dict[str, str]] = []
    parsed: dict[str, date] = {}
    for name in ("invoice_date", "due_date"):
        if name not in fields:
            continue
        try:
            parsed[name] = date.fromisoformat(fields[name].value)
        except ValueError:
            errors.append(_problem(name, "invalid_date", f"{fields[name].value!r} is no date"))
            continue
        if parsed[name] > today + timedelta(days=366 if name == "due_date" else 31):
            errors.append(_problem(name, "implausible_date", f"{parsed[name]} is in the future"))
        elif parsed[name] < today - timedelta(days=366 * 15):
            errors.append(_problem(name, "implausible_date", f"{parsed[name]} is long ago"))
    if (
        "invoice_date" in parsed
        and "due_date" in parsed
        and parsed["due_date"] < parsed["invoice_date"]
    ):
        message = f"due {parsed['due_date']} is before the invoice date {parsed['invoice_date']}"
        errors.append(_problem("due_date", "due_before_invoice_date", message))
    return errors


def validate(
    document_type: DocumentType,
    fields: dict[str, FieldValue],
    *,
    line_items: tuple[dict[str, str], ...] | list[dict[str, str]] = (),
    today: date | None = None,
) -> Validation:
    """Check the fields; lower the confidence of failing ones; decide whether a person must look."""
    today = today or date.today()
    errors = check_identifiers(fields) + check_arithmetic(fields) + check_dates(fields, today)
    warnings: list[dict[str, str]] = check_line_items(fields, line_items)
    coc = fields.get("seller_coc")
    if coc is not None and re.fullmatch(r"[\d .]+", coc.value) and not kvk_is_valid(coc.value):
        # other countries' registers have other lengths: a hint, not an error
        message = f"{coc.value} is not an 8-digit Dutch KvK number"
        warnings.append(_problem("seller_coc", "not_a_kvk_number", message))
    if document_type is DocumentType.UNKNOWN:
        warnings.append(
            _problem(
                "document_type",
                "unknown_type",
                "the document was not recognised as an invoice, receipt or statement",
            )
        )
    missing = tuple(name for name in _REQUIRED.get(document_type, ()) if name not in fields)
    for name in missing:
        warnings.append(_problem(name, "missing", f"no {name.replace('_', ' ')} was found"))
    failed = {e["field"] for e in errors}
    if any(e["code"] == "arithmetic_mismatch" for e in errors):
        failed |= {"net_amount", "tax_amount"}
    scored = {
        name: fv.with_confidence(fv.confidence * _PENALTY) if name in failed else fv
        for name, fv in fields.items()
    }
    reasons: list[str] = []
    for e in errors:
        if e["field"] in _CRITICAL:
            reasons.append(f"{e['field']}: {e['code']}")
    reasons += [f"{name}: missing" for name in missing]
    for name in ("total_amount", "invoice_number", "seller_name", "invoice_date"):
        fv = scored.get(name)
        if (
            fv is not None
            and fv.confidence < _LOW_CONFIDENCE
            and name in _REQUIRED.get(document_type, ())
        ):
            reasons.append(f"{name}: low_confidence")
    if document_type is DocumentType.UNKNOWN:
        reasons.append("document_type: unknown")
    return Validation(
        errors=tuple(errors),
        warnings=tuple(warnings),
        fields=scored,
        missing_fields=missing,
        needs_review=bool(reasons) and document_type is not DocumentType.BANK_STATEMENT,
        reasons=tuple(dict.fromkeys(reasons)),
    )
