"""Accuracy of entity extraction on the real documents of ``../shared/data``, per field and kind.

In: ``../shared/data/manifest.jsonl`` (true values) and its documents. Out: a table on stdout
(and ``--json`` a machine-readable summary). Text extraction (OCR for scans) is slow and not
what is measured here, so each document's :class:`ExtractedText` is cached under
``var/bench-text/`` (gitignored) and reruns only time the entities + validate stages.

Run: ``.venv/bin/python bench/extract_accuracy.py [--kinds invoice,invoice-scan,receipt]
[--invoice2data] [--synth 300] [--no-ner] [--misses] [--json]`` (``--warm`` fills the text
cache first; ``invoice-scan`` OCRs scans the bench makes of the digital invoices). Per kind it
prints the pipeline's accuracy per field, the party NER alone beside it, and invoice2data 1.0.1
with its bundled templates on the same files.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import functools
import hashlib
import json
import os
import pickle
import sys
import time
import unicodedata
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from boekstuk.config import get_settings
from boekstuk.domain.documents import ContentType
from boekstuk.domain.extraction import ExtractedText
from boekstuk.engines.spacy_ner import party_ner, set_party_ner
from boekstuk.pipeline.entities.extract import NER_FIELDS
from boekstuk.pipeline.intake import detect_content_type
from boekstuk.pipeline.text import extract_text
from boekstuk.services.wiring import text_config

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
CACHE = ROOT / "var" / "bench-text"
# the sources whose change changes the text of a document: a cached text made by other code
# (or another OCR configuration) is not reused
_TEXT_SOURCES = ("pipeline/text.py", "pipeline/preprocess.py", "pipeline/tables.py", "engines")


@functools.cache
def text_fingerprint() -> str:
    """A short hash of the text stage's code and OCR settings, part of every cache key."""
    src = ROOT / "src" / "boekstuk"
    config = text_config(get_settings())
    names = [
        [engine.name for engine in engines] for engines in (config.engines, config.photo_engines)
    ]
    plain = dataclasses.replace(config, engines=(), photo_engines=())
    digest = hashlib.sha256(f"{names} {plain!r}".encode())
    for name in _TEXT_SOURCES:
        path = src / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            if file.exists():
                digest.update(file.read_bytes())
    return digest.hexdigest()[:10]


def cache_path(doc: dict[str, Any], suffix: str = "") -> Path:
    """Where the document's extracted text is cached (keyed by content and text stage)."""
    return CACHE / f"{doc['sha256']}{suffix}-{text_fingerprint()}.pickle"


def load_text(doc: dict[str, Any], data_dir: Path = DATA) -> ExtractedText:
    """The document's text, from the cache when it was extracted before."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = cache_path(doc)
    if cached.exists():
        text: ExtractedText = pickle.loads(cached.read_bytes())
        return text
    data = (data_dir / doc["file"]).read_bytes()
    text = extract_text(data, detect_content_type(data[:8192]), text_config(get_settings()))
    cached.write_bytes(pickle.dumps(ExtractedText(text.pages)))
    return text


def scan_of(pdf: bytes, dpi: int = 300) -> bytes:
    """The PDF as an office scanner gives it back: grey pages, slightly skewed, speckled,
    JPEG-compressed, no text layer (so the text stage must OCR it)."""
    import io
    import random

    import pymupdf
    from PIL import Image

    source: Any = pymupdf.open(stream=pdf, filetype="pdf")  # type: ignore[no-untyped-call]
    out: Any = pymupdf.open()  # type: ignore[no-untyped-call]
    rng = random.Random(7)
    for page in source:
        pixmap = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        image = Image.frombytes("L", (pixmap.width, pixmap.height), pixmap.samples)
        image = image.rotate(0.6, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
        pixels = image.load()
        assert pixels is not None
        for _ in range(int(image.width * image.height * 0.001)):
            x, y = rng.randrange(image.width), rng.randrange(image.height)
            pixels[x, y] = 0 if rng.random() < 0.5 else 255
        buf = io.BytesIO()
        image.save(buf, format="JPEG", quality=70, dpi=(dpi, dpi))
        new = out.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, stream=buf.getvalue())
    return bytes(out.tobytes())


def load_scan_text(doc: dict[str, Any], data_dir: Path = DATA) -> ExtractedText:
    """The OCR'd text of the document's scan (cached like :func:`load_text`)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = cache_path(doc, "-scan")
    if cached.exists():
        text: ExtractedText = pickle.loads(cached.read_bytes())
        return text
    data = scan_of((data_dir / doc["file"]).read_bytes())
    text = extract_text(data, ContentType.PDF, text_config(get_settings()))
    cached.write_bytes(pickle.dumps(ExtractedText(text.pages)))
    return text


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the tesseract runs)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def manifest(data_dir: Path = DATA) -> list[dict[str, Any]]:
    """The manifest's documents."""
    lines = (data_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


NAME_FIELDS = {"seller_name", "buyer_name"}
ADDRESS_FIELDS = {"seller_address", "buyer_address"}
AMOUNT_FIELDS = {"total_amount", "net_amount", "tax_amount"}
SCORED = [
    "invoice_number",
    "invoice_date",
    "due_date",
    "currency",
    "total_amount",
    "net_amount",
    "tax_amount",
    "payment_reference",
    "seller_name",
    "seller_address",
    "seller_vat",
    "seller_iban",
    "seller_bic",
    "seller_coc",
    "buyer_name",
    "buyer_address",
    "buyer_vat",
    "buyer_iban",
]
EXPECTED_TYPE = {
    "invoice": {"invoice", "credit_note"},
    "credit_note": {"credit_note"},
    "receipt": {"receipt"},
}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


def same(field: str, truth: str, got: str | None, *, lenient: bool = False) -> bool:
    """Does ``got`` match the true value (exact normal form; ``lenient`` for names/addresses)."""
    if got is None:
        return False
    if field in AMOUNT_FIELDS:
        try:
            return Decimal(truth) == Decimal(got)
        except InvalidOperation:
            return False
    if field in NAME_FIELDS or field in ADDRESS_FIELDS:
        a, b = _norm(truth), _norm(got)
        if a == b:
            return True
        if not lenient:
            return False
        if field in NAME_FIELDS:
            shorter, longer = sorted((a, b), key=len)
            if shorter and shorter in longer and len(shorter) >= 0.6 * len(longer):
                return True
            return difflib.SequenceMatcher(None, a, b).ratio() >= 0.85
        ta, tb = set(a.split()), set(b.split())
        return len(ta & tb) >= 0.8 * len(ta)
    return "".join(truth.split()).upper() == "".join(got.split()).upper()


def synth_jobs(count: int, seed: int = 4242) -> list[tuple[dict[str, Any], str]]:
    """``count`` synthetic documents (``boekstuk.synth``, a seed the NER never trained on)."""
    from boekstuk.synth import synth_corpus

    jobs = []
    for i, doc in enumerate(synth_corpus(count, seed)):
        item = {
            "id": f"synth-{i:04d}",
            "kind": doc.kind,
            "file": "synth.jpg" if doc.kind == "receipt" else "synth.pdf",
            "fields": doc.truth,
            "_text": ExtractedText(doc.pages),
        }
        jobs.append((item, f"synth-{doc.kind}"))
    return jobs


def run(
    kinds: set[str], limit: int | None, cached_only: bool = False, synth: int = 0
) -> dict[str, Any]:
    """Score every document of ``kinds`` (and ``synth`` synthetic ones); returns the summary."""
    from boekstuk.pipeline.analyse import analyse_text

    per: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    types: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    review: dict[str, int] = defaultdict(int)
    seconds = cpu_seconds = 0.0  # wall clock, and CPU time (fair on a machine shared by others)
    count = 0
    misses: list[str] = []
    ner = party_ner()
    ner_per: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    ner_seconds = 0.0
    docs = [d for d in manifest() if d["kind"] in kinds or f"{d['kind']}-scan" in kinds]
    docs = docs[:limit] if limit else docs
    jobs = [(d, d["kind"]) for d in docs if d["kind"] in kinds]
    jobs += [
        (d, f"{d['kind']}-scan")
        for d in docs
        if f"{d['kind']}-scan" in kinds and (not cached_only or cache_path(d, "-scan").exists())
    ]
    jobs += synth_jobs(synth) if synth else []
    for doc, kind in jobs:
        if "_text" in doc:
            text = doc["_text"]
        else:
            text = load_scan_text(doc) if kind.endswith("-scan") else load_text(doc)
        started, cpu_started = time.perf_counter(), time.process_time()
        content_type = ContentType.JPEG if doc["file"].endswith(".jpg") else ContentType.PDF
        analysis = analyse_text(text, content_type)
        seconds += time.perf_counter() - started
        cpu_seconds += time.process_time() - cpu_started
        count += 1
        extraction = analysis.extraction
        types[kind][0] += extraction["document_type"] in EXPECTED_TYPE.get(doc["kind"], {kind})
        types[kind][1] += 1
        review[kind] += analysis.needs_review
        fields = extraction["fields"]
        for name in SCORED:
            truth = doc["fields"].get(name)
            if truth is None:
                continue
            got = fields.get(name, {}).get("value")
            ok = same(name, truth, got)
            per[kind][name][0] += ok
            per[kind][name][1] += same(name, truth, got, lenient=True)
            per[kind][name][2] += 1
            if not ok:
                misses.append(f"{doc['id']} ({kind}) {name}: want {truth!r} got {got!r}")
        if ner is not None:  # the NER alone on the party fields, to set against the rules
            started = time.perf_counter()
            ner_fields = ner.extract(text, single_party=doc["kind"] == "receipt")
            ner_seconds += time.perf_counter() - started
            for name in sorted(NAME_FIELDS | ADDRESS_FIELDS):
                truth = doc["fields"].get(name)
                if truth is None:
                    continue
                value = ner_fields.get(name, {}).get("value")
                got_ner = None if value is None else str(value)
                ner_per[kind][name][0] += same(name, truth, got_ner)
                ner_per[kind][name][1] += same(name, truth, got_ner, lenient=True)
                ner_per[kind][name][2] += 1
    return {
        "ner_per_kind": {k: dict(v) for k, v in ner_per.items()},
        "ner_seconds": ner_seconds,
        "ner_fields": {t.value: sorted(f) for t, f in NER_FIELDS.items()},
        "per_kind": {k: {f: v for f, v in fields.items()} for k, fields in per.items()},
        "types": dict(types),
        "needs_review": dict(review),
        "documents": count,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "misses": misses,
    }


# invoice2data's output keys → ours
_I2D_FIELDS = {
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


def run_invoice2data(kinds: set[str], limit: int | None) -> dict[str, Any]:
    """The peer's accuracy with its bundled templates: PDFs through its ``pdftotext`` input,
    receipts and scans through its ``text`` input fed our cached OCR text (it has no OCR of its
    own worth comparing). Needs the dev extra (invoice2data 1.0.1) and poppler's ``pdftotext``."""
    import logging

    from invoice2data import extract_data
    from invoice2data.extract.loader import read_templates
    from invoice2data.input import pdftotext
    from invoice2data.input import text as text_input

    logging.getLogger("invoice2data").setLevel(logging.CRITICAL)
    templates = read_templates()
    per: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    seconds, count, matched = 0.0, 0, 0
    timing: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    docs = [d for d in manifest() if d["kind"] in kinds or f"{d['kind']}-scan" in kinds]
    docs = docs[:limit] if limit else docs
    jobs = [(d, d["kind"]) for d in docs if d["kind"] in kinds]
    jobs += [(d, f"{d['kind']}-scan") for d in docs if f"{d['kind']}-scan" in kinds]
    for doc, kind in jobs:
        path = DATA / doc["file"]
        module: Any = pdftotext
        if kind.endswith("-scan") or not doc["file"].endswith(".pdf"):
            scan = kind.endswith("-scan")
            txt = CACHE / f"{doc['sha256']}{'-scan' if scan else ''}.txt"
            txt.write_text((load_scan_text(doc) if scan else load_text(doc)).text, encoding="utf-8")
            path, module = txt, text_input
        started = time.perf_counter()
        try:
            result = extract_data(str(path), templates=templates, input_module=module) or {}
        except Exception:  # the peer raising is a miss, not a crash of the bench
            result = {}
        spent = time.perf_counter() - started
        seconds += spent
        count += 1
        matched += bool(result)
        timing[kind][0] += spent
        timing[kind][1] += 1
        got = {ours: result.get(theirs) for theirs, ours in _I2D_FIELDS.items()}
        for name in SCORED:
            truth = doc["fields"].get(name)
            if truth is None:
                continue
            value: Any = got.get(name)
            if hasattr(value, "date"):
                value = value.date().isoformat()
            text = None if value is None else str(value)
            ok = same(name, truth, text)
            per[kind][name][0] += ok
            per[kind][name][1] += same(name, truth, text, lenient=True)
            per[kind][name][2] += 1
    return {
        "per_kind": per,
        "documents": count,
        "seconds": seconds,
        "templates_matched": matched,
        "ms_per_doc": {k: round(1000 * t / max(n, 1), 1) for k, (t, n) in timing.items()},
    }


def _print_peer(peer: dict[str, Any]) -> None:
    per_doc = peer["seconds"] / max(peer["documents"], 1)
    print(
        f"\n== invoice2data 1.0.1 (bundled templates): {peer['documents']} docs, "
        f"a template matched {peer['templates_matched']}, {per_doc * 1000:.1f} ms/doc "
        f"(per kind: {peer['ms_per_doc']})"
    )
    for kind, fields in peer["per_kind"].items():
        line = ", ".join(
            f"{name} {100 * ok / n:.0f}%" for name, (ok, _loose, n) in fields.items() if n
        )
        print(f"{kind}: {line}")


def _print(summary: dict[str, Any]) -> None:
    for kind, fields in summary["per_kind"].items():
        right, total = summary["types"][kind]
        print(
            f"\n== {kind}: {total} documents, type right {right}/{total}, "
            f"needs_review {summary['needs_review'][kind]}"
        )
        print(f"{'field':20} {'exact':>8} {'lenient':>8}  n")
        for name in SCORED:
            if name in fields:
                ok, loose, n = fields[name]
                print(f"{name:20} {100 * ok / n:7.1f}% {100 * loose / n:7.1f}%  {n}")
    if summary["ner_per_kind"]:
        print(f"\n== party NER alone vs the pipeline (NER used for: {summary['ner_fields']})")
        print(f"{'kind':14} {'field':16} {'pipeline':>9} {'NER':>7} {'lenient p/NER':>14}  n")
        for kind, fields in summary["ner_per_kind"].items():
            for name, (ok, loose, n) in sorted(fields.items()):
                mine, mine_loose, _ = summary["per_kind"][kind][name]
                print(
                    f"{kind:14} {name:16} {100 * mine / n:8.1f}% {100 * ok / n:6.1f}% "
                    f"{100 * mine_loose / n:6.1f}/{100 * loose / n:5.1f}%  {n}"
                )
        ner_doc = summary["ner_seconds"] / max(summary["documents"], 1)
        print(f"NER alone: {ner_doc * 1000:.1f} ms/doc")
    per_doc = summary["seconds"] / max(summary["documents"], 1)
    print(
        f"\nentities+validate: {summary['documents']} docs in {summary['seconds']:.3f} s "
        f"= {1 / per_doc if per_doc else 0:.0f} docs/s (one core, text cached); CPU time "
        f"{summary['cpu_seconds']:.3f} s = {summary['documents'] / max(summary['cpu_seconds'], 1e-9):.0f} docs/s per core"
    )


def main() -> None:
    """Command line entry."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one Tesseract thread, as in the worker
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kinds", default="invoice,receipt")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--synth", type=int, default=0, help="also score N synthetic documents")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list every wrong field")
    parser.add_argument("--warm", action="store_true", help="only fill the text cache")
    parser.add_argument(
        "--invoice2data", action="store_true", help="also run invoice2data 1.0.1 on the same files"
    )
    parser.add_argument("--repeat", type=int, default=1, help="time the best of N runs")
    parser.add_argument(
        "--cached-only", action="store_true", help="score only scans already OCR'd (see --warm)"
    )
    parser.add_argument(
        "--no-ner", action="store_true", help="rules only: the party NER is not loaded at all"
    )
    args = parser.parse_args()
    if args.no_ner:
        set_party_ner(None)
    if not (DATA / "manifest.jsonl").exists():
        print(f"no data at {DATA}", file=sys.stderr)
        raise SystemExit(1)
    kinds = set(args.kinds.split(","))
    if args.warm:
        wall = cpu = 0.0
        pages = 0
        for item in manifest():
            for kind, load in ((item["kind"], load_text), (f"{item['kind']}-scan", load_scan_text)):
                if kind not in kinds:
                    continue
                started, cpu_started = time.perf_counter(), _cpu()
                text = load(item)
                spent, spent_cpu = time.perf_counter() - started, _cpu() - cpu_started
                wall, cpu, pages = wall + spent, cpu + spent_cpu, pages + len(text.pages)
                print(item["id"], kind, f"{spent:.1f} s, {spent_cpu:.1f} s CPU", flush=True)
        # cached documents count as pages but cost nothing: warm a fresh cache to time OCR
        print(
            f"{pages} pages: {wall / max(pages, 1):.2f} s/page wall, "
            f"{cpu / max(pages, 1):.2f} s/page CPU (this process and Tesseract)"
        )
        return
    summary = run(kinds, args.limit, args.cached_only, args.synth)
    for _ in range(args.repeat - 1):
        again = run(kinds, args.limit, args.cached_only, args.synth)
        summary["seconds"] = min(summary["seconds"], again["seconds"])
        summary["cpu_seconds"] = min(summary["cpu_seconds"], again["cpu_seconds"])
    peer = run_invoice2data(kinds, args.limit) if args.invoice2data else None
    if args.json:
        out = {k: v for k, v in summary.items() if k != "misses"}
        out["invoice2data"] = peer
        print(json.dumps(out, indent=1, default=dict))
    else:
        _print(summary)
        if peer is not None:
            _print_peer(peer)
    if args.misses:
        print("\n".join(summary["misses"]))


if __name__ == "__main__":
    main()
