"""The web UI's pure parts: page images and their sizes in points, the message catalogue."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from boekstuk.domain.errors import DocumentError, NotFoundError
from boekstuk.web import pages
from boekstuk.web.i18n import CATALOGUE, pick_language, translate
from tests.factories import invoice_pdf, scan_png

TEMPLATES = Path(pages.__file__).with_name("templates")


def test_a_pdf_page_is_drawn_at_the_asked_width_and_measured_in_points() -> None:
    data = invoice_pdf()
    assert pages.page_sizes(data, "application/pdf") == [(595.2755737304688, 841.8897705078125)]
    png = pages.render_page(data, "application/pdf", 1, width=600)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.width == 600
    with pytest.raises(NotFoundError):
        pages.render_page(data, "application/pdf", 2)


def test_an_image_page_is_measured_by_its_dpi_like_the_text_stage() -> None:
    data = scan_png(["Factuur 1"], dpi=150)
    [(width, height)] = pages.page_sizes(data, "image/png")
    assert (round(width), round(height)) == (595, 841)  # 1240 x 1753 px at 150 dpi
    png = pages.render_page(data, "image/png", 1, width=400)
    with Image.open(io.BytesIO(png)) as image:
        assert image.width == 400


def test_bank_files_have_no_pages() -> None:
    assert not pages.has_pages("application/vnd.swift.mt940")
    with pytest.raises(DocumentError):
        pages.render_page(b":20:X", "application/vnd.swift.mt940", 1)


def test_every_text_a_template_uses_is_in_both_languages() -> None:
    used: set[str] = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z_0-9]+)'(?! ~)", template.read_text()))
    assert used, "no texts found in the templates"
    for language, messages in CATALOGUE.items():
        assert not used - set(messages), f"{language} lacks {sorted(used - set(messages))}"
    assert set(CATALOGUE["nl"]) == set(CATALOGUE["en"])


def test_language_choice_and_fallbacks() -> None:
    assert pick_language(None, "de-DE,de;q=0.9,en;q=0.5") == "en"
    assert pick_language(None, "fr") == "nl"
    assert pick_language("xx", "en") == "en"
    assert translate("nl", "no_such_key") == "no_such_key"
    assert translate("en", "page_of", page=2, pages=5) == "Page 2 of 5"


def test_every_status_type_role_and_field_has_a_label() -> None:
    from boekstuk.domain.accounts import Role
    from boekstuk.domain.documents import DocumentStatus, DocumentType
    from boekstuk.domain.fields import FIELD_NAMES

    keys = {f"status_{s.value}" for s in DocumentStatus} | {f"type_{t.value}" for t in DocumentType}
    keys |= {f"role_{r.value}" for r in Role} | {f"field_{name}" for name in FIELD_NAMES}
    keys |= {f"inv_{s}" for s in ("open", "partially_paid", "paid")}
    keys |= {f"match_{s}" for s in ("unmatched", "matched", "needs_review")}
    keys |= {f"item_{k}" for k in ("possible_duplicate", "customer_conflict", "amount_mismatch")}
    for messages in CATALOGUE.values():
        assert not keys - set(messages), sorted(keys - set(messages))
