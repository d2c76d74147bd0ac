"""Find or create the counterparty's customer record; keep what we learn about it.

In: a session, the workspace id and a normalised :class:`Party`. Out: :class:`Linked` (the
customer, whether it was created, which key found it, review items raised). The caller
commits: :func:`link_party` does its reads and writes in the caller's one transaction.

Keys in order: VAT number → KvK number → IBAN → fuzzy name (trigram index on PostgreSQL,
blocking keys on SQLite; scored by :func:`boekstuk.domain.parties.decide`). Creation is
race-free: on PostgreSQL a transaction-scoped advisory lock per workspace serialises the
look-up-then-create (SQLite's ``BEGIN IMMEDIATE`` already does), and the insert itself is
``INSERT … ON CONFLICT DO NOTHING`` on the unique (workspace, VAT) / (workspace, KvK)
keys followed by a select, so two workers with the same new customer make one record.
Raises only SQLAlchemy errors (an unavailable database).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, or_, select, text, union_all, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from boekstuk.db.models import (
    Customer,
    CustomerIban,
    Document,
    Invoice,
    MergeAudit,
    ReviewItem,
    Workspace,
)
from boekstuk.domain.errors import ConflictError, NotFoundError
from boekstuk.domain.names import is_real_name, match_key
from boekstuk.domain.parties import (
    Candidate,
    Ours,
    Outcome,
    Party,
    Thresholds,
    decide,
)

logger = logging.getLogger(__name__)

CANDIDATES = 12  # nearest names fetched per look-up (then scored in Python)
# fields a document may fill when they are still empty (and no person locked them)
_FILLABLE = ("address", "postcode", "city", "country", "coc_number", "vat_number", "iban")


@dataclass(frozen=True, slots=True)
class Linked:
    """The customer a party was linked to, and how."""

    customer_id: uuid.UUID
    created: bool
    found_by: str  # vat, coc, iban, name, new
    review_item_ids: tuple[uuid.UUID, ...] = field(default=())


def ours_of(workspace: Workspace) -> Ours:
    """The workspace profile as the domain's :class:`Ours`."""
    return Ours(workspace.legal_name, workspace.vat_number, tuple(workspace.ibans or ()))


def lock_workspace(session: Session, workspace_id: uuid.UUID) -> None:
    """Serialise customer creation in a workspace until the transaction ends (PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(b"party:" + workspace_id.bytes).digest()[:8], "big")
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key - (1 << 63)})


def link_party(
    session: Session,
    workspace_id: uuid.UUID,
    party: Party,
    thresholds: Thresholds,
    document_id: uuid.UUID | None = None,
    previous_id: uuid.UUID | None = None,
) -> Linked | None:
    """The customer for ``party``: found by its keys, or created (maybe with a review item).

    A customer is created only for a real name (never an attention line, a label, an address
    line or a value without letters): without one, a party nobody knows yet links to nothing
    (None). ``previous_id`` is the customer the document was linked to before (a reprocess or a
    person's correction): what the document would now create is reconciled with it instead —
    updated in place when the document alone made it, else kept with a review item — so
    reading a document again never adds a customer.
    """
    lock_workspace(session, workspace_id)
    if party.name and not is_real_name(party.name):
        party = replace(party, name=None)
    previous = _previous(session, workspace_id, previous_id)
    for found_by, customer in _by_identifiers(session, workspace_id, party):
        _absorb_orphan(session, previous, customer, document_id)
        return Linked(customer.id, False, found_by, learn(session, customer, party, document_id))
    decision = None
    if party.key:
        candidates = find_candidates(session, workspace_id, party)
        decision = decide(party, candidates, thresholds)
        if decision.outcome is Outcome.MATCH and decision.best is not None:
            customer = _live(session, session.get_one(Customer, decision.best.candidate.id))
            _absorb_orphan(session, previous, customer, document_id)
            return Linked(customer.id, False, "name", learn(session, customer, party, document_id))
    if previous is not None and not _other_vat(previous, party):
        return _reconcile(session, previous, party, document_id)
    if not party.name:
        logger.info("the counterparty has no real name and matches nobody: no customer")
        return None
    customer, created = insert_or_get(session, workspace_id, party)
    reviews: list[uuid.UUID] = []
    if not created:  # someone made it meanwhile (only possible without the lock)
        return Linked(customer.id, False, "new", learn(session, customer, party, document_id))
    reviews.extend(learn(session, customer, party, document_id))
    if decision is not None and decision.outcome is Outcome.REVIEW and decision.best is not None:
        other = decision.best.candidate.id
        item = add_review(
            session,
            workspace_id,
            "possible_duplicate",
            f"{customer.name!r} may be the same as an existing customer",
            document_id=document_id,
            customer_id=customer.id,
            other_customer_id=other,
            details={"candidates": [s.as_json() for s in decision.close[:5]]},
        )
        reviews.append(item)
    logger.info("created customer %s (%s)", customer.id, customer.name)
    return Linked(customer.id, True, "new", tuple(reviews))


def _previous(
    session: Session, workspace_id: uuid.UUID, previous_id: uuid.UUID | None
) -> Customer | None:
    if previous_id is None:
        return None
    found = session.get(Customer, previous_id)
    if found is None or found.workspace_id != workspace_id:
        return None
    return _live(session, found)


def _only_this_document(
    session: Session, customer: Customer, document_id: uuid.UUID | None
) -> bool:
    """True when nothing but ``document_id`` links to the customer (the document made it)."""
    others = session.scalar(
        select(func.count())
        .select_from(Document)
        .where(Document.customer_id == customer.id, Document.id != document_id)
    )
    invoices = session.scalar(
        select(func.count())
        .select_from(Invoice)
        .where(Invoice.customer_id == customer.id, Invoice.document_id != document_id)
    )
    return not others and not invoices


def _reconcile(
    session: Session, previous: Customer, party: Party, document_id: uuid.UUID | None
) -> Linked:
    """A document read again names a party nobody has: it is the customer it made before."""
    locked = set(previous.locked_fields or ())
    if _only_this_document(session, previous, document_id) and party.name and "name" not in locked:
        previous.name, previous.normalized_name = party.name[:300], party.key[:300]
        for name in ("address", "postcode", "city", "country"):
            value = getattr(party, name)
            if value and name not in locked:
                setattr(previous, name, value)
        logger.info("customer %s updated from its document read again", previous.id)
        return Linked(previous.id, False, "previous", learn(session, previous, party, document_id))
    reviews = list(learn(session, previous, party, document_id))
    if party.name and match_key(party.name) != previous.normalized_name:
        reviews.append(_conflict(session, previous, "name", previous.name, party.name, document_id))
    return Linked(previous.id, False, "previous", tuple(reviews))


def _absorb_orphan(
    session: Session,
    previous: Customer | None,
    found: Customer,
    document_id: uuid.UUID | None,
) -> None:
    """A customer this document alone made earlier, now known to be ``found``: merge it in."""
    if previous is None or previous.id == found.id:
        return
    if _only_this_document(session, previous, document_id) and not _other_vat(
        found, Party(vat_number=previous.vat_number)
    ):
        session.flush()
        try:
            merge_customers(
                session, found.workspace_id, previous.id, found.id, merged_by="reprocess"
            )
        except ConflictError as exc:  # both hold the same invoice number: a person decides
            logger.info("customer %s not merged into %s: %s", previous.id, found.id, exc)


def _live(session: Session, customer: Customer) -> Customer:
    """Follow merges to the surviving record."""
    seen = {customer.id}
    while customer.merged_into_id is not None and customer.merged_into_id not in seen:
        seen.add(customer.merged_into_id)
        customer = session.get_one(Customer, customer.merged_into_id)
    return customer


def _by_identifiers(
    session: Session, workspace_id: uuid.UUID, party: Party
) -> Iterable[tuple[str, Customer]]:
    in_ws = Customer.workspace_id == workspace_id
    if party.vat_number:
        found = session.scalar(
            select(Customer).where(in_ws, Customer.vat_number == party.vat_number)
        )
        if found is not None:
            yield "vat", _live(session, found)
            return
    if party.coc_number:
        found = session.scalar(
            select(Customer).where(in_ws, Customer.coc_number == party.coc_number)
        )
        if found is not None and not _other_vat(found, party):
            yield "coc", _live(session, found)
            return
    if party.iban:
        found = session.scalar(
            select(Customer)
            .join(CustomerIban, CustomerIban.customer_id == Customer.id)
            .where(CustomerIban.workspace_id == workspace_id, CustomerIban.iban == party.iban)
        )
        if found is not None:
            live = _live(session, found)
            if not _other_vat(live, party):
                yield "iban", live


def _other_vat(customer: Customer, party: Party) -> bool:
    """True when both carry a VAT number and they differ (two companies)."""
    return bool(
        customer.vat_number and party.vat_number and customer.vat_number != party.vat_number
    )


def find_candidates(session: Session, workspace_id: uuid.UUID, party: Party) -> list[Candidate]:
    """Customers whose names are near the party's (index look-ups, never a full scan)."""
    base = select(
        func.coalesce(Customer.merged_into_id, Customer.id).label("id"),
        Customer.normalized_name,
        Customer.postcode,
        Customer.city,
        Customer.vat_number,
        Customer.coc_number,
    ).where(Customer.workspace_id == workspace_id)  # merged records lead to their survivor
    key = party.key
    if session.get_bind().dialect.name == "postgresql":
        # trigram GiST index: a K-nearest-neighbour scan reads only the closest names
        near = base.order_by(Customer.normalized_name.op("<->")(key)).limit(CANDIDATES)
    else:
        # SQLite (small embedded installs): blocking keys = the start of the first word and
        # of the longest word, so one typo in either still meets the customer
        words = key.split() or [""]
        longest = max(words, key=len)
        near = base.where(
            or_(
                Customer.normalized_name == key,
                Customer.normalized_name.like(f"{words[0][:4]}%"),
                Customer.normalized_name.like(f"%{longest[:4]}%"),
            )
        ).limit(300)
    if party.postcode:  # same postcode: a typo-heavy name still meets its customer
        same_place = base.where(Customer.postcode == party.postcode).limit(50)
        both = union_all(select(near.subquery()), select(same_place.subquery()))
        rows = list(session.execute(both))
    else:
        rows = list(session.execute(near))
    seen: set[tuple[uuid.UUID, str]] = set()
    candidates = []
    for row in rows:
        if (row.id, row.normalized_name) in seen:
            continue
        seen.add((row.id, row.normalized_name))
        candidates.append(
            Candidate(
                row.id, row.normalized_name, row.postcode, row.city, row.vat_number, row.coc_number
            )
        )
    return candidates


def insert_or_get(session: Session, workspace_id: uuid.UUID, party: Party) -> tuple[Customer, bool]:
    """Create the customer, or get the one that holds its VAT/KvK number already."""
    new_id = uuid.uuid4()
    values: dict[str, Any] = {
        "id": new_id,
        "workspace_id": workspace_id,
        "name": (party.name or party.vat_number or party.coc_number or party.iban or "?")[:300],
        "normalized_name": party.key[:300],
        "address": party.address,
        "postcode": party.postcode,
        "city": party.city,
        "country": party.country,
        "vat_number": party.vat_number,
        "coc_number": party.coc_number,
        "iban": party.iban,
        "locked_fields": [],
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(Customer).values(**values).on_conflict_do_nothing()
    session.execute(statement)
    customer = session.get(Customer, new_id)
    if customer is not None:
        return customer, True
    in_ws = Customer.workspace_id == workspace_id
    for column, value in (
        (Customer.vat_number, party.vat_number),
        (Customer.coc_number, party.coc_number),
    ):
        if value:
            existing = session.scalar(select(Customer).where(in_ws, column == value))
            if existing is not None:
                return _live(session, existing), False
    raise RuntimeError("customer insert conflicted but no existing customer was found")


def add_iban(session: Session, customer: Customer, iban: str) -> uuid.UUID | None:
    """Remember an IBAN for the customer; the id of the customer that has it, if another."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(CustomerIban)
        .values(
            id=uuid.uuid4(), workspace_id=customer.workspace_id, customer_id=customer.id, iban=iban
        )
        .on_conflict_do_nothing()
    )
    owner = session.scalar(
        select(CustomerIban.customer_id).where(
            CustomerIban.workspace_id == customer.workspace_id, CustomerIban.iban == iban
        )
    )
    return owner if owner is not None and owner != customer.id else None


def learn(
    session: Session, customer: Customer, party: Party, document_id: uuid.UUID | None
) -> tuple[uuid.UUID, ...]:
    """Fill the customer's empty fields from ``party``; record conflicts, never overwrite."""
    reviews: list[uuid.UUID] = []
    locked = set(customer.locked_fields or ())
    in_ws = Customer.workspace_id == customer.workspace_id
    if party.iban:
        owner = add_iban(session, customer, party.iban)
        if owner is not None:
            reviews.append(
                add_review(
                    session,
                    customer.workspace_id,
                    "customer_conflict",
                    f"IBAN {party.iban} belongs to another customer",
                    document_id=document_id,
                    customer_id=customer.id,
                    other_customer_id=owner,
                    details={"field": "iban", "seen": party.iban},
                )
            )
        elif customer.iban and customer.iban != party.iban:
            reviews.append(
                _conflict(session, customer, "iban", customer.iban, party.iban, document_id)
            )
    if (
        party.postcode
        and customer.postcode
        and party.postcode != customer.postcode
        and "address" not in locked
    ):
        reviews.append(
            _conflict(session, customer, "address", customer.address, party.address, document_id)
        )
    for name in _FILLABLE:
        value = getattr(party, name)
        if not value or getattr(customer, name) or name in locked:
            continue
        if name in ("vat_number", "coc_number"):
            column = Customer.vat_number if name == "vat_number" else Customer.coc_number
            taken = session.scalar(select(func.count()).where(in_ws, column == value))
            if taken:
                continue
        setattr(customer, name, value)
    if party.name and not customer.normalized_name and "name" not in locked:
        customer.name, customer.normalized_name = party.name[:300], party.key[:300]
    session.flush()
    return tuple(reviews)


def _conflict(
    session: Session,
    customer: Customer,
    field_name: str,
    known: str | None,
    seen: str | None,
    document_id: uuid.UUID | None,
) -> uuid.UUID:
    return add_review(
        session,
        customer.workspace_id,
        "customer_conflict",
        f"{customer.name}: another {field_name} than the one on record",
        document_id=document_id,
        customer_id=customer.id,
        details={"field": field_name, "known": known, "seen": seen},
    )


def add_review(
    session: Session,
    workspace_id: uuid.UUID,
    kind: str,
    message: str,
    *,
    document_id: uuid.UUID | None = None,
    customer_id: uuid.UUID | None = None,
    other_customer_id: uuid.UUID | None = None,
    invoice_id: uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
) -> uuid.UUID:
    """Record a review item once (the same open item is not raised twice)."""
    existing = session.scalar(
        select(ReviewItem.id).where(
            ReviewItem.workspace_id == workspace_id,
            ReviewItem.kind == kind,
            ReviewItem.message == message,
            ReviewItem.customer_id == customer_id
            if customer_id
            else ReviewItem.customer_id.is_(None),
            ReviewItem.invoice_id == invoice_id if invoice_id else ReviewItem.invoice_id.is_(None),
            ReviewItem.status == "open",
        )
    )
    if existing is not None:
        return existing
    item = ReviewItem(
        workspace_id=workspace_id,
        kind=kind,
        message=message,
        document_id=document_id,
        customer_id=customer_id,
        other_customer_id=other_customer_id,
        invoice_id=invoice_id,
        details=details or {},
    )
    session.add(item)
    session.flush()
    logger.info("review item %s: %s", kind, message)
    return item.id


def merge_customers(
    session: Session,
    workspace_id: uuid.UUID,
    source_id: uuid.UUID,
    target_id: uuid.UUID,
    merged_by: str | None = None,
) -> Customer:
    """Move ``source``'s invoices, IBANs and documents to ``target``; keep an audit record.

    The source row stays, pointing at the target (``merged_into_id``), so its VAT/KvK
    number keeps leading to the target: automatic processing never undoes the merge.
    Raises :class:`NotFoundError` for ids outside the workspace and :class:`ConflictError`
    for a merge into itself or into a merged record, or when both have the same invoice
    number. The caller commits.
    """
    lock_workspace(session, workspace_id)
    source, target = (session.get(Customer, i) for i in (source_id, target_id))
    if (
        source is None
        or target is None
        or source.workspace_id != workspace_id
        or target.workspace_id != workspace_id
    ):
        raise NotFoundError("no such customer")
    if source.id == target.id:
        raise ConflictError("a customer cannot be merged into itself")
    if target.merged_into_id is not None or source.merged_into_id is not None:
        raise ConflictError("that customer was merged already")
    numbers = set(
        session.scalars(select(Invoice.invoice_number).where(Invoice.customer_id == target.id))
    )
    invoices = list(session.scalars(select(Invoice).where(Invoice.customer_id == source.id)))
    clash = sorted(i.invoice_number for i in invoices if i.invoice_number in numbers)
    if clash:
        raise ConflictError(f"both customers have invoice {clash[0]}; resolve that first")
    ibans = list(session.scalars(select(CustomerIban).where(CustomerIban.customer_id == source.id)))
    snapshot = {
        name: getattr(source, name)
        for name in (
            "name",
            "address",
            "postcode",
            "city",
            "country",
            "vat_number",
            "coc_number",
            "iban",
        )
    }
    for invoice in invoices:
        invoice.customer_id = target.id
    for row in ibans:
        row.customer_id = target.id
    session.execute(
        update(Document)
        .where(Document.customer_id == source.id)
        .values(customer_id=target.id)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Customer)
        .where(Customer.merged_into_id == source.id)
        .values(merged_into_id=target.id)
        .execution_options(synchronize_session=False)
    )
    for name in ("address", "postcode", "city", "country", "iban"):
        if not getattr(target, name) and getattr(source, name):
            setattr(target, name, getattr(source, name))
    source.merged_into_id = target.id
    session.add(
        MergeAudit(
            workspace_id=workspace_id,
            source_id=source.id,
            target_id=target.id,
            invoice_ids=[str(i.id) for i in invoices],
            ibans=[row.iban for row in ibans],
            source_snapshot=snapshot,
            merged_by=merged_by,
        )
    )
    session.execute(
        update(ReviewItem)
        .where(
            ReviewItem.kind == "possible_duplicate",
            ReviewItem.status == "open",
            or_(ReviewItem.customer_id == source.id, ReviewItem.other_customer_id == source.id),
        )
        .values(status="resolved", resolved_at=func.now())
        .execution_options(synchronize_session=False)
    )
    session.flush()
    logger.info("merged customer %s into %s (%d invoices)", source.id, target.id, len(invoices))
    return target
