"""Bank statements: one model for every source (CAMT.053, MT940, CSV exports, PDF tables).

In: readers build :class:`Statement` and :class:`Transaction` values. Out: the balance check
(:meth:`Statement.balance_check`) and the natural key used to refuse duplicate transactions
(:func:`natural_key`, :func:`assign_sequences`). Nothing here does I/O or raises.

Amounts are signed ``Decimal``: positive is money in, negative is money out.

**The dedupe rule.** A transaction's natural key is the SHA-256 (64 hex characters) of
``account | booking date | amount | counterparty | text`` where *counterparty* is the
compact IBAN when known, else the normalised name, and *text* is the normalised description
(letters and digits only, lower case, first 60), or the bank reference when there is no
description. Two genuinely different payments with the same key on one day (two coffees of
3.20 at the same bar) are told apart by a *sequence*: the n-th occurrence of a key within
one statement gets sequence n (:func:`assign_sequences`). The store keeps
``(workspace, natural key, sequence)`` unique, so importing the same statement twice, or
overlapping periods, never duplicates a transaction while true repeats survive.

>>> from datetime import date
>>> from decimal import Decimal
>>> tx = Transaction(date(2026, 1, 5), Decimal("-3.20"), "EUR", description="Koffie  Bar")
>>> st = Statement("NL91ABNA0417164300", "EUR", Decimal("10.00"), Decimal("3.60"),
...                (tx, tx), date(2026, 1, 1), date(2026, 1, 31))
>>> st.balance_check()
BalanceCheck(ok=True, computed_closing=Decimal('3.60'), stated_closing=Decimal('3.60'), difference=Decimal('0.00'))
>>> [seq for _key, seq in assign_sequences("NL91ABNA0417164300", st.transactions)]
[0, 1]
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rapidfuzz import fuzz

__all__ = [
    "BalanceCheck",
    "Statement",
    "StoredLine",
    "Transaction",
    "assign_sequences",
    "balance_problems",
    "contract_json",
    "natural_key",
    "new_transactions",
    "normalise_text",
    "rendered_elsewhere",
]

_CENT = Decimal("0.01")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, slots=True)
class Transaction:
    """One booked line of a statement (signed amount: + in, - out)."""

    booking_date: date
    amount: Decimal
    currency: str
    value_date: date | None = None
    description: str = ""
    counterparty_name: str | None = None
    counterparty_iban: str | None = None
    bank_reference: str | None = None
    end_to_end_id: str | None = None
    payment_reference: str | None = None
    """A structured creditor reference (betalingskenmerk, RF, OGM/VCS) when the bank gave one."""
    transaction_code: str | None = None
    """The bank's own code for the kind of transaction (MT940 ``NTRF``, CAMT ``PMNT/CCRD``...)."""

    @property
    def is_credit(self) -> bool:
        """True for money in."""
        return self.amount > 0


@dataclass(frozen=True, slots=True)
class BalanceCheck:
    """Opening + sum of transactions against the closing balance the bank states.

    ``ok`` is None when the source gives no balances (most CSV exports).
    """

    ok: bool | None
    computed_closing: Decimal | None
    stated_closing: Decimal | None
    difference: Decimal | None
    """``computed - stated``; shown to a person when the check fails."""


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement of one account for a period, as the bank sent it."""

    account_iban: str | None
    """Compact IBAN of our account, or None when the bank identifies it otherwise."""
    currency: str
    opening_balance: Decimal | None
    closing_balance: Decimal | None
    transactions: tuple[Transaction, ...]
    period_start: date | None = None
    period_end: date | None = None
    account_id: str | None = None
    """The account as the file names it (``51230800/0000007055``); the IBAN when it is one."""
    statement_id: str | None = None
    source_format: str = ""
    """``camt053``, ``mt940``, ``csv-ing``, ``csv-abnamro``, ``csv-rabobank``, ``csv-bunq``..."""
    warnings: tuple[str, ...] = field(default=())

    @property
    def account(self) -> str:
        """The best identifier of the account (IBAN, else the bank's id, else empty)."""
        return self.account_iban or self.account_id or ""

    def balance_check(self) -> BalanceCheck:
        """Opening + sum = closing? The difference when not (``needs_review``)."""
        if self.opening_balance is None or self.closing_balance is None:
            return BalanceCheck(None, None, self.closing_balance, None)
        computed = self.opening_balance + sum((t.amount for t in self.transactions), Decimal(0))
        computed = computed.quantize(_CENT)
        difference = (computed - self.closing_balance).quantize(_CENT)
        return BalanceCheck(difference == 0, computed, self.closing_balance, difference)


def normalise_text(text: str | None, limit: int = 60) -> str:
    """Lower-case letters and digits only, cut to ``limit``: what survives any export.

    >>> normalise_text("  Factuur 2026-0042 /  ACME b.v. ")
    'factuur20260042acmebv'
    """
    return _NON_ALNUM.sub("", (text or "").lower())[:limit]


def _key_text(tx: Transaction) -> str:
    described = normalise_text(tx.description)
    return described or normalise_text(tx.bank_reference) or normalise_text(tx.end_to_end_id)


def _counterparty(tx: Transaction) -> str:
    if tx.counterparty_iban:
        return tx.counterparty_iban.replace(" ", "").upper()
    return normalise_text(tx.counterparty_name, 40)


def natural_key(account: str, tx: Transaction) -> str:
    """The 64-hex dedupe key of ``tx`` on ``account`` (see the module's dedupe rule).

    >>> a = Transaction(date(2026, 1, 5), Decimal("12.5"), "EUR", description="Inv 7")
    >>> b = Transaction(date(2026, 1, 5), Decimal("12.50"), "EUR", description="INV-7")
    >>> natural_key("NL91ABNA0417164300", a) == natural_key("nl91 abna 0417 1643 00", b)
    True
    """
    parts = (
        account.replace(" ", "").upper(),
        tx.booking_date.isoformat(),
        str(tx.amount.quantize(_CENT)),
        _counterparty(tx),
        _key_text(tx),
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def assign_sequences(account: str, transactions: Iterable[Transaction]) -> list[tuple[str, int]]:
    """``(natural key, sequence)`` per transaction, in order: the n-th repeat of a key gets n."""
    seen: dict[str, int] = {}
    keyed: list[tuple[str, int]] = []
    for tx in transactions:
        key = natural_key(account, tx)
        seq = seen.get(key, 0)
        seen[key] = seq + 1
        keyed.append((key, seq))
    return keyed


def new_transactions(
    account: str, transactions: Sequence[Transaction], stored: set[tuple[str, int]]
) -> list[tuple[Transaction, str, int]]:
    """The transactions whose ``(key, sequence)`` is not yet in ``stored``, with their keys.

    >>> tx = Transaction(date(2026, 1, 5), Decimal("-3.20"), "EUR", description="Koffie")
    >>> first = new_transactions("NL91ABNA0417164300", [tx, tx], set())
    >>> len(first)
    2
    >>> again = new_transactions("NL91ABNA0417164300", [tx, tx, tx], {(k, s) for _, k, s in first})
    >>> [seq for _, _, seq in again]
    [2]
    """
    keyed = assign_sequences(account, transactions)
    return [
        (tx, key, seq)
        for tx, (key, seq) in zip(transactions, keyed, strict=True)
        if (key, seq) not in stored
    ]


def balance_problems(statements: Sequence[Statement]) -> list[str]:
    """A sentence per statement whose balances do not add up (empty: all fine or unknown).

    >>> st = Statement("NL91ABNA0417164300", "EUR", Decimal("10.00"), Decimal("9.00"),
    ...                (Transaction(date(2026, 1, 5), Decimal("-3.20"), "EUR"),), statement_id="7")
    >>> balance_problems([st])
    ['statement 7 of NL91ABNA0417164300: opening 10.00 + transactions -3.20 = 6.80, the bank states closing 9.00 (difference -2.20)']
    """
    problems: list[str] = []
    for number, st in enumerate(statements, start=1):
        check = st.balance_check()
        if check.ok is not False:
            continue
        moved = sum((t.amount for t in st.transactions), Decimal(0)).quantize(_CENT)
        problems.append(
            f"statement {st.statement_id or number} of {st.account or 'the account'}: "
            f"opening {st.opening_balance} + transactions {moved} = {check.computed_closing}, "
            f"the bank states closing {check.stated_closing} (difference {check.difference})"
        )
    return problems


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(_CENT))


def contract_json(statements: Sequence[Statement]) -> dict[str, object]:
    """CONTRACT section 3's ``statement`` and ``transactions`` for the statements of one file.

    Several statements of one file are shown as one: the first opening balance, the last
    closing balance, the whole period. ``reference`` is the structured payment reference,
    else the end-to-end id, else the bank's reference.
    """
    if not statements:
        return {"statement": None, "transactions": []}
    first, last = statements[0], statements[-1]
    starts = [s.period_start for s in statements if s.period_start]
    ends = [s.period_end for s in statements if s.period_end]
    statement = {
        "account_iban": first.account_iban,
        "currency": first.currency,
        "opening_balance": _money(first.opening_balance),
        "closing_balance": _money(last.closing_balance),
        "period_start": min(starts).isoformat() if starts else None,
        "period_end": max(ends).isoformat() if ends else None,
    }
    transactions = [
        {
            "date": t.booking_date.isoformat(),
            "amount": _money(t.amount),
            "currency": t.currency,
            "description": t.description,
            "counterparty_name": t.counterparty_name,
            "counterparty_iban": t.counterparty_iban,
            "reference": t.payment_reference or t.end_to_end_id or t.bank_reference,
        }
        for s in statements
        for t in s.transactions
    ]
    return {
        "statement": {k: v for k, v in statement.items() if v is not None},
        "transactions": [{k: v for k, v in t.items() if v not in (None, "")} for t in transactions],
    }


@dataclass(frozen=True, slots=True)
class StoredLine:
    """A stored transaction as the cross-file dedupe sees it."""

    key: str
    sequence: int
    booking_date: date
    amount: Decimal
    counterparty_iban: str | None = None
    counterparty_name: str | None = None


def _same_party(tx: Transaction, line: StoredLine) -> bool:
    """Could both be the same counterparty? IBANs decide when both have one, else names."""
    if tx.counterparty_iban and line.counterparty_iban:
        return tx.counterparty_iban.replace(" ", "").upper() == line.counterparty_iban
    mine, theirs = (
        normalise_text(tx.counterparty_name, 80),
        normalise_text(line.counterparty_name, 80),
    )
    if mine and theirs:
        return fuzz.partial_ratio(mine, theirs) >= 80
    return True  # one side names nobody: the day and the amount decide


def rendered_elsewhere(
    keyed: Sequence[tuple[Transaction, str, int]], stored: Sequence[StoredLine]
) -> set[int]:
    """Positions in ``keyed`` that another rendering of the same statement already stored.

    The natural key catches the same file twice; it cannot catch the PDF and the CAMT of one
    period, which word a payment differently (a name where the other has an IBAN, another
    description). Those are paired one to one on booking date and amount with a compatible
    counterparty, after the exact key matches took their own stored rows; ``stored`` holds
    the account's transactions on the days concerned.

    >>> day = date(2026, 2, 3)
    >>> camt = [StoredLine("k1", 0, day, Decimal("121.00"), "NL91ABNA0417164300", "Bakkerij"),
    ...         StoredLine("k2", 0, day, Decimal("-3.20"), None, "Bar Centraal"),
    ...         StoredLine("k2", 1, day, Decimal("-3.20"), None, "Bar Centraal")]
    >>> pdf = [(Transaction(day, Decimal("121.00"), "EUR", counterparty_name="Bakkerij"), "p1", 0),
    ...        (Transaction(day, Decimal("-3.20"), "EUR", counterparty_name="Bar Centraal"), "p2", 0),
    ...        (Transaction(day, Decimal("-3.20"), "EUR", counterparty_name="Bar Centraal"), "p2", 1),
    ...        (Transaction(day, Decimal("-3.20"), "EUR", counterparty_name="Bar Centraal"), "p2", 2),
    ...        (Transaction(day, Decimal("50.00"), "EUR", counterparty_name="Jansen"), "p3", 0)]
    >>> sorted(rendered_elsewhere(pdf, camt))  # the third coffee and Jansen are new
    [0, 1, 2]
    """
    exact = {(t_key, seq) for _tx, t_key, seq in keyed}
    known = {(line.key, line.sequence) for line in stored}
    pool: dict[tuple[date, Decimal], list[StoredLine]] = {}
    for line in stored:
        if (line.key, line.sequence) not in exact:
            pool.setdefault((line.booking_date, line.amount), []).append(line)
    found: set[int] = set()
    for position, (tx, key, seq) in enumerate(keyed):
        if (key, seq) in known:
            continue  # the same rendering: the natural key already refuses it
        lines = pool.get((tx.booking_date, tx.amount.quantize(_CENT)), [])
        for index, line in enumerate(lines):
            if _same_party(tx, line):
                found.add(position)
                del lines[index]
                break
    return found
