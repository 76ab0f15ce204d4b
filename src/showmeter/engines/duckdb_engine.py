"""The DuckDB engine, the default: in-process, straight on the store's own connection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.engines import by_season as seasonwise
from showmeter.engines.base import Engine, file_format

if TYPE_CHECKING:
    from pathlib import Path

    import duckdb
    import ibis.expr.types as ir
    import pyarrow as pa

    from showmeter.engines.prepared import Prepared

__all__ = ["DuckDBEngine"]


class DuckDBEngine(Engine):
    """DuckDB in-process: the SQL runs on the store's connection itself.

    It shares relations (a batch keeps them as temporary tables of that connection), and on a
    store whose sessions would not fit in DuckDB's memory limit it builds them season by season
    (:mod:`showmeter.engines.by_season`).
    """

    shares_relations = True
    runs_sql = True

    @property
    def name(self) -> str:
        """``duckdb``."""
        return "duckdb"

    @property
    def label(self) -> str:
        """``duckdb``."""
        return "duckdb"

    @property
    def dialect(self) -> str:
        """``duckdb``."""
        return "duckdb"

    def by_season(self, con: duckdb.DuckDBPyConnection) -> bool:
        """True when the store's sessions would not fit in DuckDB's memory limit at once.

        Args:
            con: The store's connection.

        Returns:
            See :func:`showmeter.engines.by_season.crowded`.
        """
        return seasonwise.crowded(con)

    def execute(
        self,
        con: duckdb.DuckDBPyConnection,
        prepared: Prepared,
        expr: ir.Table | None = None,
    ) -> pa.Table:
        """Run the computation's SQL on the store's connection (see :meth:`Engine.execute`)."""
        return self.run_sql(con, self.compile(prepared.expr if expr is None else expr))

    def run_sql(self, con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
        """Run SQL text on the store's connection (see :meth:`Engine.run_sql`)."""
        return con.sql(sql).to_arrow_table()

    def read(
        self,
        path: str | Path,
        *,
        format: str | None = None,
        con: duckdb.DuckDBPyConnection | None = None,
    ) -> duckdb.DuckDBPyRelation:
        """Read a file with ``read_parquet``, ``read_csv`` or ``read_json`` (JSON Lines).

        Args:
            path: The file, or a glob of files.
            format: ``parquet``, ``csv`` or ``json``; by default, from the file's suffix.
            con: The connection to read on; by default, a new in-memory one.

        Returns:
            A relation of ``con`` (lazy: DuckDB reads the file when it runs).

        Raises:
            UsageError: The format is unknown.
        """
        import duckdb

        kind = file_format(path, format)
        con = duckdb.connect() if con is None else con
        if kind == "parquet":
            return con.read_parquet(str(path))
        if kind == "csv":
            return con.read_csv(str(path), header=True)
        return con.read_json(str(path), format="newline_delimited")
