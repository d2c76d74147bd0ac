"""What the accuracy bench reads: one :class:`Job` per document and format.

In: the sets to score (``real``: ``../shared/data``; ``dev`` and ``lockbox``: the generator
families of ``boekstuk.synth.families``; ``synth``: the older word-level synthetic corpus),
the real kinds, documents per family, a seed, and whether scans are wanted. Out: jobs that
carry the true values, our workspace profile and side (generated documents), and how to get
the document's bytes and text (OCR'd text cached, see :mod:`accuracy_text`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accuracy_text import (
    DATA,
    cached_text,
    family_scan_key,
    is_cached,
    load_scan_text,
    load_text,
    manifest,
    read_text,
)

from boekstuk.domain.documents import ContentType
from boekstuk.domain.extraction import ExtractedText
from boekstuk.domain.fields import WorkspaceProfile
from boekstuk.pipeline.intake import detect_content_type

KIND_OF_REAL = {
    "invoice": "invoice",
    "invoice-scan": "invoice",
    "receipt": "receipt",
    "bank_statement": "bank_statement",
}


@dataclass
class Job:
    """One document in one format, with everything true about it."""

    id: str
    set: str  # real | dev | lockbox | synth
    format: str  # digital | scan | image | bank_file
    kind: str  # invoice | credit_note | receipt | bank_statement
    family: str  # the generator family, or the real document's kind
    truth: dict[str, str]
    content_type: ContentType
    pages: int = 1
    profile: WorkspaceProfile | None = None
    our_side: str | None = None
    statement: dict[str, str] | None = None
    transactions: list[dict[str, str]] = field(default_factory=list)
    data: Callable[[], bytes] | None = None  # the file's bytes (what the text stage reads)
    text: Callable[[], ExtractedText] | None = None  # cached text (scans, images); None: read
    pdf_path: Path | None = None  # a digital PDF on disk (for invoice2data)
    cached: bool = True  # False: a scan whose OCR text is not in the cache yet

    @property
    def group(self) -> str:
        """``set/format``: the column the job is counted in."""
        return f"{self.set}/{self.format}"


def _booked(tx: dict[str, Any], fmt: str) -> dict[str, Any]:
    """A real transaction with its booking date as ``date`` (the manifest gives MT940's value
    date as ``date`` and the booking date as ``entry_date``; CONTRACT's ``date`` is booking)."""
    if fmt == "mt940" and tx.get("entry_date"):
        return {**tx, "date": tx["entry_date"]}
    return tx


def real_jobs(kinds: set[str], limit: int | None, *, cached_only: bool = False) -> list[Job]:
    """The documents of ``../shared/data`` of ``kinds`` (``invoice-scan``: the fixed scans)."""
    docs = [d for d in manifest() if d["kind"] in kinds or f"{d['kind']}-scan" in kinds]
    jobs: list[Job] = []
    per_kind: dict[str, int] = {}
    for doc in docs:
        for kind in (doc["kind"], f"{doc['kind']}-scan"):
            if kind not in kinds or (limit and per_kind.get(kind, 0) >= limit):
                continue
            per_kind[kind] = per_kind.get(kind, 0) + 1
            path = DATA / doc["file"]
            scan = kind.endswith("-scan")
            if scan:
                fmt = "scan"
            elif doc["kind"] == "bank_statement":
                fmt = "bank_file"
            else:
                fmt = "image" if doc.get("format") == "image" else "digital"
            head = path.read_bytes()[:8192]
            job = Job(
                id=doc["id"],
                set="real",
                format=fmt,
                kind=KIND_OF_REAL.get(kind, doc["kind"]),
                family=doc["kind"],
                truth=dict(doc.get("fields", {})),
                content_type=ContentType.PDF if scan else detect_content_type(head),
                pages=int(doc.get("pages") or 1),
                transactions=[
                    _booked(t, doc.get("format", "")) for t in doc.get("transactions", [])
                ],
                data=lambda path=path: path.read_bytes(),
                pdf_path=path if fmt == "digital" else None,
            )
            if scan:
                job.text = lambda doc=doc: load_scan_text(doc)
                job.cached = is_cached(f"{doc['sha256']}-scan")
            elif fmt == "image":
                job.text = lambda doc=doc: load_text(doc)
                job.cached = is_cached(doc["sha256"])
            if cached_only and not job.cached:
                continue
            jobs.append(job)
    return jobs


def family_jobs(
    names: list[str],
    set_name: str,
    per_family: int,
    seed: int,
    *,
    scans: bool,
    pdf_dir: Path,
    cached_only: bool = False,
) -> list[Job]:
    """``per_family`` documents of each family, digital and (``scans``) scanned."""
    from boekstuk.synth.families import family_corpus
    from boekstuk.synth.scan import scan_pdf

    pdf_dir.mkdir(parents=True, exist_ok=True)
    jobs: list[Job] = []
    for index, doc in enumerate(family_corpus(names, per_family, seed)):
        number = index % per_family
        ident = f"{doc.family}-{seed}-{number:03d}"
        path = pdf_dir / f"{ident}.pdf"
        path.write_bytes(doc.pdf)
        base: dict[str, Any] = {
            "set": set_name,
            "kind": doc.kind,
            "family": doc.family,
            "truth": dict(doc.truth),
            "content_type": ContentType.PDF,
            "pages": doc.pages,
            "profile": doc.ours,
            "our_side": doc.our_side,
            "statement": doc.statement,
            "transactions": [dict(t) for t in doc.transactions],
        }
        jobs.append(
            Job(id=ident, format="digital", data=lambda pdf=doc.pdf: pdf, pdf_path=path, **base)
        )
        if scans:
            scan_seed = f"scan:{seed}:{doc.family}:{number}"
            key = family_scan_key(doc.pdf, scan_seed)

            def scan(pdf: bytes = doc.pdf, scan_seed: str = scan_seed) -> bytes:
                return scan_pdf(pdf, random.Random(scan_seed))

            job = Job(id=f"{ident}-scan", format="scan", data=scan, **base)
            job.text = lambda key=key, scan=scan: cached_text(key, scan, ContentType.PDF)
            job.cached = is_cached(key)
            if not (cached_only and not job.cached):
                jobs.append(job)
    return jobs


def synth_jobs(count: int, seed: int = 4242) -> list[Job]:
    """``count`` documents of the older word-level corpus (``boekstuk.synth``; no PDF)."""
    from boekstuk.synth import synth_corpus

    jobs = []
    for i, doc in enumerate(synth_corpus(count, seed)):
        text = ExtractedText(doc.pages)
        jobs.append(
            Job(
                id=f"synth-{i:04d}",
                set="synth",
                format="image" if doc.kind == "receipt" else "digital",
                kind=doc.kind,
                family=f"synth-{doc.kind}",
                truth=dict(doc.truth),
                content_type=ContentType.JPEG if doc.kind == "receipt" else ContentType.PDF,
                text=lambda text=text: text,
            )
        )
    return jobs


def text_of(job: Job) -> ExtractedText:
    """The job's text: cached OCR text, or the text stage on its bytes."""
    if job.text is not None:
        return job.text()
    assert job.data is not None
    return read_text(job.data(), job.content_type)
