"""Real documents of ``../shared/data``: digital invoices keep their text layer, receipts OCR."""

from __future__ import annotations

import json
from pathlib import Path

from boekstuk.domain.documents import ContentType
from boekstuk.domain.extraction import TextSource
from boekstuk.engines.tesseract import TesseractEngine
from boekstuk.pipeline.text import TextConfig, extract_text

CONFIG = TextConfig(engines=(TesseractEngine(),))


def rows(shared_data: Path, kind: str) -> list[dict[str, object]]:
    with (shared_data / "manifest.jsonl").open() as fh:
        return [r for r in map(json.loads, fh) if r["kind"] == kind]


def test_digital_invoices_are_read_from_their_text_layer(shared_data: Path) -> None:
    for row in rows(shared_data, "invoice")[:6]:
        data = (shared_data / str(row["file"])).read_bytes()
        result = extract_text(data, ContentType.PDF, CONFIG)
        assert len(result.pages) == row["pages"]
        assert all(p.text_source is TextSource.TEXT_LAYER for p in result.pages), row["id"]
        fields = row["fields"]
        assert isinstance(fields, dict)
        assert str(fields["invoice_number"]) in result.text.replace("\n", " "), row["id"]


def test_a_real_receipt_scan_is_ocrd_with_its_total(shared_data: Path) -> None:
    row = rows(shared_data, "receipt")[0]
    data = (shared_data / str(row["file"])).read_bytes()
    (page,) = extract_text(data, ContentType.JPEG, CONFIG).pages
    assert page.text_source is TextSource.OCR and page.ocr_engine == "tesseract"
    fields = row["fields"]
    assert isinstance(fields, dict)
    assert str(fields["total_amount"]) in page.text
    assert all(0 <= w.bbox[0] <= w.bbox[2] <= page.width + 0.01 for w in page.words)
