"""Spark in place: a ``**`` glob enters ``_`` folders, as the ingest's glob does on DuckDB.

The two Parquet files of tests/intake/test_spark_file_spellings.py (the-defenders season 1):
``a.parquet`` 3134 s + 3000 s, ``b.parquet`` 600 s. Python's ``glob(…, recursive=True)``
enters a folder named ``_staged`` (only ``.`` names are left out of a wildcard), so both
engines read both files: hours_viewed 6734 s. A ``.`` folder is left out by both.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_spark_file_spellings import HOUR, by_content

import showmeter
from showmeter.errors import InputError


@pytest.mark.spark
def test_a_double_star_glob_enters_an_underscore_folder_on_both_engines(
    tmp_path: Path, catalog_file: Path
) -> None:
    a, b = by_content(tmp_path / "made")
    (tmp_path / "w" / "_staged" / "t").mkdir(parents=True)
    (tmp_path / "w" / ".old").mkdir()
    shutil.copy(a, tmp_path / "w" / "a.parquet")
    shutil.copy(b, tmp_path / "w" / "_staged" / "t" / "b.parquet")
    shutil.copy(b, tmp_path / "w" / ".old" / "b.parquet")
    events = [str(tmp_path / "w" / "**" / "*.parquet")]
    on_duckdb = showmeter.compute("hours_viewed", catalog=catalog_file, events=events)
    on_spark = showmeter.compute(
        "hours_viewed", catalog=catalog_file, engine="spark", events=events
    )
    for result in (on_duckdb, on_spark):
        value = {r["title"]: r["value"] for r in result.rows}["the-defenders"]
        assert value == pytest.approx(6734 / HOUR, rel=1e-12)
    read = {
        Path(str(i["file"])).relative_to(tmp_path).as_posix(): i["read"]
        for i in on_spark.inputs
        if "file" in i
    }
    assert read == {"w/a.parquet": 2, "w/_staged/t/b.parquet": 1}
    assert on_spark.inputs == on_duckdb.inputs


@pytest.mark.spark
def test_a_glob_naming_an_underscore_file_is_an_error_on_spark_not_a_file_left_out(
    tmp_path: Path, catalog_file: Path
) -> None:
    """Spark's readers leave out a file named ``_…`` (DuckDB reads it): say so, not skip it."""
    a, b = by_content(tmp_path / "made")
    (tmp_path / "w").mkdir()
    shutil.copy(a, tmp_path / "w" / "a.parquet")
    shutil.copy(b, tmp_path / "w" / "_b.parquet")
    events = [str(tmp_path / "w" / "**" / "*.parquet")]
    on_duckdb = showmeter.compute("hours_viewed", catalog=catalog_file, events=events)
    value = {r["title"]: r["value"] for r in on_duckdb.rows}["the-defenders"]
    assert value == pytest.approx(6734 / HOUR, rel=1e-12)
    with pytest.raises(InputError, match=r"starts with '_'.*'.*_b\.parquet'"):
        showmeter.compute("hours_viewed", catalog=catalog_file, engine="spark", events=events)
