"""The party NER: the shipped model finds parties on synthetic invoices; rules stay the fallback."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from boekstuk.domain.documents import DocumentType
from boekstuk.domain.extraction import ExtractedText, TextSource
from boekstuk.engines import spacy_ner
from boekstuk.engines.protocols import EntityExtractor
from boekstuk.engines.spacy_ner import SpacyNerEngine, party_ner, reset_party_ner, set_party_ner
from boekstuk.pipeline.entities import extract, extract_entities
from boekstuk.synth import synth_document

pytest.importorskip("spacy")


@pytest.fixture(autouse=True)
def _fresh_engine() -> Iterator[None]:
    reset_party_ner()
    yield
    reset_party_ner()


def _invoices(n: int) -> list:  # type: ignore[type-arg]
    rng = random.Random(20260101)  # far from the training seeds
    docs = [synth_document(rng, kind="invoice") for _ in range(3 * n)]
    return [d for d in docs if d.pages[0].text_source is TextSource.TEXT_LAYER][:n]


def test_shipped_model_finds_the_seller_on_synthetic_invoices() -> None:
    engine = party_ner()
    assert engine is not None, "the model ships in boekstuk/models/ner"
    assert isinstance(engine, EntityExtractor)
    docs = _invoices(6)
    hits = 0
    for doc in docs:
        found = engine.extract(ExtractedText(doc.pages))
        hits += found.get("seller_name", {}).get("value") == doc.truth["seller_name"]
        for field in found.values():
            assert field["page"] == 1 and len(field["bbox"]) == 4  # type: ignore[arg-type]
    assert hits >= len(docs) - 1


def test_model_is_loaded_once_per_process() -> None:
    engine = party_ner()
    assert engine is not None
    assert party_ner() is engine
    engine.extract(ExtractedText(_invoices(1)[0].pages))
    model = engine._model()
    assert engine._model() is model


def test_missing_model_means_rules_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spacy_ner, "MODEL_DIR", tmp_path / "absent")
    assert not SpacyNerEngine().available()
    assert party_ner() is None
    monkeypatch.setattr(extract, "NER_FIELDS", {DocumentType.INVOICE: frozenset({"seller_name"})})
    doc = _invoices(1)[0]
    got = extract_entities(ExtractedText(doc.pages), DocumentType.INVOICE)
    assert got.fields["seller_name"].value  # the rules' answer


def test_ner_fields_replace_the_rules_only_where_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Fixed:
        name = "fixed"

        def extract(
            self, text: ExtractedText, *, single_party: bool = False
        ) -> dict[str, dict[str, object]]:
            box = (1.0, 2.0, 3.0, 4.0)
            return {
                "seller_name": {"value": "NER Seller", "confidence": 0.7, "page": 1, "bbox": box},
                "buyer_name": {"value": "NER Buyer", "confidence": 0.7, "page": 1, "bbox": box},
            }

    set_party_ner(Fixed())  # type: ignore[arg-type]
    monkeypatch.setattr(extract, "NER_FIELDS", {DocumentType.INVOICE: frozenset({"seller_name"})})
    doc = _invoices(1)[0]
    got = extract_entities(ExtractedText(doc.pages), DocumentType.INVOICE)
    assert got.fields["seller_name"].value == "NER Seller"
    assert got.fields["seller_name"].bbox == (1.0, 2.0, 3.0, 4.0)
    assert got.fields["buyer_name"].value != "NER Buyer"
    set_party_ner(None)
    again = extract_entities(ExtractedText(doc.pages), DocumentType.INVOICE)
    assert again.fields["seller_name"].value != "NER Seller"


def test_registry_names_the_party_ner() -> None:
    from boekstuk.engines.registry import get_entity_extractor

    assert get_entity_extractor("spacy_ner") is party_ner()
    with pytest.raises(KeyError):
        get_entity_extractor("nope")
