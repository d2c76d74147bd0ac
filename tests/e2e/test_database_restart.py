"""Faults with real processes: PostgreSQL restarts while documents are uploaded and processed.

A private PostgreSQL cluster (its own data folder and port) is restarted mid-run. Uploads
during the restart may be refused (503, the client retries), but every upload answered
with 202 must end processed, exactly once, and nothing may be stuck or duplicated.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from boekstuk.db.models import Document
from boekstuk.db.session import dispose_engines, session_factory
from tests.conftest import service_unavailable
from tests.factories import invoice_pdf
from tests.stack import Stack, finished_counts, free_port, ledger_counts

pytestmark = pytest.mark.slow


class PrivatePostgres:
    """A throw-away PostgreSQL cluster run as the ``postgres`` user."""

    def __init__(self, root: Path) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        self.bin = Path(bins[-1]).parent if bins else None
        self.root = root
        self.data = root / "pgdata"
        self.port = free_port()

    def _run(self, *args: str) -> None:
        assert self.bin is not None
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(self.bin / args[0]), *args[1:]],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        shutil.chown(self.root, "postgres", "postgres")
        os.chmod(self.root, 0o755)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def start(self) -> None:
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(self.root / "pg.log"),
            "-o",
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1",
            "start",
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def private_postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivatePostgres]:
    server = PrivatePostgres(Path(f"/tmp/bk-pg-{os.getpid()}-{time.monotonic_ns()}"))
    if server.bin is None or shutil.which("runuser") is None:
        service_unavailable("PostgreSQL", "server binaries not found")
    try:
        server.init()
        server.start()
    except (subprocess.CalledProcessError, OSError) as exc:
        service_unavailable("PostgreSQL", exc)
    yield server
    dispose_engines()
    try:
        server.stop()
    finally:
        shutil.rmtree(server.root, ignore_errors=True)


def test_postgres_restart_mid_run_loses_and_duplicates_nothing(
    private_postgres: PrivatePostgres, redis_url: str, tmp_path: Path
) -> None:
    stack = Stack(tmp_path, private_postgres.url, redis_url, stale_queued_seconds=5)
    try:
        stack.setup_workspace("acme")
        stack.start_api()
        stack.start_worker()
        accepted: list[str] = []
        refused = 0

        def upload(i: int) -> None:
            nonlocal refused
            response = stack.upload([(f"{i}.pdf", invoice_pdf(f"P-{i}", Decimal(70 + i)))])
            if response.status_code == 202:
                accepted.extend(d["id"] for d in response.json()["documents"])
            else:
                assert response.status_code == 503, response.text
                assert response.json()["error"]["code"] == "unavailable"
                refused += 1

        for i in range(6):
            upload(i)
        private_postgres.stop()
        for i in range(6, 10):  # while the database is down
            upload(i)
            time.sleep(0.5)
        private_postgres.start()
        for i in range(10, 16):
            upload(i)

        final = stack.wait_final(accepted, timeout=240)

        assert {d["status"] for d in final.values()} == {"processed"}
        dispose_engines()
        with session_factory(private_postgres.url)() as session:
            assert session.scalar(select(func.count()).select_from(Document)) == len(accepted)
        done = finished_counts(private_postgres.url)
        assert sorted(done) == sorted(accepted) and set(done.values()) == {1}
        counts = ledger_counts(private_postgres.url)  # no customer or invoice booked twice
        assert counts["customers"] == counts["customer_names"] == 1
        assert counts["invoices"] == counts["invoice_numbers"] == len(accepted)
        assert refused >= 1  # the outage was real
    finally:
        stack.stop()
