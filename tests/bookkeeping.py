"""Books for API tests: workspaces with documents that created invoices, customers and
statements, written straight into the database (no worker needed).

``Books(settings, "acme")`` makes a workspace with an API key; its methods add an invoice
document (with a stored file, customer and invoice) or a bank-statement document (with its
statement and transactions, reconciled against the open invoices).
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from boekstuk.config import Settings
from boekstuk.db.models import Customer, CustomerIban, Document, Invoice
from boekstuk.db.session import session_scope
from boekstuk.domain.statements import Statement, Transaction
from boekstuk.services.reconcile import reconcile_transactions
from boekstuk.services.statements import store_statements
from boekstuk.services.storage import FileStorage
from boekstuk.services.workspaces import create_api_key, create_workspace

OUR_IBAN = "NL44RABO0123456789"
PAYER_IBAN = "NL91ABNA0417164300"


def field(value: str, confidence: float = 0.9) -> dict[str, Any]:
    """A CONTRACT §3 field."""
    return {"value": value, "confidence": confidence, "page": 1, "bbox": [1.0, 2.0, 3.0, 4.0]}


def invoice_extraction(number: str, total: str, seller: str) -> dict[str, Any]:
    """The extraction of a small invoice with two line items and one missing field."""
    return {
        "sha256": "0" * 64,
        "document_type": "invoice",
        "language": "nl",
        "pages": [
            {"number": 1, "text_source": "text_layer", "ocr_engine": None, "ocr_confidence": None}
        ],
        "fields": {
            "invoice_number": field(number),
            "total_amount": field(total, 0.8),
            "seller_name": field(seller, 0.7),
            "seller_iban": field(PAYER_IBAN),
        },
        "line_items": [
            {
                "description": "=cmd|' /C calc'!A0",
                "quantity": "2",
                "unit_price": "10.50",
                "amount": "21.00",
                "vat_rate": "21",
            },
            {
                "description": "Onderhoud; cv-ketel",
                "quantity": "1",
                "unit_price": "79.00",
                "amount": "79.00",
                "vat_rate": "21",
            },
        ],
        "statement": None,
        "transactions": [],
        "validation": {
            "is_valid": False,
            "errors": [{"field": "seller_vat", "code": "invalid_checksum", "message": "bad"}],
            "warnings": [{"field": "invoice_date", "code": "missing", "message": "no date"}],
            "missing_fields": ["invoice_date"],
        },
    }


class Books:
    """A workspace with an API key, and builders for what documents create."""

    def __init__(self, settings: Settings, name: str) -> None:
        self.settings = settings
        self.storage = FileStorage(settings.files_dir)
        with session_scope(settings.database_url) as session:
            workspace = create_workspace(session, name)
            self.workspace_id = workspace.id
            self.key = create_api_key(session, workspace.id)
        self.auth = {"Authorization": f"Bearer {self.key}"}

    def document(
        self,
        filename: str,
        extraction: dict[str, Any] | None,
        status: str = "processed",
        document_type: str | None = None,
    ) -> uuid.UUID:
        """A document row with a stored file."""
        data = f"{filename}-{uuid.uuid4()}".encode()
        sha = hashlib.sha256(data).hexdigest()
        key = self.storage.key_for(self.workspace_id, sha)
        self.storage.put_bytes(key, data)
        with session_scope(self.settings.database_url) as session:
            doc = Document(
                workspace_id=self.workspace_id,
                filename=filename,
                content_type="application/pdf",
                size=len(data),
                sha256=sha,
                storage_key=key,
                status=status,
                extraction=extraction,
                document_type=document_type or (extraction or {}).get("document_type"),
            )
            session.add(doc)
            session.flush()
            return doc.id

    def customer(self, name: str = "Jansen B.V.", iban: str = PAYER_IBAN) -> uuid.UUID:
        """A customer with an IBAN."""
        with session_scope(self.settings.database_url) as session:
            row = Customer(
                workspace_id=self.workspace_id, name=name, normalized_name=name.lower(), iban=iban
            )
            session.add(row)
            session.flush()
            session.add(CustomerIban(workspace_id=self.workspace_id, customer_id=row.id, iban=iban))
            return row.id

    def invoice_document(
        self,
        number: str,
        customer_id: uuid.UUID,
        total: str = "121.00",
        filename: str | None = None,
    ) -> tuple[uuid.UUID, uuid.UUID]:
        """A processed invoice document that booked an open sales invoice: (doc, invoice)."""
        doc_id = self.document(
            filename or f"factuur-{number}.pdf", invoice_extraction(number, total, "Jansen B.V.")
        )
        with session_scope(self.settings.database_url) as session:
            invoice = Invoice(
                workspace_id=self.workspace_id,
                document_id=doc_id,
                customer_id=customer_id,
                direction="sales",
                invoice_number=number,
                invoice_date=date(2026, 1, 10),
                total_amount=Decimal(total),
                open_amount=Decimal(total),
                status="open",
                net_amount=Decimal("100.00"),
            )
            session.add(invoice)
            session.flush()
            doc = session.get(Document, doc_id)
            assert doc is not None
            doc.invoice_id, doc.customer_id = invoice.id, customer_id
            return doc_id, invoice.id

    def copy_of(self, doc_id: uuid.UUID, invoice_id: uuid.UUID) -> uuid.UUID:
        """A second document that turned out to be the same invoice."""
        copy = self.document("kopie.pdf", invoice_extraction("copy", "121.00", "Jansen B.V."))
        with session_scope(self.settings.database_url) as session:
            row = session.get(Document, copy)
            assert row is not None
            row.invoice_id = invoice_id
        return copy

    def statement_document(
        self, payments: list[tuple[str, str]], filename: str = "afschrift.pdf"
    ) -> tuple[uuid.UUID, list[uuid.UUID]]:
        """A bank statement document with payments ``(amount, description)``, reconciled."""
        txs = tuple(
            Transaction(
                date(2026, 1, 20 + n % 8),
                Decimal(amount),
                "EUR",
                description=text,
                counterparty_name="Jansen BV",
                counterparty_iban=PAYER_IBAN,
            )
            for n, (amount, text) in enumerate(payments)
        )
        closing = Decimal("1000.00") + sum((t.amount for t in txs), Decimal(0))
        extraction = {
            "document_type": "bank_statement",
            "statement": {
                "account_iban": OUR_IBAN,
                "currency": "EUR",
                "opening_balance": "1000.00",
                "closing_balance": f"{closing:.2f}",
            },
            "transactions": [
                {
                    "date": t.booking_date.isoformat(),
                    "amount": f"{t.amount:.2f}",
                    "currency": "EUR",
                    "description": t.description,
                    "counterparty_name": t.counterparty_name,
                    "counterparty_iban": t.counterparty_iban,
                    "reference": None,
                }
                for t in txs
            ],
            "validation": {"is_valid": True, "errors": [], "warnings": []},
        }
        doc_id = self.document(filename, extraction)
        with session_scope(self.settings.database_url) as session:
            stored = store_statements(
                session,
                self.workspace_id,
                doc_id,
                [Statement(OUR_IBAN, "EUR", Decimal("1000.00"), closing, txs)],
            )
            reconcile_transactions(session, self.workspace_id, stored.new_transaction_ids)
            return doc_id, list(stored.new_transaction_ids)
