"""``boekstuk user …``: create, list and change the users of a workspace from the shell.

In: a workspace name and an e-mail address (and a role or active flag). Out: the new user's
id, or one tab-separated line per user, on stdout. A refused change (unknown workspace or
user, the last active admin, a bad role or password) ends with its sentence and exit code 1.
Every change is in the workspace's audit log with the actor ``cli``.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click

from boekstuk.config import Settings

ROLES = click.Choice(["admin", "reviewer", "uploader"])
CLI_ACTOR = "cli"


def _settings() -> Settings:
    from boekstuk.cli import _settings as load  # not at the top: boekstuk.cli imports this

    return load()


def _utc_text(moment: datetime) -> str:
    # SQLite gives naive UTC; PostgreSQL may give an aware time in the session's zone
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="seconds")


@click.group()
def user() -> None:
    """Manage users (people who sign in with e-mail and password)."""


@user.command("create")
@click.option("--workspace", "workspace_name", required=True)
@click.option("--email", required=True)
@click.option(
    "--role",
    required=True,
    type=ROLES,
    help="admin: everything; reviewer: decide and delete; uploader: upload and read",
)
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="asked for (hidden, twice) when not given",
)
def user_create(workspace_name: str, email: str, role: str, password: str) -> None:
    """Create a user in a workspace and print its id."""
    from boekstuk.db.session import session_scope
    from boekstuk.domain.errors import BoekstukError
    from boekstuk.services import audit
    from boekstuk.services.users import create_user
    from boekstuk.services.workspaces import get_workspace

    settings = _settings()
    try:
        with session_scope(settings.database_url) as session:
            ws = get_workspace(session, workspace_name)
            created = create_user(session, ws.id, email, password, role)
            audit.record(
                session,
                ws.id,
                CLI_ACTOR,
                "create",
                "user",
                created.id,
                {"email": created.email, "role": created.role},
            )
            user_id = str(created.id)
    except BoekstukError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(user_id)


@user.command("list")
@click.option("--workspace", "workspace_name", required=True)
def user_list(workspace_name: str) -> None:
    """Print the workspace's users: e-mail, role, active or inactive, created (UTC)."""
    from boekstuk.db.session import session_scope
    from boekstuk.domain.errors import BoekstukError
    from boekstuk.services.users import workspace_users
    from boekstuk.services.workspaces import get_workspace

    settings = _settings()
    lines: list[str] = []
    try:
        with session_scope(settings.database_url) as session:
            ws = get_workspace(session, workspace_name)
            offset = 0
            while True:
                rows, total = workspace_users(session, ws.id, limit=500, offset=offset)
                for row in rows:
                    state = "active" if row.is_active else "inactive"
                    created = _utc_text(row.created_at)
                    lines.append(f"{row.email}\t{row.role}\t{state}\t{created}")
                offset += len(rows)
                if not rows or offset >= total:
                    break
    except BoekstukError as exc:
        raise click.ClickException(exc.message) from exc
    for line in lines:
        click.echo(line)


@user.command("set-role")
@click.option("--workspace", "workspace_name", required=True)
@click.option("--email", required=True)
@click.option("--role", default=None, type=ROLES, help="the new role")
@click.option(
    "--activate/--deactivate",
    "active",
    default=None,
    help="let the user sign in again, or stop them at once (their tokens stop working)",
)
def user_set_role(workspace_name: str, email: str, role: str | None, active: bool | None) -> None:
    """Change a user's role and/or active flag (the last active admin stays one)."""
    from boekstuk.db.session import session_scope
    from boekstuk.domain.errors import BoekstukError
    from boekstuk.services import audit
    from boekstuk.services.users import change_user, workspace_user_by_email
    from boekstuk.services.workspaces import get_workspace

    if role is None and active is None:
        raise click.UsageError("give --role, --activate or --deactivate")
    settings = _settings()
    try:
        with session_scope(settings.database_url) as session:
            ws = get_workspace(session, workspace_name)
            target = workspace_user_by_email(session, ws.id, email)
            changes = change_user(session, target, role, active)
            if changes:
                audit.record(
                    session,
                    ws.id,
                    CLI_ACTOR,
                    "update",
                    "user",
                    target.id,
                    {"email": target.email, "changes": changes},
                )
            summary = f"{target.email}\t{target.role}\t" + (
                "active" if target.is_active else "inactive"
            )
    except BoekstukError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(summary)
