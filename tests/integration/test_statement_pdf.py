"""Printed bank statements — a digital PDF and its scan — become stored, matched transactions.

Real Tesseract for the scan, the real runner, SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from boekstuk.config import Settings
from boekstuk.db.models import BankStatement, BankTransaction, Invoice
from boekstuk.db.session import session_factory
from boekstuk.domain.documents import ContentType, DocumentStatus
from boekstuk.pipeline.analyse import analyse
from boekstuk.pipeline.runner import RunnerConfig, process_document
from boekstuk.services import documents as docs
from boekstuk.services.storage import FileStorage
from boekstuk.services.wiring import text_config
from boekstuk.services.workspaces import create_workspace
from tests.factories import SELLER_IBAN, SELLER_VAT, invoice_pdf
from tests.samples.scans import degrade, render_pdf_page, scanned_pdf
from tests.samples.statements import (
    ACCOUNT_IBAN,
    DEFAULT_ROWS,
    ruled_statement_pdf,
    statement_mt940,
    statement_pdf,
)


def scanned_statement(lang: str) -> bytes:
    """The statement printed, then scanned at 150 dpi, a little skewed, JPEG-compressed."""
    page = render_pdf_page(statement_pdf(lang=lang), dpi=300)
    return scanned_pdf([degrade(page, skew=1.0, noise=0.002, jpeg_quality=60, scale=0.5)])


@pytest.mark.parametrize(
    ("kind", "lang"), [("digital", "nl"), ("digital", "en"), ("scan", "nl"), ("scan", "en")]
)
def test_every_printed_transaction_is_read_with_the_balance_check(kind: str, lang: str) -> None:
    data = statement_pdf(lang=lang) if kind == "digital" else scanned_statement(lang)
    analysis = analyse(data, ContentType.PDF, text_config(Settings()))
    extraction = analysis.extraction
    assert extraction["document_type"] == "bank_statement"
    assert extraction["statement"]["account_iban"] == ACCOUNT_IBAN
    assert (
        extraction["statement"]["opening_balance"],
        extraction["statement"]["closing_balance"],
    ) == (
        "1000.00",
        "1081.19",
    )
    read = [(t["date"], t["amount"], t["description"]) for t in extraction["transactions"]]
    assert read == [(r.booked.isoformat(), f"{r.amount:.2f}", r.description) for r in DEFAULT_ROWS]
    assert extraction["validation"]["is_valid"] and not analysis.needs_review


def test_a_dense_ruled_grid_is_read_through_pdfplumber() -> None:
    analysis = analyse(ruled_statement_pdf(), ContentType.PDF, text_config(Settings()))
    assert analysis.document_type.value == "bank_statement"
    read = [(t["date"], t["amount"]) for t in analysis.extraction["transactions"]]
    assert read == [(r.booked.isoformat(), f"{r.amount:.2f}") for r in DEFAULT_ROWS[:2]]
    assert analysis.extraction["statement"]["closing_balance"] == "1075.70"
    assert analysis.extraction["validation"]["is_valid"]


def test_a_printed_statement_that_does_not_add_up_goes_to_review() -> None:
    analysis = analyse(
        statement_pdf(closing=Decimal("1100.00")), ContentType.PDF, text_config(Settings())
    )
    (error,) = [
        e for e in analysis.extraction["validation"]["errors"] if e["code"] == "balance_mismatch"
    ]
    assert "difference -18.81" in error["message"]
    assert analysis.needs_review


def _submit(
    session: Session, storage: FileStorage, workspace_id: uuid.UUID, data: bytes, name: str
) -> uuid.UUID:
    upload = storage.spool(10_000_000)
    upload.write(data)
    return docs.record_upload(session, storage, workspace_id, name, upload).document.id


def test_a_scanned_statement_pays_our_sales_invoice_once(database_url: str, tmp_path: Path) -> None:
    storage = FileStorage(tmp_path / "files")
    config = RunnerConfig(storage=storage, text=text_config(Settings()))
    with session_factory(database_url)() as session:
        # we are the seller of tests.factories' invoice: money in settles it
        workspace = create_workspace(
            session, f"ws-{uuid.uuid4().hex[:6]}", vat_number=SELLER_VAT, ibans=[SELLER_IBAN]
        )
        session.commit()
        invoice_doc = _submit(session, storage, workspace.id, invoice_pdf("2026-0042"), "f.pdf")
        assert process_document(session, invoice_doc, "t1", config) is DocumentStatus.PROCESSED
        scan = _submit(session, storage, workspace.id, scanned_statement("nl"), "afschrift.pdf")
        assert process_document(session, scan, "t2", config) is DocumentStatus.PROCESSED
        # the digital original of the same statement adds no transaction
        digital = _submit(session, storage, workspace.id, statement_pdf(), "afschrift-digitaal.pdf")
        assert process_document(session, digital, "t3", config) is DocumentStatus.PROCESSED

        session.expire_all()
        stored = session.scalars(
            select(BankTransaction).order_by(BankTransaction.booking_date)
        ).all()
        assert [t.amount for t in stored] == [r.amount for r in DEFAULT_ROWS]
        (invoice,) = session.scalars(select(Invoice))
        assert (invoice.direction, invoice.status, invoice.open_amount) == (
            "sales",
            "paid",
            Decimal("0.00"),
        )
        assert stored[0].match_status == "matched"
        (statement,) = session.scalars(select(BankStatement))
        assert (statement.document_id, statement.account_iban) == (scan, ACCOUNT_IBAN)


@pytest.mark.parametrize("bank_file_first", [True, False])
def test_the_pdf_and_the_mt940_of_one_period_store_each_payment_once(
    database_url: str, tmp_path: Path, bank_file_first: bool
) -> None:
    storage = FileStorage(tmp_path / "files")
    config = RunnerConfig(storage=storage, text=text_config(Settings()))
    files = [(statement_mt940(), "feb.sta"), (statement_pdf(), "feb.pdf")]
    with session_factory(database_url)() as session:
        workspace = create_workspace(session, f"ws-{uuid.uuid4().hex[:6]}")
        session.commit()
        for n, (data, name) in enumerate(files if bank_file_first else files[::-1]):
            document = _submit(session, storage, workspace.id, data, name)
            assert process_document(session, document, f"t{n}", config) is DocumentStatus.PROCESSED
        session.expire_all()
        stored = session.scalars(
            select(BankTransaction).order_by(BankTransaction.booking_date)
        ).all()
        assert [(t.booking_date, t.amount) for t in stored] == [
            (r.booked, r.amount) for r in DEFAULT_ROWS
        ]
