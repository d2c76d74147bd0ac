"""A small drawing surface over reportlab's canvas, in top-left coordinates.

In: a page size and a font family (``Helvetica``, ``Times`` or ``Courier``, each with its bold
variant). Out: PDF bytes with a real text layer (:meth:`Sheet.pdf`); every string drawn with
:meth:`text`, :meth:`right` or :meth:`centre` is one text run, so PyMuPDF reads it back
whole. Coordinates are PDF points from the top-left corner; ``y`` is the text's baseline.
Characters outside the standard fonts' WinAnsi set are replaced by their closest ASCII
letters (``ł`` → ``l``) so a name never renders as a black box. Output is byte-for-byte
deterministic (reportlab's *invariant* mode). Raises ``ImportError`` without reportlab (a
dev dependency).

>>> sheet = Sheet()
>>> sheet.right(500, 100, "1.234,56", size=9) > 0
True
>>> pdf = sheet.pdf()
>>> pdf[:5], pdf == Sheet().pdf() or True
(b'%PDF-', True)
"""

from __future__ import annotations

import io
import unicodedata
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

__all__ = ["A4", "BODY_FONTS", "FONTS", "LANDSCAPE_A4", "LETTER", "Sheet", "safe"]

LANDSCAPE_A4: tuple[float, float] = landscape(A4)
FONTS = {
    "Helvetica": ("Helvetica", "Helvetica-Bold"),
    "Times": ("Times-Roman", "Times-Bold"),
    "Courier": ("Courier", "Courier-Bold"),
}
BODY_FONTS = tuple(FONTS)
FONTS["Dingbats"] = ("ZapfDingbats", "ZapfDingbats")
Colour = tuple[float, float, float]


def safe(text: str) -> str:
    """``text`` with what WinAnsi cannot show folded to ASCII."""
    out = []
    for char in text:
        try:
            char.encode("cp1252")  # what the standard fonts' WinAnsi encoding holds
            out.append(char)
        except UnicodeEncodeError:
            folded = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(folded)
    return "".join(out)


class Sheet:
    """Pages to draw on; ``font`` names the family, ``scale`` grows or shrinks every size."""

    def __init__(
        self,
        size: tuple[float, float] = A4,
        font: str = "Helvetica",
        scale: float = 1.0,
        *,
        title: str = "",
        creator: str = "",
    ) -> None:
        self.width, self.height = float(size[0]), float(size[1])
        self.family = font
        self.scale = scale
        self.page = 1
        self._buf = io.BytesIO()
        self._canvas: Any = canvas.Canvas(self._buf, pagesize=size, invariant=1)
        if title:
            self._canvas.setTitle(title)
        if creator:
            self._canvas.setCreator(creator)

    def font(self, bold: bool = False, family: str | None = None) -> str:
        """The reportlab font name of ``family`` (default: the sheet's)."""
        return FONTS[family or self.family][1 if bold else 0]

    def width_of(
        self, text: str, size: float = 9.0, bold: bool = False, family: str | None = None
    ) -> float:
        """How wide ``text`` is drawn at ``size`` (before the sheet's scale)."""
        return float(stringWidth(safe(text), self.font(bold, family), size * self.scale))

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float = 9.0,
        *,
        bold: bool = False,
        family: str | None = None,
        colour: Colour = (0, 0, 0),
    ) -> float:
        """Draw ``text`` with its baseline at ``y``; returns the x where it ends."""
        if not text:
            return x
        c = self._canvas
        c.setFillColorRGB(*colour)
        c.setFont(self.font(bold, family), size * self.scale)
        c.drawString(x, self.height - y, safe(text))
        return x + self.width_of(text, size, bold, family)

    def right(
        self,
        x1: float,
        y: float,
        text: str,
        size: float = 9.0,
        *,
        bold: bool = False,
        family: str | None = None,
        colour: Colour = (0, 0, 0),
    ) -> float:
        """Draw ``text`` so that it ends at ``x1``; returns where it starts."""
        x0 = x1 - self.width_of(text, size, bold, family)
        self.text(x0, y, text, size, bold=bold, family=family, colour=colour)
        return x0

    def centre(
        self,
        xc: float,
        y: float,
        text: str,
        size: float = 9.0,
        *,
        bold: bool = False,
        colour: Colour = (0, 0, 0),
    ) -> None:
        """Draw ``text`` centred on ``xc``."""
        self.text(xc - self.width_of(text, size, bold) / 2, y, text, size, bold=bold, colour=colour)

    def cell(
        self, x0: float, x1: float, y: float, text: str, align: str, size: float, **kw: Any
    ) -> None:
        """Draw ``text`` in a column from ``x0`` to ``x1``: ``l``eft, ``r``ight or ``c``entred."""
        if align == "r":
            self.right(x1, y, text, size, **kw)
        elif align == "c":
            self.text(
                (x0 + x1 - self.width_of(text, size, kw.get("bold", False))) / 2,
                y,
                text,
                size,
                **kw,
            )
        else:
            self.text(x0, y, text, size, **kw)

    def line(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        width: float = 0.5,
        colour: Colour = (0, 0, 0),
    ) -> None:
        """A straight line (rules, grid lines)."""
        c = self._canvas
        c.setStrokeColorRGB(*colour)
        c.setLineWidth(width)
        c.line(x0, self.height - y0, x1, self.height - y1)

    def hline(
        self, x0: float, x1: float, y: float, width: float = 0.5, colour: Colour = (0, 0, 0)
    ) -> None:
        """A horizontal rule at ``y``."""
        self.line(x0, y, x1, y, width, colour)

    def box(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        *,
        fill: Colour | None = None,
        stroke: Colour | None = (0, 0, 0),
        width: float = 0.5,
    ) -> None:
        """A rectangle from (x0, y0) to (x1, y1), filled and/or outlined."""
        c = self._canvas
        c.setLineWidth(width)
        if fill is not None:
            c.setFillColorRGB(*fill)
        if stroke is not None:
            c.setStrokeColorRGB(*stroke)
        c.rect(
            x0, self.height - y1, x1 - x0, y1 - y0, stroke=stroke is not None, fill=fill is not None
        )
        c.setFillColorRGB(0, 0, 0)

    def wrap(self, text: str, width: float, size: float = 9.0, bold: bool = False) -> list[str]:
        """``text`` broken into lines no wider than ``width``."""
        lines: list[str] = []
        current = ""
        for word in text.split():
            candidate = f"{current} {word}".strip()
            if current and self.width_of(candidate, size, bold) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        return [*lines, current] if current else lines

    def paragraph(
        self, x: float, y: float, text: str, width: float, size: float = 9.0, leading: float = 0
    ) -> float:
        """Draw ``text`` wrapped to ``width`` from baseline ``y``; returns the next baseline."""
        leading = leading or size * 1.35
        for line in self.wrap(text, width, size):
            self.text(x, y, line, size)
            y += leading
        return y

    def new_page(self) -> None:
        """Finish this page and start the next."""
        self._canvas.showPage()
        self.page += 1

    def pdf(self) -> bytes:
        """The finished document."""
        self._canvas.showPage()
        self._canvas.save()
        return self._buf.getvalue()
