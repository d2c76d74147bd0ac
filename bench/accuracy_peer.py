"""invoice2data 1.0.1 on the same documents: its accuracy and its CPU per digital page.

In: the bench's jobs. Digital PDFs go through invoice2data's ``pdftotext`` input (poppler's
``pdftotext``, installed by ``scripts/system-deps.sh``); scans and receipts through its ``text``
input fed our cached OCR text (it has no OCR worth comparing). Out: per group the share of
documents whose fields it got right (its bundled templates; a document no template matches
scores nothing), how many a template matched, and CPU seconds (this process and its
``pdftotext`` children) per digital page. Needs the dev extra (invoice2data 1.0.1).
"""

from __future__ import annotations

import logging
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from accuracy_jobs import Job, text_of
from accuracy_score import same
from accuracy_text import cpu

# invoice2data's output keys → ours
_FIELDS = {
    "invoice_number": "invoice_number",
    "date": "invoice_date",
    "date_due": "due_date",
    "amount": "total_amount",
    "amount_untaxed": "net_amount",
    "amount_tax": "tax_amount",
    "issuer": "seller_name",
    "vat": "seller_vat",
    "currency": "currency",
}


def run_invoice2data(jobs: list[Job]) -> dict[str, Any]:
    """Score invoice2data on the invoice jobs (digital PDFs and OCR'd text)."""
    from invoice2data import extract_data
    from invoice2data.extract.loader import read_templates
    from invoice2data.input import pdftotext
    from invoice2data.input import text as text_input

    logging.getLogger("invoice2data").setLevel(logging.CRITICAL)
    templates = read_templates()
    per: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    matched: dict[str, int] = defaultdict(int)
    docs: dict[str, int] = defaultdict(int)
    cpu_by: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # seconds, pages
    scratch = tempfile.TemporaryDirectory(prefix="bench-i2d-")
    for job in jobs:
        if job.kind not in ("invoice", "credit_note", "receipt") or job.set == "synth":
            continue
        module: Any = pdftotext
        path = job.pdf_path
        if job.format != "digital" or path is None:
            if not job.cached:
                continue
            path = Path(scratch.name) / f"{job.id}.txt"
            path.write_text(text_of(job).text, encoding="utf-8")
            module = text_input
        started = cpu()
        try:
            result = extract_data(str(path), templates=templates, input_module=module) or {}
        except Exception:  # the peer raising is a miss, not a crash of the bench
            result = {}
        spent = cpu() - started
        if job.format == "digital":
            cpu_by[job.group][0] += spent
            cpu_by[job.group][1] += job.pages
        docs[job.group] += 1
        matched[job.group] += bool(result)
        for theirs, ours in _FIELDS.items():
            truth = job.truth.get(ours)
            if truth is None:
                continue
            value: Any = result.get(theirs)
            if hasattr(value, "date"):
                value = value.date().isoformat()
            per[job.group][ours][0] += same(ours, truth, None if value is None else str(value))
            per[job.group][ours][1] += 1
    scratch.cleanup()
    return {
        "fields": {g: dict(f) for g, f in per.items()},
        "documents": dict(docs),
        "templates_matched": dict(matched),
        "cpu_per_page": {g: s / p for g, (s, p) in cpu_by.items() if p},
        "templates": len(templates),
    }
