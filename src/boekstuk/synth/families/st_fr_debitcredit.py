"""Statement family ``st_fr_debitcredit``: a French "Relevé de compte".

Columns Date | Libellé | Valeur | Débit | Crédit with dd/mm dates (the year stands in the
header: "du 01/03/2026 au 31/03/2026"), "Ancien solde" / "Solde précédent" on top and
"Nouveau solde" at the bottom, a "Total des opérations" row with the sums of both columns, and
SEPA-style libellés ("VIR SEPA RECU /DE … /MOTIF …", "PRLV SEPA …", "CB …").
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

NAME = "st_fr_debitcredit"


def libelle(tx: Tx) -> tuple[str, str]:
    """The two libellé lines of a transaction (the counterparty's name is in the first)."""
    name = (tx.name or "").upper()
    if tx.kind == "card":
        return f"CB {name}", tx.text
    if tx.kind == "fee":
        return tx.text.upper(), ""
    if tx.kind == "debit":
        return f"PRLV SEPA {name}", tx.text
    if tx.amount > 0:
        return f"VIR SEPA RECU /DE {name}", f"/MOTIF {tx.text}"
    return f"VIR SEPA EMIS /POUR {name}", f"/MOTIF {tx.text}"


def make(rng: random.Random) -> FamilyDocument:
    """One statement of this family."""
    holder = company(rng, "FR")
    book = make_book(rng, "fr", holder, rng.randint(8, 40))
    money = MoneyStyle(",", rng.choice((" ", ".", "")), "")
    sheet = Sheet(A4, rng.choice(BODY_FONTS), 1.0)
    size = rng.uniform(7.8, 8.8)
    lead = size * 1.4
    left, x1 = 40 + jitter(rng, 4), 555
    f = book.facts
    iban = iban_printed(holder.iban, rng)
    f.put("account_iban", holder.iban, iban)
    f.put("currency", "EUR", "EUR")
    start, end = book.start.strftime("%d/%m/%Y"), book.end.strftime("%d/%m/%Y")
    f.put("period_start", book.start.isoformat(), start)
    f.put("period_end", book.end.isoformat(), end)

    lines = [libelle(tx) for tx in book.txs]
    heights = [2 if second else 1 for _first, second in lines]
    pages = paginate(heights, int((770 - 320) // lead) - 2, int((770 - 150) // lead) - 2, 4)
    cx = (
        left,
        left + 38,
        335,
        400,
        480,
        x1,
    )  # date, libellé, valeur, débit (right edge), crédit (right edge)

    def head(number: int) -> float:
        sheet.text(left, 48, holder.account.bank, 15, bold=True)
        sheet.right(x1, 48, rng.choice(("RELEVÉ DE COMPTE", "Relevé de compte")), 13, bold=True)
        sheet.right(x1, 63, f"du {start} au {end}", size + 0.5)
        sheet.right(x1, 63 + lead, f"Relevé n° {book.number} – page {number}/{len(pages)}", size)
        y = 95.0
        if number == 1:
            address_block(sheet, 320, 110, holder, size=size + 1)
            sheet.text(
                left,
                110,
                f"Compte courant {rng.choice(('professionnel', 'entreprise'))} – EUR",
                size,
                bold=True,
            )
            sheet.text(left, 110 + lead, f"IBAN : {iban}", size)
            sheet.text(left, 110 + 2 * lead, f"BIC : {holder.account.bic}", size)
            y = 230.0
        sheet.hline(left, x1, y - size - 3, 0.7)
        for x, title, right in (
            (cx[0], "Date", False),
            (cx[1], "Libellé", False),
            (cx[2], "Valeur", False),
            (cx[4] - 8, "Débit", True),
            (cx[5], "Crédit", True),
        ):
            if right:
                sheet.right(x, y, title, size, bold=True)
            else:
                sheet.text(x, y, title, size, bold=True)
        sheet.hline(left, x1, y + 4, 0.7)
        return y + lead + 2

    debit = credit = Decimal(0)
    y = 0.0
    for number, rows in enumerate(pages, 1):
        if number > 1:
            sheet.new_page()
        y = head(number)
        if number == 1:
            label = f"{rng.choice(('ANCIEN SOLDE', 'Solde précédent au'))} {start if rng.random() < 0.5 else ''}".strip()
            sheet.text(cx[1], y, label, size, bold=True)
            sheet.right(
                cx[5] if book.opening >= 0 else cx[4] - 8,
                y,
                money(abs(book.opening)),
                size,
                bold=True,
            )
            f.money("opening_balance", book.opening, money(abs(book.opening)))
            y += lead * 1.3
        for index in rows:
            tx = book.txs[index]
            first, second = lines[index]
            sheet.text(cx[0], y, tx.booked.strftime("%d/%m"), size)
            sheet.text(cx[1], y, first, size)
            sheet.text(cx[2], y, tx.value.strftime("%d/%m"), size)
            if tx.amount < 0:
                sheet.right(cx[4] - 8, y, money(-tx.amount), size)
                debit -= tx.amount
            else:
                sheet.right(cx[5], y, money(tx.amount), size)
                credit += tx.amount
            if second:
                y += lead
                sheet.text(cx[1], y, second, size - 0.5)
            book.printed(tx, iban=False)
            y += lead
    sheet.hline(left, x1, y - lead + 4, 0.5)
    sheet.text(cx[1], y + 2, "Total des opérations", size, bold=True)
    sheet.right(cx[4] - 8, y + 2, money(debit), size, bold=True)
    sheet.right(cx[5], y + 2, money(credit), size, bold=True)
    y += lead * 1.4
    sheet.text(
        cx[1],
        y + 2,
        f"NOUVEAU SOLDE {'CRÉDITEUR' if book.closing >= 0 else 'DÉBITEUR'} au {end}",
        size,
        bold=True,
    )
    sheet.right(
        cx[5] if book.closing >= 0 else cx[4] - 8, y + 2, money(abs(book.closing)), size, bold=True
    )
    f.money("closing_balance", book.closing, money(abs(book.closing)))
    return book.document(NAME, sheet.pdf(), len(pages))
