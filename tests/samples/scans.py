"""Generated documents and their scans, for tests and ``bench/ocr.py`` (no binary blobs).

In: parameters (text, dpi, rotation, skew, noise, JPEG quality, seed). Out: PDF bytes or PIL
images. ``invoice_pdf`` makes a digital Dutch invoice with a table (reportlab);
``render_pdf_page`` rasterises a page the way a scanner sees it; ``degrade`` adds what real
scans have (rotation, skew, noise, JPEG artefacts, lower dpi); ``photograph`` puts a receipt
on a table top in perspective, the way a phone photo looks. Raises nothing special.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence

import pymupdf
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SELLER_VAT = "NL000099998B57"
SELLER_IBAN = "NL91ABNA0417164300"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

INVOICE_HEAD = [
    "Jansen Installatietechniek B.V.",
    "Keizersgracht 1, 1015 CJ Amsterdam",
    f"BTW-nummer: {SELLER_VAT}",
    f"IBAN: {SELLER_IBAN}",
    "FACTUUR",
    "Factuurnummer: 2026-0042",
    "Factuurdatum: 15-01-2026",
    "Vervaldatum: 14-02-2026",
    "Aan: Bakkerij De Korenbloem, Dorpsstraat 12, 3511 AB Utrecht",
]
INVOICE_TABLE = [
    ("Omschrijving", "Aantal", "Prijs", "Bedrag"),
    ("Onderhoud cv-ketel", "1", "85,00", "85,00"),
    ("Thermostaatkraan", "2", "12,50", "25,00"),
    ("Voorrijkosten", "1", "15,00", "15,00"),
    ("Afvoer en materiaal", "3", "4,95", "14,85"),
]
INVOICE_FOOT = [
    "Subtotaal € 139,85",
    "BTW 21% € 29,37",
    "Totaal te betalen € 169,22",
    "Betaling binnen 30 dagen onder vermelding van het factuurnummer.",
]


def invoice_pdf(pages: int = 1, extra_lines: Sequence[str] = ()) -> bytes:
    """A digital invoice (A4, real text layer) with a line-item table on each page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    _width, height = A4
    for _ in range(pages):
        y = height - 60
        pdf.setFont("DejaVu", 11)
        for line in [*INVOICE_HEAD, *extra_lines]:
            pdf.drawString(60, y, line)
            y -= 18
        y -= 14
        xs = (60, 300, 380, 470)
        for row_no, row in enumerate(INVOICE_TABLE):
            for x, cell in zip(xs, row, strict=True):
                pdf.drawString(x, y, cell)
            if row_no == 0:
                pdf.line(55, y - 5, 540, y - 5)
            y -= 18
        y -= 14
        for line in INVOICE_FOOT:
            pdf.drawString(60, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def invoice_text() -> str:
    """The invoice's words in reading order (the truth for accuracy measurements)."""
    rows = [" ".join(row) for row in INVOICE_TABLE]
    return "\n".join([*INVOICE_HEAD, *rows, *INVOICE_FOOT])


def render_pdf_page(data: bytes, page: int = 0, dpi: int = 300) -> Image.Image:
    """One PDF page as a grayscale image (the ideal scan)."""
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        pix = doc[page].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        return Image.frombytes("L", (pix.width, pix.height), pix.samples)


def degrade(
    image: Image.Image,
    *,
    rotate: int = 0,
    skew: float = 0.0,
    noise: float = 0.0,
    jpeg_quality: int | None = None,
    scale: float = 1.0,
    blur: float = 0.0,
    seed: int = 7,
) -> Image.Image:
    """What a scanner does to a page: turned by ``rotate``° (90/180/270, counter-clockwise),
    skewed by ``skew``°, salt-and-pepper ``noise`` (share of pixels), blur, down-scaled and
    JPEG-compressed."""
    out = image.convert("L")
    if scale != 1.0:
        out = out.resize((round(out.width * scale), round(out.height * scale)), Image.LANCZOS)
    if blur:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    if skew:
        out = out.rotate(skew, resample=Image.BICUBIC, expand=True, fillcolor=255)
    if rotate:
        out = out.rotate(rotate, expand=True)
    if noise:
        rng = random.Random(seed)
        px = out.load()
        assert px is not None
        for _ in range(int(out.width * out.height * noise)):
            x, y = rng.randrange(out.width), rng.randrange(out.height)
            px[x, y] = 0 if rng.random() < 0.5 else 255
    if jpeg_quality is not None:
        buf = io.BytesIO()
        out.save(buf, format="JPEG", quality=jpeg_quality)
        out = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    return out


def to_bytes(image: Image.Image, fmt: str = "PNG", dpi: int = 300, **kwargs: object) -> bytes:
    """An image file's bytes, with its dpi recorded."""
    buf = io.BytesIO()
    image.save(buf, format=fmt, dpi=(dpi, dpi), **kwargs)
    return buf.getvalue()


def receipt_image(lines: Sequence[str] | None = None, width: int = 640) -> Image.Image:
    """A narrow till receipt, black on white, about 200 dpi."""
    lines = lines or [
        "BAKKERIJ DE KORENBLOEM",
        "Dorpsstraat 12 Utrecht",
        "15-01-2026 10:42",
        "Volkorenbrood 3,45",
        "Appeltaart 12,95",
        "Koffie 2,80",
        "TOTAAL EUR 19,20",
        "PIN 19,20",
        "BTW 9% 1,59",
    ]
    font = ImageFont.truetype(FONT, 30)
    image = Image.new("L", (width, 70 + 48 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((36, 36 + 48 * i), line, font=font, fill=0)
    return image


def photograph(receipt: Image.Image, seed: int = 3) -> Image.Image:
    """The receipt photographed on a dark table: perspective, shadow gradient, margins."""
    import numpy as np

    rng = random.Random(seed)
    w, h = receipt.size
    canvas_w, canvas_h = int(w * 1.9), int(h * 1.5)
    background = Image.new("L", (canvas_w, canvas_h), 60)
    ox, oy = (canvas_w - w) // 2, (canvas_h - h) // 2
    jitter = [rng.uniform(-0.06, 0.06) * w for _ in range(8)]
    quad = [
        (ox + jitter[0], oy + jitter[1]),
        (ox + w + jitter[2], oy + jitter[3]),
        (ox + w + jitter[4], oy + h + jitter[5]),
        (ox + jitter[6], oy + h + jitter[7]),
    ]
    coeffs = _perspective_coeffs(quad, [(0, 0), (w, 0), (w, h), (0, h)])
    warped = receipt.transform(
        (canvas_w, canvas_h), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=0
    )
    mask = Image.new("L", receipt.size, 255).transform(
        (canvas_w, canvas_h), Image.PERSPECTIVE, coeffs, Image.BILINEAR, fillcolor=0
    )
    background.paste(warped, (0, 0), mask)
    shade = np.linspace(1.0, 0.8, canvas_w)[None, :] * np.ones((canvas_h, 1))
    return Image.fromarray((np.asarray(background) * shade).astype("uint8"))


def _perspective_coeffs(
    src: Sequence[tuple[float, float]], dst: Sequence[tuple[float, float]]
) -> tuple[float, ...]:
    """PIL's 8 coefficients mapping output points ``src`` back to input points ``dst``."""
    import numpy as np

    rows = []
    for (x, y), (u, v) in zip(src, dst, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=float)
    b = np.array([c for point in dst for c in point], dtype=float)
    return tuple(float(c) for c in np.linalg.solve(a, b))


def scanned_pdf(images: Sequence[Image.Image], dpi: int = 300) -> bytes:
    """A PDF of page images (no text layer), A4-sized at ``dpi``."""
    doc = pymupdf.open()
    for image in images:
        page = doc.new_page(width=image.width * 72 / dpi, height=image.height * 72 / dpi)
        page.insert_image(page.rect, stream=to_bytes(image, "PNG", dpi))
    return bytes(doc.tobytes())


def mixed_pdf() -> bytes:
    """Page 1 digital, page 2 a scan of the same invoice."""
    digital = invoice_pdf()
    doc = pymupdf.open(stream=digital, filetype="pdf")
    scan = pymupdf.open(stream=scanned_pdf([render_pdf_page(digital, dpi=200)], 200))
    doc.insert_pdf(scan)
    return bytes(doc.tobytes())


def garbage_text_layer_pdf() -> bytes:
    """A scanned page whose invisible text layer is glyph garbage (a broken font encoding)."""
    doc = pymupdf.open(stream=scanned_pdf([render_pdf_page(invoice_pdf(), dpi=200)], 200))
    page = doc[0]
    junk = "".join(chr(c) for c in range(0x2580, 0x25A0))
    for i in range(25):
        page.insert_text((60, 80 + 20 * i), junk[i % 7 :] + " ÿþ¤¦ §¨© ª«¬", render_mode=3)
    return bytes(doc.tobytes())


def many_pages_pdf(pages: int) -> bytes:
    """An (almost) empty PDF with ``pages`` pages."""
    doc = pymupdf.open()
    for _ in range(pages):
        doc.new_page()
    return bytes(doc.tobytes())


def encrypted_pdf() -> bytes:
    """The invoice, encrypted with a user password."""
    doc = pymupdf.open(stream=invoice_pdf(), filetype="pdf")
    return bytes(
        doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="geheim", owner_pw="x")
    )
