"""A folder's expansion enters links to folders, as Spark's listing does, and stops at loops.

Before this, DuckDB's expansion (``os.walk``) did not enter a link to a folder while Spark
listed the files behind it, so the same folder gave the engines different rows. The folder
``in/`` holds (hand-made, the small catalog of tests/conftest.py):

- ``a.csv``: a1 watches the-defenders 1x1 for 3000 s;
- ``linked`` → ``../elsewhere/more``, holding ``b.csv``: a2 watches 1x2 for 600 s (read now);
- ``_old`` → ``../elsewhere/more``: hidden by its name, not entered;
- ``sub/up`` → ``..`` and ``self`` → ``.``: loops back to ``in/``, not entered again;
- ``gone`` → a folder that does not exist: nothing.

So the files are ``a.csv`` and ``linked/b.csv``, once each, and hours_viewed of
the-defenders is (3000 + 600) / 3600 h on both engines.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import showmeter
from showmeter.intake import readers

HEADER = "event_id,account_id,title,season,episode,started_at,seconds_watched,market\n"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.csv").write_text(HEADER + "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,3000,US\n")
    more = tmp_path / "elsewhere" / "more"
    more.mkdir(parents=True)
    (more / "b.csv").write_text(HEADER + "e2,a2,the-defenders,1,2,2017-08-18T09:00:00Z,600,US\n")
    os.symlink(os.path.join("..", "elsewhere", "more"), folder / "linked")
    os.symlink(os.path.join("..", "elsewhere", "more"), folder / "_old")
    os.symlink("..", folder / "sub" / "up")
    os.symlink(".", folder / "self")
    os.symlink(tmp_path / "nowhere", folder / "gone")
    return folder


def test_a_link_to_a_folder_is_entered_and_a_loop_is_not(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    found = readers.expand_inputs(folder)
    assert [p.relative_to(folder).as_posix() for p in found] == ["a.csv", "linked/b.csv"]


def test_a_folder_reached_by_a_link_is_read_whole(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    # the folder named may itself be a link
    os.symlink(folder, tmp_path / "alias")
    found = readers.expand_inputs(tmp_path / "alias")
    assert [p.relative_to(tmp_path / "alias").as_posix() for p in found] == [
        "a.csv",
        "linked/b.csv",
    ]


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_both_engines_read_the_linked_folder(
    tmp_path: Path, catalog_file: Path, engine: str
) -> None:
    folder = _folder(tmp_path)
    os.unlink(folder / "sub" / "up")  # Spark's own listing has no guard against loops
    os.unlink(folder / "self")
    hours = showmeter.compute("hours_viewed", catalog=catalog_file, events=[folder], engine=engine)
    values = {row["title"]: row["value"] for row in hours.rows}
    assert values["the-defenders"] == pytest.approx((3000 + 600) / 3600)
