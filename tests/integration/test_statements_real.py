"""The real bank statements in ../shared/data: every transaction and balance check as the bank says.

Skips when the data folder is absent (a fresh clone elsewhere does not have it).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import REPO, SHARED_DATA

MANIFEST = SHARED_DATA / "manifest.jsonl"


def _entries() -> list[dict[str, Any]]:
    if not MANIFEST.exists():
        return []
    rows = [json.loads(line) for line in MANIFEST.read_text().splitlines() if line.strip()]
    return [r for r in rows if r["kind"] == "bank_statement"]


@functools.cache
def _bench() -> ModuleType:
    """bench/statements_real.py, whose comparison the benchmark prints."""
    name = "bench_statements_real"
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / "statements_real.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


ENTRIES = _entries()


@pytest.mark.skipif(not ENTRIES, reason=f"no real statements at {SHARED_DATA}")
@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES] or None)
def test_real_statement_read_as_the_bank_states_it(entry: dict[str, Any]) -> None:
    result = _bench().compare(entry, SHARED_DATA)
    expected = len(entry["transactions"])
    assert result.read == expected, "transaction count"
    assert result.dates_ok == expected, "booking/value dates"
    assert result.amounts_ok == expected, "amounts"
    assert result.currency_ok == expected, "currencies"
    assert result.balance_as_bank, (
        f"balance checks {result.checks} vs bank {entry['balance_check']}"
    )


@pytest.mark.skipif(not ENTRIES, reason=f"no real statements at {SHARED_DATA}")
def test_real_statement_that_does_not_add_up_shows_the_difference() -> None:
    broken = [e for e in ENTRIES if not e["balance_check"]]
    if not broken:
        pytest.skip("every real statement adds up")
    for entry in broken:
        result = _bench().compare(entry, SHARED_DATA)
        assert any(check.startswith("off by") for check in result.checks)


def test_data_path_is_outside_the_repository() -> None:
    assert not Path(SHARED_DATA).resolve().is_relative_to(REPO)
