"""The text stage's OCR choices with stand-in engines: fallback, best result, orientation."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from boekstuk.domain.documents import ContentType
from boekstuk.domain.errors import DocumentError, ErrorCode, OcrError
from boekstuk.domain.extraction import TextSource, Word
from boekstuk.engines.protocols import OcrConfig, OcrResult
from boekstuk.pipeline.preprocess import PreprocessConfig
from boekstuk.pipeline.text import TextConfig, extract_text

PLAIN = PreprocessConfig(orientation=False, deskew=False, photo_crop=False)


class Broken:
    name = "broken"

    def recognize(self, image: Image.Image, config: OcrConfig) -> OcrResult:
        raise OcrError("binary missing")


class Fixed:
    def __init__(self, name: str, confidence: float, words: int = 30) -> None:
        self.name = name
        self.confidence = confidence
        self.words = words
        self.calls = 0

    def recognize(self, image: Image.Image, config: OcrConfig) -> OcrResult:
        self.calls += 1
        found = tuple(
            Word(f"w{i}", (10.0 * i, 10.0, 10.0 * i + 8, 20.0), self.confidence, 1, 1)
            for i in range(self.words)
        )
        return OcrResult(self.name, found, self.confidence)


class Sideways(Fixed):
    """Reads well only once the page has been turned; says the page needs 90°."""

    def recognize(self, image: Image.Image, config: OcrConfig) -> OcrResult:
        self.calls += 1
        good = image.height > image.width
        conf = 0.9 if good else 0.2
        return OcrResult(self.name, (Word("x", (0.0, 0.0, 5.0, 5.0), conf, 1, 1),) * 30, conf)

    def detect_orientation(self, image: Image.Image, config: OcrConfig) -> int:
        return 90


def png(width: int = 300, height: int = 400, dpi: int = 150) -> bytes:
    image = Image.new("L", (width, height), 255)
    ImageDraw.Draw(image).text((20, 20), "Factuur", fill=0)
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(dpi, dpi))
    return buf.getvalue()


def test_a_failing_engine_hands_over_to_the_next_and_the_page_says_so() -> None:
    fallback = Fixed("fallback", 0.9)
    result = extract_text(
        png(), ContentType.PNG, TextConfig((Broken(), fallback), preprocess=PLAIN)
    )
    page = result.pages[0]
    assert page.text_source is TextSource.OCR
    assert page.ocr_engine == "fallback"
    assert any("broken: binary missing" in note for note in page.notes)


def test_a_confident_first_engine_means_the_fallback_never_runs() -> None:
    fallback = Fixed("fallback", 0.99)
    extract_text(
        png(), ContentType.PNG, TextConfig((Fixed("first", 0.9), fallback), preprocess=PLAIN)
    )
    assert fallback.calls == 0


def test_the_better_of_two_weak_results_wins() -> None:
    config = TextConfig((Fixed("first", 0.3), Fixed("second", 0.5)), preprocess=PLAIN)
    assert extract_text(png(), ContentType.PNG, config).pages[0].ocr_engine == "second"
    config = TextConfig((Fixed("first", 0.5), Fixed("second", 0.3)), preprocess=PLAIN)
    assert extract_text(png(), ContentType.PNG, config).pages[0].ocr_engine == "first"


def test_when_every_engine_fails_the_error_code_is_ocr_failed() -> None:
    with pytest.raises(DocumentError) as caught:
        extract_text(png(), ContentType.PNG, TextConfig((Broken(), Broken()), preprocess=PLAIN))
    assert caught.value.code is ErrorCode.OCR_FAILED


def test_a_badly_read_page_is_turned_upright_and_read_again() -> None:
    engine = Sideways("side", 0.0)
    config = TextConfig((engine,), preprocess=PreprocessConfig(deskew=False, photo_crop=False))
    page = extract_text(png(400, 300), ContentType.PNG, config).pages[0]
    assert page.rotation == 90
    assert page.ocr_confidence == pytest.approx(0.9)


def test_word_boxes_are_points_on_the_page() -> None:
    # 300×400 px at 150 dpi is 144×192 pt; a box at 10..18 px lands at 4.8..8.64 pt
    config = TextConfig((Fixed("one", 0.9, words=2),), preprocess=PLAIN)
    page = extract_text(png(), ContentType.PNG, config).pages[0]
    assert (page.width, page.height) == pytest.approx(
        (144.0, 192.0), abs=0.05
    )  # PNG keeps dots/metre
    assert page.words[1].bbox == pytest.approx((4.8, 4.8, 8.64, 9.6), abs=0.01)


def test_a_blank_page_is_not_sent_to_any_engine() -> None:
    engine = Fixed("first", 0.1)
    blank = io.BytesIO()
    Image.new("L", (600, 800), 250).save(blank, format="PNG")
    (page,) = extract_text(blank.getvalue(), ContentType.PNG, TextConfig((engine,))).pages
    assert page.words == () and "blank page" in page.notes
    assert engine.calls == 0


class UpsideDownGuess(Fixed):
    """Reads every page well but, asked for the orientation, always says 180°."""

    def detect_orientation(self, image: Image.Image, config: OcrConfig) -> int:
        return 180


def striped(width: int, height: int) -> bytes:
    """Vertical bars of ink: a page whose 'lines' run top to bottom (it looks sideways)."""
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for x in range(20, width - 20, 24):
        draw.rectangle((x, 20, x + 10, height - 20), fill=0)
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(150, 150))
    return buf.getvalue()


def test_a_sideways_looking_page_is_not_turned_upside_down() -> None:
    # OSD's 180° cannot be right for a page whose lines run vertically (it turned two real
    # SROIE receipts upside down, so their rows read backwards)
    config = TextConfig(
        (UpsideDownGuess("osd", 0.9),), preprocess=PreprocessConfig(deskew=False, photo_crop=False)
    )
    page = extract_text(striped(400, 600), ContentType.PNG, config).pages[0]
    assert page.rotation == 0
    assert any("180° for a sideways-looking page, ignored" in note for note in page.notes)


def test_images_are_read_by_the_photo_engines_and_pdf_scans_by_the_others() -> None:
    import pymupdf

    document_engine, photo_engine = Fixed("document", 0.9), Fixed("photo", 0.9)
    config = TextConfig((document_engine,), photo_engines=(photo_engine,), preprocess=PLAIN)
    assert extract_text(png(), ContentType.PNG, config).pages[0].ocr_engine == "photo"
    pdf = pymupdf.open()
    page = pdf.new_page(width=300, height=400)
    page.insert_image(page.rect, stream=png())
    scanned = extract_text(bytes(pdf.tobytes()), ContentType.PDF, config)
    assert scanned.pages[0].ocr_engine == "document"
    # no photo engines configured: images use the same engines as everything else
    plain = TextConfig((document_engine,), preprocess=PLAIN)
    assert extract_text(png(), ContentType.PNG, plain).pages[0].ocr_engine == "document"
