"""The Spark engine: local, a standalone cluster, YARN, Kubernetes, or Spark Connect.

The session is :mod:`showmeter.engines.spark`'s; moving the store's tables in and sharing
relations across a batch is :mod:`showmeter.engines.spark_tables`'; this is the engine that
compiles to Spark SQL and runs there.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from showmeter.engines import spark
from showmeter.engines.base import Engine, file_format
from showmeter.engines.ibis_engine import without_password

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    import duckdb
    import ibis.expr.types as ir
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

    from showmeter.engines.prepared import Prepared
    from showmeter.engines.spark_tables import SparkBatch

__all__ = ["SparkEngine"]


class SparkEngine(Engine):
    """A Spark, by ``--engine`` value: ``spark``, ``spark://…``, ``sc://…``, ``yarn``, ``k8s://…``.

    Compiling needs no Spark; executing starts the session on first use
    (:func:`showmeter.engines.spark.spark_session`). A batch (a report) moves each store table
    to the cluster once and keeps the relations its computations share cached there.

    Args:
        url: The ``--engine`` value (``spark`` for the local or Spark-configured one).
        conf: ``--spark-conf`` settings.
    """

    shares_relations = True

    def __init__(self, url: str = "spark", conf: Mapping[str, str] | None = None) -> None:
        self.url = url
        self.conf = tuple(sorted((conf or {}).items()))

    @property
    def name(self) -> str:
        """``spark``."""
        return "spark"

    @property
    def label(self) -> str:
        """``spark``, or the URL without its password."""
        return without_password(self.url)

    @property
    def dialect(self) -> str:
        """``pyspark``."""
        return "pyspark"

    def session(self) -> SparkSession:
        """The engine's session (see :func:`showmeter.engines.spark.spark_session`)."""
        return spark.spark_session(self.url, dict(self.conf))

    def compile(self, expr: ir.Table) -> str:
        """The expression's Spark SQL; Ibis needs PySpark installed for it.

        Raises:
            UsageError: PySpark is not installed (the remedy names ``showmeter[spark]``).
        """
        spark.require_pyspark()
        return super().compile(expr)

    @contextlib.contextmanager
    def batch(
        self, con: duckdb.DuckDBPyConnection, *, keep_tables: bool = True
    ) -> Iterator[SparkBatch]:
        """A batch on the engine's session (:class:`~showmeter.engines.spark_tables.SparkBatch`).

        Args:
            con: The store's connection.
            keep_tables: Cache each store table on the executors once moved (see
                :class:`~showmeter.engines.spark_tables.SparkBatch`); off for a single
                computation.

        A store of at most :data:`~showmeter.engines.spark_settings.SMALL_ADAPTIVE_ROWS`
        sessions is computed without adaptive query execution, unless the user set it.

        Raises:
            ResourceError: The cluster cannot be reached, or lost what a computation needed.
        """
        from showmeter.engines.spark_tables import SparkBatch

        chosen = spark.settings(self.url, dict(self.conf))
        batch = None
        try:
            batch = SparkBatch(
                self,
                self.session(),
                con,
                connect=chosen.remote is not None,
                exchange=chosen.exchange,
                keep_tables=keep_tables,
                adaptive=self.adaptive(con),
            )
            yield batch
        except Exception as error:
            failed = spark.cluster_error(error, self.label)
            if failed is None:
                raise
            raise failed from error
        finally:
            if batch is not None:
                with contextlib.suppress(Exception):  # a cluster gone takes its views with it
                    batch.close()

    def adaptive(self, con: duckdb.DuckDBPyConnection) -> bool | None:
        """False (AQE off) for a small store unless the user set AQE; else None (as set).

        See :data:`showmeter.engines.spark_settings.SMALL_ADAPTIVE_ROWS`.
        """
        import duckdb

        from showmeter.engines.spark_settings import adaptive_for, user_set
        from showmeter.engines.spark_tables import ADAPTIVE

        if user_set(ADAPTIVE, dict(self.conf)):
            return None
        try:
            [(rows,)] = con.execute("SELECT count(*) FROM viewing").fetchall()
        except duckdb.Error:  # not a store's connection: Spark's setting stands
            return None
        return adaptive_for(int(rows), dict(self.conf))

    def execute(
        self,
        con: duckdb.DuckDBPyConnection,
        prepared: Prepared,
        expr: ir.Table | None = None,
    ) -> pa.Table:
        """Move the tables the computation reads to Spark, run its SQL, sort its rows.

        See :meth:`Engine.execute`; a batch of one (:meth:`batch`).
        """
        with self.batch(con, keep_tables=False) as batch:
            return batch.execute(prepared, expr)

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
            A DataFrame of the engine's session.

        Raises:
            UsageError: The format is unknown, or PySpark is not installed.
        """
        del con
        kind = file_format(path, format)
        reader = self.session().read
        if kind == "parquet":
            return reader.parquet(str(path))
        if kind == "csv":
            return reader.csv(str(path), header=True, inferSchema=True)
        return reader.json(str(path))
