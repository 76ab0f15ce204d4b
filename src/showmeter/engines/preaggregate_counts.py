"""The counting season figures brought up to date by the units a load changes, not recomputed.

Reach, daily reach and weekly reach at the store's defaults (no panel: every unit weighs 1; no
``markets``, ``devices`` or ``by_market``; ``anchor=market``) count, per season and period,
the units that view it: a unit views in a period when, for some episode, its seconds in
sessions starting in the period sum to at least ``min_seconds``. The per-day rows
(:mod:`showmeter.definitions.preaggregate_days`) decide it, read as the figure reads them when
recomputed: a row's day *d* is in week ``(d − 1) // 7 + 1`` and in the window of *n* days when
``d <= n``, and a unit's status depends on its own rows alone.

So a load changes a figure only through the units it touched (each (title, season, unit) with a
new session), and only in the periods in which they have a new per-day row: the stored count
of a (season, period) plus, over those units and periods, their status after the load minus
their status before it, equals the count a recompute of every unit gives, as integers,
exactly; its value (Σ weight, each 1.0) is the same integer as a double.

Both statuses come from one read of the touched units' per-day rows, made before the merge
(:func:`before`: a join of the per-day rows with those units, not a grouping of every row as a
recompute makes), and the merge's own table of the new rows (:func:`apply`): a row's seconds
after the merge are its kept seconds plus its new sessions' (the same sum of the same doubles
the merge writes), an inserted row's its new sessions'. A unit views a period when one
episode's seconds in it reach ``min_seconds`` (the sum of each episode's rows). Seconds are never
negative (ingest quarantines them), so a unit that views keeps viewing; the difference is
taken as it is all the same, so nothing rests on that.

**A sum near ``min_seconds`` is not trusted.** Sums of the same doubles in another order can
differ in their last bits (65.1 + 6.3 + 48.6 is 120.0, 65.1 + 48.6 + 6.3 is 119.99999999999999),
and the stored count was made by an earlier load's sums, in its order. A status read now in
another order could then disagree with the one the count holds, and the difference, unlike a
recompute, would stay in the figure and add up over loads (a unit counted twice). So when any
touched unit's episode sum, before or after, lies within a relative :data:`NEAR` of
``min_seconds`` and its rows are not all whole multiples of 2⁻¹⁰ s (whole seconds, halves,
quarters: such sums are exact in any order), the figure is not kept by its difference: it is
recomputed for the touched seasons, as before this module (a recompute's order can still
differ from a whole build's in the last bit, but the difference does not accumulate).

Weekly reach's ``wow_change`` (value_k / value_(k−1) − 1, null after a zero) is then
recomputed from the stored values of each changed season, the same division of the same
doubles as a whole build's.

A season whose catalog entry changed is not here: its rows are recomputed
(:mod:`showmeter.engines.preaggregate_refresh`).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from showmeter.definitions import preaggregate_days as days

if TYPE_CHECKING:
    from collections.abc import Sequence

    import duckdb

    from showmeter.definitions.preaggregates import SeasonFigure

__all__ = ["Counting", "apply", "before", "counting", "drop"]

NEAR = 1e-9
"""The relative distance from ``min_seconds`` within which an episode's sum is not trusted.

A sum of *n* non-negative doubles is within about *n* × 1.1·10⁻¹⁶ of itself in any order;
10⁻⁹ covers some nine million rows of one unit, episode and period.
"""

_METRICS = {"reach": (None, 0), "daily_reach": ("day", 1), "weekly_reach": ("week", 7)}
"""Each counting metric: its period column and the period's days (0: one window, no column)."""

_UNITS = "showmeter_counted_units"
_ROWS = "showmeter_counted_rows"
_NEW = "showmeter_counted_new"
_BOTH = "showmeter_counted_both"
_DELTA = "showmeter_counted_delta"


@dataclasses.dataclass(frozen=True)
class Counting:
    """A season figure kept by the difference of its touched units' counts.

    Attributes:
        table: The figure's table.
        period: Its period column (``day``, ``week``), or None for one window (reach).
        days: The days of one period (the window's for reach).
        last_day: The last day from L any of its periods holds.
        min_seconds: The seconds of one episode that make a viewer.
    """

    table: str
    period: str | None
    days: int
    last_day: int
    min_seconds: float


def counting(figure: SeasonFigure) -> Counting | None:
    """The figure as a count kept by its difference, or None when it is not one.

    Args:
        figure: A season figure of the store's unit.

    Returns:
        None unless the figure is reach, daily or weekly reach at a scope the per-day rows
        re-derive (:func:`~showmeter.definitions.preaggregate_days.days_uncovered`) without
        a panel, ``markets``, ``devices`` or ``by_market``.
    """
    from showmeter import definitions
    from showmeter.definitions.windows import Scope

    if figure.metric not in _METRICS:
        return None
    p = definitions.get(figure.metric).resolve(dict(figure.params))
    scope = Scope.of(p)
    plain = scope.panel is None and scope.markets is None and scope.devices is None
    if not plain or scope.by_market or scope.ages is not None:
        return None
    if days.days_uncovered(figure.metric, p, figure.unit) is not None:
        return None
    period, length = _METRICS[figure.metric]
    if period is None:
        length, count = p.integer("window_days"), 1
    else:
        count = p.integer(f"{period}s")
    return Counting(
        table=figure.table,
        period=period,
        days=length,
        last_day=length * count,
        min_seconds=p.number("min_seconds"),
    )


def before(
    con: duckdb.DuckDBPyConnection,
    unit: str,
    figures: Sequence[Counting],
    units: str,
    seasons: str,
) -> None:
    """Note the touched units' per-day rows of the figures' days, before the load's are merged.

    Args:
        con: The store's connection, in the load's transaction, before the per-day merge.
        unit: The store's unit.
        figures: The counting figures.
        units: The temporary table of the touched (title, season, unit) (keyed by the unit's
            column) of the seasons whose catalog entry did not change.
        seasons: The temporary table of the seasons whose units are read (those with new
            sessions inside the figures' windows: the others' rows cannot change).
    """
    from showmeter.definitions.params import UNIT_COLUMNS

    column = UNIT_COLUMNS[unit]
    table = f'main."{days.unit_days_table(unit)}"'
    last = max(f.last_day for f in figures)
    # Each touched unit numbered (its rowid in a table of its own): the rows' groupings then
    # hash one integer, not the title and the unit's id (a third of their CPU at 2 M).
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_UNITS} AS SELECT title, season, {column} AS unit_id "
        f"FROM {units} AS u WHERE EXISTS (SELECT 1 FROM {seasons} AS s "
        "WHERE s.title = u.title AND s.season = u.season)"
    ).fetchall()
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_ROWS} AS SELECT a.rowid AS kept_rowid, x.rowid AS uid, "
        f"a.episode, a.day, a.seconds FROM {table} AS a JOIN temp.{_UNITS} AS x "
        "ON x.title = a.title AND x.season = a.season AND x.unit_id = a.unit_id "
        f"WHERE a.day <= {int(last)}"
    ).fetchall()


def apply(
    con: duckdb.DuckDBPyConnection, figures: Sequence[Counting], new_days: str
) -> tuple[int, list[str]]:
    """Add to each figure's rows the difference of the touched units' counts.

    Each touched row's seconds after the merge are those the merge wrote: its kept seconds
    plus its new sessions' (the same sum of the same doubles), or its new sessions' alone
    for an inserted row; the others' are as they were.

    Args:
        con: The store's connection, once the per-day merge is done (and after
            :func:`before`).
        figures: The counting figures.
        new_days: The temporary table of the merged per-day rows
            (:data:`~showmeter.engines.preaggregate_merged_days.NEW_DAYS_COLUMNS`).

    Returns:
        How many (season, period) rows changed, over every figure, and the tables of the
        figures to be recomputed for the touched seasons instead: those that lacked a row of a
        changed (season, period) (none in a store whose every season with a launch has its
        ``launch_at``) and those with a touched unit's sum near ``min_seconds`` (:data:`NEAR`),
        left as they were.
    """
    last = max(f.last_day for f in figures)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_NEW} AS SELECT x.rowid AS uid, n.episode, n.day, "
        f"n.kept_rowid, n.kept_seconds, n.seconds FROM temp.{new_days} AS n "
        f"JOIN temp.{_UNITS} AS x ON x.title = n.title AND x.season = n.season "
        f"AND x.unit_id = n.unit_id WHERE n.day <= {int(last)}"
    ).fetchall()
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_BOTH} AS "
        "SELECT r.uid, r.episode, r.day, r.seconds AS was, "
        "coalesce(n.kept_seconds + n.seconds, r.seconds) AS now "
        f"FROM temp.{_ROWS} AS r LEFT JOIN (SELECT kept_rowid, kept_seconds, seconds "
        f"FROM temp.{_NEW} WHERE kept_rowid IS NOT NULL) AS n "
        "ON n.kept_rowid = r.kept_rowid "
        f"UNION ALL SELECT uid, episode, day, NULL, seconds FROM temp.{_NEW} "
        "WHERE kept_rowid IS NULL"
    ).fetchall()
    changed = 0
    missing: list[str] = []
    for figure in figures:
        found, near = _difference(con, figure)
        if near:
            missing.append(figure.table)
            continue
        if not found:
            continue
        changed += found
        table = f'main."{figure.table}"'
        on = " AND ".join(f"a.{k} = d.{k}" for k in _keys(figure))
        updated = con.execute(
            f"UPDATE {table} AS a SET units = a.units + d.delta, "
            f"value = a.value + CAST(d.delta AS DOUBLE) FROM temp.{_DELTA} AS d WHERE {on}"
        ).fetchall()
        if int(updated[0][0]) != found:
            missing.append(figure.table)
        elif figure.period == "week":
            _week_on_week(con, table)
    return changed, missing


def drop(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the temporary tables of :func:`before` and :func:`apply`."""
    for name in (_UNITS, _ROWS, _NEW, _BOTH, _DELTA):
        con.execute(f"DROP TABLE IF EXISTS temp.{name}").fetchall()


def _keys(figure: Counting) -> list[str]:
    return ["title", "season", *([figure.period] if figure.period else [])]


def _difference(con: duckdb.DuckDBPyConnection, figure: Counting) -> tuple[int, bool]:
    """Write :data:`_DELTA`: the figure's count after less before, per (season, period).

    Only the (unit, season, period)s with a new per-day row can change (the others' rows
    are as they were): the touched rows are narrowed to them first. A unit views a period when
    one episode's seconds in it reach ``min_seconds``.

    Returns:
        Its rows with a change (the (season, period)s whose count changed), and whether any
        touched unit's episode sum, before or after, lies near ``min_seconds`` (:data:`NEAR`).
    """
    keys = _keys(figure)
    if figure.period is None:
        period, unit_keys = "", "uid"
    else:
        period = f", (day - 1) // {int(figure.days)} + 1 AS {figure.period}"
        unit_keys = f"uid, {figure.period}"
    inside = f"day <= {int(figure.last_day)}"
    limit = repr(float(figure.min_seconds))
    near = " OR ".join(
        f"({side} IS NOT NULL AND abs({side} - {limit}) <= {NEAR!r} * greatest({side}, {limit}))"
        for side in ("was", "now")
    )
    # Multiples of 2^-10 (scaling by a power of two is exact) below 2^43 add up exactly.
    exact = " AND ".join(
        f"bool_and({side} IS NULL OR ({side} * 1024 = trunc({side} * 1024) AND {side} < 2e12))"
        for side in ("was", "now")
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_DELTA} AS "
        f"WITH new AS (SELECT DISTINCT uid{period} FROM temp.{_NEW} WHERE {inside}), "
        f"rows AS (SELECT uid, episode{period}, was, now FROM temp.{_BOTH} WHERE {inside}), "
        f"sums AS (SELECT {unit_keys}, episode, sum(was) AS was, sum(now) AS now, "
        f"{exact} AS exact FROM rows SEMI JOIN new USING ({unit_keys}) GROUP BY ALL), "
        f"units AS (SELECT {unit_keys}, "
        f"CAST(coalesce(max(now), 0) >= {limit} AS INTEGER) "
        f"- CAST(coalesce(max(was), 0) >= {limit} AS INTEGER) AS delta, "
        f"bool_or(NOT exact AND ({near})) AS near FROM sums GROUP BY ALL) "
        f"SELECT {', '.join(f'x.{k}' if k in ('title', 'season') else f'd.{k}' for k in keys)}, "
        "sum(d.delta) AS delta, bool_or(d.near) AS near "
        f"FROM units AS d JOIN temp.{_UNITS} AS x ON x.rowid = d.uid "
        "WHERE d.delta <> 0 OR d.near GROUP BY ALL HAVING sum(d.delta) <> 0 OR bool_or(d.near)"
    ).fetchall()
    found, near_any = con.execute(
        f"SELECT count(*) FILTER (WHERE delta <> 0), coalesce(bool_or(near), false) "
        f"FROM temp.{_DELTA}"
    ).fetchall()[0]
    return int(found), bool(near_any)


def _week_on_week(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Recompute ``wow_change`` of the seasons whose weekly counts changed."""
    con.execute(
        f"UPDATE {table} AS a SET wow_change = w.wow_change FROM (SELECT title, season, week, "
        "value / NULLIF(lag(value) OVER (PARTITION BY title, season ORDER BY week), 0) - 1 "
        f"AS wow_change FROM {table} AS r SEMI JOIN (SELECT DISTINCT title, season "
        f"FROM temp.{_DELTA}) AS s ON s.title = r.title AND s.season = r.season) AS w "
        "WHERE a.title = w.title AND a.season = w.season AND a.week = w.week"
    ).fetchall()
