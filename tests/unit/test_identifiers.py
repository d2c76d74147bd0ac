"""Identifiers on documents: checksums through python-stdnum, normal forms for storage."""

from __future__ import annotations

import pytest

from boekstuk.domain.identifiers import (
    ValidationError,
    betalingskenmerk_is_valid,
    betalingskenmerk_validate,
    bic_is_valid,
    bic_validate,
    iban_is_valid,
    iban_validate,
    kvk_is_valid,
    kvk_validate,
    ogm_is_valid,
    payment_reference_kind,
    rf_is_valid,
    rf_validate,
    vat_compact,
    vat_is_valid,
    vat_validate,
)


@pytest.mark.parametrize(
    "vat",
    [
        "NL000099998B57",
        "NL004495445B01",
        "DE136695976",
        "BE0403019261",
        "FR40303265045",
        "ATU13585627",
        "IT00743110157",
        "ESA13585625",
        "PL8567346215",
        "SE556188840401",
        "DK13585628",
        "FI20774740",
        "LU15027442",
        "IE6433435F",
        "EL094259216",
        "PT501964843",
        "CZ25123891",
    ],
)
def test_valid_vat_numbers_of_member_states(vat: str) -> None:
    assert vat_is_valid(vat)
    assert vat_validate(vat) == vat


def test_vat_numbers_as_printed_are_compacted() -> None:
    assert vat_validate("NL 0000.99998.B57") == "NL000099998B57"
    assert vat_validate("DE 136 695 976") == "DE136695976"
    assert vat_validate("GR094259216") == "EL094259216"
    assert vat_compact("CHE-123.456.789") == "CHE123456789"


@pytest.mark.parametrize("vat", ["NL123456789B01", "DE123456789", "FR00123456789", "XX123", ""])
def test_invalid_vat_numbers(vat: str) -> None:
    assert not vat_is_valid(vat)
    with pytest.raises(ValidationError):
        vat_validate(vat)


def test_iban_mod97_and_country_length() -> None:
    assert iban_validate("nl91 abna 0417 1643 00") == "NL91ABNA0417164300"
    assert iban_is_valid("DE89370400440532013000")
    assert not iban_is_valid("NL91ABNA0417164301")  # checksum
    assert not iban_is_valid("NL91ABNA041716430")  # length for NL


def test_bic() -> None:
    assert bic_validate("abnanl2a") == "ABNANL2A"
    assert bic_is_valid("GENODEF1M04")
    assert not bic_is_valid("ABNAXX2A")  # no such country
    assert not bic_is_valid("ABN")


def test_kvk_is_eight_digits() -> None:
    assert kvk_validate("KvK 1234 5678") == "12345678"
    assert kvk_is_valid("12.34.56.78")
    assert not kvk_is_valid("1234567")
    assert not kvk_is_valid("1234567A")


def test_betalingskenmerk_mod11() -> None:
    assert betalingskenmerk_validate("0123 4567 8901 2345") == "0123456789012345"
    assert not betalingskenmerk_is_valid("5123456789012345")
    assert not betalingskenmerk_is_valid("012345678901234")


def test_belgian_structured_communication_and_rf() -> None:
    assert ogm_is_valid("+++010/8068/17183+++")
    assert not ogm_is_valid("+++010/8068/17184+++")
    assert rf_validate("RF18 5390 0754 7034") == "RF18539007547034"
    assert not rf_is_valid("RF19539007547034")
    assert payment_reference_kind("RF18539007547034") == "rf"
    assert payment_reference_kind("+++010/8068/17183+++") == "ogm"
    assert payment_reference_kind("0123456789012345") == "betalingskenmerk"
    assert payment_reference_kind("factuur 12") is None
