"""The matcher on a generated ledger: precision of auto-matches, recall, and review quality.

:func:`generate_ledger` builds open invoices and payments of every kind the issue names —
exact, partial, combined, references with a typo, the same amount twice for one customer,
payers from a new IBAN, IBAN + amount only, noise — each payment with its true invoice set.
The same generator can feed a database benchmark (``bench/reconcile.py``).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from stdnum import iban as stdnum_iban

from boekstuk.domain.statements import Transaction
from boekstuk.reconcile.index import CandidateIndex, match_batch
from boekstuk.reconcile.models import InvoiceCandidate, MatchDecision

_SYLLABLES = ["van", "ber", "kor", "dam", "lin", "tra", "mex", "sol", "vel", "gro", "pla", "nik"]
_WORDS = ["Bouw", "Handel", "Techniek", "Advies", "Logistiek", "Media", "Zorg", "Food"]


@dataclass(frozen=True)
class Case:
    """A payment and what a person would say it pays (empty: nothing)."""

    tx: Transaction
    truth: frozenset[str]
    kind: str


def _iban(rng: random.Random) -> str:
    bban = "TEST" + "".join(rng.choice("0123456789") for _ in range(10))
    return f"NL{stdnum_iban.calc_check_digits('NL00' + bban)}{bban}"


def _typo(value: str, rng: random.Random) -> str:
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    i = rng.choice(digits)
    return value[:i] + rng.choice([d for d in "0123456789" if d != value[i]]) + value[i + 1 :]


def generate_ledger(
    n_invoices: int, n_payments: int, seed: int = 6
) -> tuple[list[InvoiceCandidate], list[Case]]:
    """Open sales invoices and payments with their truth (see the module docstring)."""
    rng = random.Random(seed)
    n_customers = max(n_invoices // 8, 4)
    customers = []
    for c in range(n_customers):
        name = "".join(rng.choice(_SYLLABLES) for _ in range(3)).title()
        customers.append((f"c{c}", f"{name} {rng.choice(_WORDS)} B.V.", frozenset({_iban(rng)})))
    invoices: list[InvoiceCandidate] = []
    for n in range(n_invoices):
        cid, name, ibans = customers[rng.randrange(n_customers)]
        invoices.append(
            InvoiceCandidate(
                id=f"i{n}",
                customer_id=cid,
                direction="sales",
                number=f"INV-2026-{n:05d}",
                date=date(2026, 1, 1) + timedelta(days=rng.randrange(150)),
                open_amount=Decimal(rng.randrange(1000, 500_000)) / 100,
                customer_name=name,
                customer_ibans=ibans,
            )
        )
    by_customer: dict[str, list[InvoiceCandidate]] = {}
    for inv in invoices:
        by_customer.setdefault(inv.customer_id or "", []).append(inv)
    used: set[str] = set()
    cases: list[Case] = []
    kinds = ["exact"] * 30 + ["partial"] * 8 + ["combined"] * 8 + ["typo"] * 10
    kinds += ["same_amount"] * 5 + ["new_iban"] * 9 + ["iban_amount"] * 12 + ["noise"] * 14
    kinds += ["typo_new_iban"] * 3 + ["combined_iban_only"] * 3 + ["known_payer_other"] * 4

    def pay(
        amount: Decimal, text: str, inv: InvoiceCandidate | None, iban: str | None
    ) -> Transaction:
        when = (inv.date if inv and inv.date else date(2026, 3, 1)) + timedelta(
            days=rng.randrange(1, 40)
        )
        return Transaction(
            booking_date=when,
            amount=amount,
            currency="EUR",
            description=text,
            counterparty_name=(inv.customer_name or "").upper() if inv else "ONBEKEND",
            counterparty_iban=iban,
        )

    def fresh() -> InvoiceCandidate:
        while True:
            inv = invoices[rng.randrange(n_invoices)]
            if inv.id not in used:
                used.add(inv.id)
                return inv

    for _ in range(n_payments):
        kind = rng.choice(kinds)
        if kind == "noise":
            amount = Decimal(rng.randrange(100, 90_000)) / 100
            tx = pay(amount, f"Overboeking {rng.randrange(10**6)}", None, _iban(rng))
            cases.append(Case(tx, frozenset(), kind))
            continue
        inv = fresh()
        iban = next(iter(inv.customer_ibans))
        number = inv.number or ""
        if kind == "exact":
            cases.append(
                Case(
                    pay(inv.open_amount, f"Factuur {number}", inv, iban), frozenset({inv.id}), kind
                )
            )
        elif kind == "partial":
            part = (inv.open_amount / 2).quantize(Decimal("0.01"))
            cases.append(
                Case(pay(part, f"{number} termijn 1", inv, iban), frozenset({inv.id}), kind)
            )
        elif kind == "typo":
            cases.append(
                Case(
                    pay(inv.open_amount, f"fact {_typo(number, rng)}", inv, iban),
                    frozenset({inv.id}),
                    kind,
                )
            )
        elif kind == "new_iban":
            text = f"betaling {number.replace('INV-', '')}"
            cases.append(
                Case(pay(inv.open_amount, text, inv, _iban(rng)), frozenset({inv.id}), kind)
            )
        elif kind == "typo_new_iban":
            text = f"fact {_typo(number, rng)}"
            cases.append(
                Case(pay(inv.open_amount, text, inv, _iban(rng)), frozenset({inv.id}), kind)
            )
        elif kind == "known_payer_other":
            # a known customer pays something we have no invoice for: nothing to match
            used.discard(inv.id)
            amount = Decimal(rng.randrange(100, 90_000)) / 100
            cases.append(Case(pay(amount, "voorschot", inv, iban), frozenset(), kind))
        elif kind == "iban_amount":
            cases.append(
                Case(pay(inv.open_amount, "betaling", inv, iban), frozenset({inv.id}), kind)
            )
        elif kind in ("combined", "combined_iban_only"):
            others = [o for o in by_customer[inv.customer_id or ""] if o.id not in used][:2]
            used.update(o.id for o in others)
            members = [inv, *others]
            total = sum((m.open_amount for m in members), Decimal(0))
            text = "facturen " + " ".join(m.number or "" for m in members)
            if kind == "combined_iban_only":
                text = "betaling facturen"
            cases.append(Case(pay(total, text, inv, iban), frozenset(m.id for m in members), kind))
        else:  # same amount twice for one customer: a twin invoice, nothing tells them apart
            twin = InvoiceCandidate(
                id=f"{inv.id}-twin",
                customer_id=inv.customer_id,
                direction="sales",
                number=f"{number}-B",
                date=inv.date,
                open_amount=inv.open_amount,
                customer_name=inv.customer_name,
                customer_ibans=inv.customer_ibans,
            )
            invoices.append(twin)
            used.add(twin.id)
            cases.append(
                Case(
                    pay(inv.open_amount, "betaling", inv, iban), frozenset({inv.id, twin.id}), kind
                )
            )
    return invoices, cases


@dataclass(frozen=True)
class Score:
    """Precision of auto-matches, recall of what is matchable, review quality."""

    auto: int
    auto_correct: int
    matchable: int
    ambiguous: int
    ambiguous_in_top3: int
    noise_auto: int

    @property
    def precision(self) -> float:
        """Correct auto-matches / auto-matches."""
        return self.auto_correct / self.auto if self.auto else 1.0

    @property
    def recall(self) -> float:
        """Correct auto-matches / matchable payments."""
        return self.auto_correct / self.matchable if self.matchable else 1.0


def score(cases: Sequence[Case], decisions: Sequence[MatchDecision]) -> Score:
    """Compare decisions with the truth (``same_amount`` cases count as ambiguous)."""
    auto = auto_correct = matchable = ambiguous = top3 = noise_auto = 0
    for case, d in zip(cases, decisions, strict=True):
        chosen = frozenset(a.invoice_id for a in d.allocations)
        if d.status == "matched":
            auto += 1
            noise_auto += not case.truth
            if case.kind == "same_amount":
                auto_correct += chosen <= case.truth
            else:
                auto_correct += chosen == case.truth
        if case.kind == "same_amount":
            ambiguous += 1
            top = {i for c in d.candidates[:3] for i in c.invoice_ids}
            top3 += d.status == "needs_review" and case.truth <= top
        elif case.truth:
            matchable += 1
    return Score(auto, auto_correct, matchable, ambiguous, top3, noise_auto)


def test_generated_ledger_meets_the_issue_targets() -> None:
    invoices, cases = generate_ledger(n_invoices=3000, n_payments=600)
    decisions = match_batch([c.tx for c in cases], CandidateIndex(invoices))
    s = score(cases, decisions)
    assert s.precision >= 0.995, s
    assert s.recall >= 0.90, s
    assert s.noise_auto == 0, s
    assert s.ambiguous_in_top3 == s.ambiguous, s
