"""Fixtures of the metric tests: every case runs on DuckDB and on Spark (local mode).

Spark needs PySpark (``pip install -e ".[spark]"``) and a Java runtime. Where either is missing
the Spark half is skipped with the reason, so the README's test command works on a machine with
only Python; CI sets ``SHOWMETER_REQUIRE_SPARK=1``, which turns that skip into a failure.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator

import pytest

ENGINES = [
    pytest.param("duckdb", id="duckdb"),
    pytest.param("spark", id="spark", marks=pytest.mark.spark),
    pytest.param("spark://", id="spark-cluster", marks=[pytest.mark.spark, pytest.mark.cluster]),
    pytest.param("sc://", id="spark-connect", marks=[pytest.mark.spark, pytest.mark.cluster]),
]
"""Every case runs on DuckDB, local Spark, the test cluster (tests/spark_cluster.py) by its
master and by Spark Connect; all four must give the same figures."""


def _spark_missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return 'PySpark is not installed (pip install -e ".[spark]")'
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return "no Java runtime (install Java 17, e.g. apt-get install openjdk-17-jre-headless)"
    return None


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """The local SparkSession of the engines module, started once and stopped at the end."""
    missing = _spark_missing()
    if missing:
        if os.environ.get("SHOWMETER_REQUIRE_SPARK") == "1":
            pytest.fail(f"the Spark engine is required here but {missing}")
        pytest.skip(f"Spark engine unavailable: {missing}")
    from showmeter import engines

    yield engines.spark_session()
    engines.stop_spark()


@pytest.fixture(params=ENGINES, scope="session")
def engine(request: pytest.FixtureRequest) -> str:
    """The engine a metric case runs on; all must give the same figures.

    Session-scoped, so that pytest runs every case on one engine before the next: a process
    holds one classic Spark at a time (local or the cluster's), and each starts once.
    """
    if request.param == "spark":
        request.getfixturevalue("spark")
    if request.param == "spark://":
        return str(request.getfixturevalue("spark_cluster").master)
    if request.param == "sc://":
        return str(request.getfixturevalue("spark_cluster").remote)
    return str(request.param)
