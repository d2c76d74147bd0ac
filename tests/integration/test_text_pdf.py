"""PDFs through the text stage: text layers, mixed and garbage pages, tables, bad files."""

from __future__ import annotations

import resource

import pymupdf
import pytest

from boekstuk.domain.documents import ContentType
from boekstuk.domain.errors import DocumentError, ErrorCode
from boekstuk.domain.extraction import TextSource
from boekstuk.engines.pdfplumber_tables import PdfplumberTables
from boekstuk.engines.tesseract import TesseractEngine
from boekstuk.pipeline.text import TextConfig, extract_text
from tests.samples import scans

CONFIG = TextConfig(engines=(TesseractEngine(),))


def test_a_digital_invoice_is_read_from_its_text_layer_with_positions() -> None:
    result = extract_text(scans.invoice_pdf(), ContentType.PDF, CONFIG)
    (page,) = result.pages
    assert page.text_source is TextSource.TEXT_LAYER
    assert page.ocr_engine is None
    assert "Factuurnummer: 2026-0042" in page.text
    assert "Totaal te betalen € 169,22" in page.text
    word = next(w for w in page.words if w.text == "FACTUUR")
    x0, y0, x1, y1 = word.bbox
    assert 55 < x0 < x1 < 150 and 100 < y0 < y1 < 200  # near the top-left, in points


def test_the_line_item_table_is_found_on_a_digital_page() -> None:
    (page,) = extract_text(scans.invoice_pdf(), ContentType.PDF, CONFIG).pages
    (table,) = page.tables
    assert table.header == ("Omschrijving", "Aantal", "Prijs", "Bedrag")
    assert ("Thermostaatkraan", "2", "12,50", "25,00") in table.rows


def test_pdfplumber_reads_a_ruled_table() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    rows = [("Datum", "Omschrijving", "Bedrag"), ("02-01", "Albert Heijn", "-23,45"),
            ("03-01", "Salaris", "2.345,00")]  # fmt: skip
    xs, top = (50, 150, 400, 520), 100
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            page.insert_text((xs[c] + 4, top + 20 * r + 14), cell, fontsize=10)
    for r in range(len(rows) + 1):
        page.draw_line((xs[0], top + 20 * r), (xs[-1], top + 20 * r))
    for x in xs:
        page.draw_line((x, top), (x, top + 20 * len(rows)))
    data = doc.tobytes()
    config = TextConfig(engines=(TesseractEngine(),), table_extractor=PdfplumberTables())
    (result,) = extract_text(data, ContentType.PDF, config).pages
    (table,) = result.tables
    assert table.source == "pdfplumber"
    assert table.rows == tuple(rows)


def test_a_mixed_pdf_is_read_page_by_page() -> None:
    pages = extract_text(scans.mixed_pdf(), ContentType.PDF, CONFIG).pages
    assert [p.text_source for p in pages] == [TextSource.TEXT_LAYER, TextSource.OCR]
    assert pages[1].ocr_engine == "tesseract"
    assert "2026-0042" in pages[1].text
    assert pages[1].ocr_confidence is not None and pages[1].ocr_confidence > 0.8
    # the same word sits at (nearly) the same place in points on both pages
    digital = next(w for w in pages[0].words if w.text == "FACTUUR").bbox
    scanned = next(w for w in pages[1].words if w.text == "FACTUUR").bbox
    assert scanned == pytest.approx(digital, abs=4.0)


def test_a_garbage_text_layer_is_ignored_and_the_page_ocrd() -> None:
    (page,) = extract_text(scans.garbage_text_layer_pdf(), ContentType.PDF, CONFIG).pages
    assert page.text_source is TextSource.OCR
    assert "NL91ABNA0417164300" in page.text


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", ErrorCode.EMPTY_FILE),
        (b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF", ErrorCode.CORRUPT_FILE),
        (b"%PDF-1.4\n" + bytes(range(256)) * 40, ErrorCode.CORRUPT_FILE),
    ],
    ids=["zero-bytes", "no-pages", "binary-junk"],
)
def test_broken_pdfs_give_a_clear_code(data: bytes, code: ErrorCode) -> None:
    with pytest.raises(DocumentError) as caught:
        extract_text(data, ContentType.PDF, CONFIG)
    assert caught.value.code is code


def test_a_truncated_pdf_is_corrupt_not_a_crash() -> None:
    data = scans.invoice_pdf()
    with pytest.raises(DocumentError) as caught:
        extract_text(data[: len(data) // 3], ContentType.PDF, CONFIG)
    assert caught.value.code is ErrorCode.CORRUPT_FILE


def test_an_encrypted_pdf_says_so() -> None:
    with pytest.raises(DocumentError) as caught:
        extract_text(scans.encrypted_pdf(), ContentType.PDF, CONFIG)
    assert caught.value.code is ErrorCode.ENCRYPTED_PDF


def test_a_5000_page_pdf_is_refused_without_reading_its_pages() -> None:
    data = scans.many_pages_pdf(5000)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(DocumentError) as caught:
        extract_text(data, ContentType.PDF, CONFIG)
    assert caught.value.code is ErrorCode.TOO_MANY_PAGES
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 200


def test_an_absurdly_large_blank_page_is_refused_or_read_coarser() -> None:
    doc = pymupdf.open()
    doc.new_page(width=14400, height=14400)  # 200 × 200 inch, the PDF maximum
    with pytest.raises(DocumentError) as caught:
        extract_text(doc.tobytes(), ContentType.PDF, CONFIG)
    assert caught.value.code in (ErrorCode.IMAGE_TOO_LARGE, ErrorCode.OCR_FAILED)
