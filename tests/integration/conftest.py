"""Fixtures of the integration tests: each database kind, a session, settings and a client.

A module that needs something else defines its own ``settings`` or ``client``, which wins.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from boekstuk.api.app import create_app
from boekstuk.config import Settings
from boekstuk.db.session import session_factory


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """A fresh migrated database of each kind (the test runs once per kind)."""
    return str(request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url"))


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    """A session on that database, closed afterwards."""
    with session_factory(database_url)() as session:
        yield session


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Settings on that database with a data folder of the test's own."""
    settings = Settings(data_dir=tmp_path / "var", database_url=database_url)
    settings.ensure_dirs()
    return settings


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """The API in-process, started and stopped around the test."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client
