"""Pre-aggregations: what the store keeps summarized, declared next to the metrics that read it.

Two kinds, both kept up to date by every load (see :mod:`showmeter.engines.preaggregates`, which
builds them through the engine; nothing here runs anything):

- :data:`UNIT_PROGRESS` — each unit's progress through each episode at the default scope
  (the store's default unit: accounts, or profiles in a household's store, kept then in
  :func:`unit_progress_table` ``("profile")``; no panel, every device and market, the launch
  in the unit's market): the unit's
  market and L, its first session of the episode, its seconds of the episode within the first
  7 and 28 days, and the instant (microseconds from L) each completion threshold of
  :data:`THRESHOLDS` is reached within :data:`HORIZON_DAYS`. The completion family reads it
  (:func:`progress`) whenever its parameters are covered; :func:`uncovered` says why not
  otherwise.
- :data:`SEASON_FIGURES` — each season's figures at default parameters (at the store's
  default unit: :func:`season_figures`) (the launch report's
  headline, rankings and charts): a metric's rows over every season, exactly as the metric
  builds them. A computation whose expression holds that relation reads the stored rows.

A third kind, each unit's seconds per market, device, episode and day from L (additive: it
serves market and device filters of reach, hours, views, daily and weekly reach and AMA), is
declared in :mod:`showmeter.definitions.preaggregate_days`.

Why the per-unit rows are exact for any window of up to :data:`HORIZON_DAYS`: a completion
depends only on the unit's sessions that start before it, so the completions within a window
of *h* hours are the completions over the horizon whose instant is before L + *h* (the same
argument as ``binge_race``'s), and a unit's market, from its first session, is the same in
every window in which it has a session.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from showmeter.definitions import preaggregate_filters as filters
from showmeter.definitions.windows import DAY_US, HOUR_US, Scope, offset_us, sessions

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from showmeter.definitions.tables import CanonicalTables

__all__ = [
    "DEFAULT_UNIT",
    "HORIZON_DAYS",
    "SEASON_FIGURES",
    "THRESHOLDS",
    "UNIT_PROGRESS",
    "UNIT_PROGRESS_SCHEMA",
    "UNIT_PROGRESS_VERSION",
    "WINDOW_DAYS",
    "SeasonFigure",
    "build_episode_progress",
    "build_unit_progress",
    "completed_column",
    "progress",
    "season_figures",
    "uncovered",
    "unit_progress_table",
    "unit_scope",
]

UNIT_PROGRESS = "agg_unit_progress"
"""The table of each account's progress through each episode (a store counting accounts)."""

UNIT_PROGRESS_VERSION = 1
"""Bumped whenever :func:`build_unit_progress` changes what it holds (the store rebuilds it)."""

HORIZON_DAYS = 28
"""The days after L the per-unit rows cover: completions of any window up to this."""

WINDOW_DAYS = (7, 28)
"""The windows (days after L) whose seconds per unit and episode are kept."""

THRESHOLDS = (0.9,)
"""The completion thresholds whose instants are kept (the default ``completion``)."""

DEFAULT_UNIT = "account"
"""The unit the pre-aggregations are kept for unless the store sets another default (a
household's store counts profiles: :mod:`showmeter.store.households`)."""


def unit_scope(unit: str = DEFAULT_UNIT) -> Scope:
    """The scope of the per-unit rows kept for ``unit``.

    No panel, every device and market, the launch in the unit's market (with the unit's
    market, so ``by_market`` is covered too).
    """
    return Scope(unit=unit, panel=None, devices=None, markets=None, anchor="market", by_market=True)


def unit_progress_table(unit: str = DEFAULT_UNIT) -> str:
    """The table of each unit's progress kept for ``unit``.

    :data:`UNIT_PROGRESS` for accounts, ``agg_unit_progress_<unit>`` otherwise (the name says
    what its rows count, so a computation for another unit never finds it).
    """
    return UNIT_PROGRESS if unit == DEFAULT_UNIT else f"{UNIT_PROGRESS}_{unit}"


def completed_column(completion: float) -> str:
    """The column of the instant a threshold is reached: ``completed_90_us`` for 0.9."""
    return f"completed_{round(completion * 100):d}_us"


UNIT_PROGRESS_SCHEMA: dict[str, str] = {
    "title": "string",
    "season": "int32",
    "unit_id": "string",
    "episode": "int32",
    "market": "string",
    "launch_at": "timestamp('UTC')",
    "first_us": "int64",
    **{f"seconds_{d}d": "float64" for d in WINDOW_DAYS},
    **{completed_column(c): "float64" for c in THRESHOLDS},
}
"""The columns of :data:`UNIT_PROGRESS` and their Ibis types."""


def build_unit_progress(t: CanonicalTables, unit: str = DEFAULT_UNIT) -> ir.Table:
    """Each unit's progress through each episode it has a session of in the horizon.

    The units are ``unit``'s (the viewing column of :data:`~showmeter.definitions.params
    .UNIT_COLUMNS`); the rows are kept in :func:`unit_progress_table` of it.

    One row per (title, season, unit, episode): ``market`` and ``launch_at`` (the unit's market
    and L), ``first_us`` (microseconds from L to its first session of the episode),
    ``seconds_<d>d`` (its seconds of the episode in sessions starting in [L, L + d days)) and
    ``completed_<p>_us`` (microseconds from L to the end of the session that completes the
    episode at threshold p, null when none does within the horizon).
    """
    counted = sessions(t, unit_scope(unit), hours=24 * HORIZON_DAYS, per_unit=True)
    return _progress_rows(t, counted)


def build_episode_progress(t: CanonicalTables, unit: str, touched: str) -> ir.Table:
    """The per-unit rows of some (unit, episode) pairs, each unit's market and L given.

    A row of :func:`build_unit_progress` depends only on the unit's sessions of that episode
    and on the unit's market and L (from its first session of the season): given those, the
    rows of a few episodes need only those episodes' sessions. A load whose new sessions do not
    start before a unit's first session (so its market and L stay) refreshes only the
    episodes whose new sessions count (:mod:`showmeter.engines.preaggregate_units`).

    Args:
        t: The canonical tables.
        unit: The unit whose rows they are.
        touched: The unbound table of the pairs: ``title``, ``season``, ``unit_id``,
            ``episode``, and the unit's ``unit_market`` and ``unit_launch_at``.

    Returns:
        The columns of :data:`UNIT_PROGRESS_SCHEMA`: the rows :func:`build_unit_progress` gives
        for those pairs, exactly (the same sessions, from the same L, in the same order).
    """
    import ibis

    from showmeter.definitions.windows import SESSION_COLUMNS, unit_viewing

    pairs = ibis.table(
        {
            "title": "string",
            "season": "int32",
            "unit_id": "string",
            "episode": "int32",
            "unit_market": "string",
            "unit_launch_at": "timestamp('UTC')",
        },
        name=touched,
    )
    keys = ["title", "season", "unit_id", "episode"]
    # The semi join first: its hash table is built on the few pairs, not on the sessions.
    v = unit_viewing(t, unit_scope(unit)).semi_join(pairs, keys)
    v = v.join(pairs, keys)
    # As in sessions(): a session counts from the launch in its own market (none: nowhere),
    # and then within the horizon from the unit's L (which ends before the season's horizon).
    launches = t.launches.select("title", "season", "market", own_launch_at="launch_at")
    s = v.join(launches, ["title", "season", "market"])
    end = s.unit_launch_at + ibis.interval(hours=24 * HORIZON_DAYS)
    s = s.filter(
        s.started_at >= s.own_launch_at, s.started_at >= s.unit_launch_at, s.started_at < end
    )
    s = s.mutate(launch_at=s.unit_launch_at)
    counted = s.select(*SESSION_COLUMNS, s.unit_market.name("market"))
    return _progress_rows(t, counted)


def _progress_rows(t: CanonicalTables, counted: ir.Table) -> ir.Table:
    """The per-unit rows of the sessions ``counted`` (as ``sessions(per_unit=True)`` gives)."""
    import ibis

    from showmeter.definitions.completion import completions

    offset = offset_us(counted)
    keys = ["title", "season", "unit_id", "episode"]
    seconds: dict[str, Any] = {
        f"seconds_{d}d": ibis.coalesce(
            counted.seconds_watched.sum(where=offset < d * DAY_US), ibis.literal(0.0)
        )
        for d in WINDOW_DAYS
    }
    # The unit's market and L are the same in every session of the unit's (one per unit and
    # season): carried, not grouped by (two keys fewer to hash, a tenth less CPU).
    rows = counted.group_by(keys).agg(
        market=counted.market.arbitrary(),
        launch_at=counted.launch_at.arbitrary(),
        first_us=offset.min(),
        sessions=counted.count(),
        only_seconds=counted.seconds_watched.max(),
        **seconds,
    )
    join = ["title", "season", "unit_id", "episode"]
    # The running sum of completions() needs its sort only where a unit has several sessions
    # of the episode; with one, the running sum is that session's seconds and the sum before
    # it 0, so it completes when its seconds reach the threshold (and the threshold is above
    # 0), at first_us + its seconds: the same arithmetic, the same double.
    several = rows.filter(rows.sessions > 1).select(*join)
    episodes = t.episodes.select("title", "season", "episode", "runtime_s")
    rows = rows.join(episodes, ["title", "season", "episode"])
    for threshold in THRESHOLDS:
        done = completions(t, counted.semi_join(several, join), threshold)
        done = done.select(*join, many_us=done.completed_us)
        limit = threshold * rows.runtime_s
        alone = (rows.sessions == 1) & (rows.only_seconds >= limit) & (limit > 0)
        single = ibis.ifelse(alone, rows.first_us + rows.only_seconds * 1_000_000, ibis.null())
        rows = rows.left_join(done, join)
        rows = rows.select(
            *[rows[c] for c in rows.columns if c not in done.columns or c in join],
            **{completed_column(threshold): ibis.coalesce(single.cast("float64"), done.many_us)},
        )
    return rows.select(*UNIT_PROGRESS_SCHEMA)


def uncovered(
    scope: Scope,
    completion: float | None,
    hours: int,
    seconds: bool,
    unit: str = DEFAULT_UNIT,
) -> str | None:
    """Why the per-unit rows cannot serve a computation; None when they can.

    ``markets`` and ``devices`` are not refused here: :func:`progress` decides (off unless
    :mod:`showmeter.definitions.preaggregate_filters` is switched on).

    Args:
        scope: The computation's scope.
        completion: Its completion threshold (None when it needs none).
        hours: Its window, in hours after L.
        seconds: Whether it needs the seconds of each episode within the window.
        unit: The unit the store keeps its per-unit rows for (its default unit).

    Returns:
        The parameter that is not covered, as a sentence; None when everything is.
    """
    for name, wanted, given in (
        ("unit", unit, scope.unit),
        ("panel", None, scope.panel),
        ("anchor", "market", scope.anchor),
        ("ages", None, scope.ages),
    ):
        if given != wanted:
            return f"{name}={given} (the aggregate is kept for {name}={wanted or 'all'})"
    if completion is not None and completion not in THRESHOLDS:
        return f"completion={completion:g} (kept for {', '.join(f'{c:g}' for c in THRESHOLDS)})"
    if hours > 24 * HORIZON_DAYS:
        return f"a window of {hours} hours (kept for up to {HORIZON_DAYS} days)"
    if seconds and (hours % 24 or hours // 24 not in WINDOW_DAYS):
        kept = ", ".join(str(d) for d in WINDOW_DAYS)
        return f"seconds within {hours / 24:g} days (kept for {kept} days)"
    return None


def progress(
    t: CanonicalTables,
    scope: Scope,
    completion: float | None,
    hours: int,
    *,
    seconds: bool = False,
) -> tuple[ir.Table, ir.Table] | None:
    """The per-unit rows as a computation of the completion family reads them, when covered.

    Args:
        t: The canonical tables (:meth:`~showmeter.definitions.tables.CanonicalTables
            .aggregate` says whether the store holds the rows).
        scope: The computation's scope.
        completion: Its completion threshold (None: no completion needed).
        hours: Its window, in hours after L.
        seconds: Whether ``seconds_watched`` (the unit's seconds of the episode in the
            window) is needed.

    Returns:
        None when the store lacks the rows (of the scope's unit: :func:`unit_progress_table`)
        or they do not cover the parameters; else
        ``(counted, done)``: ``counted`` one row per (unit, episode) with a session in the
        window (the scope's keys, ``unit_id``, ``weight``, ``episode``, ``first_us`` and, when
        asked, ``seconds_watched``), ``done`` the completions within the window as
        :func:`~showmeter.definitions.completion.completions` gives them. Under a
        ``markets`` or ``devices`` filter, read from :func:`~showmeter.definitions
        .preaggregate_filters.filtered` when it is switched on and the tables hold one
        title's or season's sessions (None otherwise, or without the per-day rows).
    """
    import ibis

    table = t.aggregate(unit_progress_table(scope.unit), UNIT_PROGRESS_SCHEMA)
    if table is None or uncovered(scope, completion, hours, seconds, scope.unit) is not None:
        return None
    if scope.markets is not None or scope.devices is not None:  # the same for every window
        if not filters.enabled() or t.viewing.equals(t.get("viewing")):  # see filters
            return None
        kept = dataclasses.replace(unit_scope(scope.unit), markets=scope.markets)
        kept = dataclasses.replace(kept, devices=scope.devices)
        table = filters.filtered(t, kept, table, 24 * HORIZON_DAYS)
        if table is None:  # no per-day rows to tell the units the filter splits
            return None
    keys = list(scope.keys)
    inside = table.filter(table.first_us < hours * HOUR_US)
    weight = ibis.literal(1.0).name("weight")
    extra: dict[str, Any] = {}
    if seconds:
        extra["seconds_watched"] = inside[f"seconds_{hours // 24}d"]
    counted = inside.select(*keys, "unit_id", weight, "episode", "first_us", **extra)
    if completion is None:
        return counted, counted.limit(0)
    column = completed_column(completion)
    done = inside.filter(inside[column] < hours * HOUR_US)
    episodes = t.episodes.select("title", "season", "episode", "runtime_s")
    done = done.join(episodes, ["title", "season", "episode"])
    done = done.select(*keys, "unit_id", weight, "episode", "runtime_s", completed_us=done[column])
    return counted, done


@dataclasses.dataclass(frozen=True)
class SeasonFigure:
    """A metric's rows for every season at given parameters, kept as a table.

    Attributes:
        metric: The metric's name.
        params: Its parameters (the rest at their defaults).
    """

    metric: str
    params: tuple[tuple[str, object], ...] = ()

    @property
    def table(self) -> str:
        """The table's name: ``agg_season_<metric>`` and the parameters that are not defaults.

        ``_by_market`` for a flag, ``_unit_profile`` for a value.
        """
        suffix = "".join(
            f"_{name}" if value is True else f"_{name}_{value}" for name, value in self.params
        )
        return f"agg_season_{self.metric}{suffix}"

    @property
    def unit(self) -> str:
        """The unit its rows count."""
        return str(dict(self.params).get("unit", DEFAULT_UNIT))


SEASON_FIGURES = (
    SeasonFigure("reach"),
    SeasonFigure("hours_viewed"),
    SeasonFigure("views"),
    SeasonFigure("completers"),
    SeasonFigure("binge_racers"),
    SeasonFigure("binge_racers", (("by_market", True),)),
    SeasonFigure("time_to_complete"),
    SeasonFigure("daily_reach"),
    SeasonFigure("weekly_reach"),
    SeasonFigure("average_minute_audience"),
    SeasonFigure("episode_funnel"),
    SeasonFigure("binge_race"),
)
"""The season figures kept: the launch report's and the season page's, at default parameters
(every one a metric whose season's rows depend on that season's sessions alone)."""


def season_figures(unit: str = DEFAULT_UNIT) -> tuple[SeasonFigure, ...]:
    """:data:`SEASON_FIGURES` as a store whose default unit is ``unit`` keeps them.

    Args:
        unit: The store's default unit (``account``, or ``profile`` for a household's store).

    Returns:
        :data:`SEASON_FIGURES` for accounts; otherwise each with ``unit`` among its
        parameters (so its relation is the one a computation at the store's defaults holds,
        and its table's name says the unit: ``agg_season_reach_unit_profile``).
    """
    if unit == DEFAULT_UNIT:
        return SEASON_FIGURES
    return tuple(SeasonFigure(f.metric, (*f.params, ("unit", unit))) for f in SEASON_FIGURES)
