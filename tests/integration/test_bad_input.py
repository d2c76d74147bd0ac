"""Hostile and broken files end as ``failed`` with a clear code; the reader stays up and small.

Each file goes through ``boekstuk extract`` in its own process (what a worker runs), whose
peak memory is measured with ``wait4``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from boekstuk.domain.errors import ErrorCode
from tests.nasty import corpus

BIN = Path(sys.executable).with_name("boekstuk")
CORPUS = corpus()
PEAK_RSS_LIMIT_MB = 1024


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_bad_file_fails_clearly_in_bounded_memory(name: str, tmp_path: Path) -> None:
    data, code = CORPUS[name]
    path = tmp_path / name
    path.write_bytes(data)
    proc = subprocess.Popen(
        [str(BIN), "extract", str(path), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
        env={**os.environ, "BOEKSTUK_DATA_DIR": str(tmp_path / "var")},
    )
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)

    assert proc.returncode == 2, out
    error = json.loads(out)["error"]
    assert error["code"] == code and error["code"] in {c.value for c in ErrorCode}
    assert len(error["message"]) > 10
    assert usage.ru_maxrss / 1024 < PEAK_RSS_LIMIT_MB
