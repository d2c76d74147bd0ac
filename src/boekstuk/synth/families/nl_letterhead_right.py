"""Family ``nl_letterhead_right``: a Dutch invoice with the seller's letterhead top right.

A large seller name with address and contact lines prefixed by one letter (``T``, ``E``,
``W``) or a dingbat glyph, the buyer in the window on the left, a meta block (Factuurnummer,
Factuurdatum, Vervaldatum, Klantnummer, Uw referentie), lines at 21 % and 9 % VAT with one
summary row per rate ("BTW 9% over € 120,00"), "Totaal te betalen", and KvK / BTW / IBAN in
the letterhead or in a footer row.
"""

from __future__ import annotations

import random
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
    totals_rows,
)
from boekstuk.synth.families.formats import percent
from boekstuk.synth.families.lines import format_quantity
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.nl_window_footer import attention_line
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet

NAME = "nl_letterhead_right"
_GLYPHS = {"phone": "%", "mail": ")", "web": "w"}  # ZapfDingbats: ☎, ✉, a star-like sign


def _contact(
    sheet: Sheet, x1: float, y: float, kind: str, value: str, style: str, size: float
) -> None:
    """A right-aligned contact line with its one-letter or glyph prefix."""
    if style == "glyph":
        x0 = sheet.right(x1, y, value, size)
        sheet.text(x0 - size * 1.4, y, _GLYPHS[kind], size * 0.9, family="Dingbats")
    else:
        letter = {"phone": "T", "mail": "E", "web": "W"}[kind]
        sheet.right(x1, y, f"{letter}{':' if style == 'colon' else ''} {value}", size)


def make(rng: random.Random) -> FamilyDocument:
    """One invoice of this family."""
    rates = (Decimal(21), Decimal(9))
    deal = make_deal(rng, "nl", seller_country="NL", rates=rates, count=(2, 6))
    seller, buyer = deal.seller, deal.buyer
    sheet = Sheet(A4, rng.choice(BODY_FONTS), rng.uniform(0.95, 1.05))
    size = rng.uniform(8.8, 10.0)
    x1 = 545 + jitter(rng, 5)

    y = 52 + jitter(rng, 6)
    sheet.right(x1, y, seller.name, rng.uniform(15, 22), bold=True)
    y += 20
    for line in seller.lines:
        sheet.right(x1, y, line, size - 0.5)
        y += size * 1.3
    y += 4
    style = rng.choice(("letter", "colon", "glyph"))
    for kind, value in (("phone", seller.phone), ("mail", seller.email), ("web", seller.web)):
        if kind == "web" and rng.random() < 0.3:
            continue
        _contact(sheet, x1, y, kind, value, style, size - 0.8)
        y += size * 1.25
    iban = iban_printed(seller.iban, rng)
    vat = vat_printed(seller.vat, rng)
    ids = [
        (rng.choice(("KvK", "KvK-nr.", "K.v.K.")), seller.coc),
        (rng.choice(("BTW", "Btw-nr.", "BTW-id")), vat),
        ("IBAN", iban),
    ]
    in_head = rng.random() < 0.5
    if in_head:
        y += 4
        for label, value in ids:
            sheet.right(x1, y, f"{label} {value}", size - 1)
            y += size * 1.2
    else:
        footer_line(
            sheet,
            [f"{a} {b}" for a, b in ids],
            sheet.height - 36,
            sep=rng.choice(("   ", " | ", " - ")),
            size=7.5,
        )
    deal.party("seller", vat=vat, iban=iban, coc=seller.coc)

    x = 57 + jitter(rng, 8)
    y = 150 + jitter(rng, 8)
    after = attention_line(rng, buyer.person) if rng.random() < 0.6 else []
    address_block(sheet, x, y, buyer, size=size, after_name=after)
    deal.party("buyer")

    y = 255 + jitter(rng, 8)
    sheet.text(x, y, rng.choice(("Factuur", "FACTUUR", "Factuur")), rng.uniform(16, 22), bold=True)
    y += 28
    issued, due = deal.d(deal.issued), deal.d(deal.due)
    rows = [
        (rng.choice(("Factuurnummer", "Factuurnr.")), deal.number),
        ("Factuurdatum", issued),
        (rng.choice(("Vervaldatum", "Uiterste betaaldatum")), due),
        (rng.choice(("Klantnummer", "Debiteurnr.")), deal.customer_no),
    ]
    if rng.random() < 0.6:
        rows.append((rng.choice(("Uw referentie", "Uw kenmerk")), deal.reference))
    meta_right = rng.random() < 0.4
    y_meta = label_rows(
        sheet,
        340 if meta_right else x,
        150 + jitter(rng, 4) if meta_right else y,
        rows,
        size=size - 0.3,
        gap=95,
    )
    deal.head(number=deal.number, issued=issued, due=due)
    y = max(y if meta_right else y_meta, 255) + 24

    cols = [
        Col(rng.choice(("Omschrijving", "Artikel")), x, 290),
        Col("Aantal", 295, 335, "r"),
        Col(rng.choice(("Prijs", "Stukprijs")), 345, 410, "r"),
        Col(rng.choice(("Btw", "BTW")), 420, 455, "r"),
        Col("Bedrag", 465, x1, "r"),
    ]
    rows_out = [
        [
            line.description,
            format_quantity(line.quantity, "nl"),
            deal.n(line.unit_price),
            percent(line.rate, "nl"),
            deal.n(line.amount),
        ]
        for line in deal.lines
    ]
    tstyle = TableStyle(
        size=size - 0.6,
        leading=size * 1.5,
        rules=rng.choice(("header", "rows")),
        zebra=(0.95, 0.95, 0.95) if rng.random() < 0.3 else None,
    )
    y = draw_table(sheet, cols, rows_out, y, tstyle)

    t = deal.totals()
    summary = [("Subtotaal", deal.m(t.net))]
    over = rng.random() < 0.7
    for rate in sorted(t.tax_by_rate):
        label = f"BTW {percent(rate, 'nl')}" + (
            f" over {deal.m(t.net_by_rate[rate])}" if over else ""
        )
        summary.append((label, deal.m(t.tax_by_rate[rate])))
    summary.append(
        (rng.choice(("Totaal te betalen", "Totaal", "Totaal incl. BTW")), deal.m(t.gross))
    )
    y = totals_rows(sheet, summary, 320, x1, y + 14, size=size)
    deal.amounts(net=t.net, tax=t.tax, total=t.gross)

    y += 24
    text = rng.choice(
        (
            f"Wij verzoeken u het totaalbedrag binnen {(deal.due - deal.issued).days} dagen over te maken "
            f"op {iban} onder vermelding van het factuurnummer.",
            "Betaling graag vóór de vervaldatum onder vermelding van factuur- en klantnummer.",
        )
    )
    sheet.paragraph(x, y, text, x1 - x, size - 0.5)
    return deal.document(NAME, "invoice", sheet.pdf(), 1)
