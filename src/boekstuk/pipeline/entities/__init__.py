"""Entities stage: from located words to CONTRACT §3's fields (see :func:`extract_entities`).

In: :class:`~boekstuk.domain.extraction.ExtractedText`, the document type and an optional
workspace profile. Out: :class:`Entities` (fields with value, confidence, page and bbox;
line items; which party is us). The modules: ``layout`` (rows and segments), ``labels``
(label words in nl/en/de/fr), ``rules`` (label-anchored values), ``parties`` (seller and
buyer blocks), ``ids`` (VAT/IBAN/BIC/CoC given to a party), ``receipts`` and ``extract``.
``find_identifiers`` (all valid IBANs and VAT numbers, unassigned) is kept for callers that
want every identifier on the page.
"""

from __future__ import annotations

from boekstuk.pipeline.entities.extract import Entities, extract_entities
from boekstuk.pipeline.entities.patterns import find_identifiers

__all__ = ["Entities", "extract_entities", "find_identifiers"]
