"""Pre-selection of candidate invoices for a payment from a large open ledger.

In: all open :class:`~boekstuk.reconcile.models.InvoiceCandidate` of a workspace (tens of
thousands). Out: for one transaction, the few that can plausibly be it — named exactly in
the description (with or without prefix), of a customer whose IBAN or distinctive name word
the payment carries, or with the payment's exact amount — so that
:func:`~boekstuk.reconcile.matching.match_transaction` scores tens, not thousands.
Mutable on purpose (invoices arrive, payments settle them): :meth:`CandidateIndex.add`,
:meth:`CandidateIndex.remove` and :meth:`CandidateIndex.apply` keep it current, so an
invoice stored after its payment is found when the payment is matched again. Nothing raises.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from boekstuk.domain.statements import Transaction
from boekstuk.reconcile.evidence import normalise_name
from boekstuk.reconcile.matching import match_transaction
from boekstuk.reconcile.models import InvoiceCandidate, MatchConfig, MatchDecision
from boekstuk.reconcile.references import TextTokens, compact, find_in_text

_MIN_KEY = 4
_MAX_NAME_FANOUT = 8
_MAX_AMOUNT_HITS = 50


def _keys(cand: InvoiceCandidate) -> set[str]:
    """The compact number and reference, and the same without an alphabetic prefix."""
    keys: set[str] = set()
    for raw in (cand.number, cand.payment_reference):
        value = compact(raw)
        if len(value) >= _MIN_KEY:
            keys.add(value)
            bare = value.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            if len(bare) >= _MIN_KEY:
                keys.add(bare)
    return keys


class CandidateIndex:
    """Open invoices by reference key, customer, IBAN, name word and amount."""

    def __init__(self, candidates: Iterable[InvoiceCandidate] = ()) -> None:
        self._by_id: dict[str, InvoiceCandidate] = {}
        self._by_key: defaultdict[str, set[str]] = defaultdict(set)
        self._by_customer: defaultdict[str, set[str]] = defaultdict(set)
        self._by_iban: defaultdict[str, set[str]] = defaultdict(set)
        self._by_word: defaultdict[str, set[str]] = defaultdict(set)
        self._by_amount: defaultdict[tuple[str, Decimal], set[str]] = defaultdict(set)
        self._keys_of: dict[str, set[str]] = {}
        for cand in candidates:
            self.add(cand)

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, candidate_id: str) -> InvoiceCandidate | None:
        """The open candidate with this id, if any."""
        return self._by_id.get(candidate_id)

    def add(self, cand: InvoiceCandidate) -> None:
        """Add (or replace) an open invoice."""
        if cand.id in self._by_id:
            self.remove(cand.id)
        self._by_id[cand.id] = cand
        keys = self._keys_of.get(cand.id)
        if keys is None:  # numbers never change; open amounts and IBANs do
            keys = self._keys_of[cand.id] = _keys(cand)
        for key in keys:
            self._by_key[key].add(cand.id)
        self._by_amount[(cand.currency, cand.bank_amount)].add(cand.id)
        if cand.customer_id is not None:
            self._by_customer[cand.customer_id].add(cand.id)
            for iban in cand.customer_ibans:
                self._by_iban[iban].add(cand.customer_id)
            for word in normalise_name(cand.customer_name).split():
                if len(word) >= 3:
                    self._by_word[word].add(cand.customer_id)

    def remove(self, candidate_id: str) -> None:
        """Forget an invoice (paid, deleted). Customer look-ups are kept: they are cheap."""
        cand = self._by_id.pop(candidate_id, None)
        if cand is None:
            return
        for key in self._keys_of.get(cand.id, set()):
            self._by_key[key].discard(cand.id)
        self._by_amount[(cand.currency, cand.bank_amount)].discard(cand.id)
        if cand.customer_id is not None:
            self._by_customer[cand.customer_id].discard(cand.id)

    def learn_iban(self, customer_id: str, iban: str) -> None:
        """Remember that ``customer_id`` pays from ``iban`` (after a confirmed match)."""
        self._by_iban[iban].add(customer_id)
        for cid in list(self._by_customer.get(customer_id, ())):
            cand = self._by_id[cid]
            self.add(replace(cand, customer_ibans=cand.customer_ibans | {iban}))

    def candidates_for(self, tx: Transaction) -> list[InvoiceCandidate]:
        """The open invoices that can plausibly be paid by ``tx``."""
        ids: set[str] = set()
        customers: set[str] = set()
        text = TextTokens.of(tx.description, tx.payment_reference, tx.end_to_end_id)
        hits: set[str] = set()
        for token in text.tokens:
            if len(token) >= _MIN_KEY:
                hits |= self._by_key.get(token, set())
        for i in hits:
            cand = self._by_id[i]
            hit = find_in_text(cand.number, text) or find_in_text(cand.payment_reference, text)
            if hit is not None and hit.kind != "typo":
                ids.add(i)
                # A sure hit brings in the customer's other invoices (combined payments).
                if cand.customer_id is not None:
                    customers.add(cand.customer_id)
        if tx.counterparty_iban:
            customers |= self._by_iban.get(tx.counterparty_iban, set())
        # A payer we know neither by IBAN nor by a number: try distinctive words of the name
        # ("Handel", "Bouw" name too many customers to help).
        for word in () if customers else normalise_name(tx.counterparty_name).split():
            named = self._by_word.get(word, set())
            if len(word) >= 3 and len(named) <= _MAX_NAME_FANOUT:
                customers |= named
        for customer in customers:
            ids |= self._by_customer.get(customer, set())
        by_amount = sorted(self._by_amount.get((tx.currency, tx.amount), set()))
        ids.update(by_amount[:_MAX_AMOUNT_HITS])
        return [self._by_id[i] for i in sorted(ids) if i in self._by_id]

    def apply(self, decision: MatchDecision) -> None:
        """Lower the open amounts a matched decision settles (paid invoices leave the index)."""
        if decision.status != "matched":
            return
        for allocation in decision.allocations:
            cand = self._by_id.get(allocation.invoice_id)
            if cand is None:
                continue
            left = cand.open_amount - allocation.amount
            if left == 0:
                self.remove(cand.id)
            else:
                self.add(replace(cand, open_amount=left))
        if decision.learn_iban is not None:
            self.learn_iban(*decision.learn_iban)


def match_batch(
    transactions: Iterable[Transaction], index: CandidateIndex, config: MatchConfig | None = None
) -> list[MatchDecision]:
    """Match payments in order, each auto-match settling its invoices before the next."""
    decisions: list[MatchDecision] = []
    for tx in transactions:
        decision = match_transaction(tx, index.candidates_for(tx), config)
        index.apply(decision)
        decisions.append(decision)
    return decisions
