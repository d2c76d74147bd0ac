"""Statements and reconciliation in the database, on SQLite and PostgreSQL.

What a bookkeeper checks: a statement imported twice (or overlapping, or as two files) adds
no transaction twice; a payment finds its invoice whichever arrives first; partial payments
leave the rest open; doubtful payments wait for a person with ranked candidates; a person's
match or unmatch is final and gives open amounts back; a statement whose balances do not add
up is ``needs_review`` with the difference shown. Through the services and through the
worker's runner with real bank files.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boekstuk.db.models import (
    BankStatement,
    BankTransaction,
    Customer,
    CustomerIban,
    Document,
    Invoice,
    TransactionMatch,
)
from boekstuk.db.session import session_factory
from boekstuk.domain.documents import DocumentStatus
from boekstuk.domain.statements import Statement, Transaction
from boekstuk.engines.null_ocr import NullOcrEngine
from boekstuk.pipeline.runner import RunnerConfig, process_document
from boekstuk.pipeline.text import TextConfig
from boekstuk.services import documents as docs
from boekstuk.services.reconcile import (
    match_manually,
    reconcile_invoice,
    reconcile_transactions,
    unmatch,
)
from boekstuk.services.statements import store_statements
from boekstuk.services.storage import FileStorage
from boekstuk.services.workspaces import create_workspace
from tests.factories import SELLER_IBAN, invoice_pdf

OUR_IBAN = "NL44RABO0123456789"
PAYER_IBAN = "NL91ABNA0417164300"
NEW_IBAN = "NL02ABNA0123456789"
OUR_VAT = "DE136695976"


@pytest.fixture
def workspace_id(session: Session) -> uuid.UUID:
    workspace = create_workspace(session, f"ws-{uuid.uuid4().hex[:6]}", vat_number=OUR_VAT)
    session.commit()
    return workspace.id


def customer(session: Session, workspace_id: uuid.UUID, name: str, iban: str) -> uuid.UUID:
    row = Customer(workspace_id=workspace_id, name=name, normalized_name=name.lower(), iban=iban)
    session.add(row)
    session.flush()
    session.add(CustomerIban(workspace_id=workspace_id, customer_id=row.id, iban=iban))
    session.commit()
    return row.id


def invoice(
    session: Session,
    workspace_id: uuid.UUID,
    customer_id: uuid.UUID,
    number: str,
    total: str,
    direction: str = "sales",
) -> uuid.UUID:
    amount = Decimal(total)
    row = Invoice(
        workspace_id=workspace_id,
        customer_id=customer_id,
        direction=direction,
        invoice_number=number,
        invoice_date=date(2026, 1, 10),
        total_amount=amount,
        open_amount=amount,
        status="open",
    )
    session.add(row)
    session.commit()
    return row.id


def payment(amount: str, text: str, iban: str = PAYER_IBAN, day: int = 20) -> Transaction:
    return Transaction(
        booking_date=date(2026, 1, day),
        amount=Decimal(amount),
        currency="EUR",
        description=text,
        counterparty_name="ACME B.V.",
        counterparty_iban=iban,
    )


def statement(*txs: Transaction, opening: str = "1000.00", start: int = 1) -> Statement:
    closing = Decimal(opening) + sum((t.amount for t in txs), Decimal(0))
    return Statement(
        OUR_IBAN,
        "EUR",
        Decimal(opening),
        closing,
        tuple(txs),
        date(2026, 1, start),
        date(2026, 1, 31),
    )


def store(session: Session, workspace_id: uuid.UUID, st: Statement) -> list[uuid.UUID]:
    stored = store_statements(session, workspace_id, None, [st])
    session.commit()
    return list(stored.new_transaction_ids)


def count(session: Session, model: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def fresh(session: Session, model: type[Any], row_id: uuid.UUID) -> Any:
    session.expire_all()
    return session.get_one(model, row_id)


# ---- no duplicates ----


def test_the_same_statement_twice_or_overlapping_adds_no_transaction(
    session: Session, workspace_id: uuid.UUID
) -> None:
    coffee = Transaction(date(2026, 1, 5), Decimal("-3.20"), "EUR", description="Koffie Bar")
    rent = payment("-800.00", "Huur januari", day=2)
    january = statement(rent, coffee, coffee)
    assert len(store(session, workspace_id, january)) == 3  # two coffees: both real
    assert store(session, workspace_id, january) == []  # the same statement again
    # an overlapping export from the 5th: the coffees again, one new payment
    later = payment("121.00", "Factuur 2026-0100", day=25)
    overlap = statement(coffee, coffee, later, opening="196.80", start=5)
    assert len(store(session, workspace_id, overlap)) == 1
    assert count(session, BankTransaction) == 4
    assert count(session, BankStatement) == 2


def test_two_files_of_one_period_share_one_statement(
    session: Session, workspace_id: uuid.UUID
) -> None:
    st = statement(payment("121.00", "Factuur 2026-0100"))
    first = store_statements(session, workspace_id, None, [st])
    second = store_statements(session, workspace_id, None, [st])
    session.commit()
    assert first.statement_ids == second.statement_ids
    assert (second.read, second.duplicates, second.new_transaction_ids) == (1, 1, ())


def test_a_statement_that_does_not_add_up_needs_review_with_the_difference(
    session: Session, workspace_id: uuid.UUID
) -> None:
    st = statement(payment("121.00", "Factuur 1"))
    wrong = Statement(
        st.account_iban, "EUR", st.opening_balance, Decimal("1100.00"), st.transactions
    )
    stored = store_statements(session, workspace_id, None, [wrong])
    assert stored.needs_review
    assert "difference 21.00" in stored.reasons[0]


# ---- order does not matter ----


def test_invoice_first_then_payment_is_matched_and_paid(
    session: Session, workspace_id: uuid.UUID
) -> None:
    acme = customer(session, workspace_id, "ACME B.V.", PAYER_IBAN)
    inv = invoice(session, workspace_id, acme, "2026-0042", "121.00")
    ids = store(session, workspace_id, statement(payment("121.00", "Factuur 2026-0042")))
    result = reconcile_transactions(session, workspace_id, ids)
    session.commit()
    assert result.matched == 1
    tx = fresh(session, BankTransaction, ids[0])
    assert tx.match_status == "matched" and tx.decided_by is None
    paid = fresh(session, Invoice, inv)
    assert (paid.open_amount, paid.status) == (Decimal("0.00"), "paid")
    (match,) = session.scalars(select(TransactionMatch))
    assert (match.invoice_id, match.amount, match.created_by) == (inv, Decimal("121.00"), "auto")


def test_payment_first_is_matched_when_its_invoice_arrives(
    session: Session, workspace_id: uuid.UUID
) -> None:
    acme = customer(session, workspace_id, "ACME B.V.", PAYER_IBAN)
    ids = store(session, workspace_id, statement(payment("121.00", "Factuur 2026-0042")))
    assert reconcile_transactions(session, workspace_id, ids).unmatched == 1
    session.commit()
    other = invoice(session, workspace_id, acme, "2026-0099", "55.00")
    assert reconcile_invoice(session, other).matched == 0  # not what was paid
    inv = invoice(session, workspace_id, acme, "2026-0042", "121.00")
    assert reconcile_invoice(session, inv).matched == 1
    session.commit()
    assert fresh(session, BankTransaction, ids[0]).match_status == "matched"
    assert fresh(session, Invoice, inv).status == "paid"
    assert fresh(session, Invoice, other).status == "open"


_INVOICES = {  # number -> total, all of one customer
    "2026-0042": "121.00",
    "2026-0043": "60.50",
    "2026-0044": "200.00",
    "2026-0045": "100.00",
    "2026-0046": "80.00",
}
_PAYMENTS = (
    ("121.00", "Factuur 2026-0042"),  # named, exact
    ("60.50", "betaling"),  # known IBAN and amount only
    ("50.00", "termijn 2026-0044"),  # partial
    ("180.00", "facturen 2026-0045 en 2026-0046"),  # one payment for two invoices
    ("33.33", "Overboeking 778812"),  # from the customer, but for nothing we hold
)
_ARRIVALS = {
    "invoices-first": [*_INVOICES, "statement"],
    "statement-first": ["statement", *_INVOICES],
    "statement-first-reversed": ["statement", *reversed(_INVOICES)],
    "interleaved": ["2026-0046", "2026-0044", "statement", "2026-0042", "2026-0045", "2026-0043"],
}


@pytest.mark.parametrize("order", sorted(_ARRIVALS))
def test_the_outcome_does_not_depend_on_what_arrives_first(
    session: Session, workspace_id: uuid.UUID, order: str
) -> None:
    acme = customer(session, workspace_id, "ACME B.V.", PAYER_IBAN)
    txs = [payment(amount, text, day=20 + n) for n, (amount, text) in enumerate(_PAYMENTS)]
    for arrival in _ARRIVALS[order]:
        if arrival == "statement":
            reconcile_transactions(
                session, workspace_id, store(session, workspace_id, statement(*txs))
            )
        else:
            inv = invoice(session, workspace_id, acme, arrival, _INVOICES[arrival])
            reconcile_invoice(session, inv)
        session.commit()

    session.expire_all()
    invoices = {
        i.invoice_number: (i.status, i.open_amount) for i in session.scalars(select(Invoice))
    }
    assert invoices == {
        "2026-0042": ("paid", Decimal("0.00")),
        "2026-0043": ("paid", Decimal("0.00")),
        "2026-0044": ("partially_paid", Decimal("150.00")),
        "2026-0045": ("paid", Decimal("0.00")),
        "2026-0046": ("paid", Decimal("0.00")),
    }
    paid_by = {
        (tx.description, tx.match_status, inv_number)
        for tx, inv_number in session.execute(
            select(BankTransaction, Invoice.invoice_number)
            .outerjoin(TransactionMatch, TransactionMatch.transaction_id == BankTransaction.id)
            .outerjoin(Invoice, Invoice.id == TransactionMatch.invoice_id)
        )
    }
    assert paid_by == {
        ("Factuur 2026-0042", "matched", "2026-0042"),
        ("betaling", "matched", "2026-0043"),
        ("termijn 2026-0044", "matched", "2026-0044"),
        ("facturen 2026-0045 en 2026-0046", "matched", "2026-0045"),
        ("facturen 2026-0045 en 2026-0046", "matched", "2026-0046"),
        ("Overboeking 778812", "needs_review", None),  # a known payer: a person looks
    }


def test_a_partial_payment_leaves_the_rest_open_and_a_new_iban_is_learnt(
    session: Session, workspace_id: uuid.UUID
) -> None:
    acme = customer(session, workspace_id, "ACME B.V.", PAYER_IBAN)
    inv = invoice(session, workspace_id, acme, "2026-0042", "121.00")
    ids = store(
        session, workspace_id, statement(payment("50.00", "termijn 2026-0042", iban=NEW_IBAN))
    )
    assert reconcile_transactions(session, workspace_id, ids).matched == 1
    session.commit()
    part = fresh(session, Invoice, inv)
    assert (part.open_amount, part.status) == (Decimal("71.00"), "partially_paid")
    ibans = set(session.scalars(select(CustomerIban.iban).where(CustomerIban.customer_id == acme)))
    assert NEW_IBAN in ibans


def test_purchase_invoices_are_paid_by_money_out(session: Session, workspace_id: uuid.UUID) -> None:
    supplier = customer(session, workspace_id, "Jansen B.V.", SELLER_IBAN)
    sale = invoice(session, workspace_id, supplier, "2026-0007", "60.50")
    bill = invoice(session, workspace_id, supplier, "2026-0007B", "60.50", "purchase")
    ids = store(session, workspace_id, statement(payment("-60.50", "2026-0007B", SELLER_IBAN)))
    assert reconcile_transactions(session, workspace_id, ids).matched == 1
    session.commit()
    assert fresh(session, Invoice, bill).status == "paid"
    assert fresh(session, Invoice, sale).status == "open"


def test_a_doubtful_payment_waits_with_ranked_candidates(
    session: Session, workspace_id: uuid.UUID
) -> None:
    acme = customer(session, workspace_id, "ACME B.V.", PAYER_IBAN)
    first = invoice(session, workspace_id, acme, "2026-0042", "121.00")
    twin = invoice(session, workspace_id, acme, "2026-0043", "121.00")
    ids = store(session, workspace_id, statement(payment("121.00", "betaling")))
    assert reconcile_transactions(session, workspace_id, ids).needs_review == 1
    session.commit()
    tx = fresh(session, BankTransaction, ids[0])
    assert tx.match_status == "needs_review"
    ranked = [c["invoice_id"] for c in tx.candidates]
    assert set(ranked[:3]) >= {str(first), str(twin)}
    assert all(c["reasons"] and 0 < c["score"] <= 1 for c in tx.candidates)
    assert count(session, TransactionMatch) == 0
    assert fresh(session, Invoice, first).status == "open"


# ---- a person's decision ----


def test_a_manual_match_is_final_and_unmatch_gives_the_amounts_back(
    session: Session, workspace_id: uuid.UUID
) -> None:
    acme = customer(session, workspace_id, "ACME B.V.", PAYER_IBAN)
    first = invoice(session, workspace_id, acme, "2026-0042", "121.00")
    twin = invoice(session, workspace_id, acme, "2026-0043", "121.00")
    ids = store(session, workspace_id, statement(payment("121.00", "betaling")))
    reconcile_transactions(session, workspace_id, ids)
    session.commit()

    match_manually(session, workspace_id, ids[0], [twin], "anna")
    session.commit()
    tx = fresh(session, BankTransaction, ids[0])
    assert (tx.match_status, tx.decided_by, tx.candidates) == ("matched", "anna", None)
    assert fresh(session, Invoice, twin).status == "paid"
    # automatic matching never touches it again, whatever arrives
    again = reconcile_transactions(session, workspace_id, ids)
    assert (again.matched, again.skipped) == (0, 1)
    late = invoice(session, workspace_id, acme, "2026-0050", "121.00")
    assert reconcile_invoice(session, late).matched == 0
    session.commit()

    unmatch(session, workspace_id, ids[0], "anna")
    session.commit()
    tx = fresh(session, BankTransaction, ids[0])
    assert (tx.match_status, tx.decided_by) == ("unmatched", "anna")
    restored = fresh(session, Invoice, twin)
    assert (restored.open_amount, restored.status) == (Decimal("121.00"), "open")
    assert count(session, TransactionMatch) == 0
    assert reconcile_transactions(session, workspace_id, ids).skipped == 1
    assert fresh(session, Invoice, first).status == "open"


def test_unmatching_an_automatic_match_restores_the_open_amount(
    session: Session, workspace_id: uuid.UUID
) -> None:
    acme = customer(session, workspace_id, "ACME B.V.", PAYER_IBAN)
    inv = invoice(session, workspace_id, acme, "2026-0042", "121.00")
    ids = store(session, workspace_id, statement(payment("121.00", "Factuur 2026-0042")))
    reconcile_transactions(session, workspace_id, ids)
    session.commit()
    assert fresh(session, Invoice, inv).status == "paid"
    unmatch(session, workspace_id, ids[0], "anna")
    session.commit()
    back = fresh(session, Invoice, inv)
    assert (back.open_amount, back.status) == (Decimal("121.00"), "open")


def test_one_manual_payment_for_two_invoices_and_a_credit_note(
    session: Session, workspace_id: uuid.UUID
) -> None:
    acme = customer(session, workspace_id, "ACME B.V.", PAYER_IBAN)
    a = invoice(session, workspace_id, acme, "A-1", "100.00")
    b = invoice(session, workspace_id, acme, "A-2", "50.00")
    credit = invoice(session, workspace_id, acme, "C-1", "-30.00")
    ids = store(session, workspace_id, statement(payment("100.00", "diverse")))
    tx = match_manually(session, workspace_id, ids[0], [a, b, credit], "anna")
    session.commit()
    assert tx.unallocated is None
    states = {i: fresh(session, Invoice, i).status for i in (a, b, credit)}
    assert states[credit] == "paid"
    assert sorted(states.values()) == ["paid", "paid", "partially_paid"]
    assert session.scalar(select(func.sum(TransactionMatch.amount))) == Decimal("100.00")


# ---- through the worker's runner with bank files ----


def mt940(closing: str = "879.00") -> bytes:
    return f""":20:STMT1
:25:{OUR_IBAN}EUR
:28C:00001
:60F:C260101EUR1000,00
:61:2601200120D121,00NTRFNONREF//0001
:86:/CNTP/{SELLER_IBAN}/ABNANL2A/Jansen Installatietechniek BV///REMI/USTD//Factuur 2026-0042/
:62F:C260131EUR{closing.replace(".", ",")}
""".encode()


def submit(
    session: Session, storage: FileStorage, workspace_id: uuid.UUID, data: bytes, name: str
) -> uuid.UUID:
    upload = storage.spool(10_000_000)
    upload.write(data)
    return docs.record_upload(session, storage, workspace_id, name, upload).document.id


def test_the_runner_matches_a_bank_file_and_its_invoice_in_either_order(
    session: Session, workspace_id: uuid.UUID, tmp_path: Path
) -> None:
    storage = FileStorage(tmp_path / "files")
    config = RunnerConfig(storage=storage, text=TextConfig(engines=(NullOcrEngine(),)))
    bank = submit(session, storage, workspace_id, mt940(), "jan.sta")
    assert process_document(session, bank, "t1", config) is DocumentStatus.PROCESSED
    (tx,) = session.scalars(select(BankTransaction))
    assert (tx.amount, tx.match_status) == (Decimal("-121.00"), "unmatched")
    document = fresh(session, Document, bank)
    assert document.extraction["statement"]["closing_balance"] == "879.00"
    assert document.extraction["transactions"][0]["amount"] == "-121.00"

    pdf = submit(session, storage, workspace_id, invoice_pdf("2026-0042"), "f.pdf")
    assert process_document(session, pdf, "t2", config) is DocumentStatus.PROCESSED
    tx = fresh(session, BankTransaction, tx.id)
    assert tx.match_status == "matched"
    (inv,) = session.scalars(select(Invoice))
    assert (inv.direction, inv.status, inv.open_amount) == ("purchase", "paid", Decimal("0.00"))
    stages = [(e.stage, e.outcome) for e in fresh(session, Document, pdf).events]
    assert ("reconcile", "ok") in stages

    # the same bank file again under another name: nothing new, nothing matched twice
    again = submit(session, storage, workspace_id, mt940() + b"\n", "jan-copy.sta")
    assert process_document(session, again, "t3", config) is DocumentStatus.PROCESSED
    assert count(session, BankTransaction) == 1 and count(session, TransactionMatch) == 1


def test_the_runner_sends_a_statement_that_does_not_add_up_to_review(
    session: Session, workspace_id: uuid.UUID, tmp_path: Path
) -> None:
    storage = FileStorage(tmp_path / "files")
    config = RunnerConfig(storage=storage, text=TextConfig(engines=(NullOcrEngine(),)))
    bank = submit(session, storage, workspace_id, mt940(closing="900.00"), "jan.sta")
    assert process_document(session, bank, "t1", config) is DocumentStatus.NEEDS_REVIEW
    validation = fresh(session, Document, bank).extraction["validation"]
    (error,) = [e for e in validation["errors"] if e["code"] == "balance_mismatch"]
    assert "difference -21.00" in error["message"]
    assert count(session, BankTransaction) == 1  # the transactions are kept for the review


# ---- the real statements in ../shared/data ----


def _bank_files(shared_data: Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (shared_data / "manifest.jsonl").read_text().splitlines()]
    return [r for r in rows if r.get("kind") == "bank_statement"]


def test_real_statements_are_stored_once_with_the_banks_balance_check(
    sqlite_url: str, shared_data: Path, tmp_path: Path
) -> None:
    storage = FileStorage(tmp_path / "files")
    config = RunnerConfig(storage=storage, text=TextConfig(engines=(NullOcrEngine(),)))
    with session_factory(sqlite_url)() as session:
        for entry in _bank_files(shared_data):
            workspace = create_workspace(session, entry["id"])
            session.commit()
            data = (shared_data / entry["file"]).read_bytes()
            first = submit(session, storage, workspace.id, data, entry["file"])
            # balance_check True: adds up; False: does not (a person looks); None: the
            # manifest does not say (bank-0009's second statement is 0.20 off: review)
            expected = {
                True: {DocumentStatus.PROCESSED},
                False: {DocumentStatus.NEEDS_REVIEW},
                None: {DocumentStatus.PROCESSED, DocumentStatus.NEEDS_REVIEW},
            }[entry.get("balance_check")]
            assert process_document(session, first, "t1", config) in expected, entry["id"]
            stored = session.scalar(
                select(func.count())
                .select_from(BankTransaction)
                .where(BankTransaction.workspace_id == workspace.id)
            )
            assert stored == len(entry["transactions"]), entry["id"]
            # the same file again (another copy, so another document): nothing new
            second = submit(session, storage, workspace.id, data + b"\n", "copy-" + entry["file"])
            assert process_document(session, second, "t2", config) in expected, entry["id"]
            again = session.scalar(
                select(func.count())
                .select_from(BankTransaction)
                .where(BankTransaction.workspace_id == workspace.id)
            )
            assert again == stored, entry["id"]
