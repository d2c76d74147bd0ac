"""MT940 / MT940S reader on top of the ``mt-940`` library, with Dutch ``:86:`` subfields.

In: the bytes of an MT940 file (UTF-8, else Windows-1252; SWIFT envelopes allowed), holding
one or more statements (each starts at ``:20:``). Out: one
:class:`~boekstuk.domain.statements.Statement` per ``:20:`` block with its ``:60F/M:`` opening
and ``:62F/M:`` closing balance, and one transaction per ``:61:``. The ``:86:`` line is read
as structured subfields when it has them:

* the slash codes of ING, ABN AMRO and Rabobank MT940S (``/TRTP/ /IBAN/ /BIC/ /NAME/ /REMI/
  /EREF/ /CNTP/ /ORDP/ /BENM/`` …), see :func:`parse_structured_86`;
* the German ``?20``…``?32`` GVC subfields, which the library already splits.

Raises :class:`~boekstuk.domain.errors.DocumentError` (``malformed_statement``) when no
statement can be read or a ``:61:`` line is broken.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from decimal import Decimal
from typing import Any

import mt940.models
from stdnum import iso11649

from boekstuk.domain.errors import DocumentError, ErrorCode
from boekstuk.domain.identifiers import iban_compact, iban_is_valid
from boekstuk.domain.statements import Statement, Transaction

logger = logging.getLogger(__name__)

# Codes whose value runs to the next code. USTD/STRD/CUR/ISSR live *inside* REMI.
_CODES = (
    "TRTP|IBAN|BIC|NAME|REMI|EREF|KREF|MREF|CRED|CSID|ORDP|BENM|ADDR|ISDT|CNTP|PREF|MARF|"
    "RTRN|PURP|ULTC|ULTD|ULTB|SVCL|OCMT|CHGS|EXCH|BUSP|RTYP|IREF|CDTRREFTP|CDTRREF|ACCW|"
    "BENM|ORIG|FX|SEQT"
)
_CODE_RE = re.compile(rf"/({_CODES})/")
_CENT = Decimal("0.01")
_STATEMENT_START = re.compile(r"^:20:", re.MULTILINE)
_BALANCE_KEYS = {
    "opening": ("final_opening_balance", "intermediate_opening_balance"),
    "closing": ("final_closing_balance", "intermediate_closing_balance"),
}


def parse_structured_86(text: str) -> dict[str, str]:
    """The slash-coded subfields of a Dutch MT940S ``:86:`` line (joined without newlines).

    Counterparty fields are normalised to ``counterparty_iban``, ``counterparty_bic``,
    ``counterparty_name``, ``remittance``, ``payment_reference`` and ``end_to_end_id``.

    >>> parse_structured_86("/TRTP/SEPA OVERBOEKING/IBAN/NL44RABO0123456789/BIC/RABONL2U"
    ...                     "/NAME/J. JANSEN/REMI/Factuur 2026-0042/EREF/NOTPROVIDED")
    ... # doctest: +NORMALIZE_WHITESPACE
    {'TRTP': 'SEPA OVERBOEKING', 'IBAN': 'NL44RABO0123456789', 'BIC': 'RABONL2U',
     'NAME': 'J. JANSEN', 'REMI': 'Factuur 2026-0042', 'EREF': 'NOTPROVIDED',
     'counterparty_iban': 'NL44RABO0123456789', 'counterparty_bic': 'RABONL2U',
     'counterparty_name': 'J. JANSEN', 'remittance': 'Factuur 2026-0042'}
    >>> f = parse_structured_86("/EREF/E2E-1//CNTP/NL91ABNA0417164300/ABNANL2A/ACME BV/"
    ...                         "AMSTERDAM/REMI/STRD/CUR/1234567890123456/")
    >>> f["counterparty_iban"], f["counterparty_name"], f["payment_reference"], f["end_to_end_id"]
    ('NL91ABNA0417164300', 'ACME BV', '1234567890123456', 'E2E-1')
    """
    matches = list(_CODE_RE.finditer(text))
    fields: dict[str, str] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[m.end() : end].strip().strip("/").strip()
        fields.setdefault(m.group(1), value)
    if not matches:
        return fields
    if cntp := fields.get("CNTP"):
        # ING: account/BIC/name/city
        parts = [*cntp.split("/"), "", "", ""]
        fields["counterparty_iban"], fields["counterparty_bic"] = parts[0], parts[1]
        fields["counterparty_name"] = parts[2]
    for code, key in (("IBAN", "counterparty_iban"), ("BIC", "counterparty_bic")):
        if fields.get(code):
            fields[key] = fields[code]
    if fields.get("NAME"):
        fields["counterparty_name"] = fields["NAME"]
    remi = fields.get("REMI", "")
    if remi.startswith("USTD"):
        fields["remittance"] = remi[4:].strip("/").strip()
    elif remi.startswith("STRD"):
        ref = remi.rstrip("/").rpartition("/")[2].strip()
        if ref:
            fields["payment_reference"] = ref
    elif remi:
        fields["remittance"] = remi
    if fields.get("CDTRREF"):
        fields["payment_reference"] = fields["CDTRREF"]
    eref = fields.get("EREF", "")
    if eref and eref.upper() != "NOTPROVIDED":
        fields["end_to_end_id"] = eref
    return {k: v for k, v in fields.items() if v}


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _blocks(text: str) -> list[str]:
    starts = [m.start() for m in _STATEMENT_START.finditer(text)]
    return [
        text[s : (starts[i + 1] if i + 1 < len(starts) else len(text))]
        for i, s in enumerate(starts)
    ]


def _balance(data: dict[str, Any], which: str) -> tuple[Decimal | None, date | None, str]:
    for key in _BALANCE_KEYS[which]:
        balance = data.get(key)
        if balance is not None and balance.amount is not None:
            amount = balance.amount
            when = date(balance.date.year, balance.date.month, balance.date.day)
            return Decimal(amount.amount).quantize(_CENT), when, amount.currency or ""
    return None, None, ""


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    return date(value.year, value.month, value.day)


def _valid_iban(raw: str | None) -> str | None:
    if not raw:
        return None
    compact = iban_compact(raw)
    return compact if iban_is_valid(compact) else None


def _account_iban(account_id: str) -> str | None:
    """The IBAN in ``:25:``: ``NL..``, ``NL.. EUR`` or ING's ``NL..EUR``."""
    first = account_id.split(" ")[0] if account_id else ""
    if len(first) > 3 and first[-3:].isalpha():
        return _valid_iban(first) or _valid_iban(first[:-3])
    return _valid_iban(first)


def _transaction(data: dict[str, Any], currency: str) -> Transaction:
    amount = data.get("amount")
    value_date = _as_date(data.get("date"))
    if amount is None or value_date is None:
        raise DocumentError("a :61: line without date or amount", ErrorCode.MALFORMED_STATEMENT)
    booking = _as_date(data.get("entry_date")) or value_date
    raw86 = data.get("transaction_details") or ""
    fields = parse_structured_86(raw86.replace("\n", ""))
    extra = (data.get("extra_details") or "").strip()
    if fields:
        description = fields.get("remittance", "") or " ".join(
            v for k, v in fields.items() if k in ("TRTP", "ADDR")
        )
    elif data.get("purpose") is not None:  # German GVC subfields
        description = " ".join(filter(None, (data.get("purpose"), data.get("additional_purpose"))))
        fields = {
            "counterparty_name": data.get("applicant_name") or "",
            "counterparty_iban": data.get("applicant_iban") or data.get("gvc_applicant_iban") or "",
            "end_to_end_id": data.get("end_to_end_reference") or "",
        }
    else:
        description = " ".join(raw86.split())
    iban = _valid_iban(fields.get("counterparty_iban")) or _valid_iban(extra.split(" ")[0])
    reference = fields.get("payment_reference")
    if reference is None:
        candidate = description.replace(" ", "")
        if candidate.upper().startswith("RF") and iso11649.is_valid(candidate):
            reference = iso11649.compact(candidate)
    bank_ref = data.get("bank_reference")
    customer_ref = data.get("customer_reference")
    if not bank_ref and customer_ref and customer_ref.upper() not in ("NONREF", "N"):
        bank_ref = customer_ref
    return Transaction(
        booking_date=booking,
        value_date=value_date,
        amount=Decimal(amount.amount).quantize(_CENT),
        currency=amount.currency or currency,
        description=description.strip(),
        counterparty_name=fields.get("counterparty_name") or None,
        counterparty_iban=iban,
        bank_reference=bank_ref or None,
        end_to_end_id=fields.get("end_to_end_id") or None,
        payment_reference=reference,
        transaction_code=data.get("id"),
    )


def _statement(block: str) -> Statement:
    parsed = mt940.models.Transactions()
    try:
        parsed.parse(block)
    except Exception as e:  # the library raises many kinds on broken input
        raise DocumentError(f"unreadable MT940: {e}", ErrorCode.MALFORMED_STATEMENT) from e
    opening, opening_date, ccy = _balance(parsed.data, "opening")
    closing, closing_date, closing_ccy = _balance(parsed.data, "closing")
    currency = ccy or closing_ccy
    txs = tuple(_transaction(t.data, currency) for t in parsed)
    account_id = (parsed.data.get("account_identification") or "").strip()
    iban = _account_iban(account_id)
    dates = [t.booking_date for t in txs]
    return Statement(
        account_iban=iban,
        account_id=iban or account_id or None,
        currency=currency or (txs[0].currency if txs else ""),
        opening_balance=opening,
        closing_balance=closing,
        transactions=txs,
        period_start=min(dates) if dates else opening_date,
        period_end=closing_date or (max(dates) if dates else None),
        statement_id=parsed.data.get("statement_number")
        or parsed.data.get("transaction_reference"),
        source_format="mt940",
    )


def parse_mt940(data: bytes) -> list[Statement]:
    """Every statement in an MT940 file (see the module docstring for errors)."""
    blocks = _blocks(_decode(data))
    if not blocks:
        raise DocumentError("no :20: statement in the MT940 file", ErrorCode.MALFORMED_STATEMENT)
    statements = [_statement(b) for b in blocks]
    if all(s.opening_balance is None and not s.transactions for s in statements):
        raise DocumentError("MT940 without balances or transactions", ErrorCode.MALFORMED_STATEMENT)
    return statements


class Mt940Reader:
    """:class:`~boekstuk.engines.protocols.StatementReader` for MT940 / MT940S."""

    name = "mt940"

    def score(self, data: bytes, content_type: str) -> int | None:
        """90 when the head has ``:20:`` and ``:25:`` or ``:60F:``, None otherwise."""
        head = data[:4096]
        if b":20:" in head and (b":25:" in head or b":60F:" in head):
            return 90
        return None

    def read(self, data: bytes) -> list[Statement]:
        """Every statement in the file."""
        return parse_mt940(data)
