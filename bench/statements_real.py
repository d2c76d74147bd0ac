"""Read the real bank statements in ../shared/data and compare them with their true values.

Usage: ``.venv/bin/python bench/statements_real.py [DATA_DIR]`` (default ``../shared/data``).
Prints, per file: reader, statements read / stated by the truth (when it says), transactions read / expected, how many agree on date,
amount and currency, each statement's balance check (with the difference when it fails)
against the bank's own ``balance_check``, and the agreement on counterparty name / IBAN where
the truth has one. Exit 1 when a count (statements or transactions), date, amount or balance
check disagrees.

In ``manifest.jsonl`` a transaction's ``date`` is the MT940 value date (``entry_date`` the
booking date) and the CAMT booking date (``value_date`` the value date); a statement's
``balance_check`` is true when the bank's balances add up and null when they do not.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from boekstuk.domain.statements import Statement, Transaction
from boekstuk.engines.statement_registry import pick_reader

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@dataclass
class FileResult:
    """What one file gave against its truth."""

    id: str
    reader: str
    statements: int
    statements_expected: int | None
    read: int
    expected: int
    dates_ok: int = 0
    amounts_ok: int = 0
    currency_ok: int = 0
    names: tuple[int, int] = (0, 0)
    ibans: tuple[int, int] = (0, 0)
    checks: list[str] = field(default_factory=list)
    balance_as_bank: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Every transaction read with its date and amount, balances as the bank states."""
        n = self.expected
        counted = self.statements_expected in (None, self.statements)
        return (
            self.read == n == self.dates_ok == self.amounts_ok and self.balance_as_bank and counted
        )


def _date_ok(fmt: str, truth: dict[str, Any], tx: Transaction) -> bool:
    main: date | None
    second: date | None
    if fmt == "mt940":
        main, second = tx.value_date, tx.booking_date
        second_key = "entry_date"
    else:
        main, second = tx.booking_date, tx.value_date
        second_key = "value_date"
    ok = main is not None and main.isoformat() == truth["date"]
    if second_key in truth:
        ok = ok and second is not None and second.isoformat() == truth[second_key]
    return ok


def compare(entry: dict[str, Any], data_dir: Path) -> FileResult:
    """Read one manifest entry's file and compare it with the entry's true values."""
    data = (data_dir / entry["file"]).read_bytes()
    start = time.perf_counter()
    reader = pick_reader(data)
    statements: list[Statement] = reader.read(data)
    seconds = time.perf_counter() - start
    txs = [t for s in statements for t in s.transactions]
    truth = entry["transactions"]
    result = FileResult(
        entry["id"],
        reader.name,
        len(statements),
        entry["fields"].get("statement_count"),
        len(txs),
        len(truth),
    )
    result.seconds = seconds
    names = [0, 0]
    ibans = [0, 0]
    for mine, true in zip(txs, truth, strict=False):
        result.dates_ok += _date_ok(entry["format"], true, mine)
        result.amounts_ok += mine.amount == Decimal(true["amount"])
        result.currency_ok += mine.currency == true["currency"]
        if "counterparty_name" in true:
            names[1] += 1
            names[0] += (mine.counterparty_name or "") == true["counterparty_name"]
        if "counterparty_iban" in true:
            ibans[1] += 1
            ibans[0] += (mine.counterparty_iban or "") == true["counterparty_iban"]
    result.names, result.ibans = (names[0], names[1]), (ibans[0], ibans[1])
    checks = [s.balance_check() for s in statements]
    result.checks = [
        "ok" if c.ok else ("n/a" if c.ok is None else f"off by {c.difference}") for c in checks
    ]
    all_ok = all(c.ok for c in checks)
    result.balance_as_bank = all_ok if entry["balance_check"] else not all_ok
    return result


def main(argv: list[str]) -> int:
    """Print the figures; exit 1 on any disagreement."""
    data_dir = Path(argv[1]) if len(argv) > 1 else DEFAULT
    manifest = data_dir / "manifest.jsonl"
    if not manifest.exists():
        print(f"no data at {data_dir}", file=sys.stderr)
        return 2
    entries = [json.loads(line) for line in manifest.read_text().splitlines() if line.strip()]
    entries = [e for e in entries if e["kind"] == "bank_statement"]
    results = [compare(e, data_dir) for e in entries]
    print(
        f"{'file':<10} {'reader':<8} {'st/exp':>6} {'read/exp':>9} {'dates':>5} {'amts':>5} "
        f"{'ccy':>4} {'names':>6} {'ibans':>6}  balance checks (bank says)"
    )
    for r in results:
        truth = next(e for e in entries if e["id"] == r.id)["balance_check"]
        print(
            f"{r.id:<10} {r.reader:<8} {r.statements:>3}/{r.statements_expected or '-':<2} "
            f"{r.read:>4}/{r.expected:<4} "
            f"{r.dates_ok:>5} {r.amounts_ok:>5} {r.currency_ok:>4} "
            f"{r.names[0]:>3}/{r.names[1]:<2} {r.ibans[0]:>3}/{r.ibans[1]:<2}  "
            f"{', '.join(r.checks)} ({'adds up' if truth else 'does not add up'})"
            f"{'' if r.ok else '  <-- MISMATCH'}"
        )
    total = sum(r.expected for r in results)
    print(
        f"\n{len(results)} files, {sum(r.statements for r in results)} statements: "
        f"{sum(r.read for r in results)}/{total} transactions read, "
        f"dates {sum(r.dates_ok for r in results)}/{total}, "
        f"amounts {sum(r.amounts_ok for r in results)}/{total}, "
        f"currencies {sum(r.currency_ok for r in results)}/{total}, "
        f"counterparty names {sum(r.names[0] for r in results)}/{sum(r.names[1] for r in results)}, "
        f"IBANs {sum(r.ibans[0] for r in results)}/{sum(r.ibans[1] for r in results)}, "
        f"balance checks as the bank states {sum(r.balance_as_bank for r in results)}/{len(results)} files; "
        f"{sum(r.seconds for r in results) * 1000:.1f} ms reading"
    )
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
