"""Users, passwords, the audit log and the 0004 migration, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from boekstuk.cli import main
from boekstuk.config import get_settings
from boekstuk.db.migrate import alembic_config, upgrade
from boekstuk.db.models import AuditEntry, User
from boekstuk.db.session import get_engine, session_scope
from boekstuk.domain.accounts import Role
from boekstuk.domain.errors import BoekstukError, ConflictError, ErrorCode
from boekstuk.services import audit
from boekstuk.services.users import authenticate, create_user
from boekstuk.services.workspaces import create_workspace

PASSWORD = "correct horse battery"


@pytest.fixture
def workspace_id(session: Session) -> uuid.UUID:
    workspace = create_workspace(session, f"ws-{uuid.uuid4().hex[:8]}")
    return workspace.id


def test_a_user_signs_in_with_any_case_of_the_address(
    session: Session, workspace_id: uuid.UUID
) -> None:
    user = create_user(session, workspace_id, " Ann@Example.COM ", PASSWORD, "reviewer")
    assert (user.email, user.role, user.is_active) == ("ann@example.com", "reviewer", True)
    assert PASSWORD not in user.password_hash and user.password_hash.startswith("$argon2id$")
    assert authenticate(session, "ANN@example.com", PASSWORD) is user
    assert authenticate(session, "ann@example.com", PASSWORD + "x") is None
    assert authenticate(session, "bob@example.com", PASSWORD) is None


def test_an_inactive_user_cannot_sign_in(session: Session, workspace_id: uuid.UUID) -> None:
    user = create_user(session, workspace_id, "ann@example.com", PASSWORD, Role.UPLOADER)
    user.is_active = False
    session.flush()
    assert authenticate(session, "ann@example.com", PASSWORD) is None


def test_an_address_is_taken_once_over_all_workspaces(
    session: Session, workspace_id: uuid.UUID
) -> None:
    other = create_workspace(session, "other").id
    create_user(session, workspace_id, "ann@example.com", PASSWORD, "admin")
    with pytest.raises(ConflictError):
        create_user(session, other, "ANN@example.com", PASSWORD, "admin")


@pytest.mark.parametrize(
    ("email", "password", "role"),
    [
        ("not-an-address", PASSWORD, "admin"),
        ("ann@example.com", "short", "admin"),
        ("ann@example.com", PASSWORD, "boss"),
    ],
)
def test_bad_input_is_a_validation_error(
    session: Session, workspace_id: uuid.UUID, email: str, password: str, role: str
) -> None:
    with pytest.raises(BoekstukError) as caught:
        create_user(session, workspace_id, email, password, role)
    assert caught.value.code is ErrorCode.VALIDATION_ERROR


def test_audit_entries_are_kept_and_filtered_per_workspace(
    session: Session, workspace_id: uuid.UUID
) -> None:
    other = create_workspace(session, "other").id
    doc = uuid.uuid4()
    audit.record(session, workspace_id, "user:ann@example.com", "upload", "document", doc)
    audit.record(session, workspace_id, "key:ci", "delete", "document", doc, {"why": "test"})
    audit.record(session, workspace_id, "key:ci", "match", "transaction", uuid.uuid4())
    audit.record(session, other, "key:ci", "upload", "document", doc)
    session.commit()

    rows, total = audit.entries(session, workspace_id)
    assert total == 3 and [r.action for r in rows] == ["match", "delete", "upload"]
    rows, total = audit.entries(session, workspace_id, resource=f"document:{doc}")
    assert total == 2
    rows, total = audit.entries(session, workspace_id, resource="transaction", actor="key:ci")
    assert total == 1 and rows[0].action == "match"
    rows, _ = audit.entries(session, workspace_id, actor="key:ci", resource="document")
    assert rows[0].details == {"why": "test"}


def test_migration_0004_goes_down_and_up_again(database_url: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(database_url), "0003")
    get_engine(database_url).dispose()
    assert "app_user" not in inspect(get_engine(database_url)).get_table_names()
    upgrade(database_url)
    get_engine(database_url).dispose()
    tables = inspect(get_engine(database_url)).get_table_names()
    assert {"app_user", "audit_entry"} <= set(tables)


def test_cli_creates_a_user_and_asks_for_the_password_twice() -> None:
    settings = get_settings()
    settings.ensure_dirs()
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as session:
        create_workspace(session, "acme")
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["user", "create", "--workspace", "acme", "--email", "Ann@Example.com", "--role", "admin"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output  # hidden input is not echoed
    given = runner.invoke(
        main,
        [
            "user",
            "create",
            "--workspace",
            "acme",
            "--email",
            "bob@example.com",
            "--role",
            "uploader",
            "--password",
            PASSWORD,
        ],
    )
    assert given.exit_code == 0, given.output
    taken = runner.invoke(
        main,
        [
            "user",
            "create",
            "--workspace",
            "acme",
            "--email",
            "ann@example.com",
            "--role",
            "admin",
            "--password",
            PASSWORD,
        ],
    )
    assert taken.exit_code != 0 and "exists already" in taken.output
    with session_scope(settings.database_url) as session:
        ann = session.scalar(select(User).where(User.email == "ann@example.com"))
        assert ann is not None and ann.role == "admin"
        assert authenticate(session, "bob@example.com", PASSWORD) is not None
        actions = session.scalars(select(AuditEntry.action)).all()
        assert actions == ["create", "create"]


def test_serve_refuses_to_start_without_a_jwt_secret_in_production(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    binary = Path(sys.executable).with_name("boekstuk")
    env = {**os.environ, "BOEKSTUK_ENV": "production", "BOEKSTUK_DATA_DIR": str(tmp_path)}
    env.pop("BOEKSTUK_JWT_SECRET", None)
    result = subprocess.run(
        [str(binary), "serve", "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert result.returncode == 2
    assert "BOEKSTUK_JWT_SECRET" in result.stderr and result.stderr.strip().count("\n") == 0
