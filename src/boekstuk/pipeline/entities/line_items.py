"""Line items from the tables the text stage found: description, quantity, price, amount, VAT.

In: the pages (their :class:`~boekstuk.domain.extraction.Table` s). Out: CONTRACT §3
``line_items`` dicts with string values in normal form (amounts ``"25.00"``, quantities as
printed without thousands marks, VAT rate ``"21"``). A table counts when its header names a
description and an amount column in nl/en/de/fr; rows without an amount are skipped.
Nothing raises.
"""

from __future__ import annotations

import re

from boekstuk.domain.extraction import ExtractedText
from boekstuk.domain.money import format_amount, parse_amount

_ROLES = (
    ("vat_rate", re.compile(r"btw|vat|mwst|ust|tva|steuer|tax|%", re.I)),
    ("unit_price", re.compile(r"prijs|price|preis|prix|tarif|rate|einzel", re.I)),
    ("quantity", re.compile(r"aantal|qty|quantit|menge|anzahl|stuks|qté", re.I)),
    ("amount", re.compile(r"bedrag|betrag|amount|montant|total|totaal|gesamt|summe|netto", re.I)),
    (
        "description",
        re.compile(
            r"omschrijving|beschreibung|bezeichnung|description|désignation|artikel|item|product|leistung",
            re.I,
        ),
    ),
)


def _roles(header: tuple[str, ...]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, cell in enumerate(header):
        for role, pattern in _ROLES:
            if role not in roles and pattern.search(cell):
                roles[role] = index
                break
    return roles


def find_line_items(text: ExtractedText) -> tuple[dict[str, str], ...]:
    """Every priced row of every table with a description and an amount column."""
    items: list[dict[str, str]] = []
    for page in text.pages:
        for table in getattr(page, "tables", ()):
            roles = _roles(table.header)
            if "description" not in roles or "amount" not in roles:
                continue
            for row in table.rows[1:]:
                item = _item(row, roles)
                if item is not None:
                    items.append(item)
    return tuple(items)


def _cell(row: tuple[str, ...], roles: dict[str, int], role: str) -> str:
    index = roles.get(role)
    return row[index].strip() if index is not None and index < len(row) else ""


def _item(row: tuple[str, ...], roles: dict[str, int]) -> dict[str, str] | None:
    amount = parse_amount(_cell(row, roles, "amount"))
    description = _cell(row, roles, "description")
    if amount is None or not description:
        return None
    item = {"description": description, "amount": format_amount(amount)}
    quantity = re.sub(r"[^\d,.-]", "", _cell(row, roles, "quantity")).replace(",", ".")
    if quantity:
        item["quantity"] = quantity
    price = parse_amount(_cell(row, roles, "unit_price"))
    if price is not None:
        item["unit_price"] = format_amount(price)
    rate = re.search(r"\d+(?:[.,]\d+)?", _cell(row, roles, "vat_rate"))
    if rate:
        item["vat_rate"] = rate.group(0).replace(",", ".")
    return item
