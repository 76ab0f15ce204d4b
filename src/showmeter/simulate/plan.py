"""A world compiled into arrays: one row per season, one column per market.

The generator draws from these arrays in bulk; nothing in the hot loop looks at the spec's
objects. Seasons are numbered in catalog order (``Plan.seasons``), markets in the world's
order, devices in :data:`DEVICES` order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter import schema
from showmeter.simulate.clock import HOUR_US, OffsetTable, micros, to_micros

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from showmeter.simulate.spec import PopulationSpec, SeasonSpec, World

__all__ = ["DEVICES", "NEVER", "Plan", "PopulationPlan"]

DEVICES = tuple(device for device in schema.DEVICES if device != schema.OTHER_DEVICE)
"""The devices sessions are generated on: every family of :data:`showmeter.schema.DEVICES`
but ``other``, in that order (tv, desktop, mobile, tablet, console)."""

NEVER = 2**62
"""An instant after every other (an open-ended window)."""

WEEK_US = 7 * 24 * HOUR_US


@dataclass(frozen=True)
class PopulationPlan:
    """A population as arrays.

    Attributes:
        index: Its position in the world's populations.
        spec: Its spec.
        market_p: Probability of each market for a unit.
        device_p: Probability of each device as a viewer's own device.
        watches: Per season, whether the population watches it at all.
        device_cdf: The cumulative of ``device_p``.
    """

    index: int
    spec: PopulationSpec
    market_p: npt.NDArray[np.float64]
    device_p: npt.NDArray[np.float64]
    watches: npt.NDArray[np.bool_]
    device_cdf: npt.NDArray[np.float64]


class Plan:
    """The arrays of a world that the generator draws from.

    Args:
        world: The world.

    Attributes:
        world: The world.
        seasons: ``(title, season)`` per season index.
        episodes: Episodes per season.
        runtime: Runtime in seconds, ``(seasons, max episodes)``; 0 past the last episode.
        launch: Launch instant per season (microseconds).
        reach: Launch-phase reach per season and market.
        tail: Late-start share per season and market.
        binge: Launch-day binge share per season.
        week_cdf: Cumulative chance of starting in week 1..W of the launch phase, per season.
        week_decay: Daily decay within each week, as the week's ratio, per season and week.
        window_start: Availability window starts, ``(seasons, markets, windows)``.
        window_end: Their exclusive ends (``NEVER`` when open, also for unused slots' starts).
        offsets: UTC offsets of every market, day by day.
        horizon: No session starts at or after this instant (microseconds).
        populations: The populations, in the world's order.
    """

    def __init__(self, world: World) -> None:
        import numpy as np

        self.world = world
        specs = [(t.title, s) for t in world.titles for s in t.seasons]
        self.seasons = [(title, season.season) for title, season in specs]
        self.title_of = [title for title, _ in specs]
        count, markets = len(specs), len(world.markets)
        self.market_codes = [m.market for m in world.markets]
        self.episodes = np.array([len(s.runtimes) for _, s in specs], dtype=np.int64)
        self.runtime = np.zeros((count, int(self.episodes.max())), dtype=np.float64)
        for row, (_, season) in enumerate(specs):
            self.runtime[row, : len(season.runtimes)] = season.runtimes
        self.launch = np.array([micros(s.launch) for _, s in specs], dtype=np.int64)
        self.horizon = micros(world.horizon)
        weeks = world.behaviour.launch_weeks
        self.binge = np.array([s.audience.binge_share for _, s in specs], dtype=np.float64)
        self.reach = np.zeros((count, markets), dtype=np.float64)
        self.tail = np.zeros((count, markets), dtype=np.float64)
        self.week_cdf = np.zeros((count, weeks), dtype=np.float64)
        self.week_decay = np.ones((count, weeks), dtype=np.float64)
        for row, (_, season) in enumerate(specs):
            audience = season.audience
            bias = np.array([audience.markets.get(code, 1.0) for code in self.market_codes])
            self.reach[row] = audience.reach * bias
            self.tail[row] = audience.tail * bias
            decay = [
                audience.weekly_decay[min(k, len(audience.weekly_decay) - 1)] for k in range(weeks)
            ]
            weights = np.cumprod([1.0, *decay[:-1]])
            self.week_cdf[row] = np.cumsum(weights) / weights.sum()
            self.week_decay[row] = decay
        self._windows(specs)
        zones = [m.tz for m in world.markets]
        first = min(s.launch for _, s in specs)
        self.offsets = OffsetTable(zones, first, world.horizon)
        self.populations = [self._population(i, p) for i, p in enumerate(world.populations)]

    def _windows(self, specs: list[tuple[str, SeasonSpec]]) -> None:
        import numpy as np

        slots = max(1, max(len(s.availability) for _, s in specs))
        shape = (len(specs), len(self.market_codes), slots)
        self.window_start = np.full(shape, NEVER, dtype=np.int64)
        self.window_end = np.full(shape, NEVER, dtype=np.int64)
        for row, (_, season) in enumerate(specs):
            launch = micros(season.launch)
            for col, market in enumerate(self.world.markets):
                if not season.availability:
                    self.window_start[row, col, 0] = launch
                    continue
                for slot, window in enumerate(season.availability):
                    if window.markets != "*" and market.market not in window.markets:
                        continue
                    self.window_start[row, col, slot] = max(
                        launch, to_micros(window.start, market.tz)
                    )
                    if window.until is not None:
                        self.window_end[row, col, slot] = to_micros(window.until, market.tz)

    def _population(self, index: int, spec: PopulationSpec) -> PopulationPlan:
        import numpy as np

        shares = spec.markets or {m.market: m.share for m in self.world.markets}
        market_p = np.array([shares.get(code, 0.0) for code in self.market_codes])
        device_p = np.array([spec.devices.get(device, 0.0) for device in DEVICES])
        titles = None if spec.titles is None else set(spec.titles)
        watches = np.array([titles is None or t in titles for t in self.title_of], dtype=bool)
        device_p = device_p / device_p.sum()
        return PopulationPlan(
            index, spec, market_p / market_p.sum(), device_p, watches, np.cumsum(device_p)
        )

    def available(
        self,
        season: npt.NDArray[np.int64],
        market: npt.NDArray[np.int64],
        at: npt.NDArray[np.int64],
    ) -> npt.NDArray[np.bool_]:
        """Whether each session may start then: inside a window of its season and market.

        Args:
            season: Season index per row.
            market: Market index per row.
            at: Start instant per row (microseconds).

        Returns:
            True where the instant lies in an availability window and before the horizon.
        """
        starts = self.window_start[season, market]
        ends = self.window_end[season, market]
        inside = (at[:, None] >= starts) & (at[:, None] < ends)
        ok: npt.NDArray[np.bool_] = inside.any(axis=1) & (at < self.horizon)
        return ok

    def launch_phase_us(self) -> int:
        """The length of the launch phase, in microseconds."""
        return self.world.behaviour.launch_weeks * WEEK_US
