"""A JSON-over-HTTP client for public metadata services: cache, rate limit, retries.

- **Cache**: every answer is kept on disk, one file per URL (the name is the URL's SHA-256), and
  reused without a call; ``refresh`` fetches again (and rewrites the file).
- **Rate limit**: a bucket of ``calls`` tokens; each call (a retry too) takes one, and a token
  comes back ``period`` seconds after it was taken. So no ``period``-second window ever holds
  more than ``calls`` calls (TVmaze: 20 calls every 10 s).
- **Retries**: on HTTP 429 and 5xx, up to ``retries`` times, after the answer's ``Retry-After``
  (seconds or an HTTP date) or else 1, 2, 4, 8... s.
- **Errors**: a service that cannot be reached, or that keeps failing, is a
  :class:`MetadataUnavailable` (exit status 1) naming the cause and the remedy.

The clock and ``sleep`` are injectable, so that tests run the limiter on a fake clock.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections import deque
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from showmeter._version import __version__
from showmeter.errors import UserError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "JsonClient",
    "MetadataUnavailable",
    "RateLimiter",
    "ResponseCache",
    "default_cache_dir",
]

MAX_WAIT_S = 120.0
"""The longest ``Retry-After`` honoured; a longer one stops the lookup with an error."""


class MetadataUnavailable(UserError, ConnectionError):
    """A metadata service cannot be reached or keeps failing (exit status 1)."""


def default_cache_dir(service: str) -> Path:
    r"""The platform's cache folder for a service's answers.

    Args:
        service: The service's name, the last folder (``tvmaze``).

    Returns:
        ``$XDG_CACHE_HOME/showmeter/SERVICE`` (default ``~/.cache/showmeter/SERVICE``) on
        Linux, ``~/Library/Caches/showmeter/SERVICE`` on macOS,
        ``%LOCALAPPDATA%\showmeter\Cache\SERVICE`` on Windows.
    """
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "showmeter" / "Cache" / service
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "showmeter" / service
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "showmeter" / service


class RateLimiter:
    """At most ``calls`` calls in any window of ``period`` seconds.

    A bucket of ``calls`` tokens: :meth:`acquire` takes one, waiting when none is left, and a
    token comes back ``period`` seconds after it was taken.

    Args:
        calls: Tokens in the bucket (calls per window).
        period: The window, in seconds.
        clock: Monotonic seconds (``time.monotonic``).
        sleep: Waits a number of seconds (``time.sleep``).
    """

    def __init__(
        self,
        calls: int = 20,
        period: float = 10.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.calls = calls
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._taken: deque[float] = deque()

    def acquire(self) -> None:
        """Take a token, waiting until one comes back when the bucket is empty."""
        while True:
            now = self._clock()
            while self._taken and self._taken[0] + self.period <= now:
                self._taken.popleft()
            if len(self._taken) < self.calls:
                self._taken.append(now)
                return
            self._sleep(self._taken[0] + self.period - now)


class ResponseCache:
    """Answers kept on disk, one JSON file per URL.

    Args:
        directory: The folder (created when first written); ``None`` keeps nothing.
        refresh: Ignore what is kept (and overwrite it with new answers).
    """

    def __init__(self, directory: Path | None, *, refresh: bool = False) -> None:
        self.directory = directory
        self.refresh = refresh

    def _path(self, url: str) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / f"{hashlib.sha256(url.encode()).hexdigest()}.json"

    def get(self, url: str) -> tuple[bool, Any]:
        """``(True, body)`` for a kept answer (``None`` for a kept 404), else ``(False, None)``."""
        path = self._path(url)
        if path is None or self.refresh or not path.is_file():
            return False, None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False, None  # a damaged entry is fetched again
        if not isinstance(entry, dict) or entry.get("url") != url:
            return False, None
        return True, entry.get("body")

    def put(self, url: str, body: Any) -> None:
        """Keep an answer (``None`` for a 404); a folder that cannot be written keeps nothing."""
        path = self._path(url)
        if path is None:
            return
        entry = {"url": url, "fetched": datetime.now(UTC).isoformat(), "body": body}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".part")
            partial.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            partial.replace(path)
        except OSError as error:
            raise MetadataUnavailable(
                f"cannot write the cache: {error.strerror or error}",
                file=str(path.parent),
                remedy="Give --cache a folder you can write to.",
            ) from error


class JsonClient:
    """GET JSON from one service, through the cache, the rate limiter and retries.

    Args:
        base_url: The service's root, e.g. ``https://api.tvmaze.com``.
        service: Its name for messages (``TVmaze``).
        cache: Where answers are kept.
        limiter: The rate limiter every call goes through.
        retries: Retries after an HTTP 429 or 5xx.
        timeout: Seconds to wait for a connection or an answer.
        sleep: Waits before a retry (``time.sleep``).
        remedy: What to do when the service cannot be reached.
    """

    def __init__(
        self,
        base_url: str,
        *,
        service: str,
        cache: ResponseCache,
        limiter: RateLimiter,
        retries: int = 4,
        timeout: float = 20.0,
        sleep: Callable[[float], None] = time.sleep,
        remedy: str = "",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.service = service
        self.cache = cache
        self.limiter = limiter
        self.retries = retries
        self.timeout = timeout
        self._sleep = sleep
        self._remedy = remedy
        self._http: Any = None
        self.calls = 0
        """Requests sent over the network (retries included)."""
        self.cache_hits = 0
        """Answers taken from the cache."""

    def url(self, path: str, params: dict[str, str] | None = None) -> str:
        """The full URL of a path and its query: the cache's key."""
        import httpx

        return str(httpx.URL(self.base_url + path, params=params or {}))

    def get(self, path: str, params: dict[str, str] | None = None) -> Any:
        """The JSON answer to ``GET path?params``; ``None`` when the service answers 404.

        Raises:
            MetadataUnavailable: The service cannot be reached, keeps answering 429 or 5xx,
                answers another error, or answers something that is not JSON.
        """
        url = self.url(path, params)
        kept, body = self.cache.get(url)
        if kept:
            self.cache_hits += 1
            return body
        body = self._fetch(url)
        self.cache.put(url, body)
        return body

    def close(self) -> None:
        """Close the connection pool."""
        if self._http is not None:
            self._http.close()
            self._http = None

    def _client(self) -> Any:
        import httpx

        if self._http is None:
            self._http = httpx.Client(
                timeout=self.timeout,
                headers={"User-Agent": f"showmeter/{__version__} (catalog enrich)"},
                follow_redirects=True,
            )
        return self._http

    def _fetch(self, url: str) -> Any:
        import httpx

        attempt = 0
        while True:
            self.limiter.acquire()
            self.calls += 1
            try:
                response = self._client().get(url)
            except httpx.TransportError as error:
                raise MetadataUnavailable(
                    f"cannot reach {self.service} at {self.base_url} "
                    f"({type(error).__name__}: {error})",
                    remedy=self._remedy,
                ) from error
            status = response.status_code
            if status == 404:
                return None
            if status == 429 or status >= 500:
                if attempt >= self.retries:
                    raise MetadataUnavailable(
                        f"{self.service} answered HTTP {status} to {url} "
                        f"{attempt + 1} times in a row",
                        remedy="Try again later; answers already received are cached and "
                        "are not asked for again.",
                    )
                wait = _retry_after(response.headers.get("Retry-After"), attempt)
                if wait > MAX_WAIT_S:
                    raise MetadataUnavailable(
                        f"{self.service} asks to wait {wait:.0f} s before the next call "
                        f"(HTTP {status}, Retry-After)",
                        remedy="Try again later; answers already received are cached.",
                    )
                self._sleep(wait)
                attempt += 1
                continue
            if status >= 400:
                raise MetadataUnavailable(
                    f"{self.service} answered HTTP {status} to {url}",
                    remedy="Check --tvmaze-url (or SHOWMETER_TVMAZE_URL) names the API's root.",
                )
            try:
                return response.json()
            except ValueError as error:
                raise MetadataUnavailable(
                    f"{self.service} answered {url} with something that is not JSON",
                    remedy="Check --tvmaze-url (or SHOWMETER_TVMAZE_URL) names the API's root.",
                ) from error


def _retry_after(header: str | None, attempt: int) -> float:
    """Seconds to wait: the ``Retry-After`` header (seconds or a date), else 2**attempt."""
    backoff = float(2**attempt)
    if not header:
        return backoff
    header = header.strip()
    if header.isdigit():
        return float(header)
    try:
        when = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return backoff
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
