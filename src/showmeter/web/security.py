"""The dashboard's guard: URL and body limits, the Host check, the token, security headers.

One ASGI middleware, outermost (and, inside it, :class:`Deadline`, which gives each request
its one time limit), so that nothing (pages, API, static files, the OpenAPI
description) is reached without passing it:

- a URL (path and query) longer than the limit is refused (414), a body larger than the limit
  too (413);
- a ``Host`` that is not a host name or address with an optional port (``user@host``,
  ``127.0.0.1:8765@evil.com``, spaces...) is refused (400), token or not;
- without a token, only requests addressed to this machine by name (``localhost``,
  ``127.0.0.1``, ``[::1]`` or the bound address) are served: a page of another site that
  resolves its own name to 127.0.0.1 (DNS rebinding) gets 400;
- with a token, every request needs it: ``Authorization: Bearer TOKEN``, the cookie set by a
  first visit with ``?token=TOKEN``, or that query parameter (removed before routing; a page
  is redirected to itself without it, so that the token leaves the address bar); tokens are
  compared in constant time;
- every answer carries a Content-Security-Policy that allows only the dashboard's own origin,
  and ``nosniff``, ``no-referrer`` and ``DENY`` framing.
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from html import escape
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

from showmeter.web.limits import LOOPBACK_NAMES, Limits

__all__ = ["COOKIE", "POLICY", "Deadline", "Guard"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
"""Only the dashboard's own scripts, styles and images; no inline script, no framing."""

HEADERS = (
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)

COOKIE = "showmeter_token"
"""The cookie that carries the token after a first visit with ``?token=``."""


HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?")
"""A Host header: a name, an IPv4 address or a bracketed IPv6 one, and an optional port
(RFC 9110 §7.2: no userinfo)."""


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Guard:
    """The middleware described in the module's docstring.

    Args:
        app: The application it guards.
        limits: The URL and body limits.
        token: The token every request must carry (``None``: no token).
        hosts: Host names the dashboard answers to (``None``: any, when a token is set).
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        limits: Limits,
        token: str | None = None,
        hosts: tuple[str, ...] | None = LOOPBACK_NAMES,
    ) -> None:
        self.app = app
        self.limits = limits
        self.token = token
        self.hosts = None if hosts is None else {_host_name(h) for h in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request, then pass it on with the security headers added."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = bytes(scope.get("raw_path") or scope["path"].encode())
        query = bytes(scope.get("query_string", b""))
        if len(path) + len(query) > self.limits.max_url_bytes:
            await _refuse(
                scope,
                send,
                414,
                f"the URL is longer than the limit of {self.limits.max_url_bytes} bytes",
                "Ask for less at once (fewer parameters or shorter values).",
            )
            return
        host = _header(scope, b"host")
        if host is not None and not HOST.fullmatch(host):
            await _refuse(
                scope,
                send,
                400,
                "the Host header is not a host name with an optional port",
                "Open the dashboard at http://127.0.0.1:PORT/ (an address carries no user@).",
            )
            return
        if self.hosts is not None and _host_name(host or "") not in self.hosts:
            await _refuse(
                scope,
                send,
                400,
                "this dashboard answers only requests addressed to this machine",
                "Open it at http://127.0.0.1:PORT/ or http://localhost:PORT/.",
            )
            return
        set_cookie = False
        if self.token is not None:
            given, from_query, rest = self._given_token(scope, query)
            if given is None or not hmac.compare_digest(given.encode(), self.token.encode()):
                await _refuse(
                    scope,
                    send,
                    401,
                    "this dashboard needs its token"
                    + (" (the one given is wrong)" if given else ""),
                    "Open it once with ?token=TOKEN (a cookie keeps it), or send "
                    "`Authorization: Bearer TOKEN`; the token is the one given to "
                    "`showmeter serve --token`.",
                )
                return
            if from_query:
                if scope.get("method") == "GET" and not scope["path"].startswith("/api/"):
                    await self._forget_token(scope, send, rest)  # out of the address bar
                    return
                scope = {**scope, "query_string": rest}
                set_cookie = True
        size = _header(scope, b"content-length")
        limit = self.limits.max_request_bytes
        if size is not None and (not size.isdigit() or int(size) > limit):
            await _too_large(scope, send, limit)
            return
        receive = _bounded(receive, limit)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), *HEADERS]
                if set_cookie:
                    cookie = f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"
                    headers.append((b"set-cookie", cookie.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except _TooLarge:  # a streamed body (no Content-Length) past the limit
            await _too_large(scope, send, limit)

    async def _forget_token(self, scope: Scope, send: Send, rest: bytes) -> None:
        """Redirect a page asked for with ``?token=`` to itself without it, setting the cookie."""
        from urllib.parse import quote

        location = quote(str(scope["path"])) + (("?" + rest.decode("latin-1")) if rest else "")
        cookie = f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"
        headers = [
            (b"location", location.encode("latin-1")),
            (b"set-cookie", cookie.encode()),
            (b"content-length", b"0"),
            *HEADERS,
        ]
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    def _given_token(self, scope: Scope, query: bytes) -> tuple[str | None, bool, bytes]:
        """The token given (header, cookie or query), whether from the query, the rest."""
        pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
        from_query = [value for key, value in pairs if key == "token"]
        rest = urlencode([(k, v) for k, v in pairs if k != "token"]).encode("latin-1")
        if from_query:
            return from_query[-1], True, rest
        authorization = _header(scope, b"authorization") or ""
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip(), False, query
        cookies: SimpleCookie = SimpleCookie()
        try:
            cookies.load(_header(scope, b"cookie") or "")
        except Exception:  # a malformed Cookie header counts as no cookie
            return None, False, query
        if COOKIE in cookies:
            return cookies[COOKIE].value, False, query
        return None, False, query


class Deadline:
    """Give each request one time limit for all it computes, from its arrival.

    Args:
        app: The application.
        runner: The runner, whose ``timeout`` is the limit
            (:func:`showmeter.launch.gate.within`).
    """

    def __init__(self, app: ASGIApp, *, runner: Any) -> None:
        self.app = app
        self.runner = runner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on within its deadline."""
        from showmeter.launch.gate import within

        with within(self.runner.timeout):
            await self.app(scope, receive, send)


class _TooLarge(Exception):
    """A streamed body went past the limit."""


def _bounded(receive: Receive, limit: int) -> Receive:
    """``receive``, raising :class:`_TooLarge` once the body passes ``limit`` bytes."""
    seen = 0

    async def bounded() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _TooLarge
        return message

    return bounded


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    """Refuse a request whose body is larger than ``limit`` bytes (413)."""
    await _refuse(
        scope,
        send,
        413,
        f"the request body is larger than the limit of {limit} bytes",
        "The dashboard takes GET requests with query parameters; send no body.",
    )


async def _refuse(scope: Scope, send: Send, status: int, cause: str, remedy: str) -> None:
    """Answer an error before routing: JSON for the API, a plain page otherwise."""
    path = str(scope.get("path", ""))
    accept = _header(scope, b"accept") or "text/html"
    if path.startswith("/api/") or path == "/openapi.json" or "text/html" not in accept:
        body = json.dumps({"error": cause, "expected": None, "remedy": remedy}).encode()
        kind = b"application/json"
    else:
        body = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>Error {status}</title></head><body><h1>Error {status}</h1>"
            f"<p>{escape(cause)}.</p><p>{escape(remedy)}</p></body></html>"
        ).encode()
        kind = b"text/html; charset=utf-8"
    headers = [
        (b"content-type", kind),
        (b"content-length", str(len(body)).encode()),
        *HEADERS,
    ]
    if status == 401:
        headers.append((b"www-authenticate", b'Bearer realm="showmeter"'))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
