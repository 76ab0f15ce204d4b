"""Which seasons' rows of a windowed season figure a load can change (the others are kept).

A windowed season figure reads a season's sessions only in a window that ends a fixed number
of hours after L: ``L <= started_at < L + hours``, L the launch in a market (``anchor=market``,
the window widened to the season's last launch + hours when the unit's market is needed) or
the season's launch (``anchor=global``); the per-unit progress it may read from holds the
completions of those sessions, and a completion depends on the sessions before it alone. So
no session starting at or after the season's latest launch (``launches`` and
``seasons.launch_at``) + hours counts in it, nor in its set of rows: a load whose new
sessions of a season all start then leaves that season's rows as they are.

The hours are read from the figure's parameters (its declared defaults, or those it sets):
``window_days`` (reach, hours_viewed, views, average_minute_audience, episode_funnel,
completers, time_to_complete), ``days`` (daily_reach), ``weeks`` (weekly_reach),
``window_hours`` (binge_racers; the largest of binge_race's). time_to_complete reads the
completions within ``window_days`` from the unit's L as completers does
(:func:`~showmeter.definitions.completed.completed_within`), and its percentiles are over
those units alone. Any other figure has no declared window here and is always recomputed, as
is a season whose catalog entry changed or that has no launch instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.engines import preaggregate_build as builder

if TYPE_CHECKING:
    import duckdb

    from showmeter.definitions.preaggregates import SeasonFigure

__all__ = ["SEASON_ENDS", "WINDOW_SEASONS", "open_seasons", "season_ends", "window_hours"]

SEASON_ENDS = "showmeter_season_ends"
"""Each touched season: its new sessions' first start, its latest launch, whether it changed."""
WINDOW_SEASONS = "showmeter_window_seasons"
"""The touched seasons whose rows of one windowed figure the load may change."""

_WINDOW_DAYS = frozenset(
    {
        "reach",
        "hours_viewed",
        "views",
        "average_minute_audience",
        "episode_funnel",
        "completers",
        "time_to_complete",
    }
)


def window_hours(figure: SeasonFigure) -> int | None:
    """The figure's window in hours after L, from its parameters; None: it has none here.

    Args:
        figure: A season figure.

    Returns:
        The hours after L beyond which no session counts in the figure, or None (always
        recomputed).
    """
    from showmeter import definitions

    params = definitions.get(figure.metric).resolve(dict(figure.params))
    if figure.metric in _WINDOW_DAYS:
        return 24 * params.integer("window_days")
    if figure.metric == "daily_reach":
        return 24 * params.integer("days")
    if figure.metric == "weekly_reach":
        return 7 * 24 * params.integer("weeks")
    if figure.metric == "binge_racers":
        return params.integer("window_hours")
    if figure.metric == "binge_race":
        return max(params.integers("window_hours"))
    return None


def season_ends(con: duckdb.DuckDBPyConnection, new_rows: str, touched: str, changed: str) -> None:
    """Write :data:`SEASON_ENDS` for the touched seasons (a temporary table).

    Args:
        con: The store's connection, in the load's transaction (launches up to date).
        new_rows: A query of the load's new sessions (with ``started_at``).
        touched: The temporary table of the touched seasons.
        changed: The temporary table of the seasons whose catalog entry changed.
    """
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {SEASON_ENDS} AS "
        f"WITH n AS (SELECT title, season, min(started_at) AS first_new FROM ({new_rows}) "
        "GROUP BY title, season), "
        "l AS (SELECT title, season, max(launch_at) AS last_launch FROM (SELECT title, season, "
        "launch_at FROM main.launches UNION ALL SELECT title, season, launch_at "
        "FROM main.seasons) GROUP BY title, season) "
        "SELECT x.title, x.season, n.first_new, l.last_launch, "
        f"EXISTS (SELECT 1 FROM {changed} c WHERE c.title = x.title AND c.season = x.season) "
        f"AS changed FROM {touched} x "
        "LEFT JOIN n ON n.title = x.title AND n.season = x.season "
        "LEFT JOIN l ON l.title = x.title AND l.season = x.season"
    ).fetchall()


def open_seasons(con: duckdb.DuckDBPyConnection, hours: int) -> int:
    """Write :data:`WINDOW_SEASONS`: the touched seasons a figure of ``hours`` must recompute.

    A season is kept (left out) only when it did not change and its first new session starts
    at or after its latest launch + ``hours``; an unknown instant recomputes it.

    Args:
        con: The store's connection, after :func:`season_ends`.
        hours: The figure's window in hours after L.

    Returns:
        How many seasons it holds.
    """
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {WINDOW_SEASONS} AS SELECT title, season "
        f"FROM {SEASON_ENDS} WHERE changed OR NOT coalesce(first_new >= last_launch + "
        f"INTERVAL ({int(hours)}) HOUR, false)"
    ).fetchall()
    return builder.count_temp(con, WINDOW_SEASONS)
