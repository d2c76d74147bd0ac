"""A real Boekstuk stack for end-to-end tests: the API and worker processes, started with
the ``boekstuk`` command against the database and broker a test chooses.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx

BIN = Path(sys.executable).with_name("boekstuk")
FINAL = {"processed", "needs_review", "failed"}


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Stack:
    """API + workers as separate processes, sharing one database and broker."""

    def __init__(self, tmp: Path, database_url: str, broker_url: str, **settings: Any) -> None:
        self.tmp = tmp
        self.env = {
            **os.environ,
            "BOEKSTUK_DATA_DIR": str(tmp / "var"),
            "BOEKSTUK_DATABASE_URL": database_url,
            "BOEKSTUK_BROKER_URL": broker_url,
            "BOEKSTUK_QUEUE_PREFIX": f"bktest{uuid.uuid4().hex[:10]}",
            "BOEKSTUK_SWEEP_INTERVAL_SECONDS": "1",
            "BOEKSTUK_TASK_LEASE_SECONDS": "6",
            "BOEKSTUK_STALE_QUEUED_SECONDS": "60",
            "BOEKSTUK_LOG_LEVEL": "INFO",
            "OMP_THREAD_LIMIT": "1",
        }
        self.env.update({f"BOEKSTUK_{k.upper()}": str(v) for k, v in settings.items()})
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api: subprocess.Popen[bytes] | None = None
        self.workers: list[subprocess.Popen[bytes]] = []
        self.keys: dict[str, str] = {}

    # -- commands ---------------------------------------------------------------------
    def cli(self, *args: str) -> str:
        """Run ``boekstuk ARGS`` and return its stdout (raises on failure)."""
        result = subprocess.run(
            [str(BIN), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"boekstuk {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def setup_workspace(self, name: str = "acme", *extra: str) -> str:
        """Migrate, create a workspace and an API key for it; returns the key."""
        self.cli("migrate")
        self.cli("workspace", "create", name, *extra)
        key = self.cli("apikey", "create", "--workspace", name).strip()
        self.keys[name] = key
        return key

    # -- processes --------------------------------------------------------------------
    def _log(self, name: str) -> Any:
        return (self.tmp / f"{name}.log").open("ab")

    def start_api(self) -> None:
        """Start ``boekstuk serve`` and wait until it answers /health."""
        self.api = subprocess.Popen(
            [str(BIN), "serve", "--port", str(self.port)],
            env=self.env,
            stdout=self._log("api"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("the API did not start:\n" + self.log_tail("api"))

    def start_worker(
        self, concurrency: int = 1, pool: str = "prefork", queues: str = "light,ocr"
    ) -> subprocess.Popen[bytes]:
        """Start a ``boekstuk worker`` process (its own process group, for killing)."""
        index = len(self.workers)
        proc = subprocess.Popen(
            [
                str(BIN),
                "worker",
                "--concurrency",
                str(concurrency),
                "--pool",
                pool,
                "--queues",
                queues,
            ],
            env=self.env,
            stdout=self._log(f"worker{index}"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.workers.append(proc)
        return proc

    @staticmethod
    def kill(proc: subprocess.Popen[bytes]) -> None:
        """SIGKILL a process and all its children."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def stop(self) -> None:
        """Stop everything that is still running."""
        for proc in [*self.workers, *([self.api] if self.api else [])]:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(timeout=15)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    self.kill(proc)

    def log_tail(self, name: str, size: int = 4000) -> str:
        """The end of a process's log, for failure messages."""
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace")[-size:] if path.exists() else ""

    def all_logs(self) -> str:
        """Tails of all logs."""
        names = ["api", *(f"worker{i}" for i in range(len(self.workers)))]
        return "\n".join(f"--- {n} ---\n{self.log_tail(n)}" for n in names)

    # -- HTTP -------------------------------------------------------------------------
    def headers(self, workspace: str = "acme") -> dict[str, str]:
        """Authorization header for a workspace's key."""
        return {"Authorization": f"Bearer {self.keys[workspace]}"}

    def upload(self, files: Iterable[tuple[str, bytes]], workspace: str = "acme") -> httpx.Response:
        """POST /upload with the files."""
        parts = [("files", (name, data, "application/octet-stream")) for name, data in files]
        return httpx.post(
            f"{self.url}/upload", files=parts, headers=self.headers(workspace), timeout=30
        )

    def get(self, path: str, workspace: str = "acme") -> httpx.Response:
        """GET an API path with the workspace's key."""
        return httpx.get(f"{self.url}{path}", headers=self.headers(workspace), timeout=30)

    def wait_final(
        self, ids: Iterable[str], timeout: float = 120, workspace: str = "acme"
    ) -> dict[str, dict[str, Any]]:
        """Poll until every document is processed, needs review or failed."""
        pending = set(ids)
        done: dict[str, dict[str, Any]] = {}
        deadline = time.monotonic() + timeout
        while pending and time.monotonic() < deadline:
            for doc_id in list(pending):
                body = self.get(f"/documents/{doc_id}", workspace).json()
                if body["status"] in FINAL:
                    done[doc_id] = body
                    pending.discard(doc_id)
            if pending:
                time.sleep(0.3)
        if pending:
            raise AssertionError(
                f"{len(pending)} documents not finished in {timeout} s\n" + self.all_logs()
            )
        return done

    def wait_status(self, doc_id: str, status: str, timeout: float = 60) -> None:
        """Poll until a document has ``status``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.get(f"/documents/{doc_id}").json()["status"] == status:
                return
            time.sleep(0.1)
        raise AssertionError(f"document never reached {status}\n" + self.all_logs())


def finished_counts(database_url: str) -> dict[str, int]:
    """How often each document was finished (its ``done`` events): exactly once is right."""
    from sqlalchemy import func, select

    from boekstuk.db.models import ProcessingEvent
    from boekstuk.db.session import session_factory

    with session_factory(database_url)() as session:
        rows = session.execute(
            select(ProcessingEvent.document_id, func.count())
            .where(ProcessingEvent.stage == "done")
            .group_by(ProcessingEvent.document_id)
        ).all()
    return {str(document_id): count for document_id, count in rows}


def ledger_counts(database_url: str) -> dict[str, int]:
    """Customers, invoices and bank transactions, and how many distinct keys they have.

    ``customers == customer_names`` and ``invoices == invoice_numbers`` mean no party and no
    invoice was booked twice (the database's unique keys cannot see a second customer made
    for the same company, nor an invoice booked again under that second customer).
    """
    from sqlalchemy import distinct, func, select

    from boekstuk.db.models import BankTransaction, Customer, Invoice
    from boekstuk.db.session import session_factory

    with session_factory(database_url)() as session:

        def one(query: Any) -> int:
            return int(session.scalar(query) or 0)

        return {
            "customers": one(select(func.count()).select_from(Customer)),
            "customer_names": one(select(func.count(distinct(Customer.normalized_name)))),
            "invoices": one(select(func.count()).select_from(Invoice)),
            "invoice_numbers": one(select(func.count(distinct(Invoice.invoice_number)))),
            "transactions": one(select(func.count()).select_from(BankTransaction)),
            "transaction_keys": one(select(func.count(distinct(BankTransaction.natural_key)))),
        }
