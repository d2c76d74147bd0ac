"""Generator families: classes of invoices and bank statements, each with variation inside.

In: a family name (see ``bench/lockbox.json``) and a :class:`random.Random`. Out: a
:class:`FamilyDocument` — a PDF with a real text layer, its true values (CONTRACT §3 names and
normal forms, only what is printed), the workspace profile of the company whose books it
belongs to and which side that company is on. ``FAMILIES`` holds 16 invoice families and 6
statement families across nl/en/de/fr; :data:`LOCKBOX` names the 4 + 2 drawn at random before
any rule was written for them (:func:`lockbox`, :func:`dev_families`); :func:`family_corpus`
makes a deterministic corpus. Raises ``KeyError`` for an unknown family name and
``ImportError`` without the dev dependencies reportlab and faker.

>>> sorted(LOCKBOX)
['advance_payment', 'de_multi_rate', 'en_cloud', 'right_window', 'st_de_sollhaben', 'st_nl_afbij']
>>> len(FAMILIES), len(dev_families()), len(lockbox())
(22, 16, 6)
>>> [d.family for d in family_corpus(["nl_window_footer"], 2, seed=1)]
['nl_window_footer', 'nl_window_footer']
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator

from boekstuk.synth.families import (
    be_structured,
    credit_note,
    de_din5008,
    discount_shipping,
    en_uk,
    erp_grid,
    fr_facture,
    letter_prose,
    multi_page,
    nl_letterhead_right,
    nl_sidebar,
    nl_window_footer,
    st_en_balance,
    st_fr_debitcredit,
    st_nl_export_print,
    st_nl_signed,
)
from boekstuk.synth.families.lockbox import (
    advance_payment,
    de_multi_rate,
    en_cloud,
    right_window,
    st_de_sollhaben,
    st_nl_afbij,
)
from boekstuk.synth.families.model import Family, FamilyDocument

__all__ = [
    "FAMILIES",
    "LOCKBOX",
    "Family",
    "FamilyDocument",
    "dev_families",
    "family_corpus",
    "lockbox",
    "make_document",
]

# the draw recorded in bench/lockbox.json (a unit test keeps the two the same)
LOCKBOX: frozenset[str] = frozenset(
    {
        "advance_payment",
        "de_multi_rate",
        "en_cloud",
        "right_window",
        "st_de_sollhaben",
        "st_nl_afbij",
    }
)

_ALL = (
    (nl_window_footer, "invoice", ("nl",)),
    (nl_letterhead_right, "invoice", ("nl",)),
    (de_din5008, "invoice", ("de",)),
    (de_multi_rate, "invoice", ("de",)),
    (fr_facture, "invoice", ("fr",)),
    (en_cloud, "invoice", ("en",)),
    (en_uk, "invoice", ("en",)),
    (nl_sidebar, "invoice", ("nl",)),
    (erp_grid, "invoice", ("de", "nl", "en")),
    (credit_note, "credit_note", ("nl", "de", "en", "fr")),
    (multi_page, "invoice", ("nl", "de", "en", "fr")),
    (advance_payment, "invoice", ("nl", "en", "fr", "de")),
    (be_structured, "invoice", ("nl", "fr")),
    (right_window, "invoice", ("fr", "de")),
    (discount_shipping, "invoice", ("nl", "de", "en", "fr")),
    (letter_prose, "invoice", ("nl", "de", "en", "fr")),
    (st_nl_signed, "bank_statement", ("nl",)),
    (st_nl_afbij, "bank_statement", ("nl",)),
    (st_de_sollhaben, "bank_statement", ("de",)),
    (st_fr_debitcredit, "bank_statement", ("fr",)),
    (st_en_balance, "bank_statement", ("en",)),
    (st_nl_export_print, "bank_statement", ("nl",)),
)

FAMILIES: dict[str, Family] = {
    module.NAME: Family(
        module.NAME,
        kind,
        languages,
        module.make,
        (module.__doc__ or "").split("\n", 1)[0],
    )
    for module, kind, languages in _ALL
}


def lockbox() -> list[str]:
    """The lockbox families' names, invoice families first."""
    return [name for name in FAMILIES if name in LOCKBOX]


def dev_families() -> list[str]:
    """The families developers work against (every family outside the lockbox)."""
    return [name for name in FAMILIES if name not in LOCKBOX]


def make_document(name: str, rng: random.Random) -> FamilyDocument:
    """One document of family ``name``."""
    return FAMILIES[name].make(rng)


def family_corpus(names: Iterable[str], per_family: int, seed: int = 0) -> Iterator[FamilyDocument]:
    """``per_family`` documents of each family in ``names``; document ``i`` of a family depends
    only on (seed, family, i), so a corpus of more families or documents keeps these."""
    for name in names:
        for i in range(per_family):
            yield make_document(name, random.Random(f"{seed}:{name}:{i}"))
