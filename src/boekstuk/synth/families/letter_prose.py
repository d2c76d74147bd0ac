"""Family ``letter_prose``: an invoice written as a letter by a freelancer or small trade.

A sole proprietor (a person's name, sometimes with a trade name) with KvK / BTW (or the local
equivalents) in the letterhead, place and date, the recipient, "Betreft: factuur …", a
salutation ("Geachte heer/mevrouw," / "Sehr geehrte Damen und Herren," / "Dear …," /
"Madame, Monsieur,"), paragraphs, a small table or none, the total also in a sentence ("Het
totaalbedrag van € 1.234,56 …") and payment "op IBAN … t.n.v. …".
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
    jitter,
    totals_rows,
)
from boekstuk.synth.families.formats import percent
from boekstuk.synth.families.lines import format_quantity
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet
from boekstuk.synth.families.world import person_company

NAME = "letter_prose"
_COUNTRY = {"nl": "NL", "de": "DE", "en": "GB", "fr": "FR"}
_RATE = {"nl": Decimal(21), "de": Decimal(19), "en": Decimal(20), "fr": Decimal(20)}
_W: dict[str, dict[str, Any]] = {
    "nl": {
        "subject": "Betreft: factuur {n}",
        "hello": ("Geachte heer/mevrouw,", "Geachte heer {l},", "Beste {f},"),
        "intro": "Hierbij stuur ik u de factuur voor de werkzaamheden die ik in de afgelopen periode voor u heb uitgevoerd.",
        "prose": "Voor deze werkzaamheden breng ik u {net} in rekening, vermeerderd met {p} btw ({tax}).",
        "total": "Het totaalbedrag van {total} verzoek ik u binnen {days} dagen, uiterlijk {due}, over te maken op IBAN {iban} t.n.v. {owner} onder vermelding van het factuurnummer.",
        "bye": "Met vriendelijke groet,",
        "cols": ("Omschrijving", "Uren", "Tarief", "Bedrag"),
        "sum": ("Subtotaal", "Btw {p}", "Totaal"),
        "ids": "KvK {coc} · BTW {vat}",
    },
    "de": {
        "subject": "Rechnung Nr. {n}",
        "hello": ("Sehr geehrte Damen und Herren,", "Sehr geehrter Herr {l},", "Hallo {f},"),
        "intro": "für die in den letzten Wochen für Sie erbrachten Leistungen erlaube ich mir, wie folgt abzurechnen.",
        "prose": "Für diese Leistungen berechne ich Ihnen {net} zuzüglich {p} Umsatzsteuer ({tax}).",
        "total": "Bitte überweisen Sie den Gesamtbetrag von {total} innerhalb von {days} Tagen, spätestens bis zum {due}, auf mein Konto IBAN {iban} (Kontoinhaber: {owner}).",
        "bye": "Mit freundlichen Grüßen",
        "cols": ("Leistung", "Std.", "Satz", "Betrag"),
        "sum": ("Netto", "USt. {p}", "Gesamt"),
        "ids": "Steuernummer {tax_no} · USt-IdNr. {vat}",
    },
    "en": {
        "subject": "Invoice {n}",
        "hello": ("Dear Sir or Madam,", "Dear Mr {l},", "Dear {f},"),
        "intro": "Please find below my invoice for the work carried out for you over the past weeks.",
        "prose": "For this work I charge {net} plus VAT at {p} ({tax}).",
        "total": "I would be grateful if you could pay the total of {total} within {days} days, by {due} at the latest, to IBAN {iban} (account name: {owner}).",
        "bye": "Kind regards,",
        "cols": ("Work", "Hours", "Rate", "Amount"),
        "sum": ("Subtotal", "VAT {p}", "Total"),
        "ids": "VAT Reg No {vat}",
    },
    "fr": {
        "subject": "Objet : facture n° {n}",
        "hello": ("Madame, Monsieur,", "Monsieur {l},", "Bonjour {f},"),
        "intro": "Veuillez trouver ci-dessous ma facture pour les prestations réalisées pour votre compte.",
        "prose": "Pour ces prestations, je vous facture {net} HT, majorés de la TVA à {p} ({tax}).",
        "total": "Je vous remercie de bien vouloir régler la somme totale de {total} sous {days} jours, au plus tard le {due}, par virement sur le compte IBAN {iban} au nom de {owner}.",
        "bye": "Veuillez agréer mes salutations distinguées.",
        "cols": ("Prestation", "Heures", "Taux", "Montant"),
        "sum": ("Total HT", "TVA {p}", "Total TTC"),
        "ids": "SIRET {coc} – TVA {vat}",
    },
}


def make(rng: random.Random) -> FamilyDocument:
    """One invoice of this family."""
    lang = rng.choice(("nl", "nl", "de", "en", "fr"))
    w = _W[lang]
    country = _COUNTRY[lang]
    trade = rng.random() < 0.45
    seller = person_company(rng, country, trade_name=trade)
    deal = make_deal(
        rng,
        lang,
        seller_country=country,
        currency="GBP" if lang == "en" else "EUR",
        rates=(_RATE[lang],),
        count=(1, 3),
        seller=seller,
        long_dates=0.7,
    )
    buyer = deal.buyer
    sheet = Sheet(A4, rng.choice(BODY_FONTS), rng.uniform(0.95, 1.05))
    size = rng.uniform(9.5, 11.0)
    left = 65 + jitter(rng, 6)

    sheet.text(left, 60, seller.name, rng.uniform(14, 18), bold=True)
    y: float = 76
    if trade:
        sheet.text(left, y, seller.person, size - 0.5)
        y += size * 1.3
    sheet.text(
        left, y, f"{seller.street} · {seller.city_line} · {seller.phone} · {seller.email}", size - 2
    )
    vat = vat_printed(seller.vat, rng)
    tax_no = f"{rng.randint(10, 99)}/{rng.randint(100, 999)}/{rng.randint(10000, 99999)}"
    sheet.text(
        left, y + size * 1.2, w["ids"].format(coc=seller.coc, vat=vat, tax_no=tax_no), size - 2
    )
    address_block(sheet, left, 150 + jitter(rng, 5), buyer, size=size)
    deal.party("buyer")
    issued, due = deal.d(deal.issued), deal.d(deal.due)
    sheet.right(
        530,
        240,
        f"{seller.city}, {issued}" if lang != "fr" else f"{seller.city}, le {issued}",
        size,
    )
    deal.head(issued=issued)

    y = 275 + jitter(rng, 5)
    sheet.text(left, y, w["subject"].format(n=deal.number), size + 0.5, bold=True)
    deal.head(number=deal.number)
    first, last = buyer.person.split()[0], buyer.person.split()[-1]
    y = sheet.paragraph(left, y + 28, rng.choice(w["hello"]).format(f=first, l=last), 465, size) + 6
    y = sheet.paragraph(left, y, w["intro"], 465, size) + 8

    t = deal.totals()
    p = percent(_RATE[lang], lang)
    if rng.random() < 0.75:
        cols = [
            Col(w["cols"][0], left, 320),
            Col(w["cols"][1], 325, 360, "r"),
            Col(w["cols"][2], 365, 430, "r"),
            Col(w["cols"][3], 435, 530, "r"),
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
            y + 10,
            TableStyle(size=size - 1, leading=size * 1.45, rules="header", header_bold=False),
        )
        rows_sum = [
            (w["sum"][0], deal.m(t.net)),
            (w["sum"][1].format(p=p), deal.m(t.tax)),
            (w["sum"][2], deal.m(t.gross)),
        ]
        y = totals_rows(sheet, rows_sum, 345, 530, y + 10, size=size - 0.5) + 10
    else:
        y = (
            sheet.paragraph(
                left, y, w["prose"].format(net=deal.m(t.net), p=p, tax=deal.m(t.tax)), 465, size
            )
            + 6
        )
    deal.amounts(
        net=t.net,
        tax=t.tax,
        total=t.gross,
        printed={
            "net_amount": deal.m(t.net),
            "tax_amount": deal.m(t.tax),
            "total_amount": deal.m(t.gross),
        },
    )

    iban = iban_printed(seller.iban, rng)
    owner = seller.person if rng.random() < 0.7 else seller.name
    days = (deal.due - deal.issued).days
    y = (
        sheet.paragraph(
            left,
            y,
            w["total"].format(total=deal.m(t.gross), days=days, due=due, iban=iban, owner=owner),
            465,
            size,
        )
        + 14
    )
    deal.head(due=due)
    sheet.text(left, y, w["bye"], size)
    sheet.text(left, y + 40, seller.person, size)
    deal.party("seller", vat=vat, iban=iban, coc=seller.coc if lang == "nl" else None)
    return deal.document(NAME, "invoice", sheet.pdf(), 1)
