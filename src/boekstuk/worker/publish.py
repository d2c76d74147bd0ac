"""Putting documents on the queue.

Publishing happens after the document row is committed. If the broker is down, the upload
is still safe: the document stays ``queued`` in the database and the sweeper publishes it
again later, so a failed publish is logged, not raised.
"""

from __future__ import annotations

import logging
import uuid

from celery import Celery

from boekstuk.config import Settings
from boekstuk.worker.app import queue_name

logger = logging.getLogger(__name__)
TASK_NAME = "boekstuk.process_document"


class Publisher:
    """Sends ``process_document`` tasks to the right queue."""

    def __init__(self, app: Celery, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    def enqueue(self, document_id: uuid.UUID, queue: str) -> bool:
        """Publish one document; False (logged) if the broker could not be reached."""
        try:
            self.app.send_task(
                TASK_NAME,
                args=[str(document_id)],
                queue=queue_name(self.settings, queue),
                retry=True,
                retry_policy={"max_retries": 2, "interval_start": 0.1, "interval_step": 0.2},
            )
        except Exception:
            logger.warning(
                "could not publish document %s; the sweeper will retry", document_id, exc_info=True
            )
            return False
        return True
