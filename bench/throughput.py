"""Throughput of the whole pipeline with 1 and with 2 worker processes (PostgreSQL + Redis).

Uploads N mixed documents — 70 % digital invoices (text layer), 30 % scanned invoices
(image-only PDFs at 300 dpi) — through the API, and measures per run:

- documents per minute (first upload to last document finished; the probes below included),
- CPU-seconds per document by kind: measured on ``--calibrate`` documents of each kind sent
  alone before the first run (worker process group CPU, Tesseract children included), and
  estimated for the mixed run by splitting its worker CPU by the stage timings,
- p95 time from upload to processed for a digital invoice while scans are queued: once the
  burst's own digital invoices are done (they queue behind each other, and are reported
  separately), ``--probes`` digital invoices are uploaded one at a time,
  ``--probe-interval`` s apart, for as long as scans are still waiting in the queue,
- peak worker memory (VmHWM of the worker processes),
- worker CPU-seconds and cores used (CPU / wall), and the load average around each run, since
  the machine is shared.

Each worker process runs one task at a time (``--concurrency 1``), so "2 workers" is two
processes on the two cores; scanned PDFs are moved to the OCR queue by the light worker.

    .venv/bin/python bench/throughput.py [--docs 500] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
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


def _waiting(conn: psycopg.Connection[tuple[object, ...]], prefix: str, statuses: str) -> int:
    """Documents whose file name starts with ``prefix`` in one of ``statuses`` (comma list)."""
    row = conn.execute(
        "SELECT count(*) FROM document WHERE filename LIKE %s AND status = ANY(%s)",
        (f"{prefix}%", statuses.split(",")),
    ).fetchone()
    return int(row[0]) if row else 0


def _cpu(procs: list[subprocess.Popen[bytes]]) -> float:
    return sum(group_stats(p.pid)[0] for p in procs)


def calibrate(stack: Stack, procs: list[subprocess.Popen[bytes]], n: int) -> dict[str, float]:
    """Worker CPU-seconds per document, measured on ``n`` digital and then ``n`` scans alone."""
    out: dict[str, float] = {}
    warm = stack.upload([("cal-warm.pdf", invoice_pdf("CAL-WARM"))]).json()["documents"][0]["id"]
    stack.wait_final([warm], timeout=600)  # imports and connections of the pool process
    for kind, make in (("digital", invoice_pdf), ("scanned", scanned_pdf)):
        before = _cpu(procs)
        ids = []
        for i in range(n):
            data = make(f"CAL-{kind}-{i}")
            ids.append(stack.upload([(f"cal-{kind}-{i}.pdf", data)]).json()["documents"][0]["id"])
        stack.wait_final(ids, timeout=1800)
        time.sleep(1)  # tesseract children reaped
        out[kind] = round((_cpu(procs) - before) / n, 3)
    return out


def run(
    workers: int,
    docs: list[tuple[str, str, bytes]],
    probes: int,
    probe_interval: float,
    calibration: int,
) -> dict[str, object]:
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
        calibrated = calibrate(stack, procs, calibration) if calibration else {}
        before = _cpu(procs)
        load_before = os.getloadavg()
        kinds: dict[str, str] = {}
        started = time.time()

        def send(item: tuple[str, str, bytes]) -> None:
            kind, filename, data = item
            response = stack.upload([(filename, data)])
            assert response.status_code == 202, response.text
            kinds[response.json()["documents"][0]["id"]] = kind

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(send, docs))
        uploaded_s = time.time() - started
        # Probes: one digital invoice at a time while scans are still waiting in the queue.
        probe_ids: dict[str, int] = {}
        with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
            # first let the burst's own digital invoices through (they queue behind each
            # other, not behind scans), so that the probes measure waiting behind scans only
            while _waiting(conn, "inv-", "queued,processing") and time.time() - started < 3600:
                time.sleep(0.5)
            for i in range(probes):
                waiting = _waiting(conn, "scan-", "queued")
                if waiting == 0:
                    break
                data = invoice_pdf(f"PROBE-{i}", Decimal(7000 + i))
                response = stack.upload([(f"probe-{i}.pdf", data)])
                assert response.status_code == 202, response.text
                probe_ids[response.json()["documents"][0]["id"]] = waiting
                time.sleep(probe_interval)
        final = stack.wait_final([*kinds, *probe_ids], timeout=7200)
        time.sleep(1)
        wall = max(_ts(d["processed_at"]) for d in final.values()) - started
        stats = [group_stats(p.pid) for p in procs]
        cpu = sum(s[0] for s in stats) - before
        peak = max(s[1] for s in stats)
        every_kind = {**kinds, **dict.fromkeys(probe_ids, "digital_probe")}
        summary = _summary(workers, final, every_kind, wall, cpu, peak, url)
        probe_latency = sorted(
            _ts(str(final[i]["processed_at"])) - _ts(str(final[i]["created_at"])) for i in probe_ids
        )
        summary.update(
            {
                "documents_incl_probes": len(final),
                "docs_per_minute": round(len(final) / wall * 60, 1),
                "upload_seconds": round(uploaded_s, 1),
                "worker_cpu_seconds": round(cpu, 1),
                "worker_cores_used": round(cpu / wall, 2),
                "cpu_seconds_per_doc_calibrated": calibrated,
                "probes_while_scans_queued": len(probe_ids),
                "probe_scans_waiting_min_max": [
                    min(probe_ids.values(), default=0),
                    max(probe_ids.values(), default=0),
                ],
                "probe_upload_to_processed_s": {
                    "p50": round(statistics.median(probe_latency), 2) if probe_latency else None,
                    "p95": round(_p95(probe_latency), 2) if probe_latency else None,
                    "max": round(probe_latency[-1], 2) if probe_latency else None,
                },
                "load_avg_before": [round(x, 2) for x in load_before],
                "load_avg_after": [round(x, 2) for x in os.getloadavg()],
            }
        )
        return summary
    finally:
        stack.stop()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _p95(values: list[float]) -> float:
    """The 95th percentile by nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1))]


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
            ).all()
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
        "cpu_seconds_per_doc_split_by_stage_time": {
            k: round(cpu * sum(v) / total_ms / len(v), 3) for k, v in by_kind.items()
        },
        "p95_upload_to_processed_in_burst_s": {k: round(_p95(v), 2) for k, v in latency.items()},
        "peak_worker_rss_mb": round(peak),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--scanned", type=float, default=0.3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--probes", type=int, default=30, help="digital probes while scans wait")
    parser.add_argument("--probe-interval", type=float, default=2.0)
    parser.add_argument(
        "--calibrate", type=int, default=6, help="docs of each kind alone, first run only"
    )
    args = parser.parse_args()
    scanned = round(args.docs * args.scanned)
    docs = [("scanned", f"scan-{i}.pdf", scanned_pdf(f"S-{i}")) for i in range(scanned)]
    docs += [
        ("digital", f"inv-{i}.pdf", invoice_pdf(f"D-{i}", Decimal(100 + i)))
        for i in range(args.docs - scanned)
    ]
    # interleave so digital invoices arrive while scans are queued
    docs.sort(key=lambda d: hash(d[1]) % 997)
    results = []
    for n, workers in enumerate(args.workers):
        calibration = args.calibrate if n == 0 else 0
        results.append(run(workers, docs, args.probes, args.probe_interval, calibration))
        print(json.dumps(results[-1]), flush=True)
    if len(results) == 2:
        speedup = results[1]["docs_per_minute"] / results[0]["docs_per_minute"]  # type: ignore[operator]
        print(json.dumps({"speedup_1_to_2_workers": round(speedup, 2)}))


if __name__ == "__main__":
    main()
