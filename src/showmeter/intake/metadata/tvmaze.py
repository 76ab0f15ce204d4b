"""TVmaze's public API (https://www.tvmaze.com/api): shows, AKAs, seasons and episodes.

No key is needed. The data is licensed CC BY-SA 4.0: whatever shows it credits TVmaze with a
link (:data:`CREDIT`). The API allows at least 20 calls every 10 seconds per IP address and
answers HTTP 429 beyond; :func:`open_tvmaze` builds a client that keeps to that and caches
every answer on disk.

Endpoints used, and the fields read from their documented shapes:

- ``GET /search/shows?q=NAME``: ``[{"score": 0.9, "show": SHOW}, ...]``, best first;
- ``GET /shows/ID``: ``SHOW``;
- ``GET /shows/ID/akas``: ``[{"name": "Dom z papieru", "country": {"code": "PL", ...}}, ...]``
  (``country`` is ``null`` for a worldwide AKA);
- ``GET /shows/ID/seasons``: ``[{"id", "number", "premiereDate", "network", "webChannel"}, ...]``;
- ``GET /shows/ID/episodes``: ``[{"season", "number", "name", "type", "runtime", "airdate",
  "airtime", "airstamp"}, ...]``; ``type`` is ``regular``, ``significant_special`` or
  ``insignificant_special`` (specials have no ``number``).

A ``SHOW`` has ``id``, ``name``, ``type``, ``language`` (``"English"``), ``premiered``
(``"2017-08-18"``), ``runtime`` and ``averageRuntime`` (minutes, or ``null``), and ``network``
(a broadcaster, with its ``country``) or ``webChannel`` (a streaming service, whose ``country``
is ``null`` when it is worldwide, as Netflix's is).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from showmeter.intake.metadata.client import (
    JsonClient,
    RateLimiter,
    ResponseCache,
    default_cache_dir,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

__all__ = [
    "CREDIT",
    "DEFAULT_URL",
    "ENV_URL",
    "Aka",
    "Channel",
    "EpisodeInfo",
    "SeasonInfo",
    "Show",
    "Tvmaze",
    "open_tvmaze",
]

DEFAULT_URL = "https://api.tvmaze.com"
"""The API's root."""
ENV_URL = "SHOWMETER_TVMAZE_URL"
"""The environment variable that replaces :data:`DEFAULT_URL` (as ``--tvmaze-url`` does)."""
CREDIT = "Data from TVmaze.com (https://www.tvmaze.com), licensed CC BY-SA 4.0."
"""The attribution TVmaze's licence asks for, shown wherever its data is."""
CALLS, PERIOD_S = 20, 10.0
"""TVmaze's rate limit: 20 calls every 10 seconds."""
REMEDY = (
    "Check the network connection (and HTTPS_PROXY, if one is needed), or point "
    "--tvmaze-url (or SHOWMETER_TVMAZE_URL) at a reachable TVmaze API. The lookup is opt-in: "
    "without --metadata tvmaze nothing is contacted, and answers already cached are reused "
    "offline."
)


@dataclass(frozen=True)
class Channel:
    """Where a show or a season airs: a network (TV) or a web channel (streaming)."""

    name: str
    country: str | None
    """ISO 3166-1 alpha-2 code; ``None`` for a worldwide web channel."""
    web: bool


@dataclass(frozen=True)
class Show:
    """A TVmaze show."""

    id: int
    name: str
    type: str | None
    language: str | None
    premiered: str | None
    channel: Channel | None
    runtime: int | None
    average_runtime: int | None

    @property
    def year(self) -> int | None:
        """The year of its premiere, if known."""
        return int(self.premiered[:4]) if self.premiered and self.premiered[:4].isdigit() else None

    def describe(self) -> str:
        """``12345 "Name" (2017, Netflix)``."""
        where = self.channel.name if self.channel else "no channel"
        return f'{self.id} "{self.name}" ({self.year or "?"}, {where})'


@dataclass(frozen=True)
class Aka:
    """Another name of a show, in a country (``None``: everywhere)."""

    name: str
    country: str | None


@dataclass(frozen=True)
class SeasonInfo:
    """A season: its number and where it premiered."""

    number: int
    channel: Channel | None
    premiere_date: str | None


@dataclass(frozen=True)
class EpisodeInfo:
    """An episode. ``number`` is ``None`` for a special."""

    season: int
    number: int | None
    name: str | None
    type: str
    runtime: int | None
    """Minutes."""
    airstamp: datetime | None
    """When it first aired (or was released), in UTC."""


class Tvmaze:
    """TVmaze's endpoints, answered as records.

    Args:
        client: The JSON client for TVmaze's root URL.
    """

    def __init__(self, client: JsonClient) -> None:
        self.client = client

    def search(self, name: str) -> list[Show]:
        """The shows a name finds, best first (``/search/shows``)."""
        answer = self.client.get("/search/shows", {"q": name})
        found = [_show(item.get("show")) for item in _list(answer) if isinstance(item, dict)]
        return [show for show in found if show is not None]

    def show(self, show_id: int) -> Show | None:
        """A show by its id, ``None`` when TVmaze has none (``/shows/ID``)."""
        return _show(self.client.get(f"/shows/{show_id}"))

    def akas(self, show_id: int) -> list[Aka]:
        """The show's other names (``/shows/ID/akas``)."""
        return [
            Aka(item["name"], _code(item.get("country")))
            for item in _list(self.client.get(f"/shows/{show_id}/akas"))
            if isinstance(item, dict) and isinstance(item.get("name"), str)
        ]

    def seasons(self, show_id: int) -> dict[int, SeasonInfo]:
        """The show's seasons by number (``/shows/ID/seasons``)."""
        seasons = {}
        for item in _list(self.client.get(f"/shows/{show_id}/seasons")):
            if isinstance(item, dict) and isinstance(item.get("number"), int):
                channel = _channel(item.get("network"), False) or _channel(
                    item.get("webChannel"), True
                )
                seasons[item["number"]] = SeasonInfo(
                    item["number"], channel, _text(item.get("premiereDate"))
                )
        return seasons

    def episodes(self, show_id: int) -> list[EpisodeInfo]:
        """The show's episodes, with any specials TVmaze lists (``/shows/ID/episodes``)."""
        episodes = []
        for item in _list(self.client.get(f"/shows/{show_id}/episodes")):
            if not isinstance(item, dict) or not isinstance(item.get("season"), int):
                continue
            number = item.get("number")
            episodes.append(
                EpisodeInfo(
                    season=item["season"],
                    number=number if isinstance(number, int) else None,
                    name=_text(item.get("name")),
                    type=_text(item.get("type")) or "regular",
                    runtime=_minutes(item.get("runtime")),
                    airstamp=_instant(item.get("airstamp")),
                )
            )
        return episodes


def open_tvmaze(
    base_url: str | None = None,
    *,
    cache_dir: Path | None = None,
    refresh: bool = False,
    clock: Callable[[], float] | None = None,
    sleep: Callable[[float], None] | None = None,
) -> Tvmaze:
    """A TVmaze client with its cache, its rate limit and retries.

    Args:
        base_url: The API's root; default ``$SHOWMETER_TVMAZE_URL``, else :data:`DEFAULT_URL`.
        cache_dir: Where answers are kept; default :func:`default_cache_dir` ``("tvmaze")``.
        refresh: Ask again for what the cache holds.
        clock: Monotonic seconds, for the rate limiter (tests pass a fake one).
        sleep: Waits, for the rate limiter and retries (tests pass a fake one).

    Returns:
        The client; close it with ``api.client.close()``.
    """
    import time

    url = base_url or os.environ.get(ENV_URL) or DEFAULT_URL
    wait = sleep or time.sleep
    limiter = RateLimiter(CALLS, PERIOD_S, clock=clock or time.monotonic, sleep=wait)
    cache = ResponseCache(cache_dir or default_cache_dir("tvmaze"), refresh=refresh)
    client = JsonClient(
        url, service="TVmaze", cache=cache, limiter=limiter, sleep=wait, remedy=REMEDY
    )
    return Tvmaze(client)


def _list(answer: Any) -> list[Any]:
    return answer if isinstance(answer, list) else []


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _minutes(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _code(country: Any) -> str | None:
    if isinstance(country, dict) and isinstance(country.get("code"), str):
        return str(country["code"]).upper()
    return None


def _channel(value: Any, web: bool) -> Channel | None:
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        return None
    return Channel(value["name"], _code(value.get("country")), web)


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        return None
    return instant.astimezone(UTC) if instant.tzinfo else None


def _show(value: Any) -> Show | None:
    if not isinstance(value, dict) or not isinstance(value.get("id"), int):
        return None
    name = _text(value.get("name"))
    if name is None:
        return None
    channel = _channel(value.get("network"), False) or _channel(value.get("webChannel"), True)
    return Show(
        id=value["id"],
        name=name,
        type=_text(value.get("type")),
        language=_text(value.get("language")),
        premiered=_text(value.get("premiered")),
        channel=channel,
        runtime=_minutes(value.get("runtime")),
        average_runtime=_minutes(value.get("averageRuntime")),
    )
