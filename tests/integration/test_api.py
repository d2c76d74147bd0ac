"""The HTTP API in-process (FastAPI TestClient) on the embedded database and broker.

What a client sees: status codes, the contract's JSON shapes and error bodies.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from boekstuk.api.app import create_app
from boekstuk.config import Settings
from boekstuk.db.migrate import upgrade
from boekstuk.db.session import session_scope
from boekstuk.services.workspaces import create_api_key, create_workspace
from tests.factories import SELLER_IBAN, SELLER_VAT, invoice_pdf


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path / "var", max_upload_bytes=200_000, max_files_per_upload=5)
    settings.ensure_dirs()
    upgrade(settings.database_url)
    return settings


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _key(settings: Settings, name: str) -> dict[str, str]:
    with session_scope(settings.database_url) as session:
        workspace = create_workspace(session, name)
        key = create_api_key(session, workspace.id)
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def auth(settings: Settings) -> dict[str, str]:
    return _key(settings, "acme")


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (50, 50), 255).save(buffer, format="PNG")
    return buffer.getvalue()


def test_upload_answers_202_with_the_contract_shape(
    client: TestClient, auth: dict[str, str]
) -> None:
    response = client.post(
        "/upload",
        headers=auth,
        files=[("files", ("factuur.pdf", invoice_pdf(), "application/pdf"))],
    )
    assert response.status_code == 202
    [doc] = response.json()["documents"]
    assert set(doc) == {"id", "filename", "sha256", "status", "duplicate_of"}
    assert doc["status"] == "queued" and doc["filename"] == "factuur.pdf"
    detail = client.get(f"/documents/{doc['id']}", headers=auth).json()
    for key in (
        "id",
        "filename",
        "status",
        "document_type",
        "error",
        "extraction",
        "customer_id",
        "invoice_id",
        "statement_id",
        "created_at",
        "processed_at",
    ):
        assert key in detail
    assert detail["content_type"] == "application/pdf"


def test_several_files_in_one_upload(client: TestClient, auth: dict[str, str]) -> None:
    files = [("files", (f"f{i}.pdf", invoice_pdf(f"N-{i}"), "application/pdf")) for i in range(3)]
    response = client.post("/upload", headers=auth, files=files)
    assert response.status_code == 202
    assert len({d["id"] for d in response.json()["documents"]}) == 3
    listing = client.get("/documents?status=queued&limit=2", headers=auth).json()
    assert listing["total"] == 3 and len(listing["items"]) == 2


def test_the_real_type_is_detected_not_the_extension(
    client: TestClient, auth: dict[str, str]
) -> None:
    response = client.post(
        "/upload", headers=auth, files=[("files", ("invoice.pdf", _png(), "application/pdf"))]
    )
    doc_id = response.json()["documents"][0]["id"]
    assert client.get(f"/documents/{doc_id}", headers=auth).json()["content_type"] == "image/png"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"\x00\x01\x02 definitely not a document \xff\xfe" * 20, "unsupported_type"),
    ],
)
def test_unreadable_files_are_kept_as_failed_documents_with_a_reason(
    client: TestClient, auth: dict[str, str], data: bytes, code: str
) -> None:
    response = client.post("/upload", headers=auth, files=[("files", ("x.pdf", data))])
    assert response.status_code == 202
    doc = response.json()["documents"][0]
    assert doc["status"] == "failed"
    detail = client.get(f"/documents/{doc['id']}", headers=auth).json()
    assert detail["error"]["code"] == code and detail["error"]["message"]
    assert client.get(f"/documents/{doc['id']}/file", headers=auth).content == data


def test_a_file_over_the_limit_is_refused_with_413(
    client: TestClient, auth: dict[str, str], settings: Settings
) -> None:
    big = invoice_pdf(padding_kb=300)
    response = client.post("/upload", headers=auth, files=[("files", ("big.pdf", big))])
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "file_too_large"
    assert client.get("/documents", headers=auth).json()["total"] == 0
    assert not list((settings.files_dir / ".incoming").glob("*"))  # nothing left behind


def test_too_many_files_are_refused(client: TestClient, auth: dict[str, str]) -> None:
    files = [("files", (f"{i}.pdf", invoice_pdf(f"T-{i}"))) for i in range(6)]
    response = client.post("/upload", headers=auth, files=files)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_many_files"


def test_hostile_file_names_are_cleaned(client: TestClient, auth: dict[str, str]) -> None:
    boundary = "xyzzy"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
        f'filename="../../etc/pass\x07wd.pdf"\r\n\r\n'
    ).encode()
    body += invoice_pdf("P-1") + f"\r\n--{boundary}--\r\n".encode()
    response = client.post(
        "/upload",
        content=body,
        headers={**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.json()["documents"][0]["filename"] == "passwd.pdf"


def test_upload_without_files_is_a_clear_400(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post("/upload", headers=auth, data={"other": "x"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer bk_not-a-real-key", "Basic abc"])
def test_every_endpoint_needs_a_valid_key(client: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    for method, path in [
        ("GET", "/documents"),
        ("GET", f"/documents/{uuid.uuid4()}"),
        ("GET", "/workspace"),
        ("GET", "/metrics"),
        ("POST", "/upload"),
    ]:
        response = client.request(method, path, headers=headers)
        assert response.status_code == 401, path
        assert response.json()["error"]["code"] == "unauthorized"


def test_every_operation_in_the_schema_but_health_and_ready_needs_a_key(
    client: TestClient,
) -> None:
    # read from the OpenAPI schema, so an endpoint added later is covered too
    operations = [
        (method.upper(), path)
        for path, ops in client.app.openapi()["paths"].items()  # type: ignore[attr-defined]
        for method in ops
    ]
    assert len(operations) > 20
    for method, path in operations:
        concrete = path
        for name in ("document_id", "customer_id", "invoice_id", "transaction_id"):
            concrete = concrete.replace(f"{{{name}}}", str(uuid.uuid4()))
        response = client.request(method, concrete, json={})
        if path in ("/health", "/ready"):
            assert response.status_code == 200, path
        elif path in ("/auth/login", "/auth/register"):  # open by design (token, sign-up)
            assert response.status_code == 422, path  # the empty body is refused
        else:
            assert response.status_code == 401, (method, path)
            assert response.json()["error"]["code"] == "unauthorized"


def test_api_keys_are_stored_only_as_their_hash(
    client: TestClient, settings: Settings, auth: dict[str, str]
) -> None:
    import hashlib

    from sqlalchemy import select

    from boekstuk.db.models import ApiKey

    key = auth["Authorization"].removeprefix("Bearer ")
    assert client.get("/workspace", headers=auth).status_code == 200
    with session_scope(settings.database_url) as session:
        (row,) = session.scalars(select(ApiKey)).all()
        assert row.key_hash == hashlib.sha256(key.encode()).hexdigest()
        assert len(row.prefix) < len(key) // 2
    database = Path(settings.database_url.removeprefix("sqlite:///"))
    files = list(database.parent.glob(database.name + "*"))  # with -wal / -journal
    assert files and all(key.encode() not in f.read_bytes() for f in files)


def test_health_and_ready_need_no_key(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "broker": "ok"}


def test_unknown_document_is_404_in_the_error_shape(
    client: TestClient, auth: dict[str, str]
) -> None:
    response = client.get(f"/documents/{uuid.uuid4()}", headers=auth)
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "no such document"}}


def test_workspace_profile_round_trip_and_validation(
    client: TestClient, auth: dict[str, str]
) -> None:
    body = {
        "legal_name": "Acme B.V.",
        "vat_number": "nl 0000.99998.b57",
        "ibans": ["nl91 abna 0417 1643 00"],
    }
    response = client.put("/workspace", headers=auth, json=body)
    assert response.status_code == 200
    assert response.json()["vat_number"] == SELLER_VAT
    assert response.json()["ibans"] == [SELLER_IBAN]
    assert client.get("/workspace", headers=auth).json()["legal_name"] == "Acme B.V."

    bad = client.put("/workspace", headers=auth, json={"vat_number": "NL123456789B01"})
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "validation_error"


def test_metrics_count_the_workspace_documents(client: TestClient, auth: dict[str, str]) -> None:
    client.post("/upload", headers=auth, files=[("files", ("a.pdf", invoice_pdf("M-1")))])
    text = client.get("/metrics", headers=auth).text
    assert 'boekstuk_documents{status="queued"} 1.0' in text
    assert "boekstuk_queue_depth" in text


def test_reprocess_is_idempotent_and_only_for_finished_documents(
    client: TestClient, auth: dict[str, str]
) -> None:
    doc = client.post("/upload", headers=auth, files=[("files", ("e.pdf", b""))]).json()[
        "documents"
    ][0]
    assert doc["status"] == "failed"
    first = client.post(f"/documents/{doc['id']}/reprocess", headers=auth)
    second = client.post(f"/documents/{doc['id']}/reprocess", headers=auth)
    assert first.status_code == second.status_code == 202
    assert first.json()["status"] == second.json()["status"] == "queued"


def test_answers_carry_security_headers(client: TestClient, auth: dict[str, str]) -> None:
    response = client.get("/documents", headers=auth)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


def test_uploads_beyond_the_rate_limit_get_429(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "rl", upload_rate_per_second=0.01, upload_burst=2)
    settings.ensure_dirs()
    upgrade(settings.database_url)
    auth = _key(settings, "busy")
    with TestClient(create_app(settings)) as limited:
        codes = [
            limited.post(
                "/upload", headers=auth, files=[("files", (f"{i}.pdf", invoice_pdf(f"R-{i}")))]
            ).status_code
            for i in range(3)
        ]
        assert codes == [202, 202, 429]
        refused = limited.post("/upload", headers=auth, files=[("files", ("x.pdf", b"x"))])
        assert refused.json()["error"]["code"] == "rate_limited"
        assert int(refused.headers["retry-after"]) >= 1
