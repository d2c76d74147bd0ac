"""Family ``nl_window_footer``: a Dutch invoice for a NEN window envelope, seller only in the footer.

The buyer block sits top left at the window position with an attention or department line
("t.a.v. administratie", "T.a.v. de heer J. Jansen", "Afdeling inkoop"); the seller appears
only in a one-line footer (name, street, postcode and city, KvK, BTW, IBAN; separators
``|``, ``·``, ``•`` or ``–``); the title carries the number ("Factuur 2026-0012"); invoice
date and due date share one line; the payment sentence names a betalingskenmerk (grouped or
not) or the invoice number, and the IBAN. Sometimes a second page of general terms.
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
    terms_page,
    totals_rows,
)
from boekstuk.synth.families.formats import percent
from boekstuk.synth.families.ids import betalingskenmerk, grouped
from boekstuk.synth.families.lines import format_quantity
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet

NAME = "nl_window_footer"


def attention_line(rng: random.Random, person: str) -> list[str]:
    """One or two attention / department lines for a Dutch address block."""
    first, *rest = person.split()
    short = f"{first[0]}. {' '.join(rest)}"
    choices = [
        ["t.a.v. administratie"],
        ["T.a.v. de crediteurenadministratie"],
        [f"T.a.v. de heer {short}"],
        [f"t.a.v. mevrouw {short}"],
        ["Afdeling inkoop"],
        [f"Ter attentie van {person}"],
        ["Afdeling Financiën", f"T.a.v. {short}"],
        [f"T.a.v. {person}"],
    ]
    return rng.choice(choices)


def make(rng: random.Random) -> FamilyDocument:
    """One invoice of this family."""
    two_rates = rng.random() < 0.25
    rates = (Decimal(21), Decimal(9)) if two_rates else (Decimal(21),)
    deal = make_deal(rng, "nl", seller_country="NL", rates=rates, count=(1, 5))
    seller, buyer = deal.seller, deal.buyer
    sheet = Sheet(A4, rng.choice(BODY_FONTS), rng.uniform(0.95, 1.06))
    size = rng.uniform(9.0, 10.5)

    x, y = 57 + jitter(rng, 10), 140 + jitter(rng, 12)
    after = attention_line(rng, buyer.person)
    address_block(sheet, x, y, buyer, size=size, after_name=after, bold_name=rng.random() < 0.3)
    deal.party("buyer")

    y = 265 + jitter(rng, 10)
    number_shape = rng.choice(("Factuur {n}", "FACTUUR {n}", "Factuur nr. {n}", "Factuur: {n}"))
    title = number_shape.format(n=deal.number)
    sheet.text(x, y, title, rng.uniform(13, 18), bold=True)
    deal.head(number=deal.number)
    y += 24
    date_label, due_label = rng.choice(
        (
            ("Datum", "Betalen vóór"),
            ("Factuurdatum", "Vervaldatum"),
            ("Datum", "Uiterlijk betalen op"),
            ("Datum", "Te betalen vóór"),
        )
    )
    issued, due = deal.d(deal.issued), deal.d(deal.due)
    if rng.random() < 0.5:
        sheet.text(x, y, f"{date_label}: {issued}   {due_label}: {due}", size)
    else:
        end = sheet.text(x, y, f"{date_label}: {issued}", size)
        sheet.text(end + rng.uniform(25, 60), y, f"{due_label}: {due}", size)
    deal.head(issued=issued, due=due)
    if rng.random() < 0.5:
        y += size * 1.4
        sheet.text(
            x,
            y,
            f"{rng.choice(('Klantnummer', 'Debiteurnummer', 'Relatienr.'))}: {deal.customer_no}",
            size,
        )
    if rng.random() < 0.3:
        y += size * 1.4
        printed = vat_printed(buyer.vat, rng)
        sheet.text(x, y, f"Uw btw-nummer: {printed}", size)
        deal.party("buyer", vat=printed)

    y += 34
    euro = rng.random() < 0.3
    cols = [
        Col("Omschrijving", x, 300),
        Col("Aantal", 310, 350, "r"),
        Col(rng.choice(("Prijs", "Tarief", "Stukprijs")), 360, 440, "r"),
    ]
    if two_rates:
        cols.append(Col("Btw", 450, 480, "r"))
    cols.append(Col("Bedrag", 490 if two_rates else 460, 540, "r"))
    rows = []
    for line in deal.lines:
        row = [
            line.description,
            format_quantity(line.quantity, "nl"),
            deal.m(line.unit_price) if euro else deal.n(line.unit_price),
        ]
        if two_rates:
            row.append(percent(line.rate, "nl"))
        row.append(deal.m(line.amount) if euro else deal.n(line.amount))
        rows.append(row)
    style = TableStyle(
        size=size - 0.5,
        leading=size * 1.45,
        rules=rng.choice(("header", "rows", "none")),
        header_fill=(0.92, 0.92, 0.92) if rng.random() < 0.3 else None,
    )
    y = draw_table(sheet, cols, rows, y, style)

    t = deal.totals()
    vat_label = rng.choice(("btw {p}", "BTW {p}", "{p} btw"))
    total_label = rng.choice(("Totaal", "Totaal incl. btw", "Te betalen", "Totaalbedrag"))
    summary = [(rng.choice(("Subtotaal", "Totaal excl. btw")), deal.m(t.net))]
    for rate in sorted(t.tax_by_rate, reverse=True):
        summary.append((vat_label.format(p=percent(rate, "nl")), deal.m(t.tax_by_rate[rate])))
    summary.append((total_label, deal.m(t.gross)))
    y = totals_rows(sheet, summary, 340, 540, y + 14, size=size)
    deal.amounts(net=t.net, tax=t.tax, total=t.gross)

    y += 20
    iban = iban_printed(seller.iban, rng)
    kenmerk = betalingskenmerk(rng)
    ref_kind = rng.choice(("kenmerk", "kenmerk", "kenmerk", "number"))
    shown = grouped(kenmerk) if rng.random() < 0.6 else kenmerk
    reference = (
        f"betalingskenmerk {shown}" if ref_kind == "kenmerk" else f"factuurnummer {deal.number}"
    )
    sentence = rng.choice(
        (
            "Betalen o.v.v. {ref} op {iban}.",
            "Wij verzoeken u vriendelijk het totaalbedrag vóór {due} over te maken op {iban} "
            "t.n.v. {name} o.v.v. {ref}.",
            "Graag binnen {days} dagen betalen op rekening {iban} onder vermelding van {ref}.",
        )
    ).format(
        ref=reference, iban=iban, due=due, name=seller.name, days=(deal.due - deal.issued).days
    )
    sheet.paragraph(x, y, sentence, 470, size - 0.5)
    if ref_kind == "kenmerk":
        deal.reference_fact(kenmerk, shown)

    sep = rng.choice((" | ", " · ", " • ", " – ", "  |  "))
    coc = f"KvK {seller.coc}"
    vat = f"{rng.choice(('BTW', 'Btw', 'BTW-nr.', 'btw'))} {vat_printed(seller.vat, rng)}"
    parts = [seller.name, seller.street, seller.city_line, coc, vat, f"IBAN {iban}"]
    bic = ""
    if rng.random() < 0.35:
        bic = seller.account.bic
        parts.append(f"BIC {bic}")
    if rng.random() < 0.3:
        parts.insert(3, f"T {seller.phone}")
    footer_line(
        sheet, parts, sheet.height - rng.uniform(28, 42), sep=sep, size=rng.uniform(6.5, 7.5)
    )
    deal.party("seller", vat=vat.split(" ", 1)[1], iban=iban, bic=bic or None, coc=seller.coc)
    pages = 1
    if rng.random() < 0.15:
        sheet.new_page()
        terms_page(sheet, "nl")
        footer_line(sheet, parts, sheet.height - 35, sep=sep, size=6.5)
        pages = 2
    return deal.document(NAME, "invoice", sheet.pdf(), pages)
