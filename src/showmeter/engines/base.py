"""What an engine is: a name, a label, a SQL dialect, and four things it does.

An :class:`Engine` connects to a source (a store file, or an open DuckDB connection that holds
the canonical tables), compiles an Ibis expression to its SQL, executes a prepared computation
into an Arrow table, and reads a data file (Parquet, CSV or JSON Lines) into a table of its
own. What a batch of computations may do on it is said by attributes, not by its name:
:attr:`Engine.shares_relations` (a relation shared by several computations can be kept as a
temporary table of the store's connection) and :meth:`Engine.by_season` (whether such
relations are best built one season at a time on this store).

The implementations are :class:`showmeter.engines.duckdb_engine.DuckDBEngine`,
:class:`showmeter.engines.spark_engine.SparkEngine` and
:class:`showmeter.engines.ibis_engine.IbisEngine`; one is chosen from the ``--engine`` value by
:func:`showmeter.engines.choice.engine_from`.
"""

from __future__ import annotations

import abc
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from showmeter.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Iterator

    import duckdb
    import ibis.expr.types as ir
    import pyarrow as pa

    from showmeter.engines.prepared import Prepared

__all__ = [
    "FORMATS",
    "Batch",
    "Engine",
    "Source",
    "file_format",
    "store_connection",
    "table_names",
    "to_sql",
]

Source: TypeAlias = "str | Path | duckdb.DuckDBPyConnection"
"""Where the canonical tables are: a store file (opened read-only) or an open DuckDB connection."""

FORMATS = ("parquet", "csv", "json")
"""The file formats :meth:`Engine.read` reads (``json`` is JSON Lines: one object a line)."""

_SUFFIXES = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".csv": "csv",
    ".tsv": "csv",
    ".jsonl": "json",
    ".ndjson": "json",
    ".json": "json",
}


class Batch:
    """Computations of one batch on one store, and the relations they share.

    The default, for engines that run on the store's own connection: a shared relation is a
    temporary table of that connection, and each computation is :meth:`Engine.execute`. The
    Spark engine keeps its own (:class:`showmeter.engines.spark_tables.SparkBatch`).

    Args:
        engine: The engine.
        con: The store's connection.
    """

    def __init__(self, engine: Engine, con: duckdb.DuckDBPyConnection) -> None:
        self.engine = engine
        self.con = con

    def create(self, name: str, expr: ir.Table) -> None:
        """Compute a shared relation once, as table ``name``."""
        self.con.execute(f'CREATE TEMP TABLE "{name}" AS {self.engine.compile(expr)}')

    def drop(self, name: str) -> None:
        """Drop a shared relation's table."""
        self.con.execute(f'DROP TABLE IF EXISTS temp."{name}"')

    def execute(self, prepared: Prepared, expr: ir.Table | None = None) -> pa.Table:
        """Run one computation (see :meth:`Engine.execute`)."""
        return self.engine.execute(self.con, prepared, expr)

    def close(self) -> None:
        """Release what the batch holds (nothing here: the batch drops its tables itself)."""


class Engine(abc.ABC):
    """An engine that runs metric expressions.

    Engines compare equal when they are of the same kind and reach the same place, so that an
    engine can serve as (part of) a cache key.
    """

    @property
    @abc.abstractmethod
    def name(self) -> str:
        """The kind of engine: ``duckdb``, ``spark``, or an Ibis URL's scheme."""

    @property
    @abc.abstractmethod
    def label(self) -> str:
        """The engine as shown in results: its name, or its URL without the password."""

    @property
    @abc.abstractmethod
    def dialect(self) -> str:
        """The SQL dialect Ibis compiles to for this engine (``duckdb``, ``pyspark``, ...)."""

    shares_relations: bool = False
    """Whether the engine runs on the store's own connection, so that a batch can compute a
    relation its computations share once, into a temporary table there."""

    runs_sql: bool = False
    """Whether the engine runs SQL text on the store's own connection (:meth:`run_sql`), so that
    a computation can run SQL kept by :mod:`showmeter.engines.compiled` without its expression."""

    def run_sql(self, con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
        """Run SQL text of this engine's dialect on the store's connection (see :attr:`runs_sql`).

        Raises:
            NotImplementedError: The engine does not run SQL text.
        """
        raise NotImplementedError(f"{self.name} runs expressions, not SQL text")

    def by_season(self, con: duckdb.DuckDBPyConnection) -> bool:
        """Whether a batch should build its shared relations one season at a time on this store.

        Args:
            con: The store's connection.

        Returns:
            False unless the engine shares relations and the store calls for it.
        """
        del con
        return False

    def connect(
        self, source: Source
    ) -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]:
        """A connection to the source's canonical tables, for the time of a ``with`` block.

        Args:
            source: A store file (opened read-only, closed at the end) or an open connection
                (left open).

        Returns:
            A context manager that yields the connection.

        Raises:
            InputError: The file is not a showmeter store, or cannot be read.
        """
        return store_connection(source)

    @contextlib.contextmanager
    def batch(self, con: duckdb.DuckDBPyConnection) -> Iterator[Batch]:
        """A batch of computations on the store's connection, for the time of a ``with`` block.

        Args:
            con: The store's connection.

        Yields:
            The batch (closed at the end).
        """
        batch = Batch(self, con)
        try:
            yield batch
        finally:
            batch.close()

    def compile(self, expr: ir.Table) -> str:
        """The SQL of an expression in this engine's dialect (no engine needs to run).

        Raises:
            UsageError: Ibis cannot compile to the dialect.
        """
        return to_sql(expr, self.dialect)

    @abc.abstractmethod
    def execute(
        self,
        con: duckdb.DuckDBPyConnection,
        prepared: Prepared,
        expr: ir.Table | None = None,
    ) -> pa.Table:
        """Run a prepared computation and return its rows.

        Args:
            con: The store's connection (the tables the computation reads come from it).
            prepared: The computation.
            expr: An equivalent expression to run in place of ``prepared.expr``.

        Returns:
            The rows, as the engine returned them (:meth:`Prepared.result` conforms them).
        """

    @abc.abstractmethod
    def read(
        self,
        path: str | Path,
        *,
        format: str | None = None,
        con: duckdb.DuckDBPyConnection | None = None,
    ) -> Any:
        """Read a data file into a table of this engine.

        Args:
            path: A Parquet, CSV (with a header) or JSON Lines file, or what the engine
                accepts in its place (a glob, a folder of Parquet parts, a remote URL).
            format: ``parquet``, ``csv`` or ``json``; by default, from the file's suffix.
            con: The DuckDB connection to read on (DuckDB only; default: a new in-memory one).

        Returns:
            The engine's own table: a DuckDB relation, a Spark DataFrame, an Ibis table.

        Raises:
            UsageError: The format is unknown.
        """

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted(vars(self).items()))))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.label!r})"


def file_format(path: str | Path, format: str | None = None) -> str:
    """The format of a data file: the one given, else the one its suffix names.

    Args:
        path: The file (a trailing ``.gz`` or ``.zst`` is skipped).
        format: ``parquet``, ``csv`` or ``json``, or None to go by the suffix.

    Returns:
        One of :data:`FORMATS`.

    Raises:
        UsageError: The format is not one of :data:`FORMATS`, or the suffix names none.
    """
    if format is None:
        suffixes = [s.lower() for s in Path(str(path)).suffixes if s.lower() not in {".gz", ".zst"}]
        format = _SUFFIXES.get(suffixes[-1] if suffixes else "")
        if format is None:
            raise UsageError(
                f"cannot tell the format of {str(path)!r} from its name",
                expected="a name ending in .parquet, .csv or .jsonl",
                remedy="Name the format: parquet, csv or json.",
            )
    if format not in FORMATS:
        raise UsageError(f"unknown file format {format!r}", expected=", ".join(FORMATS))
    return format


@contextlib.contextmanager
def store_connection(source: Source) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a source's canonical tables (see :meth:`Engine.connect`)."""
    if not isinstance(source, str | Path):
        yield source
        return
    from showmeter.store import Store

    store = Store(source, read_only=True)
    try:
        yield store.connection
    finally:
        store.close()


def to_sql(expr: ir.Table, dialect: str) -> str:
    """An expression's SQL in an Ibis dialect.

    Args:
        expr: The expression.
        dialect: An Ibis dialect name (``duckdb``, ``pyspark``, ``clickhouse``...).

    Returns:
        The SQL text.

    Raises:
        UsageError: Ibis cannot compile to the dialect.
    """
    import ibis

    if dialect == "pyspark":
        ibis.pyspark  # noqa: B018  (registers the backend's options, which to_sql needs)
    try:
        return str(ibis.to_sql(expr, dialect=dialect))
    except Exception as error:  # ibis raises many kinds for an unknown dialect
        raise UsageError(
            f"cannot compile for the SQL dialect {dialect!r}: {error}",
            remedy="Use duckdb, spark, or the URL of an installed Ibis backend.",
        ) from error


def table_names(expr: ir.Table) -> list[str]:
    """The canonical tables an expression reads, sorted."""
    import ibis.expr.operations as ops

    return sorted({node.name for node in expr.op().find(ops.UnboundTable)})
