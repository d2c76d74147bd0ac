"""Scoring one analysed document against its truth: fields, silent errors, statements.

In: a :class:`~accuracy_jobs.Job` and the pipeline's CONTRACT §3 ``extraction`` with its
``needs_review``. Out: a :class:`DocScore` — per field right or wrong (a missing value is
wrong), the counterparty (the side that is not ``our_side``; for real documents, which have
no profile, the seller), the *silent errors* (a wrong invoice number, invoice date, total,
counterparty name or counterparty VAT on a document not sent to review; a counterparty VAT
found where none is printed counts too), and for statements the transactions matched one to
one on date and signed amount, their counterparty names, and the balance check's outcome.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from accuracy_jobs import Job
from rapidfuzz import fuzz

from boekstuk.domain.parties import normalise_name

FIELDS = (
    "invoice_number",
    "invoice_date",
    "due_date",
    "currency",
    "total_amount",
    "net_amount",
    "tax_amount",
    "amount_due",
    "payment_reference",
    "seller_name",
    "seller_address",
    "seller_vat",
    "seller_iban",
    "seller_bic",
    "seller_coc",
    "buyer_name",
    "buyer_address",
    "buyer_vat",
    "counterparty_name",
    "counterparty_vat",
)
SILENT_FIELDS = (
    "invoice_number",
    "invoice_date",
    "total_amount",
    "counterparty_name",
    "counterparty_vat",
)
AMOUNTS = {"total_amount", "net_amount", "tax_amount", "amount_due"}
NAMES = {"seller_name", "buyer_name", "counterparty_name"}
ADDRESSES = {"seller_address", "buyer_address"}
EXPECTED_TYPE = {
    "invoice": {"invoice", "credit_note"},
    "credit_note": {"credit_note"},
    "receipt": {"receipt"},
    "bank_statement": {"bank_statement"},
}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


def same_name(truth: str, got: str) -> bool:
    """A name is right when the normalised names are equal or token_set_ratio ≥ 90."""
    a, b = normalise_name(truth), normalise_name(got)
    if a and a == b:
        return True
    return fuzz.token_set_ratio(_fold(truth), _fold(got)) >= 90


def same(name: str, truth: str, got: str | None) -> bool:
    """Does ``got`` match the true value of field ``name`` (its normal form)?"""
    if got is None:
        return False
    if name in AMOUNTS:
        try:
            return Decimal(truth) == Decimal(got)
        except InvalidOperation:
            return False
    if name in NAMES:
        return same_name(truth, got)
    if name in ADDRESSES:  # the address lines, leniently: 80 % of the true words found
        want, have = set(_fold(truth).split()), set(_fold(got).split())
        return len(want & have) >= 0.8 * len(want)
    if name == "payment_reference":
        return (
            "".join(c for c in truth if c.isalnum()).upper()
            == "".join(c for c in got if c.isalnum()).upper()
        )
    return "".join(truth.split()).upper() == "".join(got.split()).upper()


@dataclass
class StatementScore:
    """A statement against its truth."""

    expected: int
    read: int
    matched: int  # one to one on (date, signed amount)
    names: list[bool] = field(default_factory=list)  # counterparty name right, per matched pair
    ibans: list[bool] = field(default_factory=list)
    balance: str = "unchecked"  # ok | mismatch | unchecked
    statement_fields: dict[str, bool] = field(default_factory=dict)


@dataclass
class DocScore:
    """One document's score."""

    id: str
    group: str
    set: str
    format: str
    kind: str
    family: str
    type_ok: bool
    needs_review: bool
    fields: dict[str, tuple[bool, str, str | None]] = field(default_factory=dict)
    silent: list[str] = field(default_factory=list)
    statement: StatementScore | None = None
    reasons: tuple[str, ...] = ()
    cpu: float | None = None  # text + entities + validate, digital documents
    pages: int = 1


def _value(fields: dict[str, Any], name: str) -> str | None:
    value = (fields.get(name) or {}).get("value")
    return None if value is None else str(value)


def score(
    job: Job, extraction: dict[str, Any], needs_review: bool, reasons: tuple[str, ...] = ()
) -> DocScore:
    """Score ``job`` against the pipeline's ``extraction``."""
    got_type = extraction.get("document_type")
    result = DocScore(
        id=job.id,
        group=job.group,
        set=job.set,
        format=job.format,
        kind=job.kind,
        family=job.family,
        type_ok=got_type in EXPECTED_TYPE.get(job.kind, {job.kind}),
        needs_review=needs_review,
        reasons=reasons,
        pages=job.pages,
    )
    if job.kind == "bank_statement":
        result.statement = score_statement(job, extraction)
        return result
    fields = extraction.get("fields") or {}
    truth = dict(job.truth)
    side = "seller" if job.our_side in (None, "buyer") else "buyer"
    for key in ("name", "vat"):
        if f"{side}_{key}" in truth:
            truth[f"counterparty_{key}"] = truth[f"{side}_{key}"]
    got = {name: _value(fields, name) for name in FIELDS}
    got["counterparty_name"] = got[f"{side}_name"]
    got["counterparty_vat"] = got[f"{side}_vat"]
    for name in FIELDS:
        if name in truth:
            result.fields[name] = (same(name, truth[name], got[name]), truth[name], got[name])
    if not needs_review:
        for name in SILENT_FIELDS:
            if name in result.fields and not result.fields[name][0]:
                result.silent.append(name)
        if "counterparty_vat" not in truth and got["counterparty_vat"] and job.set != "real":
            result.silent.append("counterparty_vat (none printed)")
    return result


def _key(day: str | None, amount: str | None) -> tuple[str, Decimal] | None:
    try:
        return (str(day), Decimal(str(amount)).quantize(Decimal("0.01")))
    except (InvalidOperation, ValueError):
        return None


def score_statement(job: Job, extraction: dict[str, Any]) -> StatementScore:
    """Transactions matched one to one on date and signed amount, names, balance check."""
    read = list(extraction.get("transactions") or [])
    used = [False] * len(read)
    keys = [_key(t.get("date"), t.get("amount")) for t in read]
    matched = 0
    names: list[bool] = []
    ibans: list[bool] = []
    for want in job.transactions:
        key = _key(want.get("date"), want.get("amount"))
        hit = next((i for i, k in enumerate(keys) if not used[i] and k == key), None)
        if hit is None:
            continue
        used[hit] = True
        matched += 1
        if want.get("counterparty_name"):
            names.append(
                same_name(want["counterparty_name"], read[hit].get("counterparty_name") or "")
            )
        if want.get("counterparty_iban"):
            ibans.append(want["counterparty_iban"] == (read[hit].get("counterparty_iban") or ""))
    errors = (extraction.get("validation") or {}).get("errors") or []
    statement = extraction.get("statement") or {}
    if any(e.get("code") == "balance_mismatch" for e in errors):
        balance = "mismatch"
    elif (
        statement.get("opening_balance") is not None
        and statement.get("closing_balance") is not None
        and read
    ):
        balance = "ok"
    else:
        balance = "unchecked"
    checks = {}
    for name, value in (job.statement or {}).items():
        have = statement.get(name)
        if name in ("opening_balance", "closing_balance"):
            checks[name] = _key("", value) == _key("", have)
        else:
            checks[name] = str(value).upper() == str(have or "").replace(" ", "").upper()
    return StatementScore(len(job.transactions), len(read), matched, names, ibans, balance, checks)
