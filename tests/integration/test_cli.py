"""The ``boekstuk`` command as a script would use it: stdout, stderr and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.factories import invoice_pdf

BIN = Path(sys.executable).with_name("boekstuk")


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        check=False,
    )


def test_extract_prints_one_json_object_without_a_database(tmp_path: Path) -> None:
    pdf = tmp_path / "factuur.pdf"
    pdf.write_bytes(invoice_pdf("2026-0042"))
    result = run("extract", str(pdf), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["document_type"] == "invoice"
    assert body["pages"] == [
        {"number": 1, "text_source": "text_layer", "ocr_engine": None, "ocr_confidence": None}
    ]
    assert not (tmp_path / "var").exists()  # nothing written


def test_extract_of_an_unreadable_file_exits_2_with_an_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"\x00\x01junk\xff" * 10)
    result = run("extract", str(junk), "--json", cwd=tmp_path)
    assert result.returncode == 2
    assert json.loads(result.stdout)["error"]["code"] == "unsupported_type"


def test_a_bad_setting_stops_with_one_sentence(tmp_path: Path) -> None:
    result = run("migrate", env={"BOEKSTUK_DATABASE_URL": "oracle://db"}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "BOEKSTUK_DATABASE_URL" in result.stderr


def test_workspace_key_and_process_into_the_embedded_database(tmp_path: Path) -> None:
    env = {"BOEKSTUK_DATA_DIR": str(tmp_path / "var")}
    assert run("migrate", env=env).returncode == 0
    created = run("workspace", "create", "acme", "--vat", "NL000099998B57", env=env)
    assert created.returncode == 0, created.stderr
    key = run("apikey", "create", "--workspace", "acme", env=env).stdout
    assert key.startswith("bk_") and key.count("\n") == 1

    pdf = tmp_path / "factuur.pdf"
    pdf.write_bytes(invoice_pdf("2026-0042"))
    first = run("process", str(pdf), "--workspace", "acme", env=env)
    again = run("process", str(pdf), "--workspace", "acme", env=env)
    assert first.returncode == 0, first.stderr
    line, repeat = json.loads(first.stdout), json.loads(again.stdout)
    assert (line["status"], line["document_type"]) == ("processed", "invoice")
    assert repeat["duplicate_of"] == line["id"]


def test_a_bad_vat_number_is_refused(tmp_path: Path) -> None:
    env = {"BOEKSTUK_DATA_DIR": str(tmp_path / "var")}
    run("migrate", env=env)
    result = run("workspace", "create", "acme", "--vat", "NL123456789B01", env=env)
    assert result.returncode != 0
    assert "invalid VAT number" in result.stderr


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in found.read_text().split()] if found.exists() else []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_up_serves_and_stops_its_worker_with_it(tmp_path: Path) -> None:
    import signal
    import time

    import httpx

    port = _free_port()
    env = {**os.environ, "BOEKSTUK_DATA_DIR": str(tmp_path / "var")}
    up = subprocess.Popen(
        [str(BIN), "up", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        workers = _children(up.pid)
        assert workers, "boekstuk up runs a separate worker process"
        up.send_signal(signal.SIGTERM)
        up.wait(timeout=60)
        deadline = time.monotonic() + 60
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not any(_alive(w) for w in workers), "the worker outlived boekstuk up"
    finally:
        if up.poll() is None:
            up.kill()
