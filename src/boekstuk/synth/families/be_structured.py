"""Family ``be_structured``: a Belgian invoice (nl or fr) paid with a structured communication.

BE VAT numbers ("BTW BE 0123.456.789", "TVA BE0123456789") with the RPR/RPM register, a
Belgian IBAN, the OGM "+++123/4567/89012+++" (sometimes ``***…***``) labelled
"Gestructureerde mededeling" / "Communication structurée", "Te betalen vóór" / "À payer avant
le", "Totaal excl. btw / Btw 21% / Totaal incl. btw" or "Total HTVA / TVA 21% / Total TVAC".
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from boekstuk.synth.families.deal import iban_printed, make_deal
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
from boekstuk.synth.families.ids import ogm
from boekstuk.synth.families.lines import format_quantity
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet

NAME = "be_structured"
_W: dict[str, dict[str, Any]] = {
    "nl": {
        "vat": "BTW",
        "reg": "RPR",
        "ogm": ("Gestructureerde mededeling", "Mededeling", "Gestruct. mededeling"),
        "due": "Te betalen vóór",
        "meta": ("Factuurnummer", "Factuurdatum", "Klantnummer"),
        "cols": ("Omschrijving", "Aantal", "Eenheidsprijs", "Btw", "Totaal"),
        "sum": ("Totaal excl. btw", "Btw {p}", "Totaal incl. btw"),
        "pay": "Gelieve het bedrag van {t} te betalen vóór {d} op rekening {i} (BIC {b}) met vermelding van de gestructureerde mededeling {o}.",
    },
    "fr": {
        "vat": "TVA",
        "reg": "RPM",
        "ogm": ("Communication structurée", "Communication", "Comm. structurée"),
        "due": "À payer avant le",
        "meta": ("Facture n°", "Date de facture", "N° client"),
        "cols": ("Description", "Qté", "Prix unitaire", "TVA", "Total"),
        "sum": ("Total HTVA", "TVA {p}", "Total TVAC"),
        "pay": "Merci de verser le montant de {t} avant le {d} sur le compte {i} (BIC {b}) en mentionnant la communication structurée {o}.",
    },
}


def be_vat(vat: str) -> str:
    """A Belgian VAT number as printed: ``BE 0123.456.789`` or compact."""
    return f"BE {vat[2:6]}.{vat[6:9]}.{vat[9:]}"


def make(rng: random.Random) -> FamilyDocument:
    """One invoice of this family."""
    lang = rng.choice(("nl", "nl", "fr"))
    w = _W[lang]
    rates = (Decimal(21), Decimal(6)) if rng.random() < 0.25 else (Decimal(21),)
    deal = make_deal(rng, lang, seller_country="BE", rates=rates, count=(1, 5), days=(15, 30, 30))
    seller, buyer = deal.seller, deal.buyer
    sheet = Sheet(A4, rng.choice(BODY_FONTS), rng.uniform(0.95, 1.05))
    size = rng.uniform(8.8, 10.0)
    left = 50 + jitter(rng, 5)

    y = address_block(sheet, left, 55, seller, size=size - 0.5, bold_name=True)
    vat = be_vat(seller.vat) if rng.random() < 0.6 else seller.vat
    court = (
        rng.choice(("Antwerpen", "Gent", "Brussel", "Leuven"))
        if lang == "nl"
        else rng.choice(("Bruxelles", "Liège", "Namur", "Charleroi"))
    )
    sheet.text(left, y, f"{w['vat']} {vat} – {w['reg']} {court}", size - 1.5)
    sheet.text(
        left,
        y + size * 1.2,
        f"{'Tel.' if lang == 'nl' else 'Tél.'} {seller.phone} – {seller.email}",
        size - 1.5,
    )
    window_right = rng.random() < 0.6
    address_block(
        sheet, 320 if window_right else left, 150 if window_right else 140 + 30, buyer, size=size
    )
    deal.party("buyer")
    if rng.random() < 0.35:
        buyer_vat = be_vat(buyer.vat)
        sheet.text(
            320 if window_right else left,
            215 if window_right else 235,
            f"{w['vat']} {buyer_vat}",
            size - 1,
        )
        deal.party("buyer", vat=buyer_vat)

    y = 260 + jitter(rng, 6)
    sheet.text(
        left,
        y,
        "FACTUUR"
        if lang == "nl" and rng.random() < 0.5
        else ("Factuur" if lang == "nl" else "FACTURE"),
        18,
        bold=True,
    )
    issued, due = deal.d(deal.issued), deal.d(deal.due)
    meta = list(zip(w["meta"], (deal.number, issued, deal.customer_no), strict=True))
    meta.insert(2, (w["due"], due))
    y = label_rows(sheet, left, y + 24, meta, size=size, gap=120)
    deal.head(number=deal.number, issued=issued, due=due)

    cols = [
        Col(w["cols"][0], left, 300),
        Col(w["cols"][1], 305, 345, "r"),
        Col(w["cols"][2], 350, 425, "r"),
        Col(w["cols"][3], 430, 460, "r"),
        Col(w["cols"][4], 465, 545, "r"),
    ]
    rows = [
        [
            line.description,
            format_quantity(line.quantity, lang),
            deal.n(line.unit_price),
            percent(line.rate, lang),
            deal.n(line.amount),
        ]
        for line in deal.lines
    ]
    y = draw_table(
        sheet,
        cols,
        rows,
        y + 14,
        TableStyle(
            size=size - 0.6, leading=size * 1.5, rules=rng.choice(("header", "rows", "grid"))
        ),
    )

    t = deal.totals()
    summary = [(w["sum"][0], deal.m(t.net))]
    for rate in sorted(t.tax_by_rate, reverse=True):
        summary.append((w["sum"][1].format(p=percent(rate, lang)), deal.m(t.tax_by_rate[rate])))
    summary.append((w["sum"][2], deal.m(t.gross)))
    y = totals_rows(sheet, summary, 330, 545, y + 14, size=size)
    deal.amounts(net=t.net, tax=t.tax, total=t.gross)

    reference = ogm(rng)
    shown = reference.replace("+", "*") if rng.random() < 0.15 else reference
    iban = iban_printed(seller.iban, rng)
    if rng.random() < 0.5:
        text = w["pay"].format(t=deal.m(t.gross), d=due, i=iban, b=seller.account.bic, o=shown)
        sheet.paragraph(left, y + 22, text, 490, size - 0.5)
    else:
        y += 22
        sheet.box(left - 6, y - size - 6, 545, y + 3 * size * 1.5 - 4, stroke=(0, 0, 0))
        label_rows(
            sheet,
            left,
            y,
            [("IBAN", iban), ("BIC", seller.account.bic), (rng.choice(w["ogm"]), shown)],
            size=size,
            gap=150,
        )
    deal.reference_fact(reference, shown)
    deal.party("seller", vat=vat, iban=iban, bic=seller.account.bic)
    return deal.document(NAME, "invoice", sheet.pdf(), 1)
