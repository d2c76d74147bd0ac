"""Draw a synthetic document as a PDF with a real text layer (reportlab, a dev dependency).

In: a :class:`SynthDocument`. Out: PDF bytes whose words sit where the document's words are,
so the text stage reads back (nearly) the same page. Raises ``ImportError`` without reportlab.
"""

from __future__ import annotations

import io

from boekstuk.synth.documents import SynthDocument


def render_pdf(doc: SynthDocument) -> bytes:
    """The document's pages as a PDF (Helvetica, each word at its box)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    first = doc.pages[0]
    pdf = canvas.Canvas(buf, pagesize=(first.width, first.height))
    for page in doc.pages:
        pdf.setPageSize((page.width, page.height))
        for word in page.words:
            x0, y0, _x1, y1 = word.bbox
            size = max(4.0, y1 - y0)
            pdf.setFont("Helvetica", size)
            pdf.drawString(x0, page.height - y1 + 0.2 * size, word.text)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()
