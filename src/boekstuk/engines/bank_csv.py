"""CSV exports of the big Dutch banks: ING, ABN AMRO, Rabobank and bunq.

In: the bytes of a CSV/TXT export (UTF-8, else Windows-1252; ``,`` ``;`` or tab separated).
The bank is recognised by its header row (ABN AMRO's header-less TXT by its column shape).
Out: one :class:`~boekstuk.domain.statements.Statement` per account in the file, with
transactions in date order. Opening and closing balances come from the bank's running
balance columns when it has them (ING *Saldo na mutatie*, Rabobank *Saldo na trn*, ABN AMRO
*startsaldo/endsaldo*), else they are None (bunq) and the balance check says "unknown".
Raises :class:`~boekstuk.domain.errors.DocumentError` (``malformed_statement``) for an
unknown header or a row whose date or amount cannot be read.

=========  =================================  ==========  =============================
bank       recognised by                      dates       amounts
=========  =================================  ==========  =============================
ING        Datum, Naam / Omschrijving, Af Bij  YYYYMMDD    ``12,50`` + Af/Bij column
ABN AMRO   accountNumber, mutationcode, …      YYYYMMDD    ``-12,50``
           or 8 tab columns without header
Rabobank   IBAN/BBAN, Munt, Volgnr, Datum      YYYY-MM-DD  ``+1.234,56`` / ``-12,50``
bunq       Date, Interest Date, Amount, …      YYYY-MM-DD  ``-12,50`` or ``-12.50``
=========  =================================  ==========  =============================
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from boekstuk.domain.errors import DocumentError, ErrorCode
from boekstuk.domain.identifiers import iban_compact, iban_is_valid
from boekstuk.domain.statements import Statement, Transaction
from boekstuk.engines.mt940 import parse_structured_86

logger = logging.getLogger(__name__)

_CENT = Decimal("0.01")
_LABELS = re.compile(
    r"\b(IBAN|BIC|Naam|Omschrijving|Kenmerk|Machtiging|Incassant|Referentie|Valutadatum"
    r"|Datum/Tijd|Pasvolgnr|Transactie|Term):\s*"
)


def parse_amount(text: str, decimal: str = ",") -> Decimal:
    """A bank's amount text as a Decimal, ``decimal`` being its decimal separator.

    >>> parse_amount("+1.234,56"), parse_amount("-12,5"), parse_amount("1,234.56", ".")
    (Decimal('1234.56'), Decimal('-12.50'), Decimal('1234.56'))
    """
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    thousands = "." if decimal == "," else ","
    raw = raw.replace(thousands, "").replace(decimal, ".")
    try:
        return Decimal(raw).quantize(_CENT)
    except InvalidOperation as e:
        raise DocumentError(f"amount {text!r} unreadable", ErrorCode.MALFORMED_STATEMENT) from e


def _guess_decimal(values: Sequence[str]) -> str:
    """``,`` or ``.``: whichever ends the amounts with one or two digits after it."""
    for value in values:
        match = re.search(r"([.,])\d{1,2}$", value.strip())
        if match:
            return match.group(1)
    return ","


def parse_date(text: str) -> date:
    """``20260115``, ``2026-01-15`` or ``15-01-2026`` as a date.

    >>> parse_date("20260115"), parse_date("15-01-2026")
    (datetime.date(2026, 1, 15), datetime.date(2026, 1, 15))
    """
    raw = text.strip()[:10]
    for fmt in ("%Y%m%d", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise DocumentError(f"date {text!r} unreadable", ErrorCode.MALFORMED_STATEMENT)


def parse_labelled(text: str) -> dict[str, str]:
    """``Naam: X Omschrijving: Y IBAN: Z`` (ING and old ABN AMRO) as a dict.

    >>> parse_labelled("Naam: ACME BV Omschrijving: Factuur 42 IBAN: NL91ABNA0417164300")
    {'Naam': 'ACME BV', 'Omschrijving': 'Factuur 42', 'IBAN': 'NL91ABNA0417164300'}
    """
    matches = list(_LABELS.finditer(text))
    out: dict[str, str] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        out.setdefault(m.group(1), " ".join(text[m.end() : end].split()))
    return out


def _iban(raw: str | None) -> str | None:
    if not raw:
        return None
    compact = iban_compact(raw)
    return compact if iban_is_valid(compact) else None


@dataclass(frozen=True, slots=True)
class _Row:
    account: str
    tx: Transaction
    balance_after: Decimal | None = None
    balance_before: Decimal | None = None


def _norm(header: Sequence[str]) -> list[str]:
    return [h.strip().strip('"').strip().lower() for h in header]


def _ing(rec: dict[str, str]) -> _Row:
    amount = parse_amount(rec["bedrag (eur)"])
    if rec["af bij"].strip().lower() == "af":
        amount = -amount
    notes = rec.get("mededelingen", "")
    labelled = parse_labelled(notes)
    saldo = rec.get("saldo na mutatie", "").strip()
    return _Row(
        account=rec["rekening"].strip(),
        tx=Transaction(
            booking_date=parse_date(rec["datum"]),
            amount=amount,
            currency="EUR",
            value_date=parse_date(labelled["Valutadatum"]) if "Valutadatum" in labelled else None,
            description=labelled.get("Omschrijving") or " ".join(notes.split()),
            counterparty_name=rec["naam / omschrijving"].strip() or labelled.get("Naam"),
            counterparty_iban=_iban(rec.get("tegenrekening")) or _iban(labelled.get("IBAN")),
            bank_reference=labelled.get("Referentie"),
            payment_reference=labelled.get("Kenmerk"),
            transaction_code=rec.get("code", "").strip() or None,
        ),
        balance_after=parse_amount(saldo) if saldo else None,
    )


def _rabobank(rec: dict[str, str]) -> _Row:
    text = " ".join(
        rec.get(f"omschrijving-{i}", "").strip() for i in (1, 2, 3) if rec.get(f"omschrijving-{i}")
    )
    saldo = rec.get("saldo na trn", "").strip()
    value = rec.get("rentedatum", "").strip()
    return _Row(
        account=rec["iban/bban"].strip(),
        tx=Transaction(
            booking_date=parse_date(rec["datum"]),
            amount=parse_amount(rec["bedrag"]),
            currency=rec.get("munt", "EUR").strip() or "EUR",
            value_date=parse_date(value) if value else None,
            description=text,
            counterparty_name=rec.get("naam tegenpartij", "").strip() or None,
            counterparty_iban=_iban(rec.get("tegenrekening iban/bban")),
            bank_reference=rec.get("volgnr", "").strip() or None,
            end_to_end_id=rec.get("transactiereferentie", "").strip() or None,
            payment_reference=rec.get("betalingskenmerk", "").strip() or None,
            transaction_code=rec.get("code", "").strip() or None,
        ),
        balance_after=parse_amount(saldo) if saldo else None,
    )


def _abn_description(text: str) -> tuple[str, dict[str, str]]:
    structured = parse_structured_86(text.strip())
    if structured:
        return structured.get("remittance", ""), structured
    labelled = parse_labelled(text)
    fields = {
        "counterparty_name": labelled.get("Naam", ""),
        "counterparty_iban": labelled.get("IBAN", ""),
        "payment_reference": labelled.get("Kenmerk", ""),
    }
    return labelled.get("Omschrijving") or " ".join(text.split()), fields


def _abn(rec: dict[str, str]) -> _Row:
    raw = rec.get("description", "")
    description, fields = _abn_description(raw)
    code = "BEA" if raw.lstrip().startswith(("BEA", "GEA", "eCom")) else None
    return _Row(
        account=rec["accountnumber"].strip(),
        tx=Transaction(
            booking_date=parse_date(rec["transactiondate"]),
            amount=parse_amount(rec["amount"]),
            currency=rec.get("mutationcode", "EUR").strip() or "EUR",
            value_date=parse_date(rec["valuedate"]) if rec.get("valuedate") else None,
            description=description,
            counterparty_name=fields.get("counterparty_name") or None,
            counterparty_iban=_iban(fields.get("counterparty_iban")),
            end_to_end_id=fields.get("end_to_end_id") or None,
            payment_reference=fields.get("payment_reference") or None,
            transaction_code=code or fields.get("TRTP") or None,
        ),
        balance_before=parse_amount(rec["startsaldo"]) if rec.get("startsaldo") else None,
        balance_after=parse_amount(rec["endsaldo"]) if rec.get("endsaldo") else None,
    )


def _bunq(rec: dict[str, str], decimal: str) -> _Row:
    value = rec.get("interest date", "").strip()
    return _Row(
        account=rec["account"].strip(),
        tx=Transaction(
            booking_date=parse_date(rec["date"]),
            amount=parse_amount(rec["amount"], decimal),
            currency="EUR",
            value_date=parse_date(value) if value else None,
            description=" ".join(rec.get("description", "").split()),
            counterparty_name=rec.get("name", "").strip() or None,
            counterparty_iban=_iban(rec.get("counterparty")),
        ),
    )


_ABN_COLUMNS = [
    "accountnumber",
    "mutationcode",
    "transactiondate",
    "startsaldo",
    "endsaldo",
    "valuedate",
    "amount",
    "description",
]
_SIGNATURES: dict[str, set[str]] = {
    "ing": {"datum", "naam / omschrijving", "rekening", "af bij", "bedrag (eur)"},
    "rabobank": {"iban/bban", "munt", "volgnr", "datum", "bedrag"},
    "bunq": {"date", "interest date", "amount", "account", "counterparty", "name"},
    "abnamro": {"accountnumber", "mutationcode", "transactiondate", "amount"},
}


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in ("\t", ";", ",")}
    return max(counts, key=lambda d: counts[d])


def _is_abn_headerless(cells: Sequence[str]) -> bool:
    return (
        len(cells) >= 8
        and re.fullmatch(r"[A-Z]{3}", cells[1].strip()) is not None
        and re.fullmatch(r"\d{8}", cells[2].strip()) is not None
    )


def detect_bank(data: bytes) -> str | None:
    """``ing``, ``abnamro``, ``rabobank``, ``bunq`` or None, from the first line."""
    text = _decode(data[:8192])
    first = text.splitlines()[0] if text.strip() else ""
    cells = next(csv.reader([first], delimiter=_delimiter(first)), [])
    header = set(_norm(cells))
    for bank, signature in _SIGNATURES.items():
        if signature <= header:
            return bank
    if _is_abn_headerless(cells):
        return "abnamro"
    return None


def _rows(data: bytes) -> tuple[str, list[_Row]]:
    text = _decode(data)
    lines = text.splitlines()
    if not lines:
        raise DocumentError("an empty CSV export", ErrorCode.MALFORMED_STATEMENT)
    bank = detect_bank(data)
    if bank is None:
        raise DocumentError(
            "a CSV whose header is no known bank export", ErrorCode.MALFORMED_STATEMENT
        )
    table = list(csv.reader(io.StringIO(text), delimiter=_delimiter(lines[0])))
    if bank == "abnamro" and _is_abn_headerless(table[0]):
        header, body = _ABN_COLUMNS, table
    else:
        header, body = _norm(table[0]), table[1:]
    records = [
        dict(zip(header, cells, strict=False)) for cells in body if any(c.strip() for c in cells)
    ]
    decimal = _guess_decimal([r.get("amount", "") for r in records])
    parser: Callable[[dict[str, str]], _Row] = {
        "ing": _ing,
        "rabobank": _rabobank,
        "abnamro": _abn,
        "bunq": lambda record: _bunq(record, decimal),
    }[bank]
    try:
        return bank, [parser(r) for r in records]
    except KeyError as e:
        raise DocumentError(
            f"a {bank} row without column {e}", ErrorCode.MALFORMED_STATEMENT
        ) from e


def _statement(bank: str, account: str, rows: list[_Row]) -> Statement:
    if rows and rows[0].tx.booking_date > rows[-1].tx.booking_date:
        rows = rows[::-1]  # ING lists the newest first
    first, last = (rows[0], rows[-1]) if rows else (None, None)
    opening: Decimal | None = None
    closing: Decimal | None = None
    if first is not None and last is not None:
        if first.balance_before is not None:
            opening = first.balance_before
        elif first.balance_after is not None:
            opening = first.balance_after - first.tx.amount
        closing = last.balance_after
    iban = _iban(account)
    dates = [r.tx.booking_date for r in rows]
    return Statement(
        account_iban=iban,
        account_id=iban or account,
        currency=rows[0].tx.currency if rows else "EUR",
        opening_balance=opening,
        closing_balance=closing,
        transactions=tuple(r.tx for r in rows),
        period_start=min(dates) if dates else None,
        period_end=max(dates) if dates else None,
        source_format=f"csv-{bank}",
    )


def parse_bank_csv(data: bytes) -> list[Statement]:
    """One statement per account in a bank's CSV export (see the module docstring)."""
    try:
        bank, rows = _rows(data)
    except csv.Error as e:
        raise DocumentError(f"unreadable CSV: {e}", ErrorCode.MALFORMED_STATEMENT) from e
    by_account: dict[str, list[_Row]] = {}
    for row in rows:
        by_account.setdefault(row.account, []).append(row)
    return [_statement(bank, account, acct_rows) for account, acct_rows in by_account.items()]


class BankCsvReader:
    """:class:`~boekstuk.engines.protocols.StatementReader` for Dutch banks' CSV exports."""

    name = "bank_csv"

    def score(self, data: bytes, content_type: str) -> int | None:
        """80 when the header is a known bank's, None otherwise."""
        if data[:1] in (b"<", b"{", b"%") or b"\x00" in data[:1024]:
            return None
        try:
            return 80 if detect_bank(data) else None
        except (DocumentError, csv.Error):
            return None

    def read(self, data: bytes) -> list[Statement]:
        """Every account's statement in the export."""
        return parse_bank_csv(data)
