"""``DELETE /documents/{id}`` and the audit log over HTTP, on SQLite and PostgreSQL.

Deleting removes the file, the extraction and what the document alone created; a person's
match stops it with 409 and the reason; every deletion, upload, match, unmatch, merge and
correction is in ``GET /audit`` (admins only, own workspace only).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from boekstuk.config import Settings
from boekstuk.db.models import BankStatement, BankTransaction, Customer, Document, Invoice
from boekstuk.db.session import session_scope
from tests.bookkeeping import Books
from tests.factories import invoice_pdf


@pytest.fixture
def books(settings: Settings) -> Books:
    return Books(settings, "acme")


def count(settings: Settings, model: type, **where: object) -> int:
    with session_scope(settings.database_url) as session:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return int(session.scalar(query) or 0)


def storage_path(settings: Settings, document_id: uuid.UUID) -> Path:
    with session_scope(settings.database_url) as session:
        doc = session.get(Document, document_id)
        assert doc is not None
        return settings.files_dir / doc.storage_key


def audit(client: TestClient, books: Books, query: str = "") -> list[dict[str, object]]:
    response = client.get(f"/audit{query}", headers=books.auth)
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


def test_deleting_an_invoice_document_removes_what_it_created(
    client: TestClient, books: Books, settings: Settings
) -> None:
    customer = books.customer()
    doc, invoice = books.invoice_document("2026-0042", customer)
    stored = storage_path(settings, doc)
    assert stored.exists()
    response = client.delete(f"/documents/{doc}", headers=books.auth)
    assert response.status_code == 204 and response.content == b""
    assert client.get(f"/documents/{doc}", headers=books.auth).status_code == 404
    assert client.get(f"/invoices/{invoice}", headers=books.auth).status_code == 404
    assert client.get(f"/customers/{customer}", headers=books.auth).status_code == 404
    assert not stored.exists()
    assert client.delete(f"/documents/{doc}", headers=books.auth).status_code == 404
    (entry,) = audit(client, books, f"?resource=document:{doc}")
    assert (entry["actor"], entry["action"]) == ("key:default", "delete")
    details = entry["details"]
    assert isinstance(details, dict)
    assert details["invoice_ids"] == [str(invoice)] and details["customer_ids"] == [str(customer)]
    assert details["file_removed"] is True


def test_a_customer_with_other_invoices_and_a_duplicate_copy_are_kept(
    client: TestClient, books: Books, settings: Settings
) -> None:
    customer = books.customer()
    doc, invoice = books.invoice_document("2026-0042", customer)
    books.invoice_document("2026-0043", customer)
    assert client.delete(f"/documents/{doc}", headers=books.auth).status_code == 204
    assert client.get(f"/customers/{customer}", headers=books.auth).status_code == 200
    assert client.get(f"/invoices/{invoice}", headers=books.auth).status_code == 404

    doc, invoice = books.invoice_document("2026-0044", customer)
    copy = books.copy_of(doc, invoice)
    assert client.delete(f"/documents/{doc}", headers=books.auth).status_code == 204
    kept = client.get(f"/invoices/{invoice}", headers=books.auth).json()
    assert kept["document_id"] == str(copy)  # the other copy carries the invoice on


def test_an_automatic_match_is_undone_and_a_persons_match_is_a_409(
    client: TestClient, books: Books, settings: Settings
) -> None:
    customer = books.customer()
    books.invoice_document("2026-0001", customer, total="999.00")  # keeps the customer
    doc, invoice = books.invoice_document("2026-0042", customer)
    statement, (payment,) = books.statement_document([("121.00", "Factuur 2026-0042")])
    assert client.get(f"/transactions/{payment}", headers=books.auth).json()["match_status"] == (
        "matched"
    )
    # an automatic match: the invoice goes, the payment waits again
    assert client.delete(f"/documents/{doc}", headers=books.auth).status_code == 204
    tx = client.get(f"/transactions/{payment}", headers=books.auth).json()
    assert tx["match_status"] != "matched" and tx["matches"] == []  # matched again: to review
    assert str(invoice) not in {c["invoice_id"] for c in tx["candidates"]}

    doc, invoice = books.invoice_document("2026-0050", customer)
    matched = client.post(
        f"/transactions/{payment}/match", json={"invoice_ids": [str(invoice)]}, headers=books.auth
    )
    assert matched.status_code == 200
    for document in (doc, statement):  # the invoice's side and the payment's side
        refused = client.delete(f"/documents/{document}", headers=books.auth)
        assert refused.status_code == 409
        error = refused.json()["error"]
        assert error["code"] == "conflict" and "unmatch it first" in error["message"]
        assert "key:default" in error["message"]
    assert client.get(f"/invoices/{invoice}", headers=books.auth).json()["status"] == "paid"
    assert count(settings, BankTransaction) == 1 and storage_path(settings, doc).exists()

    assert client.post(f"/transactions/{payment}/unmatch", headers=books.auth).status_code == 200
    assert client.delete(f"/documents/{statement}", headers=books.auth).status_code == 204
    assert count(settings, BankTransaction) == 0 and count(settings, BankStatement) == 0
    assert client.get(f"/invoices/{invoice}", headers=books.auth).json()["status"] == "open"


def test_deleting_a_statement_restores_the_invoices_it_paid(
    client: TestClient, books: Books, settings: Settings
) -> None:
    customer = books.customer()
    _, invoice = books.invoice_document("2026-0042", customer)
    statement, _ = books.statement_document([("121.00", "Factuur 2026-0042"), ("-3.00", "x")])
    assert client.get(f"/invoices/{invoice}", headers=books.auth).json()["status"] == "paid"
    assert client.delete(f"/documents/{statement}", headers=books.auth).status_code == 204
    body = client.get(f"/invoices/{invoice}", headers=books.auth).json()
    assert (body["status"], body["open_amount"]) == ("open", "121.00")
    assert count(settings, BankTransaction) == 0
    assert count(settings, Customer) == 1 and count(settings, Invoice) == 1


def test_delete_is_isolated_and_needs_the_right_role(
    client: TestClient, books: Books, settings: Settings
) -> None:
    other = Books(settings, "other")
    doc, _ = books.invoice_document("2026-0042", books.customer())
    assert client.delete(f"/documents/{doc}", headers=other.auth).status_code == 404
    assert client.delete(f"/documents/{uuid.uuid4()}", headers=books.auth).status_code == 404
    assert client.delete(f"/documents/{doc}").status_code == 401
    client.post(
        "/auth/register",
        json={"email": "up@example.com", "password": "long enough", "role": "uploader"},
        headers=books.auth,
    )
    token = client.post(
        "/auth/login", json={"email": "up@example.com", "password": "long enough"}
    ).json()["access_token"]
    forbidden = client.delete(f"/documents/{doc}", headers={"Authorization": f"Bearer {token}"})
    assert forbidden.status_code == 403 and forbidden.json()["error"]["code"] == "forbidden"
    assert count(settings, Document, id=doc) == 1


def test_every_action_is_in_the_audit_log_of_its_own_workspace(
    client: TestClient, books: Books, settings: Settings
) -> None:
    other = Books(settings, "other")
    uploaded = client.post(
        "/upload",
        headers=books.auth,
        files=[("files", ("factuur.pdf", invoice_pdf(), "application/pdf"))],
    ).json()["documents"][0]["id"]
    customer = books.customer()
    duplicate = books.customer("Jansen BV", iban="NL02ABNA0123456789")
    doc, invoice = books.invoice_document("2026-0042", customer)
    _, (payment,) = books.statement_document([("5.00", "iets")])
    client.post(
        f"/transactions/{payment}/match", json={"invoice_ids": [str(invoice)]}, headers=books.auth
    )
    client.post(f"/transactions/{payment}/unmatch", headers=books.auth)
    client.patch(
        f"/customers/{customer}", json={"name": "Jansen Installatie B.V."}, headers=books.auth
    )
    client.post(f"/customers/{duplicate}/merge", json={"into": str(customer)}, headers=books.auth)
    client.delete(f"/documents/{doc}", headers=books.auth)

    entries = audit(client, books)
    actions = [(e["action"], e["resource_type"]) for e in reversed(entries)]
    assert actions == [
        ("upload", "document"),
        ("match", "transaction"),
        ("unmatch", "transaction"),
        ("correct", "customer"),
        ("merge", "customer"),
        ("delete", "document"),
    ]
    assert entries[-1]["resource_id"] == uploaded
    assert {e["actor"] for e in entries} == {"key:default"}
    assert [e["action"] for e in audit(client, books, "?resource=transaction")] == [
        "unmatch",
        "match",
    ]
    assert len(audit(client, books, f"?resource={payment}")) == 2
    assert audit(client, books, "?actor=user:nobody@example.com") == []
    assert audit(client, other) == []  # another workspace sees none of it


def test_other_statements_of_the_account_are_processed_again(
    client: TestClient, books: Books, settings: Settings
) -> None:
    first, _ = books.statement_document([("10.00", "a"), ("20.00", "b")], "januari.pdf")
    second, kept = books.statement_document([("30.00", "c")], "februari.pdf")
    assert client.delete(f"/documents/{first}", headers=books.auth).status_code == 204
    assert client.get(f"/documents/{second}", headers=books.auth).json()["status"] == "queued"
    assert [t["id"] for t in client.get("/transactions", headers=books.auth).json()["items"]] == [
        str(kept[0])
    ]
    (entry,) = audit(client, books, "?action=delete")
    details = entry["details"]
    assert isinstance(details, dict) and details["requeued_document_ids"] == [str(second)]


def test_a_refused_deletion_is_in_the_audit_log_with_its_reason(
    client: TestClient, books: Books, settings: Settings
) -> None:
    other = Books(settings, "other")
    customer = books.customer()
    doc, invoice = books.invoice_document("2026-0042", customer)
    _, (payment,) = books.statement_document([("121.00", "iets anders")])
    matched = client.post(
        f"/transactions/{payment}/match", json={"invoice_ids": [str(invoice)]}, headers=books.auth
    )
    assert matched.status_code == 200
    refused = client.delete(f"/documents/{doc}", headers=books.auth)
    assert refused.status_code == 409
    assert client.delete(f"/documents/{doc}", headers=other.auth).status_code == 404

    (entry,) = audit(client, books, f"?resource=document:{doc}")
    assert (entry["actor"], entry["action"]) == ("key:default", "delete_refused")
    assert entry["details"] == {"reason": refused.json()["error"]["message"]}
    assert count(settings, Document, id=doc) == 1  # the refusal is recorded, nothing deleted
    assert audit(client, other, "?action=delete_refused") == []
