"""Invoices in the database: created once per (customer, number), duplicates linked, reprocessing
in place, credit notes and receipts. Through the pipeline's parties and store stages, and
through the whole worker runner (with real generated PDFs), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import multiprocessing
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boekstuk.db.models import Customer, Document, Invoice, ReviewItem, TransactionMatch
from boekstuk.db.session import dispose_engines, session_factory
from boekstuk.domain.documents import DocumentStatus
from boekstuk.engines.null_ocr import NullOcrEngine
from boekstuk.pipeline.parties import PartiesConfig, link_parties
from boekstuk.pipeline.runner import RunnerConfig, process_document
from boekstuk.pipeline.store import store_invoice
from boekstuk.pipeline.text import TextConfig
from boekstuk.services import documents as docs
from boekstuk.services.invoices import settle
from boekstuk.services.storage import FileStorage
from boekstuk.services.workspaces import create_workspace
from tests.factories import SELLER_IBAN, SELLER_VAT, invoice_lines, invoice_pdf

OUR_VAT = "DE136695976"


@pytest.fixture
def workspace_id(session: Session) -> uuid.UUID:
    workspace = create_workspace(session, f"ws-{uuid.uuid4().hex[:6]}", vat_number=OUR_VAT)
    session.commit()
    return workspace.id


def extraction(document_type: str = "invoice", **values: str) -> dict[str, Any]:
    fields = {
        "seller_name": "Jansen Installatietechniek B.V.",
        "seller_vat": SELLER_VAT,
        "seller_iban": SELLER_IBAN,
        "buyer_name": "Wij GmbH",
        "buyer_vat": OUR_VAT,
        "invoice_number": "2026-0042",
        "invoice_date": "2026-01-15",
        "due_date": "2026-02-14",
        "currency": "EUR",
        "net_amount": "100.00",
        "tax_amount": "21.00",
        "total_amount": "121.00",
    } | values
    return {
        "document_type": document_type,
        "fields": {k: {"value": v, "confidence": 0.9} for k, v in fields.items() if v},
    }


def new_document(session: Session, workspace_id: uuid.UUID, name: str = "f.pdf") -> Document:
    sha = uuid.uuid4().hex * 2
    document = Document(
        workspace_id=workspace_id,
        filename=name,
        content_type="application/pdf",
        size=1,
        sha256=sha,
        storage_key=sha,
        status="processing",
    )
    session.add(document)
    session.commit()
    return document


def run(session: Session, document: Document, found: dict[str, Any]) -> Any:
    party = link_parties(session, document, found, PartiesConfig())
    return party, store_invoice(session, document, found, party)


def count(session: Session, model: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_an_invoice_is_created_with_its_customer_direction_and_amounts(
    session: Session, workspace_id: uuid.UUID
) -> None:
    document = new_document(session, workspace_id)
    party, booked = run(session, document, extraction())
    invoice = session.get_one(Invoice, booked.invoice_id)
    assert booked.created and invoice.customer_id == party.customer_id
    assert (invoice.direction, invoice.kind, invoice.status) == ("purchase", "invoice", "open")
    assert (invoice.total_amount, invoice.open_amount, invoice.tax_amount) == (
        Decimal("121.00"),
        Decimal("121.00"),
        Decimal("21.00"),
    )
    assert str(invoice.invoice_date) == "2026-01-15" and invoice.document_id == document.id
    session.refresh(document)
    assert (document.customer_id, document.invoice_id) == (party.customer_id, invoice.id)
    customer = session.get_one(Customer, party.customer_id)
    assert customer.vat_number == SELLER_VAT  # the supplier, never ourselves
    assert count(session, Customer) == 1


def test_a_sales_invoice_links_the_buyer(session: Session, workspace_id: uuid.UUID) -> None:
    found = extraction(
        seller_name="Wij GmbH",
        seller_vat=OUR_VAT,
        seller_iban="",
        buyer_name="Bakkerij Korenbloem",
        buyer_vat="",
    )
    party, booked = run(session, new_document(session, workspace_id), found)
    assert party.direction.value == "sales"
    assert session.get_one(Customer, party.customer_id).name == "Bakkerij Korenbloem"
    assert session.get_one(Invoice, booked.invoice_id).direction == "sales"


def test_the_same_invoice_again_is_linked_as_a_duplicate(
    session: Session, workspace_id: uuid.UUID
) -> None:
    original, rescan = (
        new_document(session, workspace_id, "a.pdf"),
        new_document(session, workspace_id, "scan.jpg"),
    )
    _, first = run(session, original, extraction())
    _, second = run(session, rescan, extraction(seller_name="JANSEN INSTALLATIETECHNIEK BV"))
    assert second.duplicate and second.invoice_id == first.invoice_id
    assert not second.review_item_ids
    session.refresh(rescan)
    assert rescan.invoice_id == first.invoice_id
    assert count(session, Invoice) == 1 and count(session, Customer) == 1


def test_a_duplicate_with_other_amounts_is_a_review_item(
    session: Session, workspace_id: uuid.UUID
) -> None:
    _, first = run(session, new_document(session, workspace_id), extraction())
    _, second = run(
        session, new_document(session, workspace_id, "photo.jpg"), extraction(total_amount="112.00")
    )
    [item] = session.scalars(select(ReviewItem).where(ReviewItem.kind == "amount_mismatch"))
    assert second.review_item_ids == (item.id,) and item.invoice_id == first.invoice_id
    assert item.details["differences"]["total_amount"] == {
        "invoice": "121.00",
        "document": "112.00",
    }
    assert session.get_one(Invoice, first.invoice_id).total_amount == Decimal("121.00")


def test_reprocessing_updates_the_invoice_in_place(
    session: Session, workspace_id: uuid.UUID
) -> None:
    document = new_document(session, workspace_id)
    _, first = run(session, document, extraction())
    session.add(
        TransactionMatch(
            workspace_id=workspace_id,
            transaction_id=_transaction(session, workspace_id),
            invoice_id=first.invoice_id,
            amount=Decimal("21.00"),
            rule="test",
        )
    )
    session.commit()
    _, again = run(session, document, extraction(total_amount="125.00", due_date="2026-03-01"))
    assert again.invoice_id == first.invoice_id and not again.created
    invoice = session.get_one(Invoice, first.invoice_id)
    session.refresh(invoice)
    assert (invoice.total_amount, invoice.open_amount, invoice.status) == (
        Decimal("125.00"),
        Decimal("104.00"),
        "partially_paid",
    )
    assert count(session, Invoice) == 1 and count(session, Customer) == 1


def _transaction(session: Session, workspace_id: uuid.UUID) -> uuid.UUID:
    from datetime import date

    from boekstuk.db.models import BankTransaction

    tx = BankTransaction(
        workspace_id=workspace_id,
        booking_date=date(2026, 2, 1),
        amount=Decimal("-21.00"),
        natural_key=uuid.uuid4().hex,
    )
    session.add(tx)
    session.flush()
    return tx.id


def test_a_credit_note_reduces_what_is_open(session: Session, workspace_id: uuid.UUID) -> None:
    party, _ = run(session, new_document(session, workspace_id), extraction())
    _, credit = run(
        session,
        new_document(session, workspace_id, "credit.pdf"),
        extraction(
            "credit_note", invoice_number="CN-7", total_amount="20.00", net_amount="", tax_amount=""
        ),
    )
    note = session.get_one(Invoice, credit.invoice_id)
    assert (note.kind, note.total_amount, note.open_amount) == (
        "credit_note",
        Decimal("-20.00"),
        Decimal("-20.00"),
    )
    open_total = session.scalar(
        select(func.sum(Invoice.open_amount)).where(Invoice.customer_id == party.customer_id)
    )
    assert open_total == Decimal("101.00")


def test_a_receipt_is_a_purchase_record_of_its_merchant(
    session: Session, workspace_id: uuid.UUID
) -> None:
    found = {
        "document_type": "receipt",
        "fields": {
            "seller_name": {"value": "Bouwmarkt Hoekstra"},
            "total_amount": {"value": "17.95"},
            "invoice_date": {"value": "2026-01-20"},
        },
    }
    document = new_document(session, workspace_id, "bon.jpg")
    party, booked = run(session, document, found)
    invoice = session.get_one(Invoice, booked.invoice_id)
    assert (invoice.kind, invoice.direction, invoice.total_amount) == (
        "receipt",
        "purchase",
        Decimal("17.95"),
    )
    assert invoice.invoice_number == f"doc-{document.sha256[:16]}"
    assert session.get_one(Customer, party.customer_id).name == "Bouwmarkt Hoekstra"
    _, again = run(session, document, found)  # reprocessed: the same record
    assert again.invoice_id == booked.invoice_id and count(session, Invoice) == 1


def test_without_a_total_nothing_is_booked_and_a_person_is_asked(
    session: Session, workspace_id: uuid.UUID
) -> None:
    _, booked = run(session, new_document(session, workspace_id), extraction(total_amount=""))
    assert booked.invoice_id is None and booked.review_item_ids
    assert count(session, Invoice) == 0


def test_settle_sets_status_from_what_was_paid() -> None:
    invoice = Invoice(total_amount=Decimal("100.00"))
    settle(invoice, Decimal("0"))
    assert (invoice.open_amount, invoice.status) == (Decimal("100.00"), "open")
    settle(invoice, Decimal("40"))
    assert (invoice.open_amount, invoice.status) == (Decimal("60.00"), "partially_paid")
    settle(invoice, Decimal("100"))
    assert (invoice.open_amount, invoice.status) == (Decimal("0.00"), "paid")


# ---- through the worker's runner, with real PDFs ----


def copy_of_invoice(number: str, copy: int) -> bytes:
    """The same invoice as other bytes (another scan or e-mail copy): only metadata differs."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"copy {copy}")
    y = 800
    for line in invoice_lines(number):
        pdf.drawString(60, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _config(storage: FileStorage) -> RunnerConfig:
    return RunnerConfig(
        storage=storage, text=TextConfig(engines=(NullOcrEngine(),)), lease_seconds=30
    )


def _submit(
    session: Session, storage: FileStorage, workspace_id: uuid.UUID, data: bytes
) -> uuid.UUID:
    upload = storage.spool(10_000_000)
    upload.write(data)
    return docs.record_upload(session, storage, workspace_id, "f.pdf", upload).document.id


def test_the_runner_links_documents_and_reprocessing_adds_nothing(
    session: Session, workspace_id: uuid.UUID, tmp_path: Path
) -> None:
    storage = FileStorage(tmp_path / "files")
    config = _config(storage)
    first = _submit(session, storage, workspace_id, invoice_pdf("2026-0042"))
    rescan = _submit(session, storage, workspace_id, copy_of_invoice("2026-0042", 1))
    other = _submit(session, storage, workspace_id, invoice_pdf("2026-0043", Decimal("242.00")))
    for doc_id in (first, rescan, other):
        assert process_document(session, doc_id, f"t-{doc_id}", config) is DocumentStatus.PROCESSED
    docs.request_reprocess(session, session.get_one(Document, first))
    assert process_document(session, first, "t-again", config) is DocumentStatus.PROCESSED

    assert count(session, Customer) == 1 and count(session, Invoice) == 2
    rows = {
        d.id: d for d in session.scalars(select(Document).execution_options(populate_existing=True))
    }
    assert rows[first].invoice_id == rows[rescan].invoice_id != rows[other].invoice_id
    invoice = session.get_one(Invoice, rows[first].invoice_id)
    assert invoice.document_id == first and invoice.invoice_number == "2026-0042"
    assert session.get_one(Customer, invoice.customer_id).vat_number == SELLER_VAT
    stages = [e.stage for e in session.get_one(Document, first).events]
    assert "parties" in stages and "store" in stages


def _process_in_process(args: tuple[str, str, str, str]) -> str | None:
    url, storage_dir, document_id, task = args
    dispose_engines()
    with session_factory(url)() as session:
        status = process_document(
            session, uuid.UUID(document_id), task, _config(FileStorage(Path(storage_dir)))
        )
        return status.value if status else None


def test_parallel_workers_on_the_same_documents_make_one_customer_and_invoice(
    pg_url: str, tmp_path: Path
) -> None:
    storage = FileStorage(tmp_path / "files")
    with session_factory(pg_url)() as session:
        workspace = create_workspace(session, "race", vat_number=OUR_VAT)
        session.commit()
        ids = [
            str(_submit(session, storage, workspace.id, copy_of_invoice("2026-0042", k)))
            for k in range(4)
        ]
    dispose_engines()
    jobs = [(pg_url, str(storage.root), doc_id, f"task-{doc_id}") for doc_id in ids]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        statuses = pool.map(_process_in_process, jobs)
    with session_factory(pg_url)() as session:
        errors = [d.error_message for d in session.scalars(select(Document)) if d.error_message]
        assert statuses == ["processed"] * 4, errors
        assert count(session, Customer) == 1 and count(session, Invoice) == 1
        assert len({d.invoice_id for d in session.scalars(select(Document))}) == 1
