"""Validation: checksums, arithmetic and dates flag a field, lower its confidence and send
the document to review when its total, number or a party is at stake."""

from __future__ import annotations

from datetime import date

from boekstuk.domain.documents import DocumentType
from boekstuk.domain.fields import FieldValue
from boekstuk.pipeline.validate import validate

TODAY = date(2026, 1, 20)


def f(value: str, confidence: float = 0.9) -> FieldValue:
    return FieldValue(value, confidence, 1, (10.0, 10.0, 50.0, 20.0))


GOOD = {
    "invoice_number": f("2026-0042"),
    "invoice_date": f("2026-01-15"),
    "due_date": f("2026-02-14"),
    "total_amount": f("121.00"),
    "net_amount": f("100.00"),
    "tax_amount": f("21.00"),
    "seller_name": f("Bakkerij B.V."),
    "seller_vat": f("NL000099998B57"),
    "seller_iban": f("NL91ABNA0417164300"),
    "seller_bic": f("ABNANL2A"),
    "seller_coc": f("12345678"),
    "payment_reference": f("RF18539007547034"),
}


def codes(result: object) -> set[tuple[str, str]]:
    return {(e["field"], e["code"]) for e in result.errors}  # type: ignore[attr-defined]


def test_a_correct_invoice_is_valid_and_needs_no_review() -> None:
    result = validate(DocumentType.INVOICE, GOOD, today=TODAY)
    assert result.is_valid and not result.needs_review
    assert result.fields == GOOD
    block = result.as_json()
    assert block["is_valid"] is True and block["errors"] == [] and block["needs_review"] is False


def test_bad_checksums_are_errors_with_lower_confidence_and_review() -> None:
    fields = {**GOOD, "seller_vat": f("NL123456789B01"), "seller_iban": f("NL91ABNA0417164301")}
    result = validate(DocumentType.INVOICE, fields, today=TODAY)
    assert {("seller_vat", "invalid_checksum"), ("seller_iban", "invalid_checksum")} <= codes(
        result
    )
    assert result.fields["seller_vat"].confidence < GOOD["seller_vat"].confidence
    assert result.needs_review
    assert "seller_vat: invalid_checksum" in result.reasons


def test_arithmetic_mismatch_flags_the_total() -> None:
    fields = {**GOOD, "tax_amount": f("20.00")}
    result = validate(DocumentType.INVOICE, fields, today=TODAY)
    assert ("total_amount", "arithmetic_mismatch") in codes(result)
    assert result.fields["total_amount"].confidence < 0.9
    assert result.needs_review


def test_due_before_invoice_date_and_far_future_dates() -> None:
    fields = {**GOOD, "due_date": f("2026-01-01")}
    assert ("due_date", "due_before_invoice_date") in codes(
        validate(DocumentType.INVOICE, fields, today=TODAY)
    )
    fields = {**GOOD, "invoice_date": f("2029-01-15"), "due_date": f("2029-02-14")}
    result = validate(DocumentType.INVOICE, fields, today=TODAY)
    assert ("invoice_date", "implausible_date") in codes(result)
    assert result.needs_review


def test_missing_total_number_or_seller_needs_review() -> None:
    fields = {k: v for k, v in GOOD.items() if k not in ("total_amount", "seller_name")}
    result = validate(DocumentType.INVOICE, fields, today=TODAY)
    assert result.needs_review
    assert set(result.missing_fields) == {"total_amount", "seller_name"}
    assert "total_amount: missing" in result.reasons


def test_bad_payment_references_and_bic() -> None:
    fields = {**GOOD, "payment_reference": f("RF19539007547034"), "seller_bic": f("ABNAXX2A")}
    result = validate(DocumentType.INVOICE, fields, today=TODAY)
    assert {("payment_reference", "invalid_checksum"), ("seller_bic", "invalid_format")} <= codes(
        result
    )
    fields = {**GOOD, "payment_reference": f("5123 4567 8901 2345")}
    assert ("payment_reference", "invalid_checksum") in codes(
        validate(DocumentType.INVOICE, fields, today=TODAY)
    )


def test_receipts_need_merchant_date_total_only() -> None:
    fields = {
        "seller_name": f("SHOP SDN BHD"),
        "invoice_date": f("2018-03-01"),
        "total_amount": f("9.00"),
    }
    assert not validate(DocumentType.RECEIPT, fields, today=TODAY).needs_review


def test_unknown_documents_go_to_review_and_statements_never_by_these_rules() -> None:
    assert validate(DocumentType.UNKNOWN, {}, today=TODAY).needs_review
    assert not validate(DocumentType.BANK_STATEMENT, {}, today=TODAY).needs_review


def test_line_items_that_do_not_add_up_are_a_warning() -> None:
    lines = [{"description": "a", "amount": "60.00"}, {"description": "b", "amount": "40.00"}]
    assert validate(DocumentType.INVOICE, GOOD, line_items=lines, today=TODAY).warnings == ()
    short = lines[:1]
    result = validate(DocumentType.INVOICE, GOOD, line_items=short, today=TODAY)
    assert [w["code"] for w in result.warnings] == ["line_items_mismatch"]
    assert not result.needs_review  # discounts and charges are often printed apart
