"""What a generator family makes: :class:`FamilyDocument`, and the :class:`Family` that makes it.

In: the values a family draws. Out: a frozen :class:`FamilyDocument` — the PDF (real text
layer), its true values in CONTRACT §3's field names and normal forms (only what is printed),
the workspace profile of the company whose books it belongs to (``ours``) and which side that
company is on, and for statements the statement and its transactions. :class:`Facts` collects
true values together with the text they were printed as, so a test can find each one in the
PDF's text layer. Raises nothing.

>>> facts = Facts()
>>> facts.money("total_amount", Decimal("-12.5"), "-12,50")
>>> facts.truth, facts.printed
({'total_amount': '-12.50'}, {'total_amount': ('-12,50',)})
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from boekstuk.domain.fields import WorkspaceProfile

__all__ = ["Facts", "Family", "FamilyDocument"]


class Facts:
    """True values in normal form, each with the strings that print it on the page."""

    def __init__(self) -> None:
        self.truth: dict[str, str] = {}
        self.printed: dict[str, tuple[str, ...]] = {}

    def put(self, name: str, value: str, *printed: str) -> None:
        """``name`` is ``value``, printed as ``printed`` (default: the value itself)."""
        self.truth[name] = value
        self.printed[name] = tuple(p for p in printed if p) or (value,)

    def money(self, name: str, value: Decimal, printed: str) -> None:
        """An amount (normal form: dot, two decimals)."""
        self.put(name, f"{value:.2f}", printed)

    def day(self, name: str, value: date, printed: str) -> None:
        """A date (normal form: ISO)."""
        self.put(name, value.isoformat(), printed)


@dataclass(frozen=True, slots=True)
class FamilyDocument:
    """One generated document and everything that is true about it."""

    family: str
    kind: str  # invoice | credit_note | bank_statement
    language: str
    pdf: bytes
    pages: int
    truth: dict[str, str]
    ours: WorkspaceProfile
    our_side: str | None  # "seller" (a sales invoice we sent), "buyer" (one we received), None
    printed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    statement: dict[str, str] | None = None
    transactions: tuple[dict[str, str], ...] = ()

    @property
    def counterparty_side(self) -> str | None:
        """The side that is not us: ``buyer`` on a sales invoice, ``seller`` on a purchase."""
        if self.our_side is None:
            return None
        return "buyer" if self.our_side == "seller" else "seller"

    def summary(self) -> dict[str, Any]:
        """The true values without the PDF bytes (for logs and JSON)."""
        return {
            "family": self.family,
            "kind": self.kind,
            "language": self.language,
            "pages": self.pages,
            "our_side": self.our_side,
            "truth": self.truth,
            "statement": self.statement,
            "transactions": list(self.transactions),
        }


@dataclass(frozen=True, slots=True)
class Family:
    """A class of documents: its name, kind, languages and how to make one."""

    name: str
    kind: str  # invoice | credit_note | bank_statement
    languages: tuple[str, ...]
    make: Callable[[random.Random], FamilyDocument]
    description: str = ""
