"""Spark in place, rows cached narrowed: the same counts and figures as DuckDB on random files.

Random sessions (seeded) drawn from few values, so that many rows repeat whole (duplicates)
or repeat an ``event_id`` with other values (conflicting rows), some are rejected (an unknown
title or season, negative seconds, no unit) and some carry a device the rules note; one file
with ``event_id``, one without, one of text with spaces around its values. Spark reads them
narrowed (FEW_BYTES below their size: the path of large files), DuckDB as always; every
file's counts and every figure must be equal.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import showmeter

TITLES = [("the-defenders", 1, 1), ("the-defenders", 1, 2), ("daredevil", 2, 1)]
INSTANT = pa.timestamp("us", tz="UTC")
START = 1503043200_000000  # 2017-08-18T08:00:00Z: inside both titles' windows


def _sessions(chance: random.Random, count: int, ids: bool, spaced: bool) -> pa.Table:
    rows: dict[str, list[object]] = {
        "account_id": [],
        "title": [],
        "season": [],
        "episode": [],
        "started_at": [],
        "seconds_watched": [],
        "device": [],
        "market": [],
    }
    if ids:
        rows["event_id"] = []
    for _ in range(count):
        title, season, episode = chance.choice(TITLES)
        if chance.random() < 0.05:
            title = "the-defendrs"
        if chance.random() < 0.05:
            season = 9
        account = chance.choice(["a1", "a2", "a3", None])
        if spaced and account is not None:
            account = chance.choice(["", " ", "  "]) + account + chance.choice(["", " "])
        rows["account_id"].append(account)
        rows["title"].append(title)
        rows["season"].append(season)
        rows["episode"].append(episode)
        rows["started_at"].append(START + chance.randrange(3) * 3_600_000_000)
        rows["seconds_watched"].append(float(chance.choice([600, 1200, 3000, -5])))
        rows["device"].append(chance.choice(["tv", " TV ", "fridge", None]))
        rows["market"].append(chance.choice(["US", "KR", "gb"]))
        if ids:
            rows["event_id"].append(f"e{chance.randrange(count // 2)}")
    types = {"season": pa.int32(), "episode": pa.int32(), "started_at": INSTANT}
    return pa.table({k: pa.array(v, types.get(k)) for k, v in rows.items()})


@pytest.mark.spark
@pytest.mark.parametrize("seed", [1, 2])
def test_narrowed_on_spark_counts_like_duckdb_on_random_files(
    tmp_path: Path, catalog_file: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    from showmeter.engines import spark_in_place_stage

    chance = random.Random(seed)
    folder = tmp_path / "sessions"
    folder.mkdir()
    pq.write_table(_sessions(chance, 400, ids=True, spaced=False), folder / "a.parquet")
    pq.write_table(_sessions(chance, 400, ids=False, spaced=False), folder / "b.parquet")
    pq.write_table(_sessions(chance, 200, ids=False, spaced=True), folder / "c.parquet")
    files = {"events": [folder / "*.parquet"]}
    monkeypatch.setattr(spark_in_place_stage, "FEW_BYTES", -1)  # narrowed, as large files
    for metric in ("hours_viewed", "views"):
        on_spark = showmeter.compute(metric, catalog=catalog_file, engine="spark", **files)
        on_duckdb = showmeter.compute(metric, catalog=catalog_file, **files)
        assert on_spark.inputs == on_duckdb.inputs, metric
        key = sorted(on_duckdb.rows[0]) if on_duckdb.rows else []
        spark_rows = sorted(on_spark.rows, key=lambda r: [str(r[k]) for k in key])
        duck_rows = sorted(on_duckdb.rows, key=lambda r: [str(r[k]) for k in key])
        assert len(spark_rows) == len(duck_rows) > 0, metric
        for one, other in zip(spark_rows, duck_rows, strict=True):
            assert one.keys() == other.keys()
            for name, value in one.items():
                if isinstance(value, float):
                    assert value == pytest.approx(other[name], rel=1e-12), (metric, name)
                else:
                    assert value == other[name], (metric, name)
    # the random files do repeat rows and ids, reject rows and note devices: all paths taken
    inputs = on_duckdb.inputs
    assert sum(int(f["duplicates"]) for f in inputs) > 0
    assert sum(int(f["reasons"].get("conflicting_row", 0)) for f in inputs) > 0
    assert all(f["notes"].get("devices_mapped_to_other") for f in inputs)
