"""Bank statements printed as a page (digital PDF or scan): transactions from its tables.

In: the :class:`ExtractedText` of a document classified as a bank statement; its pages carry
the tables the text stage rebuilt (from the text layer, pdfplumber or OCR word boxes).
Out: zero or one :class:`Statement` — the account IBAN, opening and closing balance and
period from the labelled lines around the tables, and one :class:`Transaction` per table row
that has a date and an amount. Columns are recognised by their header in Dutch, English,
German and French: a signed ``Bedrag`` column, an amount with an ``Af/Bij`` (debit/credit)
column, or separate ``Af`` and ``Bij`` columns. A row without a date continues the
description of the row above (descriptions that wrap). Nothing here raises or does I/O.

>>> from boekstuk.domain.extraction import Table
>>> table = Table((0, 0, 1, 1), (("Datum", "Omschrijving", "Bedrag", "Af/Bij"),
...                               ("03-02-2026", "Factuur 2026-0042", "121,00", "Bij"),
...                               ("", "Bakkerij De Korenbloem", "", ""),
...                               ("05-02-2026", "Huur", "1.234,56", "Af")))
>>> [(t.booking_date.day, t.amount, t.description) for t in transactions_from_table(table)]
[(3, Decimal('121.00'), 'Factuur 2026-0042 Bakkerij De Korenbloem'), (5, Decimal('-1234.56'), 'Huur')]
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from boekstuk.domain.dates import find_dates, parse_date
from boekstuk.domain.extraction import ExtractedText, Table
from boekstuk.domain.identifiers import iban_compact, iban_is_valid
from boekstuk.domain.money import AMOUNT_PATTERN, parse_amount
from boekstuk.domain.statements import Statement, Transaction
from boekstuk.pipeline.entities.patterns import find_identifiers, ibans_in

__all__ = ["statement_from_text", "transactions_from_table"]

logger = logging.getLogger(__name__)


class Role(StrEnum):
    """What a statement table's column holds."""

    DATE = "date"
    VALUE_DATE = "value_date"
    DESCRIPTION = "description"
    COUNTERPARTY = "counterparty"
    AMOUNT = "amount"
    DEBIT = "debit"
    CREDIT = "credit"
    SIGN = "sign"
    BALANCE = "balance"


# header words per role, accent-free and lower case; the first role whose word starts the
# header cell wins, so the more specific roles come first ("af/bij" before "af")
_HEADERS: tuple[tuple[Role, tuple[str, ...]], ...] = (
    (Role.SIGN, ("af/bij", "af bij", "bij/af", "d/c", "c/d", "dr/cr", "soll/haben", "s/h")),
    (
        Role.VALUE_DATE,
        (
            "valutadatum",
            "rentedatum",
            "valuta",
            "value date",
            "wertstellung",
            "wert",
            "date valeur",
            "date de valeur",
        ),
    ),
    (
        Role.DATE,
        (
            "datum",
            "boekdatum",
            "transactiedatum",
            "date",
            "booking date",
            "buchungstag",
            "buchungsdatum",
            "buchung",
            "date operation",
            "jour",
        ),
    ),
    (Role.BALANCE, ("saldo", "balance", "kontostand", "solde")),
    (
        Role.DEBIT,
        (
            "af",
            "debet",
            "debit",
            "uitgaven",
            "uitgaand",
            "soll",
            "lastschrift",
            "withdrawal",
            "paid out",
            "money out",
            "ausgang",
        ),
    ),
    (
        Role.CREDIT,
        (
            "bij",
            "credit",
            "ontvangsten",
            "inkomend",
            "haben",
            "gutschrift",
            "deposit",
            "paid in",
            "money in",
            "eingang",
        ),
    ),
    (Role.AMOUNT, ("bedrag", "amount", "betrag", "montant", "eur", "umsatz")),
    (
        Role.COUNTERPARTY,
        (
            "tegenpartij",
            "tegenrekening",
            "naam",
            "counterparty",
            "name",
            "payee",
            "payer",
            "empfanger",
            "auftraggeber",
            "beguenstigter",
            "beneficiaire",
            "contrepartie",
            "tiers",
        ),
    ),
    (
        Role.DESCRIPTION,
        (
            "omschrijving",
            "mededeling",
            "description",
            "details",
            "narrative",
            "reference",
            "verwendungszweck",
            "buchungstext",
            "text",
            "libelle",
            "operation",
            "transactie",
            "transaction",
        ),
    ),
)
_DEBIT_MARKS = {"af", "d", "db", "dr", "debet", "debit", "s", "soll", "-"}

_OPENING = (
    "beginsaldo",
    "vorig saldo",
    "oud saldo",
    "saldo vorig",
    "openingssaldo",
    "opening balance",
    "previous balance",
    "balance brought forward",
    "start balance",
    "anfangssaldo",
    "alter kontostand",
    "alter saldo",
    "saldo alt",
    "solde initial",
    "ancien solde",
    "solde precedent",
    "solde de depart",
    "solde d'ouverture",
)
_CLOSING = (
    "eindsaldo",
    "nieuw saldo",
    "saldo nieuw",
    "slotsaldo",
    "closing balance",
    "new balance",
    "balance carried forward",
    "end balance",
    "endsaldo",
    "neuer kontostand",
    "neuer saldo",
    "saldo neu",
    "solde final",
    "nouveau solde",
    "solde de cloture",
)
_PERIOD = ("periode", "period", "zeitraum", "du ", "van ")
_CURRENCY = re.compile(r"\b(EUR|USD|GBP|CHF)\b|€")


def _plain(text: str) -> str:
    """Lower case without accents and double spaces (``Libellé`` → ``libelle``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def column_roles(header: Sequence[str]) -> dict[int, Role]:
    """The role of each header cell that names one (index → role).

    >>> column_roles(("Datum", "Naam / Omschrijving", "Bedrag (EUR)", "Af Bij", "Saldo"))
    {0: <Role.DATE: 'date'>, 1: <Role.COUNTERPARTY: 'counterparty'>, 2: <Role.AMOUNT: 'amount'>, 3: <Role.SIGN: 'sign'>, 4: <Role.BALANCE: 'balance'>}
    """
    roles: dict[int, Role] = {}
    for index, cell in enumerate(header):
        text = _plain(cell)
        for role, words in _HEADERS:
            if role in roles.values():
                continue
            if any(text == w or re.match(rf"{re.escape(w)}\b", text) for w in words):
                roles[index] = role
                break
    return roles


def _is_statement_table(roles: dict[int, Role]) -> bool:
    kinds = set(roles.values())
    return Role.DATE in kinds and bool(kinds & {Role.AMOUNT, Role.DEBIT, Role.CREDIT})


@dataclass
class _Row:
    booked: date
    value_date: date | None
    amount: Decimal
    parts: list[str]
    counterparty: str | None


def _cell(row: Sequence[str], roles: dict[int, Role], role: Role) -> str:
    for index, found in roles.items():
        if found is role and index < len(row):
            return row[index].strip()
    return ""


def _split_leading_date(cells: Sequence[str], roles: dict[int, Role]) -> Sequence[str]:
    """Move a date that ran into the next cell back into an empty date column.

    Word-box tables join cells whose gap is narrow: ``("", "03 Feb 2026 Huur", …)``.

    >>> _split_leading_date(("", "03 Feb 2026 Huur maart"), {0: Role.DATE, 1: Role.DESCRIPTION})
    ['03 Feb 2026', 'Huur maart']
    """
    column = next((i for i, role in roles.items() if role is Role.DATE), None)
    if column is None or column + 1 >= len(cells) or cells[column].strip():
        return cells
    neighbour = cells[column + 1]
    found = next(iter(find_dates(neighbour)), None)
    if found is None or neighbour[: found[1][0]].strip():
        return cells
    end = found[1][1]
    fixed = list(cells)
    fixed[column], fixed[column + 1] = neighbour[:end].strip(), neighbour[end:].strip()
    return fixed


def _amount(row: Sequence[str], roles: dict[int, Role]) -> Decimal | None:
    """The signed amount of a row: a signed amount, amount + sign mark, or debit/credit."""
    debit, credit = _cell(row, roles, Role.DEBIT), _cell(row, roles, Role.CREDIT)
    if debit and (value := parse_amount(debit)) is not None:
        return -abs(value)
    if credit and (value := parse_amount(credit)) is not None:
        return abs(value)
    value = parse_amount(_cell(row, roles, Role.AMOUNT))
    if value is None:
        return None
    mark = _plain(_cell(row, roles, Role.SIGN))
    if mark in _DEBIT_MARKS:
        return -abs(value)
    return value


def transactions_from_table(table: Table, currency: str = "EUR") -> list[Transaction]:
    """The transactions of one statement table (empty when it is not one)."""
    roles = column_roles(table.header)
    if not _is_statement_table(roles):
        return []
    kinds = set(roles.values())
    text_role = Role.DESCRIPTION if Role.DESCRIPTION in kinds else Role.COUNTERPARTY
    rows: list[_Row] = []
    for row_cells in table.rows[1:]:
        cells = _split_leading_date(row_cells, roles)
        booked = parse_date(_cell(cells, roles, Role.DATE))
        amount = _amount(cells, roles) if booked else None
        texts = [
            cells[i].strip()
            for i, role in sorted(roles.items())
            if i < len(cells) and role is text_role
        ]
        if booked is None or amount is None:
            if rows and any(texts):  # a wrapped description belongs to the row above
                rows[-1].parts.extend(t for t in texts if t)
            continue
        rows.append(
            _Row(
                booked=booked,
                value_date=parse_date(_cell(cells, roles, Role.VALUE_DATE)),
                amount=amount,
                parts=[t for t in texts if t],
                counterparty=_cell(cells, roles, Role.COUNTERPARTY) or None,
            )
        )
    return [_transaction(row, currency) for row in rows]


def _transaction(row: _Row, currency: str) -> Transaction:
    description = " ".join(row.parts)
    iban = next(iter(ibans_in(description.upper())), None)
    return Transaction(
        booking_date=row.booked,
        amount=row.amount,
        currency=currency,
        value_date=row.value_date,
        description=description,
        counterparty_name=row.counterparty,
        counterparty_iban=iban,
    )


def _labelled_amount(lines: Iterable[str], labels: tuple[str, ...]) -> Decimal | None:
    """The amount on the first line that starts with one of ``labels`` (signed)."""
    for line in lines:
        plain = _plain(line)
        for label in labels:
            at = plain.find(label)
            if at < 0:
                continue
            rest = line[at + len(label) :]
            match = AMOUNT_PATTERN.search(rest)
            if match is None:
                continue
            value = parse_amount(match.group(0))
            if value is None:
                continue
            after = _plain(rest[match.end() :]).split()
            if after and after[0] in _DEBIT_MARKS:
                value = -abs(value)
            return value
    return None


def _period(lines: Iterable[str], booked: list[date]) -> tuple[date | None, date | None]:
    for line in lines:
        if any(_plain(line).startswith(label) for label in _PERIOD):
            days = sorted(d for d, _span in find_dates(line))
            if len(days) >= 2:
                return days[0], days[-1]
    return (min(booked), max(booked)) if booked else (None, None)


def _account_iban(text: ExtractedText, tables: list[Table]) -> str | None:
    """The first valid IBAN on the pages that is not inside a transaction table."""
    in_tables = {
        iban_compact(cell)
        for table in tables
        for row in table.rows
        for cell in row
        if iban_is_valid(cell)
    }
    for found in find_identifiers(text):
        if found["kind"] == "iban" and found["value"] not in in_tables:
            value: str = found["value"]
            return value
    return None


def statement_from_text(text: ExtractedText) -> Statement | None:
    """The statement printed on these pages, or None when no transaction table is found."""
    match = _CURRENCY.search(text.text)
    currency = "EUR" if match is None or match.group(0) == "€" else match.group(1)
    tables = [t for page in text.pages for t in page.tables]
    used = [t for t in tables if _is_statement_table(column_roles(t.header))]
    transactions = [tx for t in used for tx in transactions_from_table(t, currency)]
    if not transactions:
        logger.info("no transaction table found on %d pages", len(text.pages))
        return None
    lines = text.text.replace("\f", "\n").splitlines()
    start, end = _period(lines, [t.booking_date for t in transactions])
    statement = Statement(
        account_iban=_account_iban(text, used),
        currency=currency,
        opening_balance=_labelled_amount(lines, _OPENING),
        closing_balance=_labelled_amount(lines, _CLOSING),
        transactions=tuple(transactions),
        period_start=start,
        period_end=end,
        source_format="pdf-table",
    )
    logger.info(
        "statement from %d tables: %d transactions, account %s",
        len(used),
        len(transactions),
        statement.account_iban,
    )
    return statement
