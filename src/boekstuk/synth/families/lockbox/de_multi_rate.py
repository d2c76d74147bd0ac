"""Lockbox family ``de_multi_rate``: a German or Austrian invoice with a VAT summary table.

Lines at two rates (19 % / 7 % in Germany, 20 % / 10 % in Austria) marked with a tax code or a
rate column, then a summary table with one row per rate (Netto | USt-Satz | USt | Brutto, in
varying order, sometimes with a sum row), the per-rate gross often larger than some line
items, a grand total "Rechnungsbetrag" / "Gesamtbetrag" / "Endbetrag", and sometimes "abzgl.
Anzahlung vom …" followed by "Zahlbetrag" / "Restbetrag" (the amount due).
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
    footer_line,
    jitter,
    label_rows,
)
from boekstuk.synth.families.formats import percent
from boekstuk.synth.families.lines import cents, format_quantity
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet

NAME = "de_multi_rate"


def make(rng: random.Random) -> FamilyDocument:
    """One invoice of this family."""
    austria = rng.random() < 0.35
    country = "AT" if austria else "DE"
    high, low = (
        (Decimal(20), Decimal(rng.choice((10, 13)))) if austria else (Decimal(19), Decimal(7))
    )
    deal = make_deal(
        rng, "de", seller_country=country, rates=(high, low), count=(3, 10), days=(14, 14, 30)
    )
    seller, buyer = deal.seller, deal.buyer
    sheet = Sheet(A4, rng.choice(BODY_FONTS), rng.uniform(0.95, 1.04))
    size = rng.uniform(8.3, 9.5)
    left, x1 = 45 + jitter(rng, 4), 550

    band = rng.random() < 0.5
    if band:
        sheet.box(0, 0, sheet.width, 78, fill=(0.18, 0.28, 0.4), stroke=None)
        sheet.text(left, 45, seller.name, rng.uniform(16, 21), bold=True, colour=(1, 1, 1))
        sheet.text(
            left,
            62,
            f"{seller.street}, {seller.city_line} · {seller.phone}",
            size - 1,
            colour=(1, 1, 1),
        )
    else:
        sheet.text(left, 50, seller.name, rng.uniform(15, 20), bold=True)
        sheet.text(left, 66, f"{seller.street}, {seller.city_line} · {seller.phone}", size - 1)
    address_block(
        sheet,
        left,
        135 + jitter(rng, 5),
        buyer,
        size=size + 0.5,
        after_name=["Buchhaltung"] if rng.random() < 0.3 else (),
    )
    deal.party("buyer")

    issued = deal.d(deal.issued)
    slip = f"LS-{rng.randint(100000, 999999)}"
    meta = [
        (rng.choice(("Rechnung Nr.", "Rechnungsnummer", "Beleg-Nr.")), deal.number),
        (rng.choice(("Datum", "Rechnungsdatum")), issued),
        (rng.choice(("Kunde", "Kunden-Nr.")), deal.customer_no),
        ("Lieferschein", slip),
    ]
    label_rows(sheet, 360, 135, meta, size=size, gap=85)
    deal.head(number=deal.number, issued=issued)
    sheet.text(left, 235, rng.choice(("Rechnung", "RECHNUNG")), 17, bold=True)

    codes = rng.random() < 0.5  # a tax code per line (A = high, B = low) instead of the rate
    code_of = {high: "A", low: "B"}
    cols = [
        Col("Pos", left, left + 20),
        Col("Art.-Nr.", left + 26, left + 70),
        Col("Bezeichnung", left + 76, 320),
        Col("Menge", 325, 360, "r"),
        Col("Preis", 365, 425, "r"),
        Col("St" if codes else "USt", 430, 455, "c"),
        Col("Betrag", 460, x1, "r"),
    ]
    rows = [
        [
            str(i),
            line.sku,
            line.description,
            format_quantity(line.quantity, "de"),
            deal.n(line.unit_price),
            code_of[line.rate] if codes else percent(line.rate, "de", space=False),
            deal.n(line.amount),
        ]
        for i, line in enumerate(deal.lines, 1)
    ]
    y = draw_table(
        sheet,
        cols,
        rows,
        265,
        TableStyle(size=size - 0.4, leading=size * 1.5, rules=rng.choice(("header", "rows"))),
    )

    t = deal.totals()
    order = rng.choice(
        (
            ("rate", "net", "tax", "gross"),
            ("net", "rate", "tax", "gross"),
            ("rate", "net", "tax", "gross"),
        )
    )
    titles = {
        "rate": rng.choice(("USt-Satz", "MwSt.-Satz", "Steuersatz")),
        "net": rng.choice(("Netto", "Nettobetrag", "Warenwert")),
        "tax": rng.choice(("USt", "MwSt.", "Steuer")),
        "gross": rng.choice(("Brutto", "Bruttobetrag")),
    }
    scols = [
        Col(titles[k], 250 + 76 * i, 250 + 76 * i + 70, "l" if k == "rate" else "r")
        for i, k in enumerate(order)
    ]
    srows = []
    for rate in sorted(t.net_by_rate, reverse=True):
        tag = f"{code_of[rate]} = {percent(rate, 'de')}" if codes else percent(rate, "de")
        values = {
            "rate": tag,
            "net": deal.n(t.net_by_rate[rate]),
            "tax": deal.n(t.tax_by_rate[rate]),
            "gross": deal.n(t.net_by_rate[rate] + t.tax_by_rate[rate]),
        }
        srows.append([values[k] for k in order])
    if rng.random() < 0.5:
        total_row = {
            "rate": "Summe",
            "net": deal.n(t.net),
            "tax": deal.n(t.tax),
            "gross": deal.n(t.gross),
        }
        srows.append([total_row[k] for k in order])
        deal.amounts(net=t.net, tax=t.tax)
    else:
        y_sub = y + 10
        sheet.text(
            left, y_sub, f"Warenwert netto {deal.m(t.net)}   USt gesamt {deal.m(t.tax)}", size - 0.5
        )
        deal.amounts(
            net=t.net, tax=t.tax, printed={"net_amount": deal.m(t.net), "tax_amount": deal.m(t.tax)}
        )
    y = draw_table(
        sheet,
        scols,
        srows,
        y + 32,
        TableStyle(
            size=size - 0.5, leading=size * 1.45, rules="grid", header_fill=(0.92, 0.92, 0.92)
        ),
    )

    y += 12
    label = rng.choice(("Rechnungsbetrag", "Gesamtbetrag", "Endbetrag"))
    sheet.text(330, y, label, size + 1.5, bold=True)
    sheet.right(x1, y, deal.m(t.gross), size + 1.5, bold=True)
    deal.amounts(total=t.gross, printed={"total_amount": deal.m(t.gross)})
    if rng.random() < 0.4:
        paid = cents(t.gross * Decimal(rng.choice((20, 25, 30, 40, 50))) / 100)
        when = deal.d(deal.issued - timedelta(days=rng.randint(10, 60)))
        y += size * 1.7
        sheet.text(330, y, f"abzgl. Anzahlung vom {when}", size)
        sheet.right(x1, y, f"-{deal.n(paid)}", size)
        y += size * 1.7
        sheet.hline(330, x1, y - size - 3, 0.6)
        sheet.text(
            330, y, rng.choice(("Zahlbetrag", "Restbetrag", "Noch zu zahlen")), size + 1, bold=True
        )
        sheet.right(x1, y, deal.m(t.gross - paid), size + 1, bold=True)
        deal.amounts(due=t.gross - paid, printed={"amount_due": deal.m(t.gross - paid)})
    due = deal.d(deal.due)
    y += 26
    sheet.text(
        left, y, f"Zahlungsziel: {(deal.due - deal.issued).days} Tage, fällig am {due}", size
    )
    deal.head(due=due)

    iban, vat = iban_printed(seller.iban, rng), vat_printed(seller.vat, rng)
    reg = f"Firmenbuch {seller.coc}" if austria else f"Amtsgericht {seller.city} {seller.coc}"
    footer_line(
        sheet,
        [
            seller.name,
            f"{'UID-Nr.' if austria else 'USt-IdNr.'} {vat}",
            reg,
            f"{seller.account.bank} IBAN {iban} BIC {seller.account.bic}",
        ],
        sheet.height - 36,
        sep=" · ",
        size=7,
    )
    deal.party("seller", vat=vat, iban=iban, bic=seller.account.bic)
    return deal.document(NAME, "invoice", sheet.pdf(), 1)
