"""A month on a business bank account: the transactions a statement family prints.

In: a :class:`random.Random`, a language, the account holder (our company) and a count. Out:
:class:`Tx` values in booking order — customers paying invoices (with invoice numbers or
betalingskenmerken), suppliers paid, card payments, salaries, rent, direct debits, bank fees and
taxes — with signed amounts, the counterparty's name and IBAN where a bank prints them, and the
running balance; :func:`paginate` splits printed rows over pages; :class:`Book` turns what a
family printed into a :class:`FamilyDocument`. Deterministic for a given rng; raises nothing.

>>> import random
>>> from boekstuk.synth.families.world import company
>>> rng = random.Random(3)
>>> book = make_book(rng, "nl", company(rng, "NL"), 12)
>>> len(book.txs), book.closing == book.opening + sum(t.amount for t in book.txs)
(12, True)
>>> paginate([1, 2, 2, 1, 3], 5, 4, 1)
[[0, 1, 2], [3], [4]]
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from boekstuk.domain.fields import WorkspaceProfile
from boekstuk.synth.families.deal import invoice_number, issue_date
from boekstuk.synth.families.formats import MONTHS
from boekstuk.synth.families.ids import betalingskenmerk, digits
from boekstuk.synth.families.model import Facts, FamilyDocument
from boekstuk.synth.families.world import Company, company, person

__all__ = ["Book", "Tx", "make_book", "paginate"]

_MERCHANTS = {
    "NL": (
        "ALBERT HEIJN 1423",
        "JUMBO UTRECHT",
        "SHELL A12",
        "HEMA",
        "BOL.COM",
        "ACTION 2231",
        "GAMMA",
        "NS REIZIGERS",
        "PRAXIS 114",
        "COOLBLUE",
    ),
    "DE": (
        "REWE MARKT",
        "EDEKA CENTER",
        "ARAL TANKSTELLE",
        "DM DROGERIE",
        "AMAZON EU",
        "DB VERTRIEB",
        "OBI BAUMARKT",
        "LIDL DIENSTL",
    ),
    "FR": (
        "CARREFOUR",
        "LECLERC",
        "TOTAL ENERGIES",
        "FNAC",
        "SNCF",
        "LEROY MERLIN",
        "MONOPRIX",
        "AMAZON EU",
    ),
    "GB": (
        "TESCO STORES",
        "SAINSBURYS",
        "SHELL UK",
        "AMAZON UK",
        "TFL TRAVEL",
        "SCREWFIX",
        "PRET A MANGER",
        "BOOTS",
    ),
}
_UTILITIES = {
    "NL": (
        "KPN B.V.",
        "Vattenfall Klantenservice N.V.",
        "Eneco Services",
        "Ziggo Services B.V.",
        "Achmea Schadeverzekeringen",
    ),
    "DE": (
        "Telekom Deutschland GmbH",
        "Vattenfall Europe Sales GmbH",
        "Allianz Versicherungs-AG",
        "Stadtwerke München GmbH",
    ),
    "FR": ("Orange SA", "EDF", "AXA France IARD", "SFR", "Engie"),
    "GB": ("British Gas", "BT Group plc", "Aviva Insurance Ltd", "Vodafone Ltd", "Thames Water"),
}
_TAX = {"NL": "Belastingdienst", "DE": "Finanzamt Mitte", "FR": "DGFIP", "GB": "HMRC VAT"}
_WORDS = {
    "nl": {
        "salary": "Salaris {m} {y}",
        "rent": "Huur {m} {y}",
        "fee": "Kosten zakelijk betalingsverkeer",
        "tax": "Omzetbelasting {q}e kwartaal",
        "debit": "Incasso machtiging {r}",
        "invoice": "Factuur {n}",
        "card": "BEA, Betaalpas {s},PAS{p} {t}",
    },
    "de": {
        "salary": "Gehalt {m} {y}",
        "rent": "Miete {m} {y}",
        "fee": "Kontoführungsgebühr",
        "tax": "Umsatzsteuer-Vorauszahlung Q{q}",
        "debit": "Lastschrift Mandat {r}",
        "invoice": "Rechnung Nr. {n}",
        "card": "Kartenzahlung {s} {t}",
    },
    "fr": {
        "salary": "Salaire {m} {y}",
        "rent": "Loyer {m} {y}",
        "fee": "Frais de tenue de compte",
        "tax": "TVA T{q}",
        "debit": "Prélèvement SEPA {r}",
        "invoice": "Facture {n}",
        "card": "CB {s} {t}",
    },
    "en": {
        "salary": "Salary {m} {y}",
        "rent": "Rent {m} {y}",
        "fee": "Account fee",
        "tax": "VAT return Q{q}",
        "debit": "Direct debit {r}",
        "invoice": "Invoice {n}",
        "card": "Card payment {s} {t}",
    },
}
_COUNTRY = {"nl": "NL", "de": "DE", "fr": "FR", "en": "GB"}
_KINDS = (
    "invoice_in",
    "invoice_in",
    "invoice_in",
    "invoice_out",
    "invoice_out",
    "card",
    "card",
    "card",
    "salary",
    "rent",
    "debit",
    "debit",
    "fee",
    "tax",
)
_RANGES = {
    "invoice_in": (80, 15000),
    "invoice_out": (40, 8000),
    "card": (3, 250),
    "salary": (1800, 4800),
    "rent": (800, 3500),
    "debit": (15, 450),
    "fee": (2, 30),
    "tax": (400, 6500),
}


@dataclass(frozen=True, slots=True)
class Tx:
    """One booked transaction (signed amount: + in, - out)."""

    booked: date
    value: date
    amount: Decimal
    kind: str
    name: str | None  # the counterparty as the bank names it; None for fees
    iban: str | None  # None for card payments, fees
    bic: str | None
    text: str  # the payment text: invoice number, reference, card details
    code: str  # a bank's two-letter mutation code (ING export: GT, BA, IC, OV, DV)


@dataclass(slots=True)
class Book:
    """The statement's account, period, balances and transactions, and the facts printed."""

    lang: str
    holder: Company
    start: date
    end: date
    opening: Decimal
    txs: list[Tx]
    number: int
    facts: Facts = field(default_factory=Facts)
    printed_txs: list[dict[str, str]] = field(default_factory=list)

    @property
    def closing(self) -> Decimal:
        """The balance after the last transaction."""
        return self.opening + sum((t.amount for t in self.txs), Decimal(0))

    def balances(self) -> list[Decimal]:
        """The running balance after each transaction."""
        out, running = [], self.opening
        for tx in self.txs:
            running += tx.amount
            out.append(running)
        return out

    def printed(self, tx: Tx, *, name: bool = True, iban: bool = True) -> None:
        """Record ``tx`` as printed (``name``/``iban``: whether the row shows them)."""
        row = {"date": tx.booked.isoformat(), "amount": f"{tx.amount:.2f}", "description": tx.text}
        if name and tx.name:
            row["counterparty_name"] = tx.name
        if iban and tx.iban:
            row["counterparty_iban"] = tx.iban
        self.printed_txs.append(row)

    def document(self, family: str, pdf: bytes, pages: int) -> FamilyDocument:
        """The finished statement with our profile (the account holder)."""
        t = self.facts.truth
        statement: dict[str, str] = {
            k: t[k]
            for k in (
                "account_iban",
                "currency",
                "opening_balance",
                "closing_balance",
                "period_start",
                "period_end",
            )
            if k in t
        }
        holder = self.holder
        return FamilyDocument(
            family=family,
            kind="bank_statement",
            language=self.lang,
            pdf=pdf,
            pages=pages,
            truth=dict(t),
            ours=WorkspaceProfile(
                legal_name=holder.name, vat_number=holder.vat or None, ibans=(holder.iban,)
            ),
            our_side=None,
            printed=dict(self.facts.printed),
            statement=statement,
            transactions=tuple(self.printed_txs),
        )


def _tx(rng: random.Random, lang: str, country: str, kind: str, day: date) -> Tx:
    low, high = _RANGES[kind]
    amount = Decimal(rng.randint(low * 100, high * 100)) / 100
    words = _WORDS[lang]
    month = MONTHS[lang].split()[(day.month - 2) % 12]
    iban = bic = None
    code = "OV"
    if kind in ("invoice_in", "invoice_out"):
        firm = company(rng, country)
        name, iban, bic = firm.name, firm.iban, firm.account.bic
        if lang == "nl" and rng.random() < 0.4:
            text = f"Betalingskenmerk {betalingskenmerk(rng)}"
        else:
            text = words["invoice"].format(n=invoice_number(rng, day.year))
        code = "GT" if kind == "invoice_in" else "OV"
    elif kind == "card":
        name = rng.choice(_MERCHANTS[country])
        when = f"{day.day:02d}.{day.month:02d}.{day.year % 100:02d}/{rng.randint(7, 21):02d}.{rng.randint(0, 59):02d}"
        text = words["card"].format(s=name, p=digits(rng, 3), t=when)
        code = "BA"
    elif kind in ("salary", "rent"):
        name = (
            person(rng, country)
            if kind == "salary" or rng.random() < 0.3
            else company(rng, country).name
        )
        iban = company(rng, country).iban
        text = words[kind].format(m=month, y=day.year)
    elif kind == "debit":
        firm = company(rng, country, name=rng.choice(_UTILITIES[country]))
        name, iban, bic = firm.name, firm.iban, firm.account.bic
        text = words["debit"].format(r=f"{rng.choice(('MND', 'M', 'SEPA'))}{digits(rng, 8)}")
        code = "IC"
    elif kind == "fee":
        name, text, code = None, words["fee"], "DV"
    else:  # tax
        firm = company(rng, country, name=_TAX[country])
        name, iban, bic = firm.name, firm.iban, firm.account.bic
        text = words["tax"].format(q=(day.month - 1) // 3 + 1)
    sign = 1 if kind == "invoice_in" else -1
    return Tx(
        day,
        day + timedelta(days=rng.choice((0, 0, 0, 1, 2))),
        sign * amount,
        kind,
        name,
        iban,
        bic,
        text,
        code,
    )


def make_book(
    rng: random.Random, lang: str, holder: Company, count: int, *, days: int | None = None
) -> Book:
    """``count`` transactions in one period on ``holder``'s account."""
    country = _COUNTRY[lang]
    start = issue_date(rng).replace(day=1)
    length = days or rng.choice((7, 14, 30, 30))
    end = min(
        start + timedelta(days=length - 1),
        (start + timedelta(days=32)).replace(day=1) - timedelta(days=1),
    )
    span = (end - start).days
    dates = sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(count))
    kinds = [rng.choice(_KINDS) for _ in dates]
    if "invoice_in" not in kinds:  # a business account always has money in and money out
        kinds[rng.randrange(count)] = "invoice_in"
    if all(kind == "invoice_in" for kind in kinds):
        kinds[rng.randrange(count)] = "card"
    txs = [_tx(rng, lang, country, kind, day) for kind, day in zip(kinds, dates, strict=True)]
    opening = Decimal(rng.randint(-200000, 6000000)) / 100
    return Book(lang, holder, start, end, opening, txs, rng.randint(1, 250))


def paginate(heights: list[int], first: int, later: int, reserve: int) -> list[list[int]]:
    """Indices of the rows on each page: ``heights`` lines per row, ``first`` / ``later`` lines
    per page, ``reserve`` lines kept free on the last page (balance rows)."""
    pages: list[list[int]] = [[]]
    room = first
    for index, height in enumerate(heights):
        if height > room:
            pages.append([])
            room = later
        pages[-1].append(index)
        room -= height
    if room < reserve and pages[-1]:
        pages.append([pages[-1].pop()])
    return pages
