"""Classify stage: invoice, credit note, receipt, bank statement or unknown.

In: the :class:`ContentType` and the :class:`ExtractedText`. Out: a :class:`DocumentType`
and a confidence. Bank exports are statements by their format; other documents are scored
by weighted cue words in Dutch, English, German and French.

>>> from boekstuk.domain.extraction import ExtractedText, PageText, TextSource, Word
>>> def doc(s): return ExtractedText((PageText(1, 1, 1, tuple(Word(t, (0, 0, 0, 0)) for t in s.split()), TextSource.OCR),))
>>> classify(ContentType.PDF, doc("FACTUUR Factuurnummer 2026-01 BTW totaal te betalen"))[0].value
'invoice'
>>> classify(ContentType.PDF, doc("Creditnota Factuurnummer 12 BTW"))[0].value
'credit_note'
>>> classify(ContentType.PDF, doc("Rekeningafschrift Beginsaldo Eindsaldo Bij Af"))[0].value
'bank_statement'
>>> classify(ContentType.PDF, doc("hello world"))[0].value
'unknown'
"""

from __future__ import annotations

import re

from boekstuk.domain.documents import ContentType, DocumentType
from boekstuk.domain.extraction import ExtractedText

_CUES: dict[DocumentType, tuple[tuple[str, float], ...]] = {
    DocumentType.INVOICE: (
        (r"\bfactuur\b", 3),
        (r"factuurnummer|factuurdatum|factuurnr", 3),
        (r"(?<!tax )(?<!simplified tax )\binvoice\b", 3),
        (r"invoice\s*(no|number|date|#)", 2),
        (r"rechnung\b", 3),
        (r"rechnungs(nummer|datum)", 3),
        (r"\bfacture\b", 3),
        (r"n[°o]\s*de\s*facture", 3),
        (r"\bbtw\b|\bvat\b|\bust\b|\btva\b", 1),
        (r"te betalen|amount due|zahlbar|à payer|net à payer", 1),
        (r"vervaldatum|due date|fällig|échéance", 1),
        (r"ust-?id|steuernummer|rechnungsempfänger|zahlungsbedingungen|payment terms|bill to", 1),
        (r"\biban\b|\bkvk\b|siret|conditions de paiement|betalingstermijn", 1),
        (r"beleg-?(nr|nummer|datum)|lieferschein", 1),
    ),
    DocumentType.CREDIT_NOTE: (
        (r"credit\s*nota|creditnota|creditfactuur", 6),
        (r"credit\s*note", 6),
        (r"\bgutschrift\b|rechnungskorrektur", 6),
        (r"\bavoir\b|note de crédit", 6),
    ),
    DocumentType.RECEIPT: (
        (r"\bkassabon\b|\bbon\b|\bkassa\b", 2),
        (r"\bpin\b|\bpinnen\b|maestro|v pay|contactloos|girocard|ec-karte|carte bancaire", 1.5),
        (r"\breceipt\b|\bcashier\b", 3),
        (r"\bkassenbon\b|\bquittung\b|\bkassenbeleg\b", 3),
        (r"\breçu\b|\bticket\b", 2),
        (r"\bcash\b|\btunai\b|\bcontant\b|\bbar\b", 1),
        (r"\bchange\b|wisselgeld|rückgeld|rendu", 1),
        (r"rounding|round(ed)? adj", 1),
        (r"\btotal\b", 0.5),
        (r"thank you|bedankt|danke|merci|terima kasih|please come again", 1),
        (r"\bgst\b|\bsst\b", 1),
        (r"tax invoice", 2),
        (r"\bqty\b|\bpax\b|\btable\b|\bcounter\b|\bcashier\b|\bkasir\b|\bpos\b", 1),
        (r"sdn\.? ?bhd|\bs/b\b|\bbhd\b", 1),
    ),
    DocumentType.BANK_STATEMENT: (
        (r"rekeningafschrift|bankafschrift|afschrift|rekeningoverzicht|transactieoverzicht", 4),
        (r"bank statement|account statement|statement of account", 4),
        (r"kontoauszug|kontoumsätze|umsatzübersicht", 4),
        (r"relevé de compte|extrait de compte|relevé bancaire|relevé d'opérations", 4),
        (r"beginsaldo|eindsaldo|opening balance|closing balance|anfangssaldo|endsaldo", 3),
        (r"ancien solde|nouveau solde|saldo", 1),
    ),
}
_SLIP_TOTAL = re.compile(r"\b(?:total|totaal|summe|gesamt|montant|te betalen)\b", re.IGNORECASE)
_COMPILED = {
    kind: tuple((re.compile(pattern, re.IGNORECASE), weight) for pattern, weight in cues)
    for kind, cues in _CUES.items()
}


def classify(content_type: ContentType, text: ExtractedText) -> tuple[DocumentType, float]:
    """The document's type and a confidence in 0..1."""
    if content_type.is_bank_file:
        return DocumentType.BANK_STATEMENT, 1.0
    # "W A R E N R E C H N U N G": letter-spaced headings read as words
    body = re.sub(r"(?<=\b\w) (?=\w\b)", "", text.text[:20000])
    scores = {
        kind: sum(weight for pattern, weight in cues if pattern.search(body))
        for kind, cues in _COMPILED.items()
    }
    # a short slip with a total and no invoice cue reads like a till receipt
    if text.word_count < 120 and _SLIP_TOTAL.search(body) and not scores[DocumentType.INVOICE] > 2:
        scores[DocumentType.RECEIPT] += 1.5
    if scores[DocumentType.CREDIT_NOTE] and scores[DocumentType.INVOICE]:
        scores[DocumentType.CREDIT_NOTE] += scores[DocumentType.INVOICE]
    best = max(scores, key=lambda kind: scores[kind])
    total = sum(scores.values())
    if scores[best] < 3:
        return DocumentType.UNKNOWN, 0.0
    return best, round(scores[best] / total, 3)


_STOPWORDS = {
    "nl": {"de", "het", "een", "en", "van", "voor", "met", "te", "op", "is", "factuur", "bedrag"},
    "en": {"the", "and", "of", "for", "to", "with", "is", "invoice", "amount", "total", "date"},
    "de": {"der", "die", "das", "und", "mit", "für", "von", "ist", "rechnung", "betrag", "datum"},
    "fr": {"le", "la", "les", "et", "de", "du", "des", "pour", "avec", "facture", "montant"},
}


def detect_language(text: ExtractedText) -> str | None:
    """The most likely of nl/en/de/fr by stop words, or None with too little evidence.

    >>> from boekstuk.domain.extraction import ExtractedText, PageText, TextSource, Word
    >>> words = tuple(Word(t, (0, 0, 0, 0)) for t in "de factuur van het bedrag voor een klant".split())
    >>> detect_language(ExtractedText((PageText(1, 1, 1, words, TextSource.OCR),)))
    'nl'
    """
    tokens = [w.text.lower().strip(".,:;") for p in text.pages for w in p.words][:5000]
    counts = {lang: sum(1 for t in tokens if t in words) for lang, words in _STOPWORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] >= 3 else None
