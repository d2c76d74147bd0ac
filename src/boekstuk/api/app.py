"""The FastAPI application factory.

``create_app(settings)`` wires storage and the publisher into ``app.state``; everything a
route needs arrives through :mod:`boekstuk.api.deps`.
"""

from __future__ import annotations

from fastapi import FastAPI

from boekstuk import __version__
from boekstuk.api.errors import install_error_handlers
from boekstuk.api.middleware import SecurityHeaders, TokenBucket, UploadRateLimit
from boekstuk.api.routes import (
    audit,
    auth,
    customers,
    documents,
    exports,
    health,
    invoices,
    review,
    transactions,
    upload,
    users,
    workspace,
)
from boekstuk.api.schemas import ErrorOut
from boekstuk.config import Settings, get_settings
from boekstuk.services.storage import FileStorage
from boekstuk.services.workspaces import KeyCache
from boekstuk.web.app import mount_web
from boekstuk.worker.app import create_app as create_celery
from boekstuk.worker.publish import Publisher


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API for ``settings`` (the process's settings by default)."""
    settings = settings or get_settings()
    settings.ensure_dirs()
    app = FastAPI(
        title="Boekstuk",
        version=__version__,
        description="Invoices, receipts and bank statements in; customers, invoices, "
        "transactions and matches out. Authenticate with `Authorization: Bearer <key>` "
        "(an API key, or the token `POST /auth/login` gives).",
        responses={status: {"model": ErrorOut} for status in (400, 401, 422, 503)},
    )
    app.state.settings = settings
    app.state.storage = FileStorage(settings.files_dir)
    app.state.publisher = Publisher(create_celery(settings), settings)
    app.state.key_cache = KeyCache(settings.api_key_cache_seconds)
    app.state.jwt_key = settings.jwt_signing_key()  # refuses to start without a usable secret
    app.state.login_limit = TokenBucket(settings.login_rate_per_second, settings.login_burst)
    install_error_handlers(app)
    app.add_middleware(
        UploadRateLimit, rate=settings.upload_rate_per_second, burst=settings.upload_burst
    )
    app.add_middleware(SecurityHeaders)
    for module in (
        auth,
        exports,  # before documents/invoices/transactions: /invoices/export.csv is no id
        upload,
        documents,
        customers,
        invoices,
        transactions,
        review,
        workspace,
        users,
        audit,
        health,
    ):
        app.include_router(module.router)
    mount_web(app, settings)
    return app
