"""The sweeper: a thread in each worker that requeues lost work.

Every ``sweep_interval_seconds`` it puts documents whose lease expired (their worker died)
and documents queued too long (their message was lost) back on the queue. Several workers
sweeping at once is harmless: the UPDATE decides, and a task claims a document only once.
"""

from __future__ import annotations

import logging
import threading

from boekstuk.config import Settings
from boekstuk.db.session import session_scope
from boekstuk.services.documents import sweep
from boekstuk.worker.publish import Publisher

logger = logging.getLogger(__name__)


def sweep_once(settings: Settings, publisher: Publisher) -> int:
    """One pass; returns how many documents were requeued."""
    with session_scope(settings.database_url) as session:
        requeue = sweep(session, settings.stale_queued_seconds)
    for document_id, queue in requeue:
        publisher.enqueue(document_id, queue)
    return len(requeue)


def start_sweeper(settings: Settings, publisher: Publisher) -> threading.Event:
    """Start the sweeping thread; set the returned event to stop it."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(settings.sweep_interval_seconds):
            try:
                count = sweep_once(settings, publisher)
                if count:
                    logger.info("sweeper requeued %d documents", count)
            except Exception:
                logger.warning("sweep failed; will try again", exc_info=True)

    threading.Thread(target=loop, name="boekstuk-sweeper", daemon=True).start()
    return stop
