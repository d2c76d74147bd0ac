"""What an extraction (CONTRACT §3) says about its own quality, for ``/documents/{id}/validation``.

In: an extraction dict as stored on the document. Out: ``{"is_valid", "errors",
"warnings", "missing_fields", "confidence"}``. Plain data, no I/O, nothing raises (an
extraction from an older version without some keys gives empty lists).

The overall ``confidence`` (0..1) is the mean confidence over every field found plus every
field the document type needs but lacks (each missing one counts as 0), so a document with
one excellent field and three missing ones scores low. A bank statement has no fields: it
scores 1.0 when it was read with no errors, 0.5 with errors. An unknown document scores 0.

>>> f = lambda c: {"value": "x", "confidence": c, "page": 1, "bbox": [0, 0, 1, 1]}
>>> ex = {"document_type": "invoice", "fields": {"invoice_number": f(0.9), "total_amount": f(0.7)},
...       "validation": {"is_valid": True, "errors": [], "warnings": [],
...                      "missing_fields": ["invoice_date", "seller_name"]}}
>>> summary = validation_summary(ex)
>>> summary["missing_fields"], summary["confidence"]
(['invoice_date', 'seller_name'], 0.4)
>>> validation_summary({"document_type": "bank_statement", "validation": {"errors": []}})["confidence"]
1.0
"""

from __future__ import annotations

from typing import Any


def _mean_field_confidence(fields: dict[str, Any], missing: list[str]) -> float:
    scores = [float(v.get("confidence") or 0.0) for v in fields.values() if isinstance(v, dict)]
    scores += [0.0] * len([name for name in missing if name not in fields])
    return sum(scores) / len(scores) if scores else 0.0


def overall_confidence(extraction: dict[str, Any]) -> float:
    """One number (0..1, three decimals) for how sure the extraction is."""
    validation = extraction.get("validation") or {}
    document_type = extraction.get("document_type")
    if document_type == "bank_statement":
        return 0.5 if validation.get("errors") else 1.0
    if document_type in (None, "unknown"):
        return 0.0
    missing = list(validation.get("missing_fields") or [])
    return round(_mean_field_confidence(extraction.get("fields") or {}, missing), 3)


def validation_summary(extraction: dict[str, Any]) -> dict[str, Any]:
    """The validation of an extraction with its missing fields and overall confidence."""
    validation = extraction.get("validation") or {}
    errors = list(validation.get("errors") or [])
    return {
        "is_valid": bool(validation.get("is_valid", not errors)),
        "errors": errors,
        "warnings": list(validation.get("warnings") or []),
        "missing_fields": list(validation.get("missing_fields") or []),
        "confidence": overall_confidence(extraction),
    }
