"""The counting season figures brought up to date by the units a load changes, not recomputed.

Reach, daily reach and weekly reach at the store's defaults (no panel: every unit weighs 1; no
``markets``, ``devices`` or ``by_market``; ``anchor=market``) count, per season and period,
the units that view it: a unit views in a period when, for some episode, its seconds in
sessions starting in the period sum to at least ``min_seconds``. The per-day rows
(:mod:`showmeter.definitions.preaggregate_days`) decide it, read as the figure reads them when
recomputed: a row's day *d* is in week ``(d − 1) // 7 + 1`` and in the window of *n* days when
``d <= n``, and a unit's status depends on its own rows alone.

So a load changes a figure only through the units it touched (each (title, season, unit) with a
new session): the stored count of a (season, period) plus, over those units, their status
after the load minus their status before it, equals the count a recompute of every unit gives,
as integers, exactly. Each unit's status is read twice from its per-day rows: before the new
sessions are merged into them and after. Both are lookups of the touched units' rows (a join
of the per-day rows with those units, nothing grouped but their rows), not a grouping of every
row as a recompute makes; the count is an integer and its value (Σ weight, each 1.0) the same
integer as a double. Seconds are never negative (ingest quarantines them), so a unit that
views keeps viewing and the difference is the units that newly reach ``min_seconds``; the
difference is taken as it is all the same, so nothing rests on that.

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

_METRICS = {"reach": (None, 0), "daily_reach": ("day", 1), "weekly_reach": ("week", 7)}
"""Each counting metric: its period column and the period's days (0: one window, no column)."""

_ROWS = "showmeter_counted_rows"
_BEFORE = "showmeter_counted_before"
_AFTER = "showmeter_counted_after"


@dataclasses.dataclass(frozen=True)
class Counting:
    """A season figure kept by the difference of its touched units' counts.

    Attributes:
        table: The figure's table.
        tag: Its short name in the temporary tables of statuses.
        period: Its period column (``day``, ``week``), or None for one window (reach).
        days: The days of one period (the window's for reach).
        last_day: The last day from L any of its periods holds.
        min_seconds: The seconds of one episode that make a viewer.
    """

    table: str
    tag: str
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
        tag=figure.metric,
        period=period,
        days=length,
        last_day=length * count,
        min_seconds=p.number("min_seconds"),
    )


def before(
    con: duckdb.DuckDBPyConnection, unit: str, figures: Sequence[Counting], units: str
) -> None:
    """Note each touched unit's status in every figure, before the load's rows are merged.

    Args:
        con: The store's connection, in the load's transaction, before the per-day merge.
        unit: The store's unit.
        figures: The counting figures.
        units: The temporary table of the touched (title, season, unit) (keyed by the unit's
            column) of the seasons whose catalog entry did not change.
    """
    _statuses(con, unit, figures, units, _BEFORE)


def apply(
    con: duckdb.DuckDBPyConnection, unit: str, figures: Sequence[Counting], units: str
) -> int:
    """Add to each figure's rows the difference of the touched units' counts.

    Args:
        con: The store's connection, after the per-day merge (and after :func:`before`).
        unit: The store's unit.
        figures: The counting figures.
        units: The same temporary table as :func:`before`'s.

    Returns:
        How many (season, period) rows changed, over every figure.
    """
    _statuses(con, unit, figures, units, _AFTER)
    changed = 0
    for figure in figures:
        period = figure.period
        keys = ["title", "season", *([period] if period else [])]
        on = " AND ".join(f"a.{k} = d.{k}" for k in keys)
        # The difference per (season, period): the units counted after, less those before.
        delta = (
            f"SELECT {', '.join(keys)}, sum(sign) AS delta FROM ("
            f"SELECT {', '.join(keys)}, 1 AS sign FROM temp.{_AFTER}_{figure.tag} UNION ALL "
            f"SELECT {', '.join(keys)}, -1 FROM temp.{_BEFORE}_{figure.tag}) "
            "GROUP BY ALL HAVING sum(sign) <> 0"
        )
        name = f"showmeter_counted_delta_{figure.tag}"
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {delta}").fetchall()
        try:
            found = int(con.execute(f"SELECT count(*) FROM temp.{name}").fetchall()[0][0])
            if not found:
                continue
            changed += found
            table = f'main."{figure.table}"'
            con.execute(
                f"UPDATE {table} AS a SET units = a.units + d.delta, "
                f"value = a.value + CAST(d.delta AS DOUBLE) FROM temp.{name} AS d WHERE {on}"
            ).fetchall()
            if period == "week":
                _week_on_week(con, table, name)
        finally:
            con.execute(f"DROP TABLE IF EXISTS temp.{name}").fetchall()
    return changed


def drop(con: duckdb.DuckDBPyConnection, figures: Sequence[Counting]) -> None:
    """Drop the temporary tables of :func:`before` and :func:`apply`."""
    names = [_ROWS] + [f"{s}_{f.tag}" for f in figures for s in (_BEFORE, _AFTER)]
    for name in names:
        con.execute(f"DROP TABLE IF EXISTS temp.{name}").fetchall()


def _statuses(
    con: duckdb.DuckDBPyConnection,
    unit: str,
    figures: Sequence[Counting],
    units: str,
    into: str,
) -> None:
    """Write ``<into>_<tag>``: each touched unit that views, per season and period.

    The touched units' per-day rows are read once (those of the days any figure holds); each
    figure's viewers are then grouped from them as a recompute groups every unit's
    (:func:`~showmeter.definitions.windows.viewers`: a row of ``min_seconds`` or more makes a
    viewer alone, the shorter ones are summed per episode).
    """
    from showmeter.definitions.params import UNIT_COLUMNS

    column = UNIT_COLUMNS[unit]
    table = f'main."{days.unit_days_table(unit)}"'
    last = max(f.last_day for f in figures)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_ROWS} AS SELECT a.title, a.season, a.unit_id, "
        f"a.episode, a.day, a.seconds FROM {table} AS a SEMI JOIN {units} AS x "
        f"ON x.title = a.title AND x.season = a.season AND x.{column} = a.unit_id "
        f"WHERE a.day <= {int(last)}"
    ).fetchall()
    for figure in figures:
        if figure.period is None:
            period, keys = "", "title, season, unit_id"
        else:
            period = f", (day - 1) // {int(figure.days)} + 1 AS {figure.period}"
            keys = f"title, season, unit_id, {figure.period}"
        limit = repr(float(figure.min_seconds))
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {into}_{figure.tag} AS SELECT DISTINCT {keys} "
            f"FROM (SELECT title, season, unit_id{period}, "
            f"CASE WHEN seconds >= {limit} THEN 0 ELSE episode END AS part, "
            f"sum(seconds) AS seconds FROM temp.{_ROWS} WHERE day <= {int(figure.last_day)} "
            f"GROUP BY ALL) WHERE seconds >= {limit}"
        ).fetchall()
    con.execute(f"DROP TABLE IF EXISTS temp.{_ROWS}").fetchall()


def _week_on_week(con: duckdb.DuckDBPyConnection, table: str, delta: str) -> None:
    """Recompute ``wow_change`` of the seasons whose weekly counts changed."""
    con.execute(
        f"UPDATE {table} AS a SET wow_change = w.wow_change FROM (SELECT title, season, week, "
        "value / NULLIF(lag(value) OVER (PARTITION BY title, season ORDER BY week), 0) - 1 "
        f"AS wow_change FROM {table} AS r SEMI JOIN (SELECT DISTINCT title, season "
        f"FROM temp.{delta}) AS s ON s.title = r.title AND s.season = r.season) AS w "
        "WHERE a.title = w.title AND a.season = w.season AND a.week = w.week"
    ).fetchall()
