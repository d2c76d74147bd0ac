"""User management over HTTP and the CLI, on SQLite and PostgreSQL.

``GET /users``, ``PATCH /users/{id}``, ``POST /users/{id}/password`` (admins, own workspace
only), ``POST /auth/password`` (one's own), the last-admin rule (409), roles (403), and the
audit entries for changes and sign-in attempts; ``boekstuk user list`` and ``set-role``.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from boekstuk.api.app import create_app
from boekstuk.cli import main
from boekstuk.config import Settings, get_settings
from boekstuk.db.session import session_scope
from boekstuk.services.users import authenticate
from tests.bookkeeping import Books

PASSWORD = "correct horse battery"
NEW_PASSWORD = "staple battery horse"


@pytest.fixture
def books(settings: Settings) -> Books:
    return Books(settings, "acme")


def register(client: TestClient, auth: dict[str, str], email: str, role: str) -> str:
    """Register a user with the admin's ``auth``; its id."""
    made = client.post(
        "/auth/register", json={"email": email, "password": PASSWORD, "role": role}, headers=auth
    )
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def login(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def audit(client: TestClient, auth: dict[str, str], query: str = "") -> list[dict[str, Any]]:
    response = client.get(f"/audit{query}", headers=auth)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_an_admin_lists_the_users_of_their_own_workspace(
    client: TestClient, books: Books, settings: Settings
) -> None:
    other = Books(settings, "other")
    ann = register(client, books.auth, "ann@example.com", "admin")
    register(client, books.auth, "bob@example.com", "uploader")
    register(client, other.auth, "eve@example.com", "admin")

    for auth in (books.auth, login(client, "ann@example.com")):
        listed = client.get("/users", headers=auth)
        assert listed.status_code == 200, listed.text
        body = listed.json()
        assert body["total"] == 2
        by_email = {u["email"]: u for u in body["items"]}
        assert set(by_email) == {"ann@example.com", "bob@example.com"}
        assert set(by_email["ann@example.com"]) == {
            "id",
            "email",
            "role",
            "is_active",
            "created_at",
        }
        assert (by_email["ann@example.com"]["id"], by_email["bob@example.com"]["role"]) == (
            ann,
            "uploader",
        )
        assert all(u["is_active"] for u in body["items"])
    page = client.get("/users?limit=1&offset=1", headers=books.auth).json()
    assert page["total"] == 2 and len(page["items"]) == 1
    theirs = client.get("/users", headers=other.auth).json()
    assert [u["email"] for u in theirs["items"]] == ["eve@example.com"]


def test_another_workspaces_user_is_404(
    client: TestClient, books: Books, settings: Settings
) -> None:
    other = Books(settings, "other")
    ann = register(client, books.auth, "ann@example.com", "uploader")
    for user_id in (ann, str(uuid.uuid4())):
        patched = client.patch(f"/users/{user_id}", json={"role": "admin"}, headers=other.auth)
        assert patched.status_code == 404 and patched.json()["error"]["code"] == "not_found"
        reset = client.post(
            f"/users/{user_id}/password", json={"password": NEW_PASSWORD}, headers=other.auth
        )
        assert reset.status_code == 404 and reset.json()["error"]["code"] == "not_found"
    listed = client.get("/users", headers=books.auth).json()["items"]
    assert [(u["email"], u["role"]) for u in listed] == [("ann@example.com", "uploader")]
    login(client, "ann@example.com")  # the password did not change
    assert audit(client, other.auth, "?resource=user") == []


def test_only_an_admin_manages_users(client: TestClient, books: Books) -> None:
    ann = register(client, books.auth, "ann@example.com", "uploader")
    uploader = login(client, "ann@example.com")
    register(client, books.auth, "rev@example.com", "reviewer")
    reviewer = login(client, "rev@example.com")
    for auth in (uploader, reviewer):
        calls = [
            client.get("/users", headers=auth),
            client.patch(f"/users/{ann}", json={"role": "admin"}, headers=auth),
            client.post(f"/users/{ann}/password", json={"password": NEW_PASSWORD}, headers=auth),
        ]
        for response in calls:
            assert response.status_code == 403, response.text
            assert response.json()["error"]["code"] == "forbidden"
    assert client.get("/users").status_code == 401
    assert client.get("/auth/me", headers=uploader).json()["role"] == "uploader"


def test_role_changes_and_deactivation_take_effect_at_once(
    client: TestClient, books: Books
) -> None:
    ann = register(client, books.auth, "ann@example.com", "uploader")
    token = login(client, "ann@example.com")
    nowhere = f"/documents/{uuid.uuid4()}"
    assert client.delete(nowhere, headers=token).status_code == 403

    promoted = client.patch(f"/users/{ann}", json={"role": "reviewer"}, headers=books.auth)
    assert promoted.status_code == 200, promoted.text
    assert (promoted.json()["role"], promoted.json()["is_active"]) == ("reviewer", True)
    assert client.delete(nowhere, headers=token).status_code == 404  # same token, new role

    unchanged = client.patch(f"/users/{ann}", json={}, headers=books.auth)
    assert unchanged.status_code == 200 and unchanged.json()["role"] == "reviewer"

    off = client.patch(f"/users/{ann}", json={"is_active": False}, headers=books.auth)
    assert off.status_code == 200 and off.json()["is_active"] is False
    stopped = client.get("/auth/me", headers=token)
    assert stopped.status_code == 401 and stopped.json()["error"]["code"] == "unauthorized"
    refused = client.post("/auth/login", json={"email": "ann@example.com", "password": PASSWORD})
    assert refused.status_code == 401

    back = client.patch(
        f"/users/{ann}", json={"is_active": True, "role": "uploader"}, headers=books.auth
    )
    assert back.status_code == 200 and back.json()["role"] == "uploader"
    assert client.get("/auth/me", headers=login(client, "ann@example.com")).status_code == 200

    bad = client.patch(f"/users/{ann}", json={"role": "boss"}, headers=books.auth)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error"

    updates = audit(client, books.auth, "?action=update")
    assert [e["details"]["changes"] for e in reversed(updates)] == [
        {"role": ["uploader", "reviewer"]},
        {"is_active": [True, False]},
        {"role": ["reviewer", "uploader"], "is_active": [False, True]},
    ]
    assert {(e["actor"], e["resource_type"], e["resource_id"]) for e in updates} == {
        ("key:default", "user", ann)
    }


def test_the_last_active_admin_stays_an_active_admin(client: TestClient, books: Books) -> None:
    boss = register(client, books.auth, "boss@example.com", "admin")
    auth = login(client, "boss@example.com")
    for change in ({"role": "reviewer"}, {"is_active": False}):
        for caller in (auth, books.auth):  # themselves, or a key of the workspace
            refused = client.patch(f"/users/{boss}", json=change, headers=caller)
            assert refused.status_code == 409, refused.text
            error = refused.json()["error"]
            assert error["code"] == "conflict" and "last active admin" in error["message"]
    assert client.get("/auth/me", headers=auth).json()["role"] == "admin"

    second = register(client, books.auth, "second@example.com", "admin")
    off = client.patch(f"/users/{second}", json={"is_active": False}, headers=auth)
    assert off.status_code == 200  # another admin remains
    # an inactive admin does not count: boss is the last active one again
    assert client.patch(f"/users/{boss}", json={"role": "uploader"}, headers=auth).status_code == (
        409
    )
    assert client.patch(f"/users/{second}", json={"is_active": True}, headers=auth).json()[
        "is_active"
    ]
    demoted = client.patch(f"/users/{boss}", json={"role": "uploader"}, headers=auth)
    assert demoted.status_code == 200 and demoted.json()["role"] == "uploader"
    assert client.get("/users", headers=auth).status_code == 403  # lost the right at once
    assert [e["action"] for e in audit(client, books.auth, "?action=update")] == [
        "update",
        "update",
        "update",
    ]


def test_an_admin_sets_a_password_and_a_user_changes_their_own(
    client: TestClient, books: Books, settings: Settings
) -> None:
    ann = register(client, books.auth, "ann@example.com", "uploader")
    reset = client.post(
        f"/users/{ann}/password", json={"password": NEW_PASSWORD}, headers=books.auth
    )
    assert reset.status_code == 204 and reset.content == b""
    refused = client.post("/auth/login", json={"email": "ann@example.com", "password": PASSWORD})
    assert refused.status_code == 401
    auth = login(client, "ann@example.com", NEW_PASSWORD)
    short = client.post(f"/users/{ann}/password", json={"password": "short"}, headers=books.auth)
    assert short.status_code == 422 and short.json()["error"]["code"] == "validation_error"

    wrong = client.post(
        "/auth/password",
        json={"current_password": "not it at all", "new_password": PASSWORD},
        headers=auth,
    )
    assert wrong.status_code == 403 and "current password" in wrong.json()["error"]["message"]
    changed = client.post(
        "/auth/password",
        json={"current_password": NEW_PASSWORD, "new_password": PASSWORD},
        headers=auth,
    )
    assert changed.status_code == 204, changed.text
    login(client, "ann@example.com", PASSWORD)
    key = client.post(
        "/auth/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=books.auth,
    )
    assert key.status_code == 403 and key.json()["error"]["code"] == "forbidden"
    assert client.post("/auth/password", json={}).status_code in (401, 422)
    with session_scope(settings.database_url) as session:
        assert authenticate(session, "ann@example.com", PASSWORD) is not None

    entries = audit(client, books.auth, f"?resource=user:{ann}")
    actions = [(e["action"], e["actor"]) for e in entries if "password" in e["action"]]
    assert actions == [
        ("change_password", "user:ann@example.com"),
        ("set_password", "key:default"),
    ]
    text = json.dumps(entries)
    assert PASSWORD not in text and NEW_PASSWORD not in text


def test_sign_in_attempts_are_in_the_audit_log(client: TestClient, books: Books) -> None:
    ann = register(client, books.auth, "ann@example.com", "uploader")
    login(client, "ann@example.com")
    client.post("/auth/login", json={"email": "ANN@example.com", "password": "a wrong guess"})
    client.post("/auth/login", json={"email": "nobody@example.com", "password": "a wrong guess"})
    client.patch(f"/users/{ann}", json={"is_active": False}, headers=books.auth)
    client.post("/auth/login", json={"email": "ann@example.com", "password": PASSWORD})

    entries = list(reversed(audit(client, books.auth, "?resource=user")))
    attempts = [e for e in entries if e["action"].startswith("login")]
    assert [(e["action"], e["actor"], e["resource_id"]) for e in attempts] == [
        ("login", "user:ann@example.com", ann),
        ("login_failed", "anonymous", ann),
        ("login_failed", "anonymous", ann),
    ]
    assert [e["details"].get("reason") for e in attempts] == [None, "wrong_password", "inactive"]
    for entry in attempts:
        assert entry["details"]["email"] == "ann@example.com"
        assert entry["details"]["client"] == "testclient"  # the TestClient's address
    text = json.dumps(entries)
    assert PASSWORD not in text and "a wrong guess" not in text and "nobody@" not in text


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("BOEKSTUK_DATABASE_URL", database_url)
    get_settings.cache_clear()
    return database_url


def test_cli_lists_users_and_sets_roles(cli_database: str) -> None:
    settings = Settings(database_url=cli_database)
    Books(settings, "acme")
    Books(settings, "other")
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(main, ["user", *args])

    for workspace, email, role in (
        ("acme", "boss@example.com", "admin"),
        ("acme", "ann@example.com", "uploader"),
        ("other", "eve@example.com", "admin"),
    ):
        made = run(
            "create",
            *("--workspace", workspace, "--email", email, "--role", role, "--password", PASSWORD),
        )
        assert made.exit_code == 0, made.output

    listed = run("list", "--workspace", "acme")
    assert listed.exit_code == 0, listed.output
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert sorted(r[:3] for r in rows) == [
        ["ann@example.com", "uploader", "active"],
        ["boss@example.com", "admin", "active"],
    ]

    acme = ("--workspace", "acme")
    promoted = run("set-role", *acme, "--email", "ANN@example.com", "--role", "reviewer")
    assert promoted.exit_code == 0, promoted.output
    assert promoted.stdout.split() == ["ann@example.com", "reviewer", "active"]
    off = run("set-role", *acme, "--email", "ann@example.com", "--deactivate")
    assert off.exit_code == 0 and off.stdout.split()[2] == "inactive"
    on = run("set-role", *acme, "--email", "ann@example.com", "--activate", "--role", "admin")
    assert on.exit_code == 0 and on.stdout.split()[1:] == ["admin", "active"]

    last = run("set-role", "--workspace", "other", "--email", "eve@example.com", "--deactivate")
    assert last.exit_code == 1 and "last active admin" in last.output
    elsewhere = run("set-role", *acme, "--email", "eve@example.com", "--role", "uploader")
    assert elsewhere.exit_code == 1 and "no user" in elsewhere.output
    nothing = run("set-role", *acme, "--email", "ann@example.com")
    assert nothing.exit_code == 2
    unknown = run("list", "--workspace", "nope")
    assert unknown.exit_code == 1 and "no workspace" in unknown.output

    with TestClient(create_app(get_settings())) as client:
        entries = audit(client, Books(settings, "audit-reader").auth)
        assert entries == []  # another workspace's log stays its own
        boss = login(client, "boss@example.com")
        updates = audit(client, boss, "?action=update")
    assert [(e["actor"], e["details"]["changes"]) for e in reversed(updates)] == [
        ("cli", {"role": ["uploader", "reviewer"]}),
        ("cli", {"is_active": [True, False]}),
        ("cli", {"role": ["reviewer", "admin"], "is_active": [False, True]}),
    ]
