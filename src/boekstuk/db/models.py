"""SQLAlchemy 2 models (``Mapped[]``). Money is ``NUMERIC(14, 2)``; ids are UUIDs.

Uniqueness that keeps duplicates out is declared here, so the database enforces it:
one document per (workspace, sha256), one customer per (workspace, VAT number), one
invoice per (workspace, customer, invoice number), one transaction per natural key.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

Money = Numeric(14, 2)
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Now, timezone-aware UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base with a naming convention (stable constraint names for Alembic)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
        list[str]: JSON,
    }


class Workspace(Base):
    """One administration: the company whose books these are, and its own identifiers."""

    __tablename__ = "workspace"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    legal_name: Mapped[str | None] = mapped_column(String(300))
    vat_number: Mapped[str | None] = mapped_column(String(20))
    ibans: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiKey(Base):
    """A machine credential; only the SHA-256 of the key is stored."""

    __tablename__ = "api_key"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100), default="default")
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class Document(Base):
    """An uploaded file and what processing made of it."""

    __tablename__ = "document"
    __table_args__ = (
        UniqueConstraint("workspace_id", "sha256"),
        Index("ix_document_workspace_status", "workspace_id", "status"),
        Index("ix_document_status_lease", "status", "lease_expires_at"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(80))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="queued")
    document_type: Mapped[str | None] = mapped_column(String(20))
    page_count: Mapped[int | None]
    error_code: Mapped[str | None] = mapped_column(String(40))
    error_message: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    task_id: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[datetime | None]
    extraction: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    queued_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    processed_at: Mapped[datetime | None]
    # what the parties and store stages made of it (a duplicate points at the existing invoice)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("customer.id", ondelete="SET NULL")
    )
    invoice_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("invoice.id", ondelete="SET NULL", use_alter=True), index=True
    )

    events: Mapped[list[ProcessingEvent]] = relationship(
        back_populates="document", order_by="ProcessingEvent.id", passive_deletes=True
    )


class ProcessingEvent(Base):
    """Append-only log of what happened to a document, stage by stage."""

    __tablename__ = "processing_event"
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    duration_ms: Mapped[float | None]
    message: Mapped[str | None] = mapped_column(Text)
    task_id: Mapped[str | None] = mapped_column(String(64))
    attempt: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    document: Mapped[Document] = relationship(back_populates="events")


class Customer(Base):
    """A counterparty (customer or supplier) of the workspace."""

    __tablename__ = "customer"
    __table_args__ = (
        UniqueConstraint("workspace_id", "vat_number"),
        UniqueConstraint("workspace_id", "coc_number"),
        Index("ix_customer_workspace_name", "workspace_id", "normalized_name"),
        Index("ix_customer_workspace_postcode", "workspace_id", "postcode"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    normalized_name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(2))
    vat_number: Mapped[str | None] = mapped_column(String(20))
    coc_number: Mapped[str | None] = mapped_column(String(20))
    iban: Mapped[str | None] = mapped_column(String(34))
    # set by a merge: this record lives on only to redirect its identifiers to the survivor
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id"))
    # fields a person set: automatic processing never overwrites them
    locked_fields: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CustomerIban(Base):
    """Every IBAN a customer has been seen with; an IBAN belongs to one customer."""

    __tablename__ = "customer_iban"
    __table_args__ = (UniqueConstraint("workspace_id", "iban"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), index=True
    )
    iban: Mapped[str] = mapped_column(String(34))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Invoice(Base):
    """A sales or purchase invoice (or credit note), linked to its customer."""

    __tablename__ = "invoice"
    __table_args__ = (
        UniqueConstraint("workspace_id", "customer_id", "invoice_number"),
        Index("ix_invoice_workspace_status", "workspace_id", "status"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    document_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL")
    )
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id"), index=True)
    direction: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20), default="invoice")
    invoice_number: Mapped[str] = mapped_column(String(100))
    invoice_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    net_amount: Mapped[Decimal | None] = mapped_column(Money)
    tax_amount: Mapped[Decimal | None] = mapped_column(Money)
    total_amount: Mapped[Decimal] = mapped_column(Money)
    open_amount: Mapped[Decimal] = mapped_column(Money)
    payment_reference: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BankStatement(Base):
    """One statement of one account for a period."""

    __tablename__ = "bank_statement"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    document_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL")
    )
    account_iban: Mapped[str | None] = mapped_column(String(34))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    opening_balance: Mapped[Decimal | None] = mapped_column(Money)
    closing_balance: Mapped[Decimal | None] = mapped_column(Money)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BankTransaction(Base):
    """A booked transaction; its natural key (plus a sequence) makes duplicates impossible."""

    __tablename__ = "bank_transaction"
    __table_args__ = (
        UniqueConstraint("workspace_id", "natural_key", "sequence"),
        Index("ix_bank_transaction_workspace_match", "workspace_id", "match_status"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    statement_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("bank_statement.id", ondelete="SET NULL"), index=True
    )
    account_iban: Mapped[str | None] = mapped_column(String(34))
    booking_date: Mapped[date] = mapped_column(Date)
    value_date: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    description: Mapped[str | None] = mapped_column(Text)
    counterparty_name: Mapped[str | None] = mapped_column(String(300))
    counterparty_iban: Mapped[str | None] = mapped_column(String(34))
    reference: Mapped[str | None] = mapped_column(String(140))
    end_to_end_id: Mapped[str | None] = mapped_column(String(140))
    natural_key: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    match_status: Mapped[str] = mapped_column(String(20), default="unmatched")
    decided_by: Mapped[str | None] = mapped_column(String(100))
    # needs_review: the ranked candidates per invoice ({invoice_id, score, reasons, rule})
    candidates: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # money of a matched payment left over after its invoices (an overpayment)
    unallocated: Mapped[Decimal | None] = mapped_column(Money)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TransactionMatch(Base):
    """A payment (or part of one) settling an invoice."""

    __tablename__ = "transaction_match"
    __table_args__ = (UniqueConstraint("transaction_id", "invoice_id"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    transaction_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("bank_transaction.id", ondelete="CASCADE"), index=True
    )
    invoice_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("invoice.id", ondelete="CASCADE"), index=True
    )
    amount: Mapped[Decimal] = mapped_column(Money)
    confidence: Mapped[float] = mapped_column(default=1.0)
    rule: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReviewItem(Base):
    """Something automatic processing was not sure about and a person should look at.

    ``kind``: ``possible_duplicate`` (a new customer close to an existing one),
    ``customer_conflict`` (a known customer seen with another IBAN or address),
    ``amount_mismatch`` (the same invoice arriving again with other amounts),
    ``missing_amount`` (an invoice that cannot be booked). ``details`` holds the scores
    and values; ``status`` is ``open`` until a person resolves it.
    """

    __tablename__ = "review_item"
    __table_args__ = (Index("ix_review_item_workspace_status", "workspace_id", "status"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default="open")
    message: Mapped[str] = mapped_column(Text)
    document_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    customer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), index=True
    )
    other_customer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE")
    )
    invoice_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("invoice.id", ondelete="CASCADE")
    )
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]


class MergeAudit(Base):
    """A person merged one customer into another: what moved, who, when."""

    __tablename__ = "merge_audit"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    source_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id"), index=True)
    target_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id"), index=True)
    invoice_ids: Mapped[list[str]] = mapped_column(default=list)
    ibans: Mapped[list[str]] = mapped_column(default=list)
    source_snapshot: Mapped[dict[str, Any]] = mapped_column(default=dict)
    merged_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    """A person who signs in with e-mail and password; one role in one workspace.

    The e-mail address is stored lower case and is unique over all workspaces, so signing in
    needs only the address. Only an argon2 hash of the password is stored.
    """

    __tablename__ = "app_user"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workspace.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """Append-only: who (``user:<email>`` or ``key:<name>``) did what to which resource."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_workspace_created", "workspace_id", "created_at"),
        Index("ix_audit_entry_workspace_resource", "workspace_id", "resource_type", "resource_id"),
    )
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    actor: Mapped[str] = mapped_column(String(400))
    action: Mapped[str] = mapped_column(String(40))
    resource_type: Mapped[str] = mapped_column(String(40))
    resource_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
