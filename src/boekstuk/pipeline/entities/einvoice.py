"""E-invoices first: the Factur-X / ZUGFeRD / XRechnung XML a PDF carries, read as data.

In: the PDF's bytes. Out: the CONTRACT §3 fields the embedded CII XML states (value,
confidence 0.99, page 1 and the box of the same value on the page when the rules found it
there, else an empty box), or ``{}`` when the PDF carries no such XML. XML is parsed with
``defusedxml`` (no DTDs, entities or external references). Nothing raises: a broken
attachment is logged and ignored, so the rules still read the page.
"""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET

from boekstuk.domain.fields import FieldValue
from boekstuk.domain.identifiers import iban_compact, vat_compact
from boekstuk.domain.money import format_amount

logger = logging.getLogger(__name__)

_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "zugferd.xml")
_RSM = "{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}"
_RAM = "{urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100}"
_UDT = "{urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100}"
_CREDIT_CODES = {"381", "396", "532"}
MAX_XML_BYTES = 5_000_000


def embedded_xml(pdf: bytes) -> bytes | None:
    """The Factur-X / ZUGFeRD / XRechnung attachment of a PDF, if it has one."""
    import pymupdf

    try:
        with pymupdf.open(stream=pdf, filetype="pdf") as doc:  # type: ignore[no-untyped-call]
            for index in range(doc.embfile_count()):
                info = doc.embfile_info(index)
                name = str(info.get("filename") or info.get("name") or "").lower()
                if name in _NAMES and int(info.get("size") or 0) <= MAX_XML_BYTES:
                    return bytes(doc.embfile_get(index))
    except Exception:  # a PDF the text stage could read but MuPDF's embfile API cannot
        logger.warning("could not list the PDF's attachments", exc_info=True)
    return None


def _text(node: Element | None, path: str) -> str | None:
    if node is None:
        return None
    found = node.find(path)
    return found.text.strip() if found is not None and found.text else None


def _date(value: str | None) -> str | None:
    if value and len(value) == 8 and value.isdigit():
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return None


def _amount(value: str | None, negative: bool) -> str | None:
    if not value:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return None
    return format_amount(-abs(amount) if negative else amount)


def read_cii(xml: bytes) -> dict[str, str]:
    """The fields a CII (Factur-X / ZUGFeRD 2 / XRechnung CII) document states.

    >>> xml = (b'<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:'
    ...   b'CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:'
    ...   b'ReusableAggregateBusinessInformationEntity:100"><rsm:ExchangedDocument>'
    ...   b'<ram:ID>F-1</ram:ID><ram:TypeCode>380</ram:TypeCode></rsm:ExchangedDocument>'
    ...   b'</rsm:CrossIndustryInvoice>')
    >>> read_cii(xml)
    {'invoice_number': 'F-1'}
    """
    root = SafeET.fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    doc = root.find(f"{_RSM}ExchangedDocument")
    trade = root.find(f"{_RSM}SupplyChainTradeTransaction")
    agreement = trade.find(f"{_RAM}ApplicableHeaderTradeAgreement") if trade is not None else None
    settlement = trade.find(f"{_RAM}ApplicableHeaderTradeSettlement") if trade is not None else None
    sums = (
        settlement.find(f"{_RAM}SpecifiedTradeSettlementHeaderMonetarySummation")
        if settlement is not None
        else None
    )
    credit = _text(doc, f"{_RAM}TypeCode") in _CREDIT_CODES
    seller = agreement.find(f"{_RAM}SellerTradeParty") if agreement is not None else None
    buyer = agreement.find(f"{_RAM}BuyerTradeParty") if agreement is not None else None
    out: dict[str, str | None] = {
        "invoice_number": _text(doc, f"{_RAM}ID"),
        "invoice_date": _date(_text(doc, f"{_RAM}IssueDateTime/{_UDT}DateTimeString")),
        "currency": _text(settlement, f"{_RAM}InvoiceCurrencyCode"),
        "total_amount": _amount(_text(sums, f"{_RAM}GrandTotalAmount"), credit),
        "net_amount": _amount(_text(sums, f"{_RAM}TaxBasisTotalAmount"), credit),
        "tax_amount": _amount(_text(sums, f"{_RAM}TaxTotalAmount"), credit),
        "payment_reference": _text(settlement, f"{_RAM}PaymentReference"),
        "due_date": _date(
            _text(
                settlement,
                f"{_RAM}SpecifiedTradePaymentTerms/{_RAM}DueDateDateTime/{_UDT}DateTimeString",
            )
        ),
        "seller_name": _text(seller, f"{_RAM}Name"),
        "buyer_name": _text(buyer, f"{_RAM}Name"),
        "seller_iban": _text(
            settlement,
            f"{_RAM}SpecifiedTradeSettlementPaymentMeans/"
            f"{_RAM}PayeePartyCreditorFinancialAccount/{_RAM}IBANID",
        ),
    }
    for party, node in (("seller", seller), ("buyer", buyer)):
        if node is None:
            continue
        for registration in node.findall(f"{_RAM}SpecifiedTaxRegistration/{_RAM}ID"):
            if registration.get("schemeID") == "VA" and registration.text:
                out[f"{party}_vat"] = vat_compact(registration.text)
    if out.get("seller_iban"):
        out["seller_iban"] = iban_compact(str(out["seller_iban"]))
    return {name: value for name, value in out.items() if value}


def einvoice_fields(pdf: bytes) -> dict[str, FieldValue]:
    """The embedded XML's fields (empty when the PDF carries none or it cannot be read)."""
    xml = embedded_xml(pdf)
    if xml is None:
        return {}
    try:
        values = read_cii(xml)
    except Exception:  # malformed or hostile XML: fall back to reading the page
        logger.warning("the embedded e-invoice XML could not be read", exc_info=True)
        return {}
    return {
        name: FieldValue(value, 0.99, 1, (0.0, 0.0, 0.0, 0.0), source="einvoice")
        for name, value in values.items()
    }
