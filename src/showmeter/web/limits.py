"""The dashboard's safety limits, and which addresses count as this machine."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

__all__ = ["LOOPBACK_NAMES", "Limits", "is_loopback"]

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
"""Host names that always mean this machine."""


@dataclass(frozen=True)
class Limits:
    """How much a request may ask of the dashboard.

    Attributes:
        query_timeout: Seconds one request may take, every step and the wait for a turn
            included, before it is cut off (HTTP 504).
        max_request_bytes: The largest request body accepted (HTTP 413 beyond).
        max_url_bytes: The longest path and query string accepted (HTTP 414 beyond).
        cache_entries: Results kept in memory (least recently used ones are dropped).
        computations: Requests that may compute at the same time.
        queue: Requests that may wait for a turn to compute; more are answered 503 with
            ``Retry-After``.
        memory_limit: DuckDB's memory limit for all the computations together (e.g. ``2GB``);
            ``None``: ``showmeter --memory-limit`` / ``$SHOWMETER_MEMORY_LIMIT``, else DuckDB's
            own (80 % of the machine's memory).
        progress_after: Seconds a browser waits for a season page not computed yet before
            it gets the page's frame with the progress of its figures
            (:mod:`showmeter.web.progress`).
    """

    query_timeout: float = 30.0
    max_request_bytes: int = 64 * 1024
    max_url_bytes: int = 8 * 1024
    cache_entries: int = 2048
    computations: int = 2
    queue: int = 8
    memory_limit: str | None = None
    progress_after: float = 0.5


def is_loopback(host: str) -> bool:
    """Whether an address or host name is this machine only (127.0.0.0/8, ::1, localhost).

    Args:
        host: An IP address or a host name, as given to ``--host``.

    Returns:
        True for a loopback address or ``localhost``; False otherwise (``0.0.0.0`` included).
    """
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
