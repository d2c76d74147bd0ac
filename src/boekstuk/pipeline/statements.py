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

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from boekstuk.domain.documents import ContentType, DocumentType
from boekstuk.domain.statements import balance_problems, contract_json
from boekstuk.engines.statement_registry import read_statements
from boekstuk.pipeline.statement_tables import statement_from_text

if TYPE_CHECKING:
    from boekstuk.pipeline.analyse import Analysis


def with_statements(analysis: Analysis, data: bytes, content_type: ContentType) -> Analysis:
    """The analysis with the bank file's statements and transactions (others unchanged)."""
    if content_type.is_bank_file:
        statements = read_statements(data, content_type.value)
    elif analysis.document_type is DocumentType.BANK_STATEMENT:
        printed = statement_from_text(analysis.text)
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
