"""Invented companies and people per country: names, addresses, phone, e-mail, identifiers.

In: a :class:`random.Random` and a country (``NL``, ``BE``, ``DE``, ``AT``, ``FR``, ``LU``,
``GB``, ``IE``, ``CH``, ``US``). Out: :class:`Company` values with a realistic name and
address (python ``faker``, seeded from the rng, for the local flavour; legal forms and
sectors from our own lists), a checksum-valid VAT number, a bank account with a valid IBAN,
the registration number the country prints (KvK, HRB, SIRET, company number) and contact
lines. Deterministic for a given rng. Raises ``ImportError`` without faker (a dev
dependency).

>>> import random
>>> firm = company(random.Random(2), "NL")
>>> firm.country, len(firm.coc), firm.vat.startswith("NL"), firm.address == ", ".join(firm.lines)
('NL', 8, True, True)
"""

from __future__ import annotations

import functools
import random
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from boekstuk.synth.families.ids import BankAccount, bank_account, digits, siret, vat_number
from boekstuk.synth.families.world_data import (
    BE_FR_CITIES,
    COUNTRY_NAMES,
    FORMS,
    LANG_OF,
    LOCALE,
    LU_CITIES,
    SECTORS,
)

__all__ = ["COUNTRY_NAMES", "LANG_OF", "Company", "company", "person", "person_company"]


@functools.cache
def _faker(locale: str) -> Any:
    from faker import Faker

    return Faker(locale)


def _fake(rng: random.Random, country: str) -> Any:
    fake = _faker(LOCALE[country])
    fake.seed_instance(rng.getrandbits(32))
    return fake


def _last(fake: Any) -> str:
    """A last name as printed after a first name ("Bourgondië, van" → "van Bourgondië")."""
    name = str(fake.last_name())
    if ", " in name:
        head, particle = name.split(", ", 1)
        name = f"{particle} {head}"
    return name


@dataclass(frozen=True, slots=True)
class Company:
    """A party on a document: name as printed, address lines, identifiers and contact lines."""

    name: str
    street: str
    city_line: str  # "1234 AB Amsterdam", "80331 München", "London SW1A 1AA"
    country: str
    vat: str  # compact; "" when the country has none (US)
    account: BankAccount
    coc: str  # KvK (8 digits), "HRB 12345", SIRET, company number; "" when none
    phone: str
    email: str
    web: str
    person: str  # a contact person, manager or the owner
    city: str
    country_line: str = ""  # printed under the address for a foreign party

    @property
    def lines(self) -> tuple[str, ...]:
        """The printed address lines below the name."""
        return tuple(x for x in (self.street, self.city_line, self.country_line) if x)

    @property
    def address(self) -> str:
        """The address in the truth's form: the lines joined with ``", "``."""
        return ", ".join(self.lines)

    @property
    def iban(self) -> str:
        """The compact IBAN ("" for a US account)."""
        return self.account.iban

    def abroad(self, lang: str) -> Company:
        """The same party with a country line in ``lang`` (printed for a foreign address)."""
        return replace(self, country_line=COUNTRY_NAMES[self.country][lang])


def _slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z0-9]+", folded) if w]
    stop = {
        "bv",
        "b",
        "v",
        "nv",
        "gmbh",
        "ag",
        "kg",
        "co",
        "sarl",
        "sas",
        "sa",
        "ltd",
        "inc",
        "llc",
        "plc",
        "und",
        "en",
        "et",
        "and",
        "de",
        "van",
        "der",
        "la",
        "le",
        "vof",
    }
    kept = [w for w in words if w not in stop] or words or ["firma"]
    return "".join(kept[:2])[:18]


def _street_and_city(rng: random.Random, country: str, fake: Any) -> tuple[str, str, str]:
    """(street line, postcode + city line, city)."""
    if country == "NL":
        code = re.sub(r"\s", "", str(fake.postcode()))
        city = str(fake.city())
        return f"{fake.street_name()} {rng.randint(1, 240)}", f"{code[:4]} {code[4:]} {city}", city
    if country == "BE":
        if rng.random() < 0.4:
            code, city = rng.choice(BE_FR_CITIES)
            street = f"{rng.choice(('Rue', 'Avenue', 'Chaussée', 'Boulevard'))} {_last(_fake(rng, 'FR'))}"
            return f"{street} {rng.randint(1, 180)}", f"{code} {city}", city
        city = str(fake.city())
        return (
            f"{fake.street_name()} {rng.randint(1, 180)}",
            f"{rng.randint(1000, 9999)} {city}",
            city,
        )
    if country in ("DE", "AT", "CH"):
        city = str(fake.city())
        code = str(fake.postcode())
        return f"{fake.street_name()} {rng.randint(1, 160)}", f"{code} {city}", city
    if country in ("FR", "LU"):
        if country == "LU":
            code, city = rng.choice(LU_CITIES)
            return (
                f"{rng.randint(1, 90)}, {rng.choice(('avenue', 'rue', 'boulevard'))} {_last(fake)}",
                f"L-{code} {city}",
                city,
            )
        city = str(fake.city())
        return (
            f"{rng.randint(1, 120)}{rng.choice(('', '', ' bis'))}, {fake.street_name()}",
            f"{fake.postcode()} {city}",
            city,
        )
    if country == "US":
        city = str(fake.city())
        return str(fake.street_address()), f"{city}, {fake.state_abbr()} {fake.zipcode()}", city
    city = str(fake.city())  # GB, IE
    return f"{rng.randint(1, 220)} {fake.street_name()}", f"{city} {fake.postcode()}", city


def _registration(rng: random.Random, country: str, city: str) -> str:
    if country == "NL":
        return digits(rng, 8, lead=True)
    if country in ("DE", "AT"):
        return (
            f"HRB {digits(rng, rng.randint(4, 6), lead=True)}"
            if country == "DE"
            else f"FN {digits(rng, 6, lead=True)}{rng.choice('abdfghikmpstvwxyz')}"
        )
    if country == "FR":
        return siret(rng)
    if country in ("GB", "IE"):
        return digits(rng, 8 if country == "GB" else 6, lead=True)
    if country == "LU":
        return f"B{digits(rng, 6, lead=True)}"
    return ""


def _phone(rng: random.Random, country: str) -> str:
    code = {
        "NL": "31",
        "BE": "32",
        "DE": "49",
        "AT": "43",
        "FR": "33",
        "LU": "352",
        "CH": "41",
        "GB": "44",
        "IE": "353",
        "US": "1",
    }[country]
    if rng.random() < 0.5:
        return f"+{code} {digits(rng, 2, lead=True)} {digits(rng, 3)} {digits(rng, 4)}"
    if country == "FR":
        return (
            "0" + " ".join(digits(rng, 2) for _ in range(4)) + f" {digits(rng, 1)}{digits(rng, 1)}"
        )
    if country == "US":
        return f"({digits(rng, 3, lead=True)}) {digits(rng, 3)}-{digits(rng, 4)}"
    return f"0{digits(rng, 2, lead=True)} - {digits(rng, 3)} {digits(rng, 2)} {digits(rng, 2)}"


def person(rng: random.Random, country: str) -> str:
    """A person's full name of ``country``."""
    fake = _fake(rng, country)
    return f"{fake.first_name()} {_last(fake)}"


def _company_name(rng: random.Random, country: str, fake: Any) -> str:
    lang = LANG_OF[country]
    if country == "BE" and rng.random() < 0.4:
        lang = "fr"
    form = rng.choice(FORMS[country])
    sector = rng.choice(SECTORS[lang])
    last = str(_last(fake))
    pick = rng.random()
    if pick < 0.3 and country != "NL":  # nl_NL's faker lists real large companies: not those
        base = str(fake.company())
        base = re.sub(
            r"\s+(B\.?V\.?|N\.?V\.?|GmbH.*|AG.*|KG.*|OG|S\.A\.S\.|S\.A\.|SARL|PLC|Inc|LLC|Ltd|and Sons)$",
            "",
            base,
        )
    elif pick < 0.65:
        base = f"{last} {sector}"
    elif pick < 0.85:
        base = {
            "nl": f"{sector} {last}",
            "de": f"{sector} {last}",
            "fr": f"{sector} {last}",
            "en": f"{last} & {_last(fake)}",
        }[lang]
    else:
        stem = rng.choice(
            (
                "Noord",
                "Atlas",
                "Delta",
                "Orion",
                "Vega",
                "Nova",
                "Polder",
                "Alpen",
                "Rhein",
                "Azur",
                "Kristal",
                "Zenit",
                "Nimbus",
                "Horizon",
                "Meridian",
            )
        )
        base = f"{stem}{rng.choice(('', ' ', ''))}{sector.lower() if rng.random() < 0.3 else ' ' + sector}".replace(
            "  ", " "
        )
    return f"{base} {form}".strip() if form else base


def company(rng: random.Random, country: str, *, name: str | None = None) -> Company:
    """A company of ``country`` (a given ``name`` keeps everything else invented)."""
    fake = _fake(rng, country)
    firm = name or _company_name(rng, country, fake)
    street, city_line, city = _street_and_city(rng, country, fake)
    slug = _slug(firm)
    tld = {"GB": ".co.uk", "US": ".com", "IE": ".ie", "AT": ".at", "CH": ".ch", "LU": ".lu"}.get(
        country, "." + country.lower()
    )
    mailbox = rng.choice(
        (
            "info",
            "administratie" if LANG_OF[country] == "nl" else "info",
            "facturen" if country == "NL" else "billing",
            "buchhaltung" if LANG_OF[country] == "de" else "contact",
            "accounts",
        )
    )
    account = (
        bank_account(rng, country)
        if country != "US"
        else BankAccount("", "Bank of America", "BOFAUS3N", digits(rng, 9), digits(rng, 10))
    )
    return Company(
        name=firm,
        street=street,
        city_line=city_line,
        country=country,
        vat=vat_number(rng, country) if country != "US" else "",
        account=account,
        coc=_registration(rng, country, city),
        phone=_phone(rng, country),
        email=f"{mailbox}@{slug}{tld}",
        web=f"www.{slug}{tld}",
        person=f"{fake.first_name()} {_last(fake)}",
        city=city,
    )


def person_company(rng: random.Random, country: str, *, trade_name: bool = False) -> Company:
    """A sole proprietor: the owner's name (or a trade name) as the party's name."""
    fake = _fake(rng, country)
    owner = f"{fake.first_name()} {_last(fake)}"
    firm = company(rng, country, name=owner)
    if trade_name:
        lang = LANG_OF[country]
        last = owner.split()[-1]
        trade = rng.choice(
            {
                "nl": (
                    f"Klusbedrijf {last}",
                    f"{last} Fotografie",
                    f"Studio {last}",
                    f"{last} Vertalingen",
                    f"Tekstbureau {last}",
                ),
                "de": (
                    f"Malerbetrieb {last}",
                    f"Fotostudio {last}",
                    f"Übersetzungsbüro {last}",
                    f"{last} Design",
                ),
                "fr": (
                    f"Atelier {last}",
                    f"{last} Traductions",
                    f"Studio {last}",
                    f"{last} Rénovation",
                ),
                "en": (
                    f"{last} Photography",
                    f"{last} Joinery",
                    f"Studio {last}",
                    f"{last} Translations",
                ),
            }[lang]
        )
        return replace(
            firm,
            name=trade,
            person=owner,
            email=f"{owner.split()[0].lower()}@{_slug(trade)}.{country.lower()}",
        )
    return replace(firm, person=owner)
