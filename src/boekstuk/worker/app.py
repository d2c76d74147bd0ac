"""The Celery application, configured from Settings.

Reliability choices: JSON only; ``acks_late`` and ``reject_on_worker_lost`` so a task whose
worker dies is delivered again; prefetch 1 because OCR tasks are long; no result backend
(the database is the source of truth). Two queues: ``<prefix>.light`` for digital documents
and bank files, ``<prefix>.ocr`` for scans, so digital work never waits behind scans.
"""

from __future__ import annotations

import os

from celery import Celery
from kombu.entity import Queue

from boekstuk.config import Settings, get_settings

# Tesseract's own threads make it several times slower when a worker runs many at once
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def queue_name(settings: Settings, queue: str) -> str:
    """The broker queue for ``light`` or ``ocr``."""
    return f"{settings.queue_prefix}.{queue}"


def create_app(settings: Settings | None = None) -> Celery:
    """A Celery app for ``settings`` (the process's settings by default)."""
    settings = settings or get_settings()
    app = Celery("boekstuk", broker=settings.broker_url, include=["boekstuk.worker.tasks"])
    transport_options: dict[str, object] = {}
    if settings.broker_url.startswith(("redis", "rediss")):
        # take light work first: digital documents never wait behind a pile of scans
        transport_options = {
            "visibility_timeout": settings.broker_visibility_timeout,
            "queue_order_strategy": "priority",
        }
    light, ocr = queue_name(settings, "light"), queue_name(settings, "ocr")
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        broker_connection_retry_on_startup=True,
        broker_transport_options=transport_options,
        broker_pool_limit=10,
        task_default_queue=light,
        task_queues=(
            Queue(light, routing_key=light),  # type: ignore[no-untyped-call]
            Queue(ocr, routing_key=ocr),  # type: ignore[no-untyped-call]
        ),
        enable_utc=True,
    )
    return app


app = create_app()


def _install_signals() -> None:
    from celery.signals import worker_process_init, worker_ready

    @worker_process_init.connect(weak=False)  # type: ignore[untyped-decorator]
    def _after_fork(**_: object) -> None:
        from boekstuk.db.session import dispose_engines

        dispose_engines()  # connections must not be shared with the parent process

    @worker_ready.connect(weak=False)  # type: ignore[untyped-decorator]
    def _ready(**_: object) -> None:
        from boekstuk.worker.publish import Publisher
        from boekstuk.worker.sweeper import start_sweeper

        settings = get_settings()
        start_sweeper(settings, Publisher(app, settings))


_install_signals()
