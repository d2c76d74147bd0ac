"""Sign-in, sign-out and the language switch of the web UI.

In: the sign-in form (e-mail, password, CSRF token). Out: a session cookie holding the user's
id and workspace (signed by SessionMiddleware, HttpOnly, SameSite=Lax), a new CSRF token,
and a redirect. The password check is the accounts service's ``authenticate``; a wrong
e-mail or password gives one and the same message.
"""

from __future__ import annotations

import logging
import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from boekstuk.api.deps import Caller, SessionDep
from boekstuk.api.routes.auth import _throttle as throttle
from boekstuk.db.models import User, Workspace
from boekstuk.domain.accounts import Role, user_actor
from boekstuk.services.users import authenticate
from boekstuk.web.deps import BASE, CsrfDep, Viewer, flash, render
from boekstuk.web.i18n import LANGUAGES

logger = logging.getLogger(__name__)
router = APIRouter()


def safe_next(target: str | None) -> str:
    """Where to go after signing in: only a path inside the web UI (no open redirect).

    >>> safe_next("/app/documents?status=failed"), safe_next("//evil.example"), safe_next(None)
    ('/app/documents?status=failed', '/app/', '/app/')
    """
    if (
        target
        and target.startswith(BASE + "/")
        and not target.startswith("//")
        and not any(c in target for c in "\\\r\n")
    ):
        return target
    return BASE + "/"


def viewer_from_session(request: Request, session: Session) -> Viewer | None:
    """The signed-in user of this request, or None (also when the user was removed)."""
    raw = request.session.get("uid")
    if not isinstance(raw, str):
        return None
    try:
        user_id = uuid.UUID(raw)
    except ValueError:
        request.session.clear()
        return None
    user = session.get(User, user_id)
    if user is None or not user.is_active or str(user.workspace_id) != request.session.get("ws"):
        request.session.clear()
        return None
    workspace = session.get(Workspace, user.workspace_id)
    if workspace is None:
        request.session.clear()
        return None
    caller = Caller(workspace, Role(user.role), user_actor(user.email), user.id, user.email)
    viewer = Viewer(caller)
    session.commit()  # end the read: on SQLite an open transaction holds the write lock
    return viewer


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, session: SessionDep, next: str | None = None) -> Response:
    """The sign-in form (or straight on, when already signed in)."""
    if viewer_from_session(request, session) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", None, next=safe_next(next), email="")


@router.post("/login", response_class=HTMLResponse, dependencies=[CsrfDep])
def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = BASE + "/",
) -> Response:
    """Check the password; on success a fresh session (new CSRF token) and a redirect."""
    try:
        throttle(request, email.strip())  # the same limit as POST /auth/login
    except StarletteHTTPException:
        return render(
            request,
            "login.html",
            None,
            status_code=429,
            next=safe_next(next),
            email=email.strip(),
            error="login_throttled",
        )
    user = authenticate(session, email.strip(), password)
    if user is None:
        logger.info("web sign-in refused for %s", email.strip()[:80])
        return render(
            request,
            "login.html",
            None,
            status_code=400,
            next=safe_next(next),
            email=email.strip(),
            error="login_failed",
        )
    request.session.clear()  # a new session id for the signed-in person (no fixation)
    request.session.update({"uid": str(user.id), "ws": str(user.workspace_id)})
    session.commit()
    logger.info("web sign-in of user %s", user.id)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[CsrfDep])
def logout(request: Request) -> Response:
    """Forget the session and go back to the sign-in page."""
    request.session.clear()
    flash(request, "signed_out")
    return RedirectResponse(f"{BASE}/login", status_code=303)


@router.post("/lang", dependencies=[CsrfDep])
def switch_language(
    lang: Annotated[str, Form(max_length=5)],
    next: Annotated[str, Form(max_length=2000)] = BASE + "/",
) -> Response:
    """Remember the chosen language (a cookie for a year) and show the same page again."""
    response = RedirectResponse(safe_next(next), status_code=303)
    if lang in LANGUAGES:
        response.set_cookie(
            "lang", lang, max_age=365 * 24 * 3600, path=BASE, httponly=True, samesite="lax"
        )
    return response
