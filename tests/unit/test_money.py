"""Amounts in European and US forms become exact Decimals in CONTRACT form."""

from __future__ import annotations

from decimal import Decimal

import pytest

from boekstuk.domain.money import amount_validate, format_amount, parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),
        ("1'234.56", "1234.56"),
        ("€ -12,50", "-12.50"),
        ("-€ 12,50", "-12.50"),
        ("12,50-", "-12.50"),
        ("(12.50)", "-12.50"),
        ("EUR 1.234", "1234.00"),
        ("1.234.567,89 EUR", "1234567.89"),
        ("0,5", "0.50"),
        ("300", "300.00"),
        ("RM 38.50", "38.50"),
        ("$1,000", "1000.00"),
    ],
)
def test_amounts_in_every_printed_form(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "2026-01-15", "15.01.2026", "12,34,56", "1.2.3"])
def test_things_that_are_not_amounts(text: str) -> None:
    assert parse_amount(text) is None


def test_validate_raises_on_junk_and_format_is_contract_form() -> None:
    with pytest.raises(ValueError):
        amount_validate("twelve")
    assert format_amount(Decimal("-7.6")) == "-7.60"
    assert format_amount(Decimal("0.005")) == "0.01"  # half up, as on a till
