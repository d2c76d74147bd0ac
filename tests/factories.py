"""Sample documents made on the fly (no binary files in the repository).

``invoice_pdf`` makes a digital invoice with a real text layer (reportlab); ``scan_png``
renders text into a 300 dpi page image, the way a scanner would deliver it.
"""

from __future__ import annotations

import io
from decimal import Decimal

from PIL import Image, ImageDraw, ImageFont

# identifiers that pass their checksums
SELLER_VAT = "NL000099998B57"
SELLER_IBAN = "NL91ABNA0417164300"


def invoice_lines(number: str, total: Decimal = Decimal("121.00")) -> list[str]:
    """The text of a small Dutch invoice."""
    net = (total / Decimal("1.21")).quantize(Decimal("0.01"))
    return [
        "Jansen Installatietechniek B.V.",
        "Keizersgracht 1, 1015 CJ Amsterdam",
        f"BTW-nummer: {SELLER_VAT}   IBAN: {SELLER_IBAN}",
        "",
        "FACTUUR",
        f"Factuurnummer: {number}",
        "Factuurdatum: 15-01-2026",
        "Factuuradres: Bakkerij De Korenbloem, Dorpsstraat 12, 3511 AB Utrecht",
        "",
        f"Onderhoud cv-ketel                      {net}",
        f"BTW 21%                                 {total - net}",
        f"Totaal te betalen                  EUR  {total}",
    ]


def invoice_pdf(
    number: str = "2026-0042", total: Decimal = Decimal("121.00"), padding_kb: int = 0
) -> bytes:
    """A one-page digital invoice PDF; ``padding_kb`` adds an incompressible comment."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)
    y = 800
    for line in invoice_lines(number, total):
        pdf.drawString(60, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    if padding_kb:
        import os

        data += b"\n%" + os.urandom(padding_kb * 1024).hex().encode()[: padding_kb * 1024] + b"\n"
    return data


def scan_png(lines: list[str], dpi: int = 300, repeat: int = 1) -> bytes:
    """An A4 page image at ``dpi`` with ``lines`` printed on it (``repeat`` times)."""
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=int(dpi / 7))
    y = dpi // 2
    for _ in range(repeat):
        for line in lines:
            draw.text((dpi // 2, y), line, fill=0, font=font)
            y += int(dpi / 4.5)
            if y > height - dpi:
                break
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def scanned_pdf(number: str = "2026-0042") -> bytes:
    """An image-only PDF: one A4 invoice page rendered at 300 dpi, as a scanner makes it."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, stream=scan_png(invoice_lines(number)))
    return doc.tobytes(deflate=True)
