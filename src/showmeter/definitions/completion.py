"""Completion: who finished episodes and seasons, and how fast — funnel, completers, binge racers.

These are figures with one value per unit, so L is the launch in the unit's market: the market
of its first session of the season from the launch on (or the global launch with
``anchor=global``); only the unit's sessions in [L, L + window) count.

When a unit **completes** an episode, within a window, is
:mod:`~showmeter.definitions.completed`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.definitions.completed import (  # completions: imported from here too
    all_episodes,
    completed_within,
    completions,
)
from showmeter.definitions.exact_sums import weight_sum
from showmeter.definitions.params import (
    ANCHOR,
    BY_MARKET,
    COMPLETION,
    DEVICES,
    MARKETS,
    MIN_SECONDS,
    PANEL,
    UNIT,
    Integer,
    Integers,
    Number,
    Param,
    Params,
    window_days,
)
from showmeter.definitions.registry import metric
from showmeter.definitions.windows import (
    HOUR_US,
    Scope,
    attach,
    count_units,
    offset_us,
    season_rows,
    viewers,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    import ibis.expr.types as ir

    from showmeter.definitions.tables import CanonicalTables

__all__ = [
    "binge_race",
    "binge_racers",
    "completers",
    "completions",
    "episode_funnel",
    "time_to_complete",
]

NETFLIX_2019 = (
    "docs/sources.md §2 (Netflix 2019 starters / completers: 90 % of an episode or "
    "season, first 7 or 28 days); docs/contracts.md"
)
COMMON = (UNIT, PANEL, DEVICES, MARKETS, BY_MARKET, ANCHOR, COMPLETION)


@metric(
    name="episode_funnel",
    version=2,  # 2: simultaneous sessions shortest first (was: by row_id)
    family="completion",
    season_alone=True,
    summary="per episode: units that complete it within window_days; started = units that view it",
    source=NETFLIX_2019,
    unit="units (Σ weight)",
    rows=("title", "season", "episode"),
    columns=("value", "started"),
    params=(*COMMON, MIN_SECONDS, window_days(28)),
)
def episode_funnel(t: CanonicalTables, p: Params) -> ir.Table:
    """Episode funnel: Σ weight of the units that complete each episode within window_days.

    ``started`` is the Σ weight of the units that view the episode: its seconds summed over
    the unit's sessions in the window reach ``min_seconds``. Both use the unit's L. Every
    episode of a launched season has a row. Every Σ weight of the completion family is exact
    (the same double in any order of the rows, on every engine).
    """
    scope = Scope.of(p)
    counted, done = completed_within(
        t, scope, p.number("completion"), 24 * p.integer("window_days"), seconds=True
    )
    keys = [*scope.keys, "episode"]
    exact = scope.fractional_weights
    completed = done.group_by(keys).agg(value=weight_sum(done.weight, exact))
    starters = viewers(counted, keys, p.number("min_seconds"))
    started = starters.group_by(keys).agg(started=weight_sum(starters.weight, exact))
    episodes = t.episodes.select("title", "season", "episode")
    rows = season_rows(t, scope, counted).join(episodes, ["title", "season"])
    rows = attach(rows, completed, keys, fill={"value": 0.0})
    return attach(rows, started, keys, fill={"started": 0.0})


@metric(
    name="completers",
    version=2,  # 2: simultaneous sessions shortest first (was: by row_id)
    family="completion",
    season_alone=True,
    summary="units whose completed episodes make ≥ season_share of the season's runtime "
    "within window_days",
    source=NETFLIX_2019,
    unit="units (Σ weight)",
    rows=("title", "season"),
    columns=("value", "units"),
    params=(
        *COMMON,
        Param(
            "season_share",
            Number(minimum=0, maximum=1, open_minimum=True),
            0.9,
            "the share of the season's runtime a unit's completed episodes must add up to",
        ),
        window_days(28),
    ),
    per_season=True,
)
def completers(t: CanonicalTables, p: Params) -> ir.Table:
    """Completers: units whose completed episodes make ≥ season_share of the season's runtime.

    Σ weight of the units whose episodes completed within window_days have runtimes that sum
    to at least season_share × the season's runtime (``seasons.runtime_s``, the sum of its
    episodes' runtimes): with the default 0.9 and equal episodes, 9 of 10 episodes.
    """
    scope = Scope.of(p)
    counted, done = completed_within(
        t, scope, p.number("completion"), 24 * p.integer("window_days")
    )
    per_unit = done.group_by([*scope.keys, "unit_id", "weight"]).agg(
        completed_s=done.runtime_s.sum()
    )
    runtimes = t.seasons.select("title", "season", season_runtime_s=t.seasons.runtime_s)
    enough = per_unit.join(runtimes, ["title", "season"])
    enough = enough.filter(enough.completed_s >= p.number("season_share") * enough.season_runtime_s)
    rows = season_rows(t, scope, counted)
    return attach(
        rows,
        count_units(enough, scope.keys, exact=scope.fractional_weights),
        scope.keys,
        {"value": 0.0, "units": 0},
    )


@metric(
    name="binge_racers",
    version=2,  # 2: simultaneous sessions shortest first (was: by row_id)
    family="completion",
    season_alone=True,
    summary="units that complete every episode before L + window_hours",
    source=(
        "docs/sources.md §2 (Netflix binge racing, 2017: members who completed a season "
        "within 24 hours of its release); docs/contracts.md"
    ),
    unit="units (Σ weight)",
    rows=("title", "season"),
    columns=("value", "units"),
    params=(
        *COMMON,
        Param(
            "window_hours",
            Integer(minimum=1, maximum=24 * 366),
            24,
            "every episode must be completed before L + window_hours",
        ),
    ),
    per_season=True,
)
def binge_racers(t: CanonicalTables, p: Params) -> ir.Table:
    """Binge racers: Σ weight of the units that complete every episode before L + window_hours.

    L is the launch in the unit's market, so a racer in Seoul is timed from the Korean
    launch. A completion instant exactly at L + window_hours is too late. Every episode of
    the season (``seasons.episodes``) must be completed; rewatching one adds nothing.
    """
    scope = Scope.of(p)
    counted, done = completed_within(t, scope, p.number("completion"), p.integer("window_hours"))
    racers = all_episodes(done, t, scope.keys)
    rows = season_rows(t, scope, counted)
    return attach(
        rows,
        count_units(racers, scope.keys, exact=scope.fractional_weights),
        scope.keys,
        {"value": 0.0, "units": 0},
    )


RACE_HOURS = (6, 12, 18, 24, 30, 36, 48, 72, 96, 120, 144, 168)
"""The default hours of ``binge_race``: from 6 hours to a week."""


@metric(
    name="binge_race",
    version=1,
    family="completion",
    season_alone=True,
    summary="per hour h of window_hours: units that complete every episode before L + h "
    "(binge_racers at each h, in one pass)",
    source=(
        "docs/sources.md §2 (Netflix binge racing, 2017); docs/contracts.md (binge_racers, "
        "for several windows)"
    ),
    unit="units (Σ weight)",
    rows=("title", "season", "hours"),
    columns=("value", "units"),
    params=(
        *COMMON,
        Param(
            "window_hours",
            Integers(Integer(minimum=1, maximum=24 * 366)),
            RACE_HOURS,
            "the hours h: a row per h counts the units that complete every episode before L + h",
        ),
    ),
)
def binge_race(t: CanonicalTables, p: Params) -> ir.Table:
    """The binge race: for each h of window_hours, the binge racers of a window of h hours.

    Its row for h is ``binge_racers`` with ``window_hours = h``, from one computation: a
    unit's completions before L + h are its completions within the longest window that
    end before L + h, since a completion depends on the sessions before it alone. With
    ``by_market``, a (season, market) has a row for h when some unit of that market has a
    session before its L + h, as ``binge_racers`` has.
    """
    scope = Scope.of(p)
    hours = p.integers("window_hours")
    counted, done = completed_within(t, scope, p.number("completion"), max(hours))
    racers = all_episodes(done, t, scope.keys)
    keys = [*scope.keys, "hours"]
    # One aggregate counts the racers of every h; a union of one branch per h (not an
    # unnest) lets the engine push a title's filter down to the sessions.
    before = {h: racers.last_us < h * HOUR_US for h in hours}
    tallies = racers.group_by(scope.keys).agg(
        **{
            f"value_{h}": weight_sum(racers.weight, scope.fractional_weights, where=before[h])
            for h in hours
        },
        **{f"units_{h}": racers.count(where=before[h]) for h in hours},
    )
    counts = _per_hour(
        [
            tallies.select(*scope.keys, value=tallies[f"value_{h}"], units=tallies[f"units_{h}"])
            for h in hours
        ],
        hours,
    )
    if scope.by_market:
        start = counted.first_us if "first_us" in counted.columns else offset_us(counted)
        first = counted.group_by(scope.keys).agg(first_us=start.min())
        rows = _per_hour(
            [first.filter(first.first_us < h * HOUR_US).select(*scope.keys) for h in hours], hours
        )
    else:
        rows = _per_hour([season_rows(t, scope, counted)] * len(hours), hours)
    return attach(rows, counts, keys, {"value": 0.0, "units": 0})


def _per_hour(tables: Sequence[ir.Table], hours: Sequence[int]) -> ir.Table:
    """The tables, the i-th with ``hours = hours[i]`` after its keys, one under the other."""
    import ibis

    branches = []
    for table, h in zip(tables, hours, strict=True):
        keys = [c for c in table.columns if c in ("title", "season", "market")]
        rest = [c for c in table.columns if c not in keys]
        hour = ibis.literal(h, type="int32").name("hours")
        branches.append(table.select(*keys, hour, *rest))
    return ibis.union(*branches)


PERCENTILES = {"p10": 0.1, "p50": 0.5, "p90": 0.9}


def weighted_percentiles(
    table: ir.Table, keys: Sequence[str], column: str, *, exact: bool = True
) -> ir.Table:
    """Weighted percentiles of ``column`` per group, by the midpoint rule.

    Sorted by the value, each row sits at the midpoint of its weight: (cumulative weight −
    weight / 2) / total weight. A percentile interpolates linearly between the two rows
    around it, and takes the first or last value beyond them. With equal weights this is
    Hazen's rule (Hyndman–Fan type 5), whose median is the usual median.

    Args:
        table: One row per unit, with ``unit_id``, ``weight`` and ``column``.
        keys: The grouping.
        column: The column whose percentiles are wanted.
        exact: Whether the weights can be fractional (a panel is named), see ``weight_sum``.

    Returns:
        Columns ``keys``, ``p10``, ``p50``, ``p90`` and ``units`` (rows in the group).
    """
    import ibis

    x = table[column]
    order = {"group_by": list(keys), "order_by": [column, "unit_id"]}
    running = weight_sum(table.weight, exact, ibis.window(**order, rows=(None, 0)))
    total = weight_sum(table.weight, exact, ibis.window(group_by=list(keys)))
    placed = table.mutate(position=(running - table.weight / 2) / total)
    following = ibis.window(**order)
    placed = placed.mutate(
        next_position=placed.position.lead().over(following),
        next_value=placed[column].lead().over(following),
    )
    x = placed[column]
    here, after = placed.position, placed.next_position

    def percentile(p: float) -> ir.FloatingScalar:
        between = x + (p - here) / (after - here) * (placed.next_value - x)
        around = (here <= p) & (after.isnull() | (after > p))
        located = ibis.ifelse(after.isnull(), x, between).max(where=around)
        return ibis.coalesce(located, x.min())

    return placed.group_by(list(keys)).agg(
        **{name: percentile(p) for name, p in PERCENTILES.items()}, units=placed.count()
    )


@metric(
    name="time_to_complete",
    version=2,  # 2: simultaneous sessions shortest first (was: by row_id)
    family="completion",
    season_alone=True,
    summary="median hours from L to the completion of the last episode, among units that "
    "complete every episode within window_days",
    source=("docs/sources.md §2 (binge racing: season_completed_at − release); docs/contracts.md"),
    unit="hours",
    rows=("title", "season"),
    columns=("value", "p10", "p50", "p90", "units"),
    params=(*COMMON, window_days(28)),
    per_season=True,
)
def time_to_complete(t: CanonicalTables, p: Params) -> ir.Table:
    """Time to complete: the median hours from L to the completion of a unit's last episode.

    Among the units that complete every episode within window_days, from the launch in the
    unit's market. ``p10``, ``p50`` (= ``value``) and ``p90`` are weighted percentiles by the
    midpoint rule: units sorted by hours, each placed at the middle of its weight; the
    percentile interpolates between neighbours (with weight 1 each this is Hazen's rule, so
    the median is the usual median; p10 and p90 are those of Hyndman–Fan type 5). ``units``
    is the number of completing units; the percentiles are null when it is 0.
    """
    scope = Scope.of(p)
    hours = 24 * p.integer("window_days")
    counted, done = completed_within(t, scope, p.number("completion"), hours)
    whole = all_episodes(done, t, scope.keys)
    whole = whole.mutate(hours=whole.last_us / HOUR_US)
    figures = weighted_percentiles(whole, scope.keys, "hours", exact=scope.fractional_weights)
    rows = attach(season_rows(t, scope, counted), figures, scope.keys, {"units": 0})
    return rows.mutate(value=rows.p50).select(*scope.keys, "value", "p10", "p50", "p90", "units")
