"""Downloads: one document as JSON or CSV, and the invoice and transaction lists as CSV.

Every answer is an attachment (``Content-Disposition``). CSV options: ``sep`` (``,``,
``;`` or ``tab``), ``decimal`` (``.`` or ``,``; a ``;`` separator defaults to a decimal
comma, as Dutch Excel expects) and ``bom=1`` (a UTF-8 byte-order mark). The lists take the
same filters as ``GET /invoices`` and ``GET /transactions`` and are streamed while they are
read, in their own read-only session.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import PurePath
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from boekstuk.api.deps import SessionDep, SettingsDep, WorkspaceDep
from boekstuk.api.routes.documents import load_document
from boekstuk.api.routes.invoices import Direction, InvoiceStatus, Kind
from boekstuk.api.routes.invoices import list_query as invoice_query
from boekstuk.api.routes.transactions import MatchStatus
from boekstuk.api.routes.transactions import list_query as transaction_query
from boekstuk.api.schemas import DocumentOut, ErrorOut
from boekstuk.db.session import read_session
from boekstuk.domain.errors import ConflictError
from boekstuk.services.exports import (
    INVOICE_HEADER,
    TRANSACTION_HEADER,
    CsvFormat,
    csv_chunks,
    document_table,
    invoice_rows,
    transaction_rows,
)

router = APIRouter(
    tags=["exports"],
    responses={401: {"model": ErrorOut}, 404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)

CSV_MEDIA = "text/csv; charset=utf-8"
_CSV_DOC: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {}}}}
Sep = Annotated[Literal[",", ";", "tab"], Query(description="column separator")]
DecimalMark = Annotated[
    Literal[".", ","] | None, Query(description="decimal mark; default ',' with sep=';'")
]
Bom = Annotated[bool, Query(description="start with a UTF-8 byte-order mark (for Excel)")]


def csv_format(sep: str, decimal: str | None, bom: bool) -> CsvFormat:
    """The options of a request as a :class:`CsvFormat`."""
    separator = "\t" if sep == "tab" else sep
    return CsvFormat(separator, decimal or ("," if separator == ";" else "."), bom)


def attachment(filename: str) -> str:
    """A ``Content-Disposition`` value with an ASCII fallback and the UTF-8 name.

    >>> attachment("factuur é.csv")
    'attachment; filename="factuur _.csv"; filename*=UTF-8\\'\\'factuur%20%C3%A9.csv'
    """
    fallback = re.sub(r'[^\x20-\x7e]|["\\]', "_", filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def _stem(filename: str, document_id: uuid.UUID) -> str:
    stem = PurePath(filename).stem.strip()
    return stem or f"document-{document_id}"


def _streamed(
    database_url: str,
    header: Sequence[str],
    rows: Callable[[Session], Iterable[Sequence[Any]]],
    fmt: CsvFormat,
    filename: str,
) -> StreamingResponse:
    def body() -> Iterator[bytes]:
        with read_session(database_url) as session:
            yield from csv_chunks(header, rows(session), fmt)

    return StreamingResponse(
        body(), media_type=CSV_MEDIA, headers={"Content-Disposition": attachment(filename)}
    )


@router.get("/invoices/export.csv", response_class=StreamingResponse, responses=_CSV_DOC)
def export_invoices(
    settings: SettingsDep,
    workspace: WorkspaceDep,
    status: InvoiceStatus | None = None,
    customer_id: uuid.UUID | None = None,
    direction: Direction | None = None,
    kind: Kind | None = None,
    sep: Sep = ",",
    decimal: DecimalMark = None,
    bom: Bom = False,
) -> StreamingResponse:
    """The invoices (same filters as the list) as CSV, newest invoice date first."""
    query = invoice_query(workspace.id, status, customer_id, direction, kind)
    return _streamed(
        settings.database_url,
        INVOICE_HEADER,
        lambda session: invoice_rows(session, query),
        csv_format(sep, decimal, bom),
        "invoices.csv",
    )


@router.get("/transactions/export.csv", response_class=StreamingResponse, responses=_CSV_DOC)
def export_transactions(
    settings: SettingsDep,
    workspace: WorkspaceDep,
    match_status: MatchStatus | None = None,
    sep: Sep = ",",
    decimal: DecimalMark = None,
    bom: Bom = False,
) -> StreamingResponse:
    """The transactions (same filter as the list) as CSV, newest booking date first."""
    query = transaction_query(workspace.id, match_status)
    return _streamed(
        settings.database_url,
        TRANSACTION_HEADER,
        lambda session: transaction_rows(session, query),
        csv_format(sep, decimal, bom),
        "transactions.csv",
    )


@router.get("/documents/{document_id}/export/json", response_model=DocumentOut)
def export_document_json(
    document_id: uuid.UUID, session: SessionDep, workspace: WorkspaceDep, response: Response
) -> DocumentOut:
    """The document with its extraction, as a JSON download."""
    document = load_document(session, workspace, document_id)
    filename = f"{_stem(document.filename, document.id)}.json"
    response.headers["Content-Disposition"] = attachment(filename)
    return DocumentOut.of(document)


@router.get(
    "/documents/{document_id}/export/csv",
    response_class=StreamingResponse,
    responses={**_CSV_DOC, 409: {"model": ErrorOut}},
)
def export_document_csv(
    document_id: uuid.UUID,
    session: SessionDep,
    workspace: WorkspaceDep,
    sep: Sep = ",",
    decimal: DecimalMark = None,
    bom: Bom = False,
) -> StreamingResponse:
    """The extraction as one table: a statement's transactions, or fields with line items."""
    document = load_document(session, workspace, document_id)
    if not document.extraction:
        raise ConflictError(f"the document has no extraction (status {document.status})")
    header, rows = document_table(document)
    filename = f"{_stem(document.filename, document.id)}.csv"
    return StreamingResponse(
        csv_chunks(header, rows, csv_format(sep, decimal, bom)),
        media_type=CSV_MEDIA,
        headers={"Content-Disposition": attachment(filename)},
    )
