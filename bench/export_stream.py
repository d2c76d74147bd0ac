"""Streaming CSV export: time and peak memory of ``GET /transactions/export.csv`` for N rows.

In: a row count and optionally a database URL (default: a fresh SQLite under a temp folder;
a PostgreSQL URL must point at an empty database, it is migrated here). Out: one line per
figure on stdout — rows, megabytes, seconds, and the peak of Python memory (tracemalloc)
while the answer streams, against what the rows would take as one list.

Run: ``.venv/bin/python bench/export_stream.py [--rows 100000] [--database-url URL]``.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
import tracemalloc
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import insert

from boekstuk.api.app import create_app
from boekstuk.config import Settings
from boekstuk.db.migrate import upgrade
from boekstuk.db.models import BankTransaction
from boekstuk.db.session import session_scope
from boekstuk.services.workspaces import create_api_key, create_workspace


def fill(settings: Settings, rows: int) -> str:
    """A workspace with ``rows`` transactions; returns its API key."""
    with session_scope(settings.database_url) as session:
        workspace = create_workspace(session, f"bench-{uuid.uuid4().hex[:6]}")
        key = create_api_key(session, workspace.id)
        start = date(2026, 1, 1)
        for first in range(0, rows, 10_000):
            batch = [
                {
                    "id": uuid.uuid4(),
                    "workspace_id": workspace.id,
                    "account_iban": "NL44RABO0123456789",
                    "booking_date": start + timedelta(days=n % 365),
                    "amount": Decimal(f"-{n % 997}.{n % 100:02d}"),
                    "currency": "EUR",
                    "description": f"Pinbetaling {n} Albert Heijn 1234 Utrecht",
                    "counterparty_name": "Albert Heijn",
                    "natural_key": hashlib.sha256(str(n).encode()).hexdigest(),
                    "sequence": 0,
                    "match_status": "unmatched",
                }
                for n in range(first, min(rows, first + 10_000))
            ]
            session.execute(insert(BankTransaction), batch)
    return key


def main() -> None:
    """Fill, stream, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bk-export-"))
    settings = Settings(data_dir=folder, database_url=args.database_url)
    settings.ensure_dirs()
    upgrade(settings.database_url)
    started = time.perf_counter()
    key = fill(settings, args.rows)
    print(f"filled {args.rows} rows in {time.perf_counter() - started:.1f} s")
    with TestClient(create_app(settings)) as client:
        seconds, size, lines = _stream(client, key)
        tracemalloc.start()  # a second pass, traced (slower): the memory figure
        _stream(client, key)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"exported {lines - 1} rows, {size / 1e6:.1f} MB in {seconds:.1f} s")
    print(f"peak Python memory while streaming: {peak / 1e6:.1f} MB")
    print(f"the CSV itself as one string would be: {size / 1e6:.1f} MB")


def _stream(client: TestClient, key: str) -> tuple[float, int, int]:
    """Download the export once: seconds, bytes, lines."""
    started = time.perf_counter()
    size = lines = 0
    with client.stream(
        "GET", "/transactions/export.csv?sep=;", headers={"Authorization": f"Bearer {key}"}
    ) as response:
        for chunk in response.iter_bytes():
            size += len(chunk)
            lines += chunk.count(b"\n")
    return time.perf_counter() - started, size, lines


if __name__ == "__main__":
    main()
