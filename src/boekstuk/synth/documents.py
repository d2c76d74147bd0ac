"""Synthetic invoices, credit notes and receipts with their true values and word labels.

In: a seed (or a :class:`random.Random`). Out: :class:`SynthDocument` s — the page as the text
stage hands it over (:class:`PageText` of positioned words, optionally with OCR-like noise),
the true field values and, per word, which party entity it belongs to (``SELLER``,
``SELLER_ADDR``, ``BUYER``, ``BUYER_ADDR`` or None). Layouts: DIN 5008 / NEN letters with an
address window, labelled two-column party blocks, e-invoice viewer pages ("Name: … Anschrift:
…"), inline "Aan:" buyers, and till receipts. Deterministic for a given seed; raises nothing.

>>> doc = synth_document(random.Random(3))
>>> doc.truth["seller_name"] in doc.pages[0].text
True
>>> len(doc.labels[0]) == len(doc.pages[0].words)
True
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.iso7064 import mod_11_10

from boekstuk.domain.extraction import PageText, TextSource, Word
from boekstuk.domain.identifiers import vat_is_valid
from boekstuk.synth import vocab as V

A4 = (595.0, 842.0)
Part = tuple[str, str | None]  # text, entity label


@dataclass(frozen=True, slots=True)
class SynthDocument:
    """One synthetic document: pages, true values and the entity label of every word."""

    kind: str  # invoice | credit_note | receipt
    language: str
    layout: str
    pages: tuple[PageText, ...]
    truth: dict[str, str]
    labels: tuple[tuple[str | None, ...], ...]  # per page, per word


class _Page:
    """Collects positioned lines and turns them into words (Helvetica-like widths)."""

    def __init__(self, width: float = A4[0], height: float = A4[1]) -> None:
        self.width, self.height = width, height
        self.words: list[Word] = []
        self.labels: list[str | None] = []
        self.block = 0
        self.dy = 0.0  # everything below a header band moves down by this much

    def put(self, x: float, y: float, parts: list[Part] | str, size: float = 9.0) -> float:
        """Write ``parts`` at (x, y top); returns the x where the text ends."""
        if isinstance(parts, str):
            parts = [(parts, None)]
        y += self.dy
        char = 0.52 * size
        cursor = x
        for text, label in parts:
            for token in text.split():
                width = char * len(token) * (1.12 if token.isupper() else 1.0)
                self.words.append(
                    Word(token, (cursor, y, cursor + width, y + size), 1.0, self.block)
                )
                self.labels.append(label)
                cursor += width + 0.28 * size
        self.block += 1
        return cursor

    def right(self, x1: float, y: float, parts: list[Part] | str, size: float = 9.0) -> None:
        """Write ``parts`` so they end at ``x1``."""
        text = parts if isinstance(parts, str) else " ".join(p[0] for p in parts)
        width = sum(0.52 * size * len(t) * (1.12 if t.isupper() else 1.0) for t in text.split())
        self.put(x1 - width - 0.28 * size * (len(text.split()) - 1), y, parts, size)

    def centre(self, y: float, parts: list[Part] | str, size: float = 9.0) -> None:
        """Write ``parts`` centred on the page."""
        text = parts if isinstance(parts, str) else " ".join(p[0] for p in parts)
        width = 0.55 * size * len(text)
        self.put(max(5.0, (self.width - width) / 2), y, parts, size)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def vat_number(rng: random.Random, lang: str) -> str:
    """A VAT number of the language's country that passes its checksum (check digits computed)."""
    country = {"nl": "NL", "de": "DE", "fr": "FR"}.get(lang, rng.choice(("NL", "DE")))
    while True:
        if country == "DE":
            body = str(rng.randint(1, 9)) + _digits(rng, 7)
            value = f"DE{body}{mod_11_10.calc_check_digit(body)}"
        elif country == "FR":
            head = str(rng.randint(1, 9)) + _digits(rng, 7)
            siren = head + luhn.calc_check_digit(head)
            value = f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"
        else:  # NL: the 9 digits weigh 9..2 and -1, the sum divisible by 11
            head = str(rng.randint(1, 9)) + _digits(rng, 7)
            check = sum(int(d) * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
            value = f"NL{head}{check}B01"
        if vat_is_valid(value):  # NL with check 10 is not a number: draw again
            return value


def iban_number(rng: random.Random, lang: str) -> str:
    """An IBAN of the language's country with correct check digits."""
    country, bban = {
        "nl": ("NL", rng.choice(("ABNA", "INGB", "RABO", "TRIO")) + _digits(rng, 10)),
        "fr": ("FR", _digits(rng, 10) + "A" + _digits(rng, 10) + _digits(rng, 2)),
        "en": ("GB", rng.choice(("NWBK", "BARC", "HBUK")) + _digits(rng, 14)),
    }.get(lang, ("DE", _digits(rng, 18)))
    check = std_iban.calc_check_digits(country + "00" + bban)
    return country + check + bban


def _spaced(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def _date(rng: random.Random, lang: str) -> tuple[str, str]:
    """A date as printed (the language's way) and in ISO form."""
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2019, 2026)
    iso = f"{year}-{month:02d}-{day:02d}"
    if lang == "en" and rng.random() < 0.5:
        return f"{month:02d}/{day:02d}/{year}", iso
    sep = {"de": ".", "fr": "/", "nl": "-"}.get(lang, "/")
    return f"{day:02d}{sep}{month:02d}{sep}{year}", iso


def _money(value: Decimal, lang: str) -> str:
    text = f"{value:,.2f}"
    if lang in ("nl", "de", "fr"):
        text = text.replace(",", "_").replace(".", ",").replace("_", "." if lang != "fr" else " ")
    return text


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
    page: _Page, x: float, y: float, party: _Party, role: str, size: float = 9.0, lead: float = 12
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
    page: _Page, x: float, y: float, lang: str, number: str, date: str, rng: random.Random
) -> float:
    labels = V.META_LABELS[lang]
    rows = [(labels[0], number), (labels[1], date), (labels[2], _date(rng, lang)[0])]
    if rng.random() < 0.5:
        rows.append((labels[3], _digits(rng, 5)))
    colon = ":" if rng.random() < 0.5 else ""
    for label, value in rows:
        page.put(x, y, label + colon)
        page.put(x + 105, y, value)
        y += 12
    return y


def _body(page: _Page, y: float, lang: str, rng: random.Random, sign: int) -> tuple[float, Decimal]:
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
        page.right(545, y, _money(sign * amount, lang))
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
        page.right(545, y, _money(sign * value, lang) + (" EUR" if rng.random() < 0.3 else ""))
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


def _other_party(page: _Page, x: float, y: float, lang: str, rng: random.Random) -> float:
    """A third party (delivery address, payee): a name and address that are neither side's."""
    page.put(x, y, rng.choice(_OTHER_LABELS) + rng.choice(("", ":")), 9)
    other = _party(rng, lang)
    return _plain_block(page, x, y + 14, other)


def _plain_block(page: _Page, x: float, y: float, party: _Party) -> float:
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


def _footer(page: _Page, seller: _Party, lang: str, rng: random.Random) -> None:
    y = page.height - rng.uniform(60, 90)
    labelled = rng.random() < 0.7
    page.put(50, y, [(seller.name, "SELLER" if labelled else None)], 7)
    for i, line in enumerate(seller.lines[:2]):
        page.put(50, y + 9 * (i + 1), [(line, "SELLER_ADDR" if labelled else None)], 7)
    page.put(230, y, f"{V.VAT_LABEL[lang]} {seller.vat}", 7)
    page.put(
        230,
        y + 9,
        f"{V.PHONE_LABEL[lang]} +{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 6)}",
        7,
    )
    page.put(400, y, f"IBAN {_spaced(seller.iban)}", 7)
    for i in range(rng.randint(0, 2)):
        extra = rng.choice(_FOOTER_EXTRAS)
        city = rng.choice(V.CITIES[lang])[0]
        text = extra.format(p=V.person(rng), n=_digits(rng, 6), c=city)
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
        (V.PHONE_LABEL[lang] + ":", f"+{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 6)}"),
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


def _preamble(page: _Page, rng: random.Random, lang: str, number: str, date: str) -> float:
    """Some header rows before the parties (viewer banners, references); returns their height."""
    y = 40.0
    for line in rng.sample(_PREAMBLE, rng.randint(0, 5)):
        page.put(50, y, line, 8)
        if rng.random() < 0.5:
            page.put(220, y, rng.choice((number, date, "EUR", _digits(rng, 6))), 8)
        y += 11
    return y - 40.0


def _invoice(rng: random.Random, lang: str, kind: str) -> tuple[_Page, dict[str, str], str]:
    page = _Page()
    seller, buyer = _party(rng, lang), _party(rng, lang)
    if rng.random() < 0.3:
        buyer.person = V.person(rng)
    number = rng.choice(("", "INV-", "RE-", "F", "2026-")) + _digits(rng, rng.randint(3, 8))
    date, iso_date = _date(rng, lang)
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
                page.put(200, y, _digits(rng, 6))
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
        page.put(360, 110, f"IBAN: {_spaced(seller.iban)}", 8)
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


def _receipt(rng: random.Random, lang: str) -> tuple[_Page, dict[str, str], str]:
    page = _Page(226.0, rng.uniform(400, 700))
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
        page.centre(y, f"(CO. REG : {_digits(rng, 6)}-{rng.choice('ABCDPTUVW')})", 7)
        y += 10
    for line in lines:
        page.centre(y, [(line, "SELLER_ADDR")], 8)
        y += 10
    page.centre(y, f"TEL: 0{_digits(rng, 2)}-{_digits(rng, 7)}", 7)
    y += 10
    if region == "my" and rng.random() < 0.6:
        page.centre(y, f"GST ID : {_digits(rng, 12)}", 7)
        y += 10
    y += 6
    page.centre(
        y, rng.choice(("TAX INVOICE", "RECEIPT", "CASH BILL", "Kassabon", "Quittung", "Ticket")), 9
    )
    y += 16
    date, iso_date = _date(rng, lang)
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


_OCR_SWAPS = {
    "O": "0",
    "0": "O",
    "l": "1",
    "1": "l",
    "I": "1",
    "S": "5",
    "B": "8",
    "e": "c",
    "rn": "m",
}


def _ocr_noise(word: Word, rng: random.Random, rate: float) -> Word:
    """The word as a poor scan reads it: a swapped or dropped character now and then."""
    text = word.text
    if rng.random() < rate:
        i = rng.randrange(len(text))
        swap = _OCR_SWAPS.get(text[i])
        text = (
            text[:i] + (swap if swap else "") + text[i + 1 :] if (swap or len(text) > 3) else text
        )
    return Word(
        text or word.text, word.bbox, 0.6 if text != word.text else 0.9, word.block, word.line
    )


def synth_document(
    rng: random.Random, kind: str | None = None, language: str | None = None
) -> SynthDocument:
    """One random document (``kind`` and ``language`` drawn when not given)."""
    lang = language or rng.choice(V.LANGUAGES)
    kind = kind or rng.choices(("invoice", "credit_note", "receipt"), weights=(6, 1, 3))[0]
    if kind == "receipt":
        page, truth, layout = _receipt(rng, lang)
    else:
        page, truth, layout = _invoice(rng, lang, kind)
    printed = "".join(w.text for w in page.words)
    for key in ("seller_vat", "seller_iban"):  # true values only for what the page shows
        if key in truth and truth[key] not in printed:
            del truth[key]
    words = page.words
    source = TextSource.TEXT_LAYER
    if rng.random() < 0.35:
        rate = rng.uniform(0.02, 0.12)
        words = [_ocr_noise(w, rng, rate) for w in words]
        source = TextSource.OCR
    text_page = PageText(1, page.width, page.height, tuple(words), source)
    return SynthDocument(kind, lang, layout, (text_page,), truth, (tuple(page.labels),))


def synth_corpus(count: int, seed: int = 0) -> Iterator[SynthDocument]:
    """``count`` documents from ``seed`` (the same seed gives the same corpus)."""
    rng = random.Random(seed)
    for _ in range(count):
        yield synth_document(rng)
