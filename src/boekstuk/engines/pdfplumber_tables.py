"""Tables of digital PDF pages with pdfplumber (ruled tables: lines and rectangles).

In: PDF bytes and 1-based page numbers. Out: page number → :class:`Table` objects with
boxes in PDF points (top-left origin). Raises :class:`DocumentError` when the PDF cannot
be opened. Unruled tables are left to :mod:`boekstuk.pipeline.tables` (word geometry).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence

from boekstuk.domain.errors import DocumentError, ErrorCode
from boekstuk.domain.extraction import Table

logger = logging.getLogger(__name__)


class PdfplumberTables:
    """pdfplumber's ``find_tables`` (line strategy) on the pages asked for."""

    name = "pdfplumber"

    def extract(self, data: bytes, pages: Sequence[int]) -> dict[int, tuple[Table, ...]]:
        """Tables of the given pages of the PDF in ``data``."""
        import pdfplumber

        try:
            pdf = pdfplumber.open(io.BytesIO(data))
        except Exception as exc:
            raise DocumentError(f"the PDF cannot be opened: {exc}", ErrorCode.CORRUPT_FILE) from exc
        found: dict[int, tuple[Table, ...]] = {}
        with pdf:
            for number in pages:
                if not 1 <= number <= len(pdf.pages):
                    continue
                page = pdf.pages[number - 1]
                try:
                    tables = page.find_tables()
                    result = tuple(
                        Table(
                            bbox=tuple(float(v) for v in table.bbox),  # type: ignore[arg-type]
                            rows=tuple(
                                tuple((cell or "").replace("\n", " ").strip() for cell in row)
                                for row in table.extract()
                            ),
                            source=self.name,
                        )
                        for table in tables
                    )
                except Exception as exc:  # a broken page loses its tables, not the document
                    logger.warning("pdfplumber could not read tables of page %d: %s", number, exc)
                    continue
                finally:
                    page.close()
                if result:
                    found[number] = result
        return found
