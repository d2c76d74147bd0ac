"""Family ``erp_grid``: an ERP / SAP-style invoice built from ruled grid cells (de, nl, en).

The header meta is a row of label cells with the values in the row below (Belegnummer |
Datum | Kundennummer | Seite, or the Dutch and English equivalents), the positions table is a
full grid (Pos. | Artikel | Bezeichnung | Menge | ME | Einzelpreis | Gesamt), and the totals are
a horizontal grid (net | rate | VAT | total). English documents are cross-border with the
VAT reverse-charged (0.00) and the customer's VAT number printed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
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
)
from boekstuk.synth.families.formats import percent
from boekstuk.synth.families.lines import format_quantity
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, Sheet

NAME = "erp_grid"
_WORDS: dict[str, dict[str, Any]] = {
    "de": {
        "title": "RECHNUNG",
        "head": ("Belegnummer", "Belegdatum", "Kundennummer", "Seite"),
        "cols": ("Pos.", "Artikel", "Bezeichnung", "Menge", "ME", "Einzelpreis", "Gesamt"),
        "sum": ("Nettowert", "MwSt.-Satz", "MwSt.-Betrag", "Rechnungsbetrag"),
        "due": "Fälligkeit",
        "terms": "Zahlungsbedingung",
        "vat": "USt-IdNr.",
        "their_vat": "Ihre USt-IdNr.",
    },
    "nl": {
        "title": "FACTUUR",
        "head": ("Factuurnummer", "Factuurdatum", "Debiteurnummer", "Pagina"),
        "cols": ("Pos.", "Artikel", "Omschrijving", "Aantal", "Eenh.", "Prijs", "Totaal"),
        "sum": ("Netto", "Btw %", "Btw-bedrag", "Totaal"),
        "due": "Vervaldatum",
        "terms": "Betalingsconditie",
        "vat": "BTW-nr.",
        "their_vat": "Uw btw-nr.",
    },
    "en": {
        "title": "INVOICE",
        "head": ("Document no.", "Date", "Customer no.", "Page"),
        "cols": ("Pos.", "Item no.", "Description", "Qty", "UoM", "Unit price", "Amount"),
        "sum": ("Net value", "VAT %", "VAT amount", "Total amount"),
        "due": "Due date",
        "terms": "Payment terms",
        "vat": "VAT ID",
        "their_vat": "Your VAT ID",
    },
}


def grid_row(
    sheet: Sheet,
    x0: float,
    x1: float,
    y: float,
    labels: Sequence[str],
    values: Sequence[str],
    size: float,
    *,
    right: bool = False,
) -> float:
    """A two-row grid: label cells above their values; returns the y below."""
    step = (x1 - x0) / len(labels)
    height = size * 1.7
    sheet.box(x0, y, x1, y + 2 * height, stroke=(0, 0, 0), width=0.6)
    sheet.hline(x0, x1, y + height, 0.4)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        cx = x0 + i * step
        if i:
            sheet.line(cx, y, cx, y + 2 * height, 0.4)
        sheet.text(cx + 3, y + height - size * 0.5, label, size - 1.5)
        if right:
            sheet.right(
                cx + step - 3, y + 2 * height - size * 0.5, value, size, bold=i == len(labels) - 1
            )
        else:
            sheet.text(cx + 3, y + 2 * height - size * 0.5, value, size)
    return y + 2 * height


def make(rng: random.Random) -> FamilyDocument:
    """One invoice of this family."""
    lang = rng.choice(("de", "nl", "en"))
    words = _WORDS[lang]
    if lang == "en":
        home = rng.choice(("NL", "DE"))
        deal = make_deal(
            rng,
            "en",
            seller_country=home,
            buyer_country=rng.choice(("GB", "IE", "FR", "BE")),
            rates=(Decimal(0),),
            count=(2, 8),
        )
    else:
        rate = Decimal(19) if lang == "de" else Decimal(21)
        deal = make_deal(
            rng, lang, seller_country="DE" if lang == "de" else "NL", rates=(rate,), count=(2, 8)
        )
    seller, buyer = deal.seller, deal.buyer
    sheet = Sheet(A4, rng.choice(("Courier", "Helvetica", "Courier")), rng.uniform(0.95, 1.03))
    size = rng.uniform(8.5, 9.5)
    left, x1 = 40 + jitter(rng, 4), 555

    sheet.text(left, 50, seller.name, rng.uniform(12, 16), bold=True)
    sheet.text(left, 64, f"{seller.street} · {seller.city_line}", size - 1.5)
    sheet.box(400, 38, x1, 62, stroke=(0, 0, 0), width=0.8)
    sheet.centre((400 + x1) / 2, 55, words["title"], 13, bold=True)
    address_block(sheet, left, 130 + jitter(rng, 4), buyer, size=size)
    deal.party("buyer")

    issued = deal.d(deal.issued)
    pages_text = rng.choice(("1", "1/1", "1 / 1"))
    y = grid_row(
        sheet,
        left,
        x1,
        215,
        words["head"],
        (deal.number, issued, deal.customer_no, pages_text),
        size,
    )
    deal.head(number=deal.number, issued=issued)
    due = deal.d(deal.due)
    labels, values = (
        [words["due"], words["terms"]],
        [
            due,
            f"{(deal.due - deal.issued).days} {'Tage netto' if lang == 'de' else 'dagen netto' if lang == 'nl' else 'days net'}",
        ],
    )
    if lang == "en" or rng.random() < 0.3:
        their = vat_printed(buyer.vat, rng)
        labels.append(words["their_vat"])
        values.append(their)
        deal.party("buyer", vat=their)
    y = grid_row(sheet, left, x1, y + 6, labels, values, size)
    deal.head(due=due)

    c = words["cols"]
    cols = [
        Col(c[0], left + 3, left + 25),
        Col(c[1], left + 32, left + 80),
        Col(c[2], left + 86, 330),
        Col(c[3], 335, 372, "r"),
        Col(c[4], 378, 405),
        Col(c[5], 410, 475, "r"),
        Col(c[6], 480, x1 - 3, "r"),
    ]
    rows = [
        [
            f"{10 * i:03d}" if rng.random() < 0.5 else str(i),
            line.sku,
            line.description,
            format_quantity(line.quantity, lang),
            line.unit,
            deal.n(line.unit_price),
            deal.n(line.amount),
        ]
        for i, line in enumerate(deal.lines, 1)
    ]
    y = draw_table(
        sheet,
        cols,
        rows,
        y + 24,
        TableStyle(
            size=size - 0.5, leading=size * 1.6, rules="grid", header_fill=(0.88, 0.88, 0.88)
        ),
    )

    t = deal.totals()
    rate = next(iter(t.tax_by_rate))
    totals = (deal.n(t.net), percent(rate, lang), deal.n(t.tax), deal.m(t.gross))
    y = grid_row(sheet, 250, x1, y + 10, words["sum"], totals, size, right=True)
    deal.amounts(net=t.net, tax=t.tax, total=t.gross)
    if lang == "en":
        y = sheet.paragraph(
            left,
            y + 18,
            "Reverse charge: VAT to be accounted for by the recipient (Art. 196 Directive 2006/112/EC).",
            x1 - left,
            size - 1,
        )

    iban, vat = iban_printed(seller.iban, rng), vat_printed(seller.vat, rng)
    parts = [seller.name, f"{words['vat']} {vat}", f"IBAN {iban}", f"BIC {seller.account.bic}"]
    if seller.country == "NL":
        parts.insert(1, f"KvK {seller.coc}")
    else:
        parts.insert(1, f"{seller.coc}")
    footer_line(sheet, parts, sheet.height - 36, sep="  ", size=7)
    deal.party(
        "seller",
        vat=vat,
        iban=iban,
        bic=seller.account.bic,
        coc=seller.coc if seller.country == "NL" else None,
    )
    return deal.document(NAME, "invoice", sheet.pdf(), 1)
