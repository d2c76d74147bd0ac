"""Lockbox statement family ``st_de_sollhaben``: a German "Kontoauszug".

Columns Buchungstag | Wert | Buchungstext / Verwendungszweck | Soll | Haben, or a single
Betrag column with a trailing "S" / "H" or a trailing minus; "alter Kontostand" and "neuer
Kontostand" with their dates; several pages joined by "Übertrag" rows; dd.mm. dates with the
year in the header; the booking text (Gutschrift, Überweisung, Lastschrift, Kartenzahlung)
above the counterparty and the Verwendungszweck.
"""

from __future__ import annotations

import random
from decimal import Decimal

from boekstuk.synth.families.bankbook import Tx, make_book, paginate
from boekstuk.synth.families.deal import iban_printed
from boekstuk.synth.families.draw import address_block, jitter
from boekstuk.synth.families.formats import MoneyStyle
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet
from boekstuk.synth.families.world import company

NAME = "st_de_sollhaben"
_TEXT = {
    "invoice_in": "Gutschrift",
    "invoice_out": "Überweisung",
    "card": "Kartenzahlung",
    "salary": "Lohn/Gehalt",
    "rent": "Dauerauftrag",
    "debit": "Lastschrift",
    "fee": "Entgelt",
    "tax": "Überweisung",
}


def booking_lines(tx: Tx) -> list[str]:
    """The text column: booking text, counterparty, IBAN, Verwendungszweck."""
    lines = [_TEXT[tx.kind]]
    if tx.name:
        lines.append(tx.name)
    if tx.iban:
        lines.append(f"IBAN {tx.iban}" + (f" BIC {tx.bic}" if tx.bic else ""))
    if tx.kind != "fee":
        lines.append(tx.text)
    else:
        lines[0] = f"{_TEXT[tx.kind]} {tx.text}"
    return lines


def make(rng: random.Random) -> FamilyDocument:
    """One statement of this family."""
    holder = company(rng, "DE")
    book = make_book(rng, "de", holder, rng.randint(8, 40))
    money = MoneyStyle(",", ".", "")
    style = rng.choice(("columns", "columns", "sh", "minus"))
    sheet = Sheet(A4, rng.choice(BODY_FONTS), 1.0)
    size = rng.uniform(7.8, 8.8)
    lead = size * 1.35
    left, x1 = 45 + jitter(rng, 4), 550
    f = book.facts
    iban = iban_printed(holder.iban, rng)
    f.put("account_iban", holder.iban, iban)
    f.put("currency", "EUR", "Kontowährung")
    year = book.end.year
    start, end = book.start.strftime("%d.%m.%Y"), book.end.strftime("%d.%m.%Y")
    f.put("period_start", book.start.isoformat(), start)
    f.put("period_end", book.end.isoformat(), end)
    balances = book.balances()

    texts = [booking_lines(tx) for tx in book.txs]
    pages = paginate(
        [len(t) for t in texts], int((770 - 290) // lead) - 3, int((770 - 150) // lead) - 3, 3
    )
    cx = (left, left + 58, left + 100, 460, x1)

    def amount(y: float, value: Decimal, bold: bool = False) -> None:
        if style == "columns":
            sheet.right(cx[3] if value < 0 else cx[4], y, money(abs(value)), size, bold=bold)
        elif style == "sh":
            sheet.right(
                cx[4], y, f"{money(abs(value))} {'S' if value < 0 else 'H'}", size, bold=bold
            )
        else:
            sheet.right(cx[4], y, money(abs(value)) + ("-" if value < 0 else " "), size, bold=bold)

    def head(number: int) -> float:
        sheet.text(left, 48, holder.account.bank, 15, bold=True)
        sheet.right(x1, 48, f"Kontoauszug {book.number}/{year}", 12, bold=True)
        sheet.right(x1, 63, f"Blatt {number} von {len(pages)}", size)
        y = 95.0
        if number == 1:
            address_block(sheet, left, 105, holder, size=size + 1)
            sheet.text(320, 105, f"IBAN {iban}", size)
            sheet.text(320, 105 + lead, f"BIC {holder.account.bic}", size)
            sheet.text(320, 105 + 2 * lead, f"Zeitraum {start} bis {end}", size)
            sheet.text(
                320, 105 + 3 * lead, f"Kontowährung {rng.choice(('EUR', 'EUR', 'Euro'))}", size
            )
            y = 200.0
        titles = (
            ("Buchungstag", "Wert", "Buchungstext / Verwendungszweck", "Soll", "Haben")
            if style == "columns"
            else ("Bu-Tag", "Wert", "Vorgang", "", "Betrag")
        )
        for i, (x, t) in enumerate(zip(cx, titles, strict=True)):
            if i >= 3:
                sheet.right(x, y, t, size, bold=True)
            else:
                sheet.text(x, y, t, size, bold=True)
        sheet.hline(left, x1, y + 4, 0.7)
        return y + lead + 3

    y = 0.0
    for number, rows in enumerate(pages, 1):
        if number > 1:
            sheet.new_page()
        y = head(number)
        if number == 1:
            sheet.text(
                cx[2], y, f"alter Kontostand vom {book.start.strftime('%d.%m.%Y')}", size, bold=True
            )
            amount(y, book.opening, True)
            f.money("opening_balance", book.opening, money(abs(book.opening)))
        else:
            sheet.text(cx[2], y, "Übertrag", size, bold=True)
            amount(y, balances[rows[0] - 1], True)
        y += lead * 1.4
        for index in rows:
            tx = book.txs[index]
            sheet.text(cx[0], y, tx.booked.strftime("%d.%m."), size)
            sheet.text(cx[1], y, tx.value.strftime("%d.%m."), size)
            amount(y, tx.amount)
            for k, line in enumerate(texts[index]):
                sheet.text(cx[2], y + k * lead, line, size if k == 0 else size - 0.5)
            y += lead * len(texts[index])
            book.printed(tx)
        if number < len(pages):
            sheet.hline(cx[2], x1, y - lead + 4, 0.4)
            sheet.text(cx[2], y, "Übertrag", size, bold=True)
            amount(y, balances[rows[-1]], True)
    sheet.hline(cx[2], x1, y - lead + 4, 0.7)
    sheet.text(
        cx[2], y + 2, f"neuer Kontostand vom {book.end.strftime('%d.%m.%Y')}", size, bold=True
    )
    amount(y + 2, book.closing, True)
    f.money("closing_balance", book.closing, money(abs(book.closing)))
    return book.document(NAME, sheet.pdf(), len(pages))
