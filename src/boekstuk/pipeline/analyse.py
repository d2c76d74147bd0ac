"""The read-only half of the pipeline: text → classify → entities → validate.

In: bytes, their :class:`ContentType` and an :class:`AnalysisConfig`. Out: an
:class:`Analysis` whose ``extraction`` is CONTRACT §3's JSON. Touches no database or
broker (``boekstuk extract`` runs exactly this); the worker wraps each stage in an
observer that logs and records it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from boekstuk.domain.documents import ContentType, DocumentType, Stage
from boekstuk.domain.extraction import ExtractedText
from boekstuk.domain.fields import WorkspaceProfile
from boekstuk.pipeline.classify import classify, detect_language
from boekstuk.pipeline.entities import extract_entities, find_identifiers
from boekstuk.pipeline.safety import check_pdf
from boekstuk.pipeline.statements import with_statements
from boekstuk.pipeline.text import TextConfig, extract_text
from boekstuk.pipeline.validate import validate

StageObserver = Callable[[Stage], AbstractContextManager[object]]


def no_observer(_stage: Stage) -> AbstractContextManager[object]:
    """An observer that does nothing."""
    return nullcontext()


@dataclass(frozen=True, slots=True)
class Analysis:
    """What reading a document produced."""

    text: ExtractedText
    document_type: DocumentType
    extraction: dict[str, Any]
    # a person must look before anything is booked (the worker sets the status from this)
    needs_review: bool = False
    review_reasons: tuple[str, ...] = field(default=())
    # which party the workspace profile says is us: "seller" (a sales invoice), "buyer" or None
    our_party: str | None = None


def analyse(
    data: bytes,
    content_type: ContentType,
    config: TextConfig,
    observe: StageObserver = no_observer,
    *,
    profile: WorkspaceProfile | None = None,
) -> Analysis:
    """Read a document: its text, type, fields and validation."""
    with observe(Stage.TEXT):
        if content_type is ContentType.PDF:
            check_pdf(data)  # truncated files and active content stop here
        text = extract_text(data, content_type, config)
    analysis = analyse_text(
        text,
        content_type,
        sha256=hashlib.sha256(data).hexdigest(),
        observe=observe,
        profile=profile,
        data=data,
    )
    return with_statements(analysis, data, content_type)  # bank files: statement, transactions


def analyse_text(
    text: ExtractedText,
    content_type: ContentType,
    *,
    sha256: str = "",
    observe: StageObserver = no_observer,
    profile: WorkspaceProfile | None = None,
    data: bytes | None = None,
) -> Analysis:
    """The stages after text: classify, entities and validate (benchmarks start here).

    With the file's ``data``, an e-invoice XML embedded in a PDF is read first."""
    with observe(Stage.CLASSIFY):
        document_type, type_confidence = classify(content_type, text)
        language = detect_language(text)
    with observe(Stage.ENTITIES):
        entities = extract_entities(text, document_type, profile, data=data)
        identifiers = find_identifiers(text)
    with observe(Stage.VALIDATE):
        validation = validate(document_type, entities.fields, line_items=entities.line_items)
    extraction: dict[str, Any] = {
        "sha256": sha256,
        "document_type": document_type.value,
        "document_type_confidence": type_confidence,
        "language": language,
        "pages": [page.summary() for page in text.pages],
        "fields": {name: value.as_json() for name, value in validation.fields.items()},
        "line_items": list(entities.line_items),
        "identifiers": identifiers,
        "our_party": entities.our_party,
        "validation": validation.as_json(),
    }
    extraction["validation"]["warnings"] += list(entities.warnings)
    extraction["notes"] = list(entities.notes)  # how the parties were told apart, and more
    reasons = (*validation.reasons, *entities.uncertain)
    needs_review = validation.needs_review or bool(entities.uncertain)
    extraction["validation"]["review_reasons"] = list(reasons)
    extraction["validation"]["needs_review"] = needs_review
    return Analysis(
        text=text,
        document_type=document_type,
        extraction=extraction,
        needs_review=needs_review,
        review_reasons=reasons,
        our_party=entities.our_party,
    )
