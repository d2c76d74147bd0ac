"""Statement family ``st_nl_export_print``: a printed online-banking export (landscape).

The columns of a Dutch bank's CSV export printed as a table: Datum | Naam / Omschrijving |
Rekening | Tegenrekening | Code | Af Bij | Bedrag (EUR) | Mutatiesoort | Mededelingen; "Af" or
"Bij" as a word, amounts without sign, dates as ``20260305`` or ``05-03-2026``, long
mededelingen wrapped over the following lines; no balances, a print date in the header.
"""

from __future__ import annotations

import random

from boekstuk.synth.families.bankbook import Tx, make_book, paginate
from boekstuk.synth.families.draw import jitter
from boekstuk.synth.families.formats import MoneyStyle
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import BODY_FONTS, LANDSCAPE_A4, Sheet
from boekstuk.synth.families.world import company

NAME = "st_nl_export_print"
_KIND = {
    "BA": "Betaalautomaat",
    "GT": "Online bankieren",
    "OV": "Overschrijving",
    "IC": "Incasso",
    "DV": "Diversen",
}


def mededelingen(tx: Tx, holder_iban: str) -> str:
    """The export's long free-text column."""
    parts = []
    if tx.name and tx.kind != "card":
        parts.append(f"Naam: {tx.name}")
    parts.append(f"Omschrijving: {tx.text}")
    if tx.iban:
        parts.append(f"IBAN: {tx.iban}")
    if tx.kind == "debit":
        parts.append(
            f"Incassant ID: NL{sum(map(ord, tx.name or '')) % 100:02d}ZZZ{holder_iban[-9:]}"
        )
    parts.append(f"Valutadatum: {tx.value.strftime('%d-%m-%Y')}")
    return " ".join(parts)


def make(rng: random.Random) -> FamilyDocument:
    """One statement of this family."""
    holder = company(rng, "NL")
    book = make_book(rng, "nl", holder, rng.randint(8, 40))
    money = MoneyStyle(",", "", "")
    compact = rng.random() < 0.5
    sheet = Sheet(LANDSCAPE_A4, rng.choice(BODY_FONTS), 1.0)
    size = rng.uniform(6.6, 7.4)
    lead = size * 1.35
    left, x1 = 28 + jitter(rng, 3), sheet.width - 28
    f = book.facts
    f.put("account_iban", holder.iban)
    f.put("currency", "EUR", "Bedrag (EUR)")

    x = (
        left,
        left + 48,
        left + 190,
        left + 275,
        left + 362,
        left + 388,
        left + 465,
        left + 478,
        left + 550,
    )
    notes = [sheet.wrap(mededelingen(tx, holder.iban), x1 - x[8], size) for tx in book.txs]
    names = [sheet.wrap(tx.name or tx.text, x[2] - x[1] - 4, size) for tx in book.txs]
    heights = [max(len(a), len(b)) for a, b in zip(notes, names, strict=True)]
    pages = paginate(heights, int((560 - 95) // lead), int((560 - 95) // lead), 0)
    printed_on = book.end.strftime("%d-%m-%Y")

    for number, rows in enumerate(pages, 1):
        if number > 1:
            sheet.new_page()
        sheet.text(
            left,
            36,
            rng.choice(("Af- en bijschrijvingen", "Transactieoverzicht", "Mutaties rekening")),
            11,
            bold=True,
        )
        sheet.text(left, 52, f"{holder.name} – {holder.iban}", size + 1)
        sheet.right(x1, 36, f"Afgedrukt op {printed_on}", size)
        sheet.right(x1, 52, f"{number}/{len(pages)}", size)
        y = 80.0
        titles = (
            "Datum",
            "Naam / Omschrijving",
            "Rekening",
            "Tegenrekening",
            "Code",
            "Af Bij",
            "Bedrag (EUR)",
            "Mutatiesoort",
            "Mededelingen",
        )
        for i, (xx, title) in enumerate(zip(x, titles, strict=True)):
            if i == 6:
                sheet.right(xx, y, title, size, bold=True)
            else:
                sheet.text(xx, y, title, size, bold=True)
        sheet.hline(left, x1, y + 3, 0.6)
        y += lead + 3
        for index in rows:
            tx = book.txs[index]
            day = tx.booked.strftime("%Y%m%d") if compact else tx.booked.strftime("%d-%m-%Y")
            sheet.text(x[0], y, day, size)
            for k, part in enumerate(names[index]):
                sheet.text(x[1], y + k * lead, part, size)
            sheet.text(x[2], y, holder.iban, size - 0.6)
            if tx.iban:
                sheet.text(x[3], y, tx.iban, size - 0.6)
            sheet.text(x[4], y, tx.code, size)
            sheet.text(x[5], y, "Af" if tx.amount < 0 else "Bij", size)
            sheet.right(x[6], y, money(abs(tx.amount)), size)
            sheet.text(x[7], y, _KIND[tx.code], size)
            for k, part in enumerate(notes[index]):
                sheet.text(x[8], y + k * lead, part, size)
            y += lead * heights[index]
            sheet.hline(left, x1, y - lead + 3, 0.2, (0.6, 0.6, 0.6))
            book.printed(tx)
    return book.document(NAME, sheet.pdf(), len(pages))
