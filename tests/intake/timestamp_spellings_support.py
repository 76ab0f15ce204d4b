"""Text timestamps read by the rules' SQL on DuckDB (the ingest) and on Spark (in place)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyarrow as pa

if TYPE_CHECKING:
    from collections.abc import Iterable


def instants(con: Any, assume_tz: str | None, spark: bool) -> dict[str, float | None]:
    """Each spelling of table ``b`` (column ``v``) as the rules read it: POSIX seconds or None."""
    from showmeter.intake.dialects import spark_sql
    from showmeter.intake.sql import as_instant

    query = f"SELECT v, {as_instant('b.v', pa.string(), assume_tz)} AS t FROM b"
    rows = con.sql(spark_sql(query)).collect() if spark else con.execute(query).fetchall()
    return {v: None if t is None else t.timestamp() for v, t in rows}


def on_both_engines(
    spellings: Iterable[str], assume_tz: str | None
) -> tuple[dict[str, float | None], dict[str, float | None]]:
    """The spellings read on DuckDB and on local Spark, both in UTC sessions.

    Returns:
        DuckDB's instants and Spark's, by spelling.
    """
    import duckdb

    from showmeter import engines
    from showmeter.engines.spark_in_place import sockets_closed

    texts = list(spellings)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE TABLE b (v VARCHAR)")
    con.executemany("INSERT INTO b VALUES (?)", [[s] for s in texts])
    on_duckdb = instants(con, assume_tz, spark=False)
    spark = engines.spark_session().newSession()
    assert spark.conf.get("spark.sql.session.timeZone") == "UTC"
    with sockets_closed():
        frame = spark.createDataFrame([(s,) for s in texts], "v string")
        frame.createOrReplaceTempView("b")
        on_spark = instants(spark, assume_tz, spark=True)
    return on_duckdb, on_spark
