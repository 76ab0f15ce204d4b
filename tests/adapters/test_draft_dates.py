"""`showmeter catalog draft` numbers a simple export's episodes by its dates when they agree.

Netflix writes ``NetflixViewingHistory.csv`` newest first, and the draft numbers episodes that
have no number in the order first watched, so it read the file from the bottom up. A file in
the other order (hand-made, or re-sorted in a spreadsheet) got its episodes numbered
backwards. Now a file whose dates run forward down the file (every row dated, one format) is
read top down; one whose dates run backward, or are out of order or missing, is read as Netflix
writes it. Three episodes of "Dark" without numbers, watched on 2 (Secrets), 3 (Lies) and 4
(Past and Present) January 2024, must be numbered 1, 2, 3 whichever way the file lists them.
"""

from __future__ import annotations

from pathlib import Path

from showmeter.catalog import parse_catalog
from showmeter.intake.adapters.draft import draft_catalog

WATCHED = [
    ("Dark: Season 1: Secrets", "2/1/2024"),
    ("Dark: Season 1: Lies", "3/1/2024"),
    ("Dark: Season 1: Past and Present", "4/1/2024"),
]
"""Oldest first; the dates are day first (the 13th below settles the format)."""
SETTLES = ("Glass Onion: A Knives Out Mystery", "13/1/2024")
IN_ORDER = {1: "Secrets", 2: "Lies", 3: "Past and Present"}


def _numbers(tmp_path: Path, rows: list[tuple[str, str]]) -> dict[int, str | None]:
    path = tmp_path / "NetflixViewingHistory.csv"
    path.write_text("Title,Date\n" + "".join(f'"{t}","{d}"\n' for t, d in rows))
    catalog = parse_catalog(draft_catalog("netflix-simple", path), "<draft>")
    [dark] = [t for t in catalog.titles if t.title == "dark"]
    return {e.episode: e.name for s in dark.seasons for e in s.episodes}


def test_an_oldest_first_file_is_numbered_by_its_dates(tmp_path: Path) -> None:
    assert _numbers(tmp_path, [*WATCHED, SETTLES]) == IN_ORDER


def test_a_newest_first_file_as_netflix_writes_it(tmp_path: Path) -> None:
    assert _numbers(tmp_path, [SETTLES, *reversed(WATCHED)]) == IN_ORDER


def test_dates_out_of_order_leave_the_file_order_as_netflix_writes_it(tmp_path: Path) -> None:
    # Lies listed first though watched between the others: the dates cannot be trusted as a
    # direction, so the file (Lies, Past, Secrets, Glass Onion) is read bottom up, as Netflix
    # writes it: Secrets, Past and Present, Lies
    shuffled = [WATCHED[1], WATCHED[2], WATCHED[0], SETTLES]
    assert _numbers(tmp_path, shuffled) == {1: "Secrets", 2: "Past and Present", 3: "Lies"}


def test_a_file_re_sorted_by_date_keeps_netflix_order_within_a_day(tmp_path: Path) -> None:
    # Netflix lists a day's rows newest first; a spreadsheet's sort by date keeps them so:
    # Glass Onion on the 1st, then Past and Present, Lies, Secrets all on the 13th, watched
    # Secrets first (found by review: they were numbered top down, Past and Present 1)
    same_day = [(t, "13/1/2024") for t, _ in reversed(WATCHED)]
    rows = [("Glass Onion: A Knives Out Mystery", "1/1/2024"), *same_day]
    assert _numbers(tmp_path, rows) == IN_ORDER
