"""Spark in place reads the files DuckDB reads: the cases the tenth round left.

The three Parquet files of tests/intake/test_spark_listing_paths.py (the-defenders season 1):
``a`` a1 ep1 3134 s and a1 ep2 3000 s (6134 s); ``b`` a2 ep1 600 s; ``c`` a3 ep1 100 s. Each
case says which files the path names; the figure is their sum, and Spark's figures and
``inputs`` equal DuckDB's.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_spark_listing_paths import HOUR, on_both, write

import showmeter
from showmeter.errors import InputError


@pytest.mark.spark
def test_names_with_brackets_and_braces_are_read_as_written(
    tmp_path: Path, catalog_file: Path
) -> None:
    """``w{1}/a[1].parquet``, ``w{1}/s[2]/b{2}.parquet`` and ``w{1}/c[1].csv`` (a CSV copy of
    c): 6134 + 600 + 100 s from the folder, by ``**`` and the file alone; ``w{1}/a1.parquet``
    (c), which the glob ``a[1]`` would match, is read once, as itself (Spark read nothing:
    its readers took the names for globs)."""
    folder = tmp_path / "w{1}"
    write(folder / "a[1].parquet", "a")
    write(folder / "s[2]" / "b{2}.parquet", "b")
    (folder / "c[1].csv").write_text(
        "account_id,title,season,episode,started_at,seconds_watched\n"
        "a4,the-defenders,1,1,2017-08-19T08:00:00Z,100\n"
    )
    value, read = on_both(catalog_file, [str(folder)], tmp_path)
    assert value == pytest.approx(6834 / HOUR, rel=1e-12)
    assert read == {"w{1}/a[1].parquet": 2, "w{1}/c[1].csv": 1, "w{1}/s[2]/b{2}.parquet": 1}
    write(folder / "a1.parquet", "c")
    value, read = on_both(catalog_file, [str(folder / "**" / "*.parquet")], tmp_path)
    assert value == pytest.approx(6834 / HOUR, rel=1e-12)
    assert read == {"w{1}/a1.parquet": 1, "w{1}/a[1].parquet": 2, "w{1}/s[2]/b{2}.parquet": 1}
    value, read = on_both(catalog_file, [str(folder / "a[1].parquet")], tmp_path)
    assert value == pytest.approx(6134 / HOUR, rel=1e-12)
    assert read == {"w{1}/a[1].parquet": 2}


@pytest.mark.spark
@pytest.mark.parametrize("glob", [False, True])
def test_files_at_the_top_and_in_partition_folders_are_all_read(
    tmp_path: Path, catalog_file: Path, glob: bool
) -> None:
    """``w/a.parquet``, ``w/_k=1/b.parquet`` and ``w/title=the-defenders/c.parquet`` (c
    without its title column: the folder gives it): 6834 s on both (Spark failed with
    CONFLICTING_DIRECTORY_STRUCTURES)."""
    write(tmp_path / "w" / "a.parquet", "a")
    write(tmp_path / "w" / "_k=1" / "b.parquet", "b")
    c = tmp_path / "w" / "title=the-defenders" / "c.parquet"
    write(c, "c")
    pq.write_table(pq.read_table(c).drop(["title"]), c)
    events = [str(tmp_path / "w" / "**" / "*.parquet") if glob else str(tmp_path / "w")]
    value, read = on_both(catalog_file, events, tmp_path)
    assert value == pytest.approx(6834 / HOUR, rel=1e-12)
    assert read == {"w/a.parquet": 2, "w/_k=1/b.parquet": 1, "w/title=the-defenders/c.parquet": 1}


@pytest.mark.spark
def test_a_glob_through_a_loop_of_links_lists_each_file_once(
    tmp_path: Path, catalog_file: Path
) -> None:
    """``w/up`` → ``..``: ``w/**/*.parquet`` reached ``w/a.parquet`` again by ``w/up/w/…``, up
    to 41 times; now once, on both engines; ``w/l`` → ``w/s`` (no loop) is still read."""
    write(tmp_path / "w" / "a.parquet", "a")
    write(tmp_path / "w" / "s" / "b.parquet", "b")
    os.symlink("..", tmp_path / "w" / "up")
    os.symlink("s", tmp_path / "w" / "l")
    value, read = on_both(catalog_file, [str(tmp_path / "w" / "**" / "*.parquet")], tmp_path)
    assert read == {"w/a.parquet": 2, "w/l/b.parquet": 1, "w/s/b.parquet": 1}
    assert value == pytest.approx(6734 / HOUR, rel=1e-12)  # b's rows twice: duplicates


def test_a_folder_that_cannot_be_listed_is_an_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder without the right to list it (simulated: the tests may run as root) was passed
    over by the folder's expansion and by the glob: its files missing without a word."""
    from showmeter.intake.readers import expand_inputs

    write(tmp_path / "w" / "a.parquet", "a")
    write(tmp_path / "w" / "locked" / "b.parquet", "b")
    listed = os.scandir
    locked = str(tmp_path / "w" / "locked")

    def scandir(path: str = ".") -> object:
        if os.path.abspath(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return listed(path)

    monkeypatch.setattr(os, "scandir", scandir)
    for spec in ["w", "w/**/*.parquet", "w/*/*.parquet", "w/l*/*.parquet"]:
        with pytest.raises(InputError, match="cannot list the folder") as error:
            expand_inputs(tmp_path / spec)
        assert error.value.file == locked, spec
    assert expand_inputs(tmp_path / "w" / "*.parquet") == [tmp_path / "w" / "a.parquet"]


@pytest.mark.spark
def test_a_double_star_glob_on_spark_connect_enters_underscore_folders(
    tmp_path: Path, catalog_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the driver's JVM (Spark Connect), ``**`` was listed by Spark, which skips
    ``_staged/``: b's rows lost without a word. Now an executor walks the folder (here local
    Spark with its JVM hidden from the listing); a file named ``_…`` is still an error."""
    from showmeter.engines import spark_in_place_listing

    monkeypatch.setattr(spark_in_place_listing, "_jvm", lambda session: None)
    write(tmp_path / "w" / "a.parquet", "a")
    write(tmp_path / "w" / "_staged" / "t" / "b.parquet", "b")
    write(tmp_path / "w" / ".old" / "c.parquet", "c")
    os.symlink("..", tmp_path / "w" / "_staged" / "up")
    value, read = on_both(catalog_file, [str(tmp_path / "w" / "**" / "*.parquet")], tmp_path)
    assert value == pytest.approx(6734 / HOUR, rel=1e-12)
    assert read == {"w/a.parquet": 2, "w/_staged/t/b.parquet": 1}
    write(tmp_path / "w" / "_c.parquet", "c")
    with pytest.raises(InputError, match="name starts with '_'"):
        showmeter.compute(
            "hours_viewed",
            catalog=catalog_file,
            engine="spark",
            events=[str(tmp_path / "w" / "*.parquet")],
        )
    with pytest.raises(InputError, match="on Spark Connect a '\\*\\*' glob"):
        showmeter.compute(
            "hours_viewed", catalog=catalog_file, engine="spark", events=["hdfs://h/w/**/*.parquet"]
        )


@pytest.mark.spark
@pytest.mark.parametrize("pattern", ["w/**", "w/*", "w/**/*.*"])
def test_a_file_of_no_input_format_named_by_a_glob_is_an_error_on_both(
    tmp_path: Path, catalog_file: Path, pattern: str
) -> None:
    """``w/README.md`` beside ``w/a.parquet``: DuckDB stops on it, Spark read a alone."""
    write(tmp_path / "w" / "a.parquet", "a")
    (tmp_path / "w" / "README.md").write_text("the sessions of August\n")
    for engine in ("duckdb", "spark"):
        with pytest.raises(InputError, match="unknown file format") as error:
            showmeter.compute(
                "hours_viewed",
                catalog=catalog_file,
                engine=engine,
                events=[str(tmp_path / pattern)],
            )
        assert Path(str(error.value.file)).name == "README.md", engine


@pytest.mark.spark
def test_a_glob_names_files_not_the_files_of_the_folders_it_matches(
    tmp_path: Path, catalog_file: Path
) -> None:
    """``w/*`` names ``w/a.parquet`` alone, not the files in ``w/s/`` (Spark read them too);
    ``w/*/*.parquet`` names b and c, c's title from its folder ``title=the-defenders``."""
    write(tmp_path / "w" / "a.parquet", "a")
    write(tmp_path / "w" / "s" / "b.parquet", "b")
    c = tmp_path / "w" / "title=the-defenders" / "c.parquet"
    write(c, "c")
    pq.write_table(pq.read_table(c).drop(["title"]), c)
    value, read = on_both(catalog_file, [str(tmp_path / "w" / "*")], tmp_path)
    assert value == pytest.approx(6134 / HOUR, rel=1e-12)
    assert read == {"w/a.parquet": 2}
    value, read = on_both(catalog_file, [str(tmp_path / "w" / "*" / "*.parquet")], tmp_path)
    assert value == pytest.approx(700 / HOUR, rel=1e-12)
    assert read == {"w/s/b.parquet": 1, "w/title=the-defenders/c.parquet": 1}
