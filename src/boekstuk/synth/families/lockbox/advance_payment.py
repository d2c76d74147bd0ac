"""Lockbox family ``advance_payment``: final or instalment invoices with prepaid amounts (nl, en, fr, de).

A centred letterhead, a project line, the work as line items, the usual net / VAT / total,
and then one or two prepaid rows ("Reeds betaald", "Aanbetaling d.d. …", "Already paid",
"Less deposit", "Acompte versé", "Anzahlung vom …", sometimes naming the earlier invoice) and
the amount still to pay ("Te betalen", "Amount due", "Reste à payer", "Zahlbetrag"): the truth
carries ``amount_due``.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from boekstuk.synth.families.deal import iban_printed, invoice_number, make_deal, vat_printed
from boekstuk.synth.families.draw import (
    Col,
    TableStyle,
    address_block,
    draw_table,
    jitter,
    label_rows,
)
from boekstuk.synth.families.formats import percent
from boekstuk.synth.families.lines import cents, format_quantity
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet

NAME = "advance_payment"
_COUNTRY = {"nl": "NL", "de": "DE", "en": "GB", "fr": "FR"}
_RATE = {"nl": Decimal(21), "de": Decimal(19), "en": Decimal(20), "fr": Decimal(20)}
_W: dict[str, dict[str, Any]] = {
    "nl": {
        "title": ("Eindfactuur", "Factuur", "Slotfactuur", "Termijnfactuur"),
        "project": "Project",
        "meta": ("Factuurnummer", "Datum", "Vervaldatum"),
        "cols": ("Omschrijving", "Aantal", "Prijs", "Bedrag"),
        "sub": "Totaal excl. btw",
        "vat": "Btw {p}",
        "total": "Totaal incl. btw",
        "paid": (
            "Reeds betaald",
            "Aanbetaling d.d. {d}",
            "Af: aanbetaling factuur {n}",
            "Reeds gefactureerd termijn 1",
        ),
        "due": ("Te betalen", "Nog te betalen", "Resterend te betalen"),
        "projects": (
            "Renovatie kantoorpand",
            "Nieuwbouw bedrijfshal",
            "Inrichting showroom",
            "Aanleg tuin",
        ),
    },
    "de": {
        "title": ("Schlussrechnung", "Rechnung", "Abschlagsrechnung"),
        "project": "Bauvorhaben",
        "meta": ("Rechnungsnummer", "Datum", "Fällig am"),
        "cols": ("Leistung", "Menge", "EP", "GP"),
        "sub": "Nettobetrag",
        "vat": "USt. {p}",
        "total": "Gesamtbetrag brutto",
        "paid": (
            "Anzahlung vom {d}",
            "abzgl. geleistete Anzahlung",
            "abzgl. Abschlag lt. Rechnung {n}",
            "Bereits bezahlt",
        ),
        "due": ("Zahlbetrag", "Restbetrag", "Noch zu zahlen"),
        "projects": (
            "Sanierung Bürogebäude",
            "Neubau Lagerhalle",
            "Umbau Ladenlokal",
            "Dachsanierung",
        ),
    },
    "en": {
        "title": ("Final invoice", "Invoice", "Stage payment invoice"),
        "project": "Project",
        "meta": ("Invoice no.", "Date", "Due date"),
        "cols": ("Description", "Qty", "Rate", "Amount"),
        "sub": "Subtotal",
        "vat": "VAT {p}",
        "total": "Total",
        "paid": (
            "Less deposit",
            "Already paid",
            "Less deposit paid {d}",
            "Less stage payment (invoice {n})",
        ),
        "due": ("Amount due", "Balance due", "Balance to pay"),
        "projects": (
            "Office refurbishment",
            "Warehouse extension",
            "Shop fit-out",
            "Garden landscaping",
        ),
    },
    "fr": {
        "title": ("Facture de solde", "Facture", "Facture d'acompte n° 2"),
        "project": "Chantier",
        "meta": ("Facture n°", "Date", "Échéance"),
        "cols": ("Désignation", "Qté", "PU HT", "Total HT"),
        "sub": "Total HT",
        "vat": "TVA {p}",
        "total": "Total TTC",
        "paid": ("Acompte versé", "Acompte du {d}", "Déduction acompte facture {n}", "Déjà réglé"),
        "due": ("Reste à payer", "Net à payer", "Solde à régler"),
        "projects": (
            "Rénovation des bureaux",
            "Extension entrepôt",
            "Aménagement boutique",
            "Réfection toiture",
        ),
    },
}


def make(rng: random.Random) -> FamilyDocument:
    """One invoice of this family."""
    lang = rng.choice(("nl", "en", "fr", "de"))
    w = _W[lang]
    rate = _RATE[lang]
    deal = make_deal(
        rng,
        lang,
        seller_country=_COUNTRY[lang],
        currency="GBP" if lang == "en" else "EUR",
        rates=(rate,),
        count=(2, 6),
        days=(14, 14, 30),
    )
    seller, buyer = deal.seller, deal.buyer
    sheet = Sheet(A4, rng.choice(BODY_FONTS), rng.uniform(0.95, 1.05))
    size = rng.uniform(8.8, 10.0)
    left, x1 = 55 + jitter(rng, 5), 540

    sheet.centre(sheet.width / 2, 52, seller.name, rng.uniform(16, 21), bold=True)
    sheet.centre(
        sheet.width / 2, 68, f"{seller.street} – {seller.city_line} – {seller.phone}", size - 1.5
    )
    sheet.hline(left, x1, 78, 1.0)
    address_block(sheet, left, 130 + jitter(rng, 5), buyer, size=size)
    deal.party("buyer")
    issued, due = deal.d(deal.issued), deal.d(deal.due)
    meta = list(zip(w["meta"], (deal.number, issued, due), strict=True))
    y_meta = label_rows(sheet, 350, 130, meta, size=size, gap=85)
    sheet.box(342, 130 - size - 5, x1, y_meta - size + 2, stroke=(0.4, 0.4, 0.4))
    deal.head(number=deal.number, issued=issued, due=due)

    y = 235 + jitter(rng, 5)
    sheet.text(left, y, rng.choice(w["title"]), 16, bold=True)
    sheet.text(left, y + 20, f"{w['project']}: {rng.choice(w['projects'])}, {buyer.city}", size)
    cols = [
        Col(w["cols"][0], left, 320),
        Col(w["cols"][1], 325, 365, "r"),
        Col(w["cols"][2], 370, 450, "r"),
        Col(w["cols"][3], 455, x1, "r"),
    ]
    rows = [
        [
            line.description,
            format_quantity(line.quantity, lang),
            deal.n(line.unit_price),
            deal.n(line.amount),
        ]
        for line in deal.lines
    ]
    y = draw_table(
        sheet,
        cols,
        rows,
        y + 48,
        TableStyle(size=size - 0.6, leading=size * 1.5, rules=rng.choice(("header", "rows"))),
    )

    t = deal.totals()
    shares = [Decimal(rng.choice((20, 25, 30, 40, 50)))]
    if rng.random() < 0.3:
        shares.append(Decimal(rng.choice((20, 25, 30))))
    paid = [cents(t.gross * share / 100) for share in shares]
    rows_out = [
        (w["sub"], deal.m(t.net)),
        (w["vat"].format(p=percent(rate, lang)), deal.m(t.tax)),
        (w["total"], deal.m(t.gross)),
    ]
    for amount in paid:
        label = rng.choice(w["paid"]).format(
            d=deal.d(deal.issued - timedelta(days=rng.randint(20, 90))),
            n=invoice_number(rng, deal.issued.year),
        )
        rows_out.append((label, deal.m(-amount) if rng.random() < 0.7 else deal.m(amount)))
    rest = t.gross - sum(paid, Decimal(0))
    y += 14
    for i, (label, shown) in enumerate(rows_out):
        bold = i == 2
        sheet.text(300, y, label, size, bold=bold)
        sheet.right(x1, y, shown, size, bold=bold)
        y += size * 1.5
    sheet.hline(300, x1, y - size - 3, 0.8)
    sheet.text(300, y, rng.choice(w["due"]), size + 1.5, bold=True)
    sheet.right(x1, y, deal.m(rest), size + 1.5, bold=True)
    deal.amounts(net=t.net, tax=t.tax, total=t.gross, due=rest)

    iban, vat = iban_printed(seller.iban, rng), vat_printed(seller.vat, rng)
    y += 34
    pay = {
        "nl": "Gelieve {a} over te maken op {i} t.n.v. {s}.",
        "en": "Please pay {a} to {i} ({s}).",
        "fr": "Merci de régler {a} sur le compte {i} ({s}).",
        "de": "Bitte überweisen Sie {a} auf das Konto {i} ({s}).",
    }[lang]
    y = sheet.paragraph(
        left, y, pay.format(a=deal.m(rest), i=iban, s=seller.name), x1 - left, size - 0.5
    )
    ids = {
        "nl": f"KvK {seller.coc} – BTW {vat}",
        "de": f"USt-IdNr. {vat}",
        "en": f"VAT No {vat} – Company No. {seller.coc}",
        "fr": f"SIRET {seller.coc} – TVA {vat}",
    }[lang]
    sheet.centre(sheet.width / 2, sheet.height - 36, f"{seller.name} – {ids} – IBAN {iban}", 7)
    deal.party("seller", vat=vat, iban=iban, coc=seller.coc if lang == "nl" else None)
    return deal.document(NAME, "invoice", sheet.pdf(), 1)
