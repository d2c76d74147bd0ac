"""Finding payment references and invoice numbers in bank descriptions, tolerantly."""

from __future__ import annotations

import pytest

from boekstuk.reconcile.references import (
    TextTokens,
    betalingskenmerk_is_valid,
    find_in_text,
    find_structured,
)


@pytest.mark.parametrize(
    ("expected", "description", "kind"),
    [
        ("INV-2026-0042", "Betaling INV-2026-0042", "exact"),
        ("INV-2026-0042", "betaling inv 2026 0042 dank", "exact"),
        ("INV-2026-0042", "INV2026/0042", "exact"),
        ("INV-2026-0042", "factuur 2026-0042", "no_prefix"),
        ("INV-2026-0042", "factuur 20260042", "no_prefix"),
        ("INV-2026-0042", "inv 2026-0043", "typo"),
        ("INV-2026-0042", "inv 2026-042", "typo"),
        ("INV-2026-0042", "inv 2026-00420", "typo"),
        ("2026-0042", "2O26-0042", "typo"),
        ("9000 0001 2345 6789", "kenmerk 9000000123456789", "exact"),
        ("9000 0001 2345 6789", "kenmerk 9000 0001 2345 6788", "typo"),
    ],
)
def test_found_tolerantly(expected: str, description: str, kind: str) -> None:
    hit = find_in_text(expected, TextTokens.of(description))
    assert hit is not None
    assert hit.kind == kind


@pytest.mark.parametrize(
    ("expected", "description"),
    [
        ("INV-2026-0042", "factuur 2026-0057"),  # two characters differ
        ("42", "factuur 42"),  # too short to trust
        ("1234", "rekening 12345678"),  # a short number inside a longer one
        ("A-17", "ref A-18"),  # one typo in a short number is a different number
        ("INV-2026-0042", ""),
        (None, "anything"),
    ],
)
def test_not_found_when_guessing(expected: str | None, description: str) -> None:
    assert find_in_text(expected, TextTokens.of(description)) is None


def test_short_number_found_as_a_whole_word() -> None:
    hit = find_in_text("1234", TextTokens.of("factuur 1234 bedankt"))
    assert hit is not None and hit.kind == "exact"


def test_betalingskenmerk_checksum() -> None:
    assert betalingskenmerk_is_valid("9000000123456789")
    assert not betalingskenmerk_is_valid("9000000123456788")
    assert not betalingskenmerk_is_valid("12345")


def test_structured_references_with_checksums() -> None:
    text = TextTokens.of("RF18 5390 0754 7034 en +++090/9337/55493+++ en 9000 0001 2345 6789")
    found = {(r.kind, r.value) for r in find_structured(text)}
    assert ("rf", "RF18539007547034") in found
    assert ("ogm", "090933755493") in found
    assert ("betalingskenmerk", "9000000123456789") in found


def test_invalid_structured_references_are_ignored() -> None:
    text = TextTokens.of("RF19 5390 0754 7034 +++090/9337/55494+++ 9000 0001 2345 6788")
    assert find_structured(text) == []
