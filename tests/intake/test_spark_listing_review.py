"""Spark in place, DuckDB in place and a loaded store read the same files: the review's cases.

The Parquet files ``a`` (a1 ep1 3134 s, a1 ep2 3000 s: 6134 s), ``b`` (a2 ep1 600 s) and
``c`` (a3 ep1 100 s) of tests/intake/test_spark_listing_paths.py (the-defenders season 1).
Each case says which files the path names; the figure is their sum.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_spark_listing_paths import HOUR, on_both, write

import showmeter
from showmeter.errors import InputError
from showmeter.intake import in_place_parquet, readers


def _self_loop(tmp_path: Path) -> Path:
    """``w/a.parquet`` (a), ``w/s/b.parquet`` (b) and ``w/up`` → ``.`` (a loop)."""
    folder = tmp_path / "w"
    write(folder / "a.parquet", "a")
    write(folder / "s" / "b.parquet", "b")
    os.symlink(".", folder / "up")
    return folder


def test_a_file_a_glob_reaches_only_through_a_loop_is_read_once(tmp_path: Path) -> None:
    """``w/*/*.parquet`` never matches ``w/a.parquet``, only ``w/up/a.parquet`` (and
    ``w/up/up/…`` not: one part each): a is read by that path, not left out as a turn of the
    loop (its rows were lost without a word)."""
    folder = _self_loop(tmp_path)
    found = readers.expand_inputs(str(folder / "*" / "*.parquet"))
    assert sorted(p.relative_to(folder).as_posix() for p in found) == [
        "s/b.parquet",
        "up/a.parquet",
    ]
    # a ``**`` glob matches w/a.parquet itself: the turns of the loop are left out
    found = readers.expand_inputs(str(folder / "**" / "*.parquet"))
    assert sorted(p.relative_to(folder).as_posix() for p in found) == ["a.parquet", "s/b.parquet"]


def _hive_types(tmp_path: Path) -> Path:
    """``episode=1/x.parquet`` (a) and ``episode=x/x.parquet`` (b), without their episode."""
    folder = tmp_path / "h"
    for name, which in (("episode=1", "a"), ("episode=x", "b")):
        path = folder / name / "x.parquet"
        write(path, which)
        pq.write_table(pq.read_table(path).drop(["episode"]), path)
    return folder


def test_a_hive_value_of_the_wrong_type_is_quarantined_in_place(
    tmp_path: Path, catalog_file: Path
) -> None:
    """``episode=x/``: b's row is quarantined (not_an_integer), a's 6134 s counted, as in a
    loaded store (DuckDB in place failed: ``Could not convert string 'x' to INT32``)."""
    folder = _hive_types(tmp_path)
    duck = showmeter.compute("hours_viewed", catalog=catalog_file, events=[str(folder)])
    values = {r["title"]: r["value"] for r in duck.rows}
    assert values["the-defenders"] == pytest.approx(6134 / HOUR, rel=1e-12)
    quarantined = {Path(str(i["file"])).parent.name: i["quarantined"] for i in duck.inputs}
    assert quarantined == {"episode=1": 0, "episode=x": 1}
    store = tmp_path / "store.duckdb"
    showmeter.ingest(store, catalog=catalog_file, events=[str(folder)])
    loaded = showmeter.compute("hours_viewed", store=store)
    assert loaded.rows == duck.rows


def test_a_cache_folder_named_with_a_bracket_is_read_as_written(
    tmp_path: Path, catalog_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache in ``c[1]/``: the second computation reads the findings kept there (DuckDB's
    ``read_parquet`` took ``c[1]`` for a glob: it read ``c1/``'s files, here not Parquet, and
    the rules ran again)."""
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path / "c[1]"))
    monkeypatch.delenv("SHOWMETER_INPLACE_CACHE", raising=False)
    calls: list[int] = []
    original = in_place_parquet._settle_triaged

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(in_place_parquet, "_settle_triaged", counted)
    write(tmp_path / "a.parquet", "a")
    events = [str(tmp_path / "a.parquet")]
    first = showmeter.compute("hours_viewed", catalog=catalog_file, events=events)
    # ``c1/``, which the glob ``c[1]`` matches, holds the same entries, spoiled
    shutil.copytree(tmp_path / "c[1]", tmp_path / "c1")
    for spoiled in (tmp_path / "c1").rglob("*.parquet"):
        spoiled.write_bytes(b"not parquet")
    second = showmeter.compute("hours_viewed", catalog=catalog_file, events=events)
    assert len(calls) == 1  # the rules ran once: the second read the cache
    assert second.rows == first.rows and second.inputs == first.inputs


@pytest.mark.spark
def test_the_review_cases_on_spark(tmp_path: Path, catalog_file: Path) -> None:
    """In one Spark session (each case checked equal to DuckDB's, figures and inputs):

    - ``w/*/*.parquet`` with ``w/up`` → ``.``: a by ``w/up/a.parquet``, b: 6734 s;
    - the folder ``w``: a and b once each (Spark listed ~80 turns of the loop);
    - ``episode=1/`` and ``episode=x/``: 6134 s, b's row quarantined;
    - ``g/[^a]*.parquet`` with ``g/a.parquet`` (b), ``g/^y.parquet`` (c), ``g/y.parquet``
      (a): Python's ``[^a]`` is ``^`` or ``a``: b and c, 700 s (Spark's Hadoop glob read
      c alone);
    - ``g{1,2}/*.parquet`` with a folder so named (c) beside ``g1/`` (a) and ``g2/`` (b): c
      alone, 100 s (Spark read a and b);
    - ``g/{a,y}.parquet``: no such file, an error on both (Spark read a's and b's rows).
    """
    folder = _self_loop(tmp_path)
    value, read = on_both(catalog_file, [str(folder / "*" / "*.parquet")], tmp_path)
    assert read == {"w/up/a.parquet": 2, "w/s/b.parquet": 1}
    assert value == pytest.approx(6734 / HOUR, rel=1e-12)
    value, read = on_both(catalog_file, [str(folder)], tmp_path)
    assert read == {"w/a.parquet": 2, "w/s/b.parquet": 1}
    assert value == pytest.approx(6734 / HOUR, rel=1e-12)

    value, read = on_both(catalog_file, [str(_hive_types(tmp_path))], tmp_path)
    assert value == pytest.approx(6134 / HOUR, rel=1e-12)
    assert read == {"h/episode=1/x.parquet": 2, "h/episode=x/x.parquet": 1}

    write(tmp_path / "g" / "a.parquet", "b")
    write(tmp_path / "g" / "^y.parquet", "c")
    write(tmp_path / "g" / "y.parquet", "a")
    value, read = on_both(catalog_file, [str(tmp_path / "g" / "[^a]*.parquet")], tmp_path)
    assert read == {"g/a.parquet": 1, "g/^y.parquet": 1}
    assert value == pytest.approx(700 / HOUR, rel=1e-12)

    write(tmp_path / "g1" / "x.parquet", "a")
    write(tmp_path / "g2" / "x.parquet", "b")
    write(tmp_path / "g{1,2}" / "x.parquet", "c")
    value, read = on_both(catalog_file, [str(tmp_path / "g{1,2}" / "*.parquet")], tmp_path)
    assert read == {"g{1,2}/x.parquet": 1}
    assert value == pytest.approx(100 / HOUR, rel=1e-12)

    braces = [str(tmp_path / "g" / "{a,y}.parquet")]
    for engine in ("spark", "duckdb"):
        with pytest.raises(InputError):
            showmeter.compute("hours_viewed", catalog=catalog_file, events=braces, engine=engine)
