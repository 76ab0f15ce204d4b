"""--source tautulli: get_history pages and Tautulli's database, one history, the same ids."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from adapters_support import FIXTURES, catalog, counts, load, quarantine, reload_changes_nothing

from showmeter.errors import InputError
from showmeter.intake.adapters import ADAPTERS, rows, sqlite
from showmeter.intake.adapters.tautulli import TautulliAdapter

PAGE_1 = FIXTURES / "tautulli" / "history-page-1.json"  # the whole API response
PAGE_2 = FIXTURES / "tautulli" / "history-page-2.json"  # its data object only

COLUMNS = (
    "row_id, account_id, profile_id, title, season, episode, started_at, seconds_watched, "
    "position_end_s, device"
)


def at(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def stored(store) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return store.connection.execute(f"SELECT {COLUMNS} FROM viewing ORDER BY row_id").fetchall()


def test_a_page_of_the_api_response_is_read_row_by_row() -> None:
    store, [summary] = load(PAGE_1, "tautulli")
    # 5 rows: 3 sessions; a music track; a session still playing (include_activity)
    assert counts(summary) == (5, 3, 2, 0)
    assert summary.reasons == {"not_series_or_film": 1, "in_progress": 1}
    assert quarantine(store) == [(4, "not_series_or_film"), (5, "in_progress")]
    assert stored(store) == [
        # view_offset 2 750 000 ms -> position 2750 s; Roku -> tv
        ("tautulli/1124", "plex/8008135", "plex/8008135", "breaking-bad", 5, 14,
         at(1462688107), 2600, 2750, "tv"),
        # a group of three resumed sessions (grouping=1): its sorted ids; no view_offset, so
        # percent_complete 90 % of the catalog's 3300 s; iOS on an iPad -> tablet
        ("tautulli/1125,1126,1127", "plex/8008135", "plex/8008135", "breaking-bad", 5, 15,
         at(1462770000), 3000, 2970, "tablet"),
        # a movie by its title; Plex Web in Chrome -> desktop
        ("tautulli/1130", "plex/9001", "plex/9001", "glass-onion", 0, 1,
         at(1462900000), 8340, 8340, "desktop"),
    ]  # fmt: skip


def test_a_page_saved_as_its_data_object_and_an_older_duration_field() -> None:
    store, [summary] = load(PAGE_2, "tautulli", account="family")
    # Cobra Kai (a " - " in its name); Dark is not in the catalog; live TV is left out
    assert counts(summary) == (3, 1, 2, 0)
    assert summary.reasons == {"unresolved_title": 1, "not_series_or_film": 1}
    assert stored(store) == [
        # "duration" (older Tautulli) is the play time; SHIELD Android TV -> tv
        ("tautulli/1140", "family", "plex/8008135", "cobra-kai", 1, 1,
         at(1463000000), 1800, 1800, "tv"),
    ]  # fmt: skip


def test_reloading_a_page_changes_nothing(tmp_path: Path) -> None:
    [again] = reload_changes_nothing(tmp_path, PAGE_1, "tautulli")
    assert counts(again) == (5, 0, 2, 3)


def _database(path: Path, *, product: bool = True) -> Path:
    """A tautulli.db with the tables get_history joins (columns as Tautulli creates them)."""
    connection = sqlite3.connect(path)
    connection.execute(
        "CREATE TABLE session_history (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "reference_id INTEGER, started INTEGER, stopped INTEGER, rating_key INTEGER, "
        "user_id INTEGER, user TEXT, ip_address TEXT, paused_counter INTEGER DEFAULT 0, "
        "player TEXT, platform TEXT, machine_id TEXT, parent_rating_key INTEGER, "
        "grandparent_rating_key INTEGER, media_type TEXT, view_offset INTEGER DEFAULT 0"
        + (", product TEXT" if product else "")
        + ")"
    )
    connection.execute(
        "CREATE TABLE session_history_metadata (id INTEGER PRIMARY KEY, rating_key INTEGER, "
        "parent_rating_key INTEGER, grandparent_rating_key INTEGER, title TEXT, "
        "parent_title TEXT, grandparent_title TEXT, full_title TEXT, media_index INTEGER, "
        "parent_media_index INTEGER, section_id INTEGER, year INTEGER, duration INTEGER)"
    )
    history = [
        # id, started, stopped, paused, user, player, platform, media_type, view_offset
        (1124, 1462688107, 1462690807, 100, 8008135, "Living Room", "Roku", "episode", 2750000),
        (1125, 1462770000, 1462771000, 0, 8008135, "iPad", "iOS", "episode", 900000),
        (1126, 1462780000, 1462781000, 0, 8008135, "iPad", "iOS", "episode", 1900000),
        (1127, 1462859000, 1462860000, 0, 8008135, "iPad", "iOS", "episode", 2970000),
        (1131, 1462910000, 1462910200, 0, 9001, "Chrome", "Chrome", "track", 0),
        (1132, 1462920000, 0, 0, 9001, "Chrome", "Chrome", "episode", 0),
    ]
    for row_id, started, stopped, paused, user, player, platform, media, offset in history:
        connection.execute(
            "INSERT INTO session_history (id, reference_id, started, stopped, paused_counter, "
            "user_id, user, player, platform, media_type, view_offset) "
            "VALUES (?, ?, ?, ?, ?, ?, 'u', ?, ?, ?, ?)",
            (row_id, row_id, started, stopped, paused, user, player, platform, media, offset),
        )
        if product:
            connection.execute(
                "UPDATE session_history SET product = 'Plex for ' || platform WHERE id = ?",
                (row_id,),
            )
    metadata = [
        (1124, "Ozymandias", "Breaking Bad", 14, 5),
        (1125, "Granite State", "Breaking Bad", 15, 5),
        (1126, "Granite State", "Breaking Bad", 15, 5),
        (1127, "Granite State", "Breaking Bad", 15, 5),
        (1131, "Track", "Artist", 1, 1),
        (1132, "Julia", "Criminal: UK", 1, 2),
    ]
    connection.executemany(
        "INSERT INTO session_history_metadata (id, title, grandparent_title, media_index, "
        "parent_media_index) VALUES (?, ?, ?, ?, ?)",
        metadata,
    )
    connection.commit()
    connection.close()
    return path


def test_the_database_is_read_directly_one_row_per_session(tmp_path: Path) -> None:
    database = _database(tmp_path / "tautulli.db")
    store, [summary] = load(database, "tautulli")
    assert counts(summary) == (6, 5, 1, 0)
    assert quarantine(store) == [(1131, "not_series_or_film")]  # the line is the row's id
    assert stored(store) == [
        # the same id and values as the API's row 1124
        ("tautulli/1124", "plex/8008135", "plex/8008135", "breaking-bad", 5, 14,
         at(1462688107), 2600, 2750, "tv"),
        ("tautulli/1125", "plex/8008135", "plex/8008135", "breaking-bad", 5, 15,
         at(1462770000), 1000, 900, "tablet"),
        ("tautulli/1126", "plex/8008135", "plex/8008135", "breaking-bad", 5, 15,
         at(1462780000), 1000, 1900, "tablet"),
        ("tautulli/1127", "plex/8008135", "plex/8008135", "breaking-bad", 5, 15,
         at(1462859000), 1000, 2970, "tablet"),
        # never stopped: no play time, as get_history computes it
        ("tautulli/1132", "plex/9001", "plex/9001", "criminal-uk", 2, 1,
         at(1462920000), 0, None, "desktop"),
    ]  # fmt: skip


def test_a_session_in_the_page_and_the_database_is_stored_once(tmp_path: Path) -> None:
    store, _ = load(PAGE_1, "tautulli")
    _, [summary] = load(_database(tmp_path / "tautulli.db"), "tautulli", store=store)
    assert summary.duplicates == 1  # session 1124


def test_an_older_database_without_some_columns_is_read(tmp_path: Path) -> None:
    database = _database(tmp_path / "plexpy.db", product=False)
    _, [summary] = load(database, "tautulli")
    assert counts(summary) == (6, 5, 1, 0)


def test_reloading_the_database_changes_nothing(tmp_path: Path) -> None:
    [again] = reload_changes_nothing(tmp_path, _database(tmp_path / "tautulli.db"), "tautulli")
    assert counts(again) == (6, 0, 1, 5)


def test_the_database_is_read_in_bounded_slices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite, "FETCH_ROWS", 2)
    monkeypatch.setattr(rows, "BATCH_ROWS", 2)
    database = _database(tmp_path / "tautulli.db")
    batches = list(TautulliAdapter().read(database, catalog(), {}))
    sizes = [b.table.num_rows + len(b.malformed) for b in batches]
    assert sum(sizes) == 6 and max(sizes) <= 2
    assert batches[-1].done == batches[-1].total == 6


def test_another_database_is_refused_with_the_fix(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE t (x)")
        connection.commit()
    with pytest.raises(InputError, match=r"tautulli\.db"):
        load(other, "tautulli")


def test_json_that_is_not_a_page_is_refused(write) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="not a get_history page"):
        load(write("stats.json", '{"response": {"data": {"rows": []}}}'), "tautulli")


def test_a_directory_of_pages_is_read_in_page_order(tmp_path: Path) -> None:
    for number in (10, 2, 1):
        (tmp_path / f"history-{number}.json").write_text('{"data": []}')
    found = ADAPTERS["tautulli"].expand(tmp_path)
    assert [p.name for p in found] == ["history-1.json", "history-2.json", "history-10.json"]


def test_a_group_starts_at_started_not_at_date() -> None:
    """Issue 14: with history grouping on, `date` and `started` disagree.

    Tautulli's get_history selects MAX(started) AS date and MIN(started) AS started. The
    group 1125-1127 of history-page-1.json has date 1462860000 (2016-05-10 06:00 UTC, its last
    resumption) and started 1462770000 (2016-05-09 05:00 UTC, 25 h earlier): the viewing began
    at `started`. The load says that a grouped row completes at started + summed play time.
    """
    from showmeter.intake.adapters.tautulli import GROUPED

    store, [summary] = load(PAGE_1, "tautulli")
    [(started,)] = store.connection.execute(
        "SELECT started_at FROM viewing WHERE row_id = 'tautulli/1125,1126,1127'"
    ).fetchall()
    assert started == at(1462770000) != at(1462860000)
    assert summary.notes["approximations"] == [GROUPED.format(rows=1)]
    # a page without grouped rows makes no such note
    _, [ungrouped] = load(PAGE_2, "tautulli", account="family")
    assert "approximations" not in ungrouped.notes
