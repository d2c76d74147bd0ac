"""Amounts as printed on invoices and receipts, in European and US forms, to :class:`Decimal`.

In: a string such as ``"1.234,56"``, ``"1,234.56"``, ``"1 234,56"``, ``"€ -12,50"``,
``"12,50-"`` or ``"(12.50)"``. Out: a ``Decimal`` rounded to cents, or ``None`` from
:func:`parse_amount` when the text is not an amount. :func:`format_amount` gives CONTRACT §3's
normal form (dot, two decimals). Nothing here raises on bad input except :func:`amount_validate`.

>>> parse_amount("1.234,56")
Decimal('1234.56')
>>> parse_amount("1,234.56")
Decimal('1234.56')
>>> parse_amount("1 234,56")
Decimal('1234.56')
>>> parse_amount("€ -12,50")
Decimal('-12.50')
>>> parse_amount("12,50-")
Decimal('-12.50')
>>> parse_amount("(12.50)")
Decimal('-12.50')
>>> parse_amount("EUR 1.234")  # a lone group of three after a dot is thousands
Decimal('1234.00')
>>> parse_amount("9.00")
Decimal('9.00')
>>> parse_amount("1.000.000")
Decimal('1000000.00')
>>> parse_amount("RM 38.50")
Decimal('38.50')
>>> parse_amount("12,5")
Decimal('12.50')
>>> parse_amount("2026-01-15") is None
True
>>> parse_amount("abc") is None
True
>>> format_amount(parse_amount("-0,5"))
'-0.50'
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["AMOUNT_PATTERN", "amount_validate", "format_amount", "parse_amount"]

CENT = Decimal("0.01")
_CURRENCY = r"(?:€|EUR|USD|US\$|\$|£|GBP|CHF|RM|MYR|SGD|S\$)"
# digits with optional thousands groups (dot, comma, space, apostrophe) and decimals
_NUMBER = r"\d{1,3}(?:[.,' \u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
AMOUNT_PATTERN = re.compile(
    rf"(?<![\w.,/-])(?P<lead>\(|-|−|–)?\s?(?:{_CURRENCY}\s?)?(?P<sign>-|−|–)?\s?"
    rf"(?P<num>{_NUMBER})(?P<trail>-|\))?(?:\s?{_CURRENCY})?(?![\w,/%]|\.\d|\s%)"
)
_FULL = re.compile(
    rf"^\s*(?P<lead>\(|-|−|–)?\s*(?:{_CURRENCY}\s*)?(?P<sign>-|−|–)?\s*"
    rf"(?P<num>{_NUMBER})\s*(?P<trail>-|\))?\s*(?:{_CURRENCY})?\s*$",
    re.IGNORECASE,
)


def parse_amount(text: str) -> Decimal | None:
    """The amount ``text`` stands for, or None when it is not one amount."""
    match = _FULL.match(text)
    if match is None:
        return None
    value = _number(match.group("num"))
    if value is None:
        return None
    negative = bool(match.group("sign")) or match.group("lead") in ("-", "−", "–")
    negative = negative or match.group("trail") == "-"
    if match.group("lead") == "(" and match.group("trail") == ")":
        negative = True
    return -value if negative else value


def _number(num: str) -> Decimal | None:
    """The digits with the decimal mark decided: the last ``.``/``,`` followed by 1-2 digits."""
    num = re.sub(r"[ '\u00a0\u202f]", "", num)
    decimals = ""
    tail = re.search(r"[.,](\d{1,2})$", num)
    if tail:
        decimals = tail.group(1)
        num = num[: tail.start()]
    whole = re.sub(r"[.,]", "", num)
    try:
        return Decimal(f"{whole}.{decimals or '0'}").quantize(CENT, ROUND_HALF_UP)
    except InvalidOperation:
        return None


def amount_validate(text: str) -> Decimal:
    """Like :func:`parse_amount` but raises ``ValueError`` when ``text`` is no amount.

    >>> amount_validate("x")
    Traceback (most recent call last):
    ...
    ValueError: not an amount: 'x'
    """
    value = parse_amount(text)
    if value is None:
        raise ValueError(f"not an amount: {text!r}")
    return value


def format_amount(value: Decimal | None) -> str:
    """CONTRACT §3's normal form: plain decimal, dot, two decimals."""
    if value is None:
        return ""
    return str(value.quantize(CENT, ROUND_HALF_UP))
