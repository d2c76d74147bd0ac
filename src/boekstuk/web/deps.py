"""What every web route needs: the signed-in person, CSRF checks, and page rendering.

The session (a signed, HttpOnly, SameSite=Lax cookie from Starlette's SessionMiddleware)
holds the user's id, workspace and role, a CSRF token and one-shot flash messages.
:func:`get_viewer` raises :class:`SignInRequired` (the app turns it into a redirect to the
sign-in page) when nobody is signed in; :func:`check_csrf` raises :class:`CsrfError` (403)
when a POST lacks the session's token, in the form field ``csrf`` or the header
``X-CSRF-Token``.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from boekstuk.api.deps import Caller, SessionDep
from boekstuk.db.models import Workspace
from boekstuk.domain.accounts import Permission, can
from boekstuk.domain.errors import BoekstukError, ErrorCode
from boekstuk.services import audit
from boekstuk.web.i18n import pick_language, translate

BASE = "/app"
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))


class SignInRequired(Exception):
    """Nobody is signed in (the app answers with a redirect to the sign-in page)."""


class CsrfError(BoekstukError):
    """A form came without the session's CSRF token."""

    def __init__(self) -> None:
        super().__init__("the form has expired; reload the page and try again", ErrorCode.FORBIDDEN)


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in person: the API's :class:`Caller` (workspace, role, audit name)."""

    caller: Caller

    @property
    def workspace(self) -> Workspace:
        """The person's workspace."""
        return self.caller.workspace

    @property
    def user_id(self) -> uuid.UUID | None:
        """The user's id."""
        return self.caller.user_id

    @property
    def email(self) -> str:
        """The user's e-mail address."""
        return self.caller.email or ""

    @property
    def role(self) -> str:
        """``admin``, ``reviewer`` or ``uploader``."""
        return self.caller.role.value

    def can(self, permission: Permission) -> bool:
        """True when the person's role grants ``permission``."""
        return can(self.caller.role, permission)

    @property
    def can_edit(self) -> bool:
        """True when the person may decide: correct, match, merge (not only upload and look)."""
        return self.can(Permission.DECIDE)


def language(request: Request) -> str:
    """The page language: the switch's cookie, else the browser's preference."""
    return pick_language(request.cookies.get("lang"), request.headers.get("accept-language"))


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use)."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or len(token) < 20:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def check_csrf(request: Request) -> None:
    """Refuse a state-changing request without the session's token."""
    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get("csrf")
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not secrets.compare_digest(str(expected), sent):
        raise CsrfError()


CsrfDep = Depends(check_csrf)


def get_viewer(request: Request, session: SessionDep) -> Viewer:
    """The signed-in person; :class:`SignInRequired` when there is none (or no longer)."""
    from boekstuk.web.auth import viewer_from_session

    viewer = viewer_from_session(request, session)
    if viewer is None:
        raise SignInRequired()
    return viewer


ViewerDep = Annotated[Viewer, Depends(get_viewer)]


def _require(permission: Permission) -> Callable[[Viewer], Viewer]:
    def check(viewer: ViewerDep) -> Viewer:
        if not viewer.can(permission):
            raise BoekstukError(
                f"the role {viewer.role!r} may not do this ({permission.value})",
                ErrorCode.FORBIDDEN,
            )
        return viewer

    return check


EditorDep = Annotated[Viewer, Depends(_require(Permission.DECIDE))]
UploaderDep = Annotated[Viewer, Depends(_require(Permission.UPLOAD))]


def record(
    session: Session,
    viewer: Viewer,
    action: str,
    resource_type: str,
    resource_id: uuid.UUID,
    details: dict[str, Any] | None = None,
) -> None:
    """Append the person's action to the audit log (in the caller's transaction)."""
    audit.record(
        session,
        viewer.workspace.id,
        viewer.caller.actor,
        action,
        resource_type,
        resource_id,
        details,
    )


def flash(request: Request, key: str, kind: str = "ok", **values: object) -> None:
    """Show a message (a catalogue key) on the next page."""
    item = {"key": key, "kind": kind, "values": {k: str(v) for k, v in values.items()}}
    # assign, not append: the session notices only top-level changes
    request.session["flash"] = [*request.session.get("flash", []), item][-5:]


def money(lang: str, value: Decimal | str | None, currency: str = "EUR") -> str:
    """An amount as a bookkeeper reads it: ``€ 1.234,56`` (nl) or ``€1,234.56`` (en).

    >>> money("nl", Decimal("-1234.5")), money("en", "-1234.56"), money("en", "5", "USD")
    ('€ -1.234,50', '-€1,234.56', 'USD 5.00')
    """
    if value is None or value == "":
        return "—"
    amount = Decimal(str(value))
    symbol = {"EUR": "€"}.get(currency, currency)
    if lang == "nl":
        text = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
        return f"{symbol} {text}"
    sign = "-" if amount < 0 else ""
    gap = "" if symbol == "€" else " "
    return f"{sign}{symbol}{gap}{abs(amount):,.2f}"


def day(lang: str, value: date | datetime | str | None) -> str:
    """A date as people write it: ``15-01-2026`` (nl) or ``2026-01-15`` (en)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            parsed = date.fromisoformat(value[:10])
        except ValueError:
            return value
        value = parsed
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M" if lang == "nl" else "%Y-%m-%d %H:%M")
    return value.strftime("%d-%m-%Y" if lang == "nl" else "%Y-%m-%d")


def render(
    request: Request,
    template: str,
    viewer: Viewer | None,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render a page with the layout's context: language, texts, CSRF token, flashes."""
    lang = language(request)
    flashes = request.session.pop("flash", []) if "flash" in request.session else []
    context.update(
        request=request,
        viewer=viewer,
        lang=lang,
        base=BASE,
        csrf=csrf_token(request),
        flashes=flashes,
        t=lambda key, **values: translate(lang, key, **values),
        money=lambda value, currency="EUR": money(lang, value, currency),
        day=lambda value: day(lang, value),
    )
    response = TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response
