"""Users: create them, check their password, find them again, change role, state or password.

In: a session, an e-mail address, a password, a role. Out: :class:`~boekstuk.db.models.User`
rows. Raises :class:`~boekstuk.domain.errors.ConflictError` for an e-mail address that is
taken or a change that would leave a workspace without an active admin,
:class:`~boekstuk.domain.errors.NotFoundError` for a user outside the workspace, a
``forbidden`` error for a wrong current password, and a ``validation_error``
:class:`~boekstuk.domain.errors.BoekstukError` for a bad address, a short password or an
unknown role. Nothing here commits; callers write the audit entry in the same transaction.

Passwords are hashed with argon2id (argon2-cffi's defaults, rehashed on sign-in when those
defaults grow). Signing in with an unknown address costs as much time as with a known one,
so the answer's timing does not tell which addresses exist.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Sequence
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boekstuk.db.models import User
from boekstuk.domain.accounts import Role, normalize_email
from boekstuk.domain.errors import BoekstukError, ConflictError, ErrorCode, NotFoundError

logger = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    return _hasher().hash("not a password anyone has")


def hash_password(password: str) -> str:
    """The stored form of a password (argon2id, salted)."""
    return _hasher().hash(password)


def check_password_rules(password: str) -> None:
    """Refuse a password that is too short or absurdly long."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise BoekstukError(
            f"a password needs {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters",
            ErrorCode.VALIDATION_ERROR,
        )


def parse_role(role: str) -> Role:
    """The :class:`Role` called ``role``."""
    try:
        return Role(role)
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise BoekstukError(
            f"role must be one of {names}, not {role!r}", ErrorCode.VALIDATION_ERROR
        ) from None


def create_user(
    session: Session, workspace_id: uuid.UUID, email: str, password: str, role: Role | str
) -> User:
    """Create an active user of the workspace; the address must be free."""
    address = normalize_email(email)
    if len(address) > 320 or not _EMAIL.match(address):
        raise BoekstukError(f"{email!r} is not an e-mail address", ErrorCode.VALIDATION_ERROR)
    check_password_rules(password)
    chosen = parse_role(role) if isinstance(role, str) else role
    if user_by_email(session, address) is not None:
        raise ConflictError(f"a user with e-mail {address!r} exists already")
    user = User(
        workspace_id=workspace_id,
        email=address,
        password_hash=hash_password(password),
        role=chosen.value,
        is_active=True,
    )
    session.add(user)
    session.flush()
    logger.info("user %s created with role %s", user.id, chosen.value)
    return user


def user_by_email(session: Session, email: str) -> User | None:
    """The user with this address (any case), active or not."""
    return session.scalar(select(User).where(User.email == normalize_email(email)))


def user_by_id(session: Session, user_id: uuid.UUID) -> User | None:
    """The user with this id, active or not."""
    return session.get(User, user_id)


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this address and password, else None."""
    user = user_by_email(session, email) if len(email) <= 320 else None
    if user is None or len(password) > MAX_PASSWORD_LENGTH:
        _verify(_dummy_hash(), password[:MAX_PASSWORD_LENGTH])
        return None
    if not _verify(user.password_hash, password) or not user.is_active:
        return None
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.flush()
    return user


def workspace_users(
    session: Session, workspace_id: uuid.UUID, limit: int = 100, offset: int = 0
) -> tuple[Sequence[User], int]:
    """A page of the workspace's users (oldest first, then by address) and how many there are."""
    query = select(User).where(User.workspace_id == workspace_id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(User.created_at, User.email).limit(limit).offset(offset)
    ).all()
    return rows, total


def workspace_user(session: Session, workspace_id: uuid.UUID, user_id: uuid.UUID) -> User:
    """The workspace's user with this id; ``not_found`` for anyone else's."""
    user = session.get(User, user_id)
    if user is None or user.workspace_id != workspace_id:
        raise NotFoundError("no such user")
    return user


def workspace_user_by_email(session: Session, workspace_id: uuid.UUID, email: str) -> User:
    """The workspace's user with this address; ``not_found`` for anyone else's."""
    user = user_by_email(session, email)
    if user is None or user.workspace_id != workspace_id:
        raise NotFoundError(f"no user {normalize_email(email)!r} in this workspace")
    return user


def change_user(
    session: Session, user: User, role: Role | str | None = None, is_active: bool | None = None
) -> dict[str, Any]:
    """Set a user's role and/or active flag; the changes as ``{"role": [old, new], …}``.

    Refuses (``conflict``) to demote or deactivate the workspace's last active admin.
    """
    new_role = Role(user.role) if role is None else parse_role(role)
    new_active = user.is_active if is_active is None else is_active
    was_admin = user.is_active and user.role == Role.ADMIN
    if was_admin and not (new_active and new_role is Role.ADMIN):
        _keep_an_admin(session, user)
    changes: dict[str, Any] = {}
    if new_role.value != user.role:
        changes["role"] = [user.role, new_role.value]
        user.role = new_role.value
    if new_active != user.is_active:
        changes["is_active"] = [user.is_active, new_active]
        user.is_active = new_active
    if changes:
        session.flush()
        logger.info("user %s changed: %s", user.id, sorted(changes))
    return changes


def _keep_an_admin(session: Session, leaving: User) -> None:
    # lock the workspace's active admins (PostgreSQL; SQLite serialises writers anyway) so two
    # admins demoting each other at the same moment cannot both succeed
    admins = session.scalars(
        select(User.id)
        .where(
            User.workspace_id == leaving.workspace_id,
            User.is_active.is_(True),
            User.role == Role.ADMIN.value,
        )
        .with_for_update()
    ).all()
    if not set(admins) - {leaving.id}:
        raise ConflictError(
            f"{leaving.email} is the last active admin of this workspace; "
            "make another user admin first"
        )


def set_password(session: Session, user: User, password: str) -> None:
    """Replace a user's password (an admin's reset, or after :func:`change_own_password`)."""
    check_password_rules(password)
    user.password_hash = hash_password(password)
    session.flush()
    logger.info("password of user %s replaced", user.id)


def change_own_password(session: Session, user: User, current: str, new: str) -> None:
    """Replace a user's password after checking the current one (``forbidden`` if wrong)."""
    if len(current) > MAX_PASSWORD_LENGTH or not _verify(user.password_hash, current):
        raise BoekstukError("the current password is wrong", ErrorCode.FORBIDDEN)
    set_password(session, user, new)


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
