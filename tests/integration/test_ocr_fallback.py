"""EasyOCR and RapidOCR as real engines: the fallback takes over, offline, loaded lazily."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from functools import cache

import pytest
from PIL import Image

from boekstuk.domain.documents import ContentType
from boekstuk.domain.errors import OcrError
from boekstuk.engines.protocols import OcrConfig, OcrEngine
from boekstuk.engines.registry import get_ocr_engine, ocr_engine_names
from boekstuk.engines.tesseract import TesseractEngine
from boekstuk.pipeline.text import TextConfig, extract_text
from tests.samples import scans


def needs(*modules: str) -> None:
    """Skip unless the modules are installed (found, not imported: torch loads lazily)."""
    for module in modules:
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed")


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
    assert page.summary()["ocr_engine"] == "easyocr"
    assert any("tesseract is not available" in note for note in page.notes)
    assert "KORENBLOEM" in page.text and "19,20" in page.text
    totaal = next(w for w in page.words if w.text == "TOTAAL")
    assert totaal.bbox[1] > next(w for w in page.words if w.text == "BAKKERIJ").bbox[3]


def test_rapidocr_reads_accents_and_gives_word_boxes() -> None:
    needs("rapidocr", "onnxruntime")
    lines = ["Müller Straße 3", "Café Crème 4,50", "Totaal € 12,95"]
    data = scans.to_bytes(scans.receipt_image(lines), "PNG", 200)
    config = TextConfig(engines=(get_ocr_engine("rapidocr"),))
    (page,) = extract_text(data, ContentType.PNG, config).pages
    assert page.ocr_engine == "rapidocr"
    assert "Müller Straße 3" in page.text and "Café Crème 4,50" in page.text
    assert len({w.line for w in page.words}) == 3


def test_the_fallback_is_not_loaded_when_tesseract_reads_the_page() -> None:
    needs("easyocr")
    script = (
        "import sys\n"
        "from tests.samples import scans\n"
        "from boekstuk.domain.documents import ContentType\n"
        "from boekstuk.engines.registry import get_ocr_engine\n"
        "from boekstuk.pipeline.text import TextConfig, extract_text\n"
        "config = TextConfig(engines=(get_ocr_engine('tesseract'), get_ocr_engine('easyocr')))\n"
        "data = scans.to_bytes(scans.receipt_image(), 'PNG', 200)\n"
        "page = extract_text(data, ContentType.PNG, config).pages[0]\n"
        "print(page.ocr_engine, 'torch' in sys.modules, 'easyocr' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.split() == ["tesseract", "False", "False"]


@pytest.mark.parametrize("name", [n for n in ocr_engine_names() if n != "easyocr"])
def test_every_engine_survives_junk_input(name: str) -> None:
    engine: OcrEngine = get_ocr_engine(name)
    for junk in (Image.new("L", (1, 1), 255), Image.effect_noise((64, 64), 120)):
        try:
            result = engine.recognize(junk, OcrConfig(timeout_seconds=30))
        except OcrError:
            continue  # a clear failure is fine; a crash is not
        assert all(0.0 <= w.confidence <= 1.0 for w in result.words)
