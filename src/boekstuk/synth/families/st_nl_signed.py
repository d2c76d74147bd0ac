"""Statement family ``st_nl_signed``: a Dutch "Rekeningafschrift" with signed amounts.

Columns Datum | Omschrijving | Tegenrekening | Bedrag (EUR); amounts carry their sign
(``+1.831,99`` / ``-84,12``); the counterparty's name on the first description line and the
payment text on the second; sometimes no balance lines at all; the page and table header are
repeated on every page ("Blad 2 van 2").
"""

from __future__ import annotations

import random

from boekstuk.synth.families.bankbook import make_book, paginate
from boekstuk.synth.families.deal import iban_printed
from boekstuk.synth.families.draw import address_block, jitter
from boekstuk.synth.families.formats import DateStyle, MoneyStyle, date_style
from boekstuk.synth.families.ids import grouped
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet
from boekstuk.synth.families.world import company

NAME = "st_nl_signed"


def make(rng: random.Random) -> FamilyDocument:
    """One statement of this family."""
    holder = company(rng, "NL")
    book = make_book(rng, "nl", holder, rng.randint(8, 40))
    money = MoneyStyle(",", rng.choice((".", ".", "")), "")
    dates = DateStyle("numeric", "nl", rng.choice(("-", "-", ".")), True)
    long = date_style(rng, "nl", long=0.6)
    sheet = Sheet(A4, rng.choice(BODY_FONTS), 1.0)
    size = rng.uniform(8.0, 9.0)
    lead = size * 1.45
    left, x1 = 45 + jitter(rng, 4), 550
    balances = rng.random() < 0.7
    f = book.facts
    iban = iban_printed(holder.iban, rng)
    f.put("account_iban", holder.iban, iban)
    f.put("currency", "EUR", "Bedrag (EUR)")
    start, end = long(book.start), long(book.end)
    f.put("period_start", book.start.isoformat(), start)
    f.put("period_end", book.end.isoformat(), end)

    heights = [2 if tx.name else 1 for tx in book.txs]
    pages = paginate(
        heights, int((770 - 330) // lead), int((770 - 170) // lead), 3 if balances else 0
    )
    cols = (left, left + 62, 330, x1)

    def head(number: int) -> float:
        sheet.text(left, 48, holder.account.bank, 16, bold=True)
        sheet.right(x1, 48, "Rekeningafschrift", 14, bold=True)
        sheet.right(x1, 64, f"Afschrift {book.number}  ·  Blad {number} van {len(pages)}", size)
        sheet.right(x1, 64 + lead, f"Periode {start} t/m {end}", size)
        y = 100.0 if number > 1 else 220.0
        if number == 1:
            address_block(sheet, left, 120, holder, size=size + 1)
        sheet.text(left, y, f"Rekeningnummer {iban}  ·  {holder.name}", size, bold=True)
        y += 2 * lead
        for x, title, right in zip(
            cols,
            ("Datum", "Omschrijving", "Tegenrekening", "Bedrag (EUR)"),
            (False, False, False, True),
            strict=True,
        ):
            if right:
                sheet.right(x, y, title, size, bold=True)
            else:
                sheet.text(x, y, title, size, bold=True)
        sheet.hline(left, x1, y + 4, 0.7)
        return y + lead + 2

    y = 0.0
    for number, rows in enumerate(pages, 1):
        if number > 1:
            sheet.new_page()
        y = head(number)
        if number == 1 and balances:
            sheet.text(
                cols[1], y, rng.choice(("Beginsaldo", "Saldo vorig afschrift")), size, bold=True
            )
            sheet.right(x1, y, money(book.opening), size, bold=True)
            f.money("opening_balance", book.opening, money(book.opening))
            y += lead * 1.3
        for index in rows:
            tx = book.txs[index]
            amount = money(tx.amount)
            if tx.amount > 0:
                amount = "+" + amount
            sheet.text(cols[0], y, dates(tx.booked), size)
            sheet.text(cols[1], y, tx.name or tx.text, size)
            if tx.iban:
                sheet.text(
                    cols[2], y, grouped(tx.iban) if rng.random() < 0.3 else tx.iban, size - 0.5
                )
            sheet.right(x1, y, amount, size)
            if tx.name:
                y += lead
                sheet.text(cols[1], y, tx.text, size - 0.5)
            book.printed(tx)
            y += lead
    if balances:
        sheet.hline(cols[1], x1, y - lead + 4, 0.5)
        sheet.text(cols[1], y + 2, rng.choice(("Eindsaldo", "Nieuw saldo")), size, bold=True)
        sheet.right(x1, y + 2, money(book.closing), size, bold=True)
        f.money("closing_balance", book.closing, money(book.closing))
    return book.document(NAME, sheet.pdf(), len(pages))
