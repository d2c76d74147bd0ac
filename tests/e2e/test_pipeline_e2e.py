"""Upload → queue → separate worker process → database, on every supported backend.

Real processes (``boekstuk serve`` and ``boekstuk worker``), real brokers, real databases.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from boekstuk.db.models import Document
from boekstuk.db.session import session_factory
from tests.factories import invoice_lines, invoice_pdf, scan_png, scanned_pdf
from tests.stack import Stack, finished_counts, ledger_counts

pytestmark = pytest.mark.slow

BACKENDS = ["embedded", "postgres+redis", "postgres+rabbitmq"]


def _urls(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> tuple[str, str]:
    if backend == "embedded":
        var = tmp_path / "var"
        return f"sqlite:///{var / 'boekstuk.sqlite3'}", f"sqla+sqlite:///{var / 'broker.sqlite3'}"
    database = request.getfixturevalue("pg_url")
    broker = request.getfixturevalue("redis_url" if backend.endswith("redis") else "amqp_url")
    return database, broker


@pytest.fixture
def stack(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Stack]:
    backend = getattr(request, "param", "embedded")
    database, broker = _urls(request, backend, tmp_path)
    (tmp_path / "var").mkdir(exist_ok=True)
    running = Stack(tmp_path, database, broker)
    running.setup_workspace("acme")
    running.start_api()
    yield running
    running.stop()


@pytest.mark.parametrize("stack", BACKENDS, indirect=True)
def test_upload_is_processed_by_a_separate_worker(stack: Stack) -> None:
    stack.start_worker()
    response = stack.upload([("factuur.pdf", invoice_pdf("2026-0001"))])
    assert response.status_code == 202
    [doc] = response.json()["documents"]
    assert doc["status"] == "queued" and doc["duplicate_of"] is None

    final = stack.wait_final([doc["id"]])[doc["id"]]

    assert final["status"] == "processed"
    assert final["document_type"] == "invoice"
    assert final["extraction"]["pages"][0]["text_source"] == "text_layer"
    events = stack.get(f"/documents/{doc['id']}/events").json()
    stages = [e["stage"] for e in events if e["outcome"] == "ok"]
    assert stages[:6] == ["text", "classify", "entities", "validate", "parties", "store"]
    assert [e["outcome"] for e in events if e["stage"] == "done"] == ["processed"]


def test_same_bytes_twice_give_one_document(stack: Stack) -> None:
    data = invoice_pdf("2026-0002")
    first = stack.upload([("a.pdf", data)]).json()["documents"][0]
    second = stack.upload([("copy-of-a.pdf", data)]).json()["documents"][0]

    assert second["id"] == first["id"]
    assert second["duplicate_of"] == first["id"]
    assert stack.get("/documents").json()["total"] == 1


def test_another_workspace_sees_404(stack: Stack) -> None:
    stack.cli("workspace", "create", "other")
    stack.keys["other"] = stack.cli("apikey", "create", "--workspace", "other").strip()
    doc = stack.upload([("a.pdf", invoice_pdf("2026-0003"))]).json()["documents"][0]

    for path in (
        f"/documents/{doc['id']}",
        f"/documents/{doc['id']}/file",
        f"/documents/{doc['id']}/events",
    ):
        response = stack.get(path, workspace="other")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert stack.get("/documents", workspace="other").json()["total"] == 0
    assert stack.get(f"/documents/{doc['id']}/file").content.startswith(b"%PDF")


@pytest.mark.parametrize("stack", ["postgres+redis"], indirect=True)
def test_twenty_concurrent_uploads_two_workers_each_processed_once(stack: Stack) -> None:
    stack.start_worker()
    stack.start_worker()
    files = [(f"f{i}.pdf", invoice_pdf(f"2026-1{i:03d}", Decimal(100 + i))) for i in range(20)]
    answers: list[dict[str, object]] = []
    lock = threading.Lock()

    def send(item: tuple[str, bytes]) -> None:
        response = stack.upload([item])
        assert response.status_code == 202
        with lock:
            answers.extend(response.json()["documents"])

    threads = [threading.Thread(target=send, args=(item,)) for item in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = [str(doc["id"]) for doc in answers]
    assert len(set(ids)) == 20

    final = stack.wait_final(ids, timeout=180)

    assert {doc["status"] for doc in final.values()} == {"processed"}
    database = stack.env["BOEKSTUK_DATABASE_URL"]
    assert finished_counts(database) == dict.fromkeys(ids, 1)
    assert all(doc["attempts"] == 1 for doc in final.values())
    # one new seller on 20 invoices, handled by two worker processes at once: one customer
    counts = ledger_counts(database)
    assert (counts["customers"], counts["invoices"], counts["invoice_numbers"]) == (1, 20, 20)


@pytest.mark.parametrize("stack", ["postgres+redis", "postgres+rabbitmq"], indirect=True)
def test_worker_killed_mid_task_document_still_processed_once(stack: Stack) -> None:
    worker = stack.start_worker()
    slow_scan = scan_png(invoice_lines("2026-9999"), repeat=4)
    doc = stack.upload([("scan.png", slow_scan)]).json()["documents"][0]
    stack.wait_status(doc["id"], "processing")

    stack.kill(worker)  # SIGKILL, the whole process group, mid-OCR
    stack.start_worker()

    final = stack.wait_final([doc["id"]], timeout=180)[doc["id"]]
    assert final["status"] == "processed"
    assert final["attempts"] == 2
    assert final["extraction"]["pages"][0]["text_source"] == "ocr"
    assert finished_counts(stack.env["BOEKSTUK_DATABASE_URL"]) == {doc["id"]: 1}
    import uuid

    with session_factory(stack.env["BOEKSTUK_DATABASE_URL"])() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 1
        assert session.get(Document, uuid.UUID(doc["id"])).lease_expires_at is None


@pytest.mark.parametrize("stack", ["postgres+redis"], indirect=True)
def test_scans_go_to_the_ocr_queue_and_never_block_digital_documents(stack: Stack) -> None:
    stack.start_worker(queues="light")
    [scan] = stack.upload([("scan.pdf", scanned_pdf("2026-5555"))]).json()["documents"]
    [digital] = stack.upload([("digital.pdf", invoice_pdf("2026-5556"))]).json()["documents"]

    assert stack.wait_final([digital["id"]])[digital["id"]]["status"] == "processed"
    assert stack.get(f"/documents/{scan['id']}").json()["status"] == "queued"

    stack.start_worker(queues="ocr")
    final = stack.wait_final([scan["id"]])[scan["id"]]
    assert final["status"] == "processed"
    assert final["extraction"]["pages"][0]["text_source"] == "ocr"
