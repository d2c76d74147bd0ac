"""Family ``en_uk``: a UK or Irish invoice — big "INVOICE", "Invoice to:" on the right.

Seller letterhead top left, a large "INVOICE", the customer under "Invoice to:" in the right
column, "VAT Reg No: GB 123 4567 89" (valid GB numbers; IE numbers for Ireland), amounts in
£ (or € for Ireland), dates dd/mm/yyyy or "5 March 2026", "Sub total / VAT @ 20% / Total (inc
VAT)" and sometimes "Balance due", payment by sort code and account number plus IBAN and BIC,
and the company registration line in the footer.
"""

from __future__ import annotations

import random
from decimal import Decimal

from boekstuk.synth.families.deal import make_deal
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
from boekstuk.synth.families.formats import DateStyle, MoneyStyle, percent
from boekstuk.synth.families.ids import grouped
from boekstuk.synth.families.lines import format_quantity
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet

NAME = "en_uk"


def gb_vat(vat: str) -> str:
    """A GB VAT number as UK invoices print it: ``GB 123 4567 89``."""
    return f"GB {vat[2:5]} {vat[5:9]} {vat[9:]}" if vat.startswith("GB") else vat


def make(rng: random.Random) -> FamilyDocument:
    """One invoice of this family."""
    irish = rng.random() < 0.2
    country, currency = ("IE", "EUR") if irish else ("GB", "GBP")
    standard = Decimal(23) if irish else Decimal(20)
    rates = (standard, Decimal(0)) if rng.random() < 0.2 else (standard,)
    deal = make_deal(
        rng,
        "en",
        seller_country=country,
        currency=currency,
        rates=rates,
        count=(1, 6),
        days=(14, 30, 30),
    )
    deal.money = MoneyStyle(".", ",", "€" if irish else "£", True)
    if rng.random() < 0.7:
        deal.dates = DateStyle("numeric", "en", "/", True)
    seller, buyer = deal.seller, deal.buyer
    sheet = Sheet(A4, rng.choice(BODY_FONTS), rng.uniform(0.95, 1.05))
    size = rng.uniform(8.8, 10.0)
    left = 48 + jitter(rng, 6)

    y = address_block(sheet, left, 55, seller, size=size, bold_name=True)
    sheet.text(left, y, f"{rng.choice(('Tel', 'T', 'Phone'))}: {seller.phone}", size - 1)
    sheet.text(left, y + size * 1.25, f"{rng.choice(('Email', 'E'))}: {seller.email}", size - 1)
    vat = gb_vat(seller.vat) if rng.random() < 0.7 else seller.vat
    vat_label = rng.choice(("VAT Reg No", "VAT Reg. No.", "VAT No", "VAT Registration No."))
    in_head = rng.random() < 0.5
    if in_head:
        sheet.text(left, y + 2 * size * 1.25, f"{vat_label}: {vat}", size - 1)
    big_right = rng.random() < 0.6
    if big_right:
        sheet.right(548, 70, "INVOICE", rng.uniform(24, 32), bold=True)
    else:
        sheet.text(left, 190, "INVOICE", rng.uniform(22, 28), bold=True)

    x_to = 330 + jitter(rng, 6)
    y_to = 140 + jitter(rng, 5)
    sheet.text(
        x_to,
        y_to,
        rng.choice(("Invoice to:", "INVOICE TO", "Invoice to", "Bill to:")),
        size,
        bold=True,
    )
    address_block(sheet, x_to, y_to + size * 1.5, buyer, size=size)
    deal.party("buyer")

    issued, due = deal.d(deal.issued), deal.d(deal.due)
    meta = [
        (rng.choice(("Invoice No", "Invoice Number", "Invoice #")), deal.number),
        (rng.choice(("Invoice Date", "Date", "Tax Point")), issued),
    ]
    show_due = rng.random() < 0.75
    if show_due:
        meta.append((rng.choice(("Due Date", "Payment Due")), due))
    else:
        meta.append(("Terms", f"{(deal.due - deal.issued).days} days"))
    if rng.random() < 0.5:
        meta.append((rng.choice(("Account Ref", "Customer ID")), deal.customer_no))
    if rng.random() < 0.3:
        meta.append(("Your Order No", deal.reference))
    y = label_rows(sheet, left, 225 if not big_right else 215, meta, size=size - 0.3, gap=90)
    deal.head(number=deal.number, issued=issued, due=due if show_due else None)

    y = max(y, 280) + 14
    cols = [
        Col("Description", left, 300),
        Col(rng.choice(("Qty", "Quantity")), 305, 345, "r"),
        Col(rng.choice(("Unit price", "Rate", "Price")), 350, 420, "r"),
        Col("VAT %", 425, 460, "r"),
        Col(rng.choice(("Net", "Amount")), 465, 548, "r"),
    ]
    rows = [
        [
            line.description,
            format_quantity(line.quantity, "en"),
            deal.m(line.unit_price),
            percent(line.rate, "en"),
            deal.m(line.amount),
        ]
        for line in deal.lines
    ]
    y = draw_table(
        sheet,
        cols,
        rows,
        y,
        TableStyle(
            size=size - 0.6,
            leading=size * 1.5,
            rules=rng.choice(("header", "rows", "grid")),
            header_fill=(0.85, 0.85, 0.85) if rng.random() < 0.5 else None,
        ),
    )

    t = deal.totals()
    summary = [(rng.choice(("Sub total", "Subtotal", "Net total")), deal.m(t.net))]
    for rate in sorted(t.tax_by_rate, reverse=True):
        summary.append(
            (
                rng.choice(("VAT @ {p}", "VAT {p}", "VAT at {p}")).format(p=percent(rate, "en")),
                deal.m(t.tax_by_rate[rate]),
            )
        )
    summary.append(
        (rng.choice(("Total (inc VAT)", "Total", "TOTAL", "Invoice total")), deal.m(t.gross))
    )
    if rng.random() < 0.4:
        summary += [("Amount paid", deal.m(Decimal(0))), ("Balance due", deal.m(t.gross))]
    y = totals_rows(sheet, summary, 340, 548, y + 14, size=size)
    deal.amounts(net=t.net, tax=t.tax, total=t.gross)

    y += 18
    sheet.text(
        left,
        y,
        rng.choice(("Payment details", "Please pay by bank transfer to:", "BANK DETAILS")),
        size,
        bold=True,
    )
    acct = seller.account
    iban = grouped(seller.iban)
    sort_code = f"{acct.sort_code[:2]}-{acct.sort_code[2:4]}-{acct.sort_code[4:]}"
    bank = [("Account name", seller.name), ("Bank", acct.bank)]
    if not irish or rng.random() < 0.3:
        bank += [("Sort code", sort_code), ("Account number", acct.account)]
    bank += [("IBAN", iban), ("BIC", acct.bic)]
    label_rows(sheet, left, y + size * 1.6, bank, size=size - 0.5, gap=95)
    deal.party("seller", vat=vat, iban=iban, bic=acct.bic)

    where = "Ireland" if irish else rng.choice(("England and Wales", "England & Wales", "Scotland"))
    footer = [
        f"Registered in {where} No. {seller.coc}",
        f"Registered office: {seller.street}, {seller.city_line}",
    ]
    if not in_head:
        footer.append(f"{vat_label}: {vat}")
    footer_line(sheet, footer, sheet.height - 34, sep=rng.choice((". ", " | ", " · ")), size=7)
    return deal.document(NAME, "invoice", sheet.pdf(), 1)
