"""Lockbox family ``en_cloud``: an English cloud / SaaS invoice in the style of the big providers.

A logo name, "Invoice" with account number, invoice number, "March 5, 2026" dates and a
billing period; the "Service provider" block opens with a notice such as "(Not to be used for
payment remittance)" before the provider's name; "Bill to" and "Remit to" blocks (the remit-to
bank differs from the provider's address block); an "Invoice summary" of charges, credits and
tax; "Total amount due" in USD or EUR; VAT registration numbers of several countries; phone
and URL lines. EU customers are charged their country's VAT under the provider's local
registration; US customers pay sales tax.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from boekstuk.synth.families.deal import make_deal
from boekstuk.synth.families.draw import Col, TableStyle, draw_table, jitter, label_rows
from boekstuk.synth.families.formats import DateStyle, MoneyStyle
from boekstuk.synth.families.ids import digits, grouped, vat_number
from boekstuk.synth.families.lines import Line, cents
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, LETTER, Sheet
from boekstuk.synth.families.world import company

NAME = "en_cloud"
_STEMS = (
    "Nimbus",
    "Stratus",
    "Cirrus",
    "Altostrat",
    "Skyline",
    "Cumulo",
    "Helix",
    "Quanta",
    "Vertex",
    "Arcadia",
)
_SERVICES = (
    "Elastic Compute Service",
    "Object Storage",
    "Managed Database",
    "Data Transfer",
    "Content Delivery Network",
    "Load Balancing",
    "Container Registry",
    "Monitoring and Logs",
    "Business Support Plan",
    "Serverless Functions",
    "Key Management Service",
    "DNS Hosting",
)
_VAT_RATE = {
    "NL": Decimal(21),
    "DE": Decimal(19),
    "FR": Decimal(20),
    "BE": Decimal(21),
    "IE": Decimal(23),
}
_NOTICES = (
    "(Not to be used for payment remittance)",
    "(Not for remittance)",
    "Service provider - do not remit payment here",
)


def make(rng: random.Random) -> FamilyDocument:
    """One invoice of this family."""
    us = rng.random() < 0.35
    stem = rng.choice(_STEMS)
    buyer_country = "US" if us else rng.choice(("NL", "DE", "FR", "BE", "IE"))
    if us:
        seller = company(rng, "US", name=f"{stem} Web Services, Inc.")
        rate = Decimal(rng.choice((0, 0, 6, 7, 8.25, 9.5))).quantize(Decimal("0.01"))
    else:
        seller = company(
            rng,
            "LU",
            name=f"{stem} {rng.choice(('Web Services EMEA SARL', 'Cloud EMEA S.à r.l.', 'Cloud Services Europe SARL'))}",
        )
        rate = _VAT_RATE[buyer_country]
    deal = make_deal(
        rng,
        "en",
        seller_country=seller.country,
        buyer_country=buyer_country,
        currency="USD" if us else "EUR",
        rates=(rate,),
        count=(3, 8),
        our_side="buyer" if rng.random() < 0.7 else "seller",
        seller=seller,
        days=(0, 15, 30),
    )
    buyer = deal.buyer
    deal.money = MoneyStyle(
        ".", ",", rng.choice(("USD", "$")) if us else rng.choice(("EUR", "€")), True
    )
    deal.dates = DateStyle("us_long", "en") if rng.random() < 0.8 else DateStyle("abbr", "en")
    deal.number = (
        digits(rng, 10, lead=True)
        if rng.random() < 0.6
        else f"{rng.choice(('EUINNL', 'EUINDE', 'US'))}{deal.issued.year % 100}-{digits(rng, 6)}"
    )
    period_end = deal.issued.replace(day=1) - timedelta(days=1)
    period_start = period_end.replace(day=1)
    deal.lines = [
        Line(s, Decimal(1), "", Decimal(rng.randint(50, 250000)) / 100, rate)
        for s in rng.sample(_SERVICES, len(deal.lines))
    ]
    sheet = Sheet(
        LETTER if us or rng.random() < 0.3 else A4, rng.choice(BODY_FONTS), rng.uniform(0.95, 1.03)
    )
    size = rng.uniform(8.0, 9.2)
    left, x1 = 40 + jitter(rng, 4), sheet.width - 40

    sheet.text(
        left,
        50,
        stem.lower() + rng.choice((" web services", " cloud", "")),
        rng.uniform(18, 24),
        bold=True,
    )
    credits = cents(
        sum((line.amount for line in deal.lines), Decimal(0))
        * Decimal(rng.choice((0, 0, 2, 5, 10)))
        / 100
    )
    t = deal.totals(extra={rate: -credits} if credits else None)
    issued, due = deal.d(deal.issued), deal.d(deal.due)
    account = digits(rng, 12, lead=True)
    head = [
        ("Account number", account),
        (rng.choice(("Invoice Number", "Invoice number", "Invoice #")), deal.number),
        (rng.choice(("Invoice Date", "Invoice date")), issued),
    ]
    label_rows(sheet, x1 - 220, 42, head, size=size, right_edge=x1)
    due = due.upper() if rng.random() < 0.3 else due
    sheet.right(x1, 100, f"TOTAL AMOUNT DUE ON {due}", size + 0.5, bold=True)
    sheet.right(x1, 116, deal.m(t.gross), size + 5, bold=True)
    deal.head(number=deal.number, issued=issued, due=due)

    y = 150 + jitter(rng, 4)
    sheet.text(left, y, rng.choice(("Bill to Address:", "Bill to", "BILL TO")), size, bold=True)
    yy = y + size * 1.5
    for line in (
        rng.choice(("ATTN: Accounts Payable", "Attn: Finance", "")),
        buyer.name,
        *buyer.lines,
    ):
        if line:
            sheet.text(left, yy, line, size)
            yy += size * 1.3
    deal.party("buyer")
    if not us and rng.random() < 0.6:
        sheet.text(left, yy, f"Customer VAT number: {buyer.vat}", size - 0.5)
        deal.party("buyer", vat=buyer.vat)

    local_vat = vat_number(rng, buyer_country) if not us else ""
    sx = 320
    sheet.text(
        sx,
        y,
        rng.choice(("Service Provider:", "Service provider", "SERVICE PROVIDER")),
        size,
        bold=True,
    )
    yy = y + size * 1.5
    sheet.text(sx, yy, rng.choice(_NOTICES), size - 1)
    yy += size * 1.3
    for line in (seller.name, *seller.lines):
        sheet.text(sx, yy, line, size)
        yy += size * 1.3
    if us:
        sheet.text(
            sx, yy, f"Federal Tax ID: {digits(rng, 2, lead=True)}-{digits(rng, 7)}", size - 0.5
        )
    else:
        sheet.text(sx, yy, f"VAT Registration Number: {local_vat}", size - 0.5)
        deal.facts.put("seller_vat", local_vat, local_vat)
    deal.party("seller")

    y = max(yy, 240) + 30
    start, end = deal.d(period_start), deal.d(period_end)
    sheet.text(
        left, y, "Invoice summary" if rng.random() < 0.5 else "Invoice Summary", size + 3, bold=True
    )
    sheet.text(left, y + 16, f"This invoice is for the billing period {start} - {end}", size - 0.5)
    summary = [("Charges", deal.n(t.net + credits))]
    if credits:
        summary.append(("Credits", f"-{deal.n(credits)}"))
    summary += [
        ("Total pre-tax", deal.n(t.net)),
        (
            f"{'Sales tax' if us else 'VAT'} {rate.normalize():f}%" if rate else "Estimated tax",
            deal.n(t.tax),
        ),
        ("Total amount due", deal.m(t.gross)),
    ]
    yy = label_rows(sheet, left, y + 36, summary, size=size, right_edge=300, colon="")
    deal.amounts(net=t.net, tax=t.tax, total=t.gross, printed={"total_amount": deal.m(t.gross)})

    cols = [Col("Service", left, 420), Col("Amount", 430, x1, "r")]
    rows = [[line.description, deal.n(line.amount)] for line in deal.lines]
    y = draw_table(
        sheet,
        cols,
        rows,
        yy + 30,
        TableStyle(
            size=size - 0.3, leading=size * 1.55, rules="rows", header_fill=(0.93, 0.93, 0.93)
        ),
    )

    y += 16
    sheet.text(
        left, y, rng.choice(("Remit to:", "Remit To", "Please remit payment to:")), size, bold=True
    )
    payee = (
        seller.name
        if rng.random() < 0.5
        else f"{stem} Payments {'LLC' if us else 'Europe S.à r.l.'}"
    )
    if us:
        remit = [
            payee,
            seller.account.bank,
            f"ABA routing: {seller.account.sort_code}",
            f"Account: {seller.account.account}",
            f"SWIFT: {seller.account.bic}",
        ]
    else:
        iban = grouped(seller.iban)
        remit = [
            payee,
            seller.account.bank,
            f"IBAN: {iban}",
            f"BIC/SWIFT: {seller.account.bic}",
            f"Reference: {deal.number}",
        ]
        deal.party("seller", iban=iban, bic=seller.account.bic)
    for line in remit:
        y += size * 1.3
        sheet.text(left + 10, y, line, size - 0.5)

    y += 28
    if not us:
        regs = [
            f"{c} {vat_number(rng, c)}"
            for c in rng.sample(("AT", "BE", "DE", "FR", "GB", "IE", "NL"), 4)
            if c != buyer_country
        ]
        sheet.paragraph(
            left, y, "VAT registration numbers: " + "; ".join(regs), x1 - left, size - 1.5
        )
        y += 22
    sheet.text(
        left,
        y,
        f"Questions? https://{stem.lower()}.example/billing  Tel: {seller.phone}",
        size - 1.5,
    )
    sheet.text(left, y + 11, f"www.{stem.lower()}.example/support", size - 1.5)
    return deal.document(NAME, "invoice", sheet.pdf(), 1)
