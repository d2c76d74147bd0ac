"""Insert-or-nothing on a unique key, in one round trip, on PostgreSQL and SQLite.

The database decides who wins a race: ``INSERT … ON CONFLICT DO NOTHING RETURNING id``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_ignore(
    session: Session, model: Any, values: dict[str, Any], conflict_columns: Sequence[str]
) -> Any | None:
    """Insert ``values``; return the new row's id, or None when the unique key exists."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(conflict_columns))
        .returning(model.id)
    )
    return session.execute(statement).scalar_one_or_none()
