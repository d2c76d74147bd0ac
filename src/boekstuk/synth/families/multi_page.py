"""Family ``multi_page``: a long invoice over two or three pages (nl, de, en, fr).

Many line items continue on the next page under a repeated page header and table header
("Pagina 2 van 2", "Seite 2 von 2", "Page 2 of 2", "Page 2 / 2"); sometimes a carry-over row
at the foot of a page and the head of the next ("Transport", "Übertrag", "Carried forward" /
"Brought forward", "À reporter" / "Report") with the running sum; the totals stand on the last
page only.
"""

from __future__ import annotations

import math
import random
from decimal import Decimal
from typing import Any

from boekstuk.synth.families.deal import iban_printed, make_deal, vat_printed
from boekstuk.synth.families.draw import (
    Col,
    address_block,
    footer_line,
    jitter,
    label_rows,
    totals_rows,
)
from boekstuk.synth.families.formats import percent
from boekstuk.synth.families.lines import format_quantity
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet

NAME = "multi_page"
_COUNTRY = {"nl": "NL", "de": "DE", "en": "GB", "fr": "FR"}
_RATE = {"nl": Decimal(21), "de": Decimal(19), "en": Decimal(20), "fr": Decimal(20)}
_W: dict[str, dict[str, Any]] = {
    "nl": {
        "title": "Factuur",
        "page": "Pagina {i} van {n}",
        "out": "Transport",
        "in": "Transport",
        "cols": ("Art.nr.", "Omschrijving", "Aantal", "Prijs", "Bedrag"),
        "meta": ("Factuurnummer", "Factuurdatum", "Vervaldatum"),
        "sum": ("Subtotaal", "BTW {p}", "Totaal"),
    },
    "de": {
        "title": "Rechnung",
        "page": "Seite {i} von {n}",
        "out": "Übertrag",
        "in": "Übertrag",
        "cols": ("Art.-Nr.", "Bezeichnung", "Menge", "Einzelpreis", "Gesamt"),
        "meta": ("Rechnungsnummer", "Rechnungsdatum", "Fällig am"),
        "sum": ("Nettobetrag", "zzgl. {p} MwSt.", "Rechnungsbetrag"),
    },
    "en": {
        "title": "Invoice",
        "page": "Page {i} of {n}",
        "out": "Carried forward",
        "in": "Brought forward",
        "cols": ("Item", "Description", "Qty", "Unit price", "Amount"),
        "meta": ("Invoice number", "Invoice date", "Due date"),
        "sum": ("Subtotal", "VAT {p}", "Total due"),
    },
    "fr": {
        "title": "Facture",
        "page": "Page {i} / {n}",
        "out": "À reporter",
        "in": "Report",
        "cols": ("Réf.", "Désignation", "Qté", "PU HT", "Montant HT"),
        "meta": ("N° de facture", "Date de facture", "Échéance"),
        "sum": ("Total HT", "TVA {p}", "Total TTC"),
    },
}


def make(rng: random.Random) -> FamilyDocument:
    """One invoice of this family."""
    lang = rng.choice(("nl", "de", "en", "fr"))
    w = _W[lang]
    pages = 3 if rng.random() < 0.25 else 2
    leading = rng.uniform(12.5, 14.0)
    first_top, next_top, bottom = 330.0, 130.0, 760.0
    cap1 = int((bottom - first_top) // leading) - 1
    cap2 = int((bottom - next_top) // leading) - 1
    room = 8  # rows' worth of space the totals need on the last page
    count = rng.randint(cap1 + (pages - 2) * cap2 + 3, cap1 + (pages - 1) * cap2 - room)
    deal = make_deal(
        rng,
        lang,
        seller_country=_COUNTRY[lang],
        currency="GBP" if lang == "en" else "EUR",
        rates=(_RATE[lang],),
        count=(count, count),
    )
    seller, buyer = deal.seller, deal.buyer
    n_pages = 1 + math.ceil((count - cap1) / cap2)
    carry = rng.random() < 0.6
    sheet = Sheet(A4, rng.choice(BODY_FONTS), 1.0)
    size = rng.uniform(8.0, 9.0)
    left, x1 = 50 + jitter(rng, 4), 548
    issued, due = deal.d(deal.issued), deal.d(deal.due)
    cols = [
        Col(w["cols"][0], left, left + 45),
        Col(w["cols"][1], left + 52, 330),
        Col(w["cols"][2], 335, 375, "r"),
        Col(w["cols"][3], 380, 455, "r"),
        Col(w["cols"][4], 460, x1, "r"),
    ]

    def page_head(number: int) -> float:
        sheet.text(left, 50, seller.name, 13 if number == 1 else 10, bold=True)
        sheet.right(x1, 50, w["page"].format(i=number, n=n_pages), size)
        if number > 1:
            sheet.text(left, 68, f"{w['title']} {deal.number} – {issued}", size)
        return 0.0

    def table_head(y: float) -> float:
        sheet.hline(left - 3, x1 + 3, y - size - 3, 0.6)
        for col in cols:
            sheet.cell(col.x0, col.x1, y, col.title, col.align, size, bold=True)
        sheet.hline(left - 3, x1 + 3, y + 4, 0.6)
        return y + leading + 2

    page_head(1)
    address_block(sheet, left, 75, seller, size=size, name_lines=[])
    address_block(sheet, left, 150, buyer, size=size + 0.5)
    deal.party("buyer")
    label_rows(
        sheet,
        340,
        150,
        list(zip(w["meta"], (deal.number, issued, due), strict=True)),
        size=size,
        gap=90,
    )
    deal.head(number=deal.number, issued=issued, due=due)
    sheet.text(left, 290, w["title"].upper(), 16, bold=True)

    y = table_head(first_top)
    running = Decimal(0)
    on_page, page = 0, 1
    for line in deal.lines:
        if on_page == (cap1 if page == 1 else cap2):
            if carry:
                sheet.hline(380, x1 + 3, y - leading + 3, 0.4)
                sheet.text(cols[1].x0, y, w["out"], size, bold=True)
                sheet.right(x1, y, deal.n(running), size, bold=True)
            sheet.new_page()
            page += 1
            on_page = 0
            page_head(page)
            y = table_head(next_top)
            if carry:
                sheet.text(cols[1].x0, y, w["in"], size, bold=True)
                sheet.right(x1, y, deal.n(running), size, bold=True)
                y += leading
        cells = [
            line.sku,
            line.description,
            format_quantity(line.quantity, lang),
            deal.n(line.unit_price),
            deal.n(line.amount),
        ]
        for col, cell in zip(cols, cells, strict=True):
            sheet.cell(col.x0, col.x1, y, cell, col.align, size)
        running += line.amount
        y += leading
        on_page += 1

    t = deal.totals()
    rows = [
        (w["sum"][0], deal.m(t.net)),
        (w["sum"][1].format(p=percent(_RATE[lang], lang)), deal.m(t.tax)),
        (w["sum"][2], deal.m(t.gross)),
    ]
    y = totals_rows(sheet, rows, 340, x1, y + 16, size=size + 0.5)
    deal.amounts(net=t.net, tax=t.tax, total=t.gross)
    iban, vat = iban_printed(seller.iban, rng), vat_printed(seller.vat, rng)
    vat_word = {"nl": "BTW", "de": "USt-IdNr.", "en": "VAT No", "fr": "TVA"}[lang]
    footer_line(
        sheet,
        [seller.name, f"{vat_word} {vat}", f"IBAN {iban}", f"BIC {seller.account.bic}"],
        sheet.height - 34,
        size=7,
    )
    deal.party("seller", vat=vat, iban=iban, bic=seller.account.bic)
    return deal.document(NAME, "invoice", sheet.pdf(), page)
