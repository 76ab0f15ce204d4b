"""Season pages computed in the background when ``showmeter serve`` starts, most wanted first.

A season page first visited costs its computations (seconds); visited again, it is answered
from the runner's cache. :class:`PageWarmer` computes pages at their default controls before
anyone asks, one at a time, in the order a visitor is likely to want them
(:func:`warm_order`): the featured season (the demo's The Defenders, on a simulated store;
else the latest launch), its reference and peers, then the other seasons from the latest
launch back. Each is a :class:`~showmeter.web.progress.Build` like a visitor's, so a browser
that opens a page being warmed watches its progress, and one opened later finds it computed.
On DuckDB each page's plan is also kept (:mod:`showmeter.engines.plans`), so another process
(the next ``serve``) replays it without building an expression.

Visitors come first: the warmer starts a page only when no request has been served for
:data:`QUIET` seconds and no visitor's page is being built. It stops when the dashboard shuts
down (the page it computes is cancelled at its next step, as a visitor's is).
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

    from showmeter.launch.runner import Runner
    from showmeter.schema import SeasonKey
    from showmeter.web.progress import Build, Builds
    from showmeter.web.season import Controls

__all__ = [
    "MARKETS",
    "QUIET",
    "Activity",
    "PageWarmer",
    "Watch",
    "featured",
    "first_changes",
    "variants",
    "warm_order",
    "warm_plan",
]

QUIET = 1.0
"""Seconds without a request after which the warmer computes its next page."""

MARKETS = 20
"""Markets under which the featured page is warmed at most (:func:`variants`)."""

_POLL = 0.1


class Activity:
    """The requests the dashboard is answering: how many, and when the last one ended."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.active = 0
        self.last = 0.0

    def begin(self) -> None:
        """A request starts."""
        with self._lock:
            self.active += 1

    def end(self) -> None:
        """A request has been answered."""
        with self._lock:
            self.active -= 1
            self.last = time.monotonic()

    def idle(self, quiet: float = QUIET) -> bool:
        """Whether no request runs and none ended within ``quiet`` seconds."""
        with self._lock:
            return self.active == 0 and time.monotonic() - self.last >= quiet


class Watch:
    """ASGI middleware counting the requests in :class:`Activity` (every HTTP request)."""

    def __init__(self, app: ASGIApp, activity: Activity) -> None:
        self.app = app
        self.activity = activity

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count an HTTP request while it is answered."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.activity.begin()
        try:
            await self.app(scope, receive, send)
        finally:
            self.activity.end()


def warm_order(runner: Runner, count: int) -> list[SeasonKey]:
    """The seasons whose default pages are warmed, most wanted first (at most ``count``).

    The featured seasons first (:func:`featured`), then every other season from the latest
    launch back (seasons without a launch last), ties by title and season.

    Args:
        runner: The store's runner.
        count: How many seasons at most.

    Returns:
        The seasons, in order.
    """
    import datetime as dt

    from showmeter.web import storeinfo

    if count <= 0:
        return []
    known = storeinfo.seasons(runner)
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)

    def launched(key: SeasonKey) -> dt.datetime:
        at = known[key].launch_at
        return oldest if at is None else at

    rest = sorted(known, key=lambda k: (k.title, k.season))
    rest.sort(key=launched, reverse=True)  # stable: ties stay in title and season order
    order = list(dict.fromkeys([*featured(runner), *rest]))
    return order[:count]


def featured(runner: Runner) -> list[SeasonKey]:
    """The featured season, then its reference and peers (those the store has).

    On a simulated store that has the demo's season: the demo's scope (The Defenders,
    Daredevil 2, the other Marvel seasons). Otherwise the season launched last, alone.
    """
    from showmeter.demo.scope import DEMO_SEASON, demo_scope
    from showmeter.web import storeinfo

    known = storeinfo.seasons(runner)
    if storeinfo.records(runner).simulated and DEMO_SEASON in known:
        scope = demo_scope()
        first = [scope.season, *([scope.reference] if scope.reference else []), *scope.peers]
        return [k for k in first if k in known]
    dated = [k for k, facts in known.items() if facts.launch_at is not None]
    if not dated:
        return list(known)[:1]
    return [max(dated, key=lambda k: (known[k].launch_at, k.title, k.season))]


def first_changes(runner: Runner) -> list[Controls]:
    """The first change of each control whose page is kept as a template of every value.

    A page under one market (device) keeps the plan of its template
    (:mod:`showmeter.engines.literals`): every other market (device) of the same page then
    replays it, building no expression. A market with demand signals and one without give
    pages of different figures (the demand shown is the market's, or every market's), so one
    of each is warmed, then the first device.

    Args:
        runner: The store's runner.

    Returns:
        The controls: a market with demand, one without (when the store has them), a device.
    """
    from showmeter.definitions.params import DEVICE_NAMES
    from showmeter.web import storeinfo
    from showmeter.web.season import Controls

    markets = _markets(runner)
    demand = storeinfo.demand_markets(runner)
    firsts = [
        next((m for m in markets if m in demand), None),
        next((m for m in markets if m not in demand), None),
    ]
    return [
        *(Controls(market=m) for m in firsts if m is not None),
        Controls(device=DEVICE_NAMES[0]),
    ]


def _markets(runner: Runner) -> list[str]:
    """The store's markets with sessions, those with demand signals first, in code order."""
    from showmeter.web import storeinfo

    codes = [m.value for m in storeinfo.markets(runner)]
    demand = storeinfo.demand_markets(runner)
    return [c for c in codes if c in demand] + [c for c in codes if c not in demand]


def variants(runner: Runner) -> list[Controls]:
    """The featured page's control changes warmed: first changes, windows, hours, markets.

    First the :func:`first_changes` (each keeps the template its control's other values
    replay), then each window, hours viewed, the other markets (those with demand signals
    first, then the others with sessions, in code order, :data:`MARKETS` at most in all: a
    store of every country's sessions would otherwise spend the warming on one season), and
    the other devices.
    """
    from showmeter.definitions.params import DEVICE_NAMES
    from showmeter.web.season import WINDOWS, Controls

    firsts = first_changes(runner)
    markets = _markets(runner)[:MARKETS]
    return [
        *firsts,
        *(Controls(window=w) for w in WINDOWS),
        Controls(measure="time"),
        *(c for c in (Controls(market=m) for m in markets) if c not in firsts),
        *(c for c in (Controls(device=d) for d in DEVICE_NAMES) if c not in firsts),
    ]


def warm_plan(runner: Runner, count: int) -> list[tuple[SeasonKey, Controls]]:
    """The pages warmed, in order (at most ``count``).

    The featured seasons' default pages (:func:`featured`); then the featured season's page
    under each of its :func:`variants`, so that a first change of its controls is answered
    from the cache; then every other season's default page (:func:`warm_order`).

    Args:
        runner: The store's runner.
        count: How many pages at most.

    Returns:
        The pages: (season, controls).
    """
    from showmeter.web import storeinfo
    from showmeter.web.season import Controls

    if count <= 0:
        return []
    seasons = warm_order(runner, len(storeinfo.seasons(runner)))
    first = featured(runner)
    pages = [(k, Controls()) for k in first]
    if first:
        pages += [(first[0], controls) for controls in variants(runner)]
    pages += [(k, Controls()) for k in seasons if k not in first]
    return pages[:count]


class PageWarmer:
    """Computes season pages at their default controls in a background thread.

    Args:
        runner: The store's runner (its caches keep the pages).
        builds: The dashboard's page builds (each page warmed is one).
        activity: The requests being answered (the warmer waits while there are any).
        count: How many pages to warm at most (:func:`warm_plan`).

    Attributes:
        warmed: The pages warmed so far (season, controls), in order (a page that failed
            is not in it).
        thread: The warming thread, once started.
    """

    def __init__(self, runner: Runner, builds: Builds, activity: Activity, count: int) -> None:
        self.runner = runner
        self.builds = builds
        self.activity = activity
        self.count = count
        self.warmed: list[tuple[SeasonKey, Controls]] = []
        self.thread: threading.Thread | None = None
        self._stop = threading.Event()

    def start(self) -> None:
        """Start warming (in a daemon thread)."""
        self.thread = threading.Thread(target=self._run, name="showmeter-pages", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Start no further page (the one being computed is cancelled by ``Builds.close``)."""
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        """Wait until every page is warmed or the warmer stopped (at most ``timeout`` s)."""
        if self.thread is not None:
            self.thread.join(timeout)

    def _run(self) -> None:
        import contextlib

        from showmeter.errors import ShowmeterError

        with contextlib.suppress(ShowmeterError):  # a store that cannot be read: no warming
            for key, controls in warm_plan(self.runner, self.count):
                if not self._wait_idle() or not self._warm(key, controls):
                    return

    def _wait_idle(self) -> bool:
        """Wait until no request runs and no visitor's page is built; False once stopped."""
        while not self._stop.is_set():
            if self.activity.idle() and self.builds.running() == 0:
                return True
            self._stop.wait(_POLL)
        return False

    def _warm(self, key: SeasonKey, controls: Controls) -> bool:
        """Compute one season's page as a build; False once stopped."""
        from showmeter.web import season as season_page

        page = season_page.page_key(self.runner, key, controls)
        if season_page.cached(self.runner, key, controls) is not None:
            self.warmed.append((key, controls))
            return True

        def run(build: Build) -> object:
            return season_page.build(self.runner, key, controls, build.step)

        build = self.builds.start(page, run)
        while not build.finished.wait(_POLL):
            if self._stop.is_set():
                return False
        if build.error is None:
            self.warmed.append((key, controls))
        else:  # not shown to a later visitor: the page computes anew when asked
            self.builds.take_failure(page)
        return not self._stop.is_set()
