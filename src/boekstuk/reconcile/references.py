"""Payment references and invoice numbers in a bank description, found tolerantly.

In: free text from a transaction (description, structured reference, end-to-end id) and the
reference or invoice number we expect. Out: how it was found (:class:`Hit`) or None. Nothing
raises. Tolerated: spaces, dashes, dots and slashes anywhere, upper/lower case, a missing
alphabetic prefix (``INV-2026-0042`` paid as ``2026 0042``) and one wrong, missing or extra
character (not for short numbers, where that would be guessing).

Structured references have checksums, checked with python-stdnum where it has them:
RF creditor reference (ISO 11649, ``stdnum.iso11649``), Belgian OGM/VCS
(``stdnum.be.ogm_vcs``); the Dutch *betalingskenmerk* (16 digits, weighted mod 11) here.

>>> text = TextTokens.of("Betaling fact. inv 2026-0O42 ACME")
>>> find_in_text("INV-2026-0042", text)
Hit(kind='typo', token='INV20260O42')
>>> find_in_text("2026-0042", TextTokens.of("factuur 2026 0042"))
Hit(kind='exact', token='20260042')
>>> find_in_text("INV-2026-0042", TextTokens.of("factuur 20260042"))
Hit(kind='no_prefix', token='20260042')
>>> betalingskenmerk_is_valid("9000 0001 2345 6789")
True
>>> [r.kind for r in find_structured(TextTokens.of("RF18 5390 0754 7034 +++090/9337/55493+++"))]
['rf', 'ogm']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz.distance import Levenshtein
from stdnum import iso11649
from stdnum.be import ogm_vcs

__all__ = [
    "Hit",
    "StructuredReference",
    "TextTokens",
    "betalingskenmerk_is_valid",
    "compact",
    "find_in_text",
    "find_structured",
    "similar_tokens",
]

HitKind = Literal["exact", "no_prefix", "typo"]
_SPLIT = re.compile(r"[^0-9A-Z]+")
_ALPHA_DIGIT = re.compile(r"[A-Z]+|[0-9]+")
_WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3, 6, 1)
_MIN_EXACT = 3
_MIN_SUBSTRING = 6
_MIN_TYPO = 5


def compact(value: str | None) -> str:
    """Upper-case letters and digits only.

    >>> compact(" inv-2026/0042 ")
    'INV20260042'
    """
    return _SPLIT.sub("", (value or "").upper())


def betalingskenmerk_is_valid(value: str) -> bool:
    """True for a 16-digit Dutch payment reference whose first digit checks the other 15."""
    digits = compact(value)
    if len(digits) != 16 or not digits.isdigit():
        return False
    body = digits[1:]
    total = sum(int(d) * _WEIGHTS[i % 10] for i, d in enumerate(reversed(body)))
    check = 11 - total % 11
    check = {10: 1, 11: 0}.get(check, check)
    return int(digits[0]) == check


@dataclass(frozen=True, slots=True)
class TextTokens:
    """A text prepared once for many look-ups: its compact form and its tokens.

    Tokens are the alphanumeric runs, their letter/digit halves and the joins of two to four
    neighbours (so ``2026 0042`` also yields ``20260042``).
    """

    raw: str
    compact: str
    tokens: frozenset[str]
    by_length: dict[int, tuple[str, ...]] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, *texts: str | None) -> TextTokens:
        """Tokens of the given texts (None and empty ones are skipped)."""
        upper = " ".join(t for t in texts if t).upper()
        words = [w for w in _SPLIT.split(upper) if w]
        tokens: set[str] = set(words)
        for w in words:
            tokens.update(_ALPHA_DIGIT.findall(w))
        for size in (2, 3, 4):
            tokens.update("".join(words[i : i + size]) for i in range(len(words) - size + 1))
        by_length: dict[int, list[str]] = {}
        for token in tokens:
            by_length.setdefault(len(token), []).append(token)
        lengths = {n: tuple(ts) for n, ts in by_length.items()}
        return cls(upper, "".join(words), frozenset(tokens), lengths)


@dataclass(frozen=True, slots=True)
class Hit:
    """How an expected reference was found: exactly, without its prefix, or with one typo."""

    kind: HitKind
    token: str


def _strip_prefix(value: str) -> str:
    return value.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _contains(text: TextTokens, wanted: str) -> bool:
    """``wanted`` is a token, or (when long enough) inside one but not inside a longer number."""
    if wanted in text.tokens:
        return True
    if len(wanted) < _MIN_SUBSTRING or wanted not in text.compact:
        return False
    for token in text.tokens:
        start = token.find(wanted)
        while start >= 0:
            end = start + len(wanted)
            before = token[start - 1] if start else ""
            after = token[end] if end < len(token) else ""
            if not (before.isdigit() and wanted[0].isdigit()) and not (
                after.isdigit() and wanted[-1].isdigit()
            ):
                return True
            start = token.find(wanted, start + 1)
    return False


def _typo(expected: str, text: TextTokens) -> str | None:
    if len(expected) < _MIN_TYPO:
        return None
    size = len(expected)
    for length in (size, size - 1, size + 1):
        for token in text.by_length.get(length, ()):
            if Levenshtein.distance(expected, token, score_cutoff=1) <= 1:
                return token
    return None


def find_in_text(expected: str | None, text: TextTokens) -> Hit | None:
    """Where ``expected`` (an invoice number or reference) occurs in ``text``, if anywhere."""
    wanted = compact(expected)
    if len(wanted) < _MIN_EXACT:
        return None
    if _contains(text, wanted):
        return Hit("exact", wanted)
    bare = _strip_prefix(wanted)
    has_prefix = bare != wanted and len(bare) >= 4
    if has_prefix and _contains(text, bare):
        return Hit("no_prefix", bare)
    token = _typo(wanted, text) or (_typo(bare, text) if has_prefix else None)
    return Hit("typo", token) if token else None


def _shape(token: str) -> str:
    return "".join("9" if ch.isdigit() else "A" for ch in token)


def similar_tokens(text: TextTokens, token: str) -> list[str]:
    """Other tokens of ``text`` shaped like ``token``: same length, digits in the same places.

    A payment naming ``2026-0045 en 2026-0046`` names two invoices, whichever one we hold.

    >>> similar_tokens(TextTokens.of("facturen 2026-0045 en 2026-0046"), "20260046")
    ['20260045']
    >>> similar_tokens(TextTokens.of("Factuur INV-2026-0044"), "INV20260044")
    []
    """
    shape = _shape(token)
    return sorted(
        t
        for t in text.by_length.get(len(token), ())
        if t != token and any(ch.isdigit() for ch in t) and _shape(t) == shape
    )


@dataclass(frozen=True, slots=True)
class StructuredReference:
    """A checksum-valid structured reference seen in a text."""

    kind: Literal["rf", "ogm", "betalingskenmerk"]
    value: str


_RF = re.compile(r"RF\d{2}[0-9A-Z]{1,21}")
_OGM = re.compile(r"(?<![\d/])(\d{3})\s*/\s*(\d{4})\s*/\s*(\d{5})(?![\d/])|(?<!\d)(\d{12})(?!\d)")
_KENMERK = re.compile(r"(?<!\d)(\d{4}[ .-]?\d{4}[ .-]?\d{4}[ .-]?\d{4})(?!\d)")


def find_structured(text: TextTokens) -> list[StructuredReference]:
    """Every checksum-valid RF, OGM/VCS and 16-digit betalingskenmerk in ``text``."""
    found: list[StructuredReference] = []
    for m in _RF.finditer(text.compact):
        # The compact text runs words together: try the longest valid RF at this position.
        for end in range(m.end(), m.start() + 4, -1):
            if iso11649.is_valid(text.compact[m.start() : end]):
                found.append(StructuredReference("rf", text.compact[m.start() : end]))
                break
    for m in _OGM.finditer(text.raw):
        value = compact(m.group())
        if ogm_vcs.is_valid(value):
            found.append(StructuredReference("ogm", value))
    for m in _KENMERK.finditer(text.raw):
        value = compact(m.group())
        if betalingskenmerk_is_valid(value):
            found.append(StructuredReference("betalingskenmerk", value))
    return found
