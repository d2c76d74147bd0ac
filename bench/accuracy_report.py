"""Adding up the accuracy bench's scores and printing them as compact tables (or JSON).

In: :class:`~accuracy_score.DocScore` s, the NER comparison and invoice2data's results. Out:
per group (``set/format``: real/digital, dev/scan, lockbox/digital, …) the accuracy per field,
the review rate and the silent error rate (silent errors / documents not sent to review);
for statements the share classified as statements, transactions right (date, amount and
sign, one to one), counterparty names and the balance check; per development family a summary
line; the CPU per digital page against invoice2data; and the misses — never per document for
the lockbox unless asked.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from accuracy_score import FIELDS, DocScore

GROUP_ORDER = ("real", "dev", "lockbox", "synth")
FORMAT_ORDER = ("digital", "scan", "image", "bank_file")


def _order(groups: list[str]) -> list[str]:
    def key(group: str) -> tuple[int, int]:
        s, f = group.split("/")
        return (
            GROUP_ORDER.index(s) if s in GROUP_ORDER else 9,
            FORMAT_ORDER.index(f) if f in FORMAT_ORDER else 9,
        )

    return sorted(groups, key=key)


def _pct(ok: float, n: float) -> str:
    return f"{100 * ok / n:.1f}" if n else "–"


def summarise(scores: list[DocScore], *, by: str = "group") -> dict[str, Any]:
    """Figures per group (or per ``family``) for invoices/receipts and for statements."""
    docs: dict[str, dict[str, Any]] = {}
    for s in scores:
        key = getattr(s, by)
        kind = (
            "statements"
            if s.kind == "bank_statement"
            else "receipts"
            if s.kind == "receipt"
            else "invoices"
        )
        d = docs.setdefault(
            f"{kind}:{key}",
            {
                "documents": 0,
                "type_ok": 0,
                "review": 0,
                "silent": 0,
                "fields": defaultdict(lambda: [0, 0]),
                "silent_fields": defaultdict(int),
            },
        )
        d["documents"] += 1
        d["type_ok"] += s.type_ok
        d["review"] += s.needs_review
        d["silent"] += bool(s.silent)
        for name in s.silent:
            d["silent_fields"][name] += 1
        for name, (ok, _truth, _got) in s.fields.items():
            d["fields"][name][0] += ok
            d["fields"][name][1] += 1
        if s.statement is not None:
            st = s.statement
            for name, value in (
                ("expected", st.expected),
                ("read", st.read),
                ("matched", st.matched),
                ("names_ok", sum(st.names)),
                ("names", len(st.names)),
                ("ibans_ok", sum(st.ibans)),
                ("ibans", len(st.ibans)),
            ):
                d[name] = d.get(name, 0) + value
            d[f"balance_{st.balance}"] = d.get(f"balance_{st.balance}", 0) + 1
            d["all_right"] = d.get("all_right", 0) + (st.matched == st.expected == st.read)
            for name, ok in st.statement_fields.items():
                d["fields"][name][0] += ok
                d["fields"][name][1] += 1
    for d in docs.values():
        processed = d["documents"] - d["review"]
        d["processed"] = processed
        d["review_rate"] = d["review"] / d["documents"]
        d["silent_rate"] = d["silent"] / processed if processed else 0.0
        d["fields"] = {k: tuple(v) for k, v in d["fields"].items()}
        d["silent_fields"] = dict(d["silent_fields"])
    return docs


def _table(title: str, columns: list[str], rows: list[tuple[str, list[str]]]) -> None:
    width = max([len(r[0]) for r in rows] + [22])
    print(f"\n== {title}")
    print(f"{'':{width}} " + " ".join(f"{c:>16}" for c in columns))
    for label, cells in rows:
        print(f"{label:{width}} " + " ".join(f"{c:>16}" for c in cells))


def print_tables(summary: dict[str, Any], cpu: dict[str, Any], peer: dict[str, Any] | None) -> None:
    """The compact tables on stdout."""
    for kind, field_names in (
        ("invoices", [*FIELDS]),
        ("receipts", ["invoice_date", "total_amount", "seller_name", "seller_address"]),
    ):
        groups = _order([k.split(":", 1)[1] for k in summary if k.startswith(f"{kind}:")])
        if not groups:
            continue
        cols = [summary[f"{kind}:{g}"] for g in groups]
        rows: list[tuple[str, list[str]]] = [
            ("documents", [str(c["documents"]) for c in cols]),
            ("type right %", [_pct(c["type_ok"], c["documents"]) for c in cols]),
        ]
        for name in field_names:
            if any(name in c["fields"] for c in cols):
                rows.append(
                    (
                        f"{name} %",
                        [
                            f"{_pct(*c['fields'][name])} ({c['fields'][name][1]})"
                            if name in c["fields"]
                            else "–"
                            for c in cols
                        ],
                    )
                )
        rows += [
            ("REVIEW RATE %", [_pct(c["review"], c["documents"]) for c in cols]),
            (
                "SILENT ERROR RATE %",
                [f"{100 * c['silent_rate']:.1f} ({c['silent']}/{c['processed']})" for c in cols],
            ),
        ]
        _table(f"{kind}: accuracy per field (n), review and silent error rates", groups, rows)
    groups = _order([k.split(":", 1)[1] for k in summary if k.startswith("statements:")])
    if groups:
        cols = [summary[f"statements:{g}"] for g in groups]
        rows = [
            ("documents", [str(c["documents"]) for c in cols]),
            ("classified statement %", [_pct(c["type_ok"], c["documents"]) for c in cols]),
            (
                "transactions right %",
                [
                    f"{_pct(c.get('matched', 0), c.get('expected', 0))} ({c.get('expected', 0)})"
                    for c in cols
                ],
            ),
            ("read / expected", [f"{c.get('read', 0)}/{c.get('expected', 0)}" for c in cols]),
            ("all rows right (docs)", [str(c.get("all_right", 0)) for c in cols]),
            ("counterparty name %", [_pct(c.get("names_ok", 0), c.get("names", 0)) for c in cols]),
            ("counterparty IBAN %", [_pct(c.get("ibans_ok", 0), c.get("ibans", 0)) for c in cols]),
            (
                "balance ok/mismatch/none",
                [
                    f"{c.get('balance_ok', 0)}/{c.get('balance_mismatch', 0)}/{c.get('balance_unchecked', 0)}"
                    for c in cols
                ],
            ),
        ]
        for name in ("account_iban", "opening_balance", "closing_balance"):
            if any(name in c["fields"] for c in cols):
                rows.append(
                    (
                        f"{name} %",
                        [_pct(*c["fields"][name]) if name in c["fields"] else "–" for c in cols],
                    )
                )
        rows.append(("REVIEW RATE %", [_pct(c["review"], c["documents"]) for c in cols]))
        _table("statements", groups, rows)
    if cpu:
        print(
            "\n== CPU seconds per digital invoice page (text + entities + validation; text not cached)"
        )
        for group, (seconds, pages) in cpu.items():
            theirs = (peer or {}).get("cpu_per_page", {}).get(group)
            peer_text = (
                f"invoice2data 1.0.1 {1000 * theirs:.1f} ms/page"
                if theirs is not None
                else "invoice2data not run"
            )
            print(
                f"{group:18} boekstuk {1000 * seconds / pages:.1f} ms/page ({pages} pages)   {peer_text}"
            )
    if peer:
        print(
            f"\n== invoice2data 1.0.1 ({peer['templates']} bundled templates): a template matched / documents, fields right %"
        )
        for group in _order(list(peer["documents"])):
            fields = ", ".join(
                f"{k} {_pct(ok, n)}" for k, (ok, n) in peer["fields"].get(group, {}).items()
            )
            print(
                f"{group:18} {peer['templates_matched'].get(group, 0)}/{peer['documents'][group]}  {fields}"
            )


def print_families(scores: list[DocScore]) -> None:
    """One line per development family (never the lockbox's)."""
    per = summarise([s for s in scores if s.set == "dev"], by="family")
    if not per:
        return
    print("\n== dev families (digital and scans together): docs, review %, silent, key fields %")
    for key in sorted(per):
        d = per[key]
        name = key.split(":", 1)[1]
        if key.startswith("statements:"):
            print(
                f"{name:22} {d['documents']:3}  review {_pct(d['review'], d['documents']):>5}  statement {_pct(d['type_ok'], d['documents']):>5}  transactions right {_pct(d.get('matched', 0), d.get('expected', 0)):>5}  balance ok {d.get('balance_ok', 0)}"
            )
            continue
        keys = {
            "invoice_number": "number",
            "invoice_date": "date",
            "total_amount": "total",
            "counterparty_name": "cp_name",
            "counterparty_vat": "cp_vat",
        }
        cells = "  ".join(
            f"{short}:{_pct(*d['fields'][k]) if k in d['fields'] else '–'}"
            for k, short in keys.items()
        )
        print(
            f"{name:22} {d['documents']:3}  review {_pct(d['review'], d['documents']):>5}  silent {d['silent']:2}/{d['processed']:<3} {cells}"
        )


def misses(scores: list[DocScore], *, lockbox: bool) -> list[str]:
    """Every wrong field and statement shortfall (lockbox documents only when ``lockbox``)."""
    out = []
    for s in scores:
        if s.set == "lockbox" and not lockbox:
            continue
        review = " [review]" if s.needs_review else ""
        if not s.type_ok:
            out.append(f"{s.id} ({s.group}) document_type wrong{review}")
        for name, (ok, truth, got) in s.fields.items():
            if not ok:
                out.append(f"{s.id} ({s.group}){review} {name}: want {truth!r} got {got!r}")
        if s.statement is not None and s.statement.matched < s.statement.expected:
            st = s.statement
            out.append(
                f"{s.id} ({s.group}){review} transactions: {st.matched}/{st.expected} right, {st.read} read, balance {st.balance}"
            )
    return out
