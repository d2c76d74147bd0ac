"""Family ``nl_sidebar``: a Dutch invoice with the seller stacked in a coloured left column.

A filled sidebar down the left edge holds the seller: name, address, then labelled KvK, BTW,
IBAN, BIC, phone and e-mail (light text on a dark colour, or dark text on a pale one). The
content sits to the right: "Factuur aan" with the buyer, the meta rows, the lines table and
the totals.
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
    jitter,
    label_rows,
    totals_rows,
)
from boekstuk.synth.families.formats import percent
from boekstuk.synth.families.lines import format_quantity
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet

NAME = "nl_sidebar"
_DARK = ((0.12, 0.25, 0.45), (0.15, 0.35, 0.3), (0.3, 0.3, 0.32), (0.45, 0.12, 0.2))
_PALE = ((0.9, 0.94, 0.98), (0.93, 0.96, 0.92), (0.95, 0.93, 0.88))


def make(rng: random.Random) -> FamilyDocument:
    """One invoice of this family."""
    rates = (Decimal(21), Decimal(9)) if rng.random() < 0.3 else (Decimal(21),)
    deal = make_deal(rng, "nl", seller_country="NL", rates=rates, count=(1, 6))
    seller, buyer = deal.seller, deal.buyer
    sheet = Sheet(A4, rng.choice(BODY_FONTS), rng.uniform(0.95, 1.05))
    size = rng.uniform(8.8, 10.0)
    width = rng.uniform(150, 175)
    dark = rng.random() < 0.6
    fill = rng.choice(_DARK if dark else _PALE)
    ink = (1.0, 1.0, 1.0) if dark else (0.1, 0.1, 0.1)
    sheet.box(0, 0, width, sheet.height, fill=fill, stroke=None)

    sx = 18 + jitter(rng, 3)
    y = 70 + jitter(rng, 10)
    for part in sheet.wrap(seller.name, width - 30, 13, bold=True):
        sheet.text(sx, y, part, 13, bold=True, colour=ink)
        y += 16
    y += 6
    for line in seller.lines:
        sheet.text(sx, y, line, size - 1, colour=ink)
        y += size * 1.3
    y += 14
    iban, vat = iban_printed(seller.iban, rng), vat_printed(seller.vat, rng)
    stacked = [
        (rng.choice(("KvK", "KvK-nummer", "Kamer van Koophandel")), seller.coc),
        (rng.choice(("BTW", "Btw-nummer", "BTW-id")), vat),
        ("IBAN", iban),
        ("BIC", seller.account.bic),
        (rng.choice(("Telefoon", "T")), seller.phone),
        (rng.choice(("E-mail", "E")), seller.email),
    ]
    two_line = rng.random() < 0.6  # label above value: the column is narrow
    for label, value in stacked:
        if two_line:
            sheet.text(sx, y, label, size - 2, bold=True, colour=ink)
            sheet.text(sx, y + size, value, size - 1.5, colour=ink)
            y += size * 2.4
        else:
            sheet.text(sx, y, f"{label}: {value}", size - 2.3, colour=ink)
            y += size * 1.35
    deal.party("seller", vat=vat, iban=iban, bic=seller.account.bic, coc=seller.coc)

    x = width + 35 + jitter(rng, 5)
    x1 = 555
    sheet.text(x, 70, rng.choice(("Factuur", "FACTUUR")), rng.uniform(20, 28), bold=True)
    y = 120 + jitter(rng, 6)
    sheet.text(
        x,
        y,
        rng.choice(("Factuur aan", "Factuur aan:", "FACTUUR AAN", "Gefactureerd aan")),
        size - 0.5,
        bold=True,
    )
    address_block(sheet, x, y + size * 1.5, buyer, size=size)
    deal.party("buyer")
    issued, due = deal.d(deal.issued), deal.d(deal.due)
    meta = [
        ("Factuurnummer", deal.number),
        ("Factuurdatum", issued),
        (rng.choice(("Vervaldatum", "Betaaltermijn tot")), due),
    ]
    if rng.random() < 0.5:
        meta.append(("Klantnummer", deal.customer_no))
    label_rows(sheet, x1 - 170, y, meta, size=size - 0.5, right_edge=x1, colon="")
    deal.head(number=deal.number, issued=issued, due=due)

    y = 240 + jitter(rng, 8)
    cols = [
        Col("Omschrijving", x, x + 165),
        Col("Aantal", x + 170, x + 205, "r"),
        Col("Prijs", x + 210, x + 265, "r"),
        Col("Btw", x + 270, x + 300, "r"),
        Col("Totaal", x + 305, x1, "r"),
    ]
    rows = [
        [
            line.description,
            format_quantity(line.quantity, "nl"),
            deal.n(line.unit_price),
            percent(line.rate, "nl"),
            deal.n(line.amount),
        ]
        for line in deal.lines
    ]
    y = draw_table(
        sheet,
        cols,
        rows,
        y,
        TableStyle(
            size=size - 0.8,
            leading=size * 1.55,
            rules="rows",
            header_colour=fill if dark else (0, 0, 0),
        ),
    )

    t = deal.totals()
    summary = [("Subtotaal", deal.m(t.net))]
    for rate in sorted(t.tax_by_rate, reverse=True):
        summary.append((f"Btw {percent(rate, 'nl')}", deal.m(t.tax_by_rate[rate])))
    summary.append(
        (rng.choice(("Totaal", "Totaal te betalen", "Totaal incl. btw")), deal.m(t.gross))
    )
    y = totals_rows(sheet, summary, x1 - 190, x1, y + 14, size=size)
    deal.amounts(net=t.net, tax=t.tax, total=t.gross)
    sheet.paragraph(
        x,
        y + 24,
        f"Gelieve het totaalbedrag vóór {due} over te maken op {iban} o.v.v. {deal.number}.",
        x1 - x,
        size - 0.8,
    )
    return deal.document(NAME, "invoice", sheet.pdf(), 1)
