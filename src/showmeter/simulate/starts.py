"""Who starts which season, and when: the engagements of a block of viewers.

An *engagement* is one viewer starting one season. For each season, the chance of a viewer
is the season's reach (or tail) in the viewer's market × the population's scale × the
viewer's affinity.

- In a fixed population (a panel), each season's starters are as many as their chances add
  up to (systematic rounding), picked by weighted sampling without replacement; its bingers
  are a quota too, and start weeks are assigned by stratified draws; every draw is keyed by
  viewer and season (:class:`~showmeter.simulate.draws.KeyedDraws`). So a small panel's
  figures follow the knobs closely and move smoothly when one knob moves.
- In an open population (the members), each viewer starts a Poisson number of seasons drawn
  by their chances, from a plain random stream: fast, for large counts.

Start times:

- a *binger* starts within hours of the launch (exponential delay);
- a *regular* starter of the launch phase starts in week *k* with a chance that decays by
  ``Audience.weekly_decay`` from week to week, at the same daily rate within the week, at an
  evening hour of the viewer's own zone;
- a *late* starter starts at a uniform time between the end of the launch phase and the
  horizon, also in the evening.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter.simulate.clock import DAY_US, HOUR_US
from showmeter.simulate.draws import keys

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from showmeter.simulate.draws import Draws
    from showmeter.simulate.plan import Plan, PopulationPlan
    from showmeter.simulate.populations import UnitBlock

__all__ = ["SEASON_KEYS", "Engagements", "engagements", "viewer_keys"]

SEASON_KEYS = 1 << 16
"""Seasons a world may have at most (an engagement's key: viewer key × SEASON_KEYS + season)."""

# Purposes of the draws (see showmeter.simulate.draws).
PICK, COUNT, EARLY, BINGE, QUOTA, WEEK, WITHIN, DELAY, LATE, EVENING = range(1, 11)

Picks = tuple[
    "npt.NDArray[np.int64]",
    "npt.NDArray[np.int64]",
    "npt.NDArray[np.bool_]",
    "npt.NDArray[np.float64]",
    "npt.NDArray[np.bool_]",
]
"""Viewer, season, early (launch phase), week draw and binger, per engagement."""


@dataclass(frozen=True)
class Engagements:
    """Viewers starting seasons.

    Attributes:
        viewer: Viewer index (within the block).
        season: Season index.
        start: Start instant (microseconds).
        binger: A launch-day binger.
        key: The engagement's key: its viewer's key × :data:`SEASON_KEYS` + its season.
    """

    viewer: npt.NDArray[np.int64]
    season: npt.NDArray[np.int64]
    start: npt.NDArray[np.int64]
    binger: npt.NDArray[np.bool_]
    key: npt.NDArray[np.uint64]


def viewer_keys(block: UnitBlock) -> npt.NDArray[np.uint64]:
    """A key per viewer of a block, unique in its population: unit number × 8 + profile."""
    return keys(block.first + block.viewer_unit, 8, block.viewer_profile)


def _pick(
    draws: Draws,
    slot: npt.NDArray[np.uint64],
    chance: npt.NDArray[np.float64],
    at: npt.NDArray[np.uint64],
) -> npt.NDArray[np.int64]:
    """Indices of viewers picked with the given chances, as many as they add up to."""
    import numpy as np

    count = int(np.floor(chance.sum() + draws.uniform(COUNT, slot)[0]))
    count = min(count, int(np.count_nonzero(chance)))
    if count == 0:
        return np.empty(0, dtype=np.int64)
    with np.errstate(divide="ignore"):
        order = draws.exponential(PICK, at) / chance
    picked = np.argpartition(order, count - 1)[:count] if count < len(chance) else np.arange(count)
    return np.sort(picked).astype(np.int64)


def _ranks(values: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """The rank of each value among them (0 for the smallest)."""
    import numpy as np

    ranks = np.empty(len(values), dtype=np.int64)
    ranks[np.argsort(values, kind="stable")] = np.arange(len(values))
    return ranks


def _exact(
    plan: Plan,
    draws: Draws,
    block: UnitBlock,
    seasons: npt.NDArray[np.int64],
    at: npt.NDArray[np.uint64],
    scale: npt.NDArray[np.float64],
    binge_scale: float,
) -> Picks:
    """Quota picks, season by season (arguments as :func:`_drawn`'s)."""
    import numpy as np

    market = block.market[block.viewer_unit]
    early = plan.reach[seasons][:, market] * scale[None, :]
    late = plan.tail[seasons][:, market] * scale[None, :]
    parts = []
    for row, season in enumerate(seasons):
        slot = keys(np.array([block.first]), SEASON_KEYS, int(season))
        chance = np.minimum(early[row] + late[row], 1.0)
        picked = _pick(draws, slot, chance, at + np.uint64(season))
        count = len(picked)
        if not count:
            continue
        own = at[picked] + np.uint64(season)
        share = early[row, picked] / np.maximum(early[row, picked] + late[row, picked], 1e-12)
        is_early = draws.uniform(EARLY, own) < share
        quota = is_early.sum() * min(plan.binge[season] * binge_scale, 1.0)
        quota += draws.uniform(QUOTA, slot)[0]
        eagerness = np.where(is_early, draws.uniform(BINGE, own), 2.0)
        binger = _ranks(eagerness) < int(np.floor(quota))
        week_draw = (_ranks(draws.uniform(WEEK, own)) + 0.5) / count
        parts.append((picked, np.full(count, season), is_early, week_draw, binger))
    if not parts:
        return _nothing()
    viewer, season_of, is_early, week_draw, binger = (
        np.concatenate(p) for p in zip(*parts, strict=True)
    )
    return viewer, season_of, is_early, week_draw, binger


def _drawn(
    plan: Plan,
    draws: Draws,
    block: UnitBlock,
    seasons: npt.NDArray[np.int64],
    at: npt.NDArray[np.uint64],
    scale: npt.NDArray[np.float64],
    binge_scale: float,
) -> Picks:
    """Independent draws: each viewer starts a Poisson number of seasons, drawn by chance.

    Args:
        plan: The world's arrays.
        draws: The block's draws.
        block: The block.
        seasons: The seasons the population watches.
        at: The viewers' keys × :data:`SEASON_KEYS`.
        scale: Multiplier of every chance, per viewer.
        binge_scale: Multiplier of the seasons' binge shares.

    Returns:
        Viewer, season, early, week draw and binger per engagement; a viewer who draws the
        same season twice starts it once.
    """
    import numpy as np

    market = block.market[block.viewer_unit]
    stacked = np.concatenate([plan.reach[seasons], plan.tail[seasons]])  # (season, phase) × market
    total = stacked.sum(axis=0)
    viewer = np.repeat(np.arange(len(market)), draws.poisson(total[market] * scale))
    kinds = len(stacked)
    cdf = np.cumsum(stacked, axis=0) / np.maximum(total, 1e-300)
    flat = (np.arange(cdf.shape[1])[:, None] + cdf.T).ravel()
    home = market[viewer]
    choice = np.searchsorted(flat, home + draws.uniform(PICK, at[viewer]), side="right")
    choice = np.clip(choice - home * kinds, 0, kinds - 1)
    row = choice % len(seasons)
    _, kept = np.unique(viewer * len(seasons) + row, return_index=True)
    viewer, row, is_early = viewer[kept], row[kept], choice[kept] < len(seasons)
    season = seasons[row]
    own = at[viewer] + season.astype(np.uint64)
    binger = is_early & (draws.uniform(BINGE, own) < plan.binge[season] * binge_scale)
    return viewer, season, is_early, draws.uniform(WEEK, own), binger


def _nothing() -> Picks:
    import numpy as np

    none = np.empty(0, dtype=np.int64)
    return none, none, np.empty(0, dtype=bool), np.empty(0), np.empty(0, dtype=bool)


def _launch_offsets(
    plan: Plan,
    draws: Draws,
    season: npt.NDArray[np.int64],
    week_draw: npt.NDArray[np.float64],
    binger: npt.NDArray[np.bool_],
    own: npt.NDArray[np.uint64],
) -> npt.NDArray[np.int64]:
    """Offsets from the launch (microseconds) of launch-phase starters of any seasons.

    Args:
        plan: The world's arrays.
        draws: The block's draws.
        season: Season index per starter.
        week_draw: A uniform draw per starter, turned into its start week.
        binger: Whether each starter is a launch-day binger.
        own: The starters' engagement keys.

    Returns:
        The offsets.
    """
    import numpy as np

    weeks = plan.week_cdf.shape[1]
    flat = (np.arange(len(plan.week_cdf))[:, None] + plan.week_cdf).ravel()
    week = np.searchsorted(flat, season + week_draw, side="right") - season * weeks
    week = np.clip(week, 0, weeks - 1)
    ratio = plan.week_decay[season, week]
    within = draws.uniform(WITHIN, own)
    rate = -np.log(np.maximum(ratio, 1e-9))
    even = np.abs(rate) < 1e-9
    fraction = np.where(
        even, within, -np.log1p(-within * (1.0 - ratio)) / np.where(even, 1.0, rate)
    )
    offset = ((week + fraction) * 7 * DAY_US).astype(np.int64)
    delay = draws.exponential(DELAY, own) * (plan.world.behaviour.binge_start_hours * HOUR_US)
    placed: npt.NDArray[np.int64] = np.where(binger, delay.astype(np.int64), offset)
    return placed


def evening(
    plan: Plan,
    draws: Draws,
    purpose: int,
    market: npt.NDArray[np.int64],
    at: npt.NDArray[np.int64],
    own: npt.NDArray[np.uint64],
) -> npt.NDArray[np.int64]:
    """The first evening instant from ``at`` on: an hour drawn around ``evening_hour``, local.

    Args:
        plan: The world's arrays.
        draws: The block's draws.
        purpose: The purpose of the hour's draw.
        market: Market index per instant.
        at: The instants (microseconds).
        own: The keys of the draws.

    Returns:
        The evening instants, none before ``at``.
    """
    import numpy as np

    behaviour = plan.world.behaviour
    offset = plan.offsets.offset(market, at)
    day = (at + offset) // DAY_US
    hour = (behaviour.evening_hour + behaviour.evening_spread * draws.normal(purpose, own)) % 24.0
    moved = day * DAY_US + (hour * HOUR_US).astype(np.int64) - offset
    later: npt.NDArray[np.int64] = np.where(moved < at, moved + DAY_US, moved)
    return later


def engagements(
    plan: Plan, population: PopulationPlan, block: UnitBlock, draws: Draws
) -> Engagements:
    """The seasons the viewers of a block start, and when.

    Args:
        plan: The world's arrays.
        population: The block's population.
        block: The block.
        draws: The block's draws (keyed for a fixed population, a stream for an open one).

    Returns:
        The engagements.
    """
    import numpy as np

    market = block.market[block.viewer_unit]
    scale = population.spec.reach_scale * block.viewer_affinity
    seasons = np.flatnonzero(population.watches)
    at = viewer_keys(block) * np.uint64(SEASON_KEYS)
    pick = _exact if population.spec.units is not None else _drawn
    viewer, season, is_early, week_draw, binger = pick(
        plan, draws, block, seasons, at, scale, population.spec.binge_scale
    )
    own = at[viewer] + season.astype(np.uint64)
    launch = plan.launch[season]
    start = launch + _launch_offsets(plan, draws, season, week_draw, binger, own)
    phase_end = plan.launch_phase_us()
    span = np.maximum(plan.horizon - launch - phase_end, 0)
    later = launch + phase_end + (draws.uniform(LATE, own) * span).astype(np.int64)
    start = np.where(is_early, start, later)
    regular = ~binger
    start[regular] = evening(
        plan, draws, EVENING, market[viewer[regular]], start[regular], own[regular]
    )
    return Engagements(viewer.astype(np.int64), season.astype(np.int64), start, binger, own)
