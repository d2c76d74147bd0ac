"""Upload acknowledgement latency and throughput against PostgreSQL + Redis.

Starts the real stack (``boekstuk serve`` + one ``boekstuk worker``) on a fresh PostgreSQL
database and a private Redis queue prefix, then sends N distinct ~100 KB PDFs from C
concurrent clients and prints p50/p99 latency of the 202 answer and uploads per second.

    .venv/bin/python bench/upload_latency.py [--uploads 500] [--clients 16] [--api-workers 2]

The first ``--warmup`` uploads (default 64, sent by the same clients) are not measured, so
that every API process has its connections and caches before the clock starts.

Targets (issue 2): p99 < 100 ms and >= 150 uploads/s on a 2-core machine, worker running.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import psycopg

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.factories import invoice_pdf  # noqa: E402
from tests.stack import Stack  # noqa: E402

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) of every live process in a process group."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields[0] is the state; pgrp is the 3rd after ")"
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def pids_cpu_seconds(pids: list[int]) -> dict[int, float]:
    """CPU time (user + system) of each live process in ``pids``."""
    ticks = os.sysconf("SC_CLK_TCK")
    result: dict[int, float] = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        result[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return result


def backend_pids(database: str) -> list[int]:
    """PostgreSQL backend processes connected to ``database``."""
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", (database,)
        ).fetchall()
    return [int(row[0]) for row in rows]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


async def run_clients(stack: Stack, bodies: list[bytes], clients: int) -> tuple[list[float], float]:
    """Send every body once, ``clients`` at a time; returns latencies (s) and wall time."""
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    latencies: list[float] = []
    headers = stack.headers()

    async def client() -> None:
        async with httpx.AsyncClient(base_url=stack.url, headers=headers, timeout=30) as http:
            while not queue.empty():
                body = queue.get_nowait()
                started = time.perf_counter()
                response = await http.post("/upload", files=[("files", ("inv.pdf", body))])
                latencies.append(time.perf_counter() - started)
                if response.status_code != 202:
                    raise RuntimeError(f"upload failed: {response.status_code} {response.text}")

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--uploads", type=int, default=500)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--api-workers", type=int, default=2)
    parser.add_argument("--size-kb", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=64, help="unmeasured uploads first")
    args = parser.parse_args()

    name = f"bk_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    tmp = Path(tempfile.mkdtemp(prefix="bk-bench-"))
    stack = Stack(
        tmp,
        f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}",
        "redis://127.0.0.1:6379/0",
        log_level="WARNING",
    )
    try:
        stack.setup_workspace("bench")
        stack.keys["acme"] = stack.keys["bench"]
        stack.api = None
        import subprocess

        from tests.stack import BIN

        stack.api = subprocess.Popen(
            [str(BIN), "serve", "--port", str(stack.port), "--workers", str(args.api_workers)],
            env=stack.env,
            stdout=(tmp / "api.log").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{stack.url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        stack.start_worker()
        base = invoice_pdf("BENCH-1")
        pad = max(0, args.size_kb * 1024 - len(base))
        bodies = [
            base + b"\n%" + os.urandom(pad // 2).hex().encode()[:pad] for _ in range(args.uploads)
        ]
        # warm-up of every API process (connections, imports, first queries, key cache):
        # ``clients`` at a time, so that each process gets some; not measured
        warm = [base + b"\n%warm" + str(i).encode() for i in range(args.warmup)]
        asyncio.run(run_clients(stack, warm, args.clients))
        api_pgid = stack.api.pid
        worker_pgid = stack.workers[0].pid
        api_cpu, worker_cpu = group_cpu_seconds(api_pgid), group_cpu_seconds(worker_pgid)
        pg_before = pids_cpu_seconds(backend_pids(name))
        client_cpu = time.process_time()
        load_before = os.getloadavg()
        latencies, wall = asyncio.run(run_clients(stack, bodies, args.clients))
        client_cpu = time.process_time() - client_cpu
        api_cpu = group_cpu_seconds(api_pgid) - api_cpu
        worker_cpu = group_cpu_seconds(worker_pgid) - worker_cpu
        pg_after = pids_cpu_seconds(backend_pids(name))
        pg_cpu = sum(cpu - pg_before.get(pid, 0.0) for pid, cpu in pg_after.items())
        result = {
            "uploads": args.uploads,
            "clients": args.clients,
            "api_workers": args.api_workers,
            "size_kb": round(len(bodies[0]) / 1024, 1),
            "cpus": os.cpu_count(),
            "p50_ms": round(percentile(latencies, 50) * 1000, 1),
            "p99_ms": round(percentile(latencies, 99) * 1000, 1),
            "mean_ms": round(statistics.mean(latencies) * 1000, 1),
            "uploads_per_s": round(args.uploads / wall, 1),
            "api_cpu_ms_per_upload": round(api_cpu / args.uploads * 1000, 2),
            "client_cpu_ms_per_upload": round(client_cpu / args.uploads * 1000, 2),
            "postgres_cpu_ms_per_upload": round(pg_cpu / args.uploads * 1000, 2),
            "worker_cpu_ms_during_run": round(worker_cpu * 1000),
            "wall_s": round(wall, 2),
            "load_avg_before": [round(x, 2) for x in load_before],
            "load_avg_after": [round(x, 2) for x in os.getloadavg()],
        }
        print(json.dumps(result))
    finally:
        stack.stop()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
