"""``/customers`` and ``/invoices`` over HTTP (TestClient, embedded database).

What a client sees: the contract's shapes, filters, pagination, merge, and that another
workspace's ids answer 404.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from boekstuk.api.app import create_app
from boekstuk.config import Settings
from boekstuk.db.migrate import upgrade
from boekstuk.db.models import Document
from boekstuk.db.session import session_scope
from boekstuk.pipeline.parties import PartiesConfig, link_parties
from boekstuk.pipeline.store import store_invoice
from boekstuk.services.workspaces import create_api_key, create_workspace

OUR_VAT = "DE136695976"
SELLER_VAT = "NL000099998B57"
SELLER_IBAN = "NL91ABNA0417164300"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path / "var")
    settings.ensure_dirs()
    upgrade(settings.database_url)
    return settings


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _workspace(settings: Settings, name: str) -> tuple[uuid.UUID, dict[str, str]]:
    with session_scope(settings.database_url) as session:
        workspace = create_workspace(session, name, vat_number=OUR_VAT)
        key = create_api_key(session, workspace.id)
        return workspace.id, {"Authorization": f"Bearer {key}"}


def _book(settings: Settings, workspace_id: uuid.UUID, **values: str) -> uuid.UUID:
    """Run the parties and store stages for a document with these fields."""
    fields = {
        "seller_name": "Jansen Installatietechniek B.V.",
        "seller_vat": SELLER_VAT,
        "seller_iban": SELLER_IBAN,
        "seller_address": "Keizersgracht 1, 1015 CJ Amsterdam",
        "invoice_number": "2026-0042",
        "invoice_date": "2026-01-15",
        "total_amount": "121.00",
    } | values
    extraction: dict[str, Any] = {
        "document_type": values.pop("document_type", "invoice"),
        "fields": {k: {"value": v} for k, v in fields.items() if v and k != "document_type"},
    }
    with session_scope(settings.database_url) as session:
        sha = uuid.uuid4().hex * 2
        document = Document(
            workspace_id=workspace_id,
            filename="f.pdf",
            content_type="application/pdf",
            size=1,
            sha256=sha,
            storage_key=sha,
            status="processed",
        )
        session.add(document)
        session.commit()
        party = link_parties(session, document, extraction, PartiesConfig())
        store_invoice(session, document, extraction, party)
        return document.id


def test_customers_and_invoices_in_the_contract_shape(
    client: TestClient, settings: Settings
) -> None:
    workspace_id, auth = _workspace(settings, "acme")
    document_id = _book(settings, workspace_id)
    _book(settings, workspace_id, invoice_number="2026-0043", total_amount="50.00")

    listing = client.get("/customers", headers=auth).json()
    assert listing["total"] == 1
    [customer] = listing["items"]
    for key in ("id", "name", "address", "vat_number", "iban", "coc_number", "invoice_ids"):
        assert key in customer
    assert customer["vat_number"] == SELLER_VAT and customer["iban"] == SELLER_IBAN
    assert len(customer["invoice_ids"]) == 2
    assert client.get(f"/customers/{customer['id']}", headers=auth).json() == customer

    invoices = client.get("/invoices", headers=auth).json()
    assert invoices["total"] == 2
    invoice = next(i for i in invoices["items"] if i["invoice_number"] == "2026-0042")
    expected = {
        "id", "document_id", "customer_id", "direction", "invoice_number", "invoice_date",
        "due_date", "currency", "total_amount", "open_amount", "status",
    }  # fmt: skip
    assert expected <= set(invoice)
    assert (invoice["direction"], invoice["status"], invoice["total_amount"]) == (
        "purchase",
        "open",
        "121.00",
    )
    assert invoice["open_amount"] == "121.00" and invoice["document_id"] == str(document_id)
    assert client.get(f"/invoices/{invoice['id']}", headers=auth).json() == invoice

    document = client.get(f"/documents/{document_id}", headers=auth).json()
    assert (document["customer_id"], document["invoice_id"]) == (customer["id"], invoice["id"])


def test_filters_search_and_pagination(client: TestClient, settings: Settings) -> None:
    workspace_id, auth = _workspace(settings, "acme")
    _book(settings, workspace_id)
    _book(settings, workspace_id, seller_name="Bakkerij De Korenbloem", seller_vat="", seller_iban="",
          seller_address="", invoice_number="K-1", total_amount="10.00")  # fmt: skip
    _book(settings, workspace_id, seller_name="Pietersen Schilderwerken", seller_vat="",
          seller_iban="", seller_address="", invoice_number="P-1", total_amount="20.00")  # fmt: skip

    def names(query: str) -> list[str]:
        return [c["name"] for c in client.get(f"/customers{query}", headers=auth).json()["items"]]

    assert names("?q=korenbloem") == ["Bakkerij De Korenbloem"]
    assert names(f"?q={SELLER_VAT}") == ["Jansen Installatietechniek B.V."]
    assert names("?q=NL91 ABNA 0417 1643 00") == ["Jansen Installatietechniek B.V."]
    page = client.get("/customers?limit=2&offset=2", headers=auth).json()
    assert page["total"] == 3 and len(page["items"]) == 1
    assert names("?limit=2") + names("?limit=2&offset=2") == names("")

    bakker = client.get("/customers?q=korenbloem", headers=auth).json()["items"][0]["id"]
    by_customer = client.get(f"/invoices?customer_id={bakker}", headers=auth).json()
    assert [i["invoice_number"] for i in by_customer["items"]] == ["K-1"]
    assert client.get("/invoices?status=paid", headers=auth).json()["total"] == 0
    assert client.get("/invoices?status=open&limit=1", headers=auth).json()["total"] == 3
    assert client.get("/invoices?status=bogus", headers=auth).status_code == 422


def test_another_workspaces_ids_answer_404(client: TestClient, settings: Settings) -> None:
    ours, auth = _workspace(settings, "acme")
    theirs, their_auth = _workspace(settings, "other")
    _book(settings, theirs)
    their_customer = client.get("/customers", headers=their_auth).json()["items"][0]
    their_invoice = client.get("/invoices", headers=their_auth).json()["items"][0]

    assert client.get("/customers", headers=auth).json() == {"items": [], "total": 0}
    assert client.get("/invoices", headers=auth).json() == {"items": [], "total": 0}
    for path in (f"/customers/{their_customer['id']}", f"/invoices/{their_invoice['id']}"):
        response = client.get(path, headers=auth)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    _book(settings, ours, seller_vat="", seller_iban="", seller_name="Eigen Leverancier")
    mine = client.get("/customers", headers=auth).json()["items"][0]["id"]
    merge = client.post(
        f"/customers/{mine}/merge", headers=auth, json={"into": their_customer["id"]}
    )
    assert merge.status_code == 404
    assert client.get("/customers", headers=auth).status_code == 200
    assert client.get("/customers").status_code == 401


def test_merge_over_http_moves_invoices_and_a_correction_sticks(
    client: TestClient, settings: Settings
) -> None:
    workspace_id, auth = _workspace(settings, "acme")
    _book(settings, workspace_id)
    _book(settings, workspace_id, seller_name="Jansen Instal. Techniek", seller_vat="",
          seller_iban="NL02ABNA0123456789", seller_address="", invoice_number="X-9")  # fmt: skip
    items = client.get("/customers", headers=auth).json()["items"]
    keep = next(c for c in items if c["vat_number"] == SELLER_VAT)
    dup = next(c for c in items if c["vat_number"] is None)

    response = client.post(f"/customers/{dup['id']}/merge", headers=auth, json={"into": keep["id"]})
    assert response.status_code == 200
    merged = response.json()
    assert merged["id"] == keep["id"] and len(merged["invoice_ids"]) == 2
    assert set(merged["ibans"]) == {SELLER_IBAN, "NL02ABNA0123456789"}
    assert client.get("/customers", headers=auth).json()["total"] == 1
    again = client.post(f"/customers/{dup['id']}/merge", headers=auth, json={"into": keep["id"]})
    assert again.status_code == 409

    # a person's correction is kept when the next document comes in
    patched = client.patch(f"/customers/{keep['id']}", headers=auth, json={"name": "Jansen IT"})
    assert patched.status_code == 200 and patched.json()["name"] == "Jansen IT"
    _book(settings, workspace_id, invoice_number="2026-0099")
    after = client.get(f"/customers/{keep['id']}", headers=auth).json()
    assert after["name"] == "Jansen IT" and len(after["invoice_ids"]) == 3
    # the merged record's name still finds the survivor
    _book(settings, workspace_id, seller_name="Jansen Instal. Techniek", seller_vat="",
          seller_iban="", seller_address="", invoice_number="X-10")  # fmt: skip
    assert client.get("/customers", headers=auth).json()["total"] == 1
