"""Web pages for documents: upload, live status, the list, one document with its fields.

Uploads go through the API's own upload route function (same streaming, limits, storage and
queue); a correction goes through :mod:`boekstuk.services.corrections`; reprocess through
the documents service, exactly as ``POST /documents/{id}/reprocess`` does.
"""

from __future__ import annotations

import logging
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import func, select

from boekstuk.api.deps import PublisherDep, SessionDep, SettingsDep, StorageDep
from boekstuk.api.routes.documents import load_document
from boekstuk.api.routes.upload import upload as api_upload
from boekstuk.db.models import (
    BankStatement,
    Customer,
    Document,
    Invoice,
    ProcessingEvent,
)
from boekstuk.domain.documents import DocumentStatus, DocumentType
from boekstuk.domain.errors import BoekstukError
from boekstuk.domain.fields import FIELD_NAMES
from boekstuk.reconcile.models import MatchConfig
from boekstuk.services.corrections import correct_field, corrections_of, mark_checked
from boekstuk.services.documents import queue_for, request_reprocess
from boekstuk.services.wiring import parties_config
from boekstuk.web.deps import (
    BASE,
    CsrfDep,
    EditorDep,
    UploaderDep,
    ViewerDep,
    flash,
    record,
    render,
)
from boekstuk.web.pages import has_pages, page_sizes, render_page

logger = logging.getLogger(__name__)
router = APIRouter()
PAGE_SIZE = 50
STATUSES = [s.value for s in DocumentStatus]
TYPES = [t.value for t in DocumentType]


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, viewer: ViewerDep, settings: SettingsDep) -> Response:
    """Drag-and-drop upload with a progress bar and live status per file."""
    return render(
        request,
        "upload.html",
        viewer,
        nav="upload",
        max_bytes=settings.max_upload_bytes,
        max_files=settings.max_files_per_upload,
    )


@router.post("/upload", dependencies=[CsrfDep])
async def upload(
    request: Request,
    viewer: UploaderDep,
    settings: SettingsDep,
    storage: StorageDep,
    publisher: PublisherDep,
) -> JSONResponse:
    """The API's upload for the signed-in person's workspace (CSRF token in a header)."""
    answer = await api_upload(request, viewer.caller, settings, storage, publisher)
    return JSONResponse(answer.model_dump(mode="json"), status_code=202)


@router.get("/documents/status")
def statuses(
    session: SessionDep,
    viewer: ViewerDep,
    ids: Annotated[str, Query(max_length=4000)] = "",
) -> JSONResponse:
    """Status of the given documents (comma-separated ids), for the upload page's polling."""
    wanted: list[uuid.UUID] = []
    for part in ids.split(",")[:100]:
        try:
            wanted.append(uuid.UUID(part.strip()))
        except ValueError:
            continue
    rows = (
        session.execute(
            select(
                Document.id, Document.status, Document.document_type, Document.error_message
            ).where(Document.workspace_id == viewer.workspace.id, Document.id.in_(wanted))
        ).all()
        if wanted
        else []
    )
    session.commit()
    return JSONResponse(
        {
            str(r.id): {
                "status": r.status,
                "document_type": r.document_type,
                "error": r.error_message,
            }
            for r in rows
        },
        headers={"Cache-Control": "no-store"},
    )


@router.get("/documents", response_class=HTMLResponse)
def documents(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    status: Annotated[str, Query(max_length=20)] = "",
    document_type: Annotated[str, Query(max_length=20)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """The workspace's documents, newest first, filtered by status and type, searched by name."""
    query = select(Document).where(Document.workspace_id == viewer.workspace.id)
    if status in STATUSES:
        query = query.where(Document.status == status)
    if document_type in TYPES:
        query = query.where(Document.document_type == document_type)
    if q.strip():
        escaped = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Document.filename.ilike(f"%{escaped}%", escape="\\"))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = list(
        session.scalars(
            query.order_by(Document.created_at.desc(), Document.id)
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    session.commit()
    return render(
        request,
        "documents.html",
        viewer,
        nav="documents",
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        status=status,
        document_type=document_type,
        q=q,
        statuses=STATUSES,
        types=TYPES,
    )


def _problems(extraction: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    validation = extraction.get("validation") or {}
    for kind in ("errors", "warnings"):
        for item in validation.get(kind) or []:
            found.setdefault(str(item.get("field")), []).append({**item, "kind": kind[:-1]})
    return found


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(
    request: Request,
    document_id: uuid.UUID,
    session: SessionDep,
    viewer: ViewerDep,
    storage: StorageDep,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """One document: the page image with every field boxed, the values, checks and history."""
    document = load_document(session, viewer.workspace, document_id)
    extraction = document.extraction or {}
    fields = extraction.get("fields") or {}
    ordered = [(name, fields[name]) for name in FIELD_NAMES if name in fields]
    ordered += [(name, value) for name, value in fields.items() if name not in FIELD_NAMES]
    sizes: list[tuple[float, float]] = []
    if has_pages(document.content_type):
        try:
            sizes = page_sizes(storage.read(document.storage_key), document.content_type)
        except Exception:
            logger.warning("page sizes of document %s unavailable", document.id, exc_info=True)
    page = min(page, max(1, len(sizes)))
    customer = session.get(Customer, document.customer_id) if document.customer_id else None
    invoice = session.get(Invoice, document.invoice_id) if document.invoice_id else None
    statements = list(
        session.scalars(select(BankStatement).where(BankStatement.document_id == document.id))
    )
    events = list(
        session.scalars(
            select(ProcessingEvent)
            .where(ProcessingEvent.document_id == document.id)
            .order_by(ProcessingEvent.id.desc())
            .limit(12)
        )
    )
    corrections = corrections_of(session, document.id)
    session.commit()
    return render(
        request,
        "document.html",
        viewer,
        nav="documents",
        doc=document,
        extraction=extraction,
        fields=ordered,
        problems=_problems(extraction),
        sizes=sizes,
        page=page,
        size=sizes[page - 1] if sizes else None,
        customer=customer,
        invoice=invoice,
        statements=statements,
        events=events,
        corrections=list(reversed(corrections)),
        field_names=FIELD_NAMES,
        final=document.status
        in {s.value for s in (DocumentStatus.PROCESSED, DocumentStatus.NEEDS_REVIEW)},
    )


@router.get("/documents/{document_id}/pages/{number}.png")
def page_image(
    document_id: uuid.UUID,
    number: int,
    session: SessionDep,
    viewer: ViewerDep,
    storage: StorageDep,
    w: Annotated[int, Query(ge=200, le=2000)] = 1200,
) -> Response:
    """Page ``number`` of the document as a PNG, drawn on the server (never the stored file)."""
    document = load_document(session, viewer.workspace, document_id)
    session.commit()
    png = render_page(storage.read(document.storage_key), document.content_type, number, w)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})


@router.post("/documents/{document_id}/fields", dependencies=[CsrfDep])
def correct(
    request: Request,
    document_id: uuid.UUID,
    session: SessionDep,
    viewer: EditorDep,
    settings: SettingsDep,
    field: Annotated[str, Form(max_length=40)],
    value: Annotated[str, Form(max_length=1000)],
) -> Response:
    """Store a person's correction of one field; linking and matching follow it."""
    document = load_document(session, viewer.workspace, document_id)
    try:
        correct_field(
            session,
            document,
            field,
            value,
            user_id=viewer.user_id,
            corrected_by=viewer.email,
            parties=parties_config(settings),
            matching=MatchConfig(
                auto_threshold=settings.reconcile_auto_threshold,
                auto_margin=settings.reconcile_auto_margin,
            ),
        )
    except BoekstukError as exc:
        session.rollback()
        flash(request, "correction_refused", "error", reason=exc.message)
    else:
        record(session, viewer, "correct_field", "document", document_id, {"field": field})
        session.commit()
        flash(request, "field_corrected", field=field)
    return RedirectResponse(f"{BASE}/documents/{document_id}#field-{field}", status_code=303)


@router.post("/documents/{document_id}/reprocess", dependencies=[CsrfDep])
def reprocess(
    request: Request,
    document_id: uuid.UUID,
    session: SessionDep,
    viewer: UploaderDep,
    publisher: PublisherDep,
) -> Response:
    """Process the document again (as ``POST /documents/{id}/reprocess``)."""
    document = load_document(session, viewer.workspace, document_id)
    if request_reprocess(session, document):
        record(session, viewer, "reprocess", "document", document_id)
        session.commit()
        publisher.enqueue(document.id, queue_for(document.content_type))
        flash(request, "reprocess_queued")
    else:
        flash(request, "reprocess_busy", "error")
    return RedirectResponse(f"{BASE}/documents/{document_id}", status_code=303)


@router.post("/documents/{document_id}/checked", dependencies=[CsrfDep])
def checked(
    request: Request, document_id: uuid.UUID, session: SessionDep, viewer: EditorDep
) -> Response:
    """A person has checked a document that waited for review."""
    document = load_document(session, viewer.workspace, document_id)
    if mark_checked(session, document):
        record(session, viewer, "mark_checked", "document", document_id)
        session.commit()
        flash(request, "document_checked")
    return RedirectResponse(f"{BASE}/documents/{document_id}", status_code=303)
