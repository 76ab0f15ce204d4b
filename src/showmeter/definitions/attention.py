"""Attention: how much of a season was watched — hours viewed, views, average minute audience.

Sessions count from the launch in their own market (or the global launch with
``anchor=global``) for ``window_days`` days of 24 h; sessions before L are ignored. Rewatches
count in hours and views (as in Netflix's Top 10) but are credited once per unit in the
average minute audience.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.definitions.exact_sums import MICROSECONDS, exact_sum, whole_microseconds
from showmeter.definitions.params import (
    ANCHOR,
    BY_MARKET,
    DEVICES,
    MARKETS,
    PANEL,
    UNIT,
    AgeRange,
    Param,
    Params,
    window_days,
)
from showmeter.definitions.registry import metric
from showmeter.definitions.windows import Scope, attach, season_rows, sessions
from showmeter.errors import UsageError

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from showmeter.definitions.tables import CanonicalTables

__all__ = ["average_minute_audience", "hours_viewed", "views"]

TOP_10 = (
    "docs/sources.md §5 (Netflix Top 10: hours viewed, rewatches included; views = hours "
    "/ runtime; the 91-day Most Popular window); docs/contracts.md"
)
COMMON = (UNIT, PANEL, DEVICES, MARKETS, BY_MARKET, ANCHOR)


def _hours(t: CanonicalTables, p: Params) -> ir.Table:
    scope = Scope.of(p)
    counted = sessions(t, scope, hours=24 * p.integer("window_days"))
    figures = counted.group_by(list(scope.keys)).agg(
        value=exact_sum(counted.weight * counted.seconds_watched) / 3600,
        units=counted.unit_id.nunique(),
    )
    rows = season_rows(t, scope, counted)
    return attach(rows, figures, scope.keys, fill={"value": 0.0, "units": 0})


@metric(
    name="hours_viewed",
    version=2,  # 2: summed exactly, the same double in any order (was: a double sum)
    family="attention",
    season_alone=True,
    summary="Σ weight × seconds_watched / 3600 over sessions starting in [L, L + window_days)",
    source=TOP_10,
    unit="hours",
    rows=("title", "season"),
    columns=("value", "units"),
    params=(*COMMON, window_days(91)),
    per_season=True,
)
def hours_viewed(t: CanonicalTables, p: Params) -> ir.Table:
    """Hours viewed: Σ weight × seconds_watched / 3600 over sessions in [L, L + window_days).

    Every second counts, rewatches included; there is no minimum per unit. ``units`` is the
    number of units with a counted session. Every launched season has a row (0 when nobody
    watched); with ``by_market`` the hours of each unit go to the unit's market. The sum of
    weight × seconds is exact, so the same sessions give the same double in any order, on
    every engine.
    """
    return _hours(t, p)


@metric(
    name="views",
    version=2,  # 2: hours_viewed summed exactly (was: a double sum)
    family="attention",
    season_alone=True,
    summary="hours_viewed / the season's runtime in hours",
    source=TOP_10,
    unit="views",
    rows=("title", "season"),
    columns=("value", "hours_viewed", "runtime_hours"),
    params=(*COMMON, window_days(91)),
    per_season=True,
)
def views(t: CanonicalTables, p: Params) -> ir.Table:
    """Views: hours viewed in [L, L + window_days) / the season's runtime in hours.

    The runtime is the sum of the episodes' runtimes (``seasons.runtime_s``); the value is
    null for a season of zero runtime.
    """
    hours = _hours(t, p)
    runtimes = t.seasons.select("title", "season", runtime_hours=t.seasons.runtime_s / 3600)
    rows = hours.join(runtimes, ["title", "season"])
    keys = [c for c in ("title", "season", "market") if c in hours.columns]
    return rows.select(
        *keys,
        value=rows.value / rows.runtime_hours.nullif(0),
        hours_viewed=rows.value,
        runtime_hours=rows.runtime_hours,
    )


@metric(
    name="average_minute_audience",
    family="attention",
    season_alone=True,
    summary="per episode: Σ weight × min(runtime, seconds of the episode in the window) / runtime",
    source=(
        "docs/sources.md §3 (Nielsen SVOD ratings: average minute audience over the "
        "first 7 days, TV sets only with devices=tv, a demographic with ages); docs/contracts.md"
    ),
    unit="units (Σ weight)",
    rows=("title", "season", "episode"),
    columns=("value", "units"),
    version=2,  # 2: summed exactly, the same double in any order (was: a double sum)
    params=(
        *COMMON,
        window_days(7),
        Param(
            "ages",
            AgeRange(),
            None,
            "only panel units of these ages, inclusive (e.g. 18-49, or 50+); needs a panel",
        ),
    ),
)
def average_minute_audience(t: CanonicalTables, p: Params) -> ir.Table:
    """Average minute audience of each episode: Σ weight × min(runtime(e), s) / runtime(e).

    The sum is over units; *s* is the unit's seconds of episode *e* summed over sessions starting in
    [L, L + window_days); capping at the runtime credits a rewatch once, so the value is the
    audience of an average minute of the episode. ``ages`` keeps the panel units whose age
    lies in the range (units of unknown age are left out) and needs ``panel``. ``units`` is
    the number of units with seconds of the episode. Every episode of a launched season has
    a row (0 when nobody watched).

    The sum does not depend on the order its rows are added in: a unit's seconds of the
    episode are rounded once to whole microseconds (from its sessions or from a
    pre-aggregation's per-day sums alike), Σ weight × min(runtime(e), s) is summed exactly and
    divided once by the runtime, so a refreshed store, a whole build, DuckDB, Spark and any
    number of threads give the same double (without a panel, the exact quotient rounded
    once).

    Raises:
        UsageError: ``ages`` without ``panel``.
    """
    import ibis

    scope = Scope.of(p)
    if scope.ages is not None and scope.panel is None:
        raise UsageError(
            "the parameter 'ages' of average_minute_audience needs a panel",
            remedy="Add --set panel=NAME: ages select panel units by their age.",
        )
    counted = sessions(t, scope, hours=24 * p.integer("window_days"))
    keys = [*scope.keys, "episode"]
    per_unit = counted.group_by([*keys, "unit_id", "weight"]).agg(
        us=whole_microseconds(counted.seconds_watched.sum())
    )
    episodes = t.episodes.select("title", "season", "episode", "runtime_s")
    watched = per_unit.join(episodes, ["title", "season", "episode"])
    runtime_us = watched.runtime_s * MICROSECONDS
    # Σ weight × min(runtime, seconds), summed exactly, divided once by the runtime: the same
    # double whatever order the units are added in (threads, engines, loads, pre-aggregations)
    watched = watched.select(
        *keys,
        runtime_us=runtime_us,
        credited=watched.weight * ibis.least(runtime_us, watched.us),
    )
    figures = watched.group_by([*keys, "runtime_us"]).agg(
        credited=exact_sum(watched.credited), units=watched.count()
    )
    figures = figures.select(
        *keys, value=figures.credited / figures.runtime_us.nullif(0), units=figures.units
    )
    rows = season_rows(t, scope, counted).join(
        episodes.select("title", "season", "episode"), ["title", "season"]
    )
    return attach(rows, figures, keys, fill={"value": 0.0, "units": 0})
