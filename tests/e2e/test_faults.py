"""Faults with real processes: the broker goes away mid-run and comes back empty.

A private ``redis-server`` on its own port (without persistence, like the one in production
setups that lose their queue on restart) is stopped for 10 s while documents are uploaded and
processed. Every upload answered with 202 must end processed, exactly once.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import service_unavailable
from tests.factories import invoice_pdf
from tests.stack import Stack, finished_counts, free_port, ledger_counts

pytestmark = pytest.mark.slow


class PrivateRedis:
    """A redis-server of this test's own, which the test may stop and start."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None
        self.binary = shutil.which("redis-server")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert self.binary is not None
        self.proc = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
                return
            except redis.RedisError:
                time.sleep(0.1)
        raise RuntimeError("private redis-server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    if server.binary is None:
        service_unavailable("Redis", "redis-server binary not found")
    server.start()
    yield server
    server.stop()


def test_redis_down_for_ten_seconds_loses_nothing(
    private_redis: PrivateRedis, pg_url: str, tmp_path: Path
) -> None:
    stack = Stack(tmp_path, pg_url, private_redis.url, stale_queued_seconds=5)
    try:
        stack.setup_workspace("acme")
        stack.start_api()
        stack.start_worker()
        accepted: list[str] = []

        def upload(i: int) -> None:
            response = stack.upload([(f"{i}.pdf", invoice_pdf(f"R-{i}", Decimal(50 + i)))])
            if response.status_code == 202:
                accepted.extend(d["id"] for d in response.json()["documents"])

        for i in range(5):
            upload(i)
        private_redis.stop()  # the broker is gone; uploads go on
        outage_ends = time.monotonic() + 10
        i = 5
        while time.monotonic() < outage_ends:
            upload(i)
            i += 1
            time.sleep(0.5)
        private_redis.start()  # back, but empty: every queued message is lost
        for j in range(i, i + 5):
            upload(j)

        assert len(accepted) == i + 5  # the API kept accepting during the outage
        final = stack.wait_final(accepted, timeout=240)

        assert {d["status"] for d in final.values()} == {"processed"}
        done = finished_counts(pg_url)
        assert sorted(done) == sorted(accepted)
        assert set(done.values()) == {1}
        assert all(uuid.UUID(doc_id) for doc_id in accepted)
        counts = ledger_counts(pg_url)  # no customer or invoice booked twice
        assert counts["customers"] == counts["customer_names"] == 1
        assert counts["invoices"] == counts["invoice_numbers"] == len(accepted)
    finally:
        stack.stop()


def test_api_killed_during_uploads_loses_no_acknowledged_upload(
    pg_url: str, redis_url: str, tmp_path: Path
) -> None:
    import threading

    import httpx

    stack = Stack(tmp_path, pg_url, redis_url)
    try:
        stack.setup_workspace("acme")
        stack.start_api()
        stack.start_worker()
        accepted: list[str] = []
        stop = threading.Event()

        def client() -> None:
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    response = stack.upload([(f"{i}.pdf", invoice_pdf(f"A-{i}-{uuid.uuid4()}"))])
                except httpx.HTTPError:
                    time.sleep(0.2)  # the API is down: a client retries later
                    continue
                if response.status_code == 202:
                    accepted.extend(d["id"] for d in response.json()["documents"])

        threads = [threading.Thread(target=client) for _ in range(3)]
        for thread in threads:
            thread.start()
        time.sleep(3)
        assert stack.api is not None
        Stack.kill(stack.api)  # SIGKILL mid-upload
        time.sleep(1)
        stack.start_api()
        time.sleep(3)
        stop.set()
        for thread in threads:
            thread.join()

        final = stack.wait_final(accepted, timeout=240)
        assert len(final) == len(accepted) > 0
        assert {d["status"] for d in final.values()} == {"processed"}
        done = finished_counts(pg_url)
        assert set(done.values()) == {1}
        # an upload whose 202 was cut off by the kill may exist too; every 202 is there
        assert set(accepted) <= set(done)
        counts = ledger_counts(pg_url)  # no customer or invoice booked twice
        assert counts["customers"] == counts["customer_names"] == 1
        assert counts["invoices"] == counts["invoice_numbers"] == len(done)
    finally:
        stack.stop()
