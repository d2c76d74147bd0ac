"""Synthetic invoice, credit-note and receipt layouts with their true values.

In: a :class:`random.Random`, a language and a kind. Out: the drawn :class:`Page`, the true
field values and the layout's name. Invoice layouts: ``letter`` (DIN 5008 / NEN letter with an
address window and footer), ``sections`` (labelled party columns), ``viewer`` (an e-invoice
viewer page: "Name: … Anschrift: …"), ``inline`` ("Aan: …" on one line) and ``sidebar``; plus
third parties (delivery address, payee) and header bands that are neither side. Raises nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from boekstuk.synth import vocab as V
from boekstuk.synth.page import (
    Page,
    Part,
    digits,
    iban_number,
    money,
    printed_date,
    spaced,
    vat_number,
)


@dataclass(slots=True)
class _Party:
    name: str
    lines: list[str]
    vat: str
    iban: str
    person: str


def _party(rng: random.Random, lang: str) -> _Party:
    name = V.person(rng) if rng.random() < 0.08 else V.company(rng, lang)
    return _Party(name, V.address(rng, lang), vat_number(rng, lang), iban_number(rng, lang), "")


def _block(
    page: Page, x: float, y: float, party: _Party, role: str, size: float = 9.0, lead: float = 12
) -> float:
    """Name and address lines at (x, y); returns the y below the block."""
    page.put(x, y, [(party.name, role)], size)
    y += lead
    if party.person:
        page.put(x, y, party.person, size)
        y += lead
    for line in party.lines:
        page.put(x, y, [(line, f"{role}_ADDR")], size)
        y += lead
    return y


def _meta(
    page: Page, x: float, y: float, lang: str, number: str, date: str, rng: random.Random
) -> float:
    labels = V.META_LABELS[lang]
    rows = [(labels[0], number), (labels[1], date), (labels[2], printed_date(rng, lang)[0])]
    if rng.random() < 0.5:
        rows.append((labels[3], digits(rng, 5)))
    colon = ":" if rng.random() < 0.5 else ""
    for label, value in rows:
        page.put(x, y, label + colon)
        page.put(x + 105, y, value)
        y += 12
    return y


def _body(page: Page, y: float, lang: str, rng: random.Random, sign: int) -> tuple[float, Decimal]:
    """Line items and the totals block; returns the y below and the total."""
    head = {"nl": "Omschrijving", "en": "Description", "de": "Bezeichnung", "fr": "Désignation"}
    page.put(50, y, head[lang])
    page.put(330, y, {"nl": "Aantal", "en": "Qty", "de": "Menge", "fr": "Qté"}[lang])
    page.right(545, y, {"nl": "Bedrag", "en": "Amount", "de": "Betrag", "fr": "Montant"}[lang])
    y += 16
    net = Decimal(0)
    for _ in range(rng.randint(1, 6)):
        qty = rng.randint(1, 20)
        price = Decimal(rng.randint(100, 50000)) / 100
        amount = qty * price
        net += amount
        page.put(50, y, rng.choice(V.PRODUCTS))
        page.put(330, y, str(qty))
        page.right(545, y, money(sign * amount, lang))
        y += 12
    rate = Decimal(rng.choice((21, 19, 20, 9, 7)))
    tax = (net * rate / 100).quantize(Decimal("0.01"))
    labels = {
        "nl": ("Subtotaal", f"BTW {rate}%", "Totaal te betalen"),
        "en": ("Subtotal", f"VAT {rate}%", "Total due"),
        "de": ("Nettobetrag", f"USt. {rate}%", "Gesamtbetrag"),
        "fr": ("Total HT", f"TVA {rate}%", "Total TTC"),
    }[lang]
    y += 10
    for label, value in zip(labels, (net, tax, net + tax), strict=True):
        page.put(330, y, label)
        page.right(545, y, money(sign * value, lang) + (" EUR" if rng.random() < 0.3 else ""))
        y += 13
    return y, net + tax


_OTHER_LABELS = (
    "Abweichender Warenempfänger",
    "Lieferanschrift",
    "Ship to",
    "Delivery address",
    "Afleveradres",
    "Adresse de livraison",
    "Zahlungsempfänger",
    "Payee",
    "Représentant fiscal",
)


def _other_party(page: Page, x: float, y: float, lang: str, rng: random.Random) -> float:
    """A third party (delivery address, payee): a name and address that are neither side's."""
    page.put(x, y, rng.choice(_OTHER_LABELS) + rng.choice(("", ":")), 9)
    other = _party(rng, lang)
    return _plain_block(page, x, y + 14, other)


def _plain_block(page: Page, x: float, y: float, party: _Party) -> float:
    for line in [party.name, *party.lines]:
        page.put(x, y, line)
        y += 12
    return y


_FOOTER_EXTRAS = (
    "Geschäftsführer: {p}",
    "Amtsgericht Musterstadt HRB {n}",
    "Hausbank {c}",
    "Bank: {c} Sparkasse",
    "Directeur : {p}",
    "RCS {c} B {n}",
    "KvK {n}",
    "Registered in England No. {n}",
    "Bankverbindung: {c}",
    "Handelsregister: HRB {n}",
)


def _footer(page: Page, seller: _Party, lang: str, rng: random.Random) -> None:
    y = page.height - rng.uniform(60, 90)
    labelled = rng.random() < 0.7
    page.put(50, y, [(seller.name, "SELLER" if labelled else None)], 7)
    for i, line in enumerate(seller.lines[:2]):
        page.put(50, y + 9 * (i + 1), [(line, "SELLER_ADDR" if labelled else None)], 7)
    page.put(230, y, f"{V.VAT_LABEL[lang]} {seller.vat}", 7)
    page.put(
        230,
        y + 9,
        f"{V.PHONE_LABEL[lang]} +{digits(rng, 2)} {digits(rng, 3)} {digits(rng, 6)}",
        7,
    )
    page.put(400, y, f"IBAN {spaced(seller.iban)}", 7)
    for i in range(rng.randint(0, 2)):
        extra = rng.choice(_FOOTER_EXTRAS)
        city = rng.choice(V.CITIES[lang])[0]
        text = extra.format(p=V.person(rng), n=digits(rng, 6), c=city)
        page.put(400, y + 9 * (i + 1), text, 7)


def _contacts(rng: random.Random, lang: str, party: _Party) -> list[tuple[str, str]]:
    """A few of: contact person, phone, e-mail, VAT number (labelled, in random order)."""
    domain = "".join(c for c in party.name.split()[0].lower() if c.isalnum()) or "firma"
    rows = [
        (
            {"de": "Ansprechpartner:", "nl": "Contactpersoon:", "fr": "Contact :"}.get(
                lang, "Contact:"
            ),
            V.person(rng),
        ),
        (V.PHONE_LABEL[lang] + ":", f"+{digits(rng, 2)} {digits(rng, 3)} {digits(rng, 6)}"),
        ("E-Mail:", f"{rng.choice(('info', 'billing', 'kontakt', 'facturen'))}@{domain}.com"),
        (V.VAT_LABEL[lang] + ":", party.vat),
    ]
    return [row for row in rows if rng.random() < 0.5]


_PREAMBLE = (
    "Stylesheet zur Lesbarmachung der XML-Daten",
    "Visualisierung eRechnung",
    "Seite 1 von 2",
    "Page 1 of 1",
    "Pagina 1/1",
    "Währung: EUR",
    "Currency: EUR",
    "Liefer- und Leistungsdatum:",
    "Bestellnummer: 4711",
    "Order ref.: PO-2291",
    "Référence commande : 8812",
    "Kopie / Copy",
    "Zahlungsreferenz:",
    "Referenz des Käufers:",
    "Leveringsdatum:",
    "Date de livraison :",
)


def _preamble(page: Page, rng: random.Random, lang: str, number: str, date: str) -> float:
    """Some header rows before the parties (viewer banners, references); returns their height."""
    y = 40.0
    for line in rng.sample(_PREAMBLE, rng.randint(0, 5)):
        page.put(50, y, line, 8)
        if rng.random() < 0.5:
            page.put(220, y, rng.choice((number, date, "EUR", digits(rng, 6))), 8)
        y += 11
    return y - 40.0


def invoice_page(rng: random.Random, lang: str, kind: str) -> tuple[Page, dict[str, str], str]:
    page = Page()
    seller, buyer = _party(rng, lang), _party(rng, lang)
    if rng.random() < 0.3:
        buyer.person = V.person(rng)
    number = rng.choice(("", "INV-", "RE-", "F", "2026-")) + digits(rng, rng.randint(3, 8))
    date, iso_date = printed_date(rng, lang)
    layout = rng.choice(("letter", "sections", "viewer", "inline", "sidebar"))
    sign = -1 if kind == "credit_note" else 1
    title = V.TITLES[kind][lang]
    top = 40.0
    if layout in ("viewer", "sections"):
        top += _preamble(page, rng, lang, number, date)
    elif rng.random() < 0.4:  # a header band (viewer banner, references) above a letter
        page.dy = _preamble(page, rng, lang, number, date) + 10
    if layout == "letter":
        size = rng.choice((12.0, 14.0, 16.0, 18.0))
        x = rng.choice((50.0, 300.0))
        y = 40.0
        words = seller.name.split()
        if len(words) >= 3 and rng.random() < 0.2:  # a letterhead name over two lines
            page.put(x, y, [(" ".join(words[:-1]), "SELLER")], size)
            y += size + 2
            page.put(x, y, [(words[-1], "SELLER")], size)
        else:
            page.put(x, y, [(seller.name, "SELLER")], size)
        y += size + 4
        for line in seller.lines:
            page.put(x, y, [(line, "SELLER_ADDR")], 8)
            y += 10
        page.put(57, 128, " · ".join([seller.name, *seller.lines[:2]]), 6)
        _block(page, 57, 142, buyer, "BUYER", 10, 12)
        page.put(50, 230, title.upper() if rng.random() < 0.5 else title, 14)
        end = _meta(page, 330, 142, lang, number, date, rng)
        if rng.random() < 0.2:
            _other_party(page, 330, end + 4, lang, rng)
        _, total = _body(page, 290, lang, rng, sign)
        _footer(page, seller, lang, rng)
    elif layout == "sections":
        flip = rng.random() < 0.3
        xs, xb = (300.0, 50.0) if flip else (50.0, 300.0)
        page.put(50, top, title.upper(), 16)
        colon = ":" if rng.random() < 0.5 else ""
        page.put(xs, top + 40, rng.choice(V.SELLER_LABELS[lang]) + colon, 9)
        end_s = _block(page, xs, top + 54, seller, "SELLER")
        page.put(xb, top + 40, rng.choice(V.BUYER_LABELS[lang]) + colon, 9)
        end_b = _block(page, xb, top + 54, buyer, "BUYER")
        for label, value in _contacts(rng, lang, seller):
            page.put(xs, end_s, f"{label} {value}", 8)
            end_s += 11
        y = _meta(page, 50, max(end_s, end_b) + 16, lang, number, date, rng)
        if rng.random() < 0.3:
            y = _other_party(page, 300, y + 10, lang, rng)
        _, total = _body(page, y + 20, lang, rng, sign)
        if rng.random() < 0.5:
            _footer(page, seller, lang, rng)
    elif layout == "viewer":
        page.put(
            50, top, f"{title} Nr. {number} vom {date}" if lang == "de" else f"{title} {number}", 11
        )
        y = top + 20
        for role, party, labels in (
            ("SELLER", seller, V.SELLER_LABELS),
            ("BUYER", buyer, V.BUYER_LABELS),
        ):
            page.put(50, y, rng.choice(labels[lang]), 10)
            y += 14
            if rng.random() < 0.6:
                page.put(50, y, "Nummer:" if lang == "de" else "No.:")
                page.put(200, y, digits(rng, 6))
                y += 12
            page.put(50, y, V.NAME_LABEL[lang])
            page.put(200, y, [(party.name, role)])
            y += 12
            page.put(50, y, V.ADDRESS_LABEL[lang])
            page.put(200, y, [(party.lines[0], f"{role}_ADDR")])
            for line in party.lines[1:]:
                y += 12
                page.put(200, y, [(line, f"{role}_ADDR")])
            y += 12
            for label, value in _contacts(rng, lang, party):
                page.put(50, y, label)
                page.put(200, y, value)
                y += 12
            y += 10
        if rng.random() < 0.3:
            y = _other_party(page, 50, y, lang, rng) + 10
        _, total = _body(page, y + 10, lang, rng, sign)
    elif layout == "inline":
        page.put(50, 40, [(seller.name, "SELLER")], 14)
        page.put(50, 58, [(", ".join(seller.lines), "SELLER_ADDR")], 8)
        page.put(50, 100, title, 14)
        to = {"nl": "Aan:", "en": "To:", "de": "An:", "fr": "À :"}[lang]
        page.put(
            50,
            130,
            [
                (to, None),
                (buyer.name, "BUYER"),
                (",", None),
                (", ".join(buyer.lines), "BUYER_ADDR"),
            ],
        )
        _meta(page, 330, 150, lang, number, date, rng)
        _, total = _body(page, 230, lang, rng, sign)
    else:  # sidebar: seller block top right with contact details, buyer below with a label
        _block(page, 360, 40, seller, "SELLER", 10, 12)
        page.put(360, 100, f"{V.VAT_LABEL[lang]}: {seller.vat}", 8)
        page.put(360, 110, f"IBAN: {spaced(seller.iban)}", 8)
        page.put(50, 60, title.upper(), 20)
        page.put(50, 140, rng.choice(V.BUYER_LABELS[lang]) + ":")
        _block(page, 50, 154, buyer, "BUYER")
        _meta(page, 330, 154, lang, number, date, rng)
        _, total = _body(page, 250, lang, rng, sign)
    truth = {
        "invoice_number": number,
        "seller_name": seller.name,
        "seller_address": ", ".join(seller.lines),
        "buyer_name": buyer.name,
        "buyer_address": ", ".join(buyer.lines),
        "seller_vat": seller.vat,
        "seller_iban": seller.iban,
        "total_amount": f"{sign * total:.2f}",
        "invoice_date": iso_date,
    }
    return page, truth, layout


def receipt_page(rng: random.Random, lang: str) -> tuple[Page, dict[str, str], str]:
    page = Page(226.0, rng.uniform(400, 700))
    region = "my" if rng.random() < 0.5 else lang
    merchant = V.company(rng, region)
    if region == "my" or rng.random() < 0.4:
        merchant = merchant.upper()
    lines = V.address(rng, region)
    if region == "my" and rng.random() < 0.5:
        lines = [", ".join(lines[:1]) + ",", *lines[1:]]
    y = rng.uniform(10, 30)
    if rng.random() < 0.2:
        page.centre(y, rng.choice(("WELCOME", "*** RECEIPT ***", "Welkom")), 8)
        y += 12
    size = rng.choice((9.0, 10.0, 12.0))
    words = merchant.split()
    merchant_parts: list[Part]
    if len(words) >= 3 and rng.random() < 0.35:  # a long name wraps: both lines are the name
        cut = rng.randint(1, len(words) - 1)
        page.centre(y, [(" ".join(words[:cut]), "SELLER")], size)
        y += size + 3
        merchant_parts = [(" ".join(words[cut:]), "SELLER")]
    else:
        merchant_parts = [(merchant, "SELLER")]
    page.centre(y, merchant_parts, size)
    y += 14
    if region == "my" and rng.random() < 0.6:
        page.centre(y, f"(CO. REG : {digits(rng, 6)}-{rng.choice('ABCDPTUVW')})", 7)
        y += 10
    for line in lines:
        page.centre(y, [(line, "SELLER_ADDR")], 8)
        y += 10
    page.centre(y, f"TEL: 0{digits(rng, 2)}-{digits(rng, 7)}", 7)
    y += 10
    if region == "my" and rng.random() < 0.6:
        page.centre(y, f"GST ID : {digits(rng, 12)}", 7)
        y += 10
    y += 6
    page.centre(
        y, rng.choice(("TAX INVOICE", "RECEIPT", "CASH BILL", "Kassabon", "Quittung", "Ticket")), 9
    )
    y += 16
    date, iso_date = printed_date(rng, lang)
    page.put(
        10,
        y,
        f"{rng.choice(('Date', 'DATE', 'Datum'))}: {date} {rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}",
        7,
    )
    y += 14
    total = Decimal(0)
    for _ in range(rng.randint(1, 8)):
        amount = Decimal(rng.randint(50, 9000)) / 100
        total += amount
        page.put(10, y, rng.choice(V.PRODUCTS).upper(), 7)
        page.right(215, y, f"{amount:.2f}", 7)
        y += 10
    y += 6
    page.put(
        10, y, rng.choice(("TOTAL", "TOTAL (RM)", "TOTAAL", "SUMME", "Total TTC", "Grand Total")), 8
    )
    page.right(215, y, f"{total:.2f}", 8)
    y += 14
    page.centre(
        y, rng.choice(("THANK YOU", "Dank u wel", "Vielen Dank", "Merci", "PLEASE COME AGAIN")), 7
    )
    truth = {
        "seller_name": merchant,
        "seller_address": ", ".join(lines),
        "total_amount": f"{total:.2f}",
        "invoice_date": iso_date,
    }
    return page, truth, "receipt"
