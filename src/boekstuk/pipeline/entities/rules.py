"""Label-anchored rules: the value right of or below its label, parsed and scored.

In: the pages' :class:`Layout` s. Out: :class:`Candidate` s per field (best first) for the
invoice number, dates, amounts, currency and payment reference. A candidate's score is the
label's weight; the caller picks and cross-checks. Nothing raises.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from boekstuk.domain.dates import find_dates
from boekstuk.domain.extraction import BBox
from boekstuk.domain.identifiers import ogm_is_valid, rf_is_valid
from boekstuk.domain.money import AMOUNT_PATTERN, format_amount, parse_amount
from boekstuk.pipeline.entities import labels as L
from boekstuk.pipeline.entities.layout import Layout, Segment


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible value of a field, with where it stands and how sure the rule is."""

    value: str
    score: float
    page: int
    bbox: BBox
    row: int = 0

    @property
    def amount(self) -> Decimal:
        """The value as a Decimal (amount fields only)."""
        return Decimal(self.value)


# a parser gets the text after a label and returns (value, start, end) matches in order
Parser = Callable[[str], list[tuple[str, int, int]]]

_NUMBER_TOKEN = re.compile(r"(?<![\w/-])([A-Z0-9][A-Z0-9/._-]{1,29}[A-Z0-9]|\d)(?![\w/-])", re.I)
_NOT_NUMBER_CONTEXT = re.compile(
    r"kunde|kunden|customer|klant|debiteur|order|bestell|auftrag|lieferschein|referenz|reference"
    r"|r[ée]f[ée]rence|gln|steuer|tax|vat|btw|tva|ust|telefon|phone|tel\b|fax|seite|page|artikel"
    r"|art\.|konto|account|rekening|iban|blz|plz|postcode|ean|gtin|kvk|siret|siren|handelsreg"
    r"|contract|vertrag|projekt|project|los\b|\bpos\b|zeile|line|id\b|\bnummer:\s*$|lief"
    r"|associ|original|ursprung|corrected|rapport|receiv|livraison|commande"
    r"|\bhr[ab]\b|register|reklamation|claim",
    re.IGNORECASE,
)


def parse_number(text: str) -> list[tuple[str, int, int]]:
    """Invoice-number-like tokens: letters, digits and ``-/._``, with at least one digit.

    >>> parse_number(": RE-20151008/504 vom")
    [('RE-20151008/504', 2, 17)]
    >>> parse_number(" 25.04.2018")
    []
    >>> parse_number(" 4711 02")  # a scan split the number: digit groups alone are one number
    [('471102', 1, 8)]
    """
    whole = text.strip(" :#")
    if re.fullmatch(r"\d{3,}(?: \d{1,3})+", whole):
        start = text.index(whole)
        return [(whole.replace(" ", ""), start, start + len(whole))]
    found = []
    for match in _NUMBER_TOKEN.finditer(text):
        token = match.group(1)
        if not any(c.isdigit() for c in token):
            continue
        if any(span == (match.start(1), match.end(1)) for _, span in find_dates(text)):
            continue
        if re.fullmatch(r"\d{1,2}", token):
            continue
        found.append((token, match.start(1), match.end(1)))
    return found


def parse_dates(text: str, us: bool = False) -> list[tuple[str, int, int]]:
    """Dates in ISO form (numeric ones month-first when ``us``)."""
    return [(value.isoformat(), s, e) for value, (s, e) in find_dates(text, us=us)]


_NUMERIC_DATE = re.compile(r"(?<![\d.,])(\d{1,2})[/.-](\d{1,2})[/.-](?:\d{4}|\d{2})(?![\d])")


def month_first(layouts: list[Layout], language: str | None, currency: str | None) -> bool:
    """Whether numeric dates on these pages are American (month first).

    Dutch, German and French documents are day-first. For others, evidence decides (a first
    number above 12 means day-first, a second above 12 month-first); without it, English
    documents not in pounds or euros are read month-first.
    """
    if language in ("nl", "de", "fr"):
        return False  # an OCR misread like "10.41.2026" must not flip a German invoice
    for layout in layouts:
        for segment in layout.segments:
            for match in _NUMERIC_DATE.finditer(segment.text):
                first, second = int(match.group(1)), int(match.group(2))
                if first > 12 >= second:
                    return False
                if second > 12 >= first:
                    return True
    return language == "en" and currency not in ("GBP", "EUR")


def parse_amounts(text: str) -> list[tuple[str, int, int]]:
    """Amounts in CONTRACT form (skipping dates and percentages)."""
    dates = [span for _, span in find_dates(text)]
    found = []
    for match in AMOUNT_PATTERN.finditer(text):
        s, e = match.span()
        if any(ds < e and s < de for ds, de in dates):
            continue
        value = parse_amount(match.group(0))
        if value is not None:
            found.append((format_amount(value), s, e))
    return found


_RATE = re.compile(r"^\s*[(@]?\s*\d{1,2}(?:[.,]\d{1,2})?\s?%\)?:?")


def labelled(
    layouts: Iterable[Layout],
    labels: L.Labels,
    parse: Parser,
    *,
    take_last: bool = False,
    reject: re.Pattern[str] | None = None,
    look_below: bool = True,
) -> list[Candidate]:
    """Values next to each matching label, best score first (page order breaks ties)."""
    candidates: list[Candidate] = []
    for layout in layouts:
        for segment in layout.segments:
            text = segment.text
            taken: list[tuple[int, int]] = []
            for pattern, weight in labels:
                for match in pattern.finditer(text):
                    if any(s < match.end() and match.start() < e for s, e in taken):
                        continue
                    taken.append(match.span())
                    context = f"{layout.left_text(segment)} {text}" if weight < 0.9 else text
                    if reject is not None and reject.search(context):
                        continue
                    rest = text[match.end() :]
                    # a rate after a tax label ("USt. 19%", "GST @6%") is not its value
                    rest = _RATE.sub("", rest)
                    if weight < 0.9 and rest.strip():
                        # a weak label ("Nr.", "Datum") must be followed directly by its value
                        first = parse(rest)
                        if not first or rest[: first[0][1]].strip(" :#.-"):
                            continue
                    offset = len(text) - len(rest)
                    found = _value_after(layout, segment, offset, parse, take_last, look_below)
                    if found is not None:
                        value, bbox, row, distance = found
                        candidates.append(
                            Candidate(value, weight * distance, layout.page, bbox, row)
                        )
    return sorted(candidates, key=lambda c: -c.score)


def _value_after(
    layout: Layout,
    segment: Segment,
    offset: int,
    parse: Parser,
    take_last: bool,
    look_below: bool,
) -> tuple[str, BBox, int, float] | None:
    """The value in the rest of the segment, then right of it, then below it."""
    rest = segment.text[offset:]
    matches = parse(rest)
    if matches:
        value, start, end = matches[-1] if take_last else matches[0]
        return value, segment.span_box(offset + start, offset + end), segment.row, 1.0
    right = layout.right_of(segment)
    chosen: tuple[str, BBox, int, float] | None = None
    while right is not None:
        matches = parse(right.text)
        if matches:
            value, start, end = matches[-1] if take_last else matches[0]
            chosen = (value, right.span_box(start, end), right.row, 1.0)
            if not take_last:
                return chosen
        elif chosen is None and L.INVOICE_NUMBER[0][0].search(right.text):
            break  # the next column has its own label
        right = layout.right_of(right)
    if chosen is not None:
        return chosen
    if look_below:
        for below in layout.below(segment, max_rows=2)[:1]:
            matches = parse(below.text)
            if matches:
                value, start, end = matches[-1] if take_last else matches[0]
                return value, below.span_box(start, end), below.row, 0.9
    return None


def invoice_numbers(layouts: list[Layout]) -> list[Candidate]:
    """Invoice number candidates."""
    return labelled(layouts[:2], L.INVOICE_NUMBER, parse_number, reject=_NOT_NUMBER_CONTEXT)


def invoice_dates(layouts: list[Layout], us: bool = False) -> list[Candidate]:
    """Invoice date candidates (a due-date or delivery label rules a segment out)."""
    reject = re.compile(
        r"due|f[äa]llig|verval|[ée]ch[ée]ance|liefer|leistung|delivery|lever|bestell|order"
        r"|auftrag|commande|payment|zahlung|betaling|paiement|stylesheet|période|period|zeitraum"
        r"|geboren|birth|ab\b|bis\b|from|to\b|associ|rapport|d[ée]but|fin\b|start|end\b|version",
        re.IGNORECASE,
    )
    parse: Parser = partial(parse_dates, us=us)
    found = labelled(layouts[:2], L.INVOICE_DATE, parse, reject=reject)
    if not found and layouts:
        for segment in layouts[0].segments:
            dates = parse(segment.text)
            if dates and not reject.search(f"{layouts[0].left_text(segment)} {segment.text}"):
                value, s, e = dates[0]
                found.append(Candidate(value, 0.5, layouts[0].page, segment.span_box(s, e)))
                break
    return found


def due_dates(layouts: list[Layout], us: bool = False) -> list[Candidate]:
    """Due date candidates."""
    return labelled(layouts, L.DUE_DATE, partial(parse_dates, us=us))


def amounts(layouts: list[Layout], labels: L.Labels, reject: re.Pattern[str]) -> list[Candidate]:
    """Amount candidates (the rightmost amount of the row right of the label)."""
    return labelled(layouts, labels, parse_amounts, take_last=True, reject=reject)


def currency(layouts: list[Layout]) -> Candidate | None:
    """The most frequent currency code or symbol on the pages."""
    counts: Counter[str] = Counter()
    first: dict[str, Candidate] = {}
    for layout in layouts:
        for segment in layout.segments:
            for match in L.CURRENCY.finditer(segment.text):
                code = match.group(1) or L.CURRENCY_SYMBOLS[match.group(2)]
                counts[code] += 1
                if code not in first:
                    box = segment.span_box(*match.span())
                    first[code] = Candidate(code, 0.8, layout.page, box, segment.row)
    if not counts:
        return None
    code, count = counts.most_common(1)[0]
    candidate = first[code]
    share = count / sum(counts.values())
    return Candidate(code, round(0.6 + 0.35 * share, 3), candidate.page, candidate.bbox)


_RF = re.compile(r"\bRF\d{2}(?: ?[A-Z0-9]{1,4}){1,6}\b")
_OGM = re.compile(r"\+{3}\s?\d{3}\s?/\s?\d{4}\s?/\s?\d{5}\s?\+{3}|\*{3}\d{3}/\d{4}/\d{5}\*{3}")


def payment_references(layouts: list[Layout]) -> list[Candidate]:
    """Structured references (RF, OGM) anywhere, then labelled ones."""
    found: list[Candidate] = []
    for layout in layouts:
        for segment in layout.segments:
            for pattern, check in ((_RF, rf_is_valid), (_OGM, ogm_is_valid)):
                for match in pattern.finditer(segment.text):
                    value = re.sub(r"\s", "", match.group(0))
                    if check(value):
                        box = segment.span_box(*match.span())
                        found.append(Candidate(value, 1.0, layout.page, box, segment.row))
    found += labelled(layouts, L.PAYMENT_REFERENCE, _parse_reference)
    return found


def _parse_reference(text: str) -> list[tuple[str, int, int]]:
    match = re.search(r"[A-Z0-9+*][A-Z0-9 /+*.-]{5,40}[A-Z0-9+*]", text, re.I)
    if match is None or not any(c.isdigit() for c in match.group(0)):
        return []
    return [(match.group(0).strip(), match.start(), match.end())]
