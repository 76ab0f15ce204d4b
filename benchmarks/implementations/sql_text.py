"""Hand-written SQL of the four metrics, in the DuckDB, ClickHouse and Spark dialects.

One query text per metric, written the way one would by hand: integer epoch microseconds for
every time offset, the sessions cut to the metric's window in the join with the launches
(before any grouping), and no more columns than needed. The dialects differ only in a few
functions (:class:`Dialect`). The definitions are those of METRICS.md with the default
parameters (see :mod:`benchmarks.world`):

- a session counts from the launch of its season in its own market, ``L(s, m)`` from the
  ``launches`` table (one row per market, ``*`` expanded), for ``[L, L + window)``;
- the unit is the account: sessions without an ``account_id`` (or with an empty one) are out;
- a unit *views* when its seconds of one episode in the window sum to ≥ 120;
- for binge racers, L is the launch in the unit's market (the market of its first session of
  the season from the launch on, ties to the smaller market code); a unit completes an
  episode at the end of the first session, in ``started_at`` order, at which its cumulative
  seconds of the episode reach 0.9 × runtime, and races when every episode of the season is
  completed before L + 24 h.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from benchmarks.world import (
    AMA_DAYS,
    BINGE_HOURS,
    COMPLETION,
    DAY_US,
    HOUR_US,
    MIN_SECONDS,
    REACH_DAYS,
    WEEKS,
)

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["CLICKHOUSE", "DUCKDB", "SPARK", "Dialect", "metric_sql"]


@dataclasses.dataclass(frozen=True)
class Dialect:
    """The few functions in which the SQL dialects differ."""

    name: str
    us: Callable[[str], str]
    """Microseconds since the epoch of a timestamp."""
    idiv: Callable[[str, str], str]
    """Integer division."""
    argmin: Callable[[str, str], str]
    """The value of the first argument at the row where the second is smallest."""
    row: Callable[..., str]
    """A tuple (row value), ordered lexicographically."""
    weeks: Callable[[int], str]
    """A select-list item: one row per week 1..n (``AS week``)."""
    lag: Callable[[str, str], str]
    """The previous row's value of an expression in a window (partition, order)."""
    suffix: str = ""


DUCKDB = Dialect(
    "duckdb",
    us=lambda x: f"epoch_us({x})",
    idiv=lambda a, b: f"(({a}) // {b})",
    argmin=lambda x, key: f"arg_min({x}, {key})",
    row=lambda *xs: "(" + ", ".join(xs) + ")",
    weeks=lambda n: f"unnest(range(1, {n + 1})) AS week",
    lag=lambda x, over: f"lag({x}) OVER ({over})",
)
CLICKHOUSE = Dialect(
    "clickhouse",
    us=lambda x: f"toUnixTimestamp64Micro({x})",
    idiv=lambda a, b: f"intDiv({a}, {b})",
    argmin=lambda x, key: f"argMin({x}, {key})",
    row=lambda *xs: "tuple(" + ", ".join(xs) + ")",
    weeks=lambda n: f"arrayJoin(range(1, {n + 1})) AS week",
    # lag() is 0, not NULL, on a partition's first row in ClickHouse: lagInFrame of a Nullable
    lag=lambda x, over: (
        f"lagInFrame(toNullable({x})) OVER ({over} "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
    ),
    suffix=" SETTINGS join_use_nulls = 1",
)
SPARK = Dialect(
    "spark",
    us=lambda x: f"unix_micros({x})",
    idiv=lambda a, b: f"(({a}) div {b})",
    argmin=lambda x, key: f"min_by({x}, {key})",
    row=lambda *xs: "struct(" + ", ".join(xs) + ")",
    weeks=lambda n: f"explode(sequence(1, {n})) AS week",
    lag=lambda x, over: f"lag({x}) OVER ({over})",
)


def _sessions(d: Dialect, t: dict[str, str], window_us: int, extra: str = "") -> str:
    """Sessions of an account in [L(s, session market), L + window), with their offset."""
    started, launch = d.us("v.started_at"), d.us("l.launch_at")
    return f"""
    SELECT v.title AS title, v.season AS season, v.episode AS episode,
           v.account_id AS unit, v.seconds_watched AS secs{extra}
    FROM {t["viewing"]} AS v
    JOIN {t["launches"]} AS l
      ON v.title = l.title AND v.season = l.season AND v.market = l.market
    WHERE v.account_id IS NOT NULL AND v.account_id <> ''
      AND {started} >= {launch} AND {started} < {launch} + {window_us}"""


def _launched(t: dict[str, str]) -> str:
    return f"(SELECT title, season, episodes FROM {t['seasons']} WHERE launch_at IS NOT NULL)"


def _binge_completions(d: Dialect, t: dict[str, str]) -> str:
    """CTEs ``lw, s, u, w, c, done``: each completed episode's instant, µs after the unit's L."""
    window = BINGE_HOURS * HOUR_US
    started = d.us("v.started_at")
    return f"""
lw AS (
    SELECT title, season, market, {d.us("launch_at")} AS l_us,
           max({d.us("launch_at")}) OVER (PARTITION BY title, season) + {window} AS horizon_us
    FROM {t["launches"]}
),
s AS (
    SELECT v.title AS title, v.season AS season, v.episode AS episode, v.market AS market,
           v.account_id AS unit, {started} AS t_us, v.seconds_watched AS secs, lw.l_us AS l_us
    FROM {t["viewing"]} AS v
    JOIN lw ON v.title = lw.title AND v.season = lw.season AND v.market = lw.market
    WHERE v.account_id IS NOT NULL AND v.account_id <> ''
      AND {started} >= lw.l_us AND {started} < lw.horizon_us
),
u AS (
    SELECT title, season, unit, {d.argmin("l_us", d.row("t_us", "market"))} AS ul_us
    FROM s GROUP BY title, season, unit
),
w AS (
    SELECT s.title AS title, s.season AS season, s.unit AS unit, s.episode AS episode,
           s.t_us AS t_us, s.secs AS secs, u.ul_us AS ul_us
    FROM s JOIN u ON s.title = u.title AND s.season = u.season AND s.unit = u.unit
    WHERE s.t_us >= u.ul_us AND s.t_us < u.ul_us + {window}
),
c AS (
    SELECT w.title AS title, w.season AS season, w.unit AS unit, w.episode AS episode,
           w.t_us AS t_us, w.t_us - w.ul_us + w.secs * 1000000 AS end_us,
           e.runtime_s * {COMPLETION} AS thr,
           sum(w.secs) OVER (
               PARTITION BY w.title, w.season, w.unit, w.episode ORDER BY w.t_us
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS through
    FROM w JOIN {t["episodes"]} AS e
      ON w.title = e.title AND w.season = e.season AND w.episode = e.episode
),
done AS (
    SELECT title, season, unit, episode, {d.argmin("end_us", "t_us")} AS completed_us
    FROM c WHERE through >= thr
    GROUP BY title, season, unit, episode
)"""


def _binge_racers(d: Dialect, t: dict[str, str], *, funnel_episodes: int = 0) -> str:
    window = BINGE_HOURS * HOUR_US
    if funnel_episodes:
        # ClickHouse windowFunnel over the completions in the window, with the episode number
        # as the funnel's clock: the level is the run of episodes 1, 2, ... k all completed.
        # The definition does not order the completions, so the completion instant cannot be
        # the clock (research/stack.md §3: that undercounts racers who finish out of order).
        conditions = ", ".join(f"ep = {k}" for k in range(1, funnel_episodes + 1))
        per_unit = f"""
    SELECT title, season, unit,
           windowFunnel({funnel_episodes + 1})(ep, {conditions}) AS n
    FROM (SELECT title, season, unit, toUInt32(assumeNotNull(episode)) AS ep
          FROM done WHERE completed_us < {window})
    GROUP BY title, season, unit"""
    else:
        per_unit = f"""
    SELECT title, season, unit, count(*) AS n
    FROM done WHERE completed_us < {window}
    GROUP BY title, season, unit"""
    return f"""
WITH {_binge_completions(d, t)},
per_unit AS ({per_unit}
),
racers AS (
    SELECT p.title AS title, p.season AS season, count(*) AS units
    FROM per_unit AS p JOIN {_launched(t)} AS se ON p.title = se.title AND p.season = se.season
    WHERE p.n = se.episodes
    GROUP BY p.title, p.season
)
SELECT se.title AS title, se.season AS season,
       CAST(coalesce(r.units, 0) AS DOUBLE) AS value, coalesce(r.units, 0) AS units
FROM {_launched(t)} AS se
LEFT JOIN racers AS r ON se.title = r.title AND se.season = r.season"""


def _weekly_reach(d: Dialect, t: dict[str, str]) -> str:
    week = d.idiv(f"{d.us('v.started_at')} - {d.us('l.launch_at')}", str(7 * DAY_US))
    over = "PARTITION BY title, season ORDER BY week"
    return f"""
WITH s AS ({_sessions(d, t, WEEKS * 7 * DAY_US, f", {week} + 1 AS week")}
),
viewers AS (
    SELECT title, season, week, unit FROM s
    GROUP BY title, season, week, unit, episode HAVING sum(secs) >= {MIN_SECONDS}
),
r AS (
    SELECT title, season, week, count(DISTINCT unit) AS units
    FROM viewers GROUP BY title, season, week
),
grid AS (SELECT title, season, {d.weeks(WEEKS)} FROM {_launched(t)}),
g AS (
    SELECT grid.title AS title, grid.season AS season, grid.week AS week,
           CAST(coalesce(r.units, 0) AS DOUBLE) AS value, coalesce(r.units, 0) AS units
    FROM grid
    LEFT JOIN r ON grid.title = r.title AND grid.season = r.season AND grid.week = r.week
)
SELECT title, season, week, value, units,
       value / nullif({d.lag("value", over)}, 0) - 1 AS wow_change
FROM g"""


def _average_minute_audience(d: Dialect, t: dict[str, str]) -> str:
    return f"""
WITH s AS ({_sessions(d, t, AMA_DAYS * DAY_US)}
),
p AS (
    SELECT title, season, episode, unit, sum(secs) AS watched
    FROM s GROUP BY title, season, episode, unit
),
f AS (
    SELECT p.title AS title, p.season AS season, p.episode AS episode,
           sum(least(e.runtime_s, p.watched) / nullif(e.runtime_s, 0)) AS value,
           count(*) AS units
    FROM p JOIN {t["episodes"]} AS e
      ON p.title = e.title AND p.season = e.season AND p.episode = e.episode
    GROUP BY p.title, p.season, p.episode
)
SELECT e.title AS title, e.season AS season, e.episode AS episode,
       coalesce(f.value, 0.0) AS value, coalesce(f.units, 0) AS units
FROM {t["episodes"]} AS e
JOIN {_launched(t)} AS se ON e.title = se.title AND e.season = se.season
LEFT JOIN f ON e.title = f.title AND e.season = f.season AND e.episode = f.episode"""


def _reach_index(d: Dialect, t: dict[str, str], reference: tuple[str, int]) -> str:
    title, season = reference
    quoted = title.replace("'", "''")
    return f"""
WITH s AS ({_sessions(d, t, REACH_DAYS * DAY_US)}
),
viewers AS (
    SELECT title, season, unit FROM s
    GROUP BY title, season, unit, episode HAVING sum(secs) >= {MIN_SECONDS}
),
r AS (SELECT title, season, count(DISTINCT unit) AS units FROM viewers GROUP BY title, season),
rs AS (
    SELECT se.title AS title, se.season AS season,
           CAST(coalesce(r.units, 0) AS DOUBLE) AS reach
    FROM {_launched(t)} AS se LEFT JOIN r ON se.title = r.title AND se.season = r.season
),
ref AS (
    SELECT max(reach) AS reference_reach FROM rs
    WHERE title = '{quoted}' AND season = {int(season)}
)
SELECT rs.title AS title, rs.season AS season,
       100 * rs.reach / nullif(ref.reference_reach, 0) AS value,
       rs.reach AS reach, ref.reference_reach AS reference_reach
FROM rs CROSS JOIN ref"""


def metric_sql(
    metric: str,
    dialect: Dialect,
    tables: dict[str, str],
    reference: tuple[str, int],
    *,
    funnel_episodes: int = 0,
) -> str:
    """The hand-written query of a metric.

    Args:
        metric: One of :data:`benchmarks.world.METRICS`.
        dialect: The SQL dialect.
        tables: ``viewing``, ``launches``, ``episodes``, ``seasons``: what to read each from
            (a table name or a table function such as ``read_parquet('...')``).
        reference: reach_index's reference season.
        funnel_episodes: ClickHouse only: write binge_racers with ``windowFunnel`` over this
            many episode conditions (the most episodes of any season).

    Returns:
        The SQL text; its columns are the metric's keys and compared figures.
    """
    if metric == "binge_racers":
        sql = _binge_racers(dialect, tables, funnel_episodes=funnel_episodes)
    elif metric == "weekly_reach":
        sql = _weekly_reach(dialect, tables)
    elif metric == "average_minute_audience":
        sql = _average_minute_audience(dialect, tables)
    elif metric == "reach_index":
        sql = _reach_index(dialect, tables, reference)
    else:
        raise ValueError(f"no hand-written SQL for {metric!r}")
    return sql + dialect.suffix
