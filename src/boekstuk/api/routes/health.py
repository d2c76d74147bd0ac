"""``/health`` (liveness), ``/ready`` (database and broker answer) and ``/metrics``."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest
from sqlalchemy import func, select, text

from boekstuk.api.deps import SessionDep, SettingsDep, WorkspaceDep
from boekstuk.db.models import Document, ProcessingEvent
from boekstuk.db.session import session_factory
from boekstuk.domain.documents import DocumentStatus
from boekstuk.worker.app import queue_name

logger = logging.getLogger(__name__)
router = APIRouter(tags=["health"])


@router.get("/health")
def health() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/ready", responses={503: {"description": "a dependency is down"}})
def ready(request: Request, settings: SettingsDep) -> JSONResponse:
    """Database and broker both answer (503 and which one otherwise)."""
    checks = {"database": _check_database(settings.database_url), "broker": _check_broker(request)}
    ok = all(value == "ok" for value in checks.values())
    return JSONResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503
    )


def _check_database(url: str) -> str:
    try:
        with session_factory(url)() as session:
            session.execute(text("SELECT 1"))
    except Exception as exc:
        logger.warning("database not ready: %s", exc)
        return f"error: {type(exc).__name__}"
    return "ok"


def _check_broker(request: Request) -> str:
    try:
        with request.app.state.publisher.app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        logger.warning("broker not ready: %s", exc)
        return f"error: {type(exc).__name__}"
    return "ok"


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def metrics(
    request: Request, session: SessionDep, workspace: WorkspaceDep, settings: SettingsDep
) -> Response:
    """Prometheus text: the workspace's documents by status, stage timings, queue depth."""
    registry = CollectorRegistry()
    docs = Gauge("boekstuk_documents", "Documents by status", ["status"], registry=registry)
    counts: dict[str, int] = {
        status: count
        for status, count in session.execute(
            select(Document.status, func.count())
            .where(Document.workspace_id == workspace.id)
            .group_by(Document.status)
        )
    }
    for status in DocumentStatus:
        docs.labels(status.value).set(counts.get(status.value, 0))
    stage_sum = Gauge(
        "boekstuk_stage_duration_seconds_sum",
        "Total time per stage",
        ["stage", "outcome"],
        registry=registry,
    )
    stage_count = Gauge(
        "boekstuk_stage_duration_seconds_count",
        "Runs per stage",
        ["stage", "outcome"],
        registry=registry,
    )
    rows = session.execute(
        select(
            ProcessingEvent.stage,
            ProcessingEvent.outcome,
            func.sum(ProcessingEvent.duration_ms),
            func.count(),
        )
        .where(
            ProcessingEvent.workspace_id == workspace.id, ProcessingEvent.duration_ms.is_not(None)
        )
        .group_by(ProcessingEvent.stage, ProcessingEvent.outcome)
    )
    for stage, outcome, total_ms, count in rows:
        stage_sum.labels(stage, outcome).set((total_ms or 0) / 1000.0)
        stage_count.labels(stage, outcome).set(count)
    depth = Gauge(
        "boekstuk_queue_depth", "Messages waiting per queue", ["queue"], registry=registry
    )
    for queue, size in _queue_depths(request, settings).items():
        depth.labels(queue).set(size)
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def _queue_depths(request: Request, settings: Any) -> dict[str, int]:
    depths: dict[str, int] = {}
    try:
        with request.app.state.publisher.app.connection_for_read() as conn:
            channel = conn.default_channel
            for queue in ("light", "ocr"):
                name = queue_name(settings, queue)
                depths[queue] = int(channel.queue_declare(name, passive=True).message_count)
    except Exception as exc:
        logger.info("queue depth unavailable: %s", exc)
    return depths
