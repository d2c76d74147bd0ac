"""HTTP middleware: security headers on every answer, and a per-key upload rate limit.

The rate limit is a token bucket per API key and process: ``upload_burst`` uploads at once,
refilled at ``upload_rate_per_second``. Past it, ``POST /upload`` answers 429 with
``Retry-After``; the upload is not read, so nothing is half-stored.
"""

from __future__ import annotations

import hashlib
import threading
import time

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from boekstuk.api.errors import error_response

_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
_API_CSP = "default-src 'none'; frame-ancestors 'none'"


class SecurityHeaders:
    """Adds conservative security headers; JSON answers also get a locked-down CSP (pure ASGI).

    ``csp`` gives every other answer of this app a policy of its own (the web pages')."""

    def __init__(self, app: ASGIApp, csp: str | None = None) -> None:
        self.app = app
        self.csp = csp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _HEADERS.items():
                    headers.setdefault(name, value)
                if headers.get("content-type", "").startswith("application/json"):
                    headers.setdefault("Content-Security-Policy", _API_CSP)
                    headers.setdefault("Cache-Control", "no-store")
                elif self.csp:
                    headers.setdefault("Content-Security-Policy", self.csp)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class TokenBucket:
    """Thread-safe token buckets keyed by a string."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self._state: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Take a token; returns 0 when allowed, else the seconds until one is available."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._state.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._state[key] = (tokens - 1, now)
                return 0.0
            self._state[key] = (tokens, now)
            return (1 - tokens) / self.rate


class UploadRateLimit:
    """429 for ``POST /upload`` beyond the caller's bucket (pure ASGI; the body is not read)."""

    def __init__(self, app: ASGIApp, rate: float, burst: float) -> None:
        self.app = app
        self.buckets = TokenBucket(rate, burst)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"] == "/upload"
            and self.buckets.rate > 0
        ):
            headers = Headers(scope=scope)
            client = scope.get("client")
            who = headers.get("authorization") or (client[0] if client else "anonymous")
            wait = self.buckets.take(hashlib.sha256(who.encode()).hexdigest())
            if wait > 0:
                response = error_response(
                    429, "rate_limited", f"too many uploads; try again in {wait:.1f} s"
                )
                response.headers["Retry-After"] = str(max(1, round(wait)))
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
