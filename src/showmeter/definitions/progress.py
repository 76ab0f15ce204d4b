"""Progress: each unit's way through a season, episode by episode.

The rows behind the completion family's counts, one per unit and episode: small stores (a
household's Netflix export, a Jellyfin server) show them as an episode × viewer grid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.definitions.completion import COMMON, NETFLIX_2019, completions
from showmeter.definitions.params import Params, window_days
from showmeter.definitions.preaggregates import progress
from showmeter.definitions.registry import metric
from showmeter.definitions.windows import HOUR_US, Scope, attach, sessions

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from showmeter.definitions.tables import CanonicalTables

__all__ = ["episode_progress"]


@metric(
    name="episode_progress",
    family="completion",
    summary="per unit and episode: its seconds within window_days as a share of the runtime, "
    "and the hours from L to its completion",
    source=NETFLIX_2019 + " (the per-unit rows behind episode_funnel)",
    unit="share of the episode's runtime",
    rows=("title", "season", "unit_id", "episode"),
    columns=("value", "seconds", "completed_hours"),
    params=(*COMMON, window_days(28)),
)
def episode_progress(t: CanonicalTables, p: Params) -> ir.Table:
    """Episode progress: how far each unit got into each episode it viewed.

    ``seconds`` is the unit's seconds of the episode in its sessions of [L, L + window_days),
    L being the launch in the unit's market; ``value`` is ``seconds`` / the episode's runtime
    (above 1 after a rewatch). ``completed_hours`` is the time from L to the end of the session
    that completed the episode (as in ``episode_funnel``), when that is within the window, else
    null. Only the (unit, episode) pairs with a session in the window have a row; panel
    weights do not apply (each row is one unit).
    """
    scope = Scope.of(p)
    hours = 24 * p.integer("window_days")
    keys = [*scope.keys, "unit_id", "episode"]
    kept = progress(t, scope, p.number("completion"), hours, seconds=True)
    if kept is not None:  # the store's per-unit progress: one row per unit and episode
        counted, done = kept
        seconds = counted.select(*keys, seconds=counted.seconds_watched)
    else:
        counted = sessions(t, scope, hours=hours, per_unit=True)
        seconds = counted.group_by(keys).agg(seconds=counted.seconds_watched.sum())
        done = completions(t, counted, p.number("completion"))
        done = done.filter(done.completed_us < hours * HOUR_US)
    episodes = t.episodes.select("title", "season", "episode", "runtime_s")
    seconds = seconds.join(episodes, ["title", "season", "episode"])
    viewed = seconds.select(*keys, value=seconds.seconds / seconds.runtime_s, seconds="seconds")
    completed = done.select(*keys, completed_hours=done.completed_us / HOUR_US)
    return attach(viewed, completed, keys)
