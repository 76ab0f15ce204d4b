"""A batch of computations on one Spark session: store tables moved in once, relations cached.

:class:`SparkBatch` is what :meth:`showmeter.engines.spark_engine.SparkEngine.batch` gives: on a
classic session, a child session (``newSession``: its own temporary views); on Spark Connect,
the URL's session itself. Each store table a computation reads becomes a temporary view once per
batch, under a name of its own (``viewing__b3``), so that batches running at the same time never
see each other's tables. Small tables go through Arrow (over the connection, on Spark Connect);
large ones through a Parquet copy in the exchange folder
(:data:`showmeter.engines.spark.EXCHANGE_KEY`), written once per process for the same rows,
which every executor (and a Connect server) must be able to read at the same path: on a cluster
of this machine the temporary folder is; on a remote cluster give a shared mount, or give the
data as files the cluster reads in place.

In a batch of several computations (a report) each store table, once moved, is cached on the
executors (``persist``) so that it crosses to the cluster once, not inside the tasks of every
computation. Shared relations (:mod:`showmeter.engines.sharing`) become cached temporary
views, kept in the executors' memory (spilling to disk) until the batch ends.
"""

from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
import threading
import uuid
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.engines.base import Batch, table_names
from showmeter.engines.sharing import substitute

if TYPE_CHECKING:
    import duckdb
    import ibis.expr.types as ir
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

    from showmeter.engines.base import Engine
    from showmeter.engines.prepared import Prepared

__all__ = ["ARROW_BYTES", "ARROW_ROWS", "SparkBatch", "forget_exports"]

ARROW_ROWS = 500_000
"""Tables up to this many rows go to Spark through Arrow; larger ones through Parquet."""

ARROW_BYTES = 16 << 20
"""On Spark Connect, tables up to this size go through Arrow over the connection (the server's
driver holds each whole in memory); larger ones through Parquet."""

ADAPTIVE = "spark.sql.adaptive.enabled"
PARTITIONS = "spark.sql.shuffle.partitions"

_batches = itertools.count(1)
_exports_lock = threading.Lock()
_exports: dict[tuple[object, ...], str] = {}
_exports_folders: dict[str, str] = {}


def forget_exports() -> None:
    """Remove the Parquet copies written so far (when Spark stops)."""
    with _exports_lock:
        _exports.clear()
        for folder in _exports_folders.values():
            shutil.rmtree(folder, ignore_errors=True)
        _exports_folders.clear()


def _folder(exchange: str) -> Path:
    """This process's own folder inside the exchange folder, made on first use."""
    if exchange not in _exports_folders:
        Path(exchange).mkdir(parents=True, exist_ok=True)
        folder = tempfile.mkdtemp(prefix="showmeter-spark-tables-", dir=exchange)
        atexit.register(shutil.rmtree, folder, True)
        _exports_folders[exchange] = folder
    return Path(_exports_folders[exchange])


def exported(con: duckdb.DuckDBPyConnection, name: str, exchange: str) -> str:
    """A Parquet copy of a large table, written once per process for the same rows.

    A report asks Spark for dozens of computations over the same store; writing the viewing
    table out for each cost more than the computation. The copy is keyed by the table's
    fingerprint (its row count and a hash of every column), so a changed table is written
    again. The copies go to one folder of the exchange folder, removed when Spark stops.

    Returns:
        The copy's path.
    """
    fingerprint = con.execute(
        f'SELECT count(*), bit_xor(hash(COLUMNS(*))) FROM "{name}"'
    ).fetchall()[0]
    key = (exchange, name, *fingerprint)
    with _exports_lock:
        if key in _exports and Path(_exports[key]).exists():
            return _exports[key]
        path = str(_folder(exchange) / f"{name}-{len(_exports)}.parquet")
        con.sql(f'SELECT * FROM "{name}"').write_parquet(path)
        _exports[key] = path
        return path


class SparkBatch(Batch):
    """Computations on one Spark session, reading one store (see the module's documentation).

    Args:
        engine: The Spark engine (it compiles).
        session: The engine's session (a child is made of a classic one).
        con: The store's connection.
        connect: Whether ``session`` is a Spark Connect session.
        exchange: The folder shared with the cluster.
        keep_tables: Cache each store table on the executors once it is moved (a batch of
            several computations); a batch of one computation reads it once anyway.
        adaptive: ``spark.sql.adaptive.enabled`` for the batch's queries (None: the session's;
            see :data:`showmeter.engines.spark_settings.SMALL_ADAPTIVE_ROWS`).
    """

    def __init__(
        self,
        engine: Engine,
        session: SparkSession,
        con: duckdb.DuckDBPyConnection,
        *,
        connect: bool,
        exchange: str,
        keep_tables: bool = True,
        adaptive: bool | None = None,
    ) -> None:
        super().__init__(engine, con)
        self.keep_tables = keep_tables
        self.session = session if connect else session.newSession()
        self.connect = connect
        self.exchange = exchange
        self.suffix = f"__b{next(_batches)}_{uuid.uuid4().hex[:6]}"
        self.views: dict[str, str] = {}  # store table -> its view
        self.cached: set[str] = set()
        self.frames: dict[str, DataFrame] = {}  # shared relation -> its cached frame
        self.shipped: dict[str, DataFrame] = {}  # store table's view -> its cached frame
        self.restore: dict[str, str | None] = {}  # a Connect session's settings changed here
        if adaptive is not None:
            self._set(ADAPTIVE, str(adaptive).lower())

    def _set(self, key: str, value: str) -> None:
        """Set a SQL setting for this batch (a Connect session's is put back by :meth:`close`)."""
        if self.connect and key not in self.restore:
            self.restore[key] = self.session.conf.get(key, None)
        self.session.conf.set(key, value)

    def _view(self, name: str) -> str:
        """The view of a store table in this batch, made on first use.

        A table sent through Arrow is cached on the executors (``persist``, spilling to disk;
        filled by the first computation that reads it, not by a job of its own), so that it
        crosses to the cluster once per batch: it is otherwise a local relation of the driver,
        shipped to the executors again inside the tasks of every computation that reads it.
        What is cached is the table after a shuffle (``repartition``): the cache of the local
        relation itself would still carry the rows inside every task that reads it (each task
        names its partition, and a partition of the driver's rows holds them), which made
        serializing tasks the driver's largest cost in a report on a cluster. Lost cached
        blocks (a worker gone) are rebuilt from the shuffle's files, or from the driver's copy.
        Parquet files (a lake's, a large table exported) are not cached: each computation
        reads only the columns it needs where they lie.
        """
        if name not in self.views:
            view = name + self.suffix
            frame, local = self._frame(name)
            if self.keep_tables and local:
                partitions = int(self.session.conf.get(PARTITIONS, None) or "4")
                # filled by the first computation that reads it, not by a job of its own
                frame = frame.repartition(partitions).persist()
                self.shipped[view] = frame
            frame.createOrReplaceTempView(view)
            self.views[name] = view
        return self.views[name]

    def _frame(self, name: str) -> tuple[DataFrame, bool]:
        """A store table on the cluster, and whether it is a local relation of the driver.

        Parquet files (a lake's, or the table exported) are read where they lie by every
        computation; only a table sent through Arrow is worth caching on the executors.
        """
        from showmeter.engines.lake_spark import spark_frame

        if (files := spark_frame(self.session, self.con, name)) is not None:  # a lake's table
            return files, False
        [(rows,)] = self.con.execute(f'SELECT count(*) FROM "{name}"').fetchall()
        if rows <= ARROW_ROWS:
            table = self.con.sql(f'SELECT * FROM "{name}"').to_arrow_table()
            if not table.num_rows:  # Spark Connect cannot infer a schema from no rows
                from pyspark.sql.pandas.types import from_arrow_schema

                empty = self.session.createDataFrame([], schema=from_arrow_schema(table.schema))
                return empty, True
            if not self.connect or table.nbytes <= ARROW_BYTES:
                return self.session.createDataFrame(table), True
        return self.session.read.parquet(exported(self.con, name, self.exchange)), False

    def sql(self, expr: ir.Table) -> str:
        """The expression's Spark SQL over this batch's views (made as needed)."""
        import ibis

        tables = {}
        for name in table_names(expr):
            if name not in self.cached:
                node = next(
                    t for t in expr.op().find(ibis.expr.operations.UnboundTable) if t.name == name
                )
                tables[node] = ibis.table(node.schema, name=self._view(name))
        return self.engine.compile(substitute(expr, tables))

    def create(self, name: str, expr: ir.Table) -> None:
        """Compute a shared relation once and keep it cached on the cluster as view ``name``.

        Nothing runs here: the first computation that reads the view fills the cache as part of
        its own job (a ``count`` to fill it first was one more job per shared relation, each a
        round trip of driver planning and scheduling). The view holds the relation's analysed
        plan, not its SQL, so that one built from another still stands when the other is
        dropped.
        """
        frame = self.session.sql(self.sql(expr)).persist()  # filled by its first user's job
        frame.createOrReplaceTempView(name)
        self.frames[name] = frame
        self.cached.add(name)

    def drop(self, name: str) -> None:
        """Note that a shared relation's last user is done.

        Its rows stay cached until :meth:`close`: a relation built from it may still be
        analysed again from its plan (Spark Connect does so even to release it), and the
        executors spill cached rows to disk rather than fail.
        """
        del name

    def _release(self) -> None:
        """Release every shared relation, each after those built from it."""
        for name in reversed(list(self.frames)):
            frame = self.frames.pop(name)
            frame.unpersist()
            self.session.catalog.dropTempView(name)
            self.cached.discard(name)

    def execute(self, prepared: Prepared, expr: ir.Table | None = None) -> pa.Table:
        """Run one computation on the batch's session, its rows sorted by its sort columns."""
        expr = prepared.expr if expr is None else expr
        return self.run(expr, list(prepared.definition.sort_columns(prepared.resolved)))

    def run(self, expr: ir.Table, order: list[str]) -> pa.Table:
        """Run an expression and return its rows, sorted.

        The rows come back as Arrow (``toArrow``): over the connection on Spark Connect, through
        a local socket on a classic session. That socket PySpark leaves unclosed, to be closed
        when its last reference goes (a ResourceWarning), which happens as ``toArrow``
        returns: the warning is silenced there. (A full ``gc.collect()`` after each result,
        as before, cost a report 4.5 s of Python CPU; writing the rows as Parquet parts into
        the exchange folder and reading them back, before that, was a job with a file commit
        per computation.)
        """
        frame = self.session.sql(self.sql(expr))
        if self.connect:
            table: pa.Table = frame.toArrow()
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ResourceWarning)
                table = frame.toArrow()
        return table.sort_by([(column, "ascending") for column in order]) if order else table

    def close(self) -> None:
        """Drop every view and cache this batch made."""
        self._release()
        for view in self.views.values():
            self.session.catalog.dropTempView(view)
            if view in self.shipped:
                self.shipped.pop(view).unpersist()
        self.views.clear()
        for key, value in self.restore.items():
            if value is None:
                self.session.conf.unset(key)
            else:
                self.session.conf.set(key, value)
        self.restore.clear()
