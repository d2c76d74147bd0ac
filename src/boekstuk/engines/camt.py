"""CAMT.053 (ISO 20022 bank-to-customer statement) reader, parsed safely.

In: the bytes of a CAMT.053 message (any version ``camt.053.001.02`` … ``.13``; namespaces
are ignored). Out: one :class:`~boekstuk.domain.statements.Statement` per ``<Stmt>``, one
transaction per ``<Ntry>`` (a batch entry stays one booked amount; its details are joined).
Raises :class:`~boekstuk.domain.errors.DocumentError` with code ``unsafe_xml`` for a DTD,
entity declaration or external reference (XML bombs, XXE: refused, never expanded) and
``malformed_statement`` for XML that is broken or is not a CAMT.053 statement.

Parsing goes through ``defusedxml`` with DTDs, entities and external references forbidden.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException

from boekstuk.domain.errors import DocumentError, ErrorCode
from boekstuk.domain.identifiers import iban_compact
from boekstuk.domain.statements import Statement, Transaction

logger = logging.getLogger(__name__)

_OPENING = ("OPBD", "PRCD", "OPAV", "ITBD")
_CLOSING = ("CLBD", "CLAV")
_MAX_BYTES = 50 * 1024 * 1024
_CENT = Decimal("0.01")
_NOT_BOOKED = ("PDNG", "INFO", "FUTR")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _child(el: Element | None, *path: str) -> Element | None:
    """The first descendant along ``path`` of local names (namespace-blind)."""
    for name in path:
        if el is None:
            return None
        el = next((c for c in el if _local(c.tag) == name), None)
    return el


def _children(el: Element | None, name: str) -> list[Element]:
    return [] if el is None else [c for c in el if _local(c.tag) == name]


def _text(el: Element | None, *path: str) -> str | None:
    found = _child(el, *path)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def _date(el: Element | None) -> date | None:
    """A ``<Dt>`` or ``<DtTm>`` inside ``el`` as a date."""
    raw = _text(el, "Dt") or _text(el, "DtTm")
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError as e:
        raise DocumentError(f"bad date {raw!r}", ErrorCode.MALFORMED_STATEMENT) from e


def _amount(el: Element | None) -> tuple[Decimal, str]:
    """The signed amount and currency of an element with ``Amt`` and ``CdtDbtInd``."""
    amt = _child(el, "Amt")
    if amt is None or amt.text is None:
        raise DocumentError("an entry or balance without <Amt>", ErrorCode.MALFORMED_STATEMENT)
    try:
        value = Decimal(amt.text.strip())
    except InvalidOperation as e:
        raise DocumentError(f"bad amount {amt.text!r}", ErrorCode.MALFORMED_STATEMENT) from e
    if _text(el, "CdtDbtInd") == "DBIT":
        value = -value
    return value.quantize(_CENT), amt.get("Ccy", "")


def _iban_of(acct: Element | None) -> str | None:
    raw = _text(acct, "Id", "IBAN")
    return iban_compact(raw) if raw else None


def _party_name(party: Element | None) -> str | None:
    # camt.053.001.02 names the party directly; .08 and later wrap it in <Pty>.
    return _text(party, "Nm") or _text(party, "Pty", "Nm")


def _tx_code(entry: Element) -> str | None:
    domain = _child(entry, "BkTxCd", "Domn")
    if domain is not None:
        parts = [
            _text(domain, "Cd"),
            _text(domain, "Fmly", "Cd"),
            _text(domain, "Fmly", "SubFmlyCd"),
        ]
        return "/".join(p for p in parts if p) or None
    return _text(entry, "BkTxCd", "Prtry", "Cd")


def _status(entry: Element) -> str | None:
    # camt.053.001.02 writes <Sts>BOOK</Sts>; later versions <Sts><Cd>BOOK</Cd></Sts>.
    return _text(entry, "Sts") or _text(entry, "Sts", "Cd")


def _entry(entry: Element, statement_ccy: str) -> Transaction:
    amount, ccy = _amount(entry)
    if _text(entry, "RvslInd") == "true":
        logger.debug("reversal entry kept with its booked sign")
    booking = _date(_child(entry, "BookgDt")) or _date(_child(entry, "ValDt"))
    if booking is None:
        raise DocumentError("an entry without a booking date", ErrorCode.MALFORMED_STATEMENT)
    details = [d for n in _children(entry, "NtryDtls") for d in _children(n, "TxDtls")]
    first = details[0] if len(details) == 1 else None
    texts: list[str] = []
    for d in details:
        rmt = _child(d, "RmtInf")
        texts += [u.text.strip() for u in _children(rmt, "Ustrd") if u.text and u.text.strip()]
    extra = _text(entry, "AddtlNtryInf")
    if not texts:
        texts += [t for t in (_text(first, "AddtlTxInf"), extra) if t]
    parties = _child(first, "RltdPties")
    side = "Dbtr" if amount > 0 else "Cdtr"
    name = _party_name(_child(parties, side))
    iban = _iban_of(_child(parties, f"{side}Acct"))
    structured = _text(first, "RmtInf", "Strd", "CdtrRefInf", "Ref")
    end_to_end = _text(first, "Refs", "EndToEndId")
    if end_to_end == "NOTPROVIDED":
        end_to_end = None
    return Transaction(
        booking_date=booking,
        value_date=_date(_child(entry, "ValDt")),
        amount=amount,
        currency=ccy or statement_ccy,
        description=" ".join(texts),
        counterparty_name=name,
        counterparty_iban=iban,
        bank_reference=_text(entry, "AcctSvcrRef") or _text(first, "Refs", "AcctSvcrRef"),
        end_to_end_id=end_to_end,
        payment_reference=structured,
        transaction_code=_tx_code(entry),
    )


def _statement(stmt: Element) -> Statement:
    acct = _child(stmt, "Acct")
    iban = _iban_of(acct)
    account_id = iban or _text(acct, "Id", "Othr", "Id")
    opening: Decimal | None = None
    closing: Decimal | None = None
    ccy = _text(acct, "Ccy") or ""
    opening_date: date | None = None
    closing_date: date | None = None
    for bal in _children(stmt, "Bal"):
        code = _text(bal, "Tp", "CdOrPrtry", "Cd") or _text(bal, "Tp", "CdOrPrtry", "Prtry")
        value, bal_ccy = _amount(bal)
        ccy = ccy or bal_ccy
        if code in _OPENING and (opening is None or code == "OPBD"):
            opening, opening_date = value, _date(_child(bal, "Dt"))
        elif code in _CLOSING and (closing is None or code == "CLBD"):
            closing, closing_date = value, _date(_child(bal, "Dt"))
    # Pending and informational entries are not booked: they are not in the balances.
    booked = [e for e in _children(stmt, "Ntry") if _status(e) not in _NOT_BOOKED]
    transactions = tuple(_entry(e, ccy) for e in booked)
    period = _child(stmt, "FrToDt")
    start = _date_text(_text(period, "FrDtTm")) or opening_date
    end = _date_text(_text(period, "ToDtTm")) or closing_date
    return Statement(
        account_iban=iban,
        account_id=account_id,
        currency=ccy or (transactions[0].currency if transactions else ""),
        opening_balance=opening,
        closing_balance=closing,
        transactions=transactions,
        period_start=start,
        period_end=end,
        statement_id=_text(stmt, "Id"),
        source_format="camt053",
    )


def _date_text(raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        return None


def parse_camt053(data: bytes) -> list[Statement]:
    """Every statement in a CAMT.053 message (see the module docstring for errors)."""
    if len(data) > _MAX_BYTES:
        raise DocumentError("CAMT file larger than 50 MB", ErrorCode.FILE_TOO_LARGE)
    try:
        root = safe_et.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as e:
        raise DocumentError(
            f"XML with a DTD, entity or external reference refused: {type(e).__name__}",
            ErrorCode.UNSAFE_XML,
        ) from e
    except ParseError as e:
        raise DocumentError(f"broken XML: {e}", ErrorCode.MALFORMED_STATEMENT) from e
    message = _child(root, "BkToCstmrStmt")
    if message is None:
        raise DocumentError("XML that is not a CAMT.053 statement", ErrorCode.MALFORMED_STATEMENT)
    statements = [_statement(s) for s in _children(message, "Stmt")]
    if not statements:
        raise DocumentError("a CAMT.053 message without <Stmt>", ErrorCode.MALFORMED_STATEMENT)
    return statements


class CamtReader:
    """:class:`~boekstuk.engines.protocols.StatementReader` for CAMT.053 XML."""

    name = "camt053"

    def score(self, data: bytes, content_type: str) -> int | None:
        """100 for a CAMT.053 document, None otherwise."""
        head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head.startswith(b"<"):
            return None
        if b"camt.053" in head or b"BkToCstmrStmt" in head:
            return 100
        return None

    def read(self, data: bytes) -> list[Statement]:
        """Every statement in the message."""
        return parse_camt053(data)
