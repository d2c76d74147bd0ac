"""Family ``credit_note``: credit notes in nl, de, en and fr that refer to the original invoice.

"Creditnota bij factuur 2026-0012", "Gutschrift zu Rechnung Nr. …", "Credit note for invoice
…", "Avoir sur facture n° …": the document has its own number and date, the original invoice's
number and date as a reference, returned goods or price corrections as lines, and prints its
amounts either positive or with minus signs. The truth is negative (CONTRACT: credit notes
carry negative amounts).
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from boekstuk.synth.families.deal import iban_printed, invoice_number, make_deal, vat_printed
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
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet

NAME = "credit_note"
_COUNTRY = {"nl": "NL", "de": "DE", "en": "GB", "fr": "FR"}
_RATE = {"nl": Decimal(21), "de": Decimal(19), "en": Decimal(20), "fr": Decimal(20)}
_W: dict[str, dict[str, Any]] = {
    "nl": {
        "title": ("Creditnota", "CREDITNOTA", "Creditfactuur"),
        "for": (
            "Creditnota bij factuur {n}",
            "Betreft: creditering van factuur {n} d.d. {d}",
            "Correctie op factuur {n}",
        ),
        "number": "Creditnotanummer",
        "date": "Datum",
        "sub": "Subtotaal",
        "vat": "BTW {p}",
        "total": ("Totaal credit", "Totaal", "Te crediteren"),
        "cols": ("Omschrijving", "Aantal", "Prijs", "Bedrag"),
        "pay": "Het bedrag wordt binnen 14 dagen teruggestort op uw rekening of verrekend met de volgende factuur.",
    },
    "de": {
        "title": ("Gutschrift", "GUTSCHRIFT", "Rechnungskorrektur"),
        "for": (
            "Gutschrift zu Rechnung Nr. {n}",
            "Bezug: Rechnung {n} vom {d}",
            "Korrektur zur Rechnung {n} vom {d}",
        ),
        "number": "Gutschrift-Nr.",
        "date": "Datum",
        "sub": "Nettobetrag",
        "vat": "zzgl. {p} USt.",
        "total": ("Gutschriftsbetrag", "Gesamtbetrag", "Betrag der Gutschrift"),
        "cols": ("Bezeichnung", "Menge", "Einzelpreis", "Gesamt"),
        "pay": "Der Betrag wird Ihrem Konto gutgeschrieben bzw. mit der nächsten Rechnung verrechnet.",
    },
    "en": {
        "title": ("Credit note", "CREDIT NOTE", "Credit Note"),
        "for": (
            "Credit note for invoice {n}",
            "Re: invoice {n} dated {d}",
            "Against invoice no. {n}",
        ),
        "number": "Credit note no.",
        "date": "Date",
        "sub": "Net",
        "vat": "VAT @ {p}",
        "total": ("Total credit", "Total", "Credit total"),
        "cols": ("Description", "Qty", "Unit price", "Amount"),
        "pay": "This amount will be refunded to your account or offset against your next invoice.",
    },
    "fr": {
        "title": ("Avoir", "AVOIR", "Facture d'avoir"),
        "for": (
            "Avoir sur facture n° {n}",
            "Réf. facture {n} du {d}",
            "Avoir relatif à la facture {n}",
        ),
        "number": "N° d'avoir",
        "date": "Date",
        "sub": "Total HT",
        "vat": "TVA {p}",
        "total": ("Total avoir TTC", "Total TTC", "Montant de l'avoir"),
        "cols": ("Désignation", "Qté", "PU HT", "Montant HT"),
        "pay": "Ce montant sera remboursé par virement ou déduit de votre prochaine facture.",
    },
}
_RETURN = {"nl": "Retour: ", "de": "Rücksendung: ", "en": "Returned: ", "fr": "Retour : "}


def make(rng: random.Random) -> FamilyDocument:
    """One credit note of this family."""
    lang = rng.choice(("nl", "de", "en", "fr"))
    w = _W[lang]
    deal = make_deal(
        rng,
        lang,
        seller_country=_COUNTRY[lang],
        currency="GBP" if lang == "en" else "EUR",
        rates=(_RATE[lang],),
        count=(1, 3),
        long_dates=0.25,
    )
    seller, buyer = deal.seller, deal.buyer
    deal.number = (
        rng.choice(("CN-", "CR", "GS-", "AV-", "C", "K"))
        + invoice_number(rng, deal.issued.year).split("-")[-1]
    )
    original = invoice_number(rng, deal.issued.year)
    original_date = deal.issued - timedelta(days=rng.randint(5, 60))
    minus = rng.random() < 0.5
    sheet = Sheet(A4, rng.choice(BODY_FONTS), rng.uniform(0.95, 1.05))
    size = rng.uniform(8.8, 10.0)
    left = 55 + jitter(rng, 6)

    top = address_block(
        sheet, left, 55, seller, size=size - 0.5, name_lines=[seller.name], bold_name=True
    )
    vat, iban = vat_printed(seller.vat, rng), iban_printed(seller.iban, rng)
    sheet.text(
        left,
        top,
        f"{'VAT' if lang == 'en' else 'USt-IdNr.' if lang == 'de' else 'TVA' if lang == 'fr' else 'BTW'} {vat}",
        size - 1.5,
    )
    address_block(sheet, 330 + jitter(rng, 6), 140, buyer, size=size)
    deal.party("buyer")

    y = 240 + jitter(rng, 6)
    sheet.text(left, y, rng.choice(w["title"]), rng.uniform(16, 22), bold=True)
    issued = deal.d(deal.issued)
    y = label_rows(
        sheet, left, y + 26, [(w["number"], deal.number), (w["date"], issued)], size=size, gap=105
    )
    deal.head(number=deal.number, issued=issued)
    reference = rng.choice(w["for"]).format(n=original, d=deal.d(original_date))
    sheet.text(left, y + 4, reference, size, bold=rng.random() < 0.5)

    sign = Decimal(-1) if minus else Decimal(1)
    cols = [
        Col(w["cols"][0], left, 320),
        Col(w["cols"][1], 325, 365, "r"),
        Col(w["cols"][2], 370, 450, "r"),
        Col(w["cols"][3], 455, 545, "r"),
    ]
    rows = [
        [
            _RETURN[lang] * (rng.random() < 0.5) + line.description,
            format_quantity(line.quantity, lang),
            deal.n(line.unit_price),
            deal.n(sign * line.amount),
        ]
        for line in deal.lines
    ]
    y = draw_table(
        sheet,
        cols,
        rows,
        y + 30,
        TableStyle(size=size - 0.6, leading=size * 1.5, rules=rng.choice(("header", "rows"))),
    )

    t = deal.totals()
    summary = [
        (w["sub"], deal.m(sign * t.net)),
        (w["vat"].format(p=percent(_RATE[lang], lang)), deal.m(sign * t.tax)),
        (rng.choice(w["total"]), deal.m(sign * t.gross)),
    ]
    y = totals_rows(sheet, summary, 330, 545, y + 14, size=size)
    printed = {
        k: deal.n(sign * v)
        for k, v in (("net_amount", t.net), ("tax_amount", t.tax), ("total_amount", t.gross))
    }
    deal.amounts(net=-t.net, tax=-t.tax, total=-t.gross, printed=printed)
    sheet.paragraph(left, y + 20, w["pay"], 490, size - 0.5)

    footer_line(
        sheet,
        [seller.name, seller.address, f"IBAN {iban}", seller.email],
        sheet.height - 36,
        sep=" | ",
        size=7,
    )
    deal.party("seller", vat=vat, iban=iban)
    return deal.document(NAME, "credit_note", sheet.pdf(), 1)
