"""Season figures kept up to date by merging the touched units' contributions into them.

A season figure of :data:`MERGED` is, in every row, a sum over the season's units of each
unit's own contribution: ``value`` and ``started`` are Σ weight and ``units`` the number of
the units that count in the row (a viewer, a completer, a racer), each unit deciding alone
whether it counts from its own sessions (its market, its L, its completions); and its rows are
a fixed grid (every launched season, × its days, weeks, hours or episodes), whoever counts.
So after a load, with ``old`` the figure computed over the touched units' rows before the
load's refresh and ``new`` over them after, each kept row becomes ``kept − old + new``: the
untouched units' contributions stay, each touched unit's old one is withdrawn and its new one
added. Both are computed over the touched (unit, season) pairs only
(:class:`~showmeter.definitions.tables.CanonicalTables` restricted to them), not over the
seasons' every unit, and the sums are exact: at the default parameters the season figures are
kept at (no panel) a unit weighs 1, so each sum is a whole number.

Figures not listed are recomputed from their touched seasons' rows
(:mod:`showmeter.engines.preaggregate_refresh`): ``time_to_complete`` (percentiles: not a sum),
``hours_viewed``, ``views`` and ``average_minute_audience`` (sums of fractional seconds, whose
merge would not give a whole build's rounding), and ``binge_racers`` by market (its rows are
the markets its units are in). ``weekly_reach``'s ``wow_change`` is derived from the merged
``value`` of the week before, as the metric derives it.

Those figures count units, so a session without a unit counts in none (it is dropped with the
sessions' unit, :func:`~showmeter.definitions.windows.unit_viewing`, as the per-unit progress
drops it). A season whose catalog entry changed, or touched only by sessions without a unit,
is recomputed instead.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from showmeter.definitions import preaggregates as declared
from showmeter.engines import preaggregate_build as builder

if TYPE_CHECKING:
    import duckdb
    import ibis.expr.types as ir

__all__ = [
    "MERGED",
    "NEW_DAYS",
    "blocks",
    "merged",
    "merged_figures",
    "new_contributions",
    "old_contributions",
    "seasons_sql",
]

MERGED: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "daily_reach": ("day", ("value", "units"), ()),
    "weekly_reach": ("week", ("value", "units"), ("wow_change",)),
}
"""The metrics whose season figure is merged: the period a unit counts in alone (its
block), the columns summed over the units, and those derived from them."""

NEW_DAYS = "showmeter_new_days"
"""The temporary table of the new sessions' per-day rows (built before the merge)."""


def blocks(period: str) -> str:
    """The temporary table of the touched blocks (title, season, unit_id, ``period``)."""
    return f"showmeter_blocks_{period}"


def merged(figure: declared.SeasonFigure) -> bool:
    """Whether a season figure is kept by merging contributions (no parameter but the unit)."""
    return figure.metric in MERGED and set(dict(figure.params)) <= {"unit"}


def merged_figures(unit: str) -> list[declared.SeasonFigure]:
    """The season figures kept for ``unit`` that are merged."""
    return [f for f in declared.season_figures(unit) if merged(f)]


def _old(figure: declared.SeasonFigure) -> str:
    return f"showmeter_old_{figure.table}"


def _period(rows: ir.Table, period: str) -> ir.IntegerValue:
    """The block's period of each per-day row (day k is its day; week k holds days 7k−6..7k)."""
    return rows.day if period == "day" else (rows.day - 1) // 7 + 1


def _block_expr(figure: declared.SeasonFigure) -> ir.Table:
    """The figure over the per-day rows of the touched blocks alone, in their seasons."""
    import ibis

    from showmeter import definitions
    from showmeter.definitions import preaggregate_days as days
    from showmeter.definitions.tables import CanonicalTables, canonical_table
    from showmeter.engines.sharing import substitute

    period = MERGED[figure.metric][0]
    metric = definitions.get(figure.metric)
    progress = frozenset({declared.unit_progress_table(figure.unit)})
    rows = metric.build(CanonicalTables(aggregates=progress), metric.resolve(dict(figure.params)))
    stored = ibis.table(days.UNIT_DAYS_SCHEMA, name=days.unit_days_table(figure.unit))
    keys = ibis.table(
        {"title": "string", "season": "int32", "unit_id": "string", period: "int64"},
        name=blocks(period),
    )
    stored = stored.semi_join(
        keys,
        [
            stored.title == keys.title,
            stored.season == keys.season,
            stored.unit_id == keys.unit_id,
            _period(stored, period) == keys[period],
        ],
    )
    viewing = days.as_viewing(stored, figure.unit)
    rows = substitute(rows, {canonical_table("viewing").op(): viewing})
    return rows.semi_join(keys, ["title", "season"])


def _contributions(figure: declared.SeasonFigure) -> str:
    """The SQL of the figure over the touched blocks alone (their units' contributions)."""
    period = MERGED[figure.metric][0]
    return builder.cached_sql(
        figure.table, figure.unit, blocks(period), functools.partial(_block_expr, figure)
    )


def seasons_sql() -> str:
    """The seasons whose merged figures take the merge (those with a touched block)."""
    return f"SELECT DISTINCT title, season FROM temp.{NEW_DAYS}"


def old_contributions(con: duckdb.DuckDBPyConnection, unit: str) -> None:
    """Keep each merged figure over the touched blocks' rows as they are before the refresh.

    The blocks are those of the new sessions' per-day rows (:data:`NEW_DAYS`): a unit counts
    on a day (in a week) from its rows of that day (week) alone, each from the launch in the
    row's market (``anchor=market``), so only those blocks' contributions change.

    Args:
        con: The store's connection, in the load's transaction, before the per-day rows'
            refresh and with :data:`NEW_DAYS` made.
        unit: The store's unit.
    """
    figures = merged_figures(unit)
    for period in sorted({MERGED[f.metric][0] for f in figures}):
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {blocks(period)} AS SELECT DISTINCT title, season, "
            f"unit_id, {'day' if period == 'day' else '(day - 1) // 7 + 1'} AS {period} "
            f"FROM temp.{NEW_DAYS}"
        ).fetchall()
    for figure in figures:
        sql = _contributions(figure)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_old(figure)} AS {sql}").fetchall()


def new_contributions(con: duckdb.DuckDBPyConnection, unit: str) -> None:
    """Merge each figure's touched units' new contributions in place of their old ones.

    Run after the per-unit and per-day rows are refreshed; drops the old contributions.

    Args:
        con: The store's connection, in the load's transaction.
        unit: The store's unit.
    """
    figures = merged_figures(unit)
    for figure in figures:
        _, summed, derived = MERGED[figure.metric]
        table = f'main."{figure.table}"'
        columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        keys = [c for c in columns if c not in summed and c not in derived]
        sql = _contributions(figure)
        old = _old(figure)
        try:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE showmeter_delta AS SELECT "
                + ", ".join(f"coalesce(n.{k}, o.{k}) AS {k}" for k in keys)
                + ", "
                + ", ".join(f"coalesce(n.{c}, 0) - coalesce(o.{c}, 0) AS {c}" for c in summed)
                + f" FROM ({sql}) n FULL JOIN temp.{old} o ON "
                + " AND ".join(f"n.{k} = o.{k}" for k in keys)
            ).fetchall()
            same = " AND ".join(f"a.{k} = d.{k}" for k in keys)
            con.execute(
                f"UPDATE {table} AS a SET "
                + ", ".join(f"{c} = a.{c} + d.{c}" for c in summed)
                + f" FROM temp.showmeter_delta AS d WHERE {same}"
            ).fetchall()
            # A grid row the store lacked had no untouched unit counting in it: the delta is it.
            con.execute(
                f"INSERT INTO {table} ({', '.join([*keys, *summed])}) "
                f"SELECT {', '.join([*keys, *summed])} FROM temp.showmeter_delta AS d "
                f"WHERE NOT EXISTS (SELECT 1 FROM {table} AS a WHERE {same})"
            ).fetchall()
            if "wow_change" in derived:
                _wow_change(con, table)
        finally:
            for temp in (old, "showmeter_delta"):
                con.execute(f"DROP TABLE IF EXISTS temp.{temp}").fetchall()
    for period in {MERGED[f.metric][0] for f in figures}:
        con.execute(f"DROP TABLE IF EXISTS temp.{blocks(period)}").fetchall()


def _wow_change(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """``wow_change`` = value / the week before's value − 1, for the merged seasons' rows."""
    con.execute(
        f"UPDATE {table} AS a SET wow_change = w.change FROM (SELECT title, season, week, "
        "value / nullif(lag(value) OVER (PARTITION BY title, season ORDER BY week), 0) - 1 "
        f"AS change FROM {table} AS b WHERE EXISTS (SELECT 1 FROM temp.showmeter_delta AS d "
        "WHERE d.title = b.title AND d.season = b.season)) AS w "
        "WHERE a.title = w.title AND a.season = w.season AND a.week = w.week"
    ).fetchall()
