"""From engagements to sessions: how far each viewer gets, and how each episode is watched.

For each engagement (a viewer starting a season):

- *episodes*: a binger finishes the season (``Behaviour.binge_finish``) or stops at a random
  episode; a regular viewer stops after episode 1 (``drop_after_first``) or goes on from
  episode to episode with chance ``keep_going``;
- *sittings*: an episode is watched in one session (to the credits: 93–100 % of its runtime),
  or in two (``resume_share``): a stop, then a resume hours later that completes it; the last
  episode of a viewer who gives up is left partial (5–60 %); some viewers watch one of their
  episodes again weeks later (``rewatch_share``);
- *timing*: bingers play episode after episode, a few minutes apart, some with one sleep break
  (``binge_sleep``); regular viewers play the next episode right away (``back_to_back``) or
  days later (``days_between``);
- *devices*: each session is on the viewer's own device with chance ``device_loyalty``, else on
  a device drawn from the population's mix.

Everything is vectorized over the engagements of a block: the expansions are ``np.repeat``
and the timelines are cumulative sums restarted at each engagement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter.simulate.clock import DAY_US, HOUR_US, SECOND_US
from showmeter.simulate.draws import keys
from showmeter.simulate.plan import DEVICES
from showmeter.simulate.starts import evening

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from showmeter.simulate.draws import Draws
    from showmeter.simulate.plan import Plan, PopulationPlan
    from showmeter.simulate.populations import UnitBlock
    from showmeter.simulate.starts import Engagements

__all__ = ["Sessions", "sessions"]

MINUTE_US = 60 * SECOND_US
SLOT_KEYS = 256
"""Slots an engagement may have at most: a slot's key is ``engagement key × SLOT_KEYS + slot``."""

# Purposes of the draws (distinct from those of showmeter.simulate.starts).
PARTWAY, FINISH, MORE, DROP, REWATCH, AGAIN, RESUME, LENGTH = range(20, 28)
WAIT, PAUSE, SITTING, SLEEPER, SLEEP_AT, STOP, LATER, STRAY, DEVICE = range(28, 37)
EVENING = 40  # and 41 (a normal draw takes two)


@dataclass(frozen=True)
class Sessions:
    """Sessions as arrays (one population, one or more blocks).

    Attributes:
        unit: Unit number within the population.
        profile: Profile number (0: none).
        season: Season index.
        episode: Episode number.
        started_at: Start instant, microseconds since the epoch.
        seconds: Seconds watched.
        position: Position at the end of the session, in seconds.
        device: Device index.
        market: Market index.
    """

    unit: npt.NDArray[np.int64]
    profile: npt.NDArray[np.int64]
    season: npt.NDArray[np.int64]
    episode: npt.NDArray[np.int64]
    started_at: npt.NDArray[np.int64]
    seconds: npt.NDArray[np.float64]
    position: npt.NDArray[np.float64]
    device: npt.NDArray[np.int64]
    market: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.unit)


def _positions(counts: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """For groups of the given sizes laid end to end, each item's position in its group."""
    import numpy as np

    starts = np.cumsum(counts) - counts
    positions: npt.NDArray[np.int64] = np.arange(int(counts.sum())) - np.repeat(starts, counts)
    return positions


def _episodes_watched(plan: Plan, draws: Draws, e: Engagements) -> npt.NDArray[np.int64]:
    import numpy as np

    behaviour = plan.world.behaviour
    total = plan.episodes[e.season]
    partway = 1 + (draws.uniform(PARTWAY, e.key) * np.maximum(total - 1, 1)).astype(np.int64)
    binge = np.where(draws.uniform(FINISH, e.key) < behaviour.binge_finish, total, partway)
    more = (draws.exponential(MORE, e.key) / -np.log(behaviour.keep_going)).astype(np.int64)
    regular = np.where(draws.uniform(DROP, e.key) < behaviour.drop_after_first, 1, 2 + more)
    watched: npt.NDArray[np.int64] = np.minimum(np.where(e.binger, binge, regular), total)
    return watched


def sessions(
    plan: Plan,
    population: PopulationPlan,
    block: UnitBlock,
    e: Engagements,
    draws: Draws,
) -> Sessions:
    """The sessions of a block's engagements, inside availability windows only.

    Args:
        plan: The world's arrays.
        population: The block's population.
        block: The block.
        e: Its engagements.
        draws: The block's draws.

    Returns:
        The sessions, engagement by engagement, in time order within each.
    """
    import numpy as np

    behaviour = plan.world.behaviour
    watched = _episodes_watched(plan, draws, e)
    finished = watched == plan.episodes[e.season]
    # Slots: the episodes watched in order, then maybe one rewatched episode.
    slots = watched + (draws.uniform(REWATCH, e.key) < behaviour.rewatch_share)
    slot_of = np.repeat(np.arange(len(e.season)), slots)
    slot_at = _positions(slots)
    slot_key = keys(e.key[slot_of], SLOT_KEYS, slot_at)
    upto = watched[slot_of]
    episode = slot_at + 1
    rewatched = np.flatnonzero(slot_at >= upto)
    again = draws.uniform(AGAIN, slot_key[rewatched])
    episode[rewatched] = 1 + (again * upto[rewatched]).astype(np.int64)
    season_of_slot = e.season[slot_of]
    runtime = plan.runtime[season_of_slot, episode - 1]
    binger = e.binger[slot_of]
    gave_up = np.flatnonzero((slot_at == upto - 1) & ~finished[slot_of])
    chance = behaviour.resume_share * (1.0 - binger * (2.0 / 3.0))
    resumed_mask = draws.uniform(RESUME, slot_key) < chance
    resumed_mask[gave_up] = False
    # Seconds and gaps per slot: to the credits, or a give-up; a gap before each slot.
    length = draws.uniform(LENGTH, slot_key)
    full = np.rint(runtime * (0.93 + 0.07 * length))
    full[gave_up] = np.rint(runtime[gave_up] * (0.05 + 0.55 * length[gave_up]))
    waits = draws.exponential(WAIT, slot_key)
    pause = draws.uniform(PAUSE, slot_key)
    gap = waits * (behaviour.days_between * DAY_US)
    sitting = draws.uniform(SITTING, slot_key) >= behaviour.back_to_back  # a later evening
    right_away = np.flatnonzero(~sitting)
    gap[right_away] = (1 + 14 * pause[right_away]) * MINUTE_US
    sitting[binger] = False
    sitting[rewatched] = True
    binging = np.flatnonzero(binger)
    gap[binging] = (0.5 + 7.5 * pause[binging]) * MINUTE_US
    gap[rewatched] = waits[rewatched] * (behaviour.rewatch_days * DAY_US)
    sleeper = e.binger & (draws.uniform(SLEEPER, e.key) < behaviour.binge_sleep)
    sleep_at = 1 + (draws.uniform(SLEEP_AT, e.key) * np.maximum(watched - 1, 1)).astype(np.int64)
    sleeps = np.flatnonzero(sleeper[slot_of] & (slot_at == sleep_at[slot_of]))
    gap[sleeps] = (6 + 4 * pause[sleeps]) * HOUR_US
    # Sessions: one per slot, two for a resumed episode (a stop, then the rest).
    parts = 1 + resumed_mask
    session_slot = np.repeat(np.arange(len(slot_of)), parts)
    resumed = np.flatnonzero(resumed_mask)
    second = (np.cumsum(parts) - 1)[resumed]
    seconds = full[session_slot]
    position = seconds.copy()
    stop = np.rint(runtime[resumed] * (0.02 + 0.73 * draws.uniform(STOP, slot_key[resumed])))
    seconds[second - 1] = stop
    position[second - 1] = stop
    seconds[second] = full[resumed] - stop
    gaps = gap[session_slot]
    later = draws.exponential(LATER, slot_key[resumed])
    gaps[second] = later * (behaviour.resume_hours * HOUR_US) + MINUTE_US
    # Timelines: each engagement's sessions one after the other, from its start.
    n = len(session_slot)
    is_second = np.zeros(n, dtype=bool)
    is_second[second] = True
    first = (slot_at == 0)[session_slot] & ~is_second
    step = gaps.astype(np.int64)
    step[1:] += seconds[:-1].astype(np.int64) * SECOND_US
    step[first] = 0
    elapsed = np.cumsum(step)
    owner = slot_of[session_slot]
    starts = np.flatnonzero(first)
    spans = np.diff(np.append(starts, n))
    started = e.start[owner] + elapsed - np.repeat(elapsed[starts], spans)
    viewer = e.viewer[owner]
    unit = block.viewer_unit[viewer]
    market = block.market[unit]
    # A later sitting starts in the evening of its day, and moves the sessions after it.
    moved = np.flatnonzero(sitting[session_slot] & ~first & ~is_second)
    shift = np.zeros(n, dtype=np.int64)
    own = slot_key[session_slot[moved]]
    shift[moved] = evening(plan, draws, EVENING, market[moved], started[moved], own)
    shift[moved] -= started[moved]
    shifted = np.cumsum(shift)
    started += shifted - np.repeat(shifted[starts], spans)
    started -= started % 1000  # milliseconds, as playback logs have them
    session_key = keys(slot_key[session_slot], 2, is_second.astype(np.int64))
    device = block.viewer_device[viewer]
    strays = np.flatnonzero(draws.uniform(STRAY, session_key) >= behaviour.device_loyalty)
    other = draws.uniform(DEVICE, session_key[strays])
    picked = np.searchsorted(population.device_cdf, other, side="right")
    device[strays] = np.minimum(picked, len(DEVICES) - 1)
    season = season_of_slot[session_slot]
    keep = plan.available(season, market, started)
    return Sessions(
        unit=(block.first + unit)[keep],
        profile=block.viewer_profile[viewer][keep],
        season=season[keep],
        episode=episode[session_slot][keep],
        started_at=started[keep],
        seconds=seconds[keep],
        position=position[keep],
        device=device[keep],
        market=market[keep],
    )
