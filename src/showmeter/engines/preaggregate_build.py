"""Building a store's pre-aggregations whole, and the upgrade of a store that lacks them.

:func:`build` computes every pre-aggregation of :func:`showmeter.engines.preaggregates.tables`
(a store's first load, an upgrade of a store written before them, ``showmeter optimize``);
the per-unit tables first, then the season figures, those of the additive metrics
(:data:`~showmeter.definitions.preaggregate_days.ADDITIVE`) from the per-day rows
(:mod:`showmeter.definitions.preaggregate_days`) rather than from the sessions: the same rows
(``tests/definitions/test_preaggregates_agree.py``), from a smaller table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.definitions import preaggregate_days as days
from showmeter.definitions import preaggregates as declared
from showmeter.engines.preaggregates import (
    DIGEST_SQL,
    DIGESTS,
    LOADS_ROW,
    META,
    UNIT_ROW,
    has_aggregates,
    loads_count,
    status,
    tables,
    versions,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    import duckdb
    import ibis.expr.types as ir

__all__ = [
    "build",
    "cached_sql",
    "count",
    "count_temp",
    "days_expr",
    "figure_expr",
    "read_days",
    "record",
    "season_figure_expr",
    "sql",
    "unit_expr",
    "upgrade_store",
]


def sql(expr: ir.Table) -> str:
    """An expression as DuckDB SQL."""
    from showmeter.engines.base import to_sql

    return to_sql(expr, "duckdb")


def cached_sql(table: str, unit: str, restrict: str | None, make: Callable[[], ir.Table]) -> str:
    """The SQL of a pre-aggregation's rows, from the cache of compiled SQL when it holds it.

    Building and compiling the expressions of a whole build takes a load about a second of CPU
    (the refresh's, restricted, most of another): the SQL depends only on the table, the unit,
    the restriction and the code it is generated from
    (:func:`showmeter.engines.compiled.cached_text`), so the next load reads it back.

    Args:
        table: The pre-aggregation's table.
        unit: The unit it is kept for.
        restrict: The temporary table it is restricted to (None: every season).
        make: Builds the expression on a miss.
    """
    from showmeter.engines.compiled import cached_text

    name = {"preaggregate": table, "unit": unit, "restrict": restrict}
    return cached_text(name, lambda: sql(make()))


def _from_days(figure: declared.SeasonFigure) -> bool:
    """Whether a season figure's rows are computed from the per-day rows (an additive metric)."""
    from showmeter import definitions

    metric = definitions.get(figure.metric)
    resolved = metric.resolve(dict(figure.params))
    return days.days_uncovered(figure.metric, resolved, figure.unit) is None


def figure_expr(
    figure: declared.SeasonFigure, restrict: str | None, *, from_days: bool = False
) -> ir.Table:
    """A season figure's rows over every season (only the restriction's, when given).

    Args:
        figure: The season figure.
        restrict: The temporary table of the touched seasons (None: every season).
        from_days: Read the sessions from the per-day rows
            (:func:`~showmeter.definitions.preaggregate_days.as_viewing`) when they cover the
            figure (a whole build or a refresh, once those rows are up to date): the same rows.
    """
    from showmeter import definitions
    from showmeter.definitions.tables import CanonicalTables

    metric = definitions.get(figure.metric)
    progress = frozenset({declared.unit_progress_table(figure.unit)})
    t = CanonicalTables(aggregates=progress, restrict=restrict)
    rows = metric.build(t, metric.resolve(dict(figure.params)))
    if from_days and _from_days(figure):
        rows = read_days(rows, figure.unit)
    if restrict is not None:
        import ibis

        touched = ibis.table({"title": "string", "season": "int32"}, name=restrict)
        rows = rows.semi_join(touched, ["title", "season"])
    return rows


def read_days(expr: ir.Table, unit: str) -> ir.Table:
    """``expr`` with the sessions (``viewing``) replaced by the per-day rows kept for ``unit``."""
    import ibis

    from showmeter.definitions.tables import canonical_table
    from showmeter.engines.sharing import substitute

    stored = ibis.table(days.UNIT_DAYS_SCHEMA, name=days.unit_days_table(unit))
    return substitute(expr, {canonical_table("viewing").op(): days.as_viewing(stored, unit)})


def unit_expr(restrict: str | None, unit: str) -> ir.Table:
    """The per-unit progress rows (only the restriction's, when given)."""
    from showmeter.definitions.tables import CanonicalTables

    return declared.build_unit_progress(CanonicalTables(restrict=restrict), unit)


def days_expr(restrict: str | None, unit: str) -> ir.Table:
    """The per-day rows (only the restriction's, when given), sorted by season and market.

    Sorted so that each of the table's row groups holds few seasons and markets: a
    computation of one season with a market filter (the dashboard's market control) then
    reads the row groups of that season only (DuckDB skips the others by their min/max), about
    a third of the CPU of the sessions at 2 M (``benchmarks/preaggregates.py``), for about a
    tenth more CPU in a load.
    """
    from showmeter.definitions.tables import CanonicalTables

    return days.build_unit_days(CanonicalTables(restrict=restrict), unit, sort=True)


def season_figure_expr(figure: declared.SeasonFigure) -> ir.Table:
    """The relation a season figure's table holds, as a metric's expression contains it."""
    return figure_expr(figure, None)


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
    from showmeter.engines import preaggregate_shared as shared
    from showmeter.store.households import default_unit

    unit = default_unit(con) if unit is None else unit
    names = tables(unit)
    figures = {f.table: f for f in declared.season_figures(unit)}
    # The relations several season figures compute alike, computed once for all of them (as
    # a refresh of every season does): the same SQL of each figure, its shared parts read
    # from temporary tables, once the per-unit tables they read are built.
    made: shared.Plan | None = None
    counts: dict[str, int] = {}
    try:
        for position, name in enumerate(names):
            if progress is not None:
                progress(name, position, len(names))
            if name in figures and made is None:
                made = shared.plan([figures[n] for n in names if n in figures], unit)
                shared.materialize(con, made)
            if made is not None and name in made.figures:
                query = made.figures[name]
            else:
                query = cached_sql(name, unit, None, _whole(name, unit, figures))
            con.execute(f'CREATE OR REPLACE TABLE main."{name}" AS {query}').fetchall()
            counts[name] = count(con, name)
    finally:
        if made is not None:
            shared.drop(con, made)
    con.execute(f"CREATE OR REPLACE TABLE main.{DIGESTS} AS {DIGEST_SQL}").fetchall()
    _drop_others(con, names)
    record(con, counts, unit)
    if progress is not None:
        progress("", len(names), len(names))
    return counts


def _whole(
    name: str, unit: str, figures: dict[str, declared.SeasonFigure]
) -> Callable[[], ir.Table]:
    """What builds a table's whole expression (on a miss of the cache)."""
    if name in figures:
        figure = figures[name]
        return lambda: figure_expr(figure, None, from_days=True)
    if name == days.unit_days_table(unit):
        return lambda: days_expr(None, unit)
    return lambda: unit_expr(None, unit)


def _drop_others(con: duckdb.DuckDBPyConnection, names: list[str]) -> None:
    """Drop the tables of pre-aggregations kept for another unit (the store's default changed)."""
    others = [
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND (table_name LIKE 'agg\\_season\\_%' ESCAPE '\\' "
            "OR table_name LIKE 'agg\\_unit\\_%' ESCAPE '\\')"
        ).fetchall()
        if name not in names
    ]
    for name in others:
        con.execute(f'DROP TABLE main."{name}"').fetchall()
    if others and has_aggregates(con):
        con.execute(
            f"DELETE FROM main.{META} WHERE name IN ({', '.join('?' for _ in others)})", others
        ).fetchall()


def record(con: duckdb.DuckDBPyConnection, counts: dict[str, int], unit: str) -> None:
    """Record each table's rows and version, the loads included and the unit in :data:`META`."""
    con.execute(
        f"CREATE TABLE IF NOT EXISTS main.{META} (name VARCHAR, version VARCHAR, "
        "rows BIGINT, built_at TIMESTAMPTZ)"
    ).fetchall()
    known = {**versions(unit), LOADS_ROW: loads_count(con), UNIT_ROW: unit}
    for name, rows in [*counts.items(), (LOADS_ROW, 0), (UNIT_ROW, 0)]:
        con.execute(f"DELETE FROM main.{META} WHERE name = ?", [name]).fetchall()
        con.execute(
            f"INSERT INTO main.{META} VALUES (?, ?, ?, now())", [name, known[name], rows]
        ).fetchall()


def count(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """The rows of a table of the store."""
    return int(con.execute(f'SELECT count(*) FROM main."{name}"').fetchall()[0][0])


def count_temp(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """The rows of a temporary table of the load (a refresh's touched keys)."""
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
        if not rebuild and status(store.connection, any_unit=True).current:
            return None
        with store.transaction() as con:
            return build(con, progress)
