"""``POST /upload``: receive files, store and record them, queue them, answer 202."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from boekstuk.api.deps import Caller, PublisherDep, SettingsDep, StorageDep, UploaderDep
from boekstuk.api.multipart import ReceivedFile, receive_files
from boekstuk.api.schemas import ErrorOut, UploadedDocument, UploadOut
from boekstuk.db.session import session_factory
from boekstuk.services import audit
from boekstuk.services.documents import Submitted, queue_for, record_upload

router = APIRouter(tags=["documents"])

_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}}
                    },
                }
            }
        },
    }
}


@router.post(
    "/upload",
    status_code=202,
    response_model=UploadOut,
    openapi_extra=_BODY,
    responses={400: {"model": ErrorOut}, 401: {"model": ErrorOut}, 413: {"model": ErrorOut}},
)
async def upload(
    request: Request,
    caller: UploaderDep,
    settings: SettingsDep,
    storage: StorageDep,
    publisher: PublisherDep,
) -> UploadOut:
    """Accept one or more files (parts named ``files``); processing happens in a worker.

    The same bytes again give the existing document with ``duplicate_of`` set.
    """
    received = await receive_files(
        request.headers.get("content-type", ""),
        request.stream(),
        storage,
        settings.max_upload_bytes,
        settings.max_files_per_upload,
    )
    submitted = await run_in_threadpool(
        _record_and_enqueue, settings.database_url, storage, caller, received, publisher
    )
    return UploadOut(
        documents=[
            UploadedDocument(
                id=s.document.id,
                filename=s.document.filename,
                sha256=s.document.sha256,
                status=s.document.status,
                duplicate_of=s.duplicate_of,
            )
            for s in submitted
        ]
    )


def _record_and_enqueue(
    database_url: str,
    storage: Any,
    caller: Caller,
    received: list[ReceivedFile],
    publisher: Any,
) -> list[Submitted]:
    results: list[Submitted] = []
    workspace_id = caller.workspace.id
    with session_factory(database_url)() as session:
        for item in received:
            results.append(
                record_upload(session, storage, workspace_id, item.filename, item.upload)
            )
        for result in results:
            audit.record(
                session,
                workspace_id,
                caller.actor,
                "upload",
                "document",
                result.document.id,
                {
                    "filename": result.document.filename,
                    "duplicate_of": str(result.duplicate_of) if result.duplicate_of else None,
                },
            )
        session.commit()
    for result in results:
        if result.needs_enqueue:
            publisher.enqueue(result.document.id, queue_for(result.document.content_type))
    return results
