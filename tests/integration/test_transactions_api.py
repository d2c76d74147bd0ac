"""``/transactions`` and ``/review`` over HTTP (FastAPI TestClient), on SQLite and PostgreSQL.

What a client sees: the contract's shapes, a person's match and unmatch with the invoices'
open amounts following, the review queue, error bodies, and another workspace's ids as 404.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from boekstuk.config import Settings
from boekstuk.db.models import Customer, CustomerIban, Document, Invoice
from boekstuk.db.session import session_scope
from boekstuk.domain.statements import Statement, Transaction
from boekstuk.services.reconcile import reconcile_transactions
from boekstuk.services.statements import store_statements
from boekstuk.services.workspaces import create_api_key, create_workspace

OUR_IBAN = "NL44RABO0123456789"
PAYER_IBAN = "NL91ABNA0417164300"
STRANGER_IBAN = "NL20INGB0001234567"


class Ledger:
    """A workspace with a key, a customer, three invoices of 121.00 and three payments."""

    def __init__(self, settings: Settings, name: str) -> None:
        with session_scope(settings.database_url) as session:
            workspace = create_workspace(session, name)
            self.key = create_api_key(session, workspace.id)
            acme = Customer(
                workspace_id=workspace.id, name="ACME B.V.", normalized_name="acme", iban=None
            )
            session.add(acme)
            session.flush()
            session.add(
                CustomerIban(workspace_id=workspace.id, customer_id=acme.id, iban=PAYER_IBAN)
            )
            invoices = [
                Invoice(
                    workspace_id=workspace.id,
                    customer_id=acme.id,
                    direction="sales",
                    invoice_number=number,
                    invoice_date=date(2026, 1, 10),
                    total_amount=Decimal("121.00"),
                    open_amount=Decimal("121.00"),
                    status="open",
                )
                for number in ("2026-0042", "2026-0043", "2026-0044")
            ]
            session.add_all(invoices)
            session.add(
                Document(
                    workspace_id=workspace.id,
                    filename="odd.pdf",
                    content_type="application/pdf",
                    size=1,
                    sha256=uuid.uuid4().hex * 2,
                    storage_key="x",
                    status="needs_review",
                )
            )
            session.flush()
            self.invoices = [i.id for i in invoices]

            def pay(amount: str, text: str, day: int, iban: str = PAYER_IBAN) -> Transaction:
                return Transaction(
                    date(2026, 1, day),
                    Decimal(amount),
                    "EUR",
                    description=text,
                    counterparty_name="ACME BV" if iban == PAYER_IBAN else "J. de Vries",
                    counterparty_iban=iban,
                )

            txs = (
                pay("121.00", "Factuur 2026-0042", 20),  # matched
                pay("121.00", "betaling", 21),  # one of the other two: a person chooses
                pay("15.00", "Overboeking 77", 22, STRANGER_IBAN),  # nothing plausible: unmatched
            )
            closing = Decimal("1000.00") + sum((t.amount for t in txs), Decimal(0))
            stored = store_statements(
                session,
                workspace.id,
                None,
                [Statement(OUR_IBAN, "EUR", Decimal("1000.00"), closing, txs)],
            )
            reconcile_transactions(session, workspace.id, stored.new_transaction_ids)
            self.transactions = list(stored.new_transaction_ids)
        self.auth = {"Authorization": f"Bearer {self.key}"}


@pytest.fixture
def ledger(settings: Settings) -> Ledger:
    return Ledger(settings, "acme")


def test_transactions_list_in_the_contract_shape(client: TestClient, ledger: Ledger) -> None:
    body = client.get("/transactions", headers=ledger.auth).json()
    assert body["total"] == 3
    by_status = {t["match_status"]: t for t in body["items"]}
    assert set(by_status) == {"matched", "needs_review", "unmatched"}
    matched = by_status["matched"]
    for key in ("id", "statement_id", "date", "amount", "currency", "description"):
        assert key in matched
    for key in ("counterparty_name", "counterparty_iban", "reference", "matches", "candidates"):
        assert key in matched
    assert matched["amount"] == "121.00" and matched["date"] == "2026-01-20"
    (match,) = matched["matches"]
    assert match["invoice_id"] == str(ledger.invoices[0])
    assert match["amount"] == "121.00" and match["rule"] and 0 < match["confidence"] <= 1

    review = client.get("/transactions?match_status=needs_review", headers=ledger.auth).json()
    assert review["total"] == 1
    (waiting,) = review["items"]
    assert waiting["matches"] == []
    top = {c["invoice_id"] for c in waiting["candidates"][:3]}
    assert top >= {str(ledger.invoices[1]), str(ledger.invoices[2])}
    assert all(c["reasons"] and 0 < c["score"] <= 1 for c in waiting["candidates"])


def test_a_person_matches_and_unmatches(client: TestClient, ledger: Ledger) -> None:
    waiting = ledger.transactions[1]
    response = client.post(
        f"/transactions/{waiting}/match",
        json={"invoice_ids": [str(ledger.invoices[1])]},
        headers=ledger.auth,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["match_status"] == "matched" and body["candidates"] == []
    assert [m["invoice_id"] for m in body["matches"]] == [str(ledger.invoices[1])]
    assert body["matches"][0]["rule"] == "manual"
    invoice = client.get(f"/invoices/{ledger.invoices[1]}", headers=ledger.auth).json()
    assert (invoice["status"], invoice["open_amount"]) == ("paid", "0.00")

    body = client.post(f"/transactions/{waiting}/unmatch", headers=ledger.auth).json()
    assert body["match_status"] == "unmatched" and body["matches"] == []
    invoice = client.get(f"/invoices/{ledger.invoices[1]}", headers=ledger.auth).json()
    assert (invoice["status"], invoice["open_amount"]) == ("open", "121.00")
    assert client.get(f"/transactions/{waiting}", headers=ledger.auth).json() == body


def test_review_lists_what_waits_for_a_person(client: TestClient, ledger: Ledger) -> None:
    body = client.get("/review", headers=ledger.auth).json()
    assert [d["filename"] for d in body["documents"]] == ["odd.pdf"]
    assert [t["id"] for t in body["transactions"]] == [str(ledger.transactions[1])]


def test_errors_and_other_workspaces(
    client: TestClient, ledger: Ledger, settings: Settings
) -> None:
    other = Ledger(settings, "other")
    mine = ledger.transactions[0]
    response = client.get(f"/transactions/{mine}", headers=other.auth)
    assert response.status_code == 404
    assert response.json()["error"]["code"]
    response = client.post(
        f"/transactions/{other.transactions[1]}/match",
        json={"invoice_ids": [str(ledger.invoices[1])]},
        headers=other.auth,
    )
    assert response.status_code == 404  # someone else's invoice
    assert client.post(f"/transactions/{mine}/unmatch", headers=other.auth).status_code == 404
    assert client.get(f"/transactions/{uuid.uuid4()}", headers=ledger.auth).status_code == 404
    bad = client.post(f"/transactions/{mine}/match", json={"invoice_ids": []}, headers=ledger.auth)
    assert bad.status_code == 422 and "error" in bad.json()
    taken = client.post(
        f"/transactions/{ledger.transactions[1]}/match",
        json={"invoice_ids": [str(ledger.invoices[0])]},  # paid by the first payment
        headers=ledger.auth,
    )
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "conflict"
    waiting = client.get(f"/transactions/{ledger.transactions[1]}", headers=ledger.auth).json()
    assert waiting["match_status"] == "needs_review" and waiting["candidates"]
    assert client.get("/transactions").status_code == 401
    assert client.get("/review", headers=other.auth).json()["documents"][0]["filename"] == "odd.pdf"
    # the failed match changed nothing
    still = client.get(f"/transactions/{other.transactions[1]}", headers=other.auth).json()
    assert still["match_status"] == "needs_review"
