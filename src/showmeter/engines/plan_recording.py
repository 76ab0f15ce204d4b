"""DuckDB noting each statement a batch runs, in order: what a kept plan is made of.

:class:`Recording` runs a batch (:func:`showmeter.engines.batch.compute_many`) as DuckDB does,
and notes each query (``run``), each temporary table created or dropped (``exec``), the one
query of several periods' demand multiples (``group``) and where each computation ends
(``done``, noted by the caller's progress): :class:`showmeter.engines.plans.BatchPlan` makes
its plan of them.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from showmeter.engines import literals
from showmeter.engines.base import Batch
from showmeter.engines.duckdb_engine import DuckDBEngine

if TYPE_CHECKING:
    from collections.abc import Iterator

    import duckdb
    import ibis.expr.types as ir
    import pyarrow as pa

    from showmeter.engines.prepared import Prepared

__all__ = ["Recording", "RecordingBatch"]


class Recording(DuckDBEngine):
    """DuckDB, noting each statement a batch runs (in order) and where each computation ends.

    Args:
        values: Each quoted mark and the quoted value it stands for: the batch is computed
            from templates (:mod:`showmeter.engines.literals`), each statement run with the
            values and noted as compiled.
    """

    def __init__(self, values: dict[str, str] | None = None) -> None:
        self.events: list[list[Any]] = []
        self.values = values or {}

    def filled(self, sql: str) -> str:
        """A statement as run: a template's with the values put back (engines.literals).

        Raises:
            ValueError: A mark that cannot be filled (the plan is then not kept).
        """
        if not self.values:
            return sql
        found = literals.fill(sql, self.values)
        if found is None:
            raise ValueError("a statement whose filter values cannot be put back")
        return found

    def run_sql(self, con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
        """Run and note a query."""
        table = super().run_sql(con, self.filled(sql))
        self.events.append(["run", sql])
        return table

    @contextlib.contextmanager
    def batch(self, con: duckdb.DuckDBPyConnection) -> Iterator[Batch]:
        """A batch whose temporary tables are noted as statements."""
        yield RecordingBatch(self, con)


class RecordingBatch(Batch):
    """A batch whose temporary tables and queries are noted (see :class:`Recording`)."""

    engine: Recording

    def create(self, name: str, expr: ir.Table) -> None:
        """Create and note a temporary table."""
        statement = f'CREATE TEMP TABLE "{name}" AS {self.engine.compile(expr)}'
        self.con.execute(self.engine.filled(statement))
        self.engine.events.append(["exec", statement])

    def drop(self, name: str) -> None:
        """Drop and note a temporary table."""
        statement = f'DROP TABLE IF EXISTS temp."{name}"'
        self.con.execute(statement)
        self.engine.events.append(["exec", statement])

    def execute(self, prepared: Prepared, expr: ir.Table | None = None) -> pa.Table:
        """Run a computation; its query noted (``group`` when it holds several periods, seasons)."""
        from showmeter.definitions.demand_periods import PERIOD
        from showmeter.engines.season_groups import MEMBER

        table = super().execute(prepared, expr)  # the engine's run_sql notes the query
        chosen = prepared.expr if expr is None else expr
        # the one query of several periods (engines.periods) or seasons (engines.season_groups)
        if PERIOD in chosen.columns or MEMBER in chosen.columns:
            self.engine.events[-1][0] = "group"
        return table
