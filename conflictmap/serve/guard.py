"""What every request to the review app must pass: host, origin, token, CSRF, size.

The app binds to the loopback interface by default; :class:`Guard` (an ASGI
middleware) refuses, before any route runs:

* a ``Host`` header other than the address the app serves (DNS rebinding);
* when the app has an access token (``--token``, required off loopback): a
  request carrying neither the token (``?token=`` once, then a ``SameSite=Strict``
  cookie) nor ``Authorization: Bearer <token>``;
* a state-changing request (any method but GET/HEAD) whose ``Origin`` is not the
  app's own, or that lacks the page's CSRF token in ``X-CSRF-Token``;
* a request body over :data:`MAX_BODY` bytes (counted as it streams, not trusted
  from ``Content-Length``).

Examples
--------
>>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("localhost")
(True, True, True)
>>> is_loopback("0.0.0.0"), is_loopback("192.168.1.4")
(False, False)
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qs

__all__ = [
    "COOKIE",
    "CSP",
    "MAX_BODY",
    "SECURITY_HEADERS",
    "BodyTooLarge",
    "Guard",
    "GuardConfig",
    "is_loopback",
]

#: the largest request body the app reads (an article is pasted as JSON; the CLI's
#: default article limit is 50 MB, but a browser paste of more than a few MB is a
#: mistake or an attack)
MAX_BODY = 8 * 1024**2
#: the cookie holding the access token once the browser has shown it
COOKIE = "conflictmap_token"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_SAFE_METHODS = frozenset({"GET", "HEAD"})

#: Sent with every response. The page runs only the app's own scripts (no inline
#: script, no eval), loads nothing from elsewhere, and cannot be framed.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


def is_loopback(host: str) -> bool:
    """True for an address (or ``localhost``) that only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True, kw_only=True)
class GuardConfig:
    """What the guard checks against."""

    #: ``host:port`` values the ``Host`` header may hold
    hosts: frozenset[str]
    #: origins (``http://host:port``) allowed to change state
    origins: frozenset[str]
    #: the CSRF token the page carries
    csrf: str
    #: the access token (``None``: none needed, loopback only)
    token: str | None = None
    max_body: int = MAX_BODY


class Guard:
    """ASGI middleware refusing requests that fail :class:`GuardConfig`'s checks."""

    def __init__(self, app: ASGIApp, config: GuardConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await _refuse(send, *refusal)
            return
        length = headers.get("content-length", "0")
        if not length.isdigit() or int(length) > self.config.max_body:
            await _refuse(send, 413, "the request body is too large")
            return
        await self.app(scope, self._counted(receive), self._decorated(scope, send))

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        config = self.config
        if headers.get("host", "") not in config.hosts:
            return 421, "this app answers only on its own address"
        if config.token is not None and not self._has_token(scope, headers):
            return 401, "open the app with the URL it printed (with its token)"
        if scope["method"] in _SAFE_METHODS:
            return None
        if headers.get("origin") not in config.origins:
            return 403, "refused: the request does not come from the app's own page"
        if not hmac.compare_digest(headers.get("x-csrf-token", ""), config.csrf):
            return 403, "refused: the request lacks the page's CSRF token"
        return None

    def _has_token(self, scope: Scope, headers: dict[str, str]) -> bool:
        token = self.config.token or ""
        given = [parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]]
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except CookieError:
            cookie = SimpleCookie()
        if COOKIE in cookie:
            given.append(cookie[COOKIE].value)
        bearer = headers.get("authorization", "")
        if bearer.startswith("Bearer "):
            given.append(bearer[7:])
        return any(hmac.compare_digest(g.encode(), token.encode()) for g in given if g)

    def _counted(self, receive: Receive) -> Receive:
        seen = 0
        limit = self.config.max_body

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge
            return message

        return counted

    def _decorated(self, scope: Scope, send: Send) -> Send:
        """``send`` adding the security headers (and the token cookie, once shown)."""
        extra = list(SECURITY_HEADERS)
        token = self.config.token
        if token is not None and b"token=" in scope.get("query_string", b""):
            cookie = f"{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"
            extra.append((b"set-cookie", cookie.encode("latin-1")))

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        return sending


class BodyTooLarge(Exception):
    """A request body grew past the limit while it streamed in."""


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
