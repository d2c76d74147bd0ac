"""Throughput of the whole pipeline with 1 and with 2 worker processes (PostgreSQL + Redis).

Uploads N mixed documents — 70 % digital invoices (text layer), 30 % scanned invoices
(image-only PDFs at 300 dpi) — through the API, and measures per run:

- documents per minute (first upload to last document finished),
- CPU-seconds per document by kind (worker process CPU, split by the stage timings),
- p95 time from upload to processed for digital invoices while scans are queued,
- peak worker memory (VmHWM of the worker processes).

Each worker process runs one task at a time (``--concurrency 1``), so "2 workers" is two
processes on the two cores; scanned PDFs are moved to the OCR queue by the light worker.

    .venv/bin/python bench/throughput.py [--docs 500] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.factories import invoice_pdf, scanned_pdf  # noqa: E402
from tests.stack import Stack  # noqa: E402

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def group_stats(pgid: int) -> tuple[float, float]:
    """CPU seconds (with reaped children) and the largest peak RSS (MB) in a process group."""
    ticks = os.sysconf("SC_CLK_TCK")
    cpu, peak = 0.0, 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:
                continue
            # own time plus that of waited-for children (the tesseract processes)
            cpu += sum(int(f) for f in fields[11:15]) / ticks
            status = (stat.parent / "status").read_text()
        except (OSError, ValueError):
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]) / 1024)
    return cpu, peak


def run(workers: int, docs: list[tuple[str, str, bytes]]) -> dict[str, object]:
    """One measured run on a fresh database."""
    name = f"bk_tp_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    tmp = Path(tempfile.mkdtemp(prefix="bk-tp-"))
    stack = Stack(
        tmp,
        url,
        "redis://127.0.0.1:6379/0",
        log_level="WARNING",
        task_lease_seconds=120,
        upload_rate_per_second=0,
    )
    try:
        stack.setup_workspace("acme")
        stack.start_api()
        procs = [stack.start_worker(concurrency=1) for _ in range(workers)]
        time.sleep(4)  # workers connected
        before = [group_stats(p.pid)[0] for p in procs]
        kinds: dict[str, str] = {}
        started = time.time()

        def send(item: tuple[str, str, bytes]) -> None:
            kind, filename, data = item
            response = stack.upload([(filename, data)])
            assert response.status_code == 202, response.text
            kinds[response.json()["documents"][0]["id"]] = kind

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(send, docs))
        final = stack.wait_final(list(kinds), timeout=3600)
        wall = max(_ts(d["processed_at"]) for d in final.values()) - started
        stats = [group_stats(p.pid) for p in procs]
        cpu = sum(s[0] for s in stats) - sum(before)
        peak = max(s[1] for s in stats)
        return _summary(workers, final, kinds, wall, cpu, peak, url)
    finally:
        stack.stop()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _ts(value: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(value).timestamp()


def _summary(
    workers: int,
    final: dict[str, dict[str, object]],
    kinds: dict[str, str],
    wall: float,
    cpu: float,
    peak: float,
    url: str,
) -> dict[str, object]:
    from sqlalchemy import func, select

    from boekstuk.db.models import ProcessingEvent
    from boekstuk.db.session import session_factory

    with session_factory(url)() as session:
        stage_ms = dict(
            session.execute(
                select(ProcessingEvent.document_id, func.sum(ProcessingEvent.duration_ms)).group_by(
                    ProcessingEvent.document_id
                )
            )
            .tuples()
            .all()
        )
    by_kind: dict[str, list[float]] = {}
    latency: dict[str, list[float]] = {}
    for doc_id, body in final.items():
        kind = kinds[doc_id]
        by_kind.setdefault(kind, []).append(float(stage_ms.get(uuid.UUID(doc_id)) or 0))
        latency.setdefault(kind, []).append(
            _ts(str(body["processed_at"])) - _ts(str(body["created_at"]))
        )
    total_ms = sum(sum(v) for v in by_kind.values()) or 1.0
    statuses: dict[str, int] = {}
    for body in final.values():
        statuses[str(body["status"])] = statuses.get(str(body["status"]), 0) + 1
    return {
        "workers": workers,
        "documents": len(final),
        "statuses": statuses,
        "docs_per_minute": round(len(final) / wall * 60, 1),
        "wall_seconds": round(wall, 1),
        "cpu_seconds_per_doc": {
            k: round(cpu * sum(v) / total_ms / len(v), 3) for k, v in by_kind.items()
        },
        "p95_upload_to_processed_s": {
            k: round(statistics.quantiles(v, n=20)[18], 2) if len(v) >= 20 else max(v)
            for k, v in latency.items()
        },
        "peak_worker_rss_mb": round(peak),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--scanned", type=float, default=0.3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    scanned = round(args.docs * args.scanned)
    docs = [("scanned", f"scan-{i}.pdf", scanned_pdf(f"S-{i}")) for i in range(scanned)]
    docs += [
        ("digital", f"inv-{i}.pdf", invoice_pdf(f"D-{i}", Decimal(100 + i)))
        for i in range(args.docs - scanned)
    ]
    # interleave so digital invoices arrive while scans are queued
    docs.sort(key=lambda d: hash(d[1]) % 997)
    results = [run(workers, docs) for workers in args.workers]
    for result in results:
        print(json.dumps(result))
    if len(results) == 2:
        speedup = results[1]["docs_per_minute"] / results[0]["docs_per_minute"]  # type: ignore[operator]
        print(json.dumps({"speedup_1_to_2_workers": round(speedup, 2)}))


if __name__ == "__main__":
    main()
