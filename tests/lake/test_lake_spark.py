"""A lake loaded and read on local Spark: the same counts, rows and figures as on DuckDB.

Kept to a few Spark loads (each runs the ingest's rules on Spark); every metric of every
hand-worked world is compared on DuckDB in test_lake_duckdb.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

import showmeter
from showmeter.engines.lake import ingest_into_lake
from showmeter.store.lake import Lake
from showmeter.store.lake_store import LakeStore

pytestmark = pytest.mark.spark

SUMMARY_KEYS = ("kind", "read", "loaded", "quarantined", "duplicates", "reasons")


@pytest.fixture(scope="module", autouse=True)
def local_spark() -> Iterator[None]:
    """Local Spark for this module, stopped at its end (a process runs one Spark at a time)."""
    yield
    from showmeter import engines

    engines.stop_spark()


def _counts(summary: showmeter.results.LoadSummary) -> list[dict[str, object]]:
    return [{k: row[k] for k in SUMMARY_KEYS} for row in summary.to_list()]


def _rows(metric: str, store: str, engine: str) -> list[dict[str, object]]:
    return showmeter.compute(metric, store=store, engine=engine).rows


def test_a_lake_loaded_on_spark_equals_a_store_is_atomic_and_reloads_change_nothing(
    tmp_path: Path, catalog_file: Path, sessions: Path
) -> None:
    root = tmp_path / "lake"
    lake = f"lake:{root}"
    store = str(tmp_path / "store.duckdb")
    rejects = tmp_path / "rejects"
    on_spark = showmeter.ingest(
        lake, catalog=catalog_file, events=sessions, engine="spark", rejects=rejects
    )
    on_duckdb = showmeter.ingest(store, catalog=catalog_file, events=sessions)
    # worked by hand (conftest): 9 read, 4 loaded, 3 quarantined, 2 duplicates
    assert _counts(on_spark) == _counts(on_duckdb)
    assert (on_spark.files[0].loaded, on_spark.files[0].duplicates) == (4, 2)
    # --rejects: the 3 quarantined rows (lines 5, 6, 7 by hand), as the store quarantined them
    with showmeter.store.Store(store) as stored:
        expected = stored.rows("SELECT file, line, reason, value FROM quarantine ORDER BY line")
    import duckdb

    written = duckdb.sql(
        f"SELECT file, line, reason, value FROM '{rejects}/*.parquet' ORDER BY line"
    ).fetchall()
    assert [r[1] for r in written] == [5, 6, 7]
    assert written == expected

    def fail(pending: object) -> None:
        raise OSError("executor lost")

    with pytest.raises(OSError, match="executor lost"):  # a reload that fails before its commit
        ingest_into_lake(
            lake, catalog_file, [("viewing", str(sessions))], engine="spark", before_commit=fail
        )
    assert len(Lake(root).commits()) == 1 and Lake(root).uncommitted() == []
    again = showmeter.ingest(lake, catalog=catalog_file, events=sessions, engine="spark")
    assert _counts(again) == _counts(showmeter.ingest(store, catalog=catalog_file, events=sessions))
    with LakeStore(root) as opened, showmeter.store.Store(store) as stored:
        assert opened.counts() == stored.counts()
        for table in ("viewing", "episodes", "launches", "availability"):
            query = f"SELECT * FROM {table} ORDER BY ALL"
            assert opened.rows(query) == stored.rows(query), table
        quarantine = "SELECT kind, file, line, reason, value FROM quarantine ORDER BY ALL"
        assert opened.rows(quarantine) == stored.rows(quarantine)
    from showmeter.store.lake_optimize import compact

    compact(root)  # read from the compaction's files from here on
    for metric in ("reach", "binge_racers"):  # read on DuckDB and on Spark (its files)
        expected = _rows(metric, store, "duckdb")
        assert _rows(metric, lake, "duckdb") == expected, metric
        assert _rows(metric, lake, "spark") == expected, metric


def test_a_hand_worked_world_reads_the_same_from_its_lake_on_spark(tmp_path: Path) -> None:
    from test_lake_duckdb import _write_world

    from showmeter.engines import compute

    world = importlib.import_module("test_completion")._race_world()
    _write_world(world.con, tmp_path / "lake")
    with LakeStore(tmp_path / "lake") as lake:
        for metric in ("binge_racers", "completers"):
            expected = compute(metric, {}, source=world.con)
            got = compute(metric, {}, source=lake.connection, engine="spark")
            assert got.rows == expected.rows, metric
