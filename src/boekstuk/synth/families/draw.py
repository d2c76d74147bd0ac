"""Drawing pieces the families share: address blocks, item tables, totals rows, footers.

In: a :class:`Sheet` and what to print. Out: drawn text and rules; each function returns the
y below what it drew, so a family stacks blocks from the top. Tables wrap long cells, repeat
their header on a new page and call the family back at a page break (for "Übertrag" rows and
page numbers). Raises nothing.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from boekstuk.synth.families.sheet import Colour, Sheet
from boekstuk.synth.families.world import Company

__all__ = [
    "Col",
    "TableStyle",
    "address_block",
    "draw_table",
    "footer_columns",
    "footer_line",
    "jitter",
    "label_rows",
    "terms_page",
    "totals_rows",
]

GREY: Colour = (0.9, 0.9, 0.9)


def jitter(rng: random.Random, amount: float = 6.0) -> float:
    """A small random shift, so no two documents of a family line up exactly."""
    return rng.uniform(-amount, amount)


def address_block(
    sheet: Sheet,
    x: float,
    y: float,
    firm: Company,
    *,
    size: float = 9.5,
    leading: float = 0,
    bold_name: bool = False,
    before: Sequence[str] = (),
    after_name: Sequence[str] = (),
    name_lines: Sequence[str] | None = None,
) -> float:
    """The party's name and address lines at (x, y); ``before`` lines go above the name
    (a label), ``after_name`` lines between name and street (an attention line)."""
    leading = leading or size * 1.3
    for line in before:
        sheet.text(x, y, line, size)
        y += leading
    for line in (firm.name,) if name_lines is None else name_lines:
        sheet.text(x, y, line, size, bold=bold_name)
        y += leading
    for line in (*after_name, *firm.lines):
        sheet.text(x, y, line, size)
        y += leading
    return y


@dataclass(frozen=True, slots=True)
class Col:
    """A table column from x0 to x1, aligned ``l``, ``r`` or ``c``."""

    title: str
    x0: float
    x1: float
    align: str = "l"


@dataclass(frozen=True, slots=True)
class TableStyle:
    """How a table looks: sizes, header fill, which rules (``none``, ``header``, ``rows``,
    ``grid``) and zebra stripes."""

    size: float = 8.5
    leading: float = 13.0
    header_bold: bool = True
    header_fill: Colour | None = None
    rules: str = "header"
    zebra: Colour | None = None
    header_colour: Colour = (0, 0, 0)


def _header(sheet: Sheet, cols: Sequence[Col], y: float, style: TableStyle) -> float:
    top = y - style.size - 3
    left, right = cols[0].x0 - 3, cols[-1].x1 + 3
    if style.header_fill is not None:
        sheet.box(left, top, right, y + 4, fill=style.header_fill, stroke=None)
    for col in cols:
        sheet.cell(
            col.x0,
            col.x1,
            y,
            col.title,
            col.align,
            style.size,
            bold=style.header_bold,
            colour=style.header_colour,
        )
    if style.rules in ("header", "rows"):
        sheet.hline(left, right, y + 4, 0.6)
    if style.rules == "grid":
        sheet.hline(left, right, top, 0.5)
        sheet.hline(left, right, y + 4, 0.5)
    return y + style.leading + 2


def draw_table(
    sheet: Sheet,
    cols: Sequence[Col],
    rows: Sequence[Sequence[str]],
    y: float,
    style: TableStyle,
    *,
    bottom: float = 0,
    on_break: Callable[[Sheet, float, int], float] | None = None,
) -> float:
    """The header and ``rows`` from baseline ``y``; returns the y below the table.

    A row that would pass ``bottom`` starts a new page: ``on_break(sheet, y, index)`` draws
    what goes at the foot of this page and the head of the next (it calls
    :meth:`Sheet.new_page`) and returns the y where the table's repeated header goes."""
    bottom = bottom or sheet.height - 90
    y = _header(sheet, cols, y, style)
    grid_top = y - style.leading - style.size - 1
    left, right = cols[0].x0 - 3, cols[-1].x1 + 3
    for index, row in enumerate(rows):
        wrapped = [
            sheet.wrap(cell, col.x1 - col.x0, style.size) or [""]
            for cell, col in zip(row, cols, strict=True)
        ]
        height = style.leading * max(len(w) for w in wrapped)
        if y + height > bottom and on_break is not None:
            if style.rules == "grid":
                _verticals(sheet, cols, grid_top, y - style.leading + 4)
            y = on_break(sheet, y, index)
            y = _header(sheet, cols, y, style)
            grid_top = y - style.leading - style.size - 1
        if style.zebra is not None and index % 2 == 1:
            sheet.box(
                left,
                y - style.size - 2,
                right,
                y - style.size - 2 + height,
                fill=style.zebra,
                stroke=None,
            )
        for parts, col in zip(wrapped, cols, strict=True):
            for k, part in enumerate(parts):
                sheet.cell(col.x0, col.x1, y + k * style.leading, part, col.align, style.size)
        y += height
        if style.rules in ("rows", "grid"):
            sheet.hline(left, right, y - style.leading + 4, 0.3 if style.rules == "rows" else 0.5)
    if style.rules == "grid":
        _verticals(sheet, cols, grid_top, y - style.leading + 4)
    return y + 4


def _verticals(sheet: Sheet, cols: Sequence[Col], top: float, bottom: float) -> None:
    edges = (
        [cols[0].x0 - 3]
        + [(a.x1 + b.x0) / 2 for a, b in itertools.pairwise(cols)]
        + [cols[-1].x1 + 3]
    )
    for x in edges:
        sheet.line(x, top, x, bottom, 0.5)


def totals_rows(
    sheet: Sheet,
    rows: Sequence[tuple[str, str]],
    x_label: float,
    x_right: float,
    y: float,
    *,
    size: float = 9.0,
    leading: float = 13.0,
    bold_last: bool = True,
    rule_last: bool = True,
    box: bool = False,
) -> float:
    """Label / right-aligned amount rows (the last one bold: the total); returns the y below."""
    top = y - size - 4
    for i, (label, amount) in enumerate(rows):
        last = i == len(rows) - 1
        if last and rule_last and not box:
            sheet.hline(x_label, x_right, y - size - 2, 0.6)
        bold = bold_last and last
        sheet.text(x_label, y, label, size, bold=bold)
        sheet.right(x_right, y, amount, size, bold=bold)
        y += leading
    if box:
        sheet.box(x_label - 6, top, x_right + 6, y - leading + 5, stroke=(0, 0, 0), width=0.8)
    return y


def footer_line(
    sheet: Sheet,
    parts: Sequence[str],
    y: float,
    *,
    sep: str = " | ",
    size: float = 7.0,
    margin: float = 40,
) -> None:
    """One centred footer line of ``parts``; the font shrinks until it fits the page."""
    text = sep.join(p for p in parts if p)
    while size > 4.5 and sheet.width_of(text, size) > sheet.width - 2 * margin:
        size -= 0.25
    sheet.centre(sheet.width / 2, y, text, size)


def footer_columns(
    sheet: Sheet,
    columns: Sequence[Sequence[str]],
    y: float,
    *,
    size: float = 6.8,
    x0: float = 50,
    x1: float = 0,
) -> None:
    """Columns of small footer lines (company, register, bank) from ``y`` down, a rule above."""
    x1 = x1 or sheet.width - 50
    sheet.hline(x0, x1, y - size - 4, 0.4, (0.5, 0.5, 0.5))
    step = (x1 - x0) / max(len(columns), 1)
    for i, column in enumerate(columns):
        for k, line in enumerate(column):
            sheet.text(x0 + i * step, y + k * (size + 2.2), line, size)


_TERMS = {
    "nl": (
        "Algemene voorwaarden",
        "Op al onze aanbiedingen en overeenkomsten zijn onze algemene voorwaarden van toepassing, "
        "gedeponeerd bij de Kamer van Koophandel. Betaling dient te geschieden binnen de op de factuur "
        "vermelde termijn. Bij overschrijding van de betalingstermijn is de afnemer de wettelijke "
        "handelsrente verschuldigd, alsmede buitengerechtelijke incassokosten van ten minste € 40,00. "
        "Reclames dienen binnen acht dagen na ontvangst schriftelijk te worden gemeld. Eigendom van "
        "geleverde zaken gaat pas over nadat alle vorderingen volledig zijn voldaan.",
    ),
    "de": (
        "Allgemeine Geschäftsbedingungen",
        "Es gelten ausschließlich unsere Allgemeinen Geschäftsbedingungen. Die gelieferte Ware bleibt "
        "bis zur vollständigen Bezahlung unser Eigentum. Bei Zahlungsverzug berechnen wir Verzugszinsen "
        "in Höhe von neun Prozentpunkten über dem Basiszinssatz sowie eine Pauschale von 40,00 EUR. "
        "Beanstandungen sind innerhalb von acht Tagen nach Erhalt schriftlich anzuzeigen. "
        "Gerichtsstand ist der Sitz des Auftragnehmers.",
    ),
    "fr": (
        "Conditions générales de vente",
        "Nos prestations sont soumises à nos conditions générales de vente. En cas de retard de "
        "paiement, des pénalités au taux de trois fois le taux d'intérêt légal seront appliquées, "
        "ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 €. Aucun escompte ne sera "
        "accordé pour paiement anticipé. Les marchandises restent notre propriété jusqu'au paiement "
        "intégral du prix.",
    ),
    "en": (
        "Terms and conditions",
        "All services are supplied subject to our standard terms and conditions. Payment is due within "
        "the period stated on the invoice. We reserve the right to charge interest on late payments at "
        "8% above the Bank of England base rate and a fixed recovery fee of £40.00. Any query must be "
        "raised within 7 days of the invoice date. Goods remain our property until paid for in full.",
    ),
}


def terms_page(
    sheet: Sheet, lang: str, *, x: float = 60, y: float = 80, size: float = 8.5
) -> float:
    """A page of general terms (start it with :meth:`Sheet.new_page` first)."""
    title, text = _TERMS[lang]
    sheet.text(x, y, title, 12, bold=True)
    y += 24
    for _ in range(2):
        y = sheet.paragraph(x, y, text, sheet.width - 2 * x, size) + 8
    return y


def label_rows(
    sheet: Sheet,
    x: float,
    y: float,
    rows: Sequence[tuple[str, str]],
    *,
    size: float = 9.0,
    gap: float = 100.0,
    colon: str = ":",
    leading: float = 0,
    bold_labels: bool = False,
    right_edge: float = 0,
) -> float:
    """``Label: value`` rows, values in a column ``gap`` to the right of the labels (or ending
    at ``right_edge``); returns the y below."""
    leading = leading or size * 1.4
    for label, value in rows:
        sheet.text(x, y, f"{label}{colon}", size, bold=bold_labels)
        if right_edge:
            sheet.right(right_edge, y, value, size)
        else:
            sheet.text(x + gap, y, value, size)
        y += leading
    return y
