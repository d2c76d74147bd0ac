"""Evidence that a payment belongs to an invoice, each piece with a weight and a reason.

In: a :class:`~boekstuk.domain.statements.Transaction` (prepared once as :class:`Payment`)
and an :class:`~boekstuk.reconcile.models.InvoiceCandidate`. Out: :class:`Evidence` — weights
that add up to a score in 0..1 and sentences a person can check. Pure; nothing raises.

=====================================================  ======
evidence                                               weight
=====================================================  ======
structured reference given by the bank, or found       0.60
reference found with one wrong character               0.40
invoice number found (exact / without its prefix)      0.50 / 0.45
invoice number found with one wrong character          0.30
counterparty IBAN known for the customer               0.30
counterparty name similar to the customer's            0.20 × similarity
amount equal to the open amount                        0.30
partial payment                                        0.10
overpayment by at most 10 % (the excess unallocated)   0.00
overpayment by more                                    -0.15
paid on or after the invoice date                      0.05
paid more than a week before the invoice date          -0.15
card payment: receipt of the same day / within days    0.20 / 0.10
card payment: merchant name in the description         0.25 × similarity
=====================================================  ======
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rapidfuzz import fuzz

from boekstuk.domain.statements import Transaction
from boekstuk.reconcile.models import InvoiceCandidate, MatchConfig
from boekstuk.reconcile.references import Hit, TextTokens, compact, find_in_text

W_REFERENCE = 0.60
W_REFERENCE_TYPO = 0.40
W_NUMBER = 0.50
W_NUMBER_NO_PREFIX = 0.45
W_NUMBER_TYPO = 0.30
W_IBAN = 0.30
W_NAME = 0.20
W_AMOUNT = 0.30
W_PARTIAL = 0.10
W_OVERPAYMENT = 0.0
W_OVERPAYMENT_LARGE = -0.15
OVERPAYMENT_SMALL = Decimal("0.10")
W_DATE_AFTER = 0.05
W_DATE_BEFORE = -0.15
W_CARD_SAME_DAY = 0.20
W_CARD_NEAR = 0.10
W_MERCHANT = 0.25

_LEGAL_FORMS = re.compile(
    r"\b(b\.?v\.?|n\.?v\.?|v\.?o\.?f\.?|c\.?v\.?|gmbh|ag|ltd|limited|inc|sarl|sa|bvba|srl|"
    r"sdn\.? bhd\.?|bhd|holding|the|de|het|en|and)\b"
)
_PUNCT = re.compile(r"[^0-9a-z ]+")
_CARD_CODES = {"BA", "BC", "BEA", "GEA", "POS", "CCRD", "PMNT/CCRD/POSD", "PMNT/CCRD/CWDL"}
_CARD_WORDS = re.compile(r"^(BEA|GEA|BETAALPAS|PASVOLGNR|POS |CARD |KAARTBETALING)|\bPAS ?\d{3}\b")


@functools.lru_cache(maxsize=65536)
def normalise_name(name: str | None) -> str:
    """Lower case, no punctuation, no legal forms (``B.V.``, ``GmbH``...).

    >>> normalise_name("Acme Trading B.V.")
    'acme trading'
    """
    lowered = _LEGAL_FORMS.sub(" ", (name or "").lower())
    return " ".join(_PUNCT.sub(" ", lowered).split())


def name_similarity(a: str | None, b: str | None) -> float:
    """0..1 similarity of two party names (token order and legal forms ignored).

    >>> name_similarity("ACME TRADING BV", "Acme Trading B.V.")
    1.0
    >>> name_similarity("J. Jansen", "Bakkerij de Vries") < 0.5
    True
    """
    left, right = normalise_name(a), normalise_name(b)
    if min(len(left), len(right)) < 3:
        return 0.0
    return float(fuzz.token_set_ratio(left, right)) / 100.0


def is_card_payment(tx: Transaction) -> bool:
    """True when the bank marks ``tx`` as a card (debit card, POS) payment."""
    code = (tx.transaction_code or "").strip().upper()
    if code in _CARD_CODES or code.endswith("/CCRD") or "/CCRD/" in code:
        return True
    return bool(_CARD_WORDS.search((tx.description or "").upper()))


@dataclass(frozen=True, slots=True)
class Payment:
    """A transaction prepared once for scoring against many candidates."""

    tx: Transaction
    text: TextTokens
    card: bool
    bank_reference: str

    @classmethod
    def of(cls, tx: Transaction) -> Payment:
        """Tokens of the description, structured reference and end-to-end id."""
        return cls(
            tx=tx,
            text=TextTokens.of(tx.description, tx.payment_reference, tx.end_to_end_id),
            card=is_card_payment(tx),
            bank_reference=compact(tx.payment_reference),
        )


@dataclass(frozen=True, slots=True)
class Evidence:
    """What ties one payment to one candidate, apart from the amount."""

    reference: float = 0.0
    party: float = 0.0
    date: float = 0.0
    reasons: tuple[str, ...] = field(default=())
    rule: str = ""
    hit: Hit | None = None
    """Where the reference or number was found in the description."""

    def without_reference(self) -> Evidence:
        """The same evidence minus the reference (its token belongs to another invoice)."""
        reasons = tuple(r for r in self.reasons if "character wrong" not in r)
        rule = "" if self.rule in ("reference", "invoice_number") else self.rule
        return Evidence(0.0, self.party, self.date, reasons, rule, None)

    @property
    def identifies(self) -> bool:
        """True when a reference, number, IBAN or name points at this candidate."""
        return self.reference > 0 or self.party > 0


def _reference(pay: Payment, cand: InvoiceCandidate) -> tuple[float, str, str, Hit | None]:
    ref = compact(cand.payment_reference)
    if ref and pay.bank_reference == ref:
        return (
            W_REFERENCE,
            f"payment reference {cand.payment_reference} given by the bank",
            "reference",
            Hit("exact", ref),
        )
    if ref:
        hit = find_in_text(ref, pay.text)
        if hit is not None and hit.kind != "typo":
            return (
                W_REFERENCE,
                f"payment reference {cand.payment_reference} in the description",
                "reference",
                hit,
            )
        if hit is not None and len(ref) >= 10:
            return (
                W_REFERENCE_TYPO,
                f"payment reference {cand.payment_reference} with one character wrong ({hit.token})",
                "reference",
                hit,
            )
    if cand.number:
        hit = find_in_text(cand.number, pay.text)
        if hit is not None:
            weight = {"exact": W_NUMBER, "no_prefix": W_NUMBER_NO_PREFIX, "typo": W_NUMBER_TYPO}
            words = {
                "exact": f"invoice number {cand.number} in the description",
                "no_prefix": f"invoice number {cand.number} in the description without its prefix",
                "typo": f"invoice number {cand.number} with one character wrong ({hit.token})",
            }
            return weight[hit.kind], words[hit.kind], "invoice_number", hit
    return 0.0, "", "", None


def _date(pay: Payment, cand: InvoiceCandidate, config: MatchConfig) -> tuple[float, str]:
    if cand.date is None:
        return 0.0, ""
    paid: date = pay.tx.booking_date
    days = (paid - cand.date).days
    if cand.kind == "receipt":
        if days == 0:
            return W_CARD_SAME_DAY, "card payment on the receipt's date"
        if 0 <= days <= config.card_date_window_days:
            return W_CARD_NEAR, f"card payment {days} day(s) after the receipt"
        return -0.10, f"card payment {days} day(s) from the receipt's date"
    if days >= 0:
        return W_DATE_AFTER, "paid on or after the invoice date"
    if days < -7:
        return W_DATE_BEFORE, f"paid {-days} days before the invoice date"
    return 0.0, ""


def evidence_for(pay: Payment, cand: InvoiceCandidate, config: MatchConfig) -> Evidence:
    """All evidence but the amount for ``cand`` (see the module's table)."""
    reasons: list[str] = []
    ref_weight, ref_reason, rule, hit = _reference(pay, cand)
    if ref_reason:
        reasons.append(ref_reason)
    party = 0.0
    tx = pay.tx
    if tx.counterparty_iban and tx.counterparty_iban in cand.customer_ibans:
        party += W_IBAN
        reasons.append(f"paid from {tx.counterparty_iban}, an IBAN of the customer")
        rule = rule or "iban"
    similarity = name_similarity(tx.counterparty_name, cand.customer_name)
    if similarity < config.name_threshold and cand.kind == "receipt" and cand.customer_name:
        merchant = normalise_name(cand.customer_name)
        if len(merchant) >= 4:
            similarity = fuzz.partial_ratio(merchant, normalise_name(tx.description)) / 100.0
    if similarity >= config.name_threshold:
        weight = W_MERCHANT if cand.kind == "receipt" else W_NAME
        party += weight * similarity
        who = tx.counterparty_name or "the description"
        reasons.append(f"name {who!r} matches {cand.customer_name!r} ({similarity:.0%})")
        rule = rule or "name"
    date_weight, date_reason = _date(pay, cand, config)
    if date_reason:
        reasons.append(date_reason)
    if cand.kind == "receipt" and pay.card:
        reasons.append("a card payment")
        rule = "card_receipt"
    return Evidence(ref_weight, party, date_weight, tuple(reasons), rule, hit)
