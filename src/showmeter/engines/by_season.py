"""Build a large shared relation one season at a time, so that its spill is one season's.

A relation that every season's figures share (say, the completions of every unit and episode
over 28 days) can need far more memory than DuckDB has: at 1 B sessions its window spills to
disk in proportion to all the sessions. Its rows for one season are the rows of its result
whose ``title`` and ``season`` are that season's, so the relation is the union over the
catalog's seasons of its result filtered to each. That is always the same rows. It is only
cheaper when DuckDB pushes the season's filter down to the scan of the sessions; this is
checked on the plan, and a relation whose filter stays above (a rank over every season, say)
is built whole.

Rows of a season the catalog does not list would be lost, so this is only used on a store:
ingest quarantines every session of a season the catalog lacks (``unknown_season``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from showmeter.engines.sharing import Shared, costly, materializable, relations
from showmeter.resources import BYTES_PER_SESSION, memory_limit

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import duckdb
    import ibis.expr.operations as ops
    import ibis.expr.types as ir

__all__ = ["create", "crowded", "per_unit", "plan", "pushes_down"]


def crowded(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the store's sessions would not fit in DuckDB's memory limit all at once.

    Args:
        con: A connection to a store.

    Returns:
        Whether ``viewing`` rows × :data:`showmeter.resources.BYTES_PER_SESSION` exceed the
        memory limit.
    """
    rows = con.execute(
        "SELECT sum(estimated_size) FROM duckdb_tables() "
        "WHERE database_name = current_database() AND schema_name = 'main' "
        "AND table_name = 'viewing'"
    ).fetchall()[0][0]
    limit = memory_limit(con)
    return rows is not None and limit is not None and int(rows) * BYTES_PER_SESSION > limit


def per_unit(columns: Sequence[str]) -> bool:
    """Whether a relation with these columns has a row per unit (``unit_id``).

    Such a relation is about as large as the sessions it comes from. Kept as a table, it
    would fill the disk that building it season by season saves, so when the sessions do not
    fit in memory it is not shared: the smaller relations built on it are built season by
    season instead, each computing its one season's part of it.
    """
    return "unit_id" in columns


def _scans_filtered(node: dict[str, Any], enclosing: list[str]) -> bool:
    """Every scan of ``viewing`` under ``node`` has a title filter on it or just above it."""
    name = node.get("name", "")
    info = node.get("extra_info") or {}
    if str(info.get("Table", "")).split(".")[-1] == "viewing":
        return any("title = " in text for text in [*enclosing, str(info.get("Filters", ""))])
    if name == "FILTER":
        passed = [*enclosing, str(info.get("Expression", ""))]
    elif name == "PROJECTION":
        passed = enclosing  # a projection between the filter and the scan keeps it
    else:
        passed = []
    return all(_scans_filtered(child, passed) for child in node.get("children", []))


def pushes_down(con: duckdb.DuckDBPyConnection, sql: str, title: str, season: int) -> bool:
    """Whether DuckDB filters the sessions to one season before building ``sql``.

    Args:
        con: The connection that will run it.
        sql: The relation's query.
        title: A season's title, for the plan.
        season: Its season number.

    Returns:
        True when the plan of ``sql`` filtered to the season scans ``viewing`` (else there
        is nothing to save) and every such scan has the title's filter on it, or directly
        above it.
    """
    rows = con.execute(
        f"EXPLAIN (FORMAT JSON) SELECT * FROM ({sql}) WHERE title = $1 AND season = $2",
        [title, season],
    ).fetchall()
    plans = json.loads(rows[0][1])
    reads_sessions = '"viewing"' in rows[0][1] or ".viewing" in rows[0][1]
    return reads_sessions and all(_scans_filtered(plan, []) for plan in plans)


def create(
    con: duckdb.DuckDBPyConnection, name: str, sql: str, seasons: list[tuple[str, int]]
) -> None:
    """Create the temporary table ``name`` holding ``sql``, built one season at a time.

    Args:
        con: The connection.
        name: The temporary table's name.
        sql: The relation's query; its result has ``title`` and ``season``.
        seasons: Every ``(title, season)`` of the catalog (at least one).
    """
    season_sql = f"SELECT * FROM ({sql}) WHERE title = $1 AND season = $2"
    first, *rest = seasons
    con.execute(f'CREATE TEMP TABLE "{name}" AS {season_sql}', list(first))
    for title, season in rest:
        con.execute(f'INSERT INTO temp."{name}" {season_sql}', [title, season])


def plan(
    con: duckdb.DuckDBPyConnection,
    exprs: Sequence[ir.Table],
    wide: Sequence[bool],
    shared: Sequence[Shared],
    to_sql: Callable[[ir.Table], str],
    season: tuple[str, int],
) -> list[Shared]:
    """The relations to build season by season in a crowded store, smallest first.

    The shared relations without a row per unit, and for each computation of every title the
    outermost relation (not per unit) whose season filter DuckDB pushes down to the sessions:
    a rank over every season is then computed from a table built season by season, instead
    of from every session at once.

    Args:
        con: The connection.
        exprs: The batch's expressions.
        wide: For each expression, whether it computes every title.
        shared: The relations the batch shares (see
            :func:`showmeter.engines.sharing.shared_relations`).
        to_sql: Compiles an expression to DuckDB SQL.
        season: A season of the store, to read the plans with.

    Returns:
        The relations, each with the positions of the expressions that hold it.
    """
    picked: dict[ops.Relation, set[ops.Relation]] = {
        s.node: relations(s.node) for s in shared if not per_unit(s.node.schema.names)
    }
    for expr, is_wide in zip(exprs, wide, strict=True):
        if not is_wide:
            continue
        candidates = [
            node
            for node in relations(expr.op())
            if materializable(node)
            and costly(node)
            and {"title", "season"} <= set(node.schema.names)
            and not per_unit(node.schema.names)
        ]
        for node in sorted(candidates, key=lambda n: len(relations(n)), reverse=True):
            if any(node in inside for inside in picked.values()):
                break  # built already, inside a relation picked before
            if pushes_down(con, to_sql(node.to_expr()), *season):
                picked[node] = relations(node)
                break
    users = {
        node: frozenset(i for i, e in enumerate(exprs) if node in relations(e.op()))
        for node in picked
    }
    found = [Shared(node, users[node], len(inside)) for node, inside in picked.items()]
    return sorted(found, key=lambda s: s.size)
