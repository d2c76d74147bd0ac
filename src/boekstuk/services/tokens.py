"""Login tokens: signed JWTs (HS256) that say which user of which workspace signed in.

In: a user and the signing key (``Settings.jwt_signing_key()``). Out: a token string, or
the :class:`Claims` of a token. Raises a ``unauthorized``
:class:`~boekstuk.domain.errors.BoekstukError` for a token that is expired, forged,
malformed or not one of ours. The role in a token is informational: the API reads the
current role from the database on every request, so a demoted or deactivated user loses
rights at once.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

import jwt

from boekstuk.db.models import User
from boekstuk.domain.errors import BoekstukError, ErrorCode

ALGORITHM = "HS256"
ISSUER = "boekstuk"
AUDIENCE = "boekstuk-api"


@dataclass(frozen=True)
class Claims:
    """What a valid token says."""

    user_id: uuid.UUID
    workspace_id: uuid.UUID
    email: str
    role: str
    expires_at: int


def issue_token(user: User, key: str, expiry_seconds: int, now: float | None = None) -> str:
    """A signed token for ``user``, valid for ``expiry_seconds``."""
    issued = int(now if now is not None else time.time())
    payload = {
        "sub": str(user.id),
        "ws": str(user.workspace_id),
        "email": user.email,
        "role": user.role,
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": issued,
        "exp": issued + expiry_seconds,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(payload, key, algorithm=ALGORITHM)


def read_token(token: str, key: str) -> Claims:
    """The claims of a valid token; ``unauthorized`` for anything else."""
    try:
        payload = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            audience=AUDIENCE,
            options={"require": ["sub", "ws", "exp", "iat", "iss", "aud"]},
        )
        return Claims(
            user_id=uuid.UUID(str(payload["sub"])),
            workspace_id=uuid.UUID(str(payload["ws"])),
            email=str(payload.get("email", "")),
            role=str(payload.get("role", "")),
            expires_at=int(payload["exp"]),
        )
    except jwt.ExpiredSignatureError as exc:
        raise BoekstukError("the login token has expired", ErrorCode.UNAUTHORIZED) from exc
    except (jwt.InvalidTokenError, ValueError) as exc:
        raise BoekstukError("invalid login token", ErrorCode.UNAUTHORIZED) from exc
