"""showmeter on Spark local: ``compute(..., engine="spark")`` from the store.

showmeter's Spark engine copies the tables a metric reads from the store into a child
session (the viewing table through a Parquet file), so that copy is part of every timed run.
"""

from __future__ import annotations

from typing import Any

from benchmarks.implementations.showmeter_duckdb import project
from benchmarks.world import World, showmeter_params

__all__ = ["close", "run", "setup"]


def setup(world: World, variant: str) -> dict[str, Any]:
    """Start showmeter's local SparkSession (untimed), as a long-lived user process would."""
    import ibis

    from showmeter.engines import spark_session

    ibis.pyspark  # noqa: B018  (imports Ibis' PySpark backend, as the first compute would)

    spark_session().sql("SELECT 1").count()
    return {"world": world}


def run(state: dict[str, Any], metric: str) -> Any:
    """Compute the metric on the Spark engine."""
    from showmeter.engines import compute

    world: World = state["world"]
    result = compute(metric, showmeter_params(metric, world), source=world.store, engine="spark")
    return project(result.to_arrow(), metric)


def close(state: dict[str, Any]) -> None:
    """Stop the SparkSession."""
    from showmeter.engines import stop_spark

    stop_spark()
