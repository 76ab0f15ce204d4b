"""Hand-written Spark SQL over the simulated Parquet, on a local SparkSession.

The session is showmeter's own (``showmeter.engines.spark_session``: ``local[2]``, UTC, the
same memory and shuffle settings), so both Spark rows differ only in the SQL and in where the
data come from: here straight from the simulated Parquet files.
"""

from __future__ import annotations

import gc
import warnings
from typing import TYPE_CHECKING, Any

from benchmarks.implementations.sql_text import SPARK, metric_sql

if TYPE_CHECKING:
    from benchmarks.world import World

__all__ = ["close", "run", "setup"]


def setup(world: World, variant: str) -> dict[str, Any]:
    """Start the SparkSession (untimed)."""
    from showmeter.engines import spark_session

    spark = spark_session()
    spark.sql("SELECT 1").count()
    return {"world": world, "spark": spark}


def run(state: dict[str, Any], metric: str) -> Any:
    """Register the Parquet files as views and run the metric's query."""
    world: World = state["world"]
    spark = state["spark"]
    spark.read.parquet(world.sessions_glob).createOrReplaceTempView("viewing")
    for name in ("launches", "episodes", "seasons"):
        spark.read.parquet(world.table(name)).createOrReplaceTempView(name)
    tables = {name: name for name in ("viewing", "launches", "episodes", "seasons")}
    frame = spark.sql(metric_sql(metric, SPARK, tables, world.reference))
    with warnings.catch_warnings():
        # toArrow leaves its socket to the garbage collector (a ResourceWarning): collect it here
        warnings.simplefilter("ignore", ResourceWarning)
        table = frame.toArrow()
        gc.collect()
    return table


def close(state: dict[str, Any]) -> None:
    """Stop the SparkSession."""
    from showmeter.engines import stop_spark

    stop_spark()
