"""Line items and VAT: what was sold, how many, at what price, and the totals per rate.

In: a :class:`random.Random`, a language and the VAT rates a document uses. Out:
:class:`Line` items (descriptions per language, quantities, unit prices, net amounts) and
:class:`Totals` (net, VAT per rate, VAT, gross) with VAT rounded per rate to the cent, the
way invoicing software computes it. Raises nothing.

>>> import random
>>> lines = line_items(random.Random(3), "nl", (Decimal(21), Decimal(9)), 4)
>>> t = totals(lines)
>>> t.net == sum(line.amount for line in lines), t.gross == t.net + t.tax
(True, True)
>>> sum(t.tax_by_rate.values()) == t.tax
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["CENT", "PRODUCTS", "UNITS", "Line", "Totals", "cents", "line_items", "totals"]

CENT = Decimal("0.01")

PRODUCTS = {
    "nl": (
        "Advieswerkzaamheden",
        "Onderhoud installatie",
        "Webhosting {m}",
        "Consultancy uren",
        "Licentie boekhoudpakket",
        "Reiskosten",
        "Materialen volgens opgave",
        "Montage keuken",
        "Schilderwerk kozijnen",
        "Drukwerk flyers A5",
        "Kantoorartikelen",
        "Koffiebonen 1 kg",
        "Projectmanagement",
        "Ontwerp huisstijl",
        "Servicecontract {m}",
        "Transportkosten",
        "Vertaling NL-EN",
        "Catering lunch",
        "Huur werkplek {m}",
        "Schoonmaak kantoor {m}",
    ),
    "de": (
        "Beratungsleistung",
        "Wartung Heizungsanlage",
        "Webhosting {m}",
        "Montagearbeiten",
        "Softwarelizenz",
        "Fahrtkosten",
        "Material lt. Aufstellung",
        "Elektroinstallation",
        "Druck Broschüren",
        "Büromaterial",
        "Kaffee 1 kg",
        "Projektleitung",
        "Stundenlohn Geselle",
        "Servicepauschale {m}",
        "Frachtkosten",
        "Übersetzung DE-EN",
        "Reinigung Büro {m}",
    ),
    "fr": (
        "Prestation de conseil",
        "Maintenance chaudière",
        "Hébergement web {m}",
        "Main d'oeuvre",
        "Licence logiciel",
        "Frais de déplacement",
        "Fournitures diverses",
        "Installation électrique",
        "Impression brochures",
        "Fournitures de bureau",
        "Café en grains 1 kg",
        "Gestion de projet",
        "Abonnement {m}",
        "Frais de transport",
        "Traduction FR-EN",
        "Nettoyage bureaux {m}",
    ),
    "en": (
        "Consulting services",
        "Boiler maintenance",
        "Web hosting {m}",
        "Labour",
        "Software licence",
        "Travel expenses",
        "Materials as specified",
        "Electrical installation",
        "Printing brochures",
        "Office supplies",
        "Coffee beans 1 kg",
        "Project management",
        "Support subscription {m}",
        "Delivery charges",
        "Translation EN-NL",
        "Office cleaning {m}",
    ),
}
UNITS = {
    "nl": ("st.", "uur", "stuks", "m²", "pst"),
    "de": ("Stk.", "Std.", "Stück", "m²", "psch."),
    "fr": ("u", "h", "pce", "m²", "forfait"),
    "en": ("pcs", "hrs", "each", "m²", "unit"),
}
_MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "en": "January February March April May June July August September October November December",
}


def cents(value: Decimal) -> Decimal:
    """``value`` rounded half-up to the cent."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Line:
    """One line item (amount = quantity × unit price, net of VAT)."""

    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    rate: Decimal
    sku: str = ""

    @property
    def amount(self) -> Decimal:
        """The line's net amount."""
        return cents(self.quantity * self.unit_price)


@dataclass(frozen=True, slots=True)
class Totals:
    """Net, VAT per rate, VAT and gross of a set of lines."""

    net: Decimal
    tax: Decimal
    gross: Decimal
    net_by_rate: dict[Decimal, Decimal] = field(default_factory=dict)
    tax_by_rate: dict[Decimal, Decimal] = field(default_factory=dict)


def line_items(
    rng: random.Random,
    lang: str,
    rates: tuple[Decimal, ...],
    count: int,
    *,
    price_range: tuple[int, int] = (250, 95000),
) -> list[Line]:
    """``count`` lines in ``lang`` spread over ``rates`` (every rate used when count allows)."""
    month = rng.choice(_MONTHS[lang].split())
    descriptions = rng.sample(PRODUCTS[lang], min(count, len(PRODUCTS[lang])))
    while len(descriptions) < count:
        descriptions.append(rng.choice(PRODUCTS[lang]))
    lines = []
    for i, text in enumerate(descriptions):
        unit = rng.choice(UNITS[lang])
        if unit in ("uur", "Std.", "h", "hrs") or rng.random() < 0.2:
            quantity = Decimal(rng.choice((1, 2, 3, 4, 6, 8, 12, 16, 24, 40))) / (
                2 if rng.random() < 0.2 else 1
            )
        else:
            quantity = Decimal(rng.choice((1, 1, 1, 2, 3, 5, 10, 25, 50, 100)))
        price = Decimal(rng.randint(*price_range)) / 100
        if quantity >= 25:
            price = cents(price / 20)
        rate = rates[i % len(rates)] if i < len(rates) else rng.choice(rates)
        lines.append(
            Line(
                text.format(m=month),
                quantity,
                unit,
                max(price, Decimal("0.50")),
                rate,
                str(rng.randint(10000, 99999)),
            )
        )
    return lines


def totals(lines: list[Line], extra: dict[Decimal, Decimal] | None = None) -> Totals:
    """The totals of ``lines`` (``extra``: more net per rate, e.g. shipping minus discount)."""
    net_by_rate: dict[Decimal, Decimal] = {}
    for line in lines:
        net_by_rate[line.rate] = net_by_rate.get(line.rate, Decimal(0)) + line.amount
    for rate, amount in (extra or {}).items():
        net_by_rate[rate] = net_by_rate.get(rate, Decimal(0)) + amount
    tax_by_rate = {rate: cents(net * rate / 100) for rate, net in net_by_rate.items()}
    net = sum(net_by_rate.values(), Decimal(0))
    tax = sum(tax_by_rate.values(), Decimal(0))
    return Totals(net, tax, net + tax, net_by_rate, tax_by_rate)


def format_quantity(quantity: Decimal, lang: str) -> str:
    """``2``, ``1,5`` or ``1.5`` as the language writes a quantity."""
    text = f"{quantity.normalize():f}"
    return text.replace(".", ",") if lang != "en" else text
