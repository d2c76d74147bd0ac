"""Receipts: merchant, date, total and VAT from a till slip's rows.

In: the pages' :class:`Layout` s (usually one OCR'd page). Out: candidates for
``seller_name`` (the merchant), ``seller_address``, ``invoice_date``, ``total_amount`` and
``tax_amount``. The merchant is the first name-like row at the top (a legal form such as
SDN BHD, B.V. or GmbH pulls it down to that row); the total is the largest amount on a
"total" row that is not a subtotal, cash, change or tax row. Nothing raises.
"""

from __future__ import annotations

import datetime
import re

from boekstuk.pipeline.entities import labels as L
from boekstuk.pipeline.entities.layout import Layout, Segment, box_of
from boekstuk.pipeline.entities.rules import Candidate, parse_amounts, parse_dates

_TOTAL_ROW = re.compile(
    r"t[o0a]t[a4]l|totaal|te\s*betalen|summe|gesamt|montant|amount\s*due|amt\s*due|jumlah|grand|nett"
    r"|bedrag|to\s*pay|payable|zu\s*zahlen|[àa]\s*payer|net\s*amt",
    re.IGNORECASE,
)
_NOT_TOTAL_ROW = re.compile(
    r"sub\s*-?\s*total|subtotaal|zwischensumme|qty|quantity|items?\b|tax|gst|vat|btw|mwst"
    r"|discount|saving|korting|excl|cash|change|tunai|wisselgeld|tendered|rounding|adj\b"
    r"|point|excluding|before|count|service",
    re.IGNORECASE,
)
_TAX_ROW = re.compile(r"\b(?:gst|tax|vat|btw|mwst|tva|sst)\b", re.IGNORECASE)
_JUNK = re.compile(
    r"^(?:[\W\d_]+|tax\s*invoice|rece\w*|welcome|invoice|kassabon|bon|kassenbon|ticket)$", re.I
)
# address rows ("NO. 17-6, JALAN …", "LOT 2685 …") are not the shop's name
_ADDRESS_ROW = re.compile(r"^\W*(?:no\.?\s*:?\s*\d|lot\s|jalan\s|jln\s|unit\s)", re.I)


def _row_text(row: list[Segment]) -> str:
    return " ".join(s.text for s in row)


def ocr_amounts(text: str) -> list[tuple[str, int, int]]:
    """Amounts with a decimal mark, forgiving OCR's stray space after it ("73. 00").

    >>> [a for a, _, _ in ocr_amounts("TOTAL RM 73. 00")]
    ['73.00']
    >>> ocr_amounts("Total Qty 132700")
    []
    >>> [a for a, _, _ in ocr_amounts("RM 85 54")]  # the decimal point lost, cents kept apart
    ['85.54']
    """
    fixed = re.sub(r"(\d)([.,]) (\d{2})\b", r"\1\2\3 ", text)
    fixed = re.sub(r"(?<![\d.,])(\d{1,4}) (\d{2})\s*$", r"\1.\2", fixed)
    return [a for a in parse_amounts(fixed) if re.search(r"[.,]\d{1,2}", fixed[a[1] : a[2]])]


def _name_like(row: list[Segment]) -> bool:
    """A row that could be a shop's name: real words, mostly letters, not all lower case."""
    text = _REGISTRATION.sub("", _row_text(row))
    letters = sum(c.isalpha() for c in text)
    visible = sum(not c.isspace() for c in text)
    words = re.findall(r"[^\W\d_]{3,}", text)
    confidence = sum(w.confidence for s in row for w in s.words) / sum(len(s.words) for s in row)
    lowest = min(w.confidence for s in row for w in s.words)
    return (
        bool(words)
        and not _JUNK.match(text.strip())
        and not _ADDRESS_ROW.match(text)
        and lowest >= 0.2
        and letters >= 0.6 * visible
        and letters >= 4
        and text != text.lower()
        and confidence >= 0.45
    )


_CONTINUATION = re.compile(r"^\W*(?:co\.?|sdn|bhd|\(m\)|s/b|ltd|gmbh|b\.?v\.?|restaurant)\b", re.I)
_REGISTRATION = re.compile(
    r"\s*[\(\[]?\b(?:co\.?\s*(?:no|reg)\.?\s*:?\s*)?\d{4,8}-?[A-Z]\b[\)\]]?.*$", re.I
)


def merchant(layout: Layout) -> tuple[Candidate | None, Candidate | None]:
    """The merchant's name and the address rows below it."""
    rows = [r for r in layout.rows() if _name_like(r)][:8]
    if not rows:
        return None, None
    index = 0
    for i, row in enumerate(rows[:5]):
        if L.LEGAL_FORM.search(_row_text(row)):
            index = i
            break
    else:
        while index < len(rows) - 1 and _JUNK.match(_row_text(rows[index]).strip()):
            index += 1
    name_rows = [rows[index]]
    text = _row_text(rows[index])
    # "POPULAR BOOK" + "CO. (M) SDN BHD": a legal-form row continues the one above
    if index > 0 and (_CONTINUATION.match(text) or len(text.split()) <= 2):
        above = _row_text(rows[index - 1])
        if not re.search(r"\d", above) and len(above) > 2 and not _JUNK.match(above.strip()):
            name_rows.insert(0, rows[index - 1])
            text = f"{above} {text}"
    text = _REGISTRATION.sub("", text).replace(" | ", " ")
    # "BOOK TA .K (TAMAN DAYA)" + "SDN BHD" on the next row
    if index + 1 < len(rows) and re.fullmatch(
        r"\W*(sdn\.?\s*bhd\.?|bhd|s/b|plt)\W*", _row_text(rows[index + 1]), re.I
    ):
        name_rows.append(rows[index + 1])
        text += " " + _row_text(rows[index + 1])
    words = [w for row in name_rows for s in row for w in s.words]
    conf = 0.7 * min(1.0, sum(w.confidence for w in words) / len(words) + 0.2)
    name = Candidate(text.strip(), round(conf, 3), layout.page, box_of(words))
    address_rows: list[list[Segment]] = []
    last = name_rows[-1][0].row
    after = [
        r for r in layout.rows() if r[0].row > last and re.search(r"[A-Za-z]{2}", _row_text(r))
    ]
    for row in after[:5]:
        row_text = _row_text(row)
        if (
            re.search(r"\b(?:tel|fax|gst|reg|no\.|co\.?\s*no|invoice|receipt)\b", row_text, re.I)
            and address_rows
        ):
            break
        if (
            re.search(r"\(\s*\d+[- ]?[A-Z]?\s*\)|company|reg\b", row_text, re.I)
            and not address_rows
        ):
            continue
        address_rows.append(row)
    address = None
    if address_rows:
        address_words = [w for row in address_rows for s in row for w in s.words]
        address = Candidate(
            " ".join(_row_text(r) for r in address_rows), 0.4, layout.page, box_of(address_words)
        )
    return name, address


_GLUED_TIME = re.compile(r"(\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2})(\d{1,2}:\d{2})")


def receipt_date(layouts: list[Layout]) -> Candidate | None:
    """The first date on the receipt, a labelled one ("Date:") preferred."""
    first: Candidate | None = None
    # a till slip is not dated years ahead: "12/48" in a smudged row is no date in 2048
    latest = f"{datetime.date.today().year + 1}-12-31"
    for layout in layouts:
        for segment in layout.segments:
            # the time glued to the year: "03/02/201815:28"
            text = _GLUED_TIME.sub(r"\1 \2", segment.text)
            glued = text != segment.text
            dates = [d for d in parse_dates(text) if "2005" <= d[0] <= latest]
            if not dates:  # OCR's stray spaces, "18-10- 17", only when the row has no date
                text = re.sub(r"(\d)([/.-]) (\d)", r"\1\2\3", text)
                dates = [d for d in parse_dates(text) if "2005" <= d[0] <= latest]
            if not dates:
                continue
            value, start, end = dates[0]
            if glued or len(text) != len(segment.text):  # text changed: box the whole segment
                start, end = 0, len(segment.text)
            labelled = bool(re.search(r"dat[eu]m?|tarikh", segment.text, re.I))
            candidate = Candidate(
                value, 0.8 if labelled else 0.65, layout.page, segment.span_box(start, end)
            )
            if labelled:
                return candidate
            first = first or candidate
    return first


_STRONG_TOTAL = re.compile(
    r"incl|inclusive|after\s*(?:adj|round)|grand|nett|net\s*amt|amt\s*due|amount\s*due|payable"
    r"|rounded|total\s*(?:rm|eur|€)|te\s*betalen|zu\s*zahlen",
    re.IGNORECASE,
)
_ROUNDED_TOTAL = re.compile(
    r"round(?:ed|ing)?\s*total|total\s*(?:after\s*)?round|after\s*(?:adj|round)", re.IGNORECASE
)
# "Rounding Adj: -0.01" (Malaysian 5-sen rounding): the total row just below it is final
_ROUNDING_ROW = re.compile(r"^\W*round(?:ing)?\b(?!.*t[o0a]t[a4]l)", re.IGNORECASE)
_CASH = re.compile(r"^\W*(?:cash|tunai|contant|bar)\b", re.IGNORECASE)
_CHANGE = re.compile(r"^\W*(?:change|baki|wisselgeld|rückgeld)\b", re.IGNORECASE)


def _row_amount(layout: Layout, row: list[Segment]) -> Candidate | None:
    """The last amount on the row, or on the row just below its last segment."""
    found = [(s, a) for s in row for a in ocr_amounts(s.text)]
    if not found:
        below = layout.below(row[-1], max_rows=1)[:1]
        next_row = list(layout.by_row[below[0].row]) if below else []
        found = [(s, a) for s in next_row for a in ocr_amounts(s.text)]
    if not found:
        return None
    segment, (value, start, end) = found[-1]
    return Candidate(value, 0.75, layout.page, segment.span_box(start, end), segment.row)


def receipt_total(layouts: list[Layout]) -> Candidate | None:
    """The total: the first total row just below a rounding adjustment, else the largest
    amount on a strong total row ("incl. GST", "grand total", "amount due"), else on a plain
    total row (not subtotal, tax, cash or change), else cash tendered minus change.

    >>> from boekstuk.domain.extraction import PageText, TextSource, Word
    >>> from boekstuk.pipeline.entities.layout import build_layout
    >>> rows = ["Total Incl. GST: 23.26", "Rounding Adj: -0.01", "Total Sales (GST) 23.25"]
    >>> words = [Word(t, (10.0 + 60 * i, 10.0 + 12 * n, 60.0 + 60 * i, 20.0 + 12 * n), 0.9, 1, n)
    ...          for n, row in enumerate(rows) for i, t in enumerate(row.split())]
    >>> page = PageText(1, 400.0, 400.0, tuple(words), TextSource.OCR)
    >>> receipt_total([build_layout(page)]).value
    '23.25'
    """
    rounded: list[Candidate] = []
    strong: list[Candidate] = []
    plain: list[Candidate] = []
    cash = change = None
    after_rounding: Candidate | None = None
    for layout in layouts:
        rounding_row: int | None = None
        for row in layout.rows():
            text = _row_text(row)
            if _ROUNDING_ROW.search(text):
                rounding_row = row[0].row
            if _CASH.search(text):
                cash = cash or _row_amount(layout, row)
            elif _CHANGE.search(text):
                change = change or _row_amount(layout, row)
            if not _TOTAL_ROW.search(text) or re.search(r"excl|sub\s*-?\s*total", text, re.I):
                continue
            if (
                after_rounding is None
                and rounding_row is not None
                and 0 < row[0].row - rounding_row <= 3
            ):
                # "Total Sales (Inclusive of GST)" below "Rounding -0.01": final, tax named or not
                after_rounding = _row_amount(layout, row)
            is_strong = bool(_STRONG_TOTAL.search(text))
            if not is_strong and _NOT_TOTAL_ROW.search(text):
                continue
            candidate = _row_amount(layout, row)
            if candidate is not None and _ROUNDED_TOTAL.search(text):
                rounded.append(candidate)
            elif candidate is not None:
                (strong if is_strong else plain).append(candidate)
    if after_rounding is not None:
        return Candidate(
            after_rounding.value, 0.8, after_rounding.page, after_rounding.bbox, after_rounding.row
        )
    for group, score in ((rounded, 0.8), (strong, 0.8), (plain, 0.65)):
        if group:
            best = max(group, key=lambda c: abs(c.amount))
            return Candidate(best.value, score, best.page, best.bbox, best.row)
    if cash is not None:
        paid = cash.amount - (change.amount if change is not None else 0)
        if paid > 0:
            return Candidate(str(paid), 0.45, cash.page, cash.bbox, cash.row)
    return None


def receipt_tax(layouts: list[Layout]) -> Candidate | None:
    """The amount on a tax row (GST, BTW, MwSt …) that is not a rate or registration number."""
    for layout in layouts:
        for row in layout.rows():
            text = _row_text(row)
            if _TAX_ROW.search(text) and not re.search(
                r"\b(?:reg|id|no)\b|incl|excl|total|summary|sales", text, re.I
            ):
                found = [(s, a) for s in row for a in parse_amounts(s.text)]
                if found:
                    segment, (value, start, end) = found[-1]
                    return Candidate(
                        value, 0.5, layout.page, segment.span_box(start, end), segment.row
                    )
    return None
