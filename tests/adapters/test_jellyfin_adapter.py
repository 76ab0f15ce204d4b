"""--source jellyfin: Playback Reporting's database and its headerless TSV backup."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from adapters_support import FIXTURES, counts, load, quarantine, reload_changes_nothing, sessions

from showmeter.errors import InputError
from showmeter.intake.adapters.jellyfin import parse_item_name, timestamp_text

BACKUP = FIXTURES / "jellyfin" / "PlaybackReportingBackup.tsv"
ANNA = "jellyfin/9f1c2a3b4c5d6e7f8a9b0c1d2e3f4a5b"
BEN = "jellyfin/0b1c2a3b4c5d6e7f8a9b0c1d2e3f4a5c"
COLUMNS = "row_id, profile_id, title, season, episode, started_at, seconds_watched, device"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_the_backup_is_read_row_by_row() -> None:
    store, [summary] = load(BACKUP, "jellyfin")
    # 9 lines: 3 sessions; a naive DateCreated (an old server-local time); music; a series
    # not in the catalog; a negative PlayDuration; a line of 4 fields; a repeat of line 1
    assert counts(summary) == (9, 3, 5, 1)
    assert quarantine(store) == [
        (4, "naive_timestamp"),
        (5, "not_series_or_film"),
        (6, "unresolved_title"),
        (7, "seconds_out_of_range"),
        (8, "malformed_row"),
    ]
    assert sessions(store, COLUMNS) == [
        # the series name contains " - ": sXXeYY is found from the right
        (f"jellyfin/2024-03-01 20:13:45Z/{ANNA[9:]}/aa01", ANNA, "cobra-kai", 1, 1,
         at("2024-03-01T20:13:45Z"), 1750, "tv"),
        (f"jellyfin/2024-03-01 21:00:00Z/{ANNA[9:]}/aa02", ANNA, "cobra-kai", 1, 2,
         at("2024-03-01T21:00:00Z"), 1680, "desktop"),
        # s00e00: numbers unknown, so the episode is found by its name
        (f"jellyfin/2024-03-02 19:00:00Z/{BEN[9:]}/bb01", BEN, "breaking-bad", 5, 15,
         at("2024-03-02T19:00:00Z"), 3000, "mobile"),
    ]  # fmt: skip


def test_an_old_server_local_time_needs_the_servers_zone() -> None:
    store, [summary] = load(BACKUP, "jellyfin", assume_tz="Europe/Berlin", account="home")
    assert counts(summary) == (9, 4, 4, 1)
    # 21:34:56.1234567 in Berlin (CEST, UTC+2) is 19:34:56.123456 UTC
    film = store.connection.execute(
        "SELECT account_id, started_at, seconds_watched, device FROM viewing "
        "WHERE title = 'glass-onion'"
    ).fetchall()
    assert film == [("home", datetime(2021, 5, 6, 19, 34, 56, 123456, UTC), 8000, "desktop")]


def test_reloading_the_backup_changes_nothing(tmp_path: Path) -> None:
    [again] = reload_changes_nothing(tmp_path, BACKUP, "jellyfin")
    assert counts(again) == (9, 0, 5, 4)


ROWS = [
    ("2024-03-01 20:13:45Z", ANNA[9:], "aa01", "Episode",
     "Cobra Kai - The Karate Kid Saga Continues - s01e01 - Ace Degenerate",
     "DirectPlay", "Jellyfin Android TV", "SHIELD", 1750),
    ("2024-03-01 21:00:00Z", ANNA[9:], "aa02", "Episode",
     "Cobra Kai - The Karate Kid Saga Continues - s01e02 - Strike First",
     "Transcode (v:h264 a:aac)", "Jellyfin Web", "Firefox", 1680),
    ("2024-03-04 18:00:00Z", BEN[9:], "gg01", "Movie", "Glass Onion: A Knives Out Mystery",
     "DirectPlay", "Jellyfin Roku", "Roku Ultra", 8000),
    ("2024-03-05 18:00:00Z", BEN[9:], "hh01", "TvChannel", "BBC One", "DirectPlay",
     "Jellyfin Web", "Chrome", 600),
]  # fmt: skip


def _database(path: Path, rows: list[tuple[object, ...]], user_version: int = 1) -> Path:
    """A playback_reporting.db with the plugin's table (created as the plugin creates it)."""
    connection = sqlite3.connect(path)
    connection.execute(
        "create table if not exists PlaybackActivity (DateCreated DATETIME NOT NULL, "
        "UserId TEXT, ItemId TEXT, ItemType TEXT, ItemName TEXT, PlaybackMethod TEXT, "
        "ClientName TEXT, DeviceName TEXT, PlayDuration INT)"
    )
    connection.execute(f"PRAGMA user_version = {user_version}")
    connection.executemany("INSERT INTO PlaybackActivity VALUES (?,?,?,?,?,?,?,?,?)", rows)
    connection.commit()
    connection.close()
    return path


def test_the_database_is_read_and_its_rows_share_ids_with_the_backup(tmp_path: Path) -> None:
    database = _database(tmp_path / "playback_reporting.db", ROWS)
    store, [summary] = load(database, "jellyfin")
    assert counts(summary) == (4, 3, 1, 0)
    assert quarantine(store) == [(4, "not_series_or_film")]  # the line is the rowid
    # the first two rows are the backup's first two: the backup adds only its own rows
    _, [backup] = load(BACKUP, "jellyfin", store=store)
    assert counts(backup) == (9, 1, 5, 3)


def test_an_old_database_holds_server_local_times(tmp_path: Path) -> None:
    old = [("2021-05-06 21:34:56.1234567", *ROWS[2][1:])]
    database = _database(tmp_path / "playback_reporting.db", old, user_version=0)
    _, [summary] = load(database, "jellyfin")
    assert summary.reasons == {"naive_timestamp": 1}
    _, [zoned] = load(database, "jellyfin", assume_tz="America/New_York")
    assert zoned.loaded == 1


def test_reloading_the_database_changes_nothing(tmp_path: Path) -> None:
    database = _database(tmp_path / "playback_reporting.db", ROWS)
    [again] = reload_changes_nothing(tmp_path, database, "jellyfin")
    assert counts(again) == (4, 0, 1, 3)


def test_another_database_is_refused_with_the_fix(tmp_path: Path) -> None:
    other = tmp_path / "jellyfin.db"
    with contextlib.closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE Users (Id TEXT)")
        connection.commit()
    with pytest.raises(InputError, match=r"playback_reporting\.db"):
        load(other, "jellyfin")


@pytest.mark.parametrize(
    ("item_name", "parts"),
    [
        ("Breaking Bad - s05e14 - Ozymandias", ("Breaking Bad", 5, 14, "Ozymandias")),
        ("Law - Order - s01e02 - Two - Parts", ("Law - Order", 1, 2, "Two - Parts")),
        ("Show - s00e00 - Special", ("Show", 0, 0, "Special")),
        ("Show - s100e1000 - Long", ("Show", 100, 1000, "Long")),
        ("A Movie - Director's Cut", None),
    ],
)
def test_item_names_are_split_from_the_right(item_name: str, parts: object) -> None:
    assert parse_item_name(item_name) == parts


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2024-03-01 20:13:45Z", "2024-03-01T20:13:45Z"),
        ("2024-03-01 20:13:45.1234567Z", "2024-03-01T20:13:45.123456Z"),
        ("2024-03-01 20:13:45+02:00", "2024-03-01T20:13:45+02:00"),
        ("2021-05-06 21:34:56.1234567", "2021-05-06T21:34:56.123456"),  # naive: local time
        ("yesterday", "yesterday"),
        ("", None),
    ],
)
def test_date_created_becomes_iso_text(value: str, text: str | None) -> None:
    assert timestamp_text(value) == text


# --- quirks of real databases (issue 14) --------------------------------------------------------
#
# jellyfin_quirks/PlaybackReportingBackup.tsv, written from the format: 32-hex UserId and ItemId;
# item names in Cyrillic (Эпидемия), Hangul (오징어 게임) and Arabic (جن), found by the catalog's
# names in the same script; a PlayDuration of 273645 s (76 h) and one of 86401 s, beyond 24 h,
# left out; one of exactly 86400 s, the longest session the ingest keeps.

QUIRKS = FIXTURES / "jellyfin_quirks" / "PlaybackReportingBackup.tsv"
OLGA = "jellyfin/4be0643f1d98573b97cdca98a65347dd"
SAMI = "jellyfin/c7a1f0e2d3b4a5968778695a4b3c2d1e"


def test_names_in_any_script_resolve_and_durations_beyond_a_day_are_quarantined() -> None:
    store, [summary] = load(QUIRKS, "jellyfin")
    assert counts(summary) == (6, 4, 2, 0)
    assert quarantine(store) == [(4, "play_duration_over_a_day"), (5, "play_duration_over_a_day")]
    assert sessions(store, "profile_id, title, season, episode, seconds_watched") == [
        (OLGA, "epidemic", 1, 2, 2700),
        (OLGA, "squid-game", 1, 1, 3000),
        (SAMI, "jinn", 1, 1, 1500),
        (SAMI, "breaking-bad", 5, 15, 86400),
    ]
    [(record,)] = store.connection.execute(
        "SELECT record FROM quarantine WHERE line = 4"
    ).fetchall()
    assert '"PlayDuration": "273645"' in record  # the reason's row, as read


def test_the_reason_says_what_a_long_play_duration_is() -> None:
    from showmeter.intake.reasons import describe

    assert "beyond 24 h" in describe("play_duration_over_a_day")
