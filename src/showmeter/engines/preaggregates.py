"""Build and maintain a store's pre-aggregations through the engine, in a load's transaction.

The pre-aggregations are declared in :mod:`showmeter.definitions.preaggregates`, each an Ibis
expression over the canonical tables; this module compiles them to DuckDB SQL and keeps their
rows in tables of the store:

- :func:`build` computes every pre-aggregation whole (a store's first load, an upgrade of a
  store written before they existed, ``showmeter optimize``);
- :func:`refresh` recomputes only what a load touched: the rows of each (unit, season) pair
  with a new session in :data:`~showmeter.definitions.preaggregates.UNIT_PROGRESS`, and every
  row of each season with a new session (or whose catalog entry changed) in the season
  figures. Rows of a unit's season depend on that unit's sessions of that season alone, and a
  season figure's rows on that season's sessions alone, so the rows kept equal those a whole
  build would give.

:data:`META` records each pre-aggregation's version (its declaration's and its metric's), and
:data:`DIGESTS` each season's catalog entry as the aggregates were computed from it;
:func:`available` gives the pre-aggregations a computation may read (none when the store's are
missing or were built by another version: then :func:`status` says why).
"""

from __future__ import annotations

import dataclasses
import os
import time
from typing import TYPE_CHECKING

from showmeter.definitions import preaggregates as declared

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    import duckdb
    import ibis.expr.types as ir

__all__ = [
    "DIGESTS",
    "META",
    "MIN_SESSIONS",
    "MIN_SESSIONS_VARIABLE",
    "Status",
    "available",
    "build",
    "maintainer",
    "min_sessions",
    "refresh",
    "status",
    "tables",
    "upgrade_store",
    "versions",
]

META = "showmeter_preaggregates"
"""The table recording each pre-aggregation: name, version, rows, when built."""

MIN_SESSIONS_VARIABLE = "SHOWMETER_PREAGGREGATE_MIN_SESSIONS"
"""The environment variable that sets :data:`MIN_SESSIONS`."""

MIN_SESSIONS = 100_000
"""A load builds the pre-aggregations of a store that has none only once it holds this many
sessions: a smaller store computes fast from its sessions, and its ~15 tables of at least a
block each (256 kB) would be most of its file. ``showmeter optimize`` builds them whatever the
size; once built, every load keeps them."""

DIGESTS = "showmeter_preaggregate_seasons"
"""Each season's catalog entry (its launches, episodes and runtimes), as a digest."""

_TOUCHED_UNITS = "showmeter_touched_units"
_TOUCHED_SEASONS = "showmeter_touched_seasons"
_CHANGED_SEASONS = "showmeter_changed_seasons"

_DIGEST_SQL = """
    SELECT title, season, md5(string_agg(entry, '|' ORDER BY entry)) AS digest FROM (
      SELECT title, season, 's' || CAST(s AS VARCHAR) AS entry FROM seasons s
      UNION ALL SELECT title, season, 'e' || CAST(e AS VARCHAR) FROM episodes e
      UNION ALL SELECT title, season, 'l' || CAST(l AS VARCHAR) FROM launches l
    ) GROUP BY title, season
"""


def tables() -> list[str]:
    """Every pre-aggregation's table, in build order (the per-unit rows first)."""
    return [declared.UNIT_PROGRESS, *(f.table for f in declared.SEASON_FIGURES)]


def versions() -> dict[str, str]:
    """Each pre-aggregation's version: its declaration's, and the metric's it keeps."""
    from showmeter import definitions

    unit = f"unit_progress.{declared.UNIT_PROGRESS_VERSION}"
    found = {declared.UNIT_PROGRESS: unit}
    for figure in declared.SEASON_FIGURES:
        metric = definitions.get(figure.metric)
        found[figure.table] = f"{figure.metric}.{metric.version}+{unit}"
    return found


@dataclasses.dataclass(frozen=True)
class Status:
    """Whether a store's pre-aggregations can be read.

    Attributes:
        current: Every declared pre-aggregation is there, at its version.
        reason: Why not, when not (with the command that builds them).
    """

    current: bool
    reason: str | None = None


def status(con: duckdb.DuckDBPyConnection, *, loading: bool = False) -> Status:
    """Whether the store's pre-aggregations are all there and of this version.

    Args:
        con: A connection to the store (read-only is enough: nothing is written).
        loading: Asked by the load being recorded (its rows and catalog are the ones to
            bring in: the last load may be missing, the catalog may differ).

    Returns:
        The status; its reason names ``showmeter optimize --store S`` when they are not.
    """
    present = _kept(con)
    upgrade = "run `showmeter optimize --store S` (or any `showmeter ingest` into it) to build them"
    if not present:
        if _sessions(con) < min_sessions():
            return Status(
                False,
                f"the store holds fewer than {min_sessions():,} sessions, so it keeps no "
                "pre-aggregations (`showmeter optimize --store S` builds them anyway)",
            )
        return Status(False, f"the store has no pre-aggregations (written before them): {upgrade}")
    stored = dict(con.execute(f"SELECT name, version FROM {META}").fetchall())
    stale = [name for name, version in versions().items() if stored.get(name) != version]
    if stale:
        return Status(
            False, f"the store's pre-aggregations {', '.join(stale)} are out of date: {upgrade}"
        )
    loads = int(_loads(con))
    if stored.get(_LOADS) not in ({str(loads), str(loads - 1)} if loading else {str(loads)}):
        return Status(False, f"loads were made without updating the pre-aggregations: {upgrade}")
    if loading:
        return Status(True)
    changed = con.execute(
        f"SELECT count(*) FROM (({_DIGEST_SQL}) EXCEPT (SELECT * FROM {DIGESTS}))"
    ).fetchall()[0][0]
    if changed:
        return Status(
            False, f"the catalog changed since the pre-aggregations were built: {upgrade}"
        )
    return Status(True)


_LOADS = "_loads"
"""The row of :data:`META` that holds how many loads the pre-aggregations include."""


def _loads(con: duckdb.DuckDBPyConnection) -> str:
    return str(con.execute("SELECT count(DISTINCT load_id) FROM loads").fetchall()[0][0])


def min_sessions() -> int:
    """:data:`MIN_SESSIONS`, or ``$SHOWMETER_PREAGGREGATE_MIN_SESSIONS`` when set."""
    given = os.environ.get(MIN_SESSIONS_VARIABLE)
    return int(given) if given and given.isdigit() else MIN_SESSIONS


def _sessions(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT count(*) FROM viewing").fetchall()[0][0])


def _kept(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store has pre-aggregations (current or not)."""
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name = ?",
            [META],
        ).fetchall()[0][0]
    )


def available(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """The pre-aggregations a computation may read on this store (none unless all are current)."""
    return frozenset(tables()) if status(con).current else frozenset()


def _sql(expr: ir.Table) -> str:
    from showmeter.engines.base import to_sql

    return to_sql(expr, "duckdb")


def _figure_expr(figure: declared.SeasonFigure, restrict: str | None) -> ir.Table:
    """A season figure's rows over every season (only the restriction's, when given)."""
    from showmeter import definitions
    from showmeter.definitions.tables import CanonicalTables

    metric = definitions.get(figure.metric)
    t = CanonicalTables(aggregates=frozenset({declared.UNIT_PROGRESS}), restrict=restrict)
    rows = metric.build(t, metric.resolve(dict(figure.params)))
    if restrict is not None:
        import ibis

        touched = ibis.table({"title": "string", "season": "int32"}, name=restrict)
        rows = rows.semi_join(touched, ["title", "season"])
    return rows


def _unit_expr(restrict: str | None) -> ir.Table:
    from showmeter.definitions.tables import CanonicalTables

    return declared.build_unit_progress(CanonicalTables(restrict=restrict))


def season_figure_expr(figure: declared.SeasonFigure) -> ir.Table:
    """The relation a season figure's table holds, as a metric's expression contains it."""
    return _figure_expr(figure, None)


def build(
    con: duckdb.DuckDBPyConnection, progress: Callable[[str, int, int], None] | None = None
) -> dict[str, int]:
    """Compute every pre-aggregation whole, replacing what the store held.

    Run inside the caller's transaction when there is one (a load's).

    Args:
        con: A writable connection to the store.
        progress: Called as ``progress(table, done, total)`` before each table and at the end.

    Returns:
        Rows of each table.
    """
    names = tables()
    counts: dict[str, int] = {}
    for position, name in enumerate(names):
        if progress is not None:
            progress(name, position, len(names))
        if name == declared.UNIT_PROGRESS:
            sql = _sql(_unit_expr(None))
        else:
            figure = next(f for f in declared.SEASON_FIGURES if f.table == name)
            sql = _sql(_figure_expr(figure, None))
        con.execute(f'CREATE OR REPLACE TABLE main."{name}" AS {sql}').fetchall()
        counts[name] = _count(con, name)
    con.execute(f"CREATE OR REPLACE TABLE main.{DIGESTS} AS {_DIGEST_SQL}").fetchall()
    _record(con, counts)
    if progress is not None:
        progress("", len(names), len(names))
    return counts


def _record(con: duckdb.DuckDBPyConnection, counts: dict[str, int]) -> None:
    con.execute(
        f"CREATE TABLE IF NOT EXISTS main.{META} (name VARCHAR, version VARCHAR, "
        "rows BIGINT, built_at TIMESTAMPTZ)"
    ).fetchall()
    known = {**versions(), _LOADS: _loads(con)}
    for name, rows in [*counts.items(), (_LOADS, 0)]:
        con.execute(f"DELETE FROM main.{META} WHERE name = ?", [name]).fetchall()
        con.execute(
            f"INSERT INTO main.{META} VALUES (?, ?, ?, now())", [name, known[name], rows]
        ).fetchall()


def _count(con: duckdb.DuckDBPyConnection, name: str) -> int:
    return int(con.execute(f'SELECT count(*) FROM main."{name}"').fetchall()[0][0])


@dataclasses.dataclass
class Refreshed:
    """What :func:`refresh` did.

    Attributes:
        whole: Every pre-aggregation was built whole (the store had none, or stale ones).
        units: (unit, season) pairs recomputed.
        seasons: Seasons whose figures were recomputed.
        seconds: Wall time.
    """

    whole: bool = False
    units: int = 0
    seasons: int = 0
    seconds: float = 0.0


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
    started = time.perf_counter()
    if not status(con, loading=True).current:
        if not _kept(con) and _sessions(con) < min_sessions():
            return Refreshed(seconds=time.perf_counter() - started)  # a small store keeps none
        build(con, progress)
        return Refreshed(whole=True, seconds=time.perf_counter() - started)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_CHANGED_SEASONS} AS "
        f"SELECT title, season FROM (({_DIGEST_SQL}) EXCEPT "
        f"(SELECT title, season, digest FROM main.{DIGESTS})) "
        f"UNION SELECT title, season FROM (SELECT title, season, digest FROM main.{DIGESTS} "
        f"EXCEPT ({_DIGEST_SQL}))"
    ).fetchall()
    new_rows = loaded_viewing or (
        "SELECT NULL::VARCHAR AS title, NULL::INTEGER AS season, NULL::VARCHAR AS account_id "
        "WHERE false"
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_TOUCHED_UNITS} AS SELECT DISTINCT title, season, "
        f"account_id FROM ({new_rows}) n WHERE account_id IS NOT NULL AND account_id <> '' "
        f"AND NOT EXISTS (SELECT 1 FROM {_CHANGED_SEASONS} c "
        "WHERE c.title = n.title AND c.season = n.season)"
    ).fetchall()
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_TOUCHED_SEASONS} AS SELECT DISTINCT title, season "
        f"FROM ({new_rows}) UNION SELECT title, season FROM {_CHANGED_SEASONS}"
    ).fetchall()
    try:
        units = _count_temp(con, _TOUCHED_UNITS)
        seasons = _count_temp(con, _TOUCHED_SEASONS)
        if seasons:
            _refresh_units(con)
            for figure in declared.SEASON_FIGURES:
                table = f'main."{figure.table}"'
                con.execute(
                    f"DELETE FROM {table} AS a WHERE EXISTS (SELECT 1 FROM {_TOUCHED_SEASONS} x "
                    "WHERE x.title = a.title AND x.season = a.season)"
                ).fetchall()
                sql = _sql(_figure_expr(figure, _TOUCHED_SEASONS))
                con.execute(f"INSERT INTO {table} {sql}").fetchall()
            con.execute(f"CREATE OR REPLACE TABLE main.{DIGESTS} AS {_DIGEST_SQL}").fetchall()
            _record(con, {name: _count(con, name) for name in tables()})
    finally:
        for name in (_TOUCHED_UNITS, _TOUCHED_SEASONS, _CHANGED_SEASONS):
            con.execute(f"DROP TABLE IF EXISTS temp.{name}").fetchall()
    return Refreshed(units=units, seasons=seasons, seconds=time.perf_counter() - started)


def _refresh_units(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the per-unit rows of the touched (unit, season) pairs and changed seasons."""
    table = f'main."{declared.UNIT_PROGRESS}"'
    con.execute(
        f"DELETE FROM {table} AS a WHERE EXISTS (SELECT 1 FROM {_TOUCHED_UNITS} x "
        "WHERE x.title = a.title AND x.season = a.season AND x.account_id = a.unit_id) "
        f"OR EXISTS (SELECT 1 FROM {_CHANGED_SEASONS} x "
        "WHERE x.title = a.title AND x.season = a.season)"
    ).fetchall()
    for restrict in (_TOUCHED_UNITS, _CHANGED_SEASONS):
        if _count_temp(con, restrict):
            con.execute(f"INSERT INTO {table} {_sql(_unit_expr(restrict))}").fetchall()


def _count_temp(con: duckdb.DuckDBPyConnection, name: str) -> int:
    return int(con.execute(f"SELECT count(*) FROM temp.{name}").fetchall()[0][0])


def upgrade_store(
    path: str,
    *,
    rebuild: bool = False,
    memory_limit: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, int] | None:
    """Build a store's pre-aggregations when they are missing or out of date, in one transaction.

    Args:
        path: The store file (opened to write).
        rebuild: Build them even when they are current.
        memory_limit: DuckDB's memory limit.
        progress: Called as ``progress(table, done, total)``.

    Returns:
        Rows of each table built; None when they were current already.
    """
    from pathlib import Path

    from showmeter.errors import UsageError
    from showmeter.store import Store

    if not Path(path).is_file():
        raise UsageError(
            "there is no store file to optimize",
            file=str(path),
            remedy="Point --store at a store made by `showmeter ingest` or `showmeter demo`.",
        )
    with Store(path, memory_limit=memory_limit) as store:
        if not rebuild and status(store.connection).current:
            return None
        with store.transaction() as con:
            return build(con, progress)


def maintainer(
    progress: Callable[[str, int, int], None] | None = None,
) -> Callable[[duckdb.DuckDBPyConnection, Mapping[str, str]], None]:
    """What a load calls in its transaction to keep the pre-aggregations in step.

    Args:
        progress: Called as ``progress(table, done, total)`` when they are built whole.

    Returns:
        A :data:`showmeter.intake.load.Maintain`: :func:`refresh` with the load's new sessions.
    """

    def maintain(con: duckdb.DuckDBPyConnection, loaded: Mapping[str, str]) -> None:
        refresh(con, loaded.get("viewing"), progress)

    return maintain
