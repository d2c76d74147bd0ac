"""Reconciliation: bank payments to the invoices they settle.

Pure code, no I/O. The store (parts 2 and 4 of issue 6) builds
:class:`~boekstuk.reconcile.models.InvoiceCandidate` values from open invoices, keeps a
:class:`~boekstuk.reconcile.index.CandidateIndex` (or selects candidates in SQL the same
way), calls :func:`~boekstuk.reconcile.matching.match_transaction` and stores the
:class:`~boekstuk.reconcile.models.MatchDecision`: allocations lower the invoices' open
amounts in the same database transaction; ``needs_review`` keeps the ranked candidates and
their reasons for a person, whose decision is never re-run.

Modules: ``references`` (payment references and invoice numbers in a description),
``evidence`` (weights and reasons), ``subset`` (bounded subset sum), ``matching`` (ranking
and the decision), ``index`` (pre-selection from a large ledger), ``models`` (the values).
"""

from __future__ import annotations

from boekstuk.reconcile.index import CandidateIndex, match_batch
from boekstuk.reconcile.matching import decide, match_transaction, rank_candidates
from boekstuk.reconcile.models import (
    Allocation,
    InvoiceCandidate,
    MatchConfig,
    MatchDecision,
    RankedCandidate,
)

__all__ = [
    "Allocation",
    "CandidateIndex",
    "InvoiceCandidate",
    "MatchConfig",
    "MatchDecision",
    "RankedCandidate",
    "decide",
    "match_batch",
    "match_transaction",
    "rank_candidates",
]
