"""Dates as printed on documents in Dutch, English, German and French, to :class:`date`.

In: a string such as ``"15-01-2026"``, ``"15.01.2026"``, ``"15 januari 2026"``,
``"15 Jan 2026"``, ``"2026-01-15"``, ``"January 15, 2026"`` or ``"1er février 2026"``.
Out: a ``datetime.date`` or ``None`` (:func:`parse_date`); :func:`find_dates` yields every
date in a longer text with its character span. Numeric dates are read day-first (European)
unless the day-first reading is impossible, or ``us=True`` says the document is American.
Two-digit years are 20xx. Nothing raises on bad input.

>>> parse_date("15-01-2026")
datetime.date(2026, 1, 15)
>>> parse_date("15.01.2026")
datetime.date(2026, 1, 15)
>>> parse_date("15 januari 2026")
datetime.date(2026, 1, 15)
>>> parse_date("15 Jan 2026")
datetime.date(2026, 1, 15)
>>> parse_date("2026-01-15")
datetime.date(2026, 1, 15)
>>> parse_date("January 15, 2026")
datetime.date(2026, 1, 15)
>>> parse_date("1er février 2026")
datetime.date(2026, 2, 1)
>>> parse_date("3. März 2026")
datetime.date(2026, 3, 3)
>>> parse_date("25/12/18")
datetime.date(2018, 12, 25)
>>> parse_date("12/25/2018")  # day-first impossible, so month-first
datetime.date(2018, 12, 25)
>>> parse_date("02/03/2026", us=True)
datetime.date(2026, 2, 3)
>>> parse_date("20260115")
datetime.date(2026, 1, 15)
>>> parse_date("31.02.2026") is None
True
>>> [d.isoformat() for d, _ in find_dates("Datum: 05.03.2013, fällig 4 april 2013")]
['2013-03-05', '2013-04-04']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

__all__ = ["MONTHS", "find_dates", "parse_date"]

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "januari january janvier januar jan jänner janv",
        "februari february février fevrier februar feb fév fev févr fevr",
        "maart march mars märz maerz mrt mar mär",
        "april avril apr avr",
        "mei may mai",
        "juni june juin jun",
        "juli july juillet jul juil",
        "augustus august août aout aug aoû",
        "september septembre sept sep",
        "oktober october octobre okt oct",
        "november novembre nov",
        "december december décembre dezember dec déc dez",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_PATTERNS = (
    ("ymd", re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<![\d.,])(\d{1,2})[-./](\d{1,2})[-./](\d{4}|\d{2})(?!\d|[.,]\d)")),
    (
        "d_mon_y",
        re.compile(
            rf"(?<!\w)(\d{{1,2}})(?:er|st|nd|rd|th|e)?\.?[ -]?({_MONTH})\.?,?[ -]?(\d{{4}}|\d{{2}})(?!\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "mon_d_y",
        re.compile(
            rf"(?<!\w)({_MONTH})\.? (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})(?!\d)", re.IGNORECASE
        ),
    ),
    ("compact", re.compile(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])([0-2]\d|3[01])(?!\d)")),
)


def parse_date(text: str, *, us: bool = False) -> date | None:
    """The one date ``text`` holds (surrounding spaces allowed), or None."""
    text = text.strip()
    for found, span in find_dates(text, us=us):
        if span == (0, len(text)):
            return found
    return None


def find_dates(text: str, *, us: bool = False) -> Iterator[tuple[date, tuple[int, int]]]:
    """Every date in ``text`` with its ``(start, end)`` span, in order of position."""
    taken: list[tuple[int, int]] = []
    results: list[tuple[date, tuple[int, int]]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            value = _build(kind, match.groups(), us)
            if value is not None:
                taken.append(span)
                results.append((value, span))
    yield from sorted(results, key=lambda item: item[1])


def _build(kind: str, groups: tuple[str | None, ...], us: bool) -> date | None:
    parts = [g or "" for g in groups]
    if kind in ("ymd", "compact"):
        return _date(int(parts[0]), int(parts[1]), int(parts[2]))
    if kind == "d_mon_y":
        return _date(_year(parts[2]), MONTHS[parts[1].lower()], int(parts[0]))
    if kind == "mon_d_y":
        return _date(_year(parts[2]), MONTHS[parts[0].lower()], int(parts[1]))
    first, second, year = int(parts[0]), int(parts[1]), _year(parts[2])
    if us and first <= 12:
        return _date(year, first, second)
    return _date(year, second, first) or _date(year, first, second)


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _date(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= 2199:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
