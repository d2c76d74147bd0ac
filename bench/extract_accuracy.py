"""Accuracy of the pipeline on real documents and on the generator's families, side by side.

In: ``../shared/data`` (``real``: its invoices, receipts and bank files with their true
values), the generator families of ``boekstuk.synth.families`` (``dev``: the families
developers work against; ``lockbox``: the 4 + 2 held back, bench/lockbox.json) and, with
``--synth N``, the older word-level synthetic corpus. Each document goes through the real
pipeline — ``analyse_text`` with the document's workspace profile (generated documents; real
ones have none), then ``with_statements`` — digital PDFs read afresh, scans (``--scans``:
the real invoices' fixed scans and each family's documents through ``boekstuk.synth.scan``)
OCR'd once by the real text stage and cached under ``var/bench-text/`` (content hash + text
stage fingerprint).

Out (stdout, or ``--json``): per group ``set/format`` the accuracy per field, the REVIEW RATE
(share sent to ``needs_review``) and the SILENT ERROR RATE (share of the documents not sent to
review that have a wrong invoice number, invoice date, total, counterparty name or
counterparty VAT; the counterparty is the side that is not ours — for real documents the
seller); for statements the share classified as statements, transactions with the right
date, amount and sign (one to one), counterparty names and the balance check; one line per dev
family; CPU seconds per digital invoice page for text + entities + validation against
invoice2data 1.0.1 on the same PDFs; the party NER alone beside the rules (real and
``--synth``). Lockbox documents are reported only in aggregate unless
``--show-lockbox-misses``.

Run: ``.venv/bin/python bench/extract_accuracy.py [--set real,dev,lockbox] [--per-family 8]
[--seed 2026] [--scans] [--kinds invoice,receipt,bank_statement] [--families a,b]
[--no-invoice2data] [--misses] [--json] [--warm] [--cached-only] [--synth N] [--no-ner]
[--repeat N]``.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from accuracy_jobs import Job, family_jobs, real_jobs, synth_jobs, text_of
from accuracy_peer import run_invoice2data
from accuracy_report import misses, print_families, print_tables, summarise
from accuracy_score import DocScore, same, score
from accuracy_text import DATA, ROOT, cpu, read_text, text_stage

from boekstuk.engines.spacy_ner import party_ner, set_party_ner

NER_COMPARED = ("seller_name", "seller_address", "buyer_name", "buyer_address")


def _timed(job: Job, repeat: int) -> tuple[Any, float]:
    """Text + entities + validation of a digital PDF, its CPU seconds (best of ``repeat``)."""
    from boekstuk.pipeline.analyse import analyse_text

    assert job.data is not None
    data = job.data()
    best, analysis = float("inf"), None
    for _ in range(max(repeat, 1)):
        started = cpu()
        text = read_text(data, job.content_type)
        analysis = analyse_text(text, job.content_type, profile=job.profile, data=data)
        best = min(best, cpu() - started)
    return analysis, best


def analyse_job(job: Job, repeat: int = 1) -> tuple[DocScore, Any]:
    """Run one job through the pipeline and score it; returns the score and the text."""
    from boekstuk.pipeline.analyse import analyse, analyse_text
    from boekstuk.pipeline.statements import with_statements

    spent = None
    if job.format == "bank_file":
        assert job.data is not None
        analysis = analyse(job.data(), job.content_type, text_stage(), profile=job.profile)
    elif job.text is None:
        analysis, spent = _timed(job, repeat)
        assert job.data is not None
        analysis = with_statements(analysis, job.data(), job.content_type)
    else:
        text = job.text()
        analysis = analyse_text(text, job.content_type, profile=job.profile)
        analysis = with_statements(analysis, b"", job.content_type)
    result = score(job, analysis.extraction, analysis.needs_review, analysis.review_reasons)
    result.cpu = spent
    return result, analysis.text


def ner_alone(job: Job, text: Any, ner: Any, per: dict[str, dict[str, list[int]]]) -> None:
    """The party NER on its own, on the name and address fields (to set against the rules)."""
    fields = ner.extract(text, single_party=job.kind == "receipt")
    for name in NER_COMPARED:
        truth = job.truth.get(name)
        if truth is None:
            continue
        value = fields.get(name, {}).get("value")
        per[job.group][name][0] += same(name, truth, None if value is None else str(value))
        per[job.group][name][1] += 1


def collect(args: argparse.Namespace) -> list[Job]:
    """The jobs of the chosen sets."""
    from boekstuk.synth.families import dev_families, lockbox

    sets = set(args.set.split(","))
    jobs: list[Job] = []
    if "real" in sets:
        kinds = set(args.kinds.split(","))
        if args.scans:
            kinds.add("invoice-scan")
        jobs += real_jobs(kinds, args.limit, cached_only=args.cached_only)
    wanted = set(args.families.split(",")) if args.families else None
    pdf_dir = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    atexit.register(shutil.rmtree, pdf_dir, ignore_errors=True)
    for name, families in (("dev", dev_families()), ("lockbox", lockbox())):
        if name in sets:
            chosen = [f for f in families if wanted is None or f in wanted]
            jobs += family_jobs(
                chosen,
                name,
                args.per_family,
                args.seed,
                scans=args.scans,
                pdf_dir=pdf_dir,
                cached_only=args.cached_only,
            )
    if args.synth:
        jobs += synth_jobs(args.synth)
    return jobs


def warm(jobs: list[Job]) -> None:
    """OCR every scan and image not cached yet, printing seconds per page."""
    wall = spent = 0.0
    pages = 0
    for job in jobs:
        if job.text is None or job.cached:
            continue
        started, cpu_started = time.perf_counter(), cpu()
        text = text_of(job)
        took, took_cpu = time.perf_counter() - started, cpu() - cpu_started
        wall, spent, pages = wall + took, spent + took_cpu, pages + len(text.pages)
        label = job.id if job.set != "lockbox" else "lockbox document"
        print(f"{label} ({job.group}) {took:.1f} s, {took_cpu:.1f} s CPU", flush=True)
    print(
        f"{pages} pages OCR'd: {wall / max(pages, 1):.2f} s/page wall, {spent / max(pages, 1):.2f} s/page CPU"
    )


def main() -> None:
    """Command line entry."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one Tesseract thread, as in the worker
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--set", default="real,dev,lockbox", help="real, dev, lockbox (comma-separated)"
    )
    parser.add_argument(
        "--kinds",
        default="invoice,receipt,bank_statement",
        help="real kinds: invoice, invoice-scan, receipt, bank_statement",
    )
    parser.add_argument("--per-family", type=int, default=8, help="documents per generator family")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the generated corpus")
    parser.add_argument(
        "--scans",
        action="store_true",
        help="also scans: real invoices and every family document, OCR'd",
    )
    parser.add_argument("--families", default="", help="only these families (comma-separated)")
    parser.add_argument("--limit", type=int, help="at most N real documents per kind")
    parser.add_argument(
        "--synth", type=int, default=0, help="also N documents of the older word-level corpus"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--misses", action="store_true", help="list every wrong field (not the lockbox's)"
    )
    parser.add_argument(
        "--show-lockbox-misses",
        action="store_true",
        help="also the lockbox's misses (only at the end!)",
    )
    parser.add_argument("--warm", action="store_true", help="only fill the OCR text cache")
    parser.add_argument("--cached-only", action="store_true", help="score only scans already OCR'd")
    parser.add_argument(
        "--no-invoice2data", action="store_true", help="skip the invoice2data comparison"
    )
    parser.add_argument("--invoice2data", action="store_true", help=argparse.SUPPRESS)  # default
    parser.add_argument(
        "--no-ner", action="store_true", help="rules only: the party NER is not loaded"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="time digital documents as the best of N"
    )
    args = parser.parse_args()
    if "real" in args.set.split(",") and not (DATA / "manifest.jsonl").exists():
        print(f"no data at {DATA}; use --set dev,lockbox", file=sys.stderr)
        raise SystemExit(1)
    if args.no_ner:
        set_party_ner(None)
    jobs = collect(args)
    if args.warm:
        warm(jobs)
        return
    ner = party_ner()
    ner_per: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    scores: list[DocScore] = []
    cpu_by: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for n, job in enumerate(jobs, 1):
        if job.text is not None and not job.cached:
            print(f"OCR {n}/{len(jobs)} ({job.group})", file=sys.stderr, flush=True)
        result, text = analyse_job(job, args.repeat)
        scores.append(result)
        if result.cpu is not None and job.kind in ("invoice", "credit_note"):
            cpu_by[job.group][0] += result.cpu
            cpu_by[job.group][1] += job.pages
        if ner is not None and job.set in ("real", "synth") and job.kind != "bank_statement":
            ner_alone(job, text, ner, ner_per)
    peer = None if args.no_invoice2data else run_invoice2data(jobs)
    summary = summarise(scores)
    wrong = misses(scores, lockbox=args.show_lockbox_misses)
    if args.json:
        out: dict[str, Any] = {
            "config": {
                "sets": args.set,
                "per_family": args.per_family,
                "seed": args.seed,
                "scans": args.scans,
                "root": str(ROOT),
            },
            "summary": summary,
            "cpu_per_page": {g: s / p for g, (s, p) in cpu_by.items() if p},
            "invoice2data": peer,
            "ner_alone": {g: dict(f) for g, f in ner_per.items()},
        }
        if args.misses or args.show_lockbox_misses:
            out["misses"] = wrong
        print(json.dumps(out, indent=1, default=str))
        return
    print_tables(summary, {g: (s, p) for g, (s, p) in cpu_by.items() if p}, peer)
    print_families(scores)
    if ner_per:
        print("\n== party NER alone vs the rules (exact normal form; names: token_set_ratio ≥ 90)")
        for group, fields in ner_per.items():
            rules = summary.get(
                f"{'receipts' if 'image' in group else 'invoices'}:{group}", {}
            ).get("fields", {})
            cells = ", ".join(
                f"{k} rules {100 * rules[k][0] / rules[k][1]:.0f} / NER {100 * ok / n:.0f}%"
                for k, (ok, n) in sorted(fields.items())
                if n and k in rules
            )
            print(f"{group:16} {cells}")
    if args.misses or args.show_lockbox_misses:
        print("\n" + "\n".join(wrong))


if __name__ == "__main__":
    main()
