"""The implementations timed on a Spark cluster (``python -m benchmarks.cluster``).

All three run on one session made by showmeter's own :func:`showmeter.engines.spark_session`
with the same master and settings, so they differ only in what they compute:

- ``spark_sql_cluster``: the hand-written Spark SQL of :mod:`benchmarks.implementations.sql_text`
  (the text :mod:`benchmarks.implementations.spark_sql` runs on ``local[2]``, and which
  ``tests/test_benchmarks.py`` checks against showmeter on a small world) over the simulated
  Parquet files, read by the executors;
- ``showmeter_cluster``: ``showmeter.compute(METRIC, catalog=C, events=[PARQUET],
  engine=MASTER)``, as ``showmeter compute METRIC --engine spark://… --catalog C --events
  PARQUET`` runs it: the files read in place on the cluster, ingest's rules (types, ranges,
  availability, duplicates) applied there, then the metric;
- ``report_cluster``: ``showmeter.report(SEASON, catalog=C, events=…, panels=…, reviews=…,
  signals=…, engine=MASTER)``, the launch report of one season with a reference.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
import warnings
from typing import TYPE_CHECKING, Any

from benchmarks.implementations import spark_sql
from benchmarks.implementations.showmeter_duckdb import project
from benchmarks.world import showmeter_params

if TYPE_CHECKING:
    from benchmarks.world import World

__all__ = ["DESCRIPTIONS", "close", "run", "setup"]

DESCRIPTIONS = {
    "spark_sql_cluster": "hand-written Spark SQL over the Parquet files, on the cluster",
    "showmeter_cluster": "showmeter compute --engine spark://… --catalog C --events PARQUET "
    "(in place: ingest's rules, then the metric, on the cluster)",
    "report_cluster": "showmeter report SEASON --reference R --engine spark://… "
    "--catalog C --events … --panel … --reviews … --signals …",
}
"""What each implementation runs, for RESULTS.md."""


def setup(world: World, impl: str, master: str, conf: dict[str, str]) -> dict[str, Any]:
    """Open the session on the cluster (untimed) and import what the runs need."""
    if impl not in DESCRIPTIONS:
        raise KeyError(f"unknown cluster implementation {impl!r}")
    from showmeter.engines import spark_session

    if impl != "spark_sql_cluster":
        import ibis

        import showmeter
        import showmeter.engines.spark_in_place
        import showmeter.reporting

        ibis.pyspark  # noqa: B018  (Ibis' PySpark backend, as the first compute would import)
        showmeter.metrics()
    spark = spark_session(master, conf)
    spark.sql("SELECT 1").count()
    out = tempfile.mkdtemp(prefix="bench-cluster-report-")
    return {
        "world": world,
        "impl": impl,
        "master": master,
        "conf": conf,
        "spark": spark,
        "out": out,
    }


def run(state: dict[str, Any], metric: str) -> Any:
    """One timed run: the metric's rows as Arrow (the key and compared columns), or None."""
    import showmeter

    world: World = state["world"]
    impl = state["impl"]
    if impl == "spark_sql_cluster":
        return spark_sql.run(state, metric)
    engine = {"engine": state["master"], "spark_conf": state["conf"]}
    if impl == "report_cluster":
        folder = world.folder
        title, season = world.report_season
        ref_title, ref_season = world.reference
        showmeter.report(
            f"{title}:{season}",
            reference=f"{ref_title}:{ref_season}",
            catalog=world.catalog,
            events=[world.sessions_glob],
            panels=[str(folder / "panels.parquet")],
            reviews=[str(folder / "reviews.csv")],
            signals=[str(folder / "signals.parquet")],
            output=state["out"],
            **engine,
        )
        return None
    result = showmeter.compute(
        metric,
        catalog=world.catalog,
        events=[world.sessions_glob],
        params=showmeter_params(metric, world),
        **engine,
    )
    state["inputs"] = result.inputs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        table = project(result.to_arrow(), metric)
        gc.collect()
    return table


def close(state: dict[str, Any]) -> None:
    """Stop the session and remove the report's folder."""
    from showmeter.engines import stop_spark

    shutil.rmtree(state["out"], ignore_errors=True)
    stop_spark()
