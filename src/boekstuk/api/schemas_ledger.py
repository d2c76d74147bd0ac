"""API shapes for customers and invoices (CONTRACT §4), kept apart from the ORM models."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field, field_serializer

from boekstuk.db.models import Customer, Invoice


class CustomerOut(BaseModel):
    """A customer (or supplier) of the workspace, with its invoices."""

    id: uuid.UUID
    name: str
    address: str | None
    postcode: str | None
    city: str | None
    country: str | None
    vat_number: str | None
    iban: str | None
    ibans: list[str]
    coc_number: str | None
    merged_into: uuid.UUID | None
    invoice_ids: list[uuid.UUID]

    @classmethod
    def of(cls, customer: Customer, invoice_ids: list[uuid.UUID], ibans: list[str]) -> CustomerOut:
        """Build from the ORM row and its invoices' ids."""
        return cls(
            id=customer.id,
            name=customer.name,
            address=customer.address,
            postcode=customer.postcode,
            city=customer.city,
            country=customer.country,
            vat_number=customer.vat_number,
            iban=customer.iban,
            ibans=ibans,
            coc_number=customer.coc_number,
            merged_into=customer.merged_into_id,
            invoice_ids=invoice_ids,
        )


class CustomerListOut(BaseModel):
    """A page of customers."""

    items: list[CustomerOut]
    total: int


class CustomerPatch(BaseModel):
    """A person's correction; the fields set here are never overwritten by processing."""

    name: str | None = Field(default=None, min_length=1, max_length=300)
    address: str | None = Field(default=None, max_length=1000)
    vat_number: str | None = Field(default=None, max_length=30)
    coc_number: str | None = Field(default=None, max_length=20)
    iban: str | None = Field(default=None, max_length=40)


class MergeIn(BaseModel):
    """``POST /customers/{id}/merge``: the customer that survives."""

    into: uuid.UUID


class InvoiceOut(BaseModel):
    """An invoice, credit note or receipt record. Amounts are strings with two decimals."""

    id: uuid.UUID
    document_id: uuid.UUID | None
    customer_id: uuid.UUID
    direction: str
    kind: str
    invoice_number: str
    invoice_date: date | None
    due_date: date | None
    currency: str
    net_amount: Decimal | None
    tax_amount: Decimal | None
    total_amount: Decimal
    open_amount: Decimal
    payment_reference: str | None
    status: str
    duplicate_document_ids: list[uuid.UUID] = Field(default_factory=list)

    @field_serializer("net_amount", "tax_amount", "total_amount", "open_amount")
    def _money(self, value: Decimal | None) -> str | None:
        return None if value is None else f"{value:.2f}"

    @classmethod
    def of(cls, invoice: Invoice, duplicates: list[uuid.UUID] | None = None) -> InvoiceOut:
        """Build from the ORM row."""
        return cls(
            id=invoice.id,
            document_id=invoice.document_id,
            customer_id=invoice.customer_id,
            direction=invoice.direction,
            kind=invoice.kind,
            invoice_number=invoice.invoice_number,
            invoice_date=invoice.invoice_date,
            due_date=invoice.due_date,
            currency=invoice.currency,
            net_amount=invoice.net_amount,
            tax_amount=invoice.tax_amount,
            total_amount=invoice.total_amount,
            open_amount=invoice.open_amount,
            payment_reference=invoice.payment_reference,
            status=invoice.status,
            duplicate_document_ids=duplicates or [],
        )


class InvoiceListOut(BaseModel):
    """A page of invoices."""

    items: list[InvoiceOut]
    total: int
