"""Users: create them, check their password, find them again.

In: a session, an e-mail address, a password, a role. Out: :class:`~boekstuk.db.models.User`
rows. Raises :class:`~boekstuk.domain.errors.ConflictError` for an e-mail address that is
taken and a ``validation_error`` :class:`~boekstuk.domain.errors.BoekstukError` for a bad
address, a short password or an unknown role.

Passwords are hashed with argon2id (argon2-cffi's defaults, rehashed on sign-in when those
defaults grow). Signing in with an unknown address costs as much time as with a known one,
so the answer's timing does not tell which addresses exist.
"""

from __future__ import annotations

import logging
import re
import uuid
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from boekstuk.db.models import User
from boekstuk.domain.accounts import Role, normalize_email
from boekstuk.domain.errors import BoekstukError, ConflictError, ErrorCode

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


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
