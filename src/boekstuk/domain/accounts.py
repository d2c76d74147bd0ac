"""Accounts: the roles a person can have in a workspace, and who did something (actors).

Plain Python, no I/O. A role is a set of permissions; :func:`can` answers whether a role
may do an action. An actor names who acted, for the audit log: ``user:<email>`` or
``key:<name>``.

>>> can(Role.UPLOADER, Permission.UPLOAD)
True
>>> can(Role.UPLOADER, Permission.DECIDE)
False
>>> can(Role.REVIEWER, Permission.MANAGE_USERS)
False
>>> user_actor("Ann@Example.com")
'user:ann@example.com'
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A person's role in one workspace."""

    ADMIN = "admin"
    REVIEWER = "reviewer"
    UPLOADER = "uploader"


class Permission(StrEnum):
    """What a request may need to be allowed to do."""

    READ = "read"  # lists, details, exports
    UPLOAD = "upload"  # upload and reprocess documents
    DECIDE = "decide"  # confirm/unmatch matches, merge and correct customers, review
    DELETE = "delete"  # delete documents
    MANAGE_USERS = "manage_users"  # register users
    MANAGE_WORKSPACE = "manage_workspace"  # change the workspace profile
    AUDIT = "audit"  # read the audit log


_ALLOWED: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.REVIEWER: frozenset(
        {Permission.READ, Permission.UPLOAD, Permission.DECIDE, Permission.DELETE}
    ),
    Role.UPLOADER: frozenset({Permission.READ, Permission.UPLOAD}),
}


def can(role: Role, permission: Permission) -> bool:
    """True when ``role`` grants ``permission``."""
    return permission in _ALLOWED[role]


def normalize_email(email: str) -> str:
    """The stored form of an e-mail address: trimmed, lower case.

    >>> normalize_email("  Ann@Example.COM ")
    'ann@example.com'
    """
    return email.strip().lower()


def user_actor(email: str) -> str:
    """The audit-log name of a person."""
    return f"user:{normalize_email(email)}"


def key_actor(name: str) -> str:
    """The audit-log name of an API key.

    >>> key_actor("first key")
    'key:first key'
    """
    return f"key:{name}"
