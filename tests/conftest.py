"""Shared fixtures: real services (PostgreSQL, Redis, RabbitMQ) with per-test isolation.

Each test that needs a service gets its own PostgreSQL database, Redis queue prefix or
RabbitMQ vhost, created here and dropped afterwards. Without the service the test is
skipped — unless ``BOEKSTUK_REQUIRE_SERVICES=1`` (CI), where a missing service fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
REQUIRE_SERVICES = os.environ.get("BOEKSTUK_REQUIRE_SERVICES") == "1"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
PG_BASE = "postgresql+psycopg://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/0"
AMQP_BASE = "amqp://guest:guest@127.0.0.1:5672"


def service_unavailable(name: str, reason: object) -> None:
    """Skip (or, when services are required, fail) because ``name`` is not there."""
    message = f"{name} is not available: {reason}"
    if REQUIRE_SERVICES:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real documents beside the repository (skips when absent)."""
    if not (SHARED_DATA / "manifest.jsonl").exists():
        pytest.skip("../shared/data is not here")
    return SHARED_DATA


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh, migrated SQLite database."""
    from boekstuk.db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
    upgrade(url)
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database of this test's own, dropped afterwards."""
    import psycopg

    from boekstuk.db.migrate import upgrade
    from boekstuk.db.session import dispose_engines

    name = f"bk_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        service_unavailable("PostgreSQL", exc)
    url = f"{PG_BASE}/{name}"
    upgrade(url)
    yield url
    dispose_engines()
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_url() -> str:
    """The local Redis (tests isolate themselves by a unique queue prefix)."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        service_unavailable("Redis", exc)
    return REDIS_URL


@pytest.fixture
def amqp_url() -> Iterator[str]:
    """A RabbitMQ vhost of this test's own, deleted afterwards."""
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        service_unavailable("RabbitMQ", "rabbitmqctl not found")
    vhost = f"bk_test_{uuid.uuid4().hex[:12]}"
    result = subprocess.run(
        [ctl, "add_vhost", vhost], capture_output=True, text=True, timeout=60, check=False
    )
    if result.returncode != 0:
        service_unavailable("RabbitMQ", result.stderr.strip() or result.stdout.strip())
    subprocess.run(
        [ctl, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"],
        capture_output=True,
        timeout=60,
        check=True,
    )
    yield f"{AMQP_BASE}/{vhost}"
    subprocess.run([ctl, "delete_vhost", vhost], capture_output=True, timeout=60, check=False)


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Every test starts from default settings with its data under its own tmp folder."""
    from boekstuk.config import get_settings

    for key in list(os.environ):
        if key.startswith("BOEKSTUK_") and key != "BOEKSTUK_REQUIRE_SERVICES":
            monkeypatch.delenv(key)
    monkeypatch.setenv("BOEKSTUK_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
