"""Dates in Dutch, English, German and French forms become ``datetime.date``."""

from __future__ import annotations

from datetime import date

import pytest

from boekstuk.domain.dates import find_dates, parse_date

JAN_15 = date(2026, 1, 15)


@pytest.mark.parametrize(
    "text",
    [
        "15-01-2026",
        "15.01.2026",
        "15/01/2026",
        "15 januari 2026",
        "15 Jan 2026",
        "15. Januar 2026",
        "15 janvier 2026",
        "2026-01-15",
        "January 15, 2026",
        "Jan. 15, 2026",
        "15-jan-2026",
        "15.01.26",
        "20260115",
    ],
)
def test_every_form_of_the_same_day(text: str) -> None:
    assert parse_date(text) == JAN_15


def test_month_names_of_every_language() -> None:
    assert parse_date("3 maart 2026") == date(2026, 3, 3)
    assert parse_date("3. März 2026") == date(2026, 3, 3)
    assert parse_date("1er février 2026") == date(2026, 2, 1)
    assert parse_date("12 décembre 2025") == date(2025, 12, 12)
    assert parse_date("31 mei 2026") == date(2026, 5, 31)


def test_numeric_order_day_first_unless_impossible_or_american() -> None:
    assert parse_date("02/03/2026") == date(2026, 3, 2)
    assert parse_date("02/03/2026", us=True) == date(2026, 2, 3)
    assert parse_date("12/25/2018") == date(2018, 12, 25)


@pytest.mark.parametrize("text", ["31.02.2026", "2026-13-01", "hello", "1.234,56", "15-01"])
def test_impossible_or_missing_dates(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_in_a_sentence_with_positions() -> None:
    text = "Zahlbar bis 04.04.2013, 3% Skonto bis 15.03.2013"
    found = list(find_dates(text))
    assert [d for d, _ in found] == [date(2013, 4, 4), date(2013, 3, 15)]
    start, end = found[0][1]
    assert text[start:end] == "04.04.2013"


def test_amounts_are_not_dates() -> None:
    assert list(find_dates("Total 1.234,56 EUR")) == []
