"""The matching engine: one payment against open invoices → matched, needs review, unmatched.

In: a :class:`~boekstuk.domain.statements.Transaction`, the open
:class:`~boekstuk.reconcile.models.InvoiceCandidate` it may settle (all of them for a small
ledger, or those a :class:`~boekstuk.reconcile.index.CandidateIndex` pre-selects) and a
:class:`~boekstuk.reconcile.models.MatchConfig`. Out: a
:class:`~boekstuk.reconcile.models.MatchDecision`. Pure functions, no I/O, nothing raises.

How it decides:

1. Candidates: same currency; money in settles sales invoices (and purchase credit notes),
   money out settles purchase invoices, receipts (card payments) and sales credit notes.
2. Candidate sets, each scored by :mod:`~boekstuk.reconcile.evidence` plus the amount:
   one invoice (equal amount, or a partial payment / overpayment when something identifies
   it); several invoices of one customer whose open amounts — credit notes netted — add up
   to the payment exactly (a bounded subset sum); all invoices the description names when
   they do not add up (for a person to split).
3. Decision: the best set is matched when it scores at least ``auto_threshold`` and leads
   the runner-up by ``auto_margin``; else ``needs_review`` with the ranked sets and their
   reasons; when nothing reaches ``review_floor``, ``unmatched``.

A partial payment or overpayment is never matched without a person when nothing names the
invoice, when its number is named only with a character wrong, or (overpayment) when the
description names another number of the same shape: the money most likely pays an invoice not
stored yet, and the outcome must not depend on which arrives first.

A person's decision is final: the caller does not run this on a transaction a person decided.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from decimal import Decimal

from boekstuk.domain.statements import Transaction
from boekstuk.reconcile.evidence import (
    OVERPAYMENT_SMALL,
    W_AMOUNT,
    W_DATE_AFTER,
    W_OVERPAYMENT,
    W_OVERPAYMENT_LARGE,
    W_PARTIAL,
    Evidence,
    Payment,
    evidence_for,
)
from boekstuk.reconcile.models import (
    Allocation,
    InvoiceCandidate,
    MatchConfig,
    MatchDecision,
    RankedCandidate,
)
from boekstuk.reconcile.references import similar_tokens
from boekstuk.reconcile.subset import exact_subsets

logger = logging.getLogger(__name__)

_ZERO = Decimal("0.00")
_CENTS = Decimal(100)


def _cents(amount: Decimal) -> int:
    return int((amount * _CENTS).to_integral_value())


def _score(value: float) -> float:
    return round(max(0.0, min(1.0, value)), 3)


def _single(
    pay: Payment, cand: InvoiceCandidate, ev: Evidence, config: MatchConfig
) -> RankedCandidate | None:
    paid, expected = pay.tx.amount, cand.bank_amount
    if expected == 0 or (paid > 0) != (expected > 0):
        return None
    reasons = list(ev.reasons)
    unallocated = _ZERO
    if paid == expected:
        amount_weight, rule = W_AMOUNT, ev.rule or "amount"
        reasons.append(f"amount {abs(paid)} equals the open amount")
        allocated = cand.open_amount
    elif not ev.identifies:
        return None
    elif abs(paid) < abs(expected):
        amount_weight, rule = W_PARTIAL, "partial"
        reasons.append(f"partial payment: {abs(paid)} of {abs(expected)}")
        allocated = abs(paid) if cand.open_amount > 0 else -abs(paid)
    else:
        small = abs(paid) - abs(expected) <= abs(expected) * OVERPAYMENT_SMALL
        amount_weight = W_OVERPAYMENT if small else W_OVERPAYMENT_LARGE
        rule = "overpayment"
        unallocated = abs(paid) - abs(expected)
        reasons.append(f"overpayment: {abs(paid)} for {abs(expected)}, {unallocated} left over")
        allocated = cand.open_amount
    score = ev.reference + ev.party + ev.date + amount_weight
    if rule == "overpayment" and not config.auto_match_overpayments:
        score = min(score, config.auto_threshold - 0.01)
    if rule in ("partial", "overpayment") and ev.reference == 0:
        # A known payer paying a different amount without naming the invoice: which one
        # it pays (or whether it is a new one we have not seen) is for a person.
        score = min(score, config.auto_threshold - 0.01)
        reasons.append("the payment does not name the invoice")
    elif rule in ("partial", "overpayment") and ev.hit is not None and ev.hit.kind == "typo":
        # One character off and another amount: most likely the number of another invoice,
        # perhaps one not stored yet (INV-0042 paid while only INV-0044 is known).
        score = min(score, config.auto_threshold - 0.01)
        reasons.append("a different amount and the number named with a character wrong")
    elif rule == "overpayment" and ev.hit is not None:
        others = similar_tokens(pay.text, ev.hit.token)
        if others:
            # "facturen 2026-0045 en 2026-0046" with only one of them known: the rest of the
            # money pays the other, which may not have arrived yet. Not for auto-matching.
            score = min(score, config.auto_threshold - 0.01)
            reasons.append(f"the description also names {', '.join(others)}")
    return RankedCandidate(
        invoice_ids=(cand.id,),
        score=_score(score),
        weight=round(score, 3),
        reasons=tuple(reasons),
        allocations=(Allocation(cand.id, allocated),),
        rule=rule,
        customer_id=cand.customer_id,
        unallocated=unallocated,
    )


def _set_candidate(
    pay: Payment,
    members: Sequence[tuple[InvoiceCandidate, Evidence]],
    party: float,
    exact: bool,
    config: MatchConfig,
) -> RankedCandidate:
    referenced = [ev.reference for _, ev in members]
    # Half the strongest reference, half the average: naming all members counts most.
    reference = (max(referenced) + sum(referenced) / len(members)) / 2
    on_time = all(c.date is None or c.date <= pay.tx.booking_date for c, _ in members)
    total = sum((c.bank_amount for c, _ in members), _ZERO)
    numbers = ", ".join(c.number or c.id for c, _ in members)
    reasons = [f"{len(members)} open items of one customer ({numbers}) total {abs(total)}"]
    found = sum(1 for r in referenced if r > 0)
    if found:
        reasons.append(f"{found} of {len(members)} named in the description")
    reasons += [r for r in members[0][1].reasons if "IBAN" in r or "name" in r]
    credit_notes = [c for c, _ in members if c.open_amount < 0]
    if credit_notes:
        reasons.append(f"{len(credit_notes)} credit note(s) netted")
    allocations: list[Allocation] = []
    if exact:
        reasons.append(f"amount {abs(pay.tx.amount)} equals their sum")
        allocations = [Allocation(c.id, c.open_amount) for c, _ in members]
        amount_weight, rule = W_AMOUNT, "combined"
    else:
        # Settle the oldest first until the payment is spent; a person confirms.
        left = abs(pay.tx.amount) + sum(
            (-c.open_amount for c, _ in members if c.open_amount < 0), _ZERO
        )
        for cand, _ in sorted(
            members, key=lambda m: (m[0].open_amount > 0, m[0].date or pay.tx.booking_date)
        ):
            take = (
                cand.open_amount
                if cand.open_amount < 0
                else min(cand.open_amount, max(left, _ZERO))
            )
            if take:
                allocations.append(Allocation(cand.id, take))
            left -= max(take, _ZERO)
        reasons.append(f"the payment {abs(pay.tx.amount)} differs from their sum {abs(total)}")
        amount_weight, rule = W_PARTIAL, "combined_partial"
    score = reference + party + amount_weight + (W_DATE_AFTER if on_time else 0.0)
    if not exact:
        score = min(score, config.auto_threshold - 0.01)  # a person splits the payment
    return RankedCandidate(
        invoice_ids=tuple(c.id for c, _ in members),
        score=_score(score),
        weight=round(score, 3),
        reasons=tuple(reasons),
        allocations=tuple(allocations),
        rule=rule,
        customer_id=members[0][0].customer_id,
    )


def _sets_for_customer(
    pay: Payment, items: list[tuple[InvoiceCandidate, Evidence]], config: MatchConfig
) -> list[RankedCandidate]:
    party = max(ev.party for _, ev in items)
    pool = sorted(items, key=lambda m: (-m[1].reference, m[0].date or pay.tx.booking_date))
    pool = pool[: config.max_subset_pool]
    out: list[RankedCandidate] = []
    subsets = exact_subsets(
        [_cents(c.bank_amount) for c, _ in pool],
        _cents(pay.tx.amount),
        max_size=config.max_subset_size,
        max_nodes=config.max_subset_nodes,
    )
    out += [
        _set_candidate(pay, [pool[i] for i in subset], party, True, config) for subset in subsets
    ]
    named = [m for m in pool if m[1].reference > 0]
    if len(named) >= 2 and sum(c.bank_amount for c, _ in named) != pay.tx.amount:
        out.append(_set_candidate(pay, named, party, False, config))
    return out


def rank_candidates(
    tx: Transaction, candidates: Iterable[InvoiceCandidate], config: MatchConfig | None = None
) -> list[RankedCandidate]:
    """Every plausible candidate set for ``tx``, best first (ties: fewer invoices first)."""
    config = config or MatchConfig()
    if tx.amount == 0:
        return []  # nothing was paid: nothing to settle
    pay = Payment.of(tx)
    ranked: list[RankedCandidate] = []
    by_customer: dict[str, list[tuple[InvoiceCandidate, Evidence]]] = {}
    seen: set[str] = set()
    scored: list[tuple[InvoiceCandidate, Evidence]] = []
    for cand in candidates:
        if cand.id in seen or cand.currency != tx.currency or cand.open_amount == 0:
            continue
        seen.add(cand.id)
        scored.append((cand, evidence_for(pay, cand, config)))
    # A token that *is* one invoice's number is no typo of its neighbour's (INV-0042 vs -0043).
    claimed = {ev.hit.token for _, ev in scored if ev.hit is not None and ev.hit.kind != "typo"}
    for cand, found in scored:
        ev = found
        if found.hit is not None and found.hit.kind == "typo" and found.hit.token in claimed:
            ev = found.without_reference()
        single = _single(pay, cand, ev, config)
        if single is not None:
            ranked.append(single)
        if cand.customer_id is not None and cand.kind != "receipt":
            by_customer.setdefault(cand.customer_id, []).append((cand, ev))
    for items in by_customer.values():
        if len(items) >= 2 and any(ev.identifies for _, ev in items):
            ranked += _sets_for_customer(pay, items, config)
    ranked = [r for r in ranked if r.weight >= config.review_floor]
    ranked.sort(key=lambda r: (-r.weight, len(r.invoice_ids), r.invoice_ids))
    return ranked


def decide(
    tx: Transaction, ranked: Sequence[RankedCandidate], config: MatchConfig | None = None
) -> MatchDecision:
    """Matched, needs review or unmatched, from ranked candidate sets (see the module doc)."""
    config = config or MatchConfig()
    if not ranked:
        return MatchDecision(status="unmatched")
    best = ranked[0]
    # A part of the best set (one of the invoices it pays) is no rival to it.
    rivals = (r for r in ranked[1:] if not set(r.invoice_ids) <= set(best.invoice_ids))
    runner_up = next((r.weight for r in rivals), 0.0)
    if (
        best.weight >= config.auto_threshold
        and best.weight - runner_up >= config.auto_margin - 1e-9
    ):
        return MatchDecision(
            status="matched",
            allocations=best.allocations,
            confidence=best.score,
            rule=best.rule,
            candidates=(best,),
            unallocated=best.unallocated,
        )
    return MatchDecision(
        status="needs_review",
        confidence=best.score,
        rule=best.rule,
        candidates=tuple(ranked[: config.max_candidates]),
    )


def match_transaction(
    tx: Transaction, candidates: Iterable[InvoiceCandidate], config: MatchConfig | None = None
) -> MatchDecision:
    """The decision for one payment against its candidate invoices."""
    config = config or MatchConfig()
    pool = list(candidates)
    decision = decide(tx, rank_candidates(tx, pool, config), config)
    if decision.status == "matched" and tx.counterparty_iban:
        by_id = {c.id: c for c in pool}
        first = by_id.get(decision.allocations[0].invoice_id) if decision.allocations else None
        if (
            first is not None
            and first.customer_id
            and tx.counterparty_iban not in first.customer_ibans
        ):
            decision = MatchDecision(
                status=decision.status,
                allocations=decision.allocations,
                confidence=decision.confidence,
                rule=decision.rule,
                candidates=decision.candidates,
                unallocated=decision.unallocated,
                learn_iban=(first.customer_id, tx.counterparty_iban),
            )
    logger.debug(
        "transaction %s %s: %s (%.2f)",
        tx.booking_date,
        tx.amount,
        decision.status,
        decision.confidence,
    )
    return decision
