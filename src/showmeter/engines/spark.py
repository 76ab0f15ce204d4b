"""The Spark engine: PySpark in local mode, fed from the DuckDB store.

One local SparkSession per process, created on first use with modest settings
(:data:`SPARK_CONFIG`). Each computation runs in a child session (``newSession``: its own
temporary views and SQL settings, the same Spark context), into which the tables it reads are
copied from the store — through Arrow for small tables, through Parquet files for large ones
(written once per process for the same rows, and removed by :func:`stop_spark`).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.errors import UsageError

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa
    from pyspark.sql import SparkSession

__all__ = [
    "ARROW_ROWS",
    "SPARK_CONFIG",
    "require_pyspark",
    "run_on_spark",
    "spark_session",
    "stop_spark",
]

SPARK_CONFIG = {
    "spark.master": "local[2]",
    "spark.app.name": "showmeter",
    "spark.driver.memory": "1g",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.adaptive.enabled": "true",
    "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
}
"""The local SparkSession's settings: modest memory, no UI, UTC, few shuffle partitions."""

SPARK_LOGGING = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n
"""
"""Spark's log4j2 settings: errors only, so that a computation does not flood the terminal."""

ARROW_ROWS = 500_000
"""Tables up to this many rows go to Spark through Arrow; larger ones through Parquet."""


_spark_lock = threading.Lock()
_spark: list[SparkSession] = []


def require_pyspark() -> None:
    """Check that PySpark can be imported, before Ibis or Spark need it.

    Raises:
        UsageError: PySpark is not installed (the remedy names the extra that installs it).
    """
    try:
        import pyspark  # noqa: F401
    except ImportError as error:
        raise UsageError(
            "the spark engine needs PySpark, which is not installed",
            remedy="Install it with `pip install 'showmeter[spark]'` (it also needs Java 17), "
            "or leave out --engine spark to compute on DuckDB.",
        ) from error


def _java_error(error: Exception) -> UsageError | None:
    """The usage error for a Spark that could not start its Java gateway, else None.

    PySpark raises ``PySparkRuntimeError`` with the error class ``JAVA_GATEWAY_EXITED`` when
    ``java`` is missing, ``JAVA_HOME`` points nowhere, or the Java is too old to start Spark.
    """
    if "JAVA_GATEWAY_EXITED" not in str(error):
        return None
    java_home = os.environ.get("JAVA_HOME")
    java = shutil.which("java")
    found = (
        f"JAVA_HOME is {java_home!r}"
        if java_home
        else (f"java is {java}" if java else "no java on PATH and JAVA_HOME unset")
    )
    return UsageError(
        f"the spark engine could not start Java ({found}; JAVA_GATEWAY_EXITED)",
        expected="a Java 17 runtime",
        remedy="Install Java 17 (e.g. `apt install openjdk-17-jre-headless`) so that `java` is "
        "on PATH, or set JAVA_HOME to a Java 17 installation; or leave out --engine spark "
        "to compute on DuckDB.",
    )


def spark_session() -> SparkSession:
    """The process's local SparkSession, created on first use (see :data:`SPARK_CONFIG`).

    Raises:
        UsageError: PySpark is not installed, or Java could not be started.
    """
    with _spark_lock:
        if not _spark:
            require_pyspark()
            from pyspark.sql import SparkSession

            logging = Path(tempfile.gettempdir()) / "showmeter-spark-log4j2.properties"
            logging.write_text(SPARK_LOGGING)
            builder = SparkSession.builder.config(
                "spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={logging.as_uri()}"
            )
            for key, value in SPARK_CONFIG.items():
                builder = builder.config(key, value)
            try:
                session = builder.getOrCreate()
            except Exception as error:  # PySparkRuntimeError; pyspark.errors varies by version
                usage = _java_error(error)
                if usage is None:
                    raise
                raise usage from error
            session.sparkContext.setLogLevel("ERROR")
            _spark.append(session)
        return _spark[0]


def stop_spark() -> None:
    """Stop the process's local SparkSession, if one was started."""
    with _spark_lock:
        while _spark:
            _spark.pop().stop()
    with _exports_lock:
        _exports.clear()
        while _exports_folder:
            shutil.rmtree(_exports_folder.pop(), ignore_errors=True)


_exports_lock = threading.Lock()
_exports: dict[tuple[object, ...], str] = {}
_exports_folder: list[str] = []


def _exported(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """A Parquet copy of a large table, written once per process for the same rows.

    A report asks Spark for dozens of computations over the same store; writing the viewing
    table out for each cost more than the computation. The copy is keyed by the table's
    fingerprint (its row count and a hash of every column), so a changed table is written
    again. The copies go to one temporary folder, removed when Spark stops.
    """
    fingerprint = con.execute(
        f'SELECT count(*), bit_xor(hash(COLUMNS(*))) FROM "{name}"'
    ).fetchall()[0]
    key = (name, *fingerprint)
    with _exports_lock:
        if key in _exports and Path(_exports[key]).exists():
            return _exports[key]
        if not _exports_folder:
            folder = tempfile.mkdtemp(prefix="showmeter-spark-tables-")
            atexit.register(shutil.rmtree, folder, True)
            _exports_folder.append(folder)
        path = str(Path(_exports_folder[0]) / f"{name}-{len(_exports)}.parquet")
        con.sql(f'SELECT * FROM "{name}"').write_parquet(path)
        _exports[key] = path
        return path


def run_on_spark(
    con: duckdb.DuckDBPyConnection, names: list[str], sql: str, order: list[str]
) -> pa.Table:
    """Run SQL on a child session of the local Spark, with tables copied from the store.

    The rows come back through a Parquet file rather than ``toArrow``: PySpark's socket
    transfer leaves its socket for the garbage collector to close (a ResourceWarning), and
    files scale to large results. The Parquet parts are read back and re-sorted.

    Args:
        con: The DuckDB store holding the canonical tables.
        names: The tables the SQL reads; each becomes a temporary view of the child session.
        sql: Spark SQL.
        order: The columns to sort the rows by.

    Returns:
        The rows, sorted.
    """
    import pyarrow.parquet as pq

    session = spark_session().newSession()
    with tempfile.TemporaryDirectory(prefix="showmeter-spark-") as folder:
        for name in names:
            [(rows,)] = con.execute(f'SELECT count(*) FROM "{name}"').fetchall()
            if rows <= ARROW_ROWS:
                relation = con.sql(f'SELECT * FROM "{name}"')
                frame = session.createDataFrame(relation.to_arrow_table())
            else:
                frame = session.read.parquet(_exported(con, name))
            frame.createOrReplaceTempView(name)
        try:
            out = str(Path(folder) / "result")
            session.sql(sql).write.parquet(out)
            table: pa.Table = pq.read_table(out)
        finally:
            for name in names:
                session.catalog.dropTempView(name)
    return table.sort_by([(column, "ascending") for column in order]) if order else table
