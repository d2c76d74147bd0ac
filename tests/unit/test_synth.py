"""The synthetic corpus: deterministic, labelled where the true values stand, valid identifiers."""

from __future__ import annotations

import random

import pytest

from boekstuk.domain.extraction import TextSource
from boekstuk.domain.identifiers import iban_is_valid, vat_is_valid
from boekstuk.synth import render_pdf, synth_corpus, synth_document
from boekstuk.synth.ner_data import ner_examples


def _clean_docs(kind: str, n: int = 30) -> list:  # type: ignore[type-arg]
    rng = random.Random(42)
    docs = [synth_document(rng, kind=kind) for _ in range(n * 2 + 6)]
    return [d for d in docs if d.pages[0].text_source is TextSource.TEXT_LAYER][:n]


def test_same_seed_same_corpus() -> None:
    first = [d.truth for d in synth_corpus(20, seed=9)]
    again = [d.truth for d in synth_corpus(20, seed=9)]
    assert first == again
    assert first != [d.truth for d in synth_corpus(20, seed=10)]


def test_every_language_layout_and_kind_is_made() -> None:
    docs = list(synth_corpus(120, seed=1))
    assert {d.language for d in docs} == {"nl", "en", "de", "fr"}
    assert {d.kind for d in docs} == {"invoice", "credit_note", "receipt"}
    assert {d.layout for d in docs} >= {"letter", "sections", "viewer", "inline", "sidebar"}
    assert any(d.pages[0].text_source is TextSource.OCR for d in docs)  # degraded, like scans


@pytest.mark.parametrize("kind", ["invoice", "credit_note", "receipt"])
def test_labels_mark_the_true_party_values(kind: str) -> None:
    for doc in _clean_docs(kind):
        text, spans = ner_examples(doc)[0]
        sellers = [text[s:e] for s, e, label in spans if label == "SELLER"]
        assert doc.truth["seller_name"] in " ".join(sellers), doc.layout  # or wrapped in two
        addresses = " ".join(text[s:e] for s, e, label in spans if label == "SELLER_ADDR")
        assert doc.truth["seller_address"].split(", ")[-1] in addresses
        if kind != "receipt":
            buyers = [text[s:e] for s, e, label in spans if label == "BUYER"]
            assert doc.truth["buyer_name"] in buyers, doc.layout
        assert len(doc.labels[0]) == len(doc.pages[0].words)


def test_identifiers_pass_their_checksums_and_are_true_only_where_printed() -> None:
    docs = _clean_docs("invoice")
    vats = [d.truth["seller_vat"] for d in docs if "seller_vat" in d.truth]
    ibans = [d.truth["seller_iban"] for d in docs if "seller_iban" in d.truth]
    assert vats and ibans
    assert all(vat_is_valid(v) for v in vats), vats
    assert all(iban_is_valid(i) for i in ibans), ibans
    for doc in docs:
        printed = "".join(w.text for w in doc.pages[0].words)
        assert all(doc.truth[k] in printed for k in ("seller_vat", "seller_iban") if k in doc.truth)


def test_credit_notes_have_negative_totals() -> None:
    assert all(d.truth["total_amount"].startswith("-") for d in _clean_docs("credit_note", 5))


def test_render_pdf_has_the_words_in_its_text_layer() -> None:
    pymupdf = pytest.importorskip("pymupdf")
    doc = _clean_docs("invoice", 1)[0]
    pdf = pymupdf.open(stream=render_pdf(doc), filetype="pdf")
    text = " ".join(pdf[0].get_text().split())
    assert " ".join(doc.truth["seller_name"].split()) in text
    assert doc.truth["invoice_number"] in text
