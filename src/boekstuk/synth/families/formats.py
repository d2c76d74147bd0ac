"""How amounts and dates are printed: number styles, currency signs, month names per language.

In: a :class:`random.Random`, a language (``nl``, ``en``, ``de``, ``fr``) and a currency.
Out: a :class:`MoneyStyle` (``1.234,56`` / ``1,234.56`` / ``1 234,56`` / ``1'234.56``, with
``€``, ``EUR``, ``£``… before or after, or none) and a :class:`DateStyle` (numeric with the
language's separators, or long with month names: ``5 maart 2026``, ``5. März 2026``,
``March 5, 2026``, ``05 Mar 2026``…). Both print a value the same way every time they are
called, so a document is consistent within itself. Raises nothing.

>>> from datetime import date
>>> MoneyStyle(",", ".", "€", before=True)(Decimal("-1234.5"))
'€ -1.234,50'
>>> MoneyStyle(".", ",", "USD", before=False).plain(Decimal("1234.5"))
'1,234.50'
>>> MoneyStyle(",", " ", "EUR", before=False)(Decimal("1234.56"))
'1 234,56 EUR'
>>> DateStyle("long", "nl")(date(2026, 3, 5)), DateStyle("long", "de")(date(2026, 3, 5))
('5 maart 2026', '5. März 2026')
>>> DateStyle("us_long", "en")(date(2026, 3, 5)), DateStyle("abbr", "en")(date(2026, 3, 5))
('March 5, 2026', '05 Mar 2026')
>>> DateStyle("numeric", "de", sep=".")(date(2026, 3, 5))
'05.03.2026'
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

__all__ = ["MONTHS", "DateStyle", "MoneyStyle", "date_style", "money_style", "percent"]

MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
}
_ABBR = {
    "nl": "jan feb mrt apr mei jun jul aug sep okt nov dec",
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "de": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sep. Okt. Nov. Dez.",
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
}
SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "CHF": "CHF"}


@dataclass(frozen=True, slots=True)
class MoneyStyle:
    """One way of printing amounts: decimal mark, thousands separator, currency and its place."""

    decimal: str
    group: str
    currency: str  # what is printed: "€", "EUR", "£", "$", "CHF" or "" (none)
    before: bool = True
    minus_after: bool = False  # "12,50-" (German ERP style)

    def plain(self, value: Decimal, *, sign: bool = True) -> str:
        """The number alone: ``1.234,56`` (``sign=False`` drops the minus)."""
        text = f"{abs(value):,.2f}".replace(",", "\x00").replace(".", self.decimal)
        text = text.replace("\x00", self.group)
        if value < 0 and sign:
            return text + "-" if self.minus_after else "-" + text
        return text

    def __call__(self, value: Decimal, *, sign: bool = True) -> str:
        """The amount with its currency where this style puts it."""
        number = self.plain(value, sign=sign)
        if not self.currency:
            return number
        if self.before:
            glue = "" if self.currency in ("$", "£") else " "
            return f"{self.currency}{glue}{number}"
        return f"{number} {self.currency}"


def money_style(
    rng: random.Random, lang: str, currency: str = "EUR", *, symbol: bool | None = None
) -> MoneyStyle:
    """A style a document of ``lang`` in ``currency`` plausibly uses."""
    if currency == "CHF":
        decimal, group = ".", rng.choice(("'", "’", " "))
    elif lang == "en" or currency in ("USD", "GBP"):
        decimal, group = ".", ","
    elif lang == "fr":
        decimal, group = ",", rng.choice((" ", " ", "\u00a0", ".", ""))
    else:
        decimal, group = ",", rng.choice((".", ".", ".", " ", ""))
    use_symbol = rng.random() < 0.6 if symbol is None else symbol
    shown = SYMBOLS.get(currency, currency) if use_symbol else currency
    if currency in ("GBP", "USD"):
        before = True
    elif lang in ("fr", "de"):
        before = rng.random() < 0.2
    else:
        before = rng.random() < 0.7
    return MoneyStyle(decimal, group, shown, before, minus_after=False)


@dataclass(frozen=True, slots=True)
class DateStyle:
    """One way of printing dates: ``numeric`` (day first), ``iso``, ``long``, ``abbr``,
    ``us_long`` (``March 5, 2026``)."""

    kind: str
    lang: str
    sep: str = "-"
    pad: bool = True

    def __call__(self, day: date) -> str:
        """``day`` as this style prints it."""
        months = MONTHS[self.lang].split()
        if self.kind == "iso":
            return day.isoformat()
        if self.kind == "long":
            dot = "." if self.lang == "de" else ""
            first = "1er" if self.lang == "fr" and day.day == 1 else str(day.day)
            return f"{first}{dot} {months[day.month - 1]} {day.year}"
        if self.kind == "us_long":
            return f"{months[day.month - 1]} {day.day}, {day.year}"
        if self.kind == "abbr":
            return f"{day.day:02d} {_ABBR[self.lang].split()[day.month - 1]} {day.year}"
        if self.pad:
            return f"{day.day:02d}{self.sep}{day.month:02d}{self.sep}{day.year}"
        return f"{day.day}{self.sep}{day.month}{self.sep}{day.year}"

    def short(self, day: date) -> str:
        """Day and month only (statement rows whose year stands in the header)."""
        if self.kind in ("long", "abbr"):
            return f"{day.day:02d} {_ABBR[self.lang].split()[day.month - 1]}"
        sep = "/" if self.kind in ("iso", "us_long") else self.sep
        return f"{day.day:02d}{sep}{day.month:02d}"


def date_style(rng: random.Random, lang: str, *, long: float = 0.35) -> DateStyle:
    """A date style for ``lang``: long month names with probability ``long``, else numeric."""
    if rng.random() < long:
        if lang == "en":
            return DateStyle(rng.choice(("long", "us_long", "abbr")), lang)
        return DateStyle(rng.choice(("long", "long", "abbr")), lang)
    if lang == "de":
        return DateStyle("numeric", lang, ".", rng.random() < 0.9)
    if lang == "fr":
        return DateStyle("numeric", lang, "/", True)
    if lang == "en":
        return DateStyle("numeric", lang, rng.choice(("/", "/", ".")), True)
    if rng.random() < 0.1:
        return DateStyle("iso", lang)
    return DateStyle("numeric", lang, rng.choice(("-", "-", "-", ".", "/")), rng.random() < 0.8)


def percent(rate: Decimal, lang: str, *, space: bool | None = None) -> str:
    """A VAT rate as printed: ``21%``, ``21 %``, ``5,5 %``, ``7.7%``."""
    text = f"{rate.normalize():f}"
    if lang in ("nl", "de", "fr"):
        text = text.replace(".", ",")
    gap = " " if (space if space is not None else lang in ("fr", "de")) else ""
    return f"{text}{gap}%"
