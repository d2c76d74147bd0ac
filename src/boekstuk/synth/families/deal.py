"""The business behind an invoice: who sells to whom, which number and dates, which lines.

In: a :class:`random.Random`, a language and the parties' countries. Out: a :class:`Deal`
— seller and buyer (one of them is us: ``our_side``), invoice number, dates, currency,
the document's money and date styles, line items — plus the :class:`Facts` a family records
while it prints them, and :meth:`Deal.document` which turns the PDF and the facts into a
:class:`FamilyDocument` with the workspace profile of our company. Raises nothing.

>>> import random
>>> deal = make_deal(random.Random(5), "nl", seller_country="NL")
>>> deal.our_side in ("seller", "buyer"), deal.due >= deal.issued
(True, True)
>>> deal.profile().legal_name is not None
True
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from boekstuk.domain.fields import WorkspaceProfile
from boekstuk.synth.families.formats import DateStyle, MoneyStyle, date_style, money_style
from boekstuk.synth.families.ids import grouped
from boekstuk.synth.families.lines import Line, Totals, line_items, totals
from boekstuk.synth.families.model import Facts, FamilyDocument
from boekstuk.synth.families.world import Company, company

__all__ = [
    "Deal",
    "iban_printed",
    "invoice_number",
    "issue_date",
    "make_deal",
    "profile_of",
    "vat_printed",
]

_FORM_END = re.compile(
    r"\s+(B\.V\.|BV|N\.V\.|V\.O\.F\.|GmbH|AG|KG|SARL|SAS|S\.A\.|Ltd|Limited|Inc\.|LLC)$"
)


def invoice_number(rng: random.Random, year: int) -> str:
    """An invoice number in one of the shapes invoicing software uses."""
    n = rng.randint(1, 9999)
    shapes = (
        f"{year}-{n:04d}",
        f"F{year}.{n:03d}",
        f"INV-{rng.randint(10000, 99999)}",
        f"RE-{year}-{n:04d}",
        f"FA{year % 100:02d}-{n:05d}",
        f"{year}{rng.randint(1000, 99999)}",
        str(rng.randint(100000, 9999999)),
        f"V{year % 100}/{n:04d}",
        f"{rng.randint(10, 99)}{year % 100}{n:04d}",
        f"{year}/{n:05d}",
    )
    return rng.choice(shapes)


def issue_date(rng: random.Random) -> date:
    """A date between mid-2025 and late 2026."""
    return date(2025, 6, 1) + timedelta(days=rng.randint(0, 540))


def profile_of(rng: random.Random, ours: Company) -> WorkspaceProfile:
    """Our workspace profile: legal name (sometimes written without or with another legal
    form than on the document), VAT number and IBAN."""
    name = ours.name
    if rng.random() < 0.15 and _FORM_END.search(name):
        name = _FORM_END.sub("", name)
    return WorkspaceProfile(
        legal_name=name, vat_number=ours.vat or None, ibans=(ours.iban,) if ours.iban else ()
    )


@dataclass(slots=True)
class Deal:
    """Everything an invoice states, before it is drawn."""

    rng: random.Random
    lang: str
    seller: Company
    buyer: Company
    our_side: str
    number: str
    issued: date
    due: date
    currency: str
    money: MoneyStyle
    dates: DateStyle
    lines: list[Line]
    customer_no: str
    reference: str
    profile_name: WorkspaceProfile | None = None
    facts: Facts = field(default_factory=Facts)

    @property
    def ours(self) -> Company:
        """The company whose books this invoice goes into."""
        return self.seller if self.our_side == "seller" else self.buyer

    def profile(self) -> WorkspaceProfile:
        """Our workspace profile (drawn once)."""
        if self.profile_name is None:
            self.profile_name = profile_of(self.rng, self.ours)
        return self.profile_name

    def totals(self, extra: dict[Decimal, Decimal] | None = None) -> Totals:
        """Net, VAT and gross of the lines (plus ``extra`` net per rate)."""
        return totals(self.lines, extra)

    def m(self, value: Decimal, *, sign: bool = True) -> str:
        """``value`` in the document's money style, with currency."""
        return self.money(value, sign=sign)

    def n(self, value: Decimal, *, sign: bool = True) -> str:
        """``value`` in the document's money style, without currency."""
        return self.money.plain(value, sign=sign)

    def d(self, day: date) -> str:
        """``day`` in the document's date style."""
        return self.dates(day)

    def party(
        self,
        side: str,
        *,
        name: str | None = None,
        address: tuple[str, ...] | None = None,
        vat: str | None = None,
        iban: str | None = None,
        bic: str | None = None,
        coc: str | None = None,
    ) -> None:
        """Record what the document prints of ``side``'s party (None: not printed).

        ``name`` and ``address`` default to the party's own; pass ``""`` / ``()`` when the
        document does not print them. The others are the printed text of the identifier."""
        firm = self.seller if side == "seller" else self.buyer
        f = self.facts
        if name != "":
            f.put(f"{side}_name", name or firm.name)
        lines = firm.lines if address is None else address
        if lines:
            f.put(f"{side}_address", ", ".join(lines), *lines)
        if vat:
            f.put(f"{side}_vat", firm.vat, vat)
        if iban:
            f.put(f"{side}_iban", firm.iban, iban)
        if bic and side == "seller":
            f.put("seller_bic", firm.account.bic, bic)
        if coc and side == "seller" and firm.country == "NL":
            f.put("seller_coc", firm.coc, coc)  # only the KvK number has a normal form

    def amounts(
        self,
        *,
        net: Decimal | None = None,
        tax: Decimal | None = None,
        total: Decimal | None = None,
        due: Decimal | None = None,
        printed: dict[str, str] | None = None,
    ) -> None:
        """Record the printed amounts (``printed`` maps field → printed text when it is not
        :meth:`n` of the value; a VAT over several rates is printed as its per-rate rows)."""
        shown = printed or {}
        by_rate = self.totals().tax_by_rate
        for name, value in (
            ("net_amount", net),
            ("tax_amount", tax),
            ("total_amount", total),
            ("amount_due", due),
        ):
            if value is None:
                continue
            if name in shown:
                self.facts.money(name, value, shown[name])
            elif name == "tax_amount" and len(by_rate) > 1:
                # two rates: the VAT is printed per rate, the total VAT is their sum
                parts = [self.n(v, sign=False) for v in by_rate.values()]
                self.facts.put(name, f"{value:.2f}", *parts)
            else:
                self.facts.money(name, value, self.n(value, sign=False))

    def head(
        self, *, number: str | None = None, issued: str | None = None, due: str | None = None
    ) -> None:
        """Record the printed invoice number and dates (None: not printed)."""
        if number is not None:
            self.facts.put("invoice_number", self.number, number)
        if issued is not None:
            self.facts.day("invoice_date", self.issued, issued)
        if due is not None:
            self.facts.day("due_date", self.due, due)

    def reference_fact(self, value: str, printed: str) -> None:
        """Record a structured payment reference (normal form: compact)."""
        self.facts.put("payment_reference", value, printed)

    def document(self, family: str, kind: str, pdf: bytes, pages: int) -> FamilyDocument:
        """The finished document with its facts and our profile."""
        if "currency" not in self.facts.truth and self.money.currency:
            self.facts.put("currency", self.currency, self.money.currency)
        return FamilyDocument(
            family=family,
            kind=kind,
            language=self.lang,
            pdf=pdf,
            pages=pages,
            truth=dict(self.facts.truth),
            ours=self.profile(),
            our_side=self.our_side,
            printed=dict(self.facts.printed),
        )


def make_deal(
    rng: random.Random,
    lang: str,
    *,
    seller_country: str,
    buyer_country: str | None = None,
    currency: str = "EUR",
    rates: tuple[Decimal, ...] = (Decimal(21),),
    count: tuple[int, int] = (1, 6),
    our_side: str | None = None,
    seller: Company | None = None,
    long_dates: float = 0.35,
    days: tuple[int, ...] = (8, 14, 14, 21, 30, 30, 45, 60),
) -> Deal:
    """A deal between two invented companies (the seller may be given)."""
    side = our_side or rng.choice(("seller", "buyer"))
    seller = seller or company(rng, seller_country)
    buyer_at = buyer_country or seller_country
    buyer = company(rng, buyer_at)
    if buyer_at != seller.country:
        buyer = buyer.abroad(lang)
    issued = issue_date(rng)
    n_lines = rng.randint(*count)
    return Deal(
        rng=rng,
        lang=lang,
        seller=seller,
        buyer=buyer,
        our_side=side,
        number=invoice_number(rng, issued.year),
        issued=issued,
        due=issued + timedelta(days=rng.choice(days)),
        currency=currency,
        money=money_style(rng, lang, currency),
        dates=date_style(rng, lang, long=long_dates),
        lines=line_items(rng, lang, rates, n_lines),
        customer_no=str(rng.randint(10000, 999999)),
        reference=rng.choice(("PO-", "", "B", "ORD-")) + str(rng.randint(1000, 99999)),
    )


def iban_printed(iban: str, rng: random.Random) -> str:
    """An IBAN as printed: grouped by four (mostly) or compact."""
    return grouped(iban) if rng.random() < 0.8 else iban


def vat_printed(vat: str, rng: random.Random) -> str:
    """A VAT number as printed: compact (mostly) or with the spaces some software adds."""
    if rng.random() < 0.7 or len(vat) < 10:
        return vat
    if vat.startswith("NL"):
        return f"NL {vat[2:11]} {vat[11:]}"
    if vat.startswith(("DE", "GB")):
        return f"{vat[:2]} {vat[2:5]} {vat[5:8]} {vat[8:]}"
    if vat.startswith("BE"):
        return f"BE {vat[2:6]}.{vat[6:9]}.{vat[9:]}"
    return f"{vat[:2]} {vat[2:]}"
