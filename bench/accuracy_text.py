"""The accuracy bench's documents and their text: the manifest, scans, and the OCR text cache.

In: ``../shared/data/manifest.jsonl`` and its files, or the bytes of a generated document.
Out: :class:`ExtractedText` from the real text stage. Text extraction (OCR for scans and
receipts) is slow and not what the accuracy figures measure, so OCR'd text is cached under
``var/bench-text/`` keyed by the content's sha256 **and** :func:`text_fingerprint` (the text
stage's code and OCR settings): a change to OCR or preprocessing re-OCRs by itself. Digital
PDFs are cheap and always read afresh (their CPU time is one of the figures).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import json
import os
import pickle
import random
from pathlib import Path
from typing import Any

from boekstuk.config import get_settings
from boekstuk.domain.documents import ContentType
from boekstuk.domain.extraction import ExtractedText
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


@functools.cache
def text_stage() -> Any:
    """The text stage's configuration from the settings (OCR engines, languages, dpi)."""
    return text_config(get_settings())


def cpu() -> float:
    """CPU seconds of this process and its finished children (pdftotext, tesseract)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def read_text(data: bytes, content_type: ContentType) -> ExtractedText:
    """The text of ``data`` through the real text stage (no cache)."""
    return extract_text(data, content_type, text_stage())


def cached_text(key: str, make: Any, content_type: ContentType) -> ExtractedText:
    """The text of the bytes ``make()`` returns, cached under ``key`` + the fingerprint."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{key}-{text_fingerprint()}.pickle"
    if path.exists():
        text: ExtractedText = pickle.loads(path.read_bytes())
        return text
    text = read_text(make(), content_type)
    path.write_bytes(pickle.dumps(ExtractedText(text.pages)))
    return text


def is_cached(key: str) -> bool:
    """True when the text under ``key`` is in the cache."""
    return (CACHE / f"{key}-{text_fingerprint()}.pickle").exists()


def manifest(data_dir: Path = DATA) -> list[dict[str, Any]]:
    """The manifest's documents."""
    lines = (data_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def cache_path(doc: dict[str, Any], suffix: str = "") -> Path:
    """Where a real document's extracted text is cached (keyed by content and text stage)."""
    return CACHE / f"{doc['sha256']}{suffix}-{text_fingerprint()}.pickle"


def load_text(doc: dict[str, Any], data_dir: Path = DATA) -> ExtractedText:
    """A real document's text, from the cache when it was extracted before."""
    data = (data_dir / doc["file"]).read_bytes()
    return cached_text(doc["sha256"], lambda: data, detect_content_type(data[:8192]))


def scan_of(pdf: bytes, dpi: int = 300) -> bytes:
    """A real PDF as an office scanner gives it back (the fixed scan the bench has always used
    for the real invoices: grey, 0.6° skew, speckles, JPEG q70, no text layer)."""
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
    """The OCR'd text of a real document's scan (cached like :func:`load_text`)."""
    return cached_text(
        f"{doc['sha256']}-scan",
        lambda: scan_of((data_dir / doc["file"]).read_bytes()),
        ContentType.PDF,
    )


@functools.cache
def scanner_fingerprint() -> str:
    """A short hash of the generator's scanner code (``synth/scan.py``)."""
    return hashlib.sha256(
        (ROOT / "src" / "boekstuk" / "synth" / "scan.py").read_bytes()
    ).hexdigest()[:8]


def family_scan_key(pdf: bytes, seed: str) -> str:
    """The cache key of a generated document's scan: the PDF's content hash, the scanner's
    code and the scan's seed determine the scan's bytes (so the scan need not be rendered to
    find its cached text)."""
    digest = hashlib.sha256(pdf).hexdigest()
    return f"{digest}-scan{scanner_fingerprint()}-{hashlib.sha256(seed.encode()).hexdigest()[:8]}"
