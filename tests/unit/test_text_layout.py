"""Pure helpers of the text stage: text-layer judgement, tables from words, preprocessing."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from boekstuk.domain.extraction import Word
from boekstuk.pipeline.preprocess import (
    Prepared,
    PreprocessConfig,
    binarize,
    estimate_skew,
    looks_sideways,
    prepare,
)
from boekstuk.pipeline.tables import tables_from_words
from boekstuk.pipeline.text import text_layer_is_usable


def words(text: str) -> list[Word]:
    return [Word(t, (0, 0, 1, 1)) for t in text.split()]


def test_real_dutch_german_and_french_text_layers_are_usable() -> None:
    for text in (
        "Factuur nummer 2026-0042 datum 15-01-2026 totaal te betalen € 121,00",
        "Rechnung Nummer 181301674 vom 25.04.2018 Gesamtbetrag 300,00 EUR Straße",
        "Facture numéro FA-2026-17 du 03/02/2026 montant TTC 1 234,56 € à payer",
    ):
        assert text_layer_is_usable(words(text) * 3)


def test_glyph_garbage_and_stamps_are_not_a_text_layer() -> None:
    assert not text_layer_is_usable(words("ÿþ¤¦ §¨© ª«¬ ▀▁▂▃ ▄▅▆") * 10)
    assert not text_layer_is_usable(words("Qwrtz Bcdfgh Xvnmlk Pkjhg") * 10)
    assert not text_layer_is_usable(words("BETAALD 12-03-2026 boekhouding"), image_coverage=0.98)


def bank_rows() -> list[Word]:
    rows = [
        ("Datum", "Omschrijving", "Bedrag"),
        ("02-01", "Albert Heijn 1234 Utrecht", "-23,45"),
        ("03-01", "Salaris januari", "2.345,00"),
        ("05-01", "NS Reizigers", "-4,10"),
    ]
    out = []
    for r, cells in enumerate(rows):
        y = 100.0 + 14 * r
        for x, cell in zip((50.0, 120.0, 420.0), cells, strict=True):
            for k, token in enumerate(cell.split()):
                x0 = x + 30 * k
                out.append(Word(token, (x0, y, x0 + 5.2 * len(token), y + 10), 1.0, 1, r))
    return out


def test_a_statement_table_is_rebuilt_from_word_boxes() -> None:
    (table,) = tables_from_words(bank_rows())
    assert table.header == ("Datum", "Omschrijving", "Bedrag")
    assert table.rows[1] == ("02-01", "Albert Heijn 1234 Utrecht", "-23,45")
    assert len(table.rows) == 4


PROSE = ("dit", "is", "gewone", "lopende", "tekst", "zonder", "kolommen")


def test_prose_has_no_table() -> None:
    prose = [
        Word(t, (60 + 40 * i, 100 + 14 * r, 95 + 40 * i, 110 + 14 * r), 1.0, 1, r)
        for r in range(6)
        for i, t in enumerate(PROSE)
    ]
    assert tables_from_words(prose) == ()


def lined_page(width: int = 1000, height: int = 1300) -> Image.Image:
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    for y in range(120, height - 120, 45):
        draw.rectangle((120, y, width - 150, y + 14), fill=0)
    return page


@pytest.mark.parametrize("angle", [-3.0, -1.0, 1.5, 4.0])
def test_skew_is_measured_to_a_few_tenths_of_a_degree(angle: float) -> None:
    skewed = lined_page().rotate(angle, expand=True, fillcolor=255)
    assert estimate_skew(skewed) == pytest.approx(angle, abs=0.3)


def test_deskew_boxes_map_back_onto_the_skewed_image() -> None:
    skewed = lined_page().rotate(3.0, expand=True, fillcolor=255)
    prepared = prepare(skewed, PreprocessConfig(photo_crop=False))
    assert prepared.steps and prepared.steps[0].startswith("deskew")
    # the centre of the straightened image is the centre of the skewed one
    cx, cy = prepared.image.width / 2, prepared.image.height / 2
    x0, y0, x1, y1 = prepared.map_box((cx - 1, cy - 1, cx + 1, cy + 1))
    assert ((x0 + x1) / 2, (y0 + y1) / 2) == pytest.approx(
        (skewed.width / 2, skewed.height / 2), abs=1.0
    )


def test_turning_maps_boxes_exactly() -> None:
    base = Prepared(Image.new("L", (100, 200), 255))
    assert base.rotated(180).map_box((0, 0, 10, 20)) == (89.0, 179.0, 99.0, 199.0)
    assert base.rotated(270).rotated(90).map_box((5, 6, 7, 8)) == (5.0, 6.0, 7.0, 8.0)


def test_sideways_pages_are_recognised() -> None:
    page = lined_page()
    assert not looks_sideways(page)
    assert looks_sideways(page.rotate(90, expand=True))


def test_binarize_gives_two_levels() -> None:
    grey = Image.linear_gradient("L").resize((64, 64))
    assert {v for v in binarize(grey).tobytes()} == {0, 255}


def test_a_plain_scan_is_not_cropped_as_a_photo() -> None:
    prepared = prepare(lined_page(), PreprocessConfig(deskew=False), photo=True)
    assert prepared.steps == ()


def test_only_a_speckled_scan_is_denoised() -> None:
    import random

    clean = lined_page()
    speckled = clean.copy()
    rng = random.Random(1)
    for _ in range(30_000):  # about 2 % salt and pepper
        speckled.putpixel((rng.randrange(1000), rng.randrange(1300)), rng.choice((0, 255)))
    config = PreprocessConfig(deskew=False, photo_crop=False)
    assert "denoise" not in prepare(clean, config).steps
    assert "denoise" in prepare(speckled, config).steps
