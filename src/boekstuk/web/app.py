"""The web UI as a sub-application mounted at ``/app`` of the API, and ``/`` → ``/app/``.

:func:`mount_web` builds it with the API's own state (settings, storage, publisher), so
pages use the same services and dependencies as the JSON routes. Its session cookie is
signed (SessionMiddleware, with a key derived from the JWT secret: :func:`session_secret`),
HttpOnly, SameSite=Lax, scoped to ``/app`` and ``Secure`` when the site is served over HTTPS
(``BOEKSTUK_WEB_SECURE_COOKIE=1``).
Errors answer with an HTML page; a request without a signed-in person is sent to sign in.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from boekstuk.api.errors import STATUS_FOR_CODE
from boekstuk.api.middleware import SecurityHeaders
from boekstuk.config import Settings
from boekstuk.db.session import session_factory
from boekstuk.domain.errors import BoekstukError
from boekstuk.web import routes_documents, routes_ledger, routes_review
from boekstuk.web.auth import router as auth_router
from boekstuk.web.auth import viewer_from_session
from boekstuk.web.deps import BASE, SignInRequired, Viewer, render

logger = logging.getLogger(__name__)

_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)


def session_secret(jwt_key: str) -> str:
    """The key that signs session cookies, derived from the JWT signing key.

    One secret to manage (``BOEKSTUK_JWT_SECRET``, or the one kept in the data folder in
    development), yet a cookie key that can never be used as a token key or the reverse.

    >>> session_secret("a" * 64) != session_secret("b" * 64)
    True
    """
    return hmac.new(jwt_key.encode(), b"boekstuk web session cookie", hashlib.sha256).hexdigest()


def create_web_app(settings: Settings, parent: FastAPI) -> FastAPI:
    """The web UI application, sharing ``parent``'s state."""
    web = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    for name in ("settings", "storage", "publisher", "key_cache", "jwt_key", "login_limit"):
        setattr(web.state, name, getattr(parent.state, name))
    web.add_middleware(SecurityHeaders, csp=_CSP)  # the pages' policy
    web.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(parent.state.jwt_key),
        session_cookie="boekstuk_session",
        max_age=12 * 3600,
        path=BASE,
        same_site="lax",
        https_only=settings.web_secure_cookie,
    )
    web.mount(
        "/static",
        StaticFiles(directory=str(Path(__file__).with_name("static"))),
        name="static",
    )
    for router in (
        auth_router,
        routes_documents.router,
        routes_review.router,
        routes_ledger.router,
    ):
        web.include_router(router)
    _install_handlers(web)
    return web


def _install_handlers(web: FastAPI) -> None:
    @web.exception_handler(SignInRequired)
    async def _sign_in(request: Request, _: SignInRequired) -> Response:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.headers.get("accept", "").startswith("application/json"):
            return Response(status_code=401)
        return RedirectResponse(f"{BASE}/login?next={quote(here)}", status_code=303)

    @web.exception_handler(BoekstukError)
    async def _ours(request: Request, exc: BoekstukError) -> HTMLResponse:
        status = STATUS_FOR_CODE.get(exc.code, 400)
        viewer = await run_in_threadpool(_viewer_or_none, request)
        return render(request, "error.html", viewer, status_code=status, message=exc.message)

    @web.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        message = "page_not_found" if exc.status_code == 404 else str(exc.detail)
        viewer = await run_in_threadpool(_viewer_or_none, request)
        return render(request, "error.html", viewer, status_code=exc.status_code, message=message)


def _viewer_or_none(request: Request) -> Viewer | None:
    """The signed-in person, for the menu on an error page (None when that fails too)."""
    if "session" not in request.scope:
        return None
    try:
        with session_factory(request.app.state.settings.database_url)() as session:
            return viewer_from_session(request, session)
    except Exception:
        logger.warning("no viewer for the error page", exc_info=True)
        return None


def mount_web(app: FastAPI, settings: Settings) -> None:
    """Serve the web UI under ``/app`` and send ``/`` there."""

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse(f"{BASE}/", status_code=307)

    @app.get(BASE, include_in_schema=False)
    def app_root() -> RedirectResponse:
        return RedirectResponse(f"{BASE}/", status_code=307)

    app.mount(BASE, create_web_app(settings, app), name="web")
