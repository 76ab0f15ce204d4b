"""Bring a store's pre-aggregations up to date after a load, recomputing only what it touched.

The rows of each (unit, season) pair of the per-unit progress depend on that unit's sessions of
that season alone, and a season figure's rows on that season's sessions alone (and each
season's catalog entry), so :func:`refresh` recomputes:

- the per-unit progress of each (unit, season) pair with a new session where a first session
  is looked for — only the episodes of its new sessions that count when its first session
  stays its first (its market and L then stay), all of it otherwise
  (:mod:`~showmeter.engines.preaggregate_units`; a session that counts nowhere redoes no
  row) — and of every unit of a season whose catalog entry changed;
- the per-day rows: the new sessions' sums merged into them (they are additive: the cost is
  in proportion to the new sessions), those of a season whose catalog entry changed
  recomputed;
- the counting figures (reach, daily and weekly reach at the store's defaults) by the
  difference the touched units make: their status before the per-day merge and after it,
  read from their per-day rows (:mod:`~showmeter.engines.preaggregate_counts`); a changed
  season's rows recomputed;
- every other season figure's rows of each season with a new session or a changed catalog entry
  (those of additive metrics from the per-day rows, refreshed first), from the whole
  expression when that is every season of the catalog (a relation that several of them hold
  computed once: :mod:`~showmeter.engines.preaggregate_shared`) — except, for a figure with
  a window after L, the seasons whose new sessions all start after the window
  (:mod:`~showmeter.engines.preaggregate_windows`): those rows cannot change;

and keeps the others: the rows kept equal those a whole build would give
(``tests/test_preaggregates_store.py`` and ``tests/definitions/test_preaggregates_refresh.py``
compare them).

What a load touched is read once from its new rows (the staged rows, not the store's) into
temporary tables keyed as :class:`~showmeter.definitions.tables.CanonicalTables` restricts
(``showmeter_touched_units_<unit column>``, ``showmeter_touched_seasons``).
"""

from __future__ import annotations

import functools
import time
from typing import TYPE_CHECKING

from showmeter.definitions import preaggregates as declared
from showmeter.engines import preaggregate_build as builder
from showmeter.engines import preaggregate_counts as counts
from showmeter.engines import preaggregate_merged_days as merged_days
from showmeter.engines import preaggregate_shared as shared
from showmeter.engines import preaggregate_units as units_refresh
from showmeter.engines import preaggregate_windows as windows
from showmeter.engines import preaggregates as kept
from showmeter.engines.preaggregates import Refreshed

if TYPE_CHECKING:
    from collections.abc import Callable

    import duckdb

__all__ = ["Refreshed", "refresh"]

_TOUCHED_SEASONS = "showmeter_touched_seasons"
_CHANGED_SEASONS = "showmeter_changed_seasons"
_LOADED = "showmeter_loaded_viewing"


def _touched_units(column: str) -> str:
    """The temporary table of touched (title, season, unit) keyed by the unit's column."""
    return f"showmeter_touched_units_{column}"


def refresh(
    con: duckdb.DuckDBPyConnection,
    loaded_viewing: str | None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Refreshed:
    """Bring the pre-aggregations up to date after a load, recomputing only what it touched.

    Run inside the load's transaction, after its rows are in the store's tables.

    Args:
        con: A writable connection to the store, in the load's transaction.
        loaded_viewing: A query of the sessions this load added (None: none).
        progress: Called as ``progress(table, done, total)`` (a whole build only).

    Returns:
        What was recomputed.
    """
    from showmeter.definitions.params import UNIT_COLUMNS

    started = time.perf_counter()
    state = kept.status(con, loading=True)
    if not state.current:
        if not kept.has_aggregates(con) and kept.session_count(con) < kept.min_sessions():
            return Refreshed(seconds=time.perf_counter() - started)  # a small store keeps none
        kept.build(con, progress, state.unit)
        return Refreshed(whole=True, seconds=time.perf_counter() - started)
    column = UNIT_COLUMNS[state.unit]
    units_table = _touched_units(column)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_CHANGED_SEASONS} AS "
        f"SELECT title, season FROM (({kept.DIGEST_SQL}) EXCEPT "
        f"(SELECT title, season, digest FROM main.{kept.DIGESTS})) "
        f"UNION SELECT title, season FROM (SELECT title, season, digest FROM main.{kept.DIGESTS} "
        f"EXCEPT ({kept.DIGEST_SQL}))"
    ).fetchall()
    if loaded_viewing is not None:
        # Read by several statements below: its rows once (the load's query of them scans
        # the staged rows and their unloaded ones each time it is read). A copy of the load's
        # new rows: DuckDB holds it within its memory limit and spills the rest to its temp
        # directory (a tenth of a 50 M store: ~5 M rows).
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_LOADED} AS {loaded_viewing}").fetchall()
        loaded_viewing = f"SELECT * FROM temp.{_LOADED}"
    new_rows = loaded_viewing or (
        f"SELECT NULL::VARCHAR AS title, NULL::INTEGER AS season, NULL::VARCHAR AS {column} "
        "WHERE false"
    )
    # One pass over the new rows: each touched (title, season, unit) (sessions without the
    # unit count in no per-unit row but may in a season's figures: kept with a null unit).
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE showmeter_touched AS SELECT DISTINCT title, season, "
        f"NULLIF({column}, '') AS {column} FROM ({new_rows})"
    ).fetchall()
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {units_table} AS SELECT title, season, {column} "
        f"FROM showmeter_touched n WHERE {column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
        f"{_CHANGED_SEASONS} c WHERE c.title = n.title AND c.season = n.season)"
    ).fetchall()
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_TOUCHED_SEASONS} AS SELECT DISTINCT title, season "
        f"FROM showmeter_touched UNION SELECT title, season FROM {_CHANGED_SEASONS}"
    ).fetchall()
    whole_units = episodes = 0
    counted: dict[str, counts.Counting] = {}
    noted: list[counts.Counting] = []
    try:
        units = builder.count_temp(con, units_table)
        seasons = builder.count_temp(con, _TOUCHED_SEASONS)
        if seasons:
            whole_units, episodes = units_refresh.refresh_units(
                con, state.unit, units_table, loaded_viewing, _CHANGED_SEASONS
            )
            figures = declared.season_figures(state.unit)
            counted = _counted(figures, loaded_viewing)
            if loaded_viewing is not None:
                windows.season_ends(con, loaded_viewing, _TOUCHED_SEASONS, _CHANGED_SEASONS)
            # The seasons with new sessions inside the counting figures' windows (no other
            # can change them: :mod:`.preaggregate_windows`).
            inside = 24 * max((c.last_day for c in counted.values()), default=0)
            if counted and units and windows.open_seasons(con, inside):
                noted = list(counted.values())
                counts.before(con, state.unit, noted, units_table, windows.WINDOW_SEASONS)
            missing: list[str] = []

            def merged(new_days: str) -> None:
                if noted:
                    missing.extend(counts.apply(con, noted, new_days)[1])

            merged_days.refresh_days(con, state.unit, loaded_viewing, _CHANGED_SEASONS, merged)
            for table in missing:  # a row it lacked: recomputed as before
                counted.pop(table)
            every = _every_season(con)
            whole: list[declared.SeasonFigure] = []  # computed whole, after the others
            changed = builder.count_temp(con, _CHANGED_SEASONS)
            for figure in figures:
                if figure.table in counted:  # kept by its difference, but a changed season's
                    if changed:
                        _recompute(con, figure, state.unit, _CHANGED_SEASONS)
                    continue
                hours = windows.window_hours(figure)
                if hours is None or loaded_viewing is None:
                    left, restrict = seasons, _TOUCHED_SEASONS
                else:  # the others' rows cannot change
                    left, restrict = windows.open_seasons(con, hours), windows.WINDOW_SEASONS
                if every and left == seasons:
                    whole.append(figure)
                elif left:
                    _recompute(con, figure, state.unit, restrict)
            _recompute_whole(con, whole, state.unit)
            con.execute(
                f"CREATE OR REPLACE TABLE main.{kept.DIGESTS} AS {kept.DIGEST_SQL}"
            ).fetchall()
            names = kept.tables(state.unit)
            builder.record(con, {name: builder.count(con, name) for name in names}, state.unit)
    finally:
        counts.drop(con)
        temporary = (windows.SEASON_ENDS, windows.WINDOW_SEASONS, "showmeter_touched")
        for name in (*temporary, units_table, _TOUCHED_SEASONS, _CHANGED_SEASONS, _LOADED):
            con.execute(f"DROP TABLE IF EXISTS temp.{name}").fetchall()
    return Refreshed(
        units=units,
        seasons=seasons,
        seconds=time.perf_counter() - started,
        whole_units=whole_units,
        episodes=episodes,
    )


def _counted(
    figures: tuple[declared.SeasonFigure, ...], new_rows: str | None
) -> dict[str, counts.Counting]:
    """The counting figures kept by their difference (:mod:`.preaggregate_counts`), by table.

    Empty without new rows (a load of the catalog alone: its changed seasons are recomputed).
    """
    if new_rows is None:
        return {}
    found = {f.table: counts.counting(f) for f in figures}
    return {table: c for table, c in found.items() if c is not None}


def _every_season(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the load touched every season of the catalog (a random sample of sessions does).

    Then each season figure is computed whole, as a build computes it: the same rows, without
    the restriction to the touched seasons (about a tenth of the figures' CPU at 2 M).
    """
    return not con.execute(
        f"SELECT EXISTS (SELECT 1 FROM main.seasons s WHERE NOT EXISTS (SELECT 1 FROM "
        f"{_TOUCHED_SEASONS} x WHERE x.title = s.title AND x.season = s.season))"
    ).fetchall()[0][0]


def _recompute_whole(
    con: duckdb.DuckDBPyConnection, figures: list[declared.SeasonFigure], unit: str
) -> None:
    """Recompute the rows of every season of ``figures``, each relation they share computed once.

    Args:
        con: The store's connection, in the load's transaction.
        figures: The season figures (none: nothing to do).
        unit: The store's unit.
    """
    if not figures:
        return
    made = shared.plan(figures, unit)
    try:
        shared.materialize(con, made)
        for figure in figures:
            _recompute(con, figure, unit, None, made.figures[figure.table])
    finally:
        shared.drop(con, made)


def _recompute(
    con: duckdb.DuckDBPyConnection,
    figure: declared.SeasonFigure,
    unit: str,
    seasons: str | None,
    sql: str | None = None,
) -> None:
    """Recompute a season figure's rows of the seasons in the temporary table ``seasons``.

    Args:
        con: The store's connection, in the load's transaction.
        figure: The season figure.
        unit: The store's unit.
        seasons: The temporary table of the seasons; None: every season (all its rows).
        sql: The SQL of its rows when planned already (:mod:`.preaggregate_shared`).
    """
    table = f'main."{figure.table}"'
    if seasons is None:
        con.execute(f"DELETE FROM {table}").fetchall()
    else:
        con.execute(
            f"DELETE FROM {table} AS a WHERE EXISTS (SELECT 1 FROM {seasons} x "
            "WHERE x.title = a.title AND x.season = a.season)"
        ).fetchall()
    if sql is None:
        sql = builder.cached_sql(
            figure.table,
            unit,
            seasons,
            functools.partial(builder.figure_expr, figure, seasons, from_days=True),
        )
    con.execute(f"INSERT INTO {table} {sql}").fetchall()
