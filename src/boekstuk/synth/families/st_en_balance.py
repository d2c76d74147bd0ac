"""Statement family ``st_en_balance``: a UK "Account statement" with a running balance.

Columns Date | Description | Money out | Money in | Balance; dates as "05 Mar 2026"; a summary
box (Opening balance, Money in, Money out, Closing balance), "BROUGHT FORWARD" and "CARRIED
FORWARD" rows between pages, sort code and account number beside the IBAN, GBP amounts.
"""

from __future__ import annotations

import random
from decimal import Decimal

from boekstuk.synth.families.bankbook import make_book, paginate
from boekstuk.synth.families.deal import iban_printed
from boekstuk.synth.families.draw import address_block, jitter, label_rows
from boekstuk.synth.families.formats import DateStyle, MoneyStyle
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet
from boekstuk.synth.families.world import company

NAME = "st_en_balance"


def make(rng: random.Random) -> FamilyDocument:
    """One statement of this family."""
    holder = company(rng, "GB")
    book = make_book(rng, "en", holder, rng.randint(8, 40))
    money = MoneyStyle(".", ",", "")
    pounds = MoneyStyle(".", ",", "£")
    day = DateStyle("abbr", "en")
    sheet = Sheet(A4, rng.choice(BODY_FONTS), 1.0)
    size = rng.uniform(7.8, 8.8)
    lead = size * 1.45
    left, x1 = 40 + jitter(rng, 4), 555
    f = book.facts
    acct = holder.account
    iban = iban_printed(holder.iban, rng)
    f.put("account_iban", holder.iban, iban)
    f.put("currency", "GBP", "£")
    start, end = day(book.start), day(book.end)
    f.put("period_start", book.start.isoformat(), start)
    f.put("period_end", book.end.isoformat(), end)
    balances = book.balances()
    money_in = sum((t.amount for t in book.txs if t.amount > 0), Decimal(0))
    money_out = -sum((t.amount for t in book.txs if t.amount < 0), Decimal(0))

    heights = [2 if tx.name and tx.kind != "fee" else 1 for tx in book.txs]
    pages = paginate(heights, int((770 - 340) // lead) - 1, int((770 - 150) // lead) - 2, 2)
    cx = (
        left,
        left + 62,
        390,
        460,
        555,
    )  # date, description, out (right), in (right), balance (right)

    def head(number: int) -> float:
        sheet.text(left, 50, acct.bank, 17, bold=True)
        sheet.right(
            x1,
            50,
            rng.choice(("Statement of account", "Account statement", "Business Current Account")),
            12,
            bold=True,
        )
        sheet.right(x1, 66, f"Page {number} of {len(pages)}", size)
        y = 100.0
        if number == 1:
            address_block(sheet, left, 110, holder, size=size + 1)
            sort = f"{acct.sort_code[:2]}-{acct.sort_code[2:4]}-{acct.sort_code[4:]}"
            label_rows(
                sheet,
                330,
                100,
                [
                    ("Sort code", sort),
                    ("Account number", acct.account),
                    ("IBAN", iban),
                    ("BIC", acct.bic),
                    ("Statement period", f"{start} to {end}"),
                ],
                size=size,
                gap=95,
            )
            box_y = 205.0
            sheet.box(
                330 - 6, box_y - size - 5, x1, box_y + 4 * lead - size, stroke=(0.3, 0.3, 0.3)
            )
            label_rows(
                sheet,
                330,
                box_y,
                [
                    ("Opening balance", pounds(book.opening)),
                    ("Money in", pounds(money_in)),
                    ("Money out", pounds(money_out)),
                    ("Closing balance", pounds(book.closing)),
                ],
                size=size,
                right_edge=x1 - 6,
                colon="",
            )
            f.money("opening_balance", book.opening, pounds(book.opening))
            f.money("closing_balance", book.closing, pounds(book.closing))
            y = 290.0
        for i, (x, title) in enumerate(
            zip(cx, ("Date", "Description", "Money out", "Money in", "Balance"), strict=True)
        ):
            if i >= 2:
                sheet.right(x, y, title, size, bold=True)
            else:
                sheet.text(x, y, title, size, bold=True)
        sheet.hline(left, x1, y + 4, 0.8)
        return y + lead + 2

    y = 0.0
    for number, rows in enumerate(pages, 1):
        if number > 1:
            sheet.new_page()
        y = head(number)
        before = book.opening if not rows or rows[0] == 0 else balances[rows[0] - 1]
        label = "BALANCE BROUGHT FORWARD" if number == 1 else "BROUGHT FORWARD"
        sheet.text(cx[1], y, label, size, bold=True)
        sheet.right(cx[4], y, money(before), size, bold=True)
        y += lead
        for index in rows:
            tx = book.txs[index]
            sheet.text(cx[0], y, day(tx.booked), size)
            first = tx.name if tx.name and tx.kind != "fee" else tx.text
            sheet.text(cx[1], y, first, size)
            sheet.right(cx[2] if tx.amount < 0 else cx[3], y, money(abs(tx.amount)), size)
            sheet.right(cx[4], y, money(balances[index]), size)
            if first != tx.text:
                y += lead
                sheet.text(cx[1], y, tx.text, size - 0.5)
            book.printed(tx, iban=False)
            y += lead
        if number < len(pages):
            sheet.text(cx[1], y, "CARRIED FORWARD", size, bold=True)
            sheet.right(cx[4], y, money(balances[rows[-1]]), size, bold=True)
    sheet.text(
        cx[1],
        y + 2,
        "BALANCE CARRIED FORWARD" if rng.random() < 0.5 else "Closing balance",
        size,
        bold=True,
    )
    sheet.right(cx[4], y + 2, money(book.closing), size, bold=True)
    return book.document(NAME, sheet.pdf(), len(pages))
