"""Lockbox family ``right_window``: a Swiss / French style invoice with the address window on the right.

The seller's name (a logo) top left with a small address line, the meta rows under the
letterhead on the left (Facture n° / Rechnung Nr., date, client, due date), the recipient in a
window on the right, the lines, and the totals in a framed block. Swiss documents use CHF
amounts with apostrophes (1'234.50), MWST / TVA 8.1 % and 2.6 %, the UID "CHE-123.456.789
MWST" and a Swiss IBAN; French and German ones use EUR and their own rates.
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
    label_rows,
    totals_rows,
)
from boekstuk.synth.families.formats import MoneyStyle, percent
from boekstuk.synth.families.lines import format_quantity
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet

NAME = "right_window"
_W: dict[str, dict[str, Any]] = {
    "fr": {
        "title": "Facture",
        "meta": ("Facture n°", "Date", "N° client", "Échéance"),
        "cols": ("Désignation", "Quantité", "Prix", "Montant"),
        "sub": "Sous-total",
        "vat": "TVA {p}",
        "total": "Total",
        "vat_id": "N° TVA",
        "bank": "Coordonnées bancaires",
    },
    "de": {
        "title": "Rechnung",
        "meta": ("Rechnung Nr.", "Datum", "Kunden-Nr.", "Zahlbar bis"),
        "cols": ("Beschreibung", "Menge", "Preis", "Betrag"),
        "sub": "Zwischentotal",
        "vat": "MWST {p}",
        "total": "Total",
        "vat_id": "MWST-Nr.",
        "bank": "Bankverbindung",
    },
}


def ch_uid(vat: str) -> str:
    """A Swiss UID as printed: ``CHE-123.456.789 MWST``."""
    d = vat[3:12]
    return f"CHE-{d[:3]}.{d[3:6]}.{d[6:]} {'MWST' if vat.endswith('MWST') else vat[12:]}"


def make(rng: random.Random) -> FamilyDocument:
    """One invoice of this family."""
    where = rng.choice(("CH", "CH", "FR", "FR", "DE"))
    lang = "fr" if where == "FR" else "de" if where == "DE" else rng.choice(("de", "fr"))
    w = dict(_W[lang])
    if where == "CH":
        rates = (Decimal("8.1"), Decimal("2.6")) if rng.random() < 0.3 else (Decimal("8.1"),)
        if lang == "fr":
            w["vat"] = "TVA {p}"
    else:
        rates = (Decimal(20),) if where == "FR" else (Decimal(19),)
        if lang == "de":
            w["vat"] = "MwSt. {p}"
    currency = "CHF" if where == "CH" else "EUR"
    deal = make_deal(
        rng,
        lang,
        seller_country=where,
        currency=currency,
        rates=rates,
        count=(1, 6),
        days=(10, 20, 30, 30),
    )
    if where == "CH":
        deal.money = MoneyStyle(".", rng.choice(("'", "’")), "CHF", rng.random() < 0.5)
    seller, buyer = deal.seller, deal.buyer
    sheet = Sheet(A4, rng.choice(BODY_FONTS), rng.uniform(0.95, 1.05))
    size = rng.uniform(8.8, 10.0)
    left, x1 = 50 + jitter(rng, 5), 545

    sheet.text(left, 58, seller.name, rng.uniform(17, 23), bold=True)
    sheet.text(left, 74, f"{seller.street}, {seller.city_line}", size - 1.5)
    sheet.text(left, 84, f"{seller.phone} · {seller.email}", size - 1.5)
    issued, due = deal.d(deal.issued), deal.d(deal.due)
    meta = list(zip(w["meta"], (deal.number, issued, deal.customer_no, due), strict=True))
    label_rows(sheet, left, 130 + jitter(rng, 4), meta, size=size, gap=80)
    deal.head(number=deal.number, issued=issued, due=due)
    address_block(
        sheet,
        330 + jitter(rng, 6),
        140 + jitter(rng, 5),
        buyer,
        size=size + 0.5,
        after_name=[rng.choice(("Comptabilité", "Service achats"))]
        if lang == "fr" and rng.random() < 0.3
        else (),
    )
    deal.party("buyer")

    y = 255 + jitter(rng, 6)
    sheet.text(left, y, w["title"], 18, bold=True)
    cols = [
        Col(w["cols"][0], left, 320),
        Col(w["cols"][1], 325, 370, "r"),
        Col(w["cols"][2], 375, 450, "r"),
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
        y + 30,
        TableStyle(
            size=size - 0.6,
            leading=size * 1.5,
            rules=rng.choice(("header", "rows")),
            zebra=(0.95, 0.95, 0.95) if rng.random() < 0.4 else None,
        ),
    )

    t = deal.totals()
    summary = [(w["sub"], deal.m(t.net))]
    for rate in sorted(t.tax_by_rate, reverse=True):
        summary.append(
            (
                w["vat"].format(p=percent(rate, lang, space=rng.random() < 0.5)),
                deal.m(t.tax_by_rate[rate]),
            )
        )
    summary.append(
        (f"{w['total']} {currency}" if rng.random() < 0.5 else w["total"], deal.m(t.gross))
    )
    y = totals_rows(sheet, summary, 345, x1 - 6, y + 24, size=size, box=True, rule_last=False)
    deal.amounts(net=t.net, tax=t.tax, total=t.gross)

    iban = iban_printed(seller.iban, rng)
    vat = ch_uid(seller.vat) if where == "CH" else vat_printed(seller.vat, rng)
    y += 30
    sheet.text(left, y, w["bank"], size, bold=True)
    label_rows(
        sheet,
        left,
        y + size * 1.5,
        [("Bank", seller.account.bank), ("IBAN", iban), ("BIC", seller.account.bic)],
        size=size - 0.5,
        gap=45,
    )
    sheet.centre(
        sheet.width / 2, sheet.height - 34, f"{seller.name} · {w['vat_id']} {vat} · {seller.web}", 7
    )
    deal.party("seller", vat=vat, iban=iban, bic=seller.account.bic)
    return deal.document(NAME, "invoice", sheet.pdf(), 1)
