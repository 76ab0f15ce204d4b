"""Build and maintain a store's pre-aggregations through the engine, in a load's transaction.

The pre-aggregations are declared in :mod:`showmeter.definitions.preaggregates`, each an Ibis
expression over the canonical tables; this module compiles them to DuckDB SQL and keeps their
rows in tables of the store:

- :func:`build` computes every pre-aggregation whole (a store's first load, an upgrade of a
  store written before they existed, ``showmeter optimize``);
- :func:`refresh` (:mod:`showmeter.engines.preaggregate_refresh`) recomputes only what a load
  touched: the rows of each (unit, season) pair with a new session in the per-unit progress,
  and every row of each season with a new session (or whose catalog entry changed) in the
  season figures.

They are kept for the store's default unit (:func:`showmeter.store.households.default_unit`:
``account``, or ``profile`` for a household's store), so that a computation at the store's
defaults finds them; the table names say the unit when it is not ``account``
(:func:`~showmeter.definitions.preaggregates.unit_progress_table`,
:func:`~showmeter.definitions.preaggregates.season_figures`) and :attr:`Status.unit` gives it.

:data:`META` records each pre-aggregation's version (its declaration's and its metric's), and
:data:`DIGESTS` each season's catalog entry as the aggregates were computed from it;
:func:`available` gives the pre-aggregations a computation may read (none when the store's are
missing or were built by another version: then :func:`status` says why).
"""

from __future__ import annotations

import dataclasses
import os
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
    "Refreshed",
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

_DIGEST_SQL = """
    SELECT title, season, md5(string_agg(entry, '|' ORDER BY entry)) AS digest FROM (
      SELECT title, season, 's' || CAST(s AS VARCHAR) AS entry FROM seasons s
      UNION ALL SELECT title, season, 'e' || CAST(e AS VARCHAR) FROM episodes e
      UNION ALL SELECT title, season, 'l' || CAST(l AS VARCHAR) FROM launches l
    ) GROUP BY title, season
"""


def tables(unit: str = declared.DEFAULT_UNIT) -> list[str]:
    """Every pre-aggregation's table kept for ``unit``, in build order (per-unit rows first).

    Args:
        unit: The store's default unit (:attr:`Status.unit`): ``account``, or ``profile`` for
            a household's store (:mod:`showmeter.store.households`).
    """
    figures = declared.season_figures(unit)
    return [declared.unit_progress_table(unit), *(f.table for f in figures)]


def versions(unit: str = declared.DEFAULT_UNIT) -> dict[str, str]:
    """Each pre-aggregation's version: its declaration's, and the metric's it keeps."""
    from showmeter import definitions

    progress = f"unit_progress.{declared.UNIT_PROGRESS_VERSION}"
    found = {declared.unit_progress_table(unit): progress}
    for figure in declared.season_figures(unit):
        metric = definitions.get(figure.metric)
        found[figure.table] = f"{figure.metric}.{metric.version}+{progress}"
    return found


@dataclasses.dataclass(frozen=True)
class Status:
    """Whether a store's pre-aggregations can be read.

    Attributes:
        current: Every declared pre-aggregation is there, at its version, for the store's
            default unit.
        reason: Why not, when not (with the command that builds them).
        unit: The unit they are kept for: the store's default (``account``, or ``profile``
            for a household's store); :func:`tables` of it names them, and
            :func:`~showmeter.definitions.preaggregates.season_figures` of it gives the season
            figures a computation may find in its expression.
    """

    current: bool
    reason: str | None = None
    unit: str = declared.DEFAULT_UNIT


def status(
    con: duckdb.DuckDBPyConnection, *, loading: bool = False, any_unit: bool = False
) -> Status:
    """Whether the store's pre-aggregations are all there and of this version.

    Args:
        con: A connection to the store (read-only is enough: nothing is written).
        loading: Asked by the load being recorded (its rows and catalog are the ones to
            bring in: the last load may be missing, the catalog may differ).
        any_unit: The caller reads :attr:`Status.unit` and the tables :func:`tables` of it
            names. Otherwise pre-aggregations kept for another unit than ``account`` (a
            household's store) are reported as not current, so that a caller that knows only
            the account's tables reads the sessions.

    Returns:
        The status; its reason names ``showmeter optimize --store S`` when they are not.
    """
    from showmeter.store.households import default_unit

    present = _kept(con)
    upgrade = "run `showmeter optimize --store S` (or any `showmeter ingest` into it) to build them"
    unit = default_unit(con)
    if not present:
        if _sessions(con) < min_sessions():
            return Status(
                False,
                f"the store holds fewer than {min_sessions():,} sessions, so it keeps no "
                "pre-aggregations (`showmeter optimize --store S` builds them anyway)",
                unit,
            )
        return Status(
            False, f"the store has no pre-aggregations (written before them): {upgrade}", unit
        )
    stored = dict(con.execute(f"SELECT name, version FROM {META}").fetchall())
    built_for = stored.get(_UNIT, declared.DEFAULT_UNIT)  # a store of before units: accounts
    if built_for != unit:
        return Status(
            False,
            f"the store's pre-aggregations count unit={built_for} but its default is now "
            f"unit={unit}: {upgrade}",
            unit,
        )
    stale = [name for name, version in versions(unit).items() if stored.get(name) != version]
    if stale:
        return Status(
            False,
            f"the store's pre-aggregations {', '.join(stale)} are out of date: {upgrade}",
            unit,
        )
    loads = int(_loads(con))
    if stored.get(_LOADS) not in ({str(loads), str(loads - 1)} if loading else {str(loads)}):
        return Status(
            False, f"loads were made without updating the pre-aggregations: {upgrade}", unit
        )
    if loading:
        return Status(True, unit=unit)
    if unit != declared.DEFAULT_UNIT and not any_unit:
        return Status(
            False,
            f"the store's pre-aggregations count unit={unit} (its default), which this "
            "computation's chooser does not read",
            unit,
        )
    changed = con.execute(
        f"SELECT count(*) FROM (({_DIGEST_SQL}) EXCEPT (SELECT * FROM {DIGESTS}))"
    ).fetchall()[0][0]
    if changed:
        return Status(
            False, f"the catalog changed since the pre-aggregations were built: {upgrade}", unit
        )
    return Status(True, unit=unit)


_LOADS = "_loads"
"""The row of :data:`META` that holds how many loads the pre-aggregations include."""

_UNIT = "_unit"
"""The row of :data:`META` that holds the unit they count (absent: ``account``)."""


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
    state = status(con, any_unit=True)
    return frozenset(tables(state.unit)) if state.current else frozenset()


def _sql(expr: ir.Table) -> str:
    from showmeter.engines.base import to_sql

    return to_sql(expr, "duckdb")


def _figure_expr(figure: declared.SeasonFigure, restrict: str | None) -> ir.Table:
    """A season figure's rows over every season (only the restriction's, when given)."""
    from showmeter import definitions
    from showmeter.definitions.tables import CanonicalTables

    metric = definitions.get(figure.metric)
    progress = frozenset({declared.unit_progress_table(figure.unit)})
    t = CanonicalTables(aggregates=progress, restrict=restrict)
    rows = metric.build(t, metric.resolve(dict(figure.params)))
    if restrict is not None:
        import ibis

        touched = ibis.table({"title": "string", "season": "int32"}, name=restrict)
        rows = rows.semi_join(touched, ["title", "season"])
    return rows


def _unit_expr(restrict: str | None, unit: str) -> ir.Table:
    from showmeter.definitions.tables import CanonicalTables

    return declared.build_unit_progress(CanonicalTables(restrict=restrict), unit)


def season_figure_expr(figure: declared.SeasonFigure) -> ir.Table:
    """The relation a season figure's table holds, as a metric's expression contains it."""
    return _figure_expr(figure, None)


def build(
    con: duckdb.DuckDBPyConnection,
    progress: Callable[[str, int, int], None] | None = None,
    unit: str | None = None,
) -> dict[str, int]:
    """Compute every pre-aggregation whole, replacing what the store held.

    Run inside the caller's transaction when there is one (a load's).

    Args:
        con: A writable connection to the store.
        progress: Called as ``progress(table, done, total)`` before each table and at the end.
        unit: The unit to keep them for; None: the store's default
            (:func:`showmeter.store.households.default_unit`).

    Returns:
        Rows of each table.
    """
    from showmeter.store.households import default_unit

    unit = default_unit(con) if unit is None else unit
    names = tables(unit)
    figures = {f.table: f for f in declared.season_figures(unit)}
    counts: dict[str, int] = {}
    for position, name in enumerate(names):
        if progress is not None:
            progress(name, position, len(names))
        if name in figures:
            sql = _sql(_figure_expr(figures[name], None))
        else:
            sql = _sql(_unit_expr(None, unit))
        con.execute(f'CREATE OR REPLACE TABLE main."{name}" AS {sql}').fetchall()
        counts[name] = _count(con, name)
    con.execute(f"CREATE OR REPLACE TABLE main.{DIGESTS} AS {_DIGEST_SQL}").fetchall()
    _drop_others(con, names)
    _record(con, counts, unit)
    if progress is not None:
        progress("", len(names), len(names))
    return counts


def _drop_others(con: duckdb.DuckDBPyConnection, names: list[str]) -> None:
    """Drop the tables of pre-aggregations kept for another unit (the store's default changed)."""
    others = [
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND (table_name LIKE 'agg\\_season\\_%' ESCAPE '\\' "
            "OR table_name LIKE 'agg\\_unit\\_progress%' ESCAPE '\\')"
        ).fetchall()
        if name not in names
    ]
    for name in others:
        con.execute(f'DROP TABLE main."{name}"').fetchall()
    if others and _kept(con):
        con.execute(
            f"DELETE FROM main.{META} WHERE name IN ({', '.join('?' for _ in others)})", others
        ).fetchall()


def _record(con: duckdb.DuckDBPyConnection, counts: dict[str, int], unit: str) -> None:
    con.execute(
        f"CREATE TABLE IF NOT EXISTS main.{META} (name VARCHAR, version VARCHAR, "
        "rows BIGINT, built_at TIMESTAMPTZ)"
    ).fetchall()
    known = {**versions(unit), _LOADS: _loads(con), _UNIT: unit}
    for name, rows in [*counts.items(), (_LOADS, 0), (_UNIT, 0)]:
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
    """Bring them up to date after a load, recomputing only what it touched.

    See :func:`showmeter.engines.preaggregate_refresh.refresh`.
    """
    from showmeter.engines.preaggregate_refresh import refresh as run

    return run(con, loaded_viewing, progress)


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
        if not rebuild and status(store.connection, any_unit=True).current:
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
