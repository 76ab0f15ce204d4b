"""The per-unit progress brought up to date after a load: the (unit, season) pairs it touched.

Part of the refresh (:mod:`showmeter.engines.preaggregate_refresh`). A row of the per-unit
progress (:func:`~showmeter.definitions.preaggregates.build_unit_progress`) of a (unit,
season, episode) depends only on the unit's market and L (from its first session of the
season) and on its sessions of that episode that count (from the launch in their own market
and from L, before L + the horizon), so :func:`refresh_units` recomputes a touched pair
whole when its first session changes (or it had no row and now has a session that can
count), and otherwise only the episodes of its new sessions that count. Sessions that count
nowhere (later than the horizon, before their market's launch: most of a load of later
sessions) change no row and cost no recompute.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from showmeter.definitions import preaggregates as declared
from showmeter.engines import preaggregate_build as builder

if TYPE_CHECKING:
    import duckdb
    import ibis.expr.types as ir

__all__ = ["refresh_units"]

_TOUCHED_EPISODES = "showmeter_touched_episodes"
_KEPT_FIRST = "showmeter_kept_first"
_CANDIDATES = "showmeter_first_candidates"


def _whole_units(column: str) -> str:
    """The temporary table of the touched pairs recomputed whole (keyed as a restriction)."""
    return f"showmeter_whole_units_{column}"


def refresh_units(
    con: duckdb.DuckDBPyConnection,
    unit: str,
    units_table: str,
    new_rows: str | None,
    changed: str,
) -> tuple[int, int]:
    """Recompute the per-unit progress the load touched, and that of the changed seasons.

    Only pairs with a new session where a first session is looked for (from the launch in its
    market up to the season's last launch + the horizon) are read; any other pair's rows
    cannot change. Of those, a pair whose unit's first session stays its first (no new
    session starts before it: its market and L stay) is refreshed only in the episodes of the
    new sessions that count
    (:func:`~showmeter.definitions.preaggregates.build_episode_progress`); a pair whose first
    session is new, or that had no row, is recomputed whole. The changed seasons are
    recomputed whole whatever the load holds.

    Args:
        con: The store's connection, in the load's transaction (the new rows in ``viewing``).
        unit: The store's unit.
        units_table: The temporary table of the touched (title, season, unit) pairs, those of
            the changed seasons left out.
        new_rows: A query of the load's new sessions (None: none).
        changed: The temporary table of the seasons whose catalog entry changed (recomputed
            whole).

    Returns:
        The pairs recomputed whole, and the (unit, season, episode) rows refreshed alone.
    """
    from showmeter.definitions.params import UNIT_COLUMNS

    column = UNIT_COLUMNS[unit]
    name = declared.unit_progress_table(unit)
    table = f'main."{name}"'
    whole = _whole_units(column)
    try:
        _split_touched(con, table, column, units_table, whole, new_rows)
        restricts = (whole, _TOUCHED_EPISODES, changed)
        counts = {restrict: builder.count_temp(con, restrict) for restrict in restricts}
        if not any(counts.values()):  # no row can change (nor need the scan of the DELETE)
            return 0, 0
        con.execute(
            f"DELETE FROM {table} AS a WHERE EXISTS (SELECT 1 FROM {whole} x "
            f"WHERE x.title = a.title AND x.season = a.season AND x.{column} = a.unit_id) "
            f"OR EXISTS (SELECT 1 FROM {_TOUCHED_EPISODES} x WHERE x.title = a.title "
            "AND x.season = a.season AND x.unit_id = a.unit_id AND x.episode = a.episode) "
            f"OR EXISTS (SELECT 1 FROM {changed} x "
            "WHERE x.title = a.title AND x.season = a.season)"
        ).fetchall()
        for restrict, make in (
            (whole, functools.partial(builder.unit_expr, whole, unit)),
            (_TOUCHED_EPISODES, functools.partial(_episodes_expr, unit)),
            (changed, functools.partial(builder.unit_expr, changed, unit)),
        ):
            if counts[restrict]:
                sql = builder.cached_sql(name, unit, restrict, make)
                con.execute(f"INSERT INTO {table} {sql}").fetchall()
        return counts[whole], counts[_TOUCHED_EPISODES]
    finally:
        for temp in (whole, _TOUCHED_EPISODES, _KEPT_FIRST, _CANDIDATES):
            con.execute(f"DROP TABLE IF EXISTS temp.{temp}").fetchall()


def _split_touched(
    con: duckdb.DuckDBPyConnection,
    table: str,
    column: str,
    units_table: str,
    whole: str,
    new_rows: str | None,
) -> None:
    """Split the touched pairs: those recomputed whole, and the episodes refreshed alone.

    A unit's first session of a season (the smallest start, then market, among its sessions
    from the launch in their market up to the season's last launch + the horizon) fixes its
    market and L. When the pair has kept rows, that session is among them (it starts at L,
    before L + the horizon), at L + the smallest ``first_us``, in the kept market. The pair's
    first session stays when no new session of it (from the launch in its market, before the
    season's horizon) comes before that (start, market).

    A pair with no new session there changes no row: without kept rows it had no session
    there (its first would have a row) and still has none; with kept rows its new sessions
    count nowhere (L + the horizon is at most the season's horizon). Only the other pairs'
    kept rows are read. Of a pair whose first session stays, only the episodes of its new
    sessions that count (as
    :func:`~showmeter.definitions.preaggregates.build_episode_progress` counts them: from the
    launch in their own market and from L, before L + the horizon) are refreshed: no other
    row can change.
    """
    new = new_rows or (
        f"SELECT NULL::VARCHAR AS title, NULL::INTEGER AS season, NULL::VARCHAR AS {column}, "
        "NULL::INTEGER AS episode, NULL::VARCHAR AS market, NULL::TIMESTAMPTZ AS started_at "
        "WHERE false"
    )
    horizon = f"INTERVAL {declared.HORIZON_DAYS * 24} HOUR"
    # Each pair's earliest new session where a first session is looked for: a pair without
    # one changes no row (its new sessions count nowhere), so only these pairs are read.
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_CANDIDATES} AS "
        f"WITH launched AS (SELECT title, season, market, launch_at, "
        f"max(launch_at) OVER (PARTITION BY title, season) + {horizon} AS horizon "
        "FROM main.launches) "
        f"SELECT n.title, n.season, n.{column} AS unit_id, "
        "min({'s': epoch_us(n.started_at), 'm': n.market}) AS head "
        f"FROM ({new}) n JOIN launched l ON l.title = n.title AND l.season = n.season "
        "AND l.market = n.market "
        "WHERE n.started_at >= l.launch_at AND n.started_at < l.horizon "
        f"AND n.{column} IS NOT NULL AND n.{column} <> '' AND EXISTS (SELECT 1 FROM "
        f"{units_table} x WHERE x.title = n.title AND x.season = n.season "
        f"AND x.{column} = n.{column}) GROUP BY ALL"
    ).fetchall()
    none = not builder.count_temp(con, _CANDIDATES)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_KEPT_FIRST} AS "
        "SELECT a.title, a.season, a.unit_id, any_value(a.market) AS unit_market, "
        "any_value(a.launch_at) AS unit_launch_at, "
        "epoch_us(any_value(a.launch_at)) + min(a.first_us) AS first_us "
        f"FROM {table} a SEMI JOIN {_CANDIDATES} c "
        "ON c.title = a.title AND c.season = a.season AND c.unit_id = a.unit_id "
        f"{'WHERE false ' if none else ''}GROUP BY a.title, a.season, a.unit_id"
    ).fetchall()
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {whole} AS "
        f"SELECT c.title, c.season, c.unit_id AS {column} FROM {_CANDIDATES} c "
        f"LEFT JOIN {_KEPT_FIRST} k ON k.title = c.title AND k.season = c.season "
        "AND k.unit_id = c.unit_id "
        "WHERE k.unit_id IS NULL OR c.head.s < k.first_us "
        "OR (c.head.s = k.first_us AND c.head.m < k.unit_market)"
    ).fetchall()
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_TOUCHED_EPISODES} AS "
        "SELECT DISTINCT n.title, n.season, k.unit_id, n.episode, k.unit_market, "
        f"k.unit_launch_at FROM ({new}) n JOIN {_KEPT_FIRST} k ON k.title = n.title "
        f"AND k.season = n.season AND k.unit_id = n.{column} "
        "JOIN main.launches l ON l.title = n.title AND l.season = n.season "
        "AND l.market = n.market "
        "WHERE n.started_at >= l.launch_at AND n.started_at >= k.unit_launch_at "
        f"AND n.started_at < k.unit_launch_at + {horizon} "
        f"AND NOT EXISTS (SELECT 1 FROM {whole} w WHERE w.title = k.title "
        f"AND w.season = k.season AND w.{column} = k.unit_id)"
    ).fetchall()


def _episodes_expr(unit: str) -> ir.Table:
    """The per-unit rows of the touched episodes of units whose first session stays."""
    from showmeter.definitions.tables import CanonicalTables

    return declared.build_episode_progress(CanonicalTables(), unit, _TOUCHED_EPISODES)
