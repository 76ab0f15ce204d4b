"""The Spark engine: PySpark in local mode, fed from the DuckDB store.

The session and the moving of tables into it are :mod:`showmeter.engines.spark`'s; this is the
engine that compiles to Spark SQL and runs there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.engines import spark
from showmeter.engines.base import Engine, file_format, table_names

if TYPE_CHECKING:
    from pathlib import Path

    import duckdb
    import ibis.expr.types as ir
    import pyarrow as pa
    from pyspark.sql import DataFrame

    from showmeter.engines.prepared import Prepared

__all__ = ["SparkEngine"]


class SparkEngine(Engine):
    """PySpark in local mode: each computation on a child session of the process's one.

    Compiling needs no Spark; executing starts the local session on first use
    (:func:`showmeter.engines.spark.spark_session`). Nothing is shared between computations.
    """

    @property
    def name(self) -> str:
        """``spark``."""
        return "spark"

    @property
    def label(self) -> str:
        """``spark``."""
        return "spark"

    @property
    def dialect(self) -> str:
        """``pyspark``."""
        return "pyspark"

    def compile(self, expr: ir.Table) -> str:
        """The expression's Spark SQL; Ibis needs PySpark installed for it.

        Raises:
            UsageError: PySpark is not installed (the remedy names ``showmeter[spark]``).
        """
        spark.require_pyspark()
        return super().compile(expr)

    def execute(
        self,
        con: duckdb.DuckDBPyConnection,
        prepared: Prepared,
        expr: ir.Table | None = None,
    ) -> pa.Table:
        """Copy the tables the computation reads into Spark, run its SQL, sort its rows.

        See :meth:`Engine.execute` and :func:`showmeter.engines.spark.run_on_spark`.
        """
        expr = prepared.expr if expr is None else expr
        order = list(prepared.definition.sort_columns(prepared.resolved))
        return spark.run_on_spark(con, table_names(expr), self.compile(expr), order)

    def read(
        self,
        path: str | Path,
        *,
        format: str | None = None,
        con: duckdb.DuckDBPyConnection | None = None,
    ) -> DataFrame:
        """Read a file with ``spark.read`` (CSV with a header and inferred types).

        Args:
            path: The file, a folder of parts, or any path Spark reads (``s3a://...``).
            format: ``parquet``, ``csv`` or ``json`` (JSON Lines); by default, from the suffix.
            con: Unused (Spark reads files itself).

        Returns:
            A DataFrame of the process's Spark session.

        Raises:
            UsageError: The format is unknown, or PySpark is not installed.
        """
        del con
        kind = file_format(path, format)
        reader = spark.spark_session().read
        if kind == "parquet":
            return reader.parquet(str(path))
        if kind == "csv":
            return reader.csv(str(path), header=True, inferSchema=True)
        return reader.json(str(path))
