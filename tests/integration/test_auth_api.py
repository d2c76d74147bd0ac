"""Users over HTTP: register, log in, who am I, roles (403), bad tokens (401), rate limit.

On SQLite and PostgreSQL through the FastAPI TestClient; the ledger (a workspace with a key,
invoices and payments) comes from the transactions API tests.
"""

from __future__ import annotations

import time
import uuid

import jwt
import pytest
from fastapi.testclient import TestClient

from boekstuk.api.app import create_app
from boekstuk.config import Settings
from boekstuk.db.models import User
from boekstuk.db.session import session_scope
from boekstuk.services.tokens import issue_token
from boekstuk.services.users import create_user, user_by_email
from tests.integration.test_transactions_api import Ledger

PASSWORD = "correct horse battery"


@pytest.fixture
def ledger(settings: Settings) -> Ledger:
    return Ledger(settings, "acme")


def register(client: TestClient, auth: dict[str, str], email: str, role: str) -> dict[str, str]:
    """Register a user with the admin's ``auth``, log in, and return its Bearer header."""
    made = client.post(
        "/auth/register", json={"email": email, "password": PASSWORD, "role": role}, headers=auth
    )
    assert made.status_code == 201, made.text
    return login(client, email)


def login(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_register_login_and_me(client: TestClient, ledger: Ledger, settings: Settings) -> None:
    made = client.post(
        "/auth/register",
        json={"email": "Ann@Example.com", "password": PASSWORD, "role": "reviewer"},
        headers=ledger.auth,
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["email"], body["role"], body["kind"]) == ("ann@example.com", "reviewer", "user")
    assert body["workspace"]["name"] == "acme"

    token = client.post("/auth/login", json={"email": "ANN@example.com", "password": PASSWORD})
    assert token.status_code == 200
    answer = token.json()
    assert set(answer) == {"access_token", "token_type", "expires_in"}
    assert answer["token_type"] == "bearer" and answer["expires_in"] == settings.jwt_expiry_seconds
    auth = {"Authorization": f"Bearer {answer['access_token']}"}
    me = client.get("/auth/me", headers=auth).json()
    assert me == {**body, "actor": "user:ann@example.com"}
    # a login token works on every endpoint, in its own workspace
    assert client.get("/transactions", headers=auth).json()["total"] == 3

    key_me = client.get("/auth/me", headers=ledger.auth).json()
    assert (key_me["kind"], key_me["role"], key_me["id"]) == ("api_key", "admin", None)
    assert key_me["actor"] == "key:default"


def test_wrong_passwords_and_unknown_addresses_are_401(client: TestClient, ledger: Ledger) -> None:
    register(client, ledger.auth, "ann@example.com", "uploader")
    for email, password in (("ann@example.com", "wrong password"), ("bob@example.com", PASSWORD)):
        response = client.post("/auth/login", json={"email": email, "password": password})
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"


def test_registration_needs_an_admin_unless_open(client: TestClient, ledger: Ledger) -> None:
    body = {"email": "eve@example.com", "password": PASSWORD, "workspace": "eve"}
    assert client.post("/auth/register", json=body).status_code == 401
    taken = client.post(
        "/auth/register", json={"email": "x@example.com", "password": PASSWORD}, headers=ledger.auth
    )
    assert taken.status_code == 201
    again = client.post(
        "/auth/register", json={"email": "X@example.com", "password": PASSWORD}, headers=ledger.auth
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    elsewhere = client.post(
        "/auth/register",
        json={"email": "y@example.com", "password": PASSWORD, "workspace": "other"},
        headers=ledger.auth,
    )
    assert elsewhere.status_code == 403


def test_open_registration_makes_a_new_workspace_and_its_admin(
    settings: Settings, ledger: Ledger
) -> None:
    settings.open_registration = True
    with TestClient(create_app(settings)) as client:
        body = {"email": "eve@example.com", "password": PASSWORD, "workspace": "eve"}
        made = client.post("/auth/register", json=body)
        assert made.status_code == 201, made.text
        assert (made.json()["role"], made.json()["workspace"]["name"]) == ("admin", "eve")
        auth = login(client, "eve@example.com")
        assert client.get("/transactions", headers=auth).json()["total"] == 0  # not acme's
        joining = {"email": "mallory@example.com", "password": PASSWORD, "workspace": "acme"}
        assert client.post("/auth/register", json=joining).status_code == 409
        no_name = {"email": "mallory@example.com", "password": PASSWORD}
        assert client.post("/auth/register", json=no_name).status_code == 422


def test_roles_are_enforced_with_403(client: TestClient, ledger: Ledger) -> None:
    uploader = register(client, ledger.auth, "up@example.com", "uploader")
    reviewer = register(client, ledger.auth, "rev@example.com", "reviewer")
    tx, invoice = ledger.transactions[1], ledger.invoices[1]
    customer = client.get("/customers", headers=ledger.auth).json()["items"][0]["id"]
    forbidden_for_uploader = [
        ("post", f"/transactions/{tx}/match", {"invoice_ids": [str(invoice)]}),
        ("post", f"/transactions/{tx}/unmatch", None),
        ("patch", f"/customers/{customer}", {"name": "Other"}),
        ("post", f"/customers/{customer}/merge", {"into": str(uuid.uuid4())}),
        ("delete", f"/documents/{uuid.uuid4()}", None),
        ("put", "/workspace", {"legal_name": "X", "vat_number": None, "ibans": []}),
        ("post", "/auth/register", {"email": "z@example.com", "password": PASSWORD}),
        ("get", "/audit", None),
    ]
    for method, path, body in forbidden_for_uploader:
        kwargs = {"json": body} if body is not None else {}
        response = client.request(method.upper(), path, headers=uploader, **kwargs)
        assert response.status_code == 403, (path, response.text)
        assert response.json()["error"]["code"] == "forbidden"
    # what an uploader may do
    assert client.get("/transactions", headers=uploader).status_code == 200
    assert client.get("/review", headers=uploader).status_code == 200
    # a reviewer decides but does not manage users, the workspace or read the audit log
    matched = client.post(
        f"/transactions/{tx}/match", json={"invoice_ids": [str(invoice)]}, headers=reviewer
    )
    assert matched.status_code == 200, matched.text
    for method, path, body in forbidden_for_uploader[-3:]:
        kwargs = {"json": body} if body is not None else {}
        assert client.request(method.upper(), path, headers=reviewer, **kwargs).status_code == 403


def test_expired_forged_and_stale_tokens_are_401(
    client: TestClient, ledger: Ledger, settings: Settings
) -> None:
    register(client, ledger.auth, "ann@example.com", "admin")
    key = settings.jwt_signing_key()
    with session_scope(settings.database_url) as session:
        ann = user_by_email(session, "ann@example.com")
        assert ann is not None
        expired = issue_token(ann, key, 60, now=time.time() - 3600)
        forged = issue_token(ann, "another secret that is long enough to sign" * 2, 3600)
        fine = issue_token(ann, key, 3600)
    claims = jwt.decode(fine, options={"verify_signature": False})
    unsigned = jwt.encode(claims, "", algorithm="none")
    tampered = jwt.encode({**claims, "role": "admin", "ws": str(uuid.uuid4())}, "g" * 40)
    for token in (expired, forged, unsigned, tampered, "not.a.token", "eyJ"):
        response = client.get("/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["WWW-Authenticate"] == "Bearer"
    assert (
        "expired"
        in client.get("/auth/me", headers={"Authorization": f"Bearer {expired}"}).json()["error"][
            "message"
        ]
    )
    good = {"Authorization": f"Bearer {fine}"}
    assert client.get("/auth/me", headers=good).status_code == 200
    with session_scope(settings.database_url) as session:
        row = user_by_email(session, "ann@example.com")
        assert row is not None
        row.is_active = False
    assert client.get("/auth/me", headers=good).status_code == 401  # deactivated: at once


def test_a_demoted_user_loses_rights_at_once(
    client: TestClient, ledger: Ledger, settings: Settings
) -> None:
    auth = register(client, ledger.auth, "ann@example.com", "admin")
    assert client.get("/audit", headers=auth).status_code == 200
    with session_scope(settings.database_url) as session:
        row = user_by_email(session, "ann@example.com")
        assert isinstance(row, User)
        row.role = "uploader"
    assert client.get("/audit", headers=auth).status_code == 403


def test_sign_in_is_rate_limited(settings: Settings, ledger: Ledger) -> None:
    settings.login_burst = 3
    settings.login_rate_per_second = 0.01
    with session_scope(settings.database_url) as session:
        from boekstuk.services.workspaces import get_workspace

        create_user(
            session, get_workspace(session, "acme").id, "ann@example.com", PASSWORD, "admin"
        )
    with TestClient(create_app(settings)) as client:
        codes = [
            client.post(
                "/auth/login", json={"email": "ann@example.com", "password": "wrong"}
            ).status_code
            for _ in range(4)
        ]
        assert codes == [401, 401, 401, 429]
        limited = client.post(
            "/auth/login", json={"email": "ann@example.com", "password": PASSWORD}
        )
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
        assert limited.json()["error"]["code"] == "rate_limited"
