"""Entity extraction over word layouts: labels, parties, amounts, receipts, the profile.

Pages are built in memory as positioned words (10 pt text, 5 pt per character), the way
the text stage hands them over, so every rule is exercised without a PDF or OCR.
"""

from __future__ import annotations

from boekstuk.domain.documents import DocumentType
from boekstuk.domain.extraction import ExtractedText, PageText, TextSource, Word
from boekstuk.domain.fields import WorkspaceProfile
from boekstuk.pipeline.entities import extract_entities
from boekstuk.pipeline.entities.layout import build_layout
from boekstuk.pipeline.entities.sections import column_below

Line = tuple[float, float, str]  # x, y (top), text


def page(*lines: Line, number: int = 1, source: TextSource = TextSource.TEXT_LAYER) -> PageText:
    """A page whose words sit where the lines say (words split on single spaces)."""
    words: list[Word] = []
    for block, (x, y, text) in enumerate(lines):
        cursor = x
        for token in text.split(" "):
            if token:
                width = 5.0 * len(token)
                words.append(Word(token, (cursor, y, cursor + width, y + 10.0), 0.95, block, 0))
            cursor += 5.0 * len(token) + 3.0
    return PageText(number, 595.0, 842.0, tuple(words), source)


def doc(*pages: PageText) -> ExtractedText:
    return ExtractedText(tuple(pages))


def values(
    text: ExtractedText, kind: DocumentType = DocumentType.INVOICE, **kw: object
) -> dict[str, str]:
    entities = extract_entities(text, kind, **kw)  # type: ignore[arg-type]
    return {name: field.value for name, field in entities.fields.items()}


DUTCH = doc(
    page(
        (50, 40, "Bakkerij De Korenschoof B.V."),
        (50, 54, "Molenstraat 12"),
        (50, 68, "1234 AB Utrecht"),
        (50, 82, "KvK 12345678 BTW NL000099998B57"),
        (50, 96, "IBAN NL91 ABNA 0417 1643 00 BIC ABNANL2A"),
        (50, 150, "Factuuradres"),
        (50, 164, "Klant Jansen Horeca"),
        (50, 178, "Dorpsweg 3"),
        (50, 192, "5678 CD Amersfoort"),
        (350, 150, "Factuurnummer"),
        (450, 150, "2026-0042"),
        (350, 164, "Factuurdatum"),
        (450, 164, "15-01-2026"),
        (350, 178, "Vervaldatum"),
        (450, 178, "14 februari 2026"),
        (50, 300, "Omschrijving"),
        (400, 300, "Bedrag"),
        (50, 314, "Broodjes 40 stuks"),
        (400, 314, "€ 100,00"),
        (300, 400, "Subtotaal"),
        (450, 400, "€ 100,00"),
        (300, 414, "BTW 9%"),
        (450, 414, "€ 9,00"),
        (300, 428, "Totaal te betalen"),
        (450, 428, "€ 109,00"),
        (50, 500, "Betalingskenmerk 0123 4567 8901 2345"),
    )
)


def test_dutch_invoice_every_field_from_its_label() -> None:
    got = values(DUTCH)
    assert got["invoice_number"] == "2026-0042"
    assert got["invoice_date"] == "2026-01-15"
    assert got["due_date"] == "2026-02-14"
    assert got["total_amount"] == "109.00"
    assert got["net_amount"] == "100.00"
    assert got["tax_amount"] == "9.00"
    assert got["currency"] == "EUR"
    assert got["seller_name"] == "Bakkerij De Korenschoof B.V."
    assert got["seller_vat"] == "NL000099998B57"
    assert got["seller_iban"] == "NL91ABNA0417164300"
    assert got["seller_bic"] == "ABNANL2A"
    assert got["seller_coc"] == "12345678"
    assert got["buyer_name"] == "Klant Jansen Horeca"
    assert got["buyer_address"].startswith("Dorpsweg 3")
    assert got["payment_reference"].replace(" ", "") == "0123456789012345"


def test_fields_carry_page_box_and_confidence() -> None:
    entities = extract_entities(DUTCH, DocumentType.INVOICE)
    number = entities.fields["invoice_number"]
    assert number.page == 1
    x0, y0, x1, y1 = number.bbox
    assert x0 == 450 and y0 == 150 and x1 > x0 and y1 > y0
    assert 0.5 < number.confidence <= 1.0
    as_json = entities.fields_json()["total_amount"]
    assert set(as_json) == {"value", "confidence", "page", "bbox"}


def test_value_below_its_label_in_german() -> None:
    text = doc(
        page(
            (50, 40, "Muster GmbH"),
            (50, 54, "Hauptstraße 1"),
            (50, 68, "10115 Berlin"),
            (350, 100, "Rechnungsnummer"),
            (350, 114, "RE-2026/77"),
            (450, 100, "Rechnungsdatum"),
            (450, 114, "3. März 2026"),
            (50, 150, "Rechnungsempfänger"),
            (50, 164, "Kunde AG"),
            (50, 178, "Weg 2"),
            (50, 192, "80331 München"),
            (300, 400, "Nettobetrag"),
            (450, 400, "1.000,00 EUR"),
            (300, 414, "Umsatzsteuer 19 %"),
            (450, 414, "190,00 EUR"),
            (300, 428, "Gesamtbetrag"),
            (450, 428, "1.190,00 EUR"),
            (50, 700, "USt-IdNr. DE136695976"),
        )
    )
    got = values(text)
    assert got["invoice_number"] == "RE-2026/77"
    assert got["invoice_date"] == "2026-03-03"
    assert got["total_amount"] == "1190.00"
    assert got["net_amount"] == "1000.00"
    assert got["tax_amount"] == "190.00"
    assert got["seller_name"] == "Muster GmbH"
    assert got["buyer_name"] == "Kunde AG"
    assert got["seller_vat"] == "DE136695976"


def test_english_us_dates_and_bill_to() -> None:
    text = doc(
        page(
            (50, 40, "Acme Supplies Ltd."),
            (350, 40, "Invoice No. INV-1001"),
            (350, 54, "Invoice Date: 02/03/2026"),
            (350, 68, "Due Date: 02/17/2026"),
            (50, 150, "Bill to"),
            (50, 164, "Globex Corporation"),
            (50, 178, "1 Main Street"),
            (50, 192, "Springfield 12345"),
            (300, 400, "Subtotal"),
            (450, 400, "$1,000.00"),
            (300, 414, "Tax"),
            (450, 414, "$80.00"),
            (300, 428, "Amount due"),
            (450, 428, "$1,080.00"),
        )
    )
    got = values(text)
    assert got["invoice_number"] == "INV-1001"
    assert got["invoice_date"] == "2026-02-03"  # 02/17 shows the month comes first
    assert got["due_date"] == "2026-02-17"
    assert got["total_amount"] == "1080.00"
    assert got["currency"] == "USD"
    assert got["buyer_name"] == "Globex Corporation"


def test_french_credit_note_amounts_are_negative() -> None:
    text = doc(
        page(
            (50, 40, "Fournisseur SARL"),
            (350, 40, "Avoir N° AV-12"),
            (350, 54, "Date de facture : 05/11/2025"),
            (300, 400, "Total HT"),
            (450, 400, "100,00 €"),
            (300, 414, "Total TVA"),
            (450, 414, "20,00 €"),
            (300, 428, "Total TTC"),
            (450, 428, "120,00 €"),
        )
    )
    got = values(text, DocumentType.CREDIT_NOTE)
    assert got["total_amount"] == "-120.00"
    assert got["net_amount"] == "-100.00"
    assert got["tax_amount"] == "-20.00"
    assert got["invoice_date"] == "2025-11-05"


def test_consistent_amounts_win_over_a_stray_total() -> None:
    text = doc(
        page(
            (300, 380, "Total qty"),
            (450, 380, "3"),
            (300, 400, "Totaal excl. btw"),
            (450, 400, "200,00"),
            (300, 414, "Btw 21%"),
            (450, 414, "42,00"),
            (300, 428, "Totaal"),
            (450, 428, "242,00"),
            (300, 442, "Reeds betaald"),
            (450, 442, "100,00"),
        )
    )
    got = values(text)
    assert (got["net_amount"], got["tax_amount"], got["total_amount"]) == (
        "200.00",
        "42.00",
        "242.00",
    )


def test_buyer_identifiers_stay_with_the_buyer() -> None:
    text = doc(
        page(
            (50, 40, "Leverancier B.V."),
            (50, 54, "BTW-nummer NL000099998B57"),
            (50, 150, "Factuuradres"),
            (50, 164, "Klant B.V."),
            (50, 178, "Straat 1"),
            (50, 192, "1000 AA Amsterdam"),
            (50, 206, "BTW klant: BE0403019261"),
        )
    )
    got = values(text)
    assert got["seller_vat"] == "NL000099998B57"
    assert got["buyer_vat"] == "BE0403019261"


def test_profile_marks_which_party_is_us() -> None:
    profile = WorkspaceProfile(
        legal_name="Bakkerij De Korenschoof B.V.", vat_number="NL000099998B57"
    )
    entities = extract_entities(DUTCH, DocumentType.INVOICE, profile)
    assert entities.our_party == "seller"
    buyer_profile = WorkspaceProfile(legal_name="Klant Jansen Horeca")
    assert extract_entities(DUTCH, DocumentType.INVOICE, buyer_profile).our_party == "buyer"
    assert extract_entities(DUTCH, DocumentType.INVOICE).our_party is None


def test_unlabelled_invalid_identifiers_are_not_taken() -> None:
    text = doc(page((50, 40, "Bestelling NL123456789B01 referentie NL91ABNA0417164301")))
    got = values(text)
    assert "seller_vat" not in got and "seller_iban" not in got


def test_labelled_invalid_vat_is_kept_for_validation_to_flag() -> None:
    text = doc(page((50, 40, "Leverancier B.V."), (50, 700, "BTW-nr: NL123456789B01")))
    assert values(text)["seller_vat"] == "NL123456789B01"


def test_receipt_merchant_date_total() -> None:
    text = doc(
        page(
            (40, 20, "tan woon yann"),
            (40, 40, "POPULAR BOOK"),
            (40, 54, "CO. (M) SDN BHD (113825-W)"),
            (40, 68, "No 8, Jalan 7/118B, Desa Tun Razak"),
            (40, 82, "56000 Kuala Lumpur"),
            (40, 120, "01/03/18 19:14 Slip No.: 0010104733"),
            (40, 200, "Sub-total"),
            (200, 200, "49.39"),
            (40, 214, "Total RM Incl. of GST"),
            (200, 214, "49.39"),
            (40, 228, "Rounding Adj"),
            (200, 228, "0.01"),
            (40, 242, "Total After Rounding"),
            (200, 242, "49. 40"),
            (40, 256, "Cash"),
            (200, 256, "50.00"),
            (40, 270, "CHANGE"),
            (200, 270, "0.60"),
            (40, 284, "GST @6%"),
            (200, 284, "2.18"),
            source=TextSource.OCR,
        )
    )
    got = values(text, DocumentType.RECEIPT)
    assert got["seller_name"] == "POPULAR BOOK CO. (M) SDN BHD"
    assert got["invoice_date"] == "2018-03-01"
    assert got["total_amount"] == "49.40"
    assert got["tax_amount"] == "2.18"


def test_receipt_rounding_row_glued_time_and_smudged_dates() -> None:
    # what OCR makes of real SROIE slips: the time glued to the year, a smudged row that
    # parses as a date decades ahead, "Tatal" for "Total", a tax-named total under a rounding
    text = doc(
        page(
            (40, 20, "ASIA MART SDN BHD"),
            (40, 40, "0Z02- 12/48"),
            (40, 54, "Date 03/02/201815:28"),
            (40, 200, "Total Qty 25"),
            (200, 200, "32.69"),
            (40, 214, "Total GST :"),
            (200, 214, "1.65"),
            (40, 228, "Rounding"),
            (200, 228, "0.01"),
            (40, 242, "Tatal Sales (Inclusive of GST) :"),
            (200, 242, "32.70"),
            (40, 256, "CASH :"),
            (200, 256, "40.00"),
            (40, 284, "Total:"),
            (200, 284, "31.03"),
            source=TextSource.OCR,
        )
    )
    got = values(text, DocumentType.RECEIPT)
    assert got["invoice_date"] == "2018-02-03"
    assert got["total_amount"] == "32.70"


def test_an_ocr_buyer_name_further_below_its_label_is_still_found() -> None:
    # a scan's word boxes hug the ink, so the gap under "Adresse du Client" counts for more
    # box heights than on the digital page (zugferd-0204/-0205 in ../shared/data)
    text = doc(
        page(
            (60, 60, "SELLER TRADE NAME"),
            (300, 60, "Adresse du Client"),
            (60, 80, "LE FOURNISSEUR"),
            (300, 99, "LE CLIENT"),
            (300, 113, "58 rue de la mer"),
            (300, 127, "06000 NICE, FR"),
            source=TextSource.OCR,
        )
    )
    assert values(text)["buyer_name"] == "LE CLIENT"
    layout = build_layout(text.pages[0])
    label = next(s for s in layout.segments if s.text == "Adresse du Client")
    assert [s.text for s in column_below(layout, label)][:1] == ["LE CLIENT"]


def test_empty_document_and_bank_statement_give_no_fields() -> None:
    assert values(doc()) == {}
    assert values(DUTCH, DocumentType.BANK_STATEMENT) == {}


def test_two_vat_rates_sum_to_the_tax_amount() -> None:
    text = doc(
        page(
            (300, 400, "Totaal excl. btw"),
            (450, 400, "200,00"),
            (300, 414, "BTW 9%"),
            (450, 414, "9,00"),
            (300, 428, "BTW 21%"),
            (450, 428, "21,00"),
            (300, 442, "Totaal incl. btw"),
            (450, 442, "230,00"),
        )
    )
    got = values(text)
    assert (got["net_amount"], got["tax_amount"], got["total_amount"]) == (
        "200.00",
        "30.00",
        "230.00",
    )


def test_a_skewed_scan_keeps_labels_and_values_on_one_row() -> None:
    # turned by about 1 degree: every word 1.8 pt higher per 100 pt to the right
    words: list[Word] = []
    rows = [("Factuurnummer", "2026-0042"), ("Factuurdatum", "15-01-2026"), ("Totaal", "121,00")]
    for line, (label, value) in enumerate(rows):
        y = 200.0 + 14.0 * line
        for x, token in ((60.0, label), (460.0, value)):
            dy = -0.018 * x
            width = 5.0 * len(token)
            words.append(Word(token, (x, y + dy, x + width, y + dy + 10.0), 0.9, line, 0))
        for x in (160.0, 260.0, 360.0):  # filler so the engine line shows the slope
            words.append(
                Word("....", (x, y - 0.018 * x, x + 20.0, y - 0.018 * x + 10.0), 0.9, line, 0)
            )
    words.sort(key=lambda w: (w.block, w.bbox[0]))
    text = doc(PageText(1, 595.0, 842.0, tuple(words), TextSource.OCR))
    got = values(text)
    assert got["invoice_number"] == "2026-0042"
    assert got["invoice_date"] == "2026-01-15"
    assert got["total_amount"] == "121.00"


def test_a_name_of_eight_capitals_is_not_taken_for_a_bic() -> None:
    got = values(
        doc(
            page(
                (50, 40, "ELEKTRON Industrieservice GmbH"),
                (50, 54, "Erfurter Strasse 13, 74465 Demoort"),
                (350, 150, "Rechnungsnummer"),
                (450, 150, "181301674"),
                (300, 428, "Gesamtbetrag"),
                (450, 428, "300,00 EUR"),
            )
        )
    )
    assert "seller_bic" not in got


def test_titled_number_line_and_wrapped_iban() -> None:
    got = values(
        doc(
            page(
                (50, 40, "Lieferant GmbH"),
                (50, 54, "Lieferantenstraße 20"),
                (50, 68, "80333 München"),
                (50, 120, "Teilrechnung Bau (875) Nr. 210111 vom 30.05.2026"),
                (50, 400, "Bemerkung freier Text zur Rechnung BT-22"),
                (300, 700, "DE67 1004 8392 7221"),
                (300, 714, "8882 72"),
            )
        )
    )
    assert got["invoice_number"] == "210111"
    assert got["seller_iban"] == "DE67100483927221888272"


def test_salutation_opens_the_address_window_and_wrapped_letterhead() -> None:
    got = values(
        doc(
            page(
                (50, 82, "MVM Musterhafter"),
                (50, 94, "Versicherungsverein Musterstadt a.G."),
                (50, 117, "Herrn"),
                (50, 128, "Max Mustermann"),
                (50, 140, "Musterstr. 11"),
                (50, 151, "12346 Bad Musterhausen"),
                (350, 197, "Musterstr. 12"),
                (350, 209, "12345 Musterstadt"),
                (350, 266, "Mo-Fr 8.00-20.00 Uhr, Sa 8.00-14.00 Uhr"),
                (50, 300, "Rechnung Nr. 2014-1"),
            )
        )
    )
    assert got["buyer_name"] == "Max Mustermann"
    assert got["seller_name"] == "MVM Musterhafter Versicherungsverein Musterstadt a.G."


def test_a_bank_code_with_letters_is_not_read_as_ocr_digits() -> None:
    got = values(doc(page((50, 40, "Acme B.V."), (50, 700, "IBAN NL68 TRIO 8518 2452 92"))))
    assert got["seller_iban"] == "NL68TRIO8518245292"
    ocr = values(doc(page((50, 40, "Acme B.V."), (50, 700, "IBAN NL9l ABNA 0417 1643 00"))))
    assert ocr["seller_iban"] == "NL91ABNA0417164300"


def test_number_label_ending_in_a_colon_with_its_value_in_the_next_column() -> None:
    got = values(
        doc(
            page(
                (50, 40, "Druck Hoveniers B.V."),
                (50, 100, "FACTUUR"),
                (250, 100, "1012 JS Amsterdam"),
                (330, 140, "Factuurnummer:"),
                (435, 140, "028"),
                (330, 152, "Nummer:"),
                (435, 152, "549910"),
            )
        )
    )
    assert got["invoice_number"] == "028"
