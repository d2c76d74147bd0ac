"""Exports: documents, invoices and transactions as CSV (and a document as JSON).

In: a read session and a query (the same filters as the lists), or one document. Out:
chunks of UTF-8 bytes, produced while rows are read in batches (``yield_per``: a
server-side cursor on PostgreSQL), so 100,000 rows are never in memory at once. Nothing
raises for odd values: missing ones are empty cells.

Formats: a header row; ``sep`` ``,`` (default), ``;`` or tab; ``decimal`` ``.`` or ``,``
(Dutch Excel expects ``;`` with decimal commas); an optional UTF-8 byte-order mark so
Excel recognises the encoding. Text cells starting with ``= + - @`` get a leading ``'`` so a
spreadsheet does not run them as formulas (numbers and dates are never changed).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from boekstuk.db.models import BankTransaction, Customer, Document, Invoice, TransactionMatch
from boekstuk.domain.fields import FIELD_NAMES

BATCH = 1000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvFormat:
    """Separator, decimal mark and byte-order mark of a CSV download."""

    sep: str = ","
    decimal: str = "."
    bom: bool = False

    def cell(self, value: Any) -> str:
        """One value as the cell text (decimals with the chosen mark, dates ISO).

        >>> CsvFormat(";", ",").cell(Decimal("-1234.50")), CsvFormat().cell(None)
        ('-1234,50', '')
        >>> CsvFormat().cell("=HYPERLINK(1)"), CsvFormat().cell(date(2026, 1, 15))
        ("'=HYPERLINK(1)", '2026-01-15')
        """
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return str(value).replace(".", self.decimal)
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, float | int) and not isinstance(value, bool):
            return str(value).replace(".", self.decimal)
        text = str(value)
        return "'" + text if text.startswith(_FORMULA_START) else text


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Any]], fmt: CsvFormat, per_chunk: int = 500
) -> Iterator[bytes]:
    """The CSV text in chunks of ``per_chunk`` rows, as UTF-8 bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=fmt.sep, lineterminator="\r\n")
    if fmt.bom:
        buffer.write("\ufeff")
    writer.writerow(header)
    for count, row in enumerate(rows, 1):
        writer.writerow([fmt.cell(value) for value in row])
        if count % per_chunk == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


# -- invoices ------------------------------------------------------------------------

INVOICE_HEADER = (
    "id",
    "document_id",
    "customer_id",
    "customer_name",
    "direction",
    "kind",
    "invoice_number",
    "invoice_date",
    "due_date",
    "currency",
    "net_amount",
    "tax_amount",
    "total_amount",
    "open_amount",
    "payment_reference",
    "status",
)


def invoice_rows(session: Session, query: Select[Invoice]) -> Iterator[list[Any]]:
    """Rows of :data:`INVOICE_HEADER` for the invoices of ``query``, read in batches."""
    columns = (
        query.with_only_columns(
            Invoice.id,
            Invoice.document_id,
            Invoice.customer_id,
            Customer.name,
            Invoice.direction,
            Invoice.kind,
            Invoice.invoice_number,
            Invoice.invoice_date,
            Invoice.due_date,
            Invoice.currency,
            Invoice.net_amount,
            Invoice.tax_amount,
            Invoice.total_amount,
            Invoice.open_amount,
            Invoice.payment_reference,
            Invoice.status,
        )
        .join(Customer, Customer.id == Invoice.customer_id)
        .order_by(Invoice.invoice_date.desc(), Invoice.created_at.desc(), Invoice.id)
        .execution_options(yield_per=BATCH)
    )
    money = {10, 11, 12, 13}
    for row in session.execute(columns):
        yield [_money(value) if n in money else value for n, value in enumerate(row)]


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


# -- transactions --------------------------------------------------------------------

TRANSACTION_HEADER = (
    "id",
    "statement_id",
    "date",
    "amount",
    "currency",
    "description",
    "counterparty_name",
    "counterparty_iban",
    "reference",
    "match_status",
    "matched_invoice_ids",
)


def transaction_rows(session: Session, query: Select[BankTransaction]) -> Iterator[list[Any]]:
    """Rows of :data:`TRANSACTION_HEADER`, read in batches with each batch's matches."""
    columns = (
        query.with_only_columns(
            BankTransaction.id,
            BankTransaction.statement_id,
            BankTransaction.booking_date,
            BankTransaction.amount,
            BankTransaction.currency,
            BankTransaction.description,
            BankTransaction.counterparty_name,
            BankTransaction.counterparty_iban,
            BankTransaction.reference,
            BankTransaction.match_status,
        )
        .order_by(
            BankTransaction.booking_date.desc(),
            BankTransaction.created_at.desc(),
            BankTransaction.id,
        )
        .execution_options(yield_per=BATCH)
    )
    for batch in session.execute(columns).partitions():
        matched: dict[uuid.UUID, list[str]] = defaultdict(list)
        wanted = [row.id for row in batch if row.match_status == "matched"]
        if wanted:
            for transaction_id, invoice_id in session.execute(
                select(TransactionMatch.transaction_id, TransactionMatch.invoice_id)
                .where(TransactionMatch.transaction_id.in_(wanted))
                .order_by(TransactionMatch.created_at, TransactionMatch.id)
            ):
                matched[transaction_id].append(str(invoice_id))
        for row in batch:
            values = list(row)
            values[3] = _money(row.amount)
            yield [*values, " ".join(matched[row.id])]


# -- one document --------------------------------------------------------------------

LINE_COLUMNS = ("description", "quantity", "unit_price", "amount", "vat_rate")
_NUMERIC_FIELDS = frozenset({"total_amount", "net_amount", "tax_amount"})
_NUMERIC_LINE = frozenset({"quantity", "unit_price", "amount", "vat_rate"})
STATEMENT_HEADER = (
    "document_id",
    "account_iban",
    "date",
    "amount",
    "currency",
    "description",
    "counterparty_name",
    "counterparty_iban",
    "reference",
)


def _number(value: Any) -> Any:
    """A numeric string as a Decimal (so the decimal mark applies), anything else as is."""
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


def document_table(document: Document) -> tuple[tuple[str, ...], list[list[Any]]]:
    """A document's extraction as one table.

    A bank statement: one row per transaction. Anything else: one row per line item with
    the document's fields repeated (one row when there are no line items).
    """
    extraction = document.extraction or {}
    if extraction.get("document_type") == "bank_statement" or extraction.get("transactions"):
        iban = (extraction.get("statement") or {}).get("account_iban")
        rows = [
            [document.id, iban, *(_cell(tx, name) for name in STATEMENT_HEADER[2:])]
            for tx in extraction.get("transactions") or []
        ]
        return STATEMENT_HEADER, rows
    fields = extraction.get("fields") or {}
    values = [
        _number(_value(fields.get(name))) if name in _NUMERIC_FIELDS else _value(fields.get(name))
        for name in FIELD_NAMES
    ]
    head = [document.id, document.filename, extraction.get("document_type"), *values]
    header = (
        "document_id",
        "filename",
        "document_type",
        *FIELD_NAMES,
        *(f"line_{name}" for name in LINE_COLUMNS),
    )
    lines = extraction.get("line_items") or [{}]
    rows = [
        [
            *head,
            *(
                _number(line.get(name)) if name in _NUMERIC_LINE else line.get(name)
                for name in LINE_COLUMNS
            ),
        ]
        for line in lines
    ]
    return header, rows


def _value(entry: Any) -> Any:
    return entry.get("value") if isinstance(entry, dict) else entry


def _cell(tx: dict[str, Any], name: str) -> Any:
    value = tx.get(name)
    return _number(value) if name == "amount" else value
