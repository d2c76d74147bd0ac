"""The web UI in-process (TestClient) on the embedded database: sign-in, CSRF, every page,
the document view with its boxes, a correction that relinks, a match from the review queue.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from boekstuk.api.app import create_app
from boekstuk.config import Settings
from boekstuk.db.corrections import FieldCorrection
from boekstuk.db.migrate import upgrade
from boekstuk.db.models import AuditEntry, BankTransaction, Document, Invoice
from boekstuk.db.session import session_factory, session_scope
from boekstuk.engines.null_ocr import NullOcrEngine
from boekstuk.pipeline.runner import RunnerConfig, process_document
from boekstuk.pipeline.text import TextConfig
from boekstuk.services import documents as docs
from boekstuk.services.storage import FileStorage
from boekstuk.services.users import create_user
from boekstuk.services.workspaces import create_workspace
from tests.factories import SELLER_IBAN, invoice_pdf

PASSWORD = "correct horse battery"
OUR_IBAN = "NL44RABO0123456789"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path / "var")
    settings.ensure_dirs()
    upgrade(settings.database_url)
    return settings


@pytest.fixture
def workspace_id(settings: Settings) -> uuid.UUID:
    with session_scope(settings.database_url) as session:
        workspace = create_workspace(session, "acme")
        create_user(session, workspace.id, "anna@example.nl", PASSWORD, "reviewer")
        create_user(session, workspace.id, "uwe@example.nl", PASSWORD, "uploader")
        return workspace.id


@pytest.fixture
def client(settings: Settings, workspace_id: uuid.UUID) -> Iterator[TestClient]:
    with TestClient(create_app(settings), follow_redirects=False) as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client: TestClient, email: str = "anna@example.nl") -> str:
    token = csrf_of(client.get("/app/login").text)
    response = client.post(
        "/app/login",
        data={"email": email, "password": PASSWORD, "csrf": token, "next": "/app/documents"},
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/app/documents"
    return csrf_of(client.get("/app/").text)


def process(settings: Settings, workspace_id: uuid.UUID, data: bytes, name: str) -> uuid.UUID:
    storage = FileStorage(settings.files_dir)
    config = RunnerConfig(storage=storage, text=TextConfig(engines=(NullOcrEngine(),)))
    with session_factory(settings.database_url)() as session:
        upload = storage.spool(10_000_000)
        upload.write(data)
        document_id = docs.record_upload(session, storage, workspace_id, name, upload).document.id
        process_document(session, document_id, f"t-{name}", config)
    return document_id


def mt940(amount: str, text: str) -> bytes:
    closing = f"{Decimal('1000.00') - Decimal(amount):.2f}".replace(".", ",")
    return f""":20:STMT1
:25:{OUR_IBAN}EUR
:28C:00001
:60F:C260101EUR1000,00
:61:2601200120D{amount.replace(".", ",")}NTRFNONREF//0001
:86:/CNTP/{SELLER_IBAN}/ABNANL2A/Jansen Installatietechniek BV///REMI/USTD//{text}/
:62F:C260131EUR{closing}
""".encode()


def test_root_goes_to_the_app_and_pages_need_sign_in(client: TestClient) -> None:
    assert client.get("/").headers["location"] == "/app/"
    response = client.get("/app/invoices?status=open")
    assert response.status_code == 303
    assert response.headers["location"] == "/app/login?next=/app/invoices%3Fstatus%3Dopen"
    assert client.get("/health").json() == {"status": "ok"}


def test_sign_in_sets_a_safe_cookie_and_refuses_bad_passwords(client: TestClient) -> None:
    page = client.get("/app/login")
    token = csrf_of(page.text)
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/app" in cookie
    wrong = client.post(
        "/app/login", data={"email": "anna@example.nl", "password": "nope", "csrf": token}
    )
    assert wrong.status_code == 400
    assert "do not match" in wrong.text or "horen niet" in wrong.text
    no_token = client.post("/app/login", data={"email": "anna@example.nl", "password": PASSWORD})
    assert no_token.status_code == 403
    sign_in(client)
    assert client.get("/app/").status_code == 200


def test_every_page_renders_in_both_languages(client: TestClient) -> None:
    token = sign_in(client)
    for path in (
        "/app/",
        "/app/upload",
        "/app/documents",
        "/app/review",
        "/app/invoices",
        "/app/customers",
        "/app/statements",
    ):
        response = client.get(path, headers={"Accept-Language": "en-GB,en;q=0.9"})
        assert response.status_code == 200, path
        assert "Content-Security-Policy" in response.headers
        assert 'lang="en"' in response.text and "Sign out" in response.text
    client.post("/app/lang", data={"lang": "nl", "csrf": token, "next": "/app/documents"})
    dutch = client.get("/app/documents", headers={"Accept-Language": "en"})
    assert 'lang="nl"' in dutch.text and "Uitloggen" in dutch.text


def test_logout_needs_the_token_and_ends_the_session(client: TestClient) -> None:
    token = sign_in(client)
    assert client.post("/app/logout", data={"csrf": "forged"}).status_code == 403
    assert client.post("/app/logout", data={"csrf": token}).status_code == 303
    assert client.get("/app/").status_code == 303


def test_upload_through_the_web_and_poll_the_status(client: TestClient) -> None:
    token = sign_in(client)
    files = [("files", ("factuur.pdf", invoice_pdf("2026-0100"), "application/pdf"))]
    assert client.post("/app/upload", files=files).status_code == 403  # no CSRF header
    response = client.post("/app/upload", files=files, headers={"X-CSRF-Token": token})
    assert response.status_code == 202
    [doc] = response.json()["documents"]
    status = client.get(f"/app/documents/status?ids={doc['id']},junk").json()
    assert status[doc["id"]]["status"] == "queued"
    listing = client.get("/app/documents?q=factuur&status=queued")
    assert ">factuur.pdf</a>" in listing.text
    assert ">factuur.pdf</a>" not in client.get("/app/documents?q=nothing-like-it").text


def test_document_page_boxes_fields_and_a_correction_relinks(
    client: TestClient, settings: Settings, workspace_id: uuid.UUID
) -> None:
    document_id = process(settings, workspace_id, invoice_pdf("2026-0042"), "f.pdf")
    token = sign_in(client)
    page = client.get(f"/app/documents/{document_id}")
    assert page.status_code == 200
    boxes = re.findall(r'<rect class="box[^"]*"\s+data-field="([a-z_]+)"', page.text)
    assert {"invoice_number", "total_amount"} <= set(boxes)
    assert 'viewBox="0 0 595' in page.text  # A4 in points: the boxes scale with the image
    image = client.get(f"/app/documents/{document_id}/pages/1.png?w=600")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert client.get(f"/app/documents/{document_id}/pages/2.png").status_code == 404

    response = client.post(
        f"/app/documents/{document_id}/fields",
        data={"csrf": token, "field": "invoice_number", "value": " 2026-0042-A "},
    )
    assert response.status_code == 303
    with session_factory(settings.database_url)() as session:
        document = session.get_one(Document, document_id)
        field = document.extraction["fields"]["invoice_number"]
        assert (field["value"], field["corrected"], field["confidence"]) == (
            "2026-0042-A",
            True,
            1.0,
        )
        (correction,) = session.scalars(select(FieldCorrection))
        assert (correction.old_value, correction.corrected_by) == ("2026-0042", "anna@example.nl")
        invoice = session.get_one(Invoice, document.invoice_id)
        assert invoice.invoice_number == "2026-0042-A"
        assert session.scalar(select(AuditEntry.action)) == "correct_field"
    bad = client.post(
        f"/app/documents/{document_id}/fields",
        data={"csrf": token, "field": "invoice_date", "value": "not a date"},
    )
    html = client.get(bad.headers["location"]).text
    assert "not a date" in html, re.findall(r"class=\"flash[^>]*>[^<]*", html)


def test_an_uploader_may_look_but_not_correct(
    client: TestClient, settings: Settings, workspace_id: uuid.UUID
) -> None:
    document_id = process(settings, workspace_id, invoice_pdf("2026-0077"), "f.pdf")
    token = sign_in(client, "uwe@example.nl")
    assert client.get(f"/app/documents/{document_id}").status_code == 200
    response = client.post(
        f"/app/documents/{document_id}/fields",
        data={"csrf": token, "field": "invoice_number", "value": "X"},
    )
    assert response.status_code == 403
    assert "Uitloggen" in response.text  # the error page keeps the menu
    assert client.get(f"/app/documents/{uuid.uuid4()}").status_code == 404


def test_confirming_a_candidate_in_the_review_queue_pays_the_invoice(
    client: TestClient, settings: Settings, workspace_id: uuid.UUID
) -> None:
    process(settings, workspace_id, invoice_pdf("2026-0042"), "a.pdf")
    process(settings, workspace_id, invoice_pdf("2026-0043"), "b.pdf")
    process(settings, workspace_id, mt940("121.00", "betaling"), "jan.sta")
    with session_factory(settings.database_url)() as session:
        (tx,) = session.scalars(select(BankTransaction))
        assert tx.match_status == "needs_review"
        chosen = tx.candidates[0]["invoice_id"]
    token = sign_in(client)
    review = client.get("/app/review")
    assert f'id="tx-{tx.id}"' in review.text and 'data-key="1"' in review.text
    assert client.get(f"/app/transactions/{tx.id}?q=2026").status_code == 200
    response = client.post(
        f"/app/transactions/{tx.id}/match",
        data={"csrf": token, "invoice_ids": chosen, "next": "/app/review"},
    )
    assert response.headers["location"] == "/app/review"
    with session_factory(settings.database_url)() as session:
        assert session.get_one(Invoice, uuid.UUID(chosen)).status == "paid"
        assert session.get_one(BankTransaction, tx.id).decided_by == "user:anna@example.nl"
    paid = client.get("/app/invoices?status=paid")
    assert paid.text.count('data-invoice="') == 1
    assert client.get(f"/app/statements/{tx.statement_id}").status_code == 200
    assert f'id="tx-{tx.id}"' not in client.get("/app/review").text  # nothing left to match

    # "no invoice" after all: the payment settles nothing, the invoice is open again
    client.post(f"/app/transactions/{tx.id}/unmatch", data={"csrf": token})
    with session_factory(settings.database_url)() as session:
        assert session.get_one(BankTransaction, tx.id).match_status == "unmatched"
        assert session.get_one(Invoice, uuid.UUID(chosen)).status == "open"


def test_a_reprocessed_document_keeps_its_corrections(
    client: TestClient, settings: Settings, workspace_id: uuid.UUID
) -> None:
    document_id = process(settings, workspace_id, invoice_pdf("2026-0050"), "f.pdf")
    token = sign_in(client)
    client.post(
        f"/app/documents/{document_id}/fields",
        data={"csrf": token, "field": "total_amount", "value": "€ 130,00"},
    )
    assert (
        client.post(f"/app/documents/{document_id}/reprocess", data={"csrf": token}).status_code
        == 303
    )
    storage = FileStorage(settings.files_dir)
    config = RunnerConfig(storage=storage, text=TextConfig(engines=(NullOcrEngine(),)))
    with session_factory(settings.database_url)() as session:
        process_document(session, document_id, "again", config)
        document = session.get_one(Document, document_id)
        assert document.extraction["fields"]["total_amount"]["value"] == "130.00"
        invoice = session.get_one(Invoice, document.invoice_id)
        assert invoice.total_amount == Decimal("130.00")


def test_a_possible_duplicate_is_merged_from_the_review_queue(
    client: TestClient, settings: Settings, workspace_id: uuid.UUID
) -> None:
    from boekstuk.db.models import Customer, ReviewItem

    with session_scope(settings.database_url) as session:
        old = Customer(workspace_id=workspace_id, name="Jansen B.V.", normalized_name="jansen")
        new = Customer(workspace_id=workspace_id, name="Jansen BV", normalized_name="jansen bv")
        session.add_all([old, new])
        session.flush()
        session.add(
            ReviewItem(
                workspace_id=workspace_id,
                kind="possible_duplicate",
                message="'Jansen BV' may be the same as an existing customer",
                customer_id=new.id,
                other_customer_id=old.id,
            )
        )
        old_id, new_id = old.id, new.id
    token = sign_in(client)
    review = client.get("/app/review", headers={"Accept-Language": "en"})
    assert f"/app/customers/{new_id}/merge" in review.text
    search = client.get(f"/app/customers/{new_id}?merge_q=Jansen")
    assert f'name="into" value="{old_id}"' in search.text
    response = client.post(f"/app/customers/{new_id}/merge", data={"csrf": token, "into": old_id})
    assert response.headers["location"] == f"/app/customers/{old_id}"
    with session_factory(settings.database_url)() as session:
        assert session.get_one(Customer, new_id).merged_into_id == old_id
        assert session.scalar(select(ReviewItem.status)) == "resolved"


def test_sign_in_attempts_share_the_api_login_limit(
    settings: Settings, workspace_id: uuid.UUID
) -> None:
    strict = settings.model_copy(update={"login_burst": 2.0, "login_rate_per_second": 0.001})
    with TestClient(create_app(strict), follow_redirects=False) as client:
        token = csrf_of(client.get("/app/login").text)
        answers = [
            client.post(
                "/app/login", data={"email": "anna@example.nl", "password": "x", "csrf": token}
            ).status_code
            for _ in range(3)
        ]
    assert answers == [400, 400, 429]
