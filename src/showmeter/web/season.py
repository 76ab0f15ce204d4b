"""A season's live launch page: the launch model's page under the chosen controls.

The controls (market, device, panel, window, and count or time for the audience) become the
page's viewing basis; the figures are the launch model's (:func:`showmeter.launch.plan.
plan_report`, the ones the report writes), each query computed through the registry by the
launch model's :class:`~showmeter.launch.runner.Runner` (cached), drawn by its views and charts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from showmeter.definitions.params import DEVICE_NAMES, window_days
from showmeter.errors import UsageError
from showmeter.schema import SeasonKey
from showmeter.web import household, storeinfo
from showmeter.web.problems import NotFound

if TYPE_CHECKING:
    from collections.abc import Hashable, Mapping

    from showmeter.launch.panels import FigureView
    from showmeter.launch.query import Progress, Query
    from showmeter.launch.records import Records
    from showmeter.launch.runner import Runner
    from showmeter.launch.scope import Figure, Scope
    from showmeter.web.storeinfo import Choice

__all__ = [
    "CONTROLS",
    "Controls",
    "SeasonPage",
    "build",
    "cached",
    "frame",
    "page_key",
    "parse_controls",
    "queries",
]

CONTROLS = ("market", "device", "panel", "window", "measure", "reference")
"""The query parameters of a season page."""

WINDOWS = (7, 14, 28, 30, 60, 91)
"""The windows offered (any other whole number of days is accepted in the URL)."""


@dataclass(frozen=True)
class Controls:
    """The choices of a season page.

    Attributes:
        market: Only sessions in this market (ISO code), and demand there; ``None``: all.
        device: Only sessions on this device; ``None``: all.
        panel: ``name:unit`` of a panel whose units and weights count; ``None``: every unit.
        window: Days from the launch for every figure with a ``window_days``; ``None``: each
            metric's own default.
        measure: ``count`` (units) or ``time`` (hours viewed) for the audience figures.
        reference: The season compared with (``None``: the demo's, or none).
    """

    market: str | None = None
    device: str | None = None
    panel: str | None = None
    window: int | None = None
    measure: str = "count"
    reference: SeasonKey | None = None

    def basis(self) -> dict[str, object]:
        """The viewing basis these choices give every viewing metric that takes it."""
        basis: dict[str, object] = {}
        if self.panel:
            name, _, unit = self.panel.rpartition(":")
            basis.update(panel=name, unit=unit)
        if self.device:
            basis["devices"] = self.device
        if self.market:
            basis["markets"] = self.market
        if self.window:
            basis["window_days"] = self.window
        return basis

    def query(self, **changes: object) -> str:
        """These choices as a query string (with some changed), for links and downloads."""
        values: dict[str, object] = {
            "market": self.market,
            "device": self.device,
            "panel": self.panel,
            "window": self.window,
            "measure": None if self.measure == "count" else self.measure,
            "reference": str(self.reference) if self.reference else None,
        }
        values.update(changes)
        pairs = [(k, str(v)) for k, v in values.items() if v is not None]
        return urlencode(pairs)


def _one(given: Mapping[str, list[str]], name: str) -> str | None:
    values = given.get(name, [])
    if len(values) > 1:
        raise UsageError(
            f"the control {name!r} is given {len(values)} times", remedy="Give it once."
        )
    value = values[0].strip() if values else ""
    return value or None


def _among(name: str, value: str | None, choices: list[str], what: str) -> str | None:
    if value is None or value.lower() == "all":
        return None
    if value not in choices:
        raise UsageError(
            f"no {what} {value!r} in the store",
            expected=", ".join(choices[:30]) or "none",
            remedy=f"Choose the {name} from the page's list, or leave it empty for all.",
        )
    return value


def parse_controls(runner: Runner, given: Mapping[str, list[str]]) -> Controls:
    """The controls of a season page from its query, each checked against the store.

    Args:
        runner: The store's runner.
        given: The query parameters (name → values).

    Returns:
        The controls.

    Raises:
        UsageError: An unknown control, or a value the store or the registry does not know.
    """
    unknown = sorted(set(given) - set(CONTROLS))
    if unknown:
        raise UsageError(
            f"unknown control {unknown[0]!r} for a season page",
            expected=", ".join(CONTROLS),
            remedy="Use the controls at the top of the page.",
        )
    market = _one(given, "market")
    market = _among(
        "market",
        market.upper() if market else None,
        [c.value for c in storeinfo.markets(runner)],
        "market",
    )
    device = _one(given, "device")
    device = _among("device", device.lower() if device else None, list(DEVICE_NAMES), "device")
    panel = _among(
        "panel", _one(given, "panel"), [c.value for c in storeinfo.panels(runner)], "panel"
    )
    window_text = _one(given, "window")
    window = None
    if window_text is not None:
        try:
            parsed = window_days(30).kind.parse(window_text)
            window = parsed if isinstance(parsed, int) else None
        except ValueError as error:
            raise UsageError(
                "bad window",
                expected=f"days from the launch: {error}",
                remedy="Choose a window from the page's list.",
            ) from None
    measure = (_one(given, "measure") or "count").lower()
    if measure not in ("count", "time"):
        raise UsageError("bad measure", expected="count or time", remedy="Choose count or time.")
    reference_text = _one(given, "reference")
    reference = None
    if reference_text is not None:
        from showmeter.definitions.params import SeasonRef

        try:
            reference = SeasonRef().parse(reference_text)
        except ValueError as error:
            raise UsageError("bad reference", expected=str(error)) from None
        if reference not in storeinfo.seasons(runner):
            raise UsageError(
                f"no season {reference} in the store", remedy="Choose one from the list."
            )
    return Controls(market, device, panel, window, measure, reference)


@dataclass
class SeasonPage:
    """A computed season page.

    Attributes:
        scope: The season, its reference and peers, and the basis of the controls.
        records: The store's records for the season.
        views: The figures' views, with their charts drawn (SVG).
        controls: The controls.
        small: Whether the season has few enough viewers for the household view.
        viewers: Accounts with sessions of the season (a record count).
    """

    scope: Scope
    records: Records
    views: list[FigureView]
    controls: Controls
    small: bool
    viewers: int
    market_choices: list[Choice] = field(default_factory=list)
    panel_choices: list[Choice] = field(default_factory=list)

    def view(self, key: str) -> FigureView:
        """The view of the figure ``key``.

        Raises:
            NotFound: The page has no such figure.
        """
        for found in self.views:
            if found.figure.key == key:
                return found
        raise NotFound(
            f"the season page has no figure {key!r}",
            remedy="Use the download links of the page.",
        )


def _scope(runner: Runner, key: SeasonKey, records: Records, controls: Controls) -> Scope:
    from showmeter.demo.scope import DEMO_SEASON, demo_scope
    from showmeter.launch.scope import Scope

    base = demo_scope() if records.simulated and key == DEMO_SEASON else Scope(key)
    reference = controls.reference if controls.reference is not None else base.reference
    if reference == key:
        reference = None
    demand = base.demand_market
    if controls.market:
        demand = controls.market if controls.market in storeinfo.demand_markets(runner) else "ALL"
    peers = tuple(p for p in base.peers if p not in (key, reference))
    return Scope(key, reference, peers, {**records.defaults, **controls.basis()}, demand)


def page_key(runner: Runner, key: SeasonKey, controls: Controls) -> Hashable:
    """The cache key of a season page under its controls, on the store's current version."""
    return ("season page", key, controls, runner.fingerprint)


def cached(runner: Runner, key: SeasonKey, controls: Controls) -> SeasonPage | None:
    """The season page if it is computed already (else None; nothing is computed)."""
    found = runner.memo.get(page_key(runner, key, controls))
    return found if isinstance(found, SeasonPage) else None


def frame(runner: Runner, key: SeasonKey, controls: Controls) -> SeasonPage:
    """The page without its figures: heading and controls, shown while they are computed.

    Only the store's records are read (a few lookups, cached), no metric is computed.
    """
    records = storeinfo.records(runner, key)
    scope = _scope(runner, key, records, controls)
    markets, panels = storeinfo.markets(runner), storeinfo.panels(runner)
    return SeasonPage(scope, records, [], controls, False, 0, markets, panels)


def build(
    runner: Runner, key: SeasonKey, controls: Controls, progress: Progress | None = None
) -> SeasonPage:
    """Compute a season page: every figure through the registry, every chart drawn.

    Args:
        runner: The store's runner.
        key: The season.
        controls: The controls.
        progress: Called as ``progress(done, total, metric)`` after each computation.

    Returns:
        The page (cached per season, controls and store).

    Raises:
        NotFound: No such season.
        UsageError: A control the registry refuses.
        QueryTimeout: A computation ran past the time limit.
    """
    storeinfo.season_facts(runner, key.title, key.season)

    def make() -> SeasonPage:
        return _build(runner, key, controls, progress)

    page = runner.memo.get_or_compute(page_key(runner, key, controls), make)
    assert isinstance(page, SeasonPage)
    return page


def queries(runner: Runner, key: SeasonKey, controls: Controls) -> list[Query]:
    """The computations of a season page under these controls (what :func:`build` computes).

    Args:
        runner: The store's runner.
        key: The season.
        controls: The controls.

    Returns:
        Every figure's queries, in the page's order.
    """
    records = storeinfo.records(runner, key)
    scope = _scope(runner, key, records, controls)
    small = storeinfo.viewers(runner, key) <= storeinfo.SMALL_STORE
    return [q for f in _figures(scope, records, controls, small) for q in f.queries.values()]


def _figures(scope: Scope, records: Records, controls: Controls, small: bool) -> list[Figure]:
    """The page's figures: the launch model's, with the household and time views."""
    from showmeter.launch.plan import plan_report
    from showmeter.web.season_views import time_figure

    figures = plan_report(scope, records)
    if small:  # a household's store: the episode × viewer grid leads the completion section
        at = next((i for i, f in enumerate(figures) if f.section == "completion"), len(figures))
        figures.insert(at, household.progress_figure(scope))
    if controls.measure == "time":
        at = next(i for i, f in enumerate(figures) if f.key == "daily_reach")
        figures = [f for f in figures if f.key not in ("daily_reach", "weekly_reach")]
        figures.insert(at, time_figure(scope))
    return figures


def _build(
    runner: Runner, key: SeasonKey, controls: Controls, progress: Progress | None
) -> SeasonPage:
    from showmeter.launch.display import Context
    from showmeter.web.season_views import made_views

    records = storeinfo.records(runner, key)
    scope = _scope(runner, key, records, controls)
    count = storeinfo.viewers(runner, key)
    small = count <= storeinfo.SMALL_STORE
    figures = _figures(scope, records, controls, small)
    views = made_views(runner, figures, Context(scope, records), progress)
    return SeasonPage(
        scope,
        records,
        views,
        controls,
        small,
        count,
        storeinfo.markets(runner),
        storeinfo.panels(runner),
    )
