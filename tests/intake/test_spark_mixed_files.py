"""A folder of events whose files differ: columns one Parquet file lacks, formats mixed.

The small catalog of tests/conftest.py (the-defenders season 1, episodes 1 and 2, on Netflix
from 2017-08-18; market US). The ingest on DuckDB reads a folder's Parquet files by column
name (a column one file lacks is null in its rows) and each file by its own format; Spark in
place must read the same rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import showmeter

START = 1503043200  # 2017-08-18T08:00:00Z


def _events(n: int, *, ids: bool, episode: int = 1) -> pa.Table:
    columns: dict[str, object] = {
        "account_id": ["a1"] * n,
        "title": ["the-defenders"] * n,
        "season": pa.array([1] * n, pa.int32()),
        "episode": pa.array([episode] * n, pa.int32()),
        "started_at": pa.array([START] * n, pa.timestamp("s", tz="UTC")),
        "seconds_watched": [600.0 + 600 * i for i in range(n)],
        "device": ["tv"] * n,
        "market": ["US"] * n,
    }
    if ids:
        columns["event_id"] = ["e1"] * n
    return pa.table(columns)


def _short(inputs: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return sorted(
        (Path(str(f["file"])).name, f["read"], f["loaded"], f["duplicates"], f["reasons"])
        for f in inputs
    )


@pytest.mark.spark
def test_a_column_one_parquet_file_lacks_is_read_from_the_others(
    tmp_path: Path, catalog_file: Path
) -> None:
    # a.parquet: one row, no event_id; b.parquet: e1 twice with 600 s and 1200 s, so its
    # second row conflicts with its first (same event_id, other values): conflicting_row
    events = tmp_path / "ev"
    events.mkdir()
    pq.write_table(_events(1, ids=False), events / "a.parquet")
    pq.write_table(_events(2, ids=True), events / "b.parquet")
    expected = [
        ("a.parquet", 1, 1, 0, {}),
        ("b.parquet", 2, 1, 0, {"conflicting_row": 1}),
    ]
    duck = showmeter.compute("views", catalog=catalog_file, events=[events])
    spark = showmeter.compute("views", catalog=catalog_file, events=[events], engine="spark")
    assert _short(duck.inputs) == expected
    assert _short(spark.inputs) == expected
    assert spark.to_pandas().equals(duck.to_pandas())


@pytest.mark.spark
@pytest.mark.parametrize("names", [("f0.jsonl", "f2.parquet"), ("f3.jsonl", "f2.parquet")])
def test_a_folder_mixing_json_lines_and_parquet_reads_each_by_its_format(
    tmp_path: Path, catalog_file: Path, names: tuple[str, str]
) -> None:
    # one row each: episode 1 from JSON Lines, episode 2 from Parquet; both used
    events = tmp_path / "ev"
    events.mkdir()
    row = {
        "account_id": "a1",
        "title": "the-defenders",
        "season": 1,
        "episode": 1,
        "started_at": "2017-08-18T08:00:00Z",
        "seconds_watched": 600.0,
        "device": "tv",
        "market": "US",
    }
    (events / names[0]).write_text(json.dumps(row) + "\n")
    pq.write_table(_events(1, ids=False, episode=2), events / names[1])
    expected = sorted([(names[0], 1, 1, 0, {}), (names[1], 1, 1, 0, {})])
    duck = showmeter.compute("views", catalog=catalog_file, events=[events])
    spark = showmeter.compute("views", catalog=catalog_file, events=[events], engine="spark")
    assert _short(duck.inputs) == expected
    assert _short(spark.inputs) == expected
    assert spark.to_pandas().equals(duck.to_pandas())
