"""Daily and weekly reach kept up to date by merging the touched blocks' contributions.

A row of ``daily_reach`` (``weekly_reach``) counts the units that view on that day (week): a
unit views on day k when, for some episode, its seconds in the sessions starting that day,
each measured from the launch in its own market (``anchor=market``), reach ``min_seconds``.
So each unit's contribution to a day (week) depends on its per-day rows
(:mod:`showmeter.definitions.preaggregate_days`) of that day (week) alone, and the rows are a
fixed grid (every launched season × days 1..30, weeks 1..4) whoever counts. After a load only
the (unit, week) blocks of the new sessions' per-day rows change; with ``old`` the figure over
those blocks' rows before the load and ``new`` after, each kept row becomes
``kept − old + new`` (``value`` is Σ weight and ``units`` a number of units; at the default
parameters the figures are kept at, no panel, a unit weighs 1, so the sums are whole numbers
and exact). ``wow_change`` is derived again from the merged ``value``, as the metric derives it.

The blocks' rows are read from the store once (one pass over the per-day table, a semi-join
on the blocks), and their rows after the load are those merged with the new sessions' per-day
rows as :func:`~showmeter.engines.preaggregate_refresh.refresh` merges them into the store:
both figures are then computed over those few rows, not over the touched seasons' every row.
A day block is contained in its week block, so the week blocks serve both figures (a day of a
touched week that no new session falls on has the same rows before and after: its delta is 0).

The other season figures are recomputed from their touched seasons' rows
(:mod:`showmeter.engines.preaggregate_refresh`): ``reach`` and the completion figures depend on
a unit's whole season (its first session fixes its market and L), ``time_to_complete`` holds
percentiles, and ``hours_viewed``, ``views`` and ``average_minute_audience`` sum fractional
seconds, whose merge would not round as a whole build does.
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
    "BLOCKS",
    "MERGED",
    "NEW_DAYS",
    "merged",
    "merged_figures",
    "new_contributions",
    "old_contributions",
    "seasons_sql",
]

MERGED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "daily_reach": (("value", "units"), ()),
    "weekly_reach": (("value", "units"), ("wow_change",)),
}
"""The metrics whose season figure is merged: the columns summed over units, those derived."""

NEW_DAYS = "showmeter_new_days"
"""The temporary table of the new sessions' per-day rows (built before the merge)."""

BLOCKS = "showmeter_blocks"
"""The temporary table of the touched (title, season, unit_id, week) blocks."""

_ROWS = {"old": "showmeter_block_rows_old", "new": "showmeter_block_rows_new"}
_KEYS = ("title", "season", "episode", "unit_id", "market", "device", "day")


def merged(figure: declared.SeasonFigure) -> bool:
    """Whether a season figure is kept by merging contributions (no parameter but the unit)."""
    return figure.metric in MERGED and set(dict(figure.params)) <= {"unit"}


def merged_figures(unit: str) -> list[declared.SeasonFigure]:
    """The season figures kept for ``unit`` that are merged."""
    return [f for f in declared.season_figures(unit) if merged(f)]


def _block_expr(figure: declared.SeasonFigure, rows_table: str) -> ir.Table:
    """The figure over the per-day rows in ``rows_table`` (the blocks'), in their seasons."""
    import ibis

    from showmeter import definitions
    from showmeter.definitions import preaggregate_days as days
    from showmeter.definitions.tables import CanonicalTables, canonical_table
    from showmeter.engines.sharing import substitute

    metric = definitions.get(figure.metric)
    progress = frozenset({declared.unit_progress_table(figure.unit)})
    rows = metric.build(CanonicalTables(aggregates=progress), metric.resolve(dict(figure.params)))
    stored = ibis.table(days.UNIT_DAYS_SCHEMA, name=rows_table)
    rows = substitute(rows, {canonical_table("viewing").op(): days.as_viewing(stored, figure.unit)})
    seasons = ibis.table({"title": "string", "season": "int32"}, name=BLOCKS)
    return rows.semi_join(seasons, ["title", "season"])


def _contributions(figure: declared.SeasonFigure, when: str) -> str:
    """The SQL of the figure over the blocks' rows before (``old``) or after (``new``)."""
    return builder.cached_sql(
        figure.table, figure.unit, _ROWS[when], functools.partial(_block_expr, figure, _ROWS[when])
    )


def seasons_sql() -> str:
    """The seasons whose merged figures take the merge (those with a touched block)."""
    return f"SELECT DISTINCT title, season FROM temp.{NEW_DAYS}"


def old_contributions(con: duckdb.DuckDBPyConnection, unit: str) -> None:
    """Read the touched blocks' per-day rows before the refresh, and work out theirs after.

    Args:
        con: The store's connection, in the load's transaction, before the per-day rows'
            refresh and with :data:`NEW_DAYS` made.
        unit: The store's unit.
    """
    from showmeter.definitions import preaggregate_days as days

    week = "(day - 1) // 7 + 1"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {BLOCKS} AS SELECT DISTINCT title, season, unit_id, "
        f"{week} AS week FROM temp.{NEW_DAYS}"
    ).fetchall()
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_ROWS['old']} AS SELECT a.* "
        f'FROM main."{days.unit_days_table(unit)}" a SEMI JOIN temp.{BLOCKS} b '
        "ON a.title = b.title AND a.season = b.season AND a.unit_id = b.unit_id "
        f"AND (a.day - 1) // 7 + 1 = b.week"
    ).fetchall()
    on = " AND ".join(f"o.{k} = n.{k}" for k in _KEYS)
    con.execute(  # as the refresh merges them: sums added, the earlier first start
        f"CREATE OR REPLACE TEMP TABLE {_ROWS['new']} AS SELECT "
        + ", ".join(f"coalesce(o.{k}, n.{k}) AS {k}" for k in _KEYS)
        + ", CASE WHEN o.first_at IS NULL THEN n.first_at WHEN n.first_at IS NULL "
        "THEN o.first_at ELSE least(o.first_at, n.first_at) END AS first_at, "
        "CASE WHEN o.seconds IS NULL THEN n.seconds WHEN n.seconds IS NULL THEN o.seconds "
        "ELSE o.seconds + n.seconds END AS seconds, "
        "CASE WHEN o.sessions IS NULL THEN n.sessions WHEN n.sessions IS NULL THEN o.sessions "
        "ELSE o.sessions + n.sessions END AS sessions "
        f"FROM temp.{_ROWS['old']} o FULL JOIN temp.{NEW_DAYS} n ON {on}"
    ).fetchall()


def new_contributions(con: duckdb.DuckDBPyConnection, unit: str) -> None:
    """Merge each figure's touched blocks' new contributions in place of their old ones.

    Run after :func:`old_contributions` (the store's rows need not be refreshed yet); drops
    the temporary tables of both.

    Args:
        con: The store's connection, in the load's transaction.
        unit: The store's unit.
    """
    figures = merged_figures(unit)
    for figure in figures:
        summed, derived = MERGED[figure.metric]
        table = f'main."{figure.table}"'
        columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        keys = [c for c in columns if c not in summed and c not in derived]
        sql = _contributions(figure, "new")
        old = "showmeter_old_figure"
        try:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE {old} AS {_contributions(figure, 'old')}"
            ).fetchall()
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
    for temp in (BLOCKS, *_ROWS.values()):
        con.execute(f"DROP TABLE IF EXISTS temp.{temp}").fetchall()


def _wow_change(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """``wow_change`` = value / the week before's value − 1, for the merged seasons' rows."""
    con.execute(
        f"UPDATE {table} AS a SET wow_change = w.change FROM (SELECT title, season, week, "
        "value / nullif(lag(value) OVER (PARTITION BY title, season ORDER BY week), 0) - 1 "
        f"AS change FROM {table} AS b WHERE EXISTS (SELECT 1 FROM temp.showmeter_delta AS d "
        "WHERE d.title = b.title AND d.season = b.season)) AS w "
        "WHERE a.title = w.title AND a.season = w.season AND a.week = w.week"
    ).fetchall()
