"""The generator families: every family renders a PDF whose text layer holds its true values.

What a user of the bench relies on: the truth of each document is what its page prints (in
CONTRACT §3's normal form), identifiers pass their checksums, amounts add up, the corpus is
the same for the same seed, and the lockbox the package holds is the one bench/lockbox.json
recorded.
"""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

pymupdf = pytest.importorskip("pymupdf")
pytest.importorskip("reportlab")
pytest.importorskip("faker")

from boekstuk.domain.identifiers import (  # noqa: E402
    betalingskenmerk_is_valid,
    iban_is_valid,
    ogm_is_valid,
    rf_is_valid,
)
from boekstuk.synth.families import (  # noqa: E402
    FAMILIES,
    LOCKBOX,
    dev_families,
    family_corpus,
    lockbox,
)
from boekstuk.synth.families.ids import vat_valid  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PER_FAMILY = 3
AMOUNTS = ("net_amount", "tax_amount", "total_amount", "amount_due")


def _flat(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return " ".join(text.split())


def _pdf_text(pdf: bytes) -> str:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return _flat(" ".join(page.get_text() for page in doc))


@pytest.fixture(scope="module")
def corpus() -> list:  # type: ignore[type-arg]
    return list(family_corpus(FAMILIES, PER_FAMILY, seed=11))


def test_sixteen_invoice_and_six_statement_families_in_four_languages() -> None:
    kinds = [f.kind for f in FAMILIES.values()]
    assert kinds.count("bank_statement") == 6
    assert len(kinds) - kinds.count("bank_statement") == 16
    assert {lang for f in FAMILIES.values() for lang in f.languages} == {"nl", "en", "de", "fr"}


def test_lockbox_matches_bench_lockbox_json() -> None:
    recorded = json.loads((ROOT / "bench" / "lockbox.json").read_text(encoding="utf-8"))
    drawn = set(recorded["lockbox"]["invoice"]) | set(recorded["lockbox"]["statement"])
    assert drawn == LOCKBOX
    listed = recorded["invoice_families"] + recorded["statement_families"]
    assert sorted(listed) == sorted(FAMILIES)
    assert set(lockbox()) | set(dev_families()) == set(FAMILIES)
    assert not set(lockbox()) & set(dev_families())


def test_every_truth_value_is_printed_in_the_text_layer(corpus: list) -> None:  # type: ignore[type-arg]
    for doc in corpus:
        text = _pdf_text(doc.pdf)
        assert doc.truth, doc.family
        for name, parts in doc.printed.items():
            for part in parts:
                assert _flat(part) in text, (doc.family, name, part)
        with pymupdf.open(stream=doc.pdf, filetype="pdf") as pdf:
            assert pdf.page_count == doc.pages, doc.family


def test_identifiers_in_truth_pass_their_checksums(corpus: list) -> None:  # type: ignore[type-arg]
    seen = set()
    for doc in corpus:
        t = doc.truth
        for key in ("seller_vat", "buyer_vat"):
            if key in t:
                assert vat_valid(t[key]), (doc.family, t[key])
                seen.add(key)
        for key in ("seller_iban", "buyer_iban"):
            if key in t:
                assert iban_is_valid(t[key]), (doc.family, t[key])
        if "payment_reference" in t:
            ref = t["payment_reference"]
            assert betalingskenmerk_is_valid(ref) or ogm_is_valid(ref) or rf_is_valid(ref), ref
            seen.add("payment_reference")
        if "seller_coc" in t:
            assert re.fullmatch(r"\d{8}", t["seller_coc"])
        for tx in doc.transactions:
            if "counterparty_iban" in tx:
                assert iban_is_valid(tx["counterparty_iban"]), tx
        if doc.ours.vat_number:
            assert vat_valid(doc.ours.vat_number)
        assert all(iban_is_valid(i) for i in doc.ours.ibans if i)
    assert seen == {"seller_vat", "buyer_vat", "payment_reference"}


def test_amounts_close_and_credit_notes_are_negative(corpus: list) -> None:  # type: ignore[type-arg]
    for doc in corpus:
        t = {k: Decimal(v) for k, v in doc.truth.items() if k in AMOUNTS}
        if {"net_amount", "tax_amount", "total_amount"} <= set(t):
            assert t["net_amount"] + t["tax_amount"] == t["total_amount"], doc.family
        if "amount_due" in t:
            assert abs(t["amount_due"]) < abs(t["total_amount"]), doc.family
        if doc.kind == "credit_note":
            assert t["total_amount"] < 0
        elif doc.kind == "invoice":
            assert t["total_amount"] > 0, doc.family


def test_invoices_say_which_side_is_ours(corpus: list) -> None:  # type: ignore[type-arg]
    sides = [d.our_side for d in corpus if d.kind != "bank_statement"]
    assert set(sides) == {"seller", "buyer"}
    for doc in corpus:
        if doc.kind == "bank_statement":
            assert doc.our_side is None and doc.ours.ibans == (doc.statement["account_iban"],)
            continue
        ours = doc.truth.get(f"{doc.our_side}_name", "")
        assert doc.ours.legal_name and doc.ours.legal_name.split()[0] in ours, doc.family


def test_statements_balance_and_list_their_transactions(corpus: list) -> None:  # type: ignore[type-arg]
    for doc in corpus:
        if doc.kind != "bank_statement":
            continue
        assert 8 <= len(doc.transactions) <= 40
        amounts = [Decimal(t["amount"]) for t in doc.transactions]
        assert any(a > 0 for a in amounts) and any(a < 0 for a in amounts)
        st = doc.statement
        if "opening_balance" in st and "closing_balance" in st:
            assert Decimal(st["opening_balance"]) + sum(amounts) == Decimal(st["closing_balance"])
        text = _pdf_text(doc.pdf)
        names = [t["counterparty_name"] for t in doc.transactions if "counterparty_name" in t]
        assert names and all(_flat(n).casefold() in text.casefold() for n in names), doc.family


def test_the_corpus_is_the_same_for_the_same_seed() -> None:
    names = ["nl_window_footer", "st_nl_signed", "erp_grid"]
    first = list(family_corpus(names, 2, seed=5))
    again = list(family_corpus(names, 2, seed=5))
    assert [d.pdf for d in first] == [d.pdf for d in again]
    assert [d.truth for d in first] == [d.truth for d in again]
    other = list(family_corpus(names, 2, seed=6))
    assert [d.truth for d in first] != [d.truth for d in other]
    # document i of a family does not depend on which other families are in the corpus
    alone = next(iter(family_corpus(["erp_grid"], 1, seed=5)))
    assert alone.pdf == first[4].pdf


def test_scan_pdf_is_an_image_only_pdf_and_the_same_for_the_same_rng() -> None:
    import random

    from boekstuk.synth.scan import photo_of, scan_pdf

    doc = next(iter(family_corpus(["multi_page"], 1, seed=2)))
    scan = scan_pdf(doc.pdf, random.Random(4), dpi=150)
    assert scan == scan_pdf(doc.pdf, random.Random(4), dpi=150)
    with pymupdf.open(stream=scan, filetype="pdf") as pdf:
        assert pdf.page_count == doc.pages
        assert all(not page.get_text().strip() for page in pdf)
        assert all(len(page.get_images()) == 1 for page in pdf)
    photo = photo_of(doc.pdf, random.Random(4))
    assert photo[:3] == b"\xff\xd8\xff" or photo[:8] == b"\x89PNG\r\n\x1a\n"
