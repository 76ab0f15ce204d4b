"""The Spark session's set-up for the ingest's rules: the catalog as views, the JIT's limit.

Only the catalog (small) is flattened, in DuckDB in memory by the ingest's code; its tables and
the rules' lookups are sent to Spark as temporary views, which the rules join as broadcast
tables (:mod:`showmeter.engines.spark_in_place`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import SparkSession

    from showmeter.store import Store

__all__ = ["HUGE_METHOD_LIMIT", "compiled_by_the_jit", "empty_view", "send_catalog"]

_LOOKUPS = ("availability_spans", "availability_seasons")
"""The lookup tables the rules join, built from the catalog by the kinds' ``setup``."""


HUGE_METHOD_LIMIT = "8000"
"""``spark.sql.codegen.hugeMethodLimit`` for the rules, unless the session sets it otherwise.

The rules fuse with the catalog joins into one generated ``processNext`` of about 14.5 kB of
bytecode; HotSpot does not JIT-compile a method over 8,000 bytes (``-XX:HugeMethodLimit``), so
with Spark's default limit (65,535) every row ran interpreted: 105 s of CPU for the first scan
of binge_racers at 10 M sessions, against 18 s for the whole hand-written query. Spark's
documentation advises 8,000 on HotSpot: over it, Spark runs the stage's operators one by one,
each compiled."""


def compiled_by_the_jit(session: SparkSession) -> None:
    """Lower Spark's huge-method limit to HotSpot's, unless it was set (see the constant)."""
    key = "spark.sql.codegen.hugeMethodLimit"
    if session.conf.get(key, None) in (None, "65535"):
        session.conf.set(key, HUGE_METHOD_LIMIT)


def send_catalog(session: SparkSession, memory: Store) -> None:
    """The catalog tables and the rules' lookups as temporary views of the session."""
    from showmeter.schema import CATALOG_TABLES

    for name in (*CATALOG_TABLES, *_LOOKUPS):
        # no timestamp is infinite: an open end of availability is NULL (rules.AVAILABILITY_SPANS)
        _as_view(session, memory.connection.sql(f'SELECT * FROM "{name}"').to_arrow_table(), name)


def _as_view(session: SparkSession, table: pa.Table, name: str) -> None:
    if table.num_rows:
        frame = session.createDataFrame(table)
    else:
        from pyspark.sql.pandas.types import from_arrow_schema

        frame = session.createDataFrame([], from_arrow_schema(table.schema))
    frame.createOrReplaceTempView(name)


def empty_view(session: SparkSession, memory: Store, name: str) -> None:
    """An empty view of a canonical table no file was given for."""
    _as_view(session, memory.connection.sql(f'SELECT * FROM "{name}"').to_arrow_table(), name)
