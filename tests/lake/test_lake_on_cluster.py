"""A lake round trip on the test cluster: loaded by its master, read through Spark Connect.

The cluster (tests/spark_cluster.py: a master, two workers, a Connect server on 127.0.0.1)
reads and writes the lake's folder at the same local path as this process.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import showmeter
from showmeter.store.lake_store import LakeStore

pytestmark = [pytest.mark.spark, pytest.mark.cluster]

SUMMARY_KEYS = ("kind", "read", "loaded", "quarantined", "duplicates", "reasons")


def test_a_lake_loaded_on_the_cluster_reads_the_same_over_spark_connect(
    spark_cluster: object, tmp_path: Path, catalog_file: Path, sessions: Path
) -> None:
    master = str(getattr(spark_cluster, "master"))  # noqa: B009 (the fixture's class is conftest's)
    remote = str(getattr(spark_cluster, "remote"))  # noqa: B009
    lake = f"lake:{tmp_path / 'lake'}"
    store = str(tmp_path / "store.duckdb")
    on_cluster = showmeter.ingest(lake, catalog=catalog_file, events=sessions, engine=master)
    on_duckdb = showmeter.ingest(store, catalog=catalog_file, events=sessions)
    # worked by hand (tests/lake/conftest.py): 9 read, 4 loaded, 3 quarantined, 2 duplicates
    assert [{k: r[k] for k in SUMMARY_KEYS} for r in on_cluster.to_list()] == [
        {k: r[k] for k in SUMMARY_KEYS} for r in on_duckdb.to_list()
    ]
    with LakeStore(tmp_path / "lake") as opened, showmeter.store.Store(store) as stored:
        assert opened.counts() == stored.counts()
    expected = showmeter.compute("binge_racers", store=store).rows
    assert showmeter.compute("binge_racers", store=lake, engine=remote).rows == expected
    from showmeter import engines

    engines.stop_spark()  # the next module may start a local Spark
