"""EasyOCR and RapidOCR as real engines: the fallback takes over, offline, loaded lazily.

Both are installed by ``make deps`` (the ``ocr`` extra); a missing one fails these tests
unless ``BOEKSTUK_OCR_EXTRA=0`` says it was left out on purpose.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from PIL import Image

from boekstuk.domain.documents import ContentType
from boekstuk.domain.errors import OcrError
from boekstuk.domain.extraction import PageText
from boekstuk.engines.protocols import OcrConfig, OcrEngine
from boekstuk.engines.registry import get_ocr_engine, ocr_engine_names
from boekstuk.engines.tesseract import TesseractEngine
from boekstuk.pipeline.text import TextConfig, extract_text
from tests.samples import scans

REPO = Path(__file__).resolve().parents[2]
RECEIPT_WORDS = ("KORENBLOEM", "Dorpsstraat", "Volkorenbrood", "Appeltaart", "19,20")


def needs(*modules: str) -> None:
    """Fail (or skip, when left out on purpose) unless the modules are installed.

    Found, not imported: torch and onnxruntime load lazily.
    """
    for module in modules:
        if importlib.util.find_spec(module) is None:
            if os.environ.get("BOEKSTUK_OCR_EXTRA") == "0":
                pytest.skip(f"{module} is not installed (BOEKSTUK_OCR_EXTRA=0)")
            pytest.fail(f"{module} is not installed: run `make deps` (the ocr extra)")


def assert_read_by(page: PageText, engine: str) -> None:
    """What a user checks: the words are there, and the page says who read them and how well."""
    summary = page.summary()
    assert summary["text_source"] == "ocr"
    assert summary["ocr_engine"] == engine
    assert page.ocr_confidence is not None and 0.55 <= page.ocr_confidence <= 1.0
    assert summary["ocr_confidence"] == pytest.approx(page.ocr_confidence, abs=0.01)
    for word in RECEIPT_WORDS:
        assert word in page.text, (word, page.text)
    totaal = next(w for w in page.words if w.text == "TOTAAL")
    assert totaal.bbox[1] > next(w for w in page.words if "BAKKERIJ" in w.text).bbox[3]


@cache
def receipt_png() -> bytes:
    return scans.to_bytes(scans.receipt_image(), "PNG", 200)


@pytest.mark.slow
def test_easyocr_takes_over_when_tesseract_is_missing() -> None:
    needs("easyocr", "easyocr_en_models", "torch")
    config = TextConfig(
        engines=(TesseractEngine(binary="/nonexistent/tesseract"), get_ocr_engine("easyocr"))
    )
    (page,) = extract_text(receipt_png(), ContentType.PNG, config).pages
    assert_read_by(page, "easyocr")
    assert any("tesseract is not available" in note for note in page.notes)


@pytest.mark.slow
def test_easyocr_takes_over_when_tesseract_hangs(tmp_path: Path) -> None:
    needs("easyocr", "easyocr_en_models", "torch")
    hanging = tmp_path / "tesseract"
    hanging.write_text(
        '#!/bin/sh\n[ "$1" = --version ] && exec tesseract --version\nexec sleep 60\n'
    )
    hanging.chmod(0o755)
    config = TextConfig(
        engines=(TesseractEngine(binary=str(hanging)), get_ocr_engine("easyocr")),
        ocr=OcrConfig(timeout_seconds=2),
    )
    (page,) = extract_text(receipt_png(), ContentType.PNG, config).pages
    assert_read_by(page, "easyocr")
    assert any("tesseract timed out after 2 s" in note for note in page.notes)


def test_rapidocr_takes_over_when_tesseract_is_missing() -> None:
    needs("rapidocr", "onnxruntime")
    config = TextConfig(
        engines=(TesseractEngine(binary="/nonexistent/tesseract"), get_ocr_engine("rapidocr"))
    )
    (page,) = extract_text(receipt_png(), ContentType.PNG, config).pages
    assert_read_by(page, "rapidocr")
    assert any("tesseract is not available" in note for note in page.notes)


def test_rapidocr_reads_accents_and_gives_word_boxes() -> None:
    needs("rapidocr", "onnxruntime")
    lines = ["Müller Straße 3", "Café Crème 4,50", "Totaal € 12,95"]
    data = scans.to_bytes(scans.receipt_image(lines), "PNG", 200)
    config = TextConfig(engines=(get_ocr_engine("rapidocr"),))
    (page,) = extract_text(data, ContentType.PNG, config).pages
    assert page.ocr_engine == "rapidocr"
    assert "Müller Straße 3" in page.text and "Café Crème 4,50" in page.text
    assert len({w.line for w in page.words}) == 3


OFFLINE_SCRIPT = """
import json, socket, sys

def offline(*args, **kwargs):
    raise OSError("network blocked by the test")

socket.socket.connect = socket.socket.connect_ex = offline
socket.create_connection = offline
from tests.samples import scans
from boekstuk.domain.documents import ContentType
from boekstuk.engines.registry import get_ocr_engine
from boekstuk.engines.tesseract import TesseractEngine
from boekstuk.pipeline.text import TextConfig, extract_text
fallbacks = (get_ocr_engine("easyocr"), get_ocr_engine("rapidocr"))
data = scans.to_bytes(scans.receipt_image(), "PNG", 200)
heavy = ("torch", "easyocr", "onnxruntime", "rapidocr")
out = {}
page = extract_text(data, ContentType.PNG, TextConfig(engines=(get_ocr_engine("tesseract"), *fallbacks))).pages[0]
out["tesseract"] = [page.ocr_engine, sorted(m for m in heavy if m in sys.modules)]
missing = TesseractEngine(binary="/nonexistent/tesseract")
for engine in fallbacks:
    page = extract_text(data, ContentType.PNG, TextConfig(engines=(missing, engine))).pages[0]
    out[engine.name] = [page.ocr_engine, page.text]
print(json.dumps(out))
"""


@pytest.mark.slow
def test_fallbacks_load_only_when_needed_and_never_touch_the_network(tmp_path: Path) -> None:
    needs("easyocr", "easyocr_en_models", "torch", "rapidocr", "onnxruntime")
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(REPO)}  # no ~/.EasyOCR
    env.pop("ORT_DISABLE_TELEMETRY", None)  # the engine sets it itself
    out = subprocess.run(
        [sys.executable, "-c", OFFLINE_SCRIPT],
        capture_output=True,
        text=True,
        check=True,
        timeout=280,
        env=env,
        cwd=REPO,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["tesseract"] == ["tesseract", []]  # neither torch nor onnxruntime loaded
    for name in ("easyocr", "rapidocr"):
        engine, text = result[name]
        assert engine == name
        assert all(word in text for word in RECEIPT_WORDS), (name, text)
    assert not list(tmp_path.iterdir())  # no model cache was written to HOME


@pytest.mark.parametrize("name", ocr_engine_names())
def test_every_engine_survives_junk_input(name: str) -> None:
    engine: OcrEngine = get_ocr_engine(name)
    for junk in (Image.new("L", (1, 1), 255), Image.effect_noise((64, 64), 120)):
        try:
            result = engine.recognize(junk, OcrConfig(timeout_seconds=30))
        except OcrError:
            continue  # a clear failure is fine; a crash is not
        assert all(0.0 <= w.confidence <= 1.0 for w in result.words)
