"""Bank files in the read-only analysis: CONTRACT §3 ``statement`` and ``transactions``.

In: an :class:`~boekstuk.pipeline.analyse.Analysis`, the file's bytes and content type.
Out: for a bank file (CAMT.053, MT940, bank CSV), or a PDF or scan classified as a bank
statement (its transaction tables, :mod:`boekstuk.pipeline.statement_tables`), the analysis
with the statement, its transactions and the balance check: a balance that does not add up becomes a validation
error ``balance_mismatch`` whose message shows the difference, and the analysis
``needs_review``. Other files come back unchanged. Raises the reader's
:class:`~boekstuk.domain.errors.DocumentError` for a bank file no reader accepts.
Touches no database (``boekstuk extract`` runs it).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from boekstuk.domain.documents import ContentType, DocumentType
from boekstuk.domain.errors import DocumentError
from boekstuk.domain.extraction import TextSource
from boekstuk.domain.statements import balance_problems, contract_json
from boekstuk.engines.pdfplumber_tables import PdfplumberTables
from boekstuk.engines.statement_registry import read_statements
from boekstuk.pipeline.statement_tables import statement_from_text

if TYPE_CHECKING:
    from boekstuk.domain.extraction import ExtractedText
    from boekstuk.domain.statements import Statement
    from boekstuk.engines.protocols import TableExtractor
    from boekstuk.pipeline.analyse import Analysis

logger = logging.getLogger(__name__)


def _from_ruled_tables(
    text: ExtractedText, data: bytes, content_type: ContentType, extractor: TableExtractor | None
) -> Statement | None:
    """The statement from the text-layer pages' ruled tables (None: none there)."""
    pages = [p.number for p in text.pages if p.text_source is TextSource.TEXT_LAYER]
    if content_type is not ContentType.PDF or not pages:
        return None
    extractor = extractor or PdfplumberTables()
    try:
        found = extractor.extract(data, pages)
    except DocumentError as exc:
        logger.warning("%s could not read the statement's tables: %s", extractor.name, exc)
        return None
    ruled = tuple(replace(p, tables=found.get(p.number, ())) for p in text.pages)
    return statement_from_text(replace(text, pages=ruled))


def with_statements(
    analysis: Analysis,
    data: bytes,
    content_type: ContentType,
    ruled_tables: TableExtractor | None = None,
) -> Analysis:
    """The analysis with the bank file's statements and transactions (others unchanged).

    ``ruled_tables`` (pdfplumber by default) gets a second look at a digital statement
    whose word-box tables held no transactions: dense ruled grids defeat the x-gaps."""
    if content_type.is_bank_file:
        statements = read_statements(data, content_type.value)
    elif analysis.document_type is DocumentType.BANK_STATEMENT:
        printed = statement_from_text(analysis.text) or _from_ruled_tables(
            analysis.text, data, content_type, ruled_tables
        )
        if printed is None:
            return analysis
        statements = [printed]
    else:
        return analysis
    extraction: dict[str, Any] = {**analysis.extraction, **contract_json(statements)}
    problems = balance_problems(statements)
    validation = dict(extraction.get("validation") or {})
    if problems:
        validation["errors"] = [
            *validation.get("errors", []),
            *(
                {"field": "closing_balance", "code": "balance_mismatch", "message": p}
                for p in problems
            ),
        ]
        validation["is_valid"] = False
        validation["needs_review"] = True
        validation["review_reasons"] = [*validation.get("review_reasons", []), *problems]
    warnings = [w for s in statements for w in s.warnings]
    if warnings:
        validation["warnings"] = [*validation.get("warnings", []), *warnings]
    extraction["validation"] = validation
    return replace(
        analysis,
        extraction=extraction,
        needs_review=analysis.needs_review or bool(problems),
        review_reasons=(*analysis.review_reasons, *problems),
    )
