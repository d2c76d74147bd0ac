"""From file to checked fields through the real text stage (PDF text layer and Tesseract),
and accuracy on the real documents of ``../shared/data`` (skipped when absent)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from boekstuk.config import get_settings
from boekstuk.domain.documents import ContentType
from boekstuk.domain.fields import WorkspaceProfile
from boekstuk.pipeline.analyse import analyse
from boekstuk.services.wiring import text_config
from tests.samples import scans


@pytest.fixture(scope="module")
def config():  # type: ignore[no-untyped-def]
    return text_config(get_settings())


def fields_of(extraction: dict[str, object]) -> dict[str, str]:
    return {k: v["value"] for k, v in extraction["fields"].items()}  # type: ignore[attr-defined]


def test_digital_invoice_fields_line_items_and_verdict(config) -> None:  # type: ignore[no-untyped-def]
    analysis = analyse(scans.invoice_pdf(), ContentType.PDF, config)
    got = fields_of(analysis.extraction)
    assert analysis.extraction["document_type"] == "invoice"
    assert got["invoice_number"] == "2026-0042"
    assert got["invoice_date"] == "2026-01-15"
    assert got["due_date"] == "2026-02-14"
    assert got["total_amount"] == "169.22"
    assert got["net_amount"] == "139.85"
    assert got["tax_amount"] == "29.37"
    assert got["seller_name"] == "Jansen Installatietechniek B.V."
    assert got["seller_vat"] == scans.SELLER_VAT
    assert got["seller_iban"] == scans.SELLER_IBAN
    items = analysis.extraction["line_items"]
    assert {
        "description": "Thermostaatkraan",
        "quantity": "2",
        "unit_price": "12.50",
        "amount": "25.00",
    }.items() <= items[1].items()  # type: ignore[index]
    assert sum(Decimal(i["amount"]) for i in items) == Decimal("139.85")  # type: ignore[union-attr]
    validation = analysis.extraction["validation"]
    assert validation["is_valid"] is True  # type: ignore[index]
    assert analysis.needs_review is False


def test_the_profile_says_this_is_our_sales_invoice(config) -> None:  # type: ignore[no-untyped-def]
    profile = WorkspaceProfile(
        legal_name="Jansen Installatietechniek B.V.", ibans=(scans.SELLER_IBAN,)
    )
    analysis = analyse(scans.invoice_pdf(), ContentType.PDF, config, profile=profile)
    assert analysis.our_party == "seller"
    assert analysis.extraction["our_party"] == "seller"


def test_a_scanned_invoice_gives_the_same_key_fields(config) -> None:  # type: ignore[no-untyped-def]
    image = scans.degrade(scans.render_pdf_page(scans.invoice_pdf()))
    analysis = analyse(scans.scanned_pdf([image]), ContentType.PDF, config)
    assert analysis.extraction["pages"][0]["text_source"] == "ocr"  # type: ignore[index]
    got = fields_of(analysis.extraction)
    assert got["invoice_number"] == "2026-0042"
    assert got["invoice_date"] == "2026-01-15"
    assert got["total_amount"] == "169.22"
    assert got["seller_iban"] == scans.SELLER_IBAN


def test_a_wrong_total_sends_the_document_to_review(config) -> None:  # type: ignore[no-untyped-def]
    data = scans.invoice_pdf(extra_lines=["BTW-nummer klant: NL123456789B01"])
    analysis = analyse(data, ContentType.PDF, config)
    errors = analysis.extraction["validation"]["errors"]  # type: ignore[index]
    assert any(e["code"] == "invalid_checksum" for e in errors)
    assert analysis.needs_review


def _same(field: str, truth: str, got: str | None) -> bool:
    if got is None:
        return False
    if field.endswith("_amount"):
        return Decimal(truth) == Decimal(got)
    return "".join(truth.split()).upper() == "".join(got.split()).upper()


def test_accuracy_on_the_real_digital_invoices(shared_data: Path, config) -> None:  # type: ignore[no-untyped-def]
    docs = [
        json.loads(line)
        for line in (shared_data / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    invoices = [d for d in docs if d["kind"] == "invoice" and d["format"] == "pdf-digital"]
    assert invoices
    scores: dict[str, list[int]] = {}
    for doc in invoices:
        analysis = analyse((shared_data / doc["file"]).read_bytes(), ContentType.PDF, config)
        got = fields_of(analysis.extraction)
        for name in ("invoice_number", "invoice_date", "total_amount", "seller_vat"):
            if name in doc["fields"]:
                right, seen = scores.setdefault(name, [0, 0])
                scores[name] = [right + _same(name, doc["fields"][name], got.get(name)), seen + 1]
    rates = {name: right / seen for name, (right, seen) in scores.items()}
    # measured 0.92-1.00 when written; these floors catch regressions, not noise
    assert rates["total_amount"] >= 0.9, rates
    assert rates["invoice_date"] >= 0.9, rates
    assert rates["invoice_number"] >= 0.85, rates
    assert rates["seller_vat"] >= 0.95, rates


CII = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocument><ram:ID>{number}</ram:ID><ram:TypeCode>380</ram:TypeCode>
  <ram:IssueDateTime><udt:DateTimeString format="102">20260115</udt:DateTimeString></ram:IssueDateTime>
 </rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
  <ram:ApplicableHeaderTradeAgreement>
   <ram:SellerTradeParty><ram:Name>Jansen Installatietechniek B.V.</ram:Name>
    <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{vat}</ram:ID></ram:SpecifiedTaxRegistration>
   </ram:SellerTradeParty>
   <ram:BuyerTradeParty><ram:Name>Bakkerij De Korenbloem</ram:Name></ram:BuyerTradeParty>
  </ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeSettlement>
   <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode>
    <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>{iban}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>
   </ram:SpecifiedTradeSettlementPaymentMeans>
   <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime>
    <udt:DateTimeString format="102">20260214</udt:DateTimeString></ram:DueDateDateTime>
   </ram:SpecifiedTradePaymentTerms>
   <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    <ram:TaxBasisTotalAmount>139.85</ram:TaxBasisTotalAmount>
    <ram:TaxTotalAmount currencyID="EUR">29.37</ram:TaxTotalAmount>
    <ram:GrandTotalAmount>169.22</ram:GrandTotalAmount>
   </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>"""


def _with_xml(pdf: bytes, xml: str) -> bytes:
    import pymupdf

    doc = pymupdf.open(stream=pdf, filetype="pdf")
    doc.embfile_add("factur-x.xml", xml.encode(), filename="factur-x.xml")
    return bytes(doc.tobytes())


def test_factur_x_xml_is_read_first_and_located_on_the_page(config) -> None:  # type: ignore[no-untyped-def]
    xml = CII.format(number="2026-0042", vat=scans.SELLER_VAT, iban=scans.SELLER_IBAN)
    analysis = analyse(_with_xml(scans.invoice_pdf(), xml), ContentType.PDF, config)
    fields = analysis.extraction["fields"]
    got = fields_of(analysis.extraction)
    assert got["invoice_number"] == "2026-0042"
    assert got["buyer_name"] == "Bakkerij De Korenbloem"  # from the XML
    assert got["total_amount"] == "169.22" and got["seller_iban"] == scans.SELLER_IBAN
    assert fields["total_amount"]["confidence"] >= 0.99  # type: ignore[index]
    assert fields["invoice_number"]["bbox"] != [0.0, 0.0, 0.0, 0.0]  # type: ignore[index]
    assert analysis.extraction["validation"]["warnings"] == []  # type: ignore[index]


def test_xml_that_disagrees_with_the_page_is_flagged(config) -> None:  # type: ignore[no-untyped-def]
    xml = CII.format(number="2026-9999", vat=scans.SELLER_VAT, iban=scans.SELLER_IBAN)
    analysis = analyse(_with_xml(scans.invoice_pdf(), xml), ContentType.PDF, config)
    assert fields_of(analysis.extraction)["invoice_number"] == "2026-9999"
    warnings = analysis.extraction["validation"]["warnings"]  # type: ignore[index]
    assert {"invoice_number"} == {w["field"] for w in warnings if w["code"] == "einvoice_mismatch"}


def test_hostile_xml_is_ignored_and_the_page_is_read(config) -> None:  # type: ignore[no-untyped-def]
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    analysis = analyse(_with_xml(scans.invoice_pdf(), bomb), ContentType.PDF, config)
    assert fields_of(analysis.extraction)["invoice_number"] == "2026-0042"


def test_a_till_receipt_photo_gives_merchant_date_total(config) -> None:  # type: ignore[no-untyped-def]
    image = scans.to_bytes(scans.receipt_image(), "PNG", dpi=200)
    analysis = analyse(image, ContentType.PNG, config)
    got = fields_of(analysis.extraction)
    assert analysis.extraction["document_type"] == "receipt"
    assert got["seller_name"] == "BAKKERIJ DE KORENBLOEM"
    assert got["invoice_date"] == "2026-01-15"
    assert got["total_amount"] == "19.20"
    assert got["tax_amount"] == "1.59"


def test_a_photographed_receipt_is_read_by_the_photo_engine(config) -> None:  # type: ignore[no-untyped-def]
    # image uploads go to OCR_PHOTO_ENGINES (RapidOCR first: far better on real thermal-paper
    # receipts); a till slip on a dark table, in perspective, is cropped and read
    pytest.importorskip("rapidocr")
    photo = scans.to_bytes(scans.photograph(scans.receipt_image()), "JPEG", dpi=200)
    analysis = analyse(photo, ContentType.JPEG, config)
    page = analysis.extraction["pages"][0]  # type: ignore[index]
    assert page["ocr_engine"] == config.photo_engines[0].name == "rapidocr"
    got = fields_of(analysis.extraction)
    assert got["invoice_date"] == "2026-01-15"
    assert got["total_amount"] == "19.20"
