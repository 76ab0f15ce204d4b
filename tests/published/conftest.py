"""Fixtures of the published-figures tests: a store loaded from the hand-written fixtures, and
the engines every metric case runs on (Spark where PySpark and Java are present)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ENGINES = [
    pytest.param("duckdb", id="duckdb"),
    pytest.param("spark", id="spark", marks=pytest.mark.spark),
    pytest.param("spark://", id="spark-cluster", marks=[pytest.mark.spark, pytest.mark.cluster]),
    pytest.param("sc://", id="spark-connect", marks=[pytest.mark.spark, pytest.mark.cluster]),
]


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """The local SparkSession of the engines module, started once and stopped at the end."""
    from showmeter import engines

    yield engines.spark_session()
    engines.stop_spark()


@pytest.fixture(params=ENGINES, scope="session")
def engine(request: pytest.FixtureRequest) -> str:
    """The engine a metric case runs on; all must give the same figures.

    Session-scoped, so that every case runs on one engine before the next (one classic Spark
    at a time per process); the cluster ones are the session's test cluster's URLs.
    """
    if request.param == "spark":
        request.getfixturevalue("spark")
    if request.param == "spark://":
        return str(request.getfixturevalue("spark_cluster").master)
    if request.param == "sc://":
        return str(request.getfixturevalue("spark_cluster").remote)
    return str(request.param)


@pytest.fixture(scope="module")
def charts_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every global era, the countries' list and three engagement reports, no catalog."""
    from workbooks import FIXTURES, H1_2023, H2_2024, engagement_workbook

    from showmeter import api

    folder = tmp_path_factory.mktemp("charts")
    store = folder / "charts.duckdb"
    tops = [FIXTURES / f"global-{era}.tsv" for era in (2021, 2023, 2024, 2025)]
    api.ingest(store, events=[str(p) for p in [*tops, FIXTURES / "countries.tsv"]],
               source="netflix-top10")  # fmt: skip
    reports = [
        engagement_workbook(folder / "report-h1.xlsx", H1_2023),
        FIXTURES / "engagement-2023H2.csv",
        engagement_workbook(folder / "report-2024H2.xlsx", H2_2024, banner=("What We Watched",)),
    ]
    api.ingest(store, events=[str(p) for p in reports], source="netflix-engagement")
    return store
