"""Logging setup: text or JSON lines, each with workspace, document and task ids.

The ids live in context variables; :func:`log_context` sets them for a block (a request, a
task, a stage) and a filter copies them onto every record.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

_FIELDS = ("workspace_id", "document_id", "task_id")
_context: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "boekstuk_log_context", default=None
)


@contextmanager
def log_context(**ids: object) -> Iterator[None]:
    """Add ids (workspace_id=…, document_id=…, task_id=…) to every log line in the block."""
    merged = {**(_context.get() or {}), **{k: str(v) for k, v in ids.items() if v is not None}}
    token = _context.set(merged)
    try:
        yield
    finally:
        _context.reset(token)


class ContextFilter(logging.Filter):
    """Copies the current ids onto each record (empty string when unset)."""

    def filter(self, record: logging.LogRecord) -> bool:
        current = _context.get() or {}
        for name in _FIELDS:
            setattr(record, name, current.get(name, ""))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, ids, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in _FIELDS:
            value = getattr(record, name, "")
            if value:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Readable lines; ids appended as ``key=value`` when set."""

    def format(self, record: logging.LogRecord) -> str:
        base = super().format(record)
        ids = " ".join(
            f"{name}={getattr(record, name)}" for name in _FIELDS if getattr(record, name, "")
        )
        return f"{base} [{ids}]" if ids else base


def configure_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Send logs to stderr in the chosen format (idempotent)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(ContextFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_boekstuk", False):
            root.removeHandler(old)
    handler._boekstuk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("pdfminer", "PIL", "multipart", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
