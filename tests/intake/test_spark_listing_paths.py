"""Spark in place lists the files DuckDB reads for the same path: nested folders, odd names.

The small catalog of tests/conftest.py (the-defenders season 1, episodes 1 and 2). Three
Parquet files by content: ``a`` a1 ep1 3134 s and a1 ep2 3000 s (6134 s); ``b`` a2 ep1 600 s;
``c`` a3 ep1 100 s. Each case says which files the path names; the figure is their sum.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import showmeter
from showmeter.errors import InputError

HOUR = 3600
ROWS = {
    "a": [("a1", 1, 1503043200, 3134.0), ("a1", 2, 1503046800, 3000.0)],
    "b": [("a2", 1, 1503129600, 600.0)],
    "c": [("a3", 1, 1503129600, 100.0)],
}


def write(path: Path, which: str) -> None:
    """The file ``which`` of the module's docstring at ``path``."""
    rows = ROWS[which]
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table(
        {
            "account_id": [r[0] for r in rows],
            "title": ["the-defenders"] * len(rows),
            "season": pa.array([1] * len(rows), pa.int32()),
            "episode": pa.array([r[1] for r in rows], pa.int32()),
            "started_at": pa.array([r[2] * 10**6 for r in rows], pa.timestamp("us", "UTC")),
            "seconds_watched": [r[3] for r in rows],
        }
    )
    pq.write_table(table, path)


def on_both(catalog: Path, events: list[str], root: Path) -> tuple[float, dict[str, object]]:
    """The-defenders' hours on Spark, and the files it read (as under ``root``), once checked
    equal to DuckDB's (figures and inputs)."""
    spark = showmeter.compute("hours_viewed", catalog=catalog, engine="spark", events=events)
    duck = showmeter.compute("hours_viewed", catalog=catalog, events=events)
    assert spark.rows == duck.rows
    assert spark.inputs == duck.inputs
    value = {r["title"]: r["value"] for r in spark.rows}["the-defenders"]
    read = {
        Path(str(i["file"])).relative_to(root).as_posix(): i["read"]
        for i in spark.inputs
        if "file" in i
    }
    return value, read


@pytest.mark.spark
def test_a_folder_of_parquet_is_read_with_its_plain_subfolders(
    tmp_path: Path, catalog_file: Path
) -> None:
    """``w/a.parquet`` + ``w/sub/b.parquet``: both files, 6134 + 600 s (Spark read only a)."""
    write(tmp_path / "w" / "a.parquet", "a")
    write(tmp_path / "w" / "sub" / "b.parquet", "b")
    value, read = on_both(catalog_file, [str(tmp_path / "w")], tmp_path)
    assert value == pytest.approx(6734 / HOUR, rel=1e-12)
    assert read == {"w/a.parquet": 2, "w/sub/b.parquet": 1}


@pytest.mark.spark
def test_a_folder_of_hive_partitions_still_gives_the_partition_column(
    tmp_path: Path, catalog_file: Path
) -> None:
    """``w/episode=…`` folders hold files without the episode column; Spark takes it from
    the path (DuckDB does not, so only Spark is asked): b as ep1 and a1's rows as ep2."""
    for name, which in {"episode=1/b.parquet": "b", "episode=2/c.parquet": "c"}.items():
        write(tmp_path / "w" / name, which)
        table = pq.read_table(tmp_path / "w" / name).drop(["episode"])
        pq.write_table(table, tmp_path / "w" / name)
    result = showmeter.compute(
        "hours_viewed", catalog=catalog_file, engine="spark", events=[str(tmp_path / "w")]
    )
    assert {r["title"]: r["value"] for r in result.rows}["the-defenders"] == pytest.approx(
        700 / HOUR, rel=1e-12
    )
    assert sorted(Path(str(i["file"])).parent.name for i in result.inputs if "file" in i) == [
        "episode=1",
        "episode=2",
    ]


@pytest.mark.spark
def test_names_with_hash_or_question_mark_under_a_double_star_are_read(
    tmp_path: Path, catalog_file: Path
) -> None:
    """``w/a.parquet``, ``w/h#1/b.parquet``, ``w/q?1/c.parquet`` and a CSV copy of c in
    ``w/h#1/c#.csv`` (account a4): 6134 + 600 + 100 + 100 s (Spark read only a: '#' and
    '?' cut the path)."""
    write(tmp_path / "w" / "a.parquet", "a")
    write(tmp_path / "w" / "h#1" / "b.parquet", "b")
    write(tmp_path / "w" / "q?1" / "c.parquet", "c")
    (tmp_path / "w" / "h#1" / "c#.csv").write_text(
        "account_id,title,season,episode,started_at,seconds_watched\n"
        "a4,the-defenders,1,1,2017-08-19T08:00:00Z,100\n"
    )
    value, read = on_both(catalog_file, [str(tmp_path / "w" / "**" / "*.*")], tmp_path)
    assert value == pytest.approx(6934 / HOUR, rel=1e-12)
    assert read == {
        "w/a.parquet": 2,
        "w/h#1/b.parquet": 1,
        "w/h#1/c#.csv": 1,
        "w/q?1/c.parquet": 1,
    }


@pytest.mark.spark
def test_a_wildcard_folder_before_a_double_star_is_listed_below_its_parent(
    tmp_path: Path, catalog_file: Path
) -> None:
    """``w/*/**/*.parquet`` names ``w/s/a.parquet`` and ``w/s/t/b.parquet``, not ``w/c.parquet``
    (Spark failed: the folder ``w/*`` was given as its basePath)."""
    write(tmp_path / "w" / "s" / "a.parquet", "a")
    write(tmp_path / "w" / "s" / "t" / "b.parquet", "b")
    write(tmp_path / "w" / "c.parquet", "c")
    events = [str(tmp_path / "w" / "*" / "**" / "*.parquet")]
    value, read = on_both(catalog_file, events, tmp_path)
    assert value == pytest.approx(6734 / HOUR, rel=1e-12)
    assert read == {"w/s/a.parquet": 2, "w/s/t/b.parquet": 1}


@pytest.mark.spark
@pytest.mark.parametrize("prefix", ["file://", "file:"])
def test_file_uris_name_the_same_files_as_the_path(
    tmp_path: Path, catalog_file: Path, prefix: str
) -> None:
    """``file:///…/w/**/*.parquet`` found nothing, ``file:/…/a.parquet`` was taken for a
    relative path; both read what the plain path reads (DuckDB takes no URI: Spark alone)."""
    write(tmp_path / "w" / "a.parquet", "a")
    write(tmp_path / "w" / "s" / "b.parquet", "b")
    for events, seconds in [
        ([prefix + str(tmp_path / "w" / "**" / "*.parquet")], 6734),
        ([prefix + str(tmp_path / "w" / "a.parquet")], 6134),
    ]:
        result = showmeter.compute(
            "hours_viewed", catalog=catalog_file, engine="spark", events=events
        )
        plain = events[0].removeprefix(prefix)
        duck = showmeter.compute("hours_viewed", catalog=catalog_file, events=[plain])
        assert {r["title"]: r["value"] for r in result.rows}["the-defenders"] == pytest.approx(
            seconds / HOUR, rel=1e-12
        )
        assert result.inputs == duck.inputs


@pytest.mark.spark
def test_a_double_star_with_a_trailing_slash_names_no_file_as_on_duckdb(
    tmp_path: Path, catalog_file: Path
) -> None:
    """``w/**/`` names folders only: DuckDB finds no input file, and so does Spark (it read
    every file: the trailing slash was dropped)."""
    write(tmp_path / "w" / "s" / "a.parquet", "a")
    events = [str(tmp_path / "w" / "**") + "/"]
    for engine in ("spark", "duckdb"):
        with pytest.raises(InputError, match="no input file found"):
            showmeter.compute("hours_viewed", catalog=catalog_file, engine=engine, events=events)


@pytest.mark.spark
def test_a_star_glob_naming_an_underscore_file_is_an_error_not_a_file_left_out(
    tmp_path: Path, catalog_file: Path
) -> None:
    """``w/*.parquet`` with ``w/_u.parquet``: DuckDB reads it, Spark's readers cannot (it read
    only ``w/a.parquet``, without a word): an error naming the file and the remedy."""
    write(tmp_path / "w" / "a.parquet", "a")
    write(tmp_path / "w" / "_u.parquet", "b")
    events = [str(tmp_path / "w" / "*.parquet")]
    with pytest.raises(InputError, match=r"_u\.parquet.*Rename the files"):
        showmeter.compute("hours_viewed", catalog=catalog_file, engine="spark", events=events)


@pytest.mark.spark
def test_a_colon_in_a_file_name_is_a_clear_error(tmp_path: Path, catalog_file: Path) -> None:
    """``w/a:b.parquet`` named directly: Spark cannot read it (it gave Py4J's "An error
    occurred while calling o….parquet"); the error names the cause and the remedy."""
    write(tmp_path / "w" / "a:b.parquet", "a")
    events = [str(tmp_path / "w" / "a:b.parquet")]
    with pytest.raises(InputError, match=r"a:b\.parquet: .*holds ':'.*Rename the file"):
        showmeter.compute("hours_viewed", catalog=catalog_file, engine="spark", events=events)
