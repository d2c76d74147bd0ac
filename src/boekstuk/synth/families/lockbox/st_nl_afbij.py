"""Lockbox statement family ``st_nl_afbij``: a Dutch "Afschrift" / "Dagafschrift" with Af and Bij columns.

Columns Boekdatum | Rentedatum | Omschrijving | Af | Bij (separate debit and credit columns,
amounts unsigned), "Vorig saldo" above and "Nieuw saldo" below, each transaction over two or
three lines: the counterparty's name with the amount, then "IBAN: NL.. BIC: ..", then the
payment text. A day statement covers one to a few days.
"""

from __future__ import annotations

import random

from boekstuk.synth.families.bankbook import make_book, paginate
from boekstuk.synth.families.deal import iban_printed
from boekstuk.synth.families.draw import address_block, jitter
from boekstuk.synth.families.formats import DateStyle, MoneyStyle
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet
from boekstuk.synth.families.world import company

NAME = "st_nl_afbij"


def make(rng: random.Random) -> FamilyDocument:
    """One statement of this family."""
    holder = company(rng, "NL")
    daily = rng.random() < 0.4
    book = make_book(
        rng,
        "nl",
        holder,
        rng.randint(8, 24 if daily else 40),
        days=rng.randint(1, 3) if daily else None,
    )
    money = MoneyStyle(",", rng.choice((".", "")), "")
    dates = DateStyle("numeric", "nl", rng.choice(("-", "/", ".")), True)
    sheet = Sheet(A4, rng.choice(BODY_FONTS), 1.0)
    size = rng.uniform(7.8, 8.8)
    lead = size * 1.4
    left, x1 = 42 + jitter(rng, 4), 552
    f = book.facts
    iban = iban_printed(holder.iban, rng)
    f.put("account_iban", holder.iban, iban)
    f.put("currency", "EUR", "EUR")
    title = "Dagafschrift" if daily else rng.choice(("Afschrift", "Rekeningafschrift"))

    heights = [1 + bool(tx.iban) + bool(tx.name) for tx in book.txs]
    pages = paginate(heights, int((770 - 300) // lead) - 2, int((770 - 150) // lead) - 2, 2)
    cx = (
        left,
        left + 55,
        left + 110,
        470,
        x1,
    )  # boekdatum, rentedatum, omschrijving, af (right), bij (right)

    def head(number: int) -> float:
        sheet.text(left, 48, holder.account.bank, 16, bold=True)
        sheet.right(x1, 48, f"{title} nr. {book.number}", 12, bold=True)
        sheet.right(x1, 63, f"Datum {dates(book.end)}   Blad {number}/{len(pages)}", size)
        y = 100.0
        if number == 1:
            address_block(sheet, 320, 110, holder, size=size + 1)
            sheet.text(left, 110, "Rekening", size, bold=True)
            sheet.text(left, 110 + lead, iban, size)
            sheet.text(left, 110 + 2 * lead, f"Valuta EUR · BIC {holder.account.bic}", size)
            y = 215.0
        for i, (x, t) in enumerate(
            zip(cx, ("Boekdatum", "Rentedatum", "Omschrijving", "Af", "Bij"), strict=True)
        ):
            if i >= 3:
                sheet.right(x, y, t, size, bold=True)
            else:
                sheet.text(x, y, t, size, bold=True)
        sheet.box(left - 4, y - size - 4, x1 + 4, y + 4, stroke=(0.2, 0.2, 0.2))
        return y + lead + 3

    y = 0.0
    for number, rows in enumerate(pages, 1):
        if number > 1:
            sheet.new_page()
        y = head(number)
        if number == 1:
            sheet.text(cx[2], y, "Vorig saldo", size, bold=True)
            sheet.right(
                cx[4] if book.opening >= 0 else cx[3], y, money(abs(book.opening)), size, bold=True
            )
            f.money("opening_balance", book.opening, money(abs(book.opening)))
            y += lead * 1.4
        for index in rows:
            tx = book.txs[index]
            sheet.text(cx[0], y, dates(tx.booked), size)
            sheet.text(cx[1], y, dates(tx.value), size)
            sheet.text(cx[2], y, tx.name or tx.text, size)
            sheet.right(cx[3] if tx.amount < 0 else cx[4], y, money(abs(tx.amount)), size)
            if tx.iban:
                y += lead
                sheet.text(
                    cx[2], y, f"IBAN: {tx.iban}" + (f" BIC: {tx.bic}" if tx.bic else ""), size - 0.5
                )
            if tx.name:
                y += lead
                sheet.text(cx[2], y, tx.text, size - 0.5)
            book.printed(tx)
            y += lead
    sheet.hline(cx[2], x1, y - lead + 4, 0.6)
    sheet.text(cx[2], y + 2, "Nieuw saldo", size, bold=True)
    sheet.right(
        cx[4] if book.closing >= 0 else cx[3], y + 2, money(abs(book.closing)), size, bold=True
    )
    f.money("closing_balance", book.closing, money(abs(book.closing)))
    return book.document(NAME, sheet.pdf(), len(pages))
