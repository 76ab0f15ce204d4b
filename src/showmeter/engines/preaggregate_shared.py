"""What the season figures computed whole compute alike, computed once for all of them.

When a load touches every season (a random sample of sessions does), the refresh computes
each season figure whole, as a build does. Some of them hold the same costly relation (Ibis
nodes compare by structure, :mod:`showmeter.engines.sharing`): hours_viewed and views both
aggregate the seconds of every season's sessions in the same 91 days. :func:`plan` finds those
relations, and :func:`materialize` computes each once into a temporary table that the
figures' SQL then reads: the same rows, the relation's work done once instead of once per
figure (about 0.17 s of CPU of a second load at 2 M sessions, ``benchmarks/load_profile.py``).

The plan depends only on the figures, the unit and the code, so it is kept in the cache of
compiled SQL (:func:`showmeter.engines.compiled.cached_text`): a later load builds no
expression for it.
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    import duckdb

    from showmeter.definitions.preaggregates import SeasonFigure

__all__ = ["SHARED_PREFIX", "Plan", "drop", "materialize", "plan"]

SHARED_PREFIX = "showmeter_shared_"
"""The temporary tables of the shared relations: ``showmeter_shared_0``, ``_1``, …"""


@dataclasses.dataclass(frozen=True)
class Plan:
    """The shared relations of some season figures, and each figure's SQL reading them.

    Attributes:
        shared: ``(temporary table, SQL)`` of each shared relation, innermost first (an outer
            one's SQL may read an inner one's table).
        figures: Each figure's table -> the SQL of its rows (reading the shared tables).
    """

    shared: tuple[tuple[str, str], ...]
    figures: dict[str, str]


def plan(figures: Sequence[SeasonFigure], unit: str) -> Plan:
    """The plan of ``figures`` computed whole (every season), from the cache when it holds it.

    Args:
        figures: The season figures to compute whole.
        unit: The store's unit.

    Returns:
        The shared relations (none when no two figures share a costly one) and each figure's
        SQL.
    """
    from showmeter.engines.compiled import cached_text

    name = {"preaggregate": "shared", "unit": unit, "figures": [f.table for f in figures]}
    text = cached_text(name, lambda: _made(figures))
    made = json.loads(text)
    return Plan(tuple((t, s) for t, s in made["shared"]), dict(made["figures"]))


def _made(figures: Sequence[SeasonFigure]) -> str:
    """:func:`plan`'s JSON text, the expressions built and compiled."""
    import ibis

    from showmeter.engines import preaggregate_build as builder
    from showmeter.engines.sharing import shared_relations, substitute

    exprs = [builder.figure_expr(f, None, from_days=True) for f in figures]
    tables: dict[object, ibis.Table] = {}
    shared: list[tuple[str, str]] = []
    for n, found in enumerate(shared_relations(exprs, [True] * len(exprs))):  # innermost first
        name = f"{SHARED_PREFIX}{n}"
        shared.append((name, builder.sql(substitute(found.node.to_expr(), tables))))
        tables[found.node] = ibis.table(found.node.schema, name=name)
    rows = {
        f.table: builder.sql(substitute(e, tables) if tables else e)
        for f, e in zip(figures, exprs, strict=True)
    }
    return json.dumps({"shared": shared, "figures": rows})


def materialize(con: duckdb.DuckDBPyConnection, made: Plan) -> None:
    """Compute each shared relation of ``made`` into its temporary table.

    Args:
        con: The store's connection, in the load's transaction (the per-day and per-unit rows
            up to date).
        made: The plan.
    """
    for name, sql in made.shared:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}").fetchall()


def drop(con: duckdb.DuckDBPyConnection, made: Plan) -> None:
    """Drop the temporary tables of ``made``'s shared relations."""
    for name, _ in made.shared:
        con.execute(f"DROP TABLE IF EXISTS temp.{name}").fetchall()
