"""Family ``de_din5008``: a German business letter invoice after DIN 5008 (form B).

Letterhead at the top, a small sender line above the window ("Firma GmbH · Straße 1 · 12345
Ort"), the recipient with "z. Hd. Herrn …" or "Abteilung Buchhaltung", an information block
on the right (Rechnungs-Nr., Rechnungsdatum, Kunden-Nr., Ihr Zeichen, Lieferdatum,
Ansprechpartner), a subject line, positions table, "Nettobetrag / zzgl. 19 % USt. /
Rechnungsbetrag", "Zahlbar innerhalb von 14 Tagen bis zum …" (sometimes with a Skonto offer)
and a three-column footer (Geschäftsführer, Amtsgericht HRB, USt-IdNr., Steuernummer,
Bankverbindung IBAN/BIC).
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from boekstuk.synth.families.deal import iban_printed, make_deal, vat_printed
from boekstuk.synth.families.draw import (
    Col,
    TableStyle,
    address_block,
    draw_table,
    footer_columns,
    jitter,
    label_rows,
    totals_rows,
)
from boekstuk.synth.families.formats import percent
from boekstuk.synth.families.ids import digits
from boekstuk.synth.families.lines import format_quantity
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet
from boekstuk.synth.families.world import Company

NAME = "de_din5008"


def attention_de(rng: random.Random, person: str) -> list[str]:
    """A German attention / department line."""
    last = person.split()[-1]
    return rng.choice(
        (
            [f"z. Hd. Herrn {person}"],
            [f"z. Hd. Frau {last}"],
            ["Abteilung Buchhaltung"],
            ["Buchhaltung", f"z.H. {person}"],
            [f"z. Hd. {person}"],
            ["Rechnungseingang"],
        )
    )


def three_columns(rng: random.Random, seller: Company, iban: str, vat: str) -> list[list[str]]:
    """The footer columns: company, register and tax, bank."""
    court = rng.choice(
        ("München", "Hamburg", "Köln", "Stuttgart", "Berlin-Charlottenburg", seller.city)
    )
    left = [seller.name, seller.street, seller.city_line, f"Tel. {seller.phone}"]
    middle = [
        f"Geschäftsführer: {seller.person}",
        f"Amtsgericht {court} {seller.coc}",
        f"USt-IdNr.: {vat}",
    ]
    if rng.random() < 0.6:
        middle.append(f"Steuernummer: {digits(rng, 3)}/{digits(rng, 3)}/{digits(rng, 5)}")
    right = [
        rng.choice(("Bankverbindung", "Bankverbindung:", "Konto")),
        seller.account.bank,
        f"IBAN: {iban}",
        f"BIC: {seller.account.bic}",
    ]
    return [left, middle, right]


def make(rng: random.Random) -> FamilyDocument:
    """One invoice of this family."""
    rates = (Decimal(19), Decimal(7)) if rng.random() < 0.15 else (Decimal(19),)
    deal = make_deal(
        rng, "de", seller_country="DE", rates=rates, count=(1, 6), days=(10, 14, 14, 30)
    )
    seller, buyer = deal.seller, deal.buyer
    sheet = Sheet(A4, rng.choice(BODY_FONTS), rng.uniform(0.95, 1.05))
    size = rng.uniform(9.0, 10.2)
    left = 71 + jitter(rng, 4)

    if rng.random() < 0.5:
        sheet.right(525, 60, seller.name, rng.uniform(15, 20), bold=True)
        sheet.right(
            525,
            76,
            rng.choice(
                (
                    "Ihr Partner für " + rng.choice(("Haustechnik", "Elektro", "Logistik", "IT")),
                    "seit 1987",
                    "",
                )
            ),
            8,
        )
    else:
        sheet.centre(sheet.width / 2, 62, seller.name, rng.uniform(16, 22), bold=True)

    sep = rng.choice((" · ", " | ", " - ", ", "))
    sender = sep.join((seller.name, seller.street, seller.city_line))
    sheet.text(left, 140, sender, 6.8)
    if rng.random() < 0.5:
        sheet.hline(left, left + sheet.width_of(sender, 6.8), 142, 0.3)
    after = attention_de(rng, buyer.person) if rng.random() < 0.75 else []
    address_block(sheet, left, 165 + jitter(rng, 3), buyer, size=size, after_name=after)
    deal.party("buyer")

    issued = deal.d(deal.issued)
    delivered = deal.d(deal.issued - timedelta(days=rng.randint(0, 10)))
    info = [
        (rng.choice(("Rechnungs-Nr.", "Rechnungsnummer", "Rechnung Nr.")), deal.number),
        (rng.choice(("Rechnungsdatum", "Datum")), issued),
        (rng.choice(("Kunden-Nr.", "Kundennummer")), deal.customer_no),
    ]
    if rng.random() < 0.6:
        info.append(("Ihr Zeichen", deal.reference))
    if rng.random() < 0.6:
        info.append((rng.choice(("Lieferdatum", "Leistungsdatum")), delivered))
    if rng.random() < 0.5:
        info += [("Ansprechpartner", seller.person), ("Telefon", seller.phone)]
    label_rows(sheet, 354, 150, info, size=size - 1, gap=82, colon=rng.choice((":", "")))
    deal.head(number=deal.number, issued=issued)

    y = 300 + jitter(rng, 6)
    subject = rng.choice((f"Rechnung Nr. {deal.number}", "Rechnung", f"Rechnung {deal.number}"))
    sheet.text(left, y, subject, size + 2, bold=True)
    y += 26
    if rng.random() < 0.6:
        sheet.text(left, y, "Sehr geehrte Damen und Herren,", size)
        y += size * 1.8
        sheet.text(
            left,
            y,
            rng.choice(
                (
                    "wir erlauben uns, Ihnen folgende Leistungen in Rechnung zu stellen:",
                    "für unsere Lieferungen und Leistungen berechnen wir Ihnen:",
                )
            ),
            size,
        )
        y += size * 2.2

    cols = [
        Col("Pos.", left, left + 22),
        Col("Menge", left + 28, left + 62, "r"),
        Col("Einheit", left + 68, left + 100),
        Col("Bezeichnung", left + 106, 360),
        Col("Einzelpreis", 366, 440, "r"),
        Col("Gesamtpreis", 446, 525, "r"),
    ]
    rows = [
        [
            str(i),
            format_quantity(line.quantity, "de"),
            line.unit,
            line.description,
            deal.n(line.unit_price),
            deal.n(line.amount),
        ]
        for i, line in enumerate(deal.lines, 1)
    ]
    tstyle = TableStyle(
        size=size - 0.8,
        leading=size * 1.5,
        rules=rng.choice(("header", "rows", "grid")),
        header_fill=(0.9, 0.9, 0.9) if rng.random() < 0.4 else None,
    )
    y = draw_table(sheet, cols, rows, y, tstyle)

    t = deal.totals()
    summary = [(rng.choice(("Nettobetrag", "Summe netto", "Zwischensumme")), deal.m(t.net))]
    for rate in sorted(t.tax_by_rate, reverse=True):
        summary.append(
            (
                rng.choice(("zzgl. {p} USt.", "zzgl. {p} MwSt.", "Umsatzsteuer {p}")).format(
                    p=percent(rate, "de")
                ),
                deal.m(t.tax_by_rate[rate]),
            )
        )
    summary.append(
        (rng.choice(("Rechnungsbetrag", "Gesamtbetrag", "Bruttobetrag")), deal.m(t.gross))
    )
    y = totals_rows(sheet, summary, 330, 525, y + 14, size=size)
    deal.amounts(net=t.net, tax=t.tax, total=t.gross)

    y += 18
    days = (deal.due - deal.issued).days
    due = deal.d(deal.due)
    if rng.random() < 0.75:
        text = f"Zahlbar innerhalb von {days} Tagen bis zum {due} ohne Abzug."
        deal.head(due=due)
    else:
        text = f"Zahlbar innerhalb von {days} Tagen ohne Abzug."
    if rng.random() < 0.3:
        skonto = deal.d(deal.issued + timedelta(days=7))
        text += f" Bei Zahlung bis zum {skonto} gewähren wir 2 % Skonto."
    y = sheet.paragraph(left, y, text, 525 - left, size - 0.5)
    if rng.random() < 0.5:
        y = sheet.paragraph(
            left,
            y + 4,
            "Das Leistungsdatum entspricht, sofern nicht anders angegeben, dem Rechnungsdatum.",
            525 - left,
            size - 1,
        )
    sheet.text(left, y + 14, "Mit freundlichen Grüßen", size)

    iban, vat = iban_printed(seller.iban, rng), vat_printed(seller.vat, rng)
    footer_columns(
        sheet, three_columns(rng, seller, iban, vat), sheet.height - 62, size=6.6, x0=left, x1=525
    )
    deal.party("seller", vat=vat, iban=iban, bic=seller.account.bic)
    return deal.document(NAME, "invoice", sheet.pdf(), 1)
