"""The page a synthetic document is drawn on, and the values printed on it.

In: a :class:`random.Random`. Out: :class:`Page` (positioned lines → words with Helvetica-like
widths and per-word entity labels), checksum-valid VAT numbers and IBANs, dates and amounts as
each language prints them. Raises nothing.

>>> import random
>>> from boekstuk.domain.identifiers import iban_is_valid, vat_is_valid
>>> rng = random.Random(1)
>>> all(vat_is_valid(vat_number(rng, lang)) for lang in ("nl", "de", "fr", "en"))
True
>>> iban_is_valid(iban_number(rng, "nl")), money(Decimal("1234.5"), "de")
(True, '1.234,50')
"""

from __future__ import annotations

import random
from decimal import Decimal

from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.iso7064 import mod_11_10

from boekstuk.domain.extraction import Word
from boekstuk.domain.identifiers import vat_is_valid

A4 = (595.0, 842.0)
Part = tuple[str, str | None]  # text, entity label


class Page:
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


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def vat_number(rng: random.Random, lang: str) -> str:
    """A VAT number of the language's country that passes its checksum (check digits computed)."""
    country = {"nl": "NL", "de": "DE", "fr": "FR"}.get(lang, rng.choice(("NL", "DE")))
    while True:
        if country == "DE":
            body = str(rng.randint(1, 9)) + digits(rng, 7)
            value = f"DE{body}{mod_11_10.calc_check_digit(body)}"
        elif country == "FR":
            head = str(rng.randint(1, 9)) + digits(rng, 7)
            siren = head + luhn.calc_check_digit(head)
            value = f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"
        else:  # NL: the 9 digits weigh 9..2 and -1, the sum divisible by 11
            head = str(rng.randint(1, 9)) + digits(rng, 7)
            check = sum(int(d) * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
            value = f"NL{head}{check}B01"
        if vat_is_valid(value):  # NL with check 10 is not a number: draw again
            return value


def iban_number(rng: random.Random, lang: str) -> str:
    """An IBAN of the language's country with correct check digits."""
    country, bban = {
        "nl": ("NL", rng.choice(("ABNA", "INGB", "RABO", "TRIO")) + digits(rng, 10)),
        "fr": ("FR", digits(rng, 10) + "A" + digits(rng, 10) + digits(rng, 2)),
        "en": ("GB", rng.choice(("NWBK", "BARC", "HBUK")) + digits(rng, 14)),
    }.get(lang, ("DE", digits(rng, 18)))
    check = std_iban.calc_check_digits(country + "00" + bban)
    return country + check + bban


def spaced(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def printed_date(rng: random.Random, lang: str) -> tuple[str, str]:
    """A date as printed (the language's way) and in ISO form."""
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2019, 2026)
    iso = f"{year}-{month:02d}-{day:02d}"
    if lang == "en" and rng.random() < 0.5:
        return f"{month:02d}/{day:02d}/{year}", iso
    sep = {"de": ".", "fr": "/", "nl": "-"}.get(lang, "/")
    return f"{day:02d}{sep}{month:02d}{sep}{year}", iso


def money(value: Decimal, lang: str) -> str:
    text = f"{value:,.2f}"
    if lang in ("nl", "de", "fr"):
        text = text.replace(",", "_").replace(".", ",").replace("_", "." if lang != "fr" else " ")
    return text
