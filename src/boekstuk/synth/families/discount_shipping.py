"""Family ``discount_shipping``: web-shop style invoices with a discount and shipping costs.

Line items, then "Korting 10 %" / "Rabatt" / "Discount" / "Remise" and "Verzendkosten" /
"Versand" / "Shipping" / "Frais de port" before the VAT (business style: net prices, VAT on
the net after discount and shipping), or retail style where the prices include VAT and the
VAT is only stated as "waarvan btw" / "darin enthaltene MwSt." / "incl. VAT of" / "dont TVA".
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from boekstuk.synth.families.deal import iban_printed, make_deal, vat_printed
from boekstuk.synth.families.draw import (
    Col,
    TableStyle,
    address_block,
    draw_table,
    footer_line,
    jitter,
    label_rows,
    totals_rows,
)
from boekstuk.synth.families.formats import percent
from boekstuk.synth.families.lines import cents
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet

NAME = "discount_shipping"
_COUNTRY = {"nl": "NL", "de": "DE", "en": "GB", "fr": "FR"}
_RATE = {"nl": Decimal(21), "de": Decimal(19), "en": Decimal(20), "fr": Decimal(20)}
_W: dict[str, dict[str, Any]] = {
    "nl": {
        "title": "Factuur",
        "order": "Bestelling",
        "meta": ("Factuurnummer", "Factuurdatum", "Bestelnummer"),
        "cols": ("Product", "Aantal", "Prijs", "Totaal"),
        "disc": ("Korting {p}", "Kortingscode {c} (-{p})"),
        "ship": ("Verzendkosten", "Verzending", "Bezorgkosten"),
        "sub": "Subtotaal",
        "net": "Totaal excl. btw",
        "vat": "Btw {p}",
        "total": ("Totaal", "Totaal incl. btw", "Totaalbedrag"),
        "within": "waarvan btw {p}",
        "paid": ("Betaald via iDEAL", "Betaald met creditcard", "Voldaan via Bancontact"),
    },
    "de": {
        "title": "Rechnung",
        "order": "Bestellung",
        "meta": ("Rechnungsnummer", "Rechnungsdatum", "Bestellnummer"),
        "cols": ("Artikel", "Menge", "Preis", "Summe"),
        "disc": ("Rabatt {p}", "Gutschein {c} (-{p})"),
        "ship": ("Versandkosten", "Versand", "Porto und Verpackung"),
        "sub": "Zwischensumme",
        "net": "Summe netto",
        "vat": "MwSt. {p}",
        "total": ("Gesamtsumme", "Gesamtbetrag", "Summe brutto"),
        "within": "darin enthaltene MwSt. {p}",
        "paid": ("Bezahlt per PayPal", "Bezahlt per Kreditkarte", "Bezahlt per Sofortüberweisung"),
    },
    "en": {
        "title": "Invoice",
        "order": "Order",
        "meta": ("Invoice number", "Invoice date", "Order number"),
        "cols": ("Item", "Qty", "Price", "Total"),
        "disc": ("Discount {p}", "Promo code {c} (-{p})"),
        "ship": ("Shipping", "Delivery", "Postage & packing"),
        "sub": "Subtotal",
        "net": "Total excl. VAT",
        "vat": "VAT {p}",
        "total": ("Total", "Order total", "Grand total"),
        "within": "incl. VAT of {p}",
        "paid": ("Paid by card", "Paid with PayPal", "Payment received - thank you"),
    },
    "fr": {
        "title": "Facture",
        "order": "Commande",
        "meta": ("N° de facture", "Date de facture", "N° de commande"),
        "cols": ("Article", "Qté", "Prix", "Total"),
        "disc": ("Remise {p}", "Code promo {c} (-{p})"),
        "ship": ("Frais de port", "Livraison", "Frais d'expédition"),
        "sub": "Sous-total",
        "net": "Total HT",
        "vat": "TVA {p}",
        "total": ("Total TTC", "Total", "Montant total"),
        "within": "dont TVA {p}",
        "paid": ("Payé par carte bancaire", "Payé via PayPal", "Réglé par carte"),
    },
}


def make(rng: random.Random) -> FamilyDocument:
    """One invoice of this family."""
    lang = rng.choice(("nl", "de", "en", "fr"))
    w = _W[lang]
    rate = _RATE[lang]
    gross_style = rng.random() < 0.45
    deal = make_deal(
        rng,
        lang,
        seller_country=_COUNTRY[lang],
        currency="GBP" if lang == "en" else "EUR",
        rates=(rate,),
        count=(1, 6),
        days=(0, 14, 14, 30),
    )
    seller, buyer = deal.seller, deal.buyer
    sheet = Sheet(A4, rng.choice(BODY_FONTS), rng.uniform(0.95, 1.05))
    size = rng.uniform(8.8, 10.0)
    left = 48 + jitter(rng, 5)

    sheet.text(left, 55, seller.name, rng.uniform(15, 20), bold=True)
    sheet.text(left, 70, seller.web, size - 1)
    address_block(sheet, 360, 50, seller, size=size - 1.5, name_lines=[])
    billing = {
        "nl": "Factuuradres",
        "de": "Rechnungsadresse",
        "en": "Billing address",
        "fr": "Adresse de facturation",
    }[lang]
    y = address_block(
        sheet,
        left,
        140 + jitter(rng, 5),
        buyer,
        size=size,
        before=[billing] if rng.random() < 0.5 else (),
    )
    deal.party("buyer")
    issued = deal.d(deal.issued)
    order = f"{rng.choice(('#', '', 'WEB-', 'B'))}{rng.randint(100000, 999999)}"
    meta = list(zip(w["meta"], (deal.number, issued, order), strict=True))
    label_rows(sheet, 340, 140, meta, size=size - 0.5, gap=100)
    deal.head(number=deal.number, issued=issued)
    sheet.text(left, max(y, 215) + 20, w["title"], 18, bold=True)

    lines = deal.lines
    factor = (100 + rate) / 100 if gross_style else Decimal(1)
    shown_price = {id(line): cents(line.unit_price * factor) for line in lines}
    amounts = [cents(shown_price[id(line)] * line.quantity) for line in lines]
    cols = [
        Col(w["cols"][0], left, 330),
        Col(w["cols"][1], 335, 375, "r"),
        Col(w["cols"][2], 380, 460, "r"),
        Col(w["cols"][3], 465, 545, "r"),
    ]
    rows = [
        [
            line.description,
            str(line.quantity.normalize()),
            deal.n(shown_price[id(line)]),
            deal.n(amount),
        ]
        for line, amount in zip(lines, amounts, strict=True)
    ]
    y = draw_table(
        sheet,
        cols,
        rows,
        max(y, 215) + 50,
        TableStyle(size=size - 0.6, leading=size * 1.5, rules=rng.choice(("header", "rows"))),
    )

    subtotal = sum(amounts, Decimal(0))
    pct = Decimal(rng.choice((5, 10, 10, 15, 20)))
    discount = cents(subtotal * pct / 100)
    shipping = Decimal(rng.choice(("4.95", "6.95", "7.50", "9.95", "12.50", "19.90")))
    code = rng.choice(("WELKOM", "SPRING", "SOMMER", "NOEL", "SAVE")) + str(int(pct))
    rows_out = [
        (w["sub"], deal.m(subtotal)),
        (rng.choice(w["disc"]).format(p=percent(pct, lang), c=code), deal.m(-discount)),
    ]
    if rng.random() < 0.8:
        rows_out.append((rng.choice(w["ship"]), deal.m(shipping)))
    else:
        shipping = Decimal(0)
    base = subtotal - discount + shipping
    if gross_style:
        total = base
        tax = cents(total * rate / (100 + rate))
        net = total - tax
        show_net = rng.random() < 0.4
        if show_net:
            rows_out.append((w["net"], deal.m(net)))
        rows_out.append((rng.choice(w["total"]), deal.m(total)))
        y = totals_rows(sheet, rows_out, 320, 545, y + 14, size=size)
        sheet.right(545, y, f"{w['within'].format(p=percent(rate, lang))}: {deal.m(tax)}", size - 1)
        y += size * 1.5
        deal.amounts(net=net if show_net else None, tax=tax, total=total)
    else:
        net, tax = base, cents(base * rate / 100)
        rows_out += [
            (w["net"], deal.m(net)),
            (w["vat"].format(p=percent(rate, lang)), deal.m(tax)),
            (rng.choice(w["total"]), deal.m(net + tax)),
        ]
        y = totals_rows(sheet, rows_out, 320, 545, y + 14, size=size)
        deal.amounts(net=net, tax=tax, total=net + tax)

    iban, vat = iban_printed(seller.iban, rng), vat_printed(seller.vat, rng)
    if rng.random() < 0.5:
        sheet.text(left, y + 20, f"{rng.choice(w['paid'])} – {issued}", size)
        parts = [
            seller.name,
            seller.address,
            f"{'BTW' if lang == 'nl' else 'USt-IdNr.' if lang == 'de' else 'VAT' if lang == 'en' else 'TVA'} {vat}",
        ]
        deal.party("seller", vat=vat)
    else:
        due = deal.d(deal.due)
        sheet.text(
            left,
            y + 20,
            {
                "nl": "Te betalen vóór {d} op {i}",
                "de": "Zahlbar bis {d} auf {i}",
                "en": "Please pay by {d} to {i}",
                "fr": "À régler avant le {d} sur {i}",
            }[lang].format(d=due, i=iban),
            size,
        )
        deal.head(due=due)
        parts = [
            seller.name,
            seller.address,
            f"{'BTW' if lang == 'nl' else 'USt-IdNr.' if lang == 'de' else 'VAT' if lang == 'en' else 'TVA'} {vat}",
            f"IBAN {iban}",
        ]
        deal.party("seller", vat=vat, iban=iban)
    if seller.country == "NL":
        parts.append(f"KvK {seller.coc}")
        deal.party("seller", coc=seller.coc)
    footer_line(sheet, parts, sheet.height - 36, sep=" · ", size=7)
    return deal.document(NAME, "invoice", sheet.pdf(), 1)
