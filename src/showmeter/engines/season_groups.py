"""One metric of several seasons in one query, each season's result split off after.

A season page asks for the binge race of every season it compares (seven on the demo's page):
seven computations that differ only in their title and season. Under a market or device filter
each reads the sessions, and DuckDB plans and runs each of the seven queries on its own (most of
their cost is per query, not per row: one query of the seven seasons costs about what one
costs). :func:`groups` finds such computations in a batch; a :class:`SeasonGroup` computes them
at once: the metric's relation over every session (the one each computation filters, its
season filter pushed down by DuckDB), kept to the group's seasons, each row numbered by the
member it belongs to (:data:`MEMBER`), sorted by member and then as each member sorts. Each
member's rows are then its own computation's rows, in the same order and of the same types.

Only computations of :data:`METRICS` are grouped, each with a title and a season and computed
as the batch computes a season over every session (``alone`` False; the metric is
:attr:`~showmeter.definitions.registry.Metric.season_alone`, so its rows for a season are the
same either way), at most :data:`MAX_MEMBERS` in a group (a larger set of seasons is split into
groups of near-equal size). The batch (:func:`showmeter.engines.batch.compute_many`) computes a
group at once only when every member runs its metric's own expression over the relation the
group's query reads: a member that reads a season figure (its season's few stored rows,
:func:`showmeter.engines.preaggregated.choose`), or whose expression a pre-aggregation changed,
makes the group's members run alone, as before.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    import ibis.expr.types as ir
    import pyarrow as pa

    from showmeter.engines.base import Batch
    from showmeter.engines.prepared import Prepared

__all__ = ["MAX_MEMBERS", "MEMBER", "METRICS", "SeasonGroup", "groups", "mergeable"]

METRICS = ("binge_race",)
"""The metrics whose computations of several seasons are computed at once."""

MEMBER = "showmeter_member"
"""The column of a group's query that numbers each row's member (its position in the group)."""

MAX_MEMBERS = 200
"""The most members a group holds: a query of a few hundred seasons costs about what one costs,
and its expression (a filter and a case of every member) stays small enough to build."""


def mergeable(prepared: Prepared) -> bool:
    """Whether a computation can be computed with others of other seasons in one query.

    It can when it is of :data:`METRICS`, keeps one title's season, and is computed over every
    session with its season's rows kept at the end (not ``alone``).
    """
    from showmeter.engines.prepared import Prepared

    return (
        type(prepared) is Prepared  # not one that reads otherwise (pre-aggregations' days)
        and prepared.metric in METRICS
        and prepared.definition.season_alone
        and prepared.title is not None
        and prepared.season is not None
        and not prepared.alone
    )


def _shared(prepared: Prepared) -> str:
    """What computations of one group share: the metric, its version, parameters, reads."""
    return json.dumps(
        [
            prepared.metric,
            prepared.definition.version,
            prepared.resolved.echo(),
            sorted(prepared.aggregates),
        ],
        sort_keys=True,
        default=str,
    )


def groups(prepared: Sequence[Prepared]) -> list[list[int]]:
    """The positions of the computations to compute together, in groups of two or more.

    Args:
        prepared: A batch's computations.

    Returns:
        Each group's positions, in order; computations that can join no other are in none. A
        season asked again with the same parameters is computed alone (each row of a group's
        query belongs to one member). More than :data:`MAX_MEMBERS` computations that could
        join are split, in order, into groups of near-equal size.
    """
    found: dict[str, list[int]] = {}
    seen: set[tuple[str, str, int]] = set()
    for position, computation in enumerate(prepared):
        if mergeable(computation):
            shared = _shared(computation)
            assert computation.title is not None and computation.season is not None
            season = (shared, computation.title, computation.season)
            if season not in seen:
                seen.add(season)
                found.setdefault(shared, []).append(position)
    return [chunk for positions in found.values() for chunk in _chunks(positions) if len(chunk) > 1]


def _chunks(positions: list[int]) -> list[list[int]]:
    """``positions`` in consecutive parts of at most :data:`MAX_MEMBERS`, of near-equal size."""
    parts = -(-len(positions) // MAX_MEMBERS)
    bounds = [len(positions) * k // parts for k in range(parts + 1)]
    return [positions[bounds[k] : bounds[k + 1]] for k in range(parts)]


def _any(conditions: Sequence[ir.BooleanValue]) -> ir.BooleanValue:
    """The OR of ``conditions``, as a balanced tree.

    A chain ``a | b | c | …`` is as deep as it is long: Ibis walks it recursively, so a
    thousand seasons would exceed Python's recursion limit.
    """
    if len(conditions) == 1:
        return conditions[0]
    half = len(conditions) // 2
    return _any(conditions[:half]) | _any(conditions[half:])


class SeasonGroup:
    """Computations of one metric that differ only in their title and season, at once.

    Args:
        members: The computations (each :func:`mergeable`, all with the same other parameters
            and pre-aggregations).
    """

    def __init__(self, members: Sequence[Prepared]) -> None:
        self.members = list(members)
        self._tables: list[pa.Table] | None = None

    @functools.cached_property
    def expr(self) -> ir.Table:
        """The query of every member: its rows, then :data:`MEMBER`, sorted by member first.

        The metric's rows over every session (the relation each member keeps its season of),
        kept to the members' seasons.
        """
        import ibis

        first = self.members[0]
        every = dataclasses.replace(first, title=None, season=None).expr
        whose = [(every.title == m.title) & (every.season == m.season) for m in self.members]
        number = ibis.cases(*((w, k) for k, w in enumerate(whose)), else_=-1)
        kept = every.filter(_any(whose))
        sort = list(first.definition.sort_columns(first.resolved))
        return kept.mutate(**{MEMBER: number.cast("int64")}).order_by([MEMBER, *sort])

    def rows(self, batch: Batch, position: int, expr: ir.Table | None = None) -> pa.Table:
        """The rows of member ``position``, the query run on the first call.

        Args:
            batch: The batch to run the query in.
            position: The member's position in :attr:`members`.
            expr: The query to run (:attr:`expr` with the batch's tables put in), on the
                first call; by default :attr:`expr`.

        Returns:
            Its rows, as its own computation returns them (without :data:`MEMBER`).
        """
        if self._tables is None:
            table = batch.execute(self.members[0], self.expr if expr is None else expr)
            self._tables = split(table, len(self.members), MEMBER)
        return self._tables[position]


def split(table: pa.Table, count: int, column: str) -> list[pa.Table]:
    """A group's rows split into each member's, by the member number in ``column``.

    The query sorts its rows by member first, so each member's rows are a slice (no copy, and
    no import of ``pyarrow.compute``); rows in another order are filtered, each member's
    keeping its order.

    Args:
        table: The group's rows.
        count: The number of members.
        column: The column numbering each row's member (from 0).

    Returns:
        Each member's rows, without ``column``.
    """
    import bisect

    numbers = table.column(column).to_pylist()
    if numbers == sorted(numbers):
        bounds = [bisect.bisect_left(numbers, k) for k in range(count + 1)]
        return [
            table.slice(bounds[k], bounds[k + 1] - bounds[k]).drop_columns([column])
            for k in range(count)
        ]
    import pyarrow.compute as pc

    return [table.filter(pc.equal(table[column], k)).drop_columns([column]) for k in range(count)]
