"""Transactions from printed statement tables: columns by header, signs, wrapped lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from boekstuk.domain.extraction import ExtractedText, PageText, Table, TextSource, Word
from boekstuk.pipeline.statement_tables import (
    Role,
    column_roles,
    statement_from_text,
    transactions_from_table,
)


def table(*rows: tuple[str, ...]) -> Table:
    return Table((0.0, 0.0, 500.0, 300.0), rows)


@pytest.mark.parametrize(
    ("header", "roles"),
    [
        (("Datum", "Omschrijving", "Af", "Bij"), ["date", "description", "debit", "credit"]),
        (
            ("Boekdatum", "Rentedatum", "Bedrag (EUR)", "Af/Bij"),
            ["date", "value_date", "amount", "sign"],
        ),
        (
            ("Buchungstag", "Wertstellung", "Verwendungszweck", "Betrag"),
            ["date", "value_date", "description", "amount"],
        ),
        (("Date", "Libellé", "Débit", "Crédit"), ["date", "description", "debit", "credit"]),
        (
            ("Date", "Details", "Paid out", "Paid in", "Balance"),
            ["date", "description", "debit", "credit", "balance"],
        ),
    ],
)
def test_columns_are_recognised_in_four_languages(
    header: tuple[str, ...], roles: list[str]
) -> None:
    assert [r.value for _, r in sorted(column_roles(header).items())] == roles


def test_debit_and_credit_columns_give_signed_amounts() -> None:
    rows = transactions_from_table(
        table(
            ("Date", "Description", "Debit", "Credit", "Balance"),
            ("03/02/2026", "Invoice 2026-0042", "", "121.00", "1,121.00"),
            ("05/02/2026", "Office supplies", "45.30", "", "1,075.70"),
        )
    )
    assert [(t.booking_date, t.amount) for t in rows] == [
        (date(2026, 2, 3), Decimal("121.00")),
        (date(2026, 2, 5), Decimal("-45.30")),
    ]


def test_a_signed_amount_column_keeps_its_sign() -> None:
    (tx,) = transactions_from_table(
        table(("Buchungstag", "Verwendungszweck", "Betrag"), ("03.02.2026", "Miete", "-1.234,56"))
    )
    assert tx.amount == Decimal("-1234.56")


def test_wrapped_description_lines_join_the_row_above_and_ibans_are_read() -> None:
    (tx,) = transactions_from_table(
        table(
            ("Datum", "Omschrijving", "Bedrag", "Af/Bij"),
            ("03-02-2026", "Bakkerij De Korenbloem", "121,00", "Bij"),
            ("", "NL91 ABNA 0417 1643 00 factuur 2026-0042", "", ""),
        )
    )
    assert tx.description == "Bakkerij De Korenbloem NL91 ABNA 0417 1643 00 factuur 2026-0042"
    assert tx.counterparty_iban == "NL91ABNA0417164300"


def test_a_table_without_date_or_amount_columns_is_not_a_statement() -> None:
    assert (
        transactions_from_table(table(("Omschrijving", "Aantal", "Prijs"), ("Koffie", "2", "3,20")))
        == []
    )
    assert Role.DATE not in column_roles(("Omschrijving", "Bedrag")).values()


def _page(lines: list[str], tables: tuple[Table, ...]) -> PageText:
    words = tuple(
        Word(token, (10.0 * i, 12.0 * n, 10.0 * i + 8, 12.0 * n + 10), line=n)
        for n, line in enumerate(lines)
        for i, token in enumerate(line.split())
    )
    return PageText(1, 595.0, 842.0, words, TextSource.TEXT_LAYER, tables=tables)


def test_the_statement_gets_account_balances_and_period_from_the_labelled_lines() -> None:
    lines = [
        "Rekeningafschrift",
        "Rekeningnummer: NL20 INGB 0001 2345 67",
        "Periode: 01-02-2026 t/m 28-02-2026",
        "Beginsaldo: EUR 1.000,00",
        "Eindsaldo: EUR 1.075,70",
    ]
    rows = table(
        ("Datum", "Omschrijving", "Af", "Bij"),
        ("03-02-2026", "Factuur 2026-0042", "", "121,00"),
        ("05-02-2026", "Kantoorartikelen", "45,30", ""),
    )
    statement = statement_from_text(ExtractedText((_page(lines, (rows,)),)))
    assert statement is not None
    assert statement.account_iban == "NL20INGB0001234567"
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("1000.00"),
        Decimal("1075.70"),
    )
    assert (statement.period_start, statement.period_end) == (date(2026, 2, 1), date(2026, 2, 28))
    assert statement.balance_check().ok is True


def test_pages_without_a_transaction_table_give_no_statement() -> None:
    assert statement_from_text(ExtractedText((_page(["Rekeningafschrift"], ()),))) is None
