"""Spark in place: rows find their files by the URI's spellings, and ``**`` globs recurse.

The small catalog of tests/conftest.py (the-defenders season 1, episodes 1 and 2). Two
Parquet files: ``a.parquet`` a1 ep1 3134 s, a1 ep2 3000 s; ``b.parquet`` a2 ep1 600 s. Both
read: hours_viewed 6734 s.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import showmeter
from showmeter.engines.spark_in_place_sources import globbed, spellings
from showmeter.errors import InputError

HOUR = 3600


def by_content(folder: Path) -> list[Path]:
    """The two files of the module's docstring."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in {
        "a.parquet": [("a1", 1, 1503043200, 3134.0, "US"), ("a1", 2, 1503046800, 3000.0, "US")],
        "b.parquet": [("a2", 1, 1503129600, 600.0, "KR")],
    }.items():
        table = pa.table(
            {
                "account_id": [r[0] for r in rows],
                "title": ["the-defenders"] * len(rows),
                "season": pa.array([1] * len(rows), pa.int32()),
                "episode": pa.array([r[1] for r in rows], pa.int32()),
                "started_at": pa.array([r[2] * 10**6 for r in rows], pa.timestamp("us", "UTC")),
                "seconds_watched": [r[3] for r in rows],
                "market": [r[4] for r in rows],
            }
        )
        pq.write_table(table, folder / name)
    return [folder / "a.parquet", folder / "b.parquet"]


def test_a_local_file_is_spelled_with_one_slash_and_with_three() -> None:
    assert spellings("file:///w/a b/x.parquet") == [
        "file:/w/a b/x.parquet",
        "file:///w/a b/x.parquet",
    ]
    assert spellings("file:/w/x.parquet") == ["file:/w/x.parquet", "file:///w/x.parquet"]
    assert spellings("hdfs://nn:8020/w/x.parquet") == ["hdfs://nn:8020/w/x.parquet"]


@pytest.mark.parametrize(
    ("path", "matched"),
    [
        ("/w/a.parquet", True),  # ** matches no folder
        ("/w/s/a.parquet", True),
        ("/w/s/t/a.parquet", True),
        ("/w/s/a.csv", False),
        ("/w/.git/a.parquet", False),  # a wildcard does not match a hidden name
        ("/w/s/.a.parquet", False),
        ("/v/a.parquet", False),
    ],
)
def test_a_double_star_matches_any_number_of_folders_as_python_glob_does(
    path: str, matched: bool
) -> None:
    assert globbed(["", "w", "**", "*.parquet"], path.split("/")) is matched
    assert globbed(["", "w", "**", "a.parquet"], path.split("/")) is (
        matched and path.endswith("/a.parquet")
    )


@pytest.mark.spark
def test_a_double_star_glob_reads_the_nested_files_as_duckdb_does(
    tmp_path: Path, catalog_file: Path
) -> None:
    """``a.parquet`` at the top, ``b.parquet`` two folders down; a hidden copy is not read."""
    a, b = by_content(tmp_path / "made")
    (tmp_path / "w" / "s" / "t").mkdir(parents=True)
    (tmp_path / "w" / ".old").mkdir()
    shutil.copy(a, tmp_path / "w" / "a.parquet")
    shutil.copy(b, tmp_path / "w" / "s" / "t" / "b.parquet")
    shutil.copy(b, tmp_path / "w" / ".old" / "b.parquet")
    events = [str(tmp_path / "w" / "**" / "*.parquet")]
    on_spark = showmeter.compute(
        "hours_viewed", catalog=catalog_file, engine="spark", events=events
    )
    on_duckdb = showmeter.compute("hours_viewed", catalog=catalog_file, events=events)
    assert {r["title"]: r["value"] for r in on_spark.rows}["the-defenders"] == pytest.approx(
        6734 / HOUR, rel=1e-12
    )
    read = {
        Path(str(i["file"])).relative_to(tmp_path).as_posix(): i["read"]
        for i in on_spark.inputs
        if "file" in i
    }
    assert read == {"w/a.parquet": 2, "w/s/t/b.parquet": 1}
    assert on_spark.inputs == on_duckdb.inputs


@pytest.mark.spark
def test_a_row_of_a_path_not_listed_is_an_error_not_a_row_left_out(
    tmp_path: Path, catalog_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were Spark to spell a file unlike every spelling listed, its rows would be unfiled."""
    from showmeter.engines import spark_in_place_sources

    monkeypatch.setattr(spark_in_place_sources, "spellings", lambda uri: ["file:/elsewhere"])
    events = by_content(tmp_path)
    with pytest.raises(InputError, match="3 rows from a file it names by a path that was not"):
        showmeter.compute("hours_viewed", catalog=catalog_file, engine="spark", events=events)
