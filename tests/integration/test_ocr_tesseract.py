"""Scans, photos and images through real Tesseract: orientation, skew, noise, boxes, limits."""

from __future__ import annotations

import io
from functools import cache

import pytest
from PIL import Image

from boekstuk.domain.documents import ContentType
from boekstuk.domain.errors import DocumentError, ErrorCode
from boekstuk.domain.extraction import PageText, TextSource
from boekstuk.engines.protocols import OcrConfig
from boekstuk.engines.tesseract import TesseractEngine
from boekstuk.pipeline.text import TextConfig, extract_text
from tests.samples import scans

CONFIG = TextConfig(engines=(TesseractEngine(),))


@cache
def page_150dpi() -> Image.Image:
    return scans.render_pdf_page(scans.invoice_pdf(), dpi=150)


def read_image(image: Image.Image, fmt: str = "PNG", dpi: int = 150, **kw: object) -> PageText:
    data = scans.to_bytes(image, fmt, dpi, **kw)
    content_type = {"PNG": ContentType.PNG, "JPEG": ContentType.JPEG}[fmt]
    (page,) = extract_text(data, content_type, CONFIG).pages
    return page


def word_box(page: PageText, text: str) -> tuple[float, float, float, float]:
    return next(w for w in page.words if w.text == text).bbox


@pytest.mark.parametrize(
    ("rotate", "skew"),
    [(0, 1.5), (90, -1.0), (180, 0.8)],
    ids=["skewed", "turned-90", "upside-down"],
)
def test_turned_skewed_noisy_150dpi_jpeg_scans_are_read(rotate: int, skew: float) -> None:
    scan = scans.degrade(page_150dpi(), rotate=rotate, skew=skew, noise=0.002, jpeg_quality=45)
    page = read_image(scan, "JPEG")
    assert page.text_source is TextSource.OCR and page.ocr_engine == "tesseract"
    assert page.rotation == rotate  # turned back clockwise by as much
    for expected in ("2026-0042", "NL91ABNA0417164300", "169,22", "Thermostaatkraan"):
        assert expected in page.text
    assert page.ocr_confidence is not None and page.ocr_confidence > 0.8


def test_boxes_on_a_turned_scan_are_on_the_page_as_stored() -> None:
    upright = read_image(page_150dpi())
    turned = read_image(page_150dpi().rotate(90, expand=True))  # counter-clockwise
    assert (turned.width, turned.height) == pytest.approx((upright.height, upright.width), abs=0.5)
    x0, y0, x1, y1 = word_box(upright, "FACTUUR")
    # a counter-clockwise quarter turn sends page point (x, y) to (y, W - x)
    expected = (y0, upright.width - x1, y1, upright.width - x0)
    assert word_box(turned, "FACTUUR") == pytest.approx(expected, abs=3.0)


def test_a_photographed_receipt_is_cropped_flattened_and_read() -> None:
    photo = scans.photograph(scans.receipt_image())
    page = read_image(photo, "JPEG", 200, quality=80)
    assert any(note.startswith("preprocess: photo_crop") for note in page.notes)
    assert "TOTAAL EUR 19,20" in page.text
    x0, y0, x1, y1 = word_box(page, "TOTAAL")
    # the word is inside the paper, not at the photo's edge
    assert page.width * 0.2 < x0 < x1 < page.width * 0.8
    assert page.height * 0.2 < y0 < y1 < page.height * 0.9


def test_a_multi_page_tiff_gives_one_page_per_frame() -> None:
    frames = [page_150dpi(), scans.receipt_image()]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:], dpi=(150, 150))
    pages = extract_text(buf.getvalue(), ContentType.TIFF, CONFIG).pages
    assert [p.number for p in pages] == [1, 2]
    assert "2026-0042" in pages[0].text and "KORENBLOEM" in pages[1].text


def test_webp_and_exif_orientation() -> None:
    receipt = scans.receipt_image()
    page = extract_text(scans.to_bytes(receipt, "WEBP", 200), ContentType.WEBP, CONFIG).pages[0]
    assert "KORENBLOEM" in page.text
    # stored on its side with EXIF "rotate 90 CW to display" (orientation 6)
    exif = Image.Exif()
    exif[0x0112] = 6
    stored = receipt.rotate(90, expand=True)
    data = scans.to_bytes(stored, "JPEG", 200, exif=exif.tobytes(), quality=90)
    page = extract_text(data, ContentType.JPEG, CONFIG).pages[0]
    assert "KORENBLOEM" in page.text and page.rotation == 0
    assert page.width < page.height or receipt.width > receipt.height


def test_a_decompression_bomb_is_refused() -> None:
    big = Image.new("1", (30_000, 30_000), 1)  # 900 Mpx, a few hundred kB as PNG
    data = scans.to_bytes(big, "PNG", 300)
    with pytest.raises(DocumentError) as caught:
        extract_text(data, ContentType.PNG, TextConfig(engines=(TesseractEngine(),)))
    assert caught.value.code is ErrorCode.IMAGE_TOO_LARGE


class Reader:
    """A second engine that reads like Tesseract under another name."""

    name = "second"

    def recognize(self, image: Image.Image, config: OcrConfig) -> object:
        from dataclasses import replace

        return replace(TesseractEngine().recognize(image, config), engine=self.name)


@pytest.mark.parametrize("broken", ["missing-binary", "time-out"])
def test_when_tesseract_fails_the_next_engine_takes_over(broken: str) -> None:
    first = (
        TesseractEngine(binary="/nonexistent/tesseract") if broken == "missing-binary" else _Timed()
    )
    config = TextConfig(engines=(first, Reader()))  # type: ignore[arg-type]
    data = scans.to_bytes(scans.receipt_image(), "PNG", 200)
    (page,) = extract_text(data, ContentType.PNG, config).pages
    assert page.ocr_engine == "second"
    assert "KORENBLOEM" in page.text
    assert any(n.startswith("tesseract:") for n in page.notes)


class _Timed(TesseractEngine):
    """Tesseract with a time limit far too short for any page."""

    def recognize(self, image: Image.Image, config: OcrConfig) -> object:  # type: ignore[override]
        from dataclasses import replace

        return super().recognize(image, replace(config, timeout_seconds=0.001))


def test_weakly_read_words_are_read_again_on_their_own() -> None:
    # the page pass garbled a small label ("Rechnungsnummer" → "Racha", conf 0): the word's
    # box, cut out and read alone, gives the label back with a real confidence
    from boekstuk.domain.extraction import Word
    from boekstuk.engines.protocols import OcrResult

    image = scans.receipt_image(["Rechnungsnummer 471102", "Rechnungsdatum 05.03.2013"])
    engine = TesseractEngine()
    first = engine.recognize(image, OcrConfig())
    label = next(w for w in first.words if w.text == "Rechnungsnummer")
    garbled = OcrResult(
        "tesseract",
        tuple(Word("Racha", w.bbox, 0.0) if w is label else w for w in first.words),
        first.mean_confidence,
    )
    again = engine._reread_weak(image, garbled, OcrConfig())
    assert [w.text for w in again.words] == [w.text for w in first.words]
    assert again.mean_confidence > garbled.mean_confidence
    assert TesseractEngine(reread_below=0).recognize(image, OcrConfig()).words == first.words
