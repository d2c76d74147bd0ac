"""The bad-input corpus through the real API and one worker process (PostgreSQL + Redis).

``tests/integration/test_bad_input.py`` reads each nasty file in a process of its own; here
the whole corpus goes the way users send it — uploaded, queued, taken by one long-lived
``boekstuk worker`` — and every file must end ``failed`` with its error code, while that same
worker stays up, still processes a good invoice afterwards, and keeps its memory bounded.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.factories import invoice_pdf
from tests.nasty import corpus
from tests.stack import Stack

pytestmark = pytest.mark.slow

PEAK_RSS_LIMIT_MB = 1024


def peak_rss_mb(pgid: int) -> float:
    """The largest peak resident set (VmHWM) of the live processes in a process group."""
    peak = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[2]) != pgid:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, ValueError, IndexError):
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]) / 1024)
    return peak


def test_the_corpus_fails_clearly_through_one_worker_that_stays_up(
    pg_url: str, redis_url: str, tmp_path: Path
) -> None:
    stack = Stack(tmp_path, pg_url, redis_url)
    files = {**corpus(), "zero-bytes.pdf": (b"", "empty_file")}
    try:
        stack.setup_workspace("acme")
        stack.start_api()
        worker = stack.start_worker()
        sent: dict[str, tuple[str, str]] = {}
        for name, (data, code) in files.items():
            response = stack.upload([(name, data)])
            assert response.status_code == 202, (name, response.text)
            [doc] = response.json()["documents"]
            sent[doc["id"]] = (name, code)

        final = stack.wait_final(list(sent), timeout=600)

        outcome = {
            sent[i][0]: (d["status"], (d["error"] or {}).get("code")) for i, d in final.items()
        }
        assert outcome == {name: ("failed", code) for name, code in sent.values()}
        assert all(len(d["error"]["message"]) > 10 for d in final.values())
        assert worker.poll() is None, stack.log_tail("worker0")
        good = stack.upload([("good.pdf", invoice_pdf("2026-0100"))]).json()["documents"][0]
        assert stack.wait_final([good["id"]])[good["id"]]["status"] == "processed"
        assert worker.poll() is None  # the same process, still up
        assert 0 < peak_rss_mb(os.getpgid(worker.pid)) < PEAK_RSS_LIMIT_MB
    finally:
        stack.stop()
