"""Bank statements as a bank prints them: a digital PDF with a transaction table, and its scan.

``statement_pdf`` draws a Dutch or English account statement with reportlab (a header with
the account IBAN, period and opening balance, a table of transactions, the closing balance)
and returns the bytes with the rows it printed, so a test knows the true values.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ACCOUNT_IBAN = "NL20INGB0001234567"


@dataclass(frozen=True)
class Row:
    """One printed transaction (signed amount: + in, - out)."""

    booked: date
    amount: Decimal
    description: str
    counterparty: str = ""


DEFAULT_ROWS = (
    Row(
        date(2026, 2, 3), Decimal("121.00"), "Betaling factuur 2026-0042", "Bakkerij De Korenbloem"
    ),
    Row(date(2026, 2, 5), Decimal("-45.30"), "Kantoorartikelen februari", "Office Centre B.V."),
    Row(date(2026, 2, 11), Decimal("1250.00"), "Factuur 2026-0043 project Zuid", "Van Dijk Bouw"),
    Row(date(2026, 2, 17), Decimal("-9.95"), "Abonnement telefoon", "KPN B.V."),
    Row(date(2026, 2, 24), Decimal("-1234.56"), "Huur maart bedrijfsruimte", "Vastgoed Noord"),
)

_TEXT = {
    "nl": {
        "title": "Rekeningafschrift",
        "account": "Rekeningnummer (IBAN)",
        "period": "Periode",
        "opening": "Beginsaldo",
        "closing": "Eindsaldo",
        "header": ("Datum", "Omschrijving", "Tegenpartij", "Af", "Bij"),
    },
    "en": {
        "title": "Account statement",
        "account": "Account (IBAN)",
        "period": "Period",
        "opening": "Opening balance",
        "closing": "Closing balance",
        "header": ("Date", "Description", "Counterparty", "Debit", "Credit"),
    },
}


def _money(value: Decimal, lang: str) -> str:
    text = f"{value:,.2f}"
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def _day(value: date, lang: str) -> str:
    return value.strftime("%d-%m-%Y") if lang == "nl" else value.strftime("%d %b %Y")


def statement_pdf(
    rows: tuple[Row, ...] = DEFAULT_ROWS,
    opening: Decimal = Decimal("1000.00"),
    lang: str = "nl",
    closing: Decimal | None = None,
) -> bytes:
    """A one-page statement PDF; ``closing`` defaults to the balance that adds up."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    words = _TEXT[lang]
    closing = opening + sum((r.amount for r in rows), Decimal(0)) if closing is None else closing
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(50, 800, f"ING Bank N.V. - {words['title']}")
    pdf.setFont("Helvetica", 10)
    pdf.drawString(50, 775, f"{words['account']}: {ACCOUNT_IBAN}")
    first, last = min(r.booked for r in rows), max(r.booked for r in rows)
    pdf.drawString(50, 760, f"{words['period']}: {_day(first, lang)} - {_day(last, lang)}")
    pdf.drawString(50, 745, f"{words['opening']}: EUR {_money(opening, lang)}")
    columns = (50, 120, 300, 430, 500)
    y = 710
    pdf.setFont("Helvetica-Bold", 10)
    for x, title in zip(columns, words["header"], strict=True):
        pdf.drawString(x, y, title)
    pdf.setFont("Helvetica", 9)
    for row in rows:
        y -= 18
        pdf.drawString(columns[0], y, _day(row.booked, lang))
        pdf.drawString(columns[1], y, row.description)
        pdf.drawString(columns[2], y, row.counterparty)
        column = columns[4] if row.amount > 0 else columns[3]
        pdf.drawString(column, y, _money(abs(row.amount), lang))
    pdf.setFont("Helvetica", 10)
    pdf.drawString(50, y - 36, f"{words['closing']}: EUR {_money(closing, lang)}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def ruled_statement_pdf(rows: tuple[Row, ...] = DEFAULT_ROWS[:2]) -> bytes:
    """A statement whose transactions sit in a dense ruled grid (cells almost touching).

    The gaps between columns are too narrow to split on, so only the ruling tells the
    columns apart: the case for pdfplumber.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    opening = Decimal("1000.00")
    closing = opening + sum((r.amount for r in rows), Decimal(0))
    grid = [("Boekdatum", "Rentedatum", "Omschrijving", "Bedrag", "Af/Bij")]
    grid += [
        (
            _day(r.booked, "nl"),
            _day(r.booked, "nl"),
            f"{r.description} {r.counterparty}",
            _money(abs(r.amount), "nl"),
            "Bij" if r.amount > 0 else "Af",
        )
        for r in rows
    ]
    table = Table(grid, colWidths=[44, 44, 200, 30, 26])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("FONTSIZE", (0, 0), (-1, -1), 7),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(
        [
            Paragraph("Rabobank Rekeningoverzicht", styles["Title"]),
            Paragraph(f"IBAN {ACCOUNT_IBAN}", styles["Normal"]),
            Paragraph(f"Beginsaldo {_money(opening, 'nl')}", styles["Normal"]),
            Paragraph(f"Eindsaldo {_money(closing, 'nl')}", styles["Normal"]),
            table,
        ]
    )
    return buffer.getvalue()


# counterparty IBANs the bank file knows and the printed statement leaves out
COUNTERPARTY_IBANS = (
    "NL91ABNA0417164300",
    "NL02ABNA0123456789",
    "NL39RABO0300065264",
    "NL44RABO0123456789",
    "NL69INGB0123456789",
)


def statement_mt940(
    rows: tuple[Row, ...] = DEFAULT_ROWS, opening: Decimal = Decimal("1000.00")
) -> bytes:
    """The same statement as the bank's MT940 export: IBANs, other wording, same money."""
    closing = opening + sum((r.amount for r in rows), Decimal(0))
    first, last = min(r.booked for r in rows), max(r.booked for r in rows)

    def mt_amount(value: Decimal) -> str:
        return f"{abs(value):.2f}".replace(".", ",")

    lines = [":20:STMT-FEB", f":25:{ACCOUNT_IBAN}EUR", ":28C:00002"]
    lines.append(f":60F:C{first:%y%m%d}EUR{mt_amount(opening)}")
    for row, iban in zip(rows, COUNTERPARTY_IBANS, strict=False):
        mark = "C" if row.amount > 0 else "D"
        lines.append(
            f":61:{row.booked:%y%m%d}{row.booked:%m%d}{mark}{mt_amount(row.amount)}NTRFNONREF"
        )
        lines.append(
            f":86:/CNTP/{iban}/INGBNL2A/{row.counterparty.upper()}///REMI/USTD//{row.description.upper()}/"
        )
    lines.append(f":62F:C{last:%y%m%d}EUR{mt_amount(closing)}")
    return ("\n".join(lines) + "\n").encode()
