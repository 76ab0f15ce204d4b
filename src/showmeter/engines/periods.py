"""``demand_multiple`` of several periods in one query, each period's result split off after.

A season page asks for the demand multiple of each week from four weeks before the launch to
sixteen after, and of the launch month: 22 computations that differ only in their period. Each
alone computes the same daily points and daily benchmarks over its own days; together
(:func:`showmeter.definitions.demand_periods.demand_multiples`) they are one query over every day of
the periods, averaged over each period's days. :func:`groups` finds such computations in a
batch; a :class:`PeriodGroup` computes them at once and gives each its own rows, in the same
order and of the same types as ``demand_multiple`` gives them alone (the values agree to the
last bits of a floating-point sum: the order DuckDB adds them in is not fixed either way).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    import ibis.expr.types as ir
    import pyarrow as pa

    from showmeter.engines.base import Batch
    from showmeter.engines.prepared import Prepared

__all__ = ["METRIC", "PeriodGroup", "fields_known", "groups", "mergeable"]

METRIC = "demand_multiple"
"""The metric whose computations of several periods are computed at once."""


def mergeable(prepared: Prepared) -> bool:
    """Whether a computation can be computed with others of other periods in one query.

    It can when it is ``demand_multiple`` over every title, with both ends of its period given
    as dates (``first`` and ``last`` depend on the signals' span, read by the query itself).
    """
    if prepared.metric != METRIC or prepared.title is not None or prepared.season is not None:
        return False
    start = prepared.resolved.get_value("start")
    end = prepared.resolved.get_value("end")
    return isinstance(start, dt.date) and isinstance(end, dt.date) and start <= end


def _shared(prepared: Prepared) -> str:
    """What computations of one group share: every parameter but the period."""
    import json

    echoed = {k: v for k, v in prepared.resolved.echo().items() if k not in ("start", "end")}
    return json.dumps(echoed, sort_keys=True, default=str)


_FIELDS: dict[tuple[str, int, str], frozenset[str]] = {}
"""Which watched columns a group's query reads, by metric version and shared parameters."""


def fields_known(prepared: Prepared) -> frozenset[str] | None:
    """The watched columns a group holding ``prepared`` read, when this process built one.

    Args:
        prepared: A :func:`mergeable` computation.

    Returns:
        :attr:`PeriodGroup.fields` of a group of computations like it, or None.
    """
    return _FIELDS.get((prepared.metric, prepared.definition.version, _shared(prepared)))


def groups(prepared: Sequence[Prepared]) -> list[list[int]]:
    """The positions of the computations to compute together, in groups of two or more.

    Args:
        prepared: A batch's computations.

    Returns:
        Each group's positions, in order; computations that can join no other are in none.
    """
    found: dict[str, list[int]] = {}
    for position, computation in enumerate(prepared):
        if mergeable(computation):
            found.setdefault(_shared(computation), []).append(position)
    return [positions for positions in found.values() if len(positions) > 1]


class PeriodGroup:
    """Computations of ``demand_multiple`` that differ only in their period, computed at once.

    Args:
        members: The computations (each :func:`mergeable`, all with the same other parameters).
    """

    def __init__(self, members: Sequence[Prepared]) -> None:
        self.members = list(members)
        self._tables: list[pa.Table] | None = None

    @functools.cached_property
    def expr(self) -> ir.Table:
        """The query of every period: ``period`` (position in :attr:`members`), then the rows."""
        from showmeter.definitions.demand_periods import demand_multiples
        from showmeter.definitions.tables import CanonicalTables

        periods = []
        for member in self.members:
            start, end = member.resolved["start"], member.resolved["end"]
            assert isinstance(start, dt.date) and isinstance(end, dt.date)
            periods.append((start, end))
        return demand_multiples(CanonicalTables(), self.members[0].resolved, periods)

    @functools.cached_property
    def fields(self) -> frozenset[str]:
        """Which of the watched columns the query reads (as each member's expression does)."""
        from showmeter.engines.compiled import WATCHED_FIELDS
        from showmeter.engines.launch_check import fields_read

        first = self.members[0]
        found = fields_read(self.expr, WATCHED_FIELDS)
        if len(_FIELDS) > 256:
            _FIELDS.clear()
        _FIELDS[(first.metric, first.definition.version, _shared(first))] = found
        return found

    @functools.cached_property
    def schema(self) -> pa.Schema:
        """The Arrow schema of one member's result (the query's, without ``period``)."""
        from showmeter.definitions.demand_periods import PERIOD

        schema = self.expr.schema().to_pyarrow()
        return schema.remove(schema.get_field_index(PERIOD))

    def rows(self, batch: Batch, position: int) -> pa.Table:
        """The rows of member ``position``, the query run on the first call.

        Args:
            batch: The batch to run the query in.
            position: The member's position in :attr:`members`.

        Returns:
            Its rows, as its own computation returns them (without ``period``).
        """
        if self._tables is None:
            import pyarrow.compute as pc

            from showmeter.definitions.demand_periods import PERIOD

            table = batch.execute(self.members[0], self.expr)
            self._tables = [
                table.filter(pc.equal(table[PERIOD], k)).drop_columns([PERIOD])
                for k in range(len(self.members))
            ]
        return self._tables[position]
