"""--source netflix: ViewingActivity.csv read into sessions, every left-out row counted."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from adapters_support import (
    FIXTURES,
    catalog,
    counts,
    load,
    quarantine,
    reload_changes_nothing,
    sessions,
)

from showmeter.errors import InputError, UsageError
from showmeter.intake.adapters import ADAPTERS, netflix, rows
from showmeter.intake.adapters.devices import device_family
from showmeter.intake.adapters.netflix import clock_seconds, market_code

EXPORT = FIXTURES / "netflix" / "ViewingActivity.csv"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_the_export_reconciles_with_every_exclusion_under_its_reason() -> None:
    store, [summary] = load(EXPORT, "netflix", account="home")
    # 16 rows (lines 2-17): 8 sessions, 7 quarantined, 1 repeated row
    assert counts(summary) == (16, 8, 7, 1)
    assert summary.reasons == {
        "supplemental_video": 2,  # a TRAILER and a _hook_ title
        "autoplay": 1,  # Autoplayed: user action: None
        "unknown_market": 1,  # FR is not among the catalog's markets
        "unresolved_title": 1,  # The Gentlemen is not in the catalog
        "bad_timestamp": 1,  # Start Time "yesterday evening"
        "malformed_row": 1,  # an 11th field
    }
    assert summary.notes == {"devices_mapped_to_other": {"smart fridge": 1}}
    assert quarantine(store) == [
        (5, "supplemental_video"),
        (6, "supplemental_video"),
        (7, "autoplay"),
        (10, "unknown_market"),
        (13, "unresolved_title"),
        (14, "bad_timestamp"),
        (16, "malformed_row"),
    ]


def test_each_session_is_mapped_column_by_column() -> None:
    store, _ = load(EXPORT, "netflix", account="home")
    assert sessions(store, "DISTINCT account_id") == [("home",)]
    columns = (
        "profile_id, title, season, episode, started_at, seconds_watched, position_end_s, "
        "device, market"
    )
    assert sessions(store, columns) == [
        # Granite State by name; Smart Fridge -> other; no Country -> ZZ
        ("home/Alice", "breaking-bad", 5, 15, at("2023-01-01 10:00"), 600, 600, "other", "ZZ"),
        # "Not latest view": an earlier session of a title watched again, kept
        ("home/Bob", "breaking-bad", 5, 14, at("2023-01-03 21:00"), 1320, 1320, "tv", "US"),
        # resumed: 25 minutes watched, stopped at 47:00
        ("home/Bob", "breaking-bad", 5, 14, at("2023-01-04 21:00"), 1500, 2820, "tv", "US"),
        # View was hidden: kept; "&" and the comma inside quotes
        ("home/Alice", "love-death-robots", 3, 7, at("2023-01-06 22:00"), 660, 660, "tablet", "DE"),
        # Autoplayed: user action: Unspecified (the user interacted): kept
        ("home/Kids", "money-heist", 3, 1, at("2023-01-07 15:00"), 2460, 2460, "tv", "US"),
        # the show's name has a colon; Android phone
        ("home/Bob", "criminal-uk", 2, 1, at("2023-01-08 19:00"), 2640, 2640, "mobile", "GB"),
        # season named after the show
        ("home/Alice", "stranger-things", 4, 9, at("2023-01-09 20:00"), 8400, 8400, "desktop",
         "DE"),
        # named season, roman chapter number
        ("home/Alice", "ancient-apocalypse", 2, 6, at("2023-01-10 21:00"), 1800, 1800, "tv", "DE"),
    ]  # fmt: skip


def test_a_quarantined_row_keeps_the_source_row_and_what_was_parsed() -> None:
    store, _ = load(EXPORT, "netflix", account="home")
    [(record,)] = store.connection.execute(
        "SELECT record FROM quarantine WHERE reason = 'unresolved_title'"
    ).fetchall()
    row = json.loads(record)
    assert row["Title"] == "The Gentlemen: Season 1: The Gospel According to Bobby Glass"
    assert row["Profile Name"] == "Bob"
    assert row["parsed"] == {
        "show": "The Gentlemen",
        "season": 1,
        "season_label": "Season 1",
        "episode": None,
        "episode_title": "The Gospel According to Bobby Glass",
    }
    assert row["problem"] == "no catalog series is named 'The Gentlemen'"
    [(column, value)] = store.connection.execute(
        "SELECT \"column\", value FROM quarantine WHERE reason = 'bad_timestamp'"
    ).fetchall()
    assert (column, value) == ("started_at", "yesterday evening")


def test_the_exclusions_are_switchable() -> None:
    _, [summary] = load(
        EXPORT, "netflix", account="home", include_supplemental="true", include_autoplay="yes"
    )
    # the autoplayed episode is now a session; the trailer and the hook name no episode
    assert counts(summary) == (16, 9, 6, 1)
    assert summary.reasons["unresolved_title"] == 3
    assert "supplemental_video" not in summary.reasons and "autoplay" not in summary.reasons


def test_reloading_the_export_changes_nothing(tmp_path: Path) -> None:
    [again] = reload_changes_nothing(tmp_path, EXPORT, "netflix", account="home")
    assert counts(again) == (16, 0, 7, 9)


def test_two_accounts_keep_their_profiles_apart(tmp_path: Path) -> None:
    store, _ = load(EXPORT, "netflix", account="home")
    load(EXPORT, "netflix", store=store, account="cabin")
    profiles = store.connection.execute(
        "SELECT DISTINCT profile_id FROM viewing ORDER BY 1"
    ).fetchall()
    assert [p for (p,) in profiles] == [
        "cabin/Alice",
        "cabin/Bob",
        "cabin/Kids",
        "home/Alice",
        "home/Bob",
        "home/Kids",
    ]


def test_the_account_is_required() -> None:
    with pytest.raises(UsageError, match="--account") as raised:
        load(EXPORT, "netflix")
    assert "(in Python: account='home')" in str(raised.value)  # the keyword of showmeter.ingest


def test_an_unknown_option_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="include_autoplay"):
        load(EXPORT, "netflix", account="home", include_autoplays="true")


def test_the_simple_export_given_as_the_full_one_says_which_source_fits() -> None:
    simple = FIXTURES / "netflix_simple" / "NetflixViewingHistory.csv"
    with pytest.raises(InputError) as raised:
        load(simple, "netflix", account="home")
    assert raised.value.line == 1
    assert raised.value.column == "Profile Name"
    assert "--source netflix-simple" in str(raised.value)


def test_a_directory_yields_its_viewing_activity_files_only(tmp_path: Path) -> None:
    (tmp_path / "CONTENT_INTERACTION").mkdir()
    export = tmp_path / "CONTENT_INTERACTION" / "ViewingActivity.csv"
    export.write_bytes(EXPORT.read_bytes())
    (tmp_path / "CONTENT_INTERACTION" / "MyList.csv").write_text("Profile Name,Title Name\n")
    assert ADAPTERS["netflix"].expand(tmp_path) == [export]


def test_a_byte_order_mark_and_crlf_line_ends_are_read(tmp_path: Path) -> None:
    path = tmp_path / "ViewingActivity.csv"
    text = EXPORT.read_text().replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    _, [summary] = load(path, "netflix", account="home")
    assert counts(summary) == (16, 8, 7, 1)


def test_batches_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rows, "BATCH_ROWS", 3)
    batches = list(netflix.NetflixAdapter().read(EXPORT, catalog(), {"account": "home"}))
    sizes = [b.table.num_rows + len(b.malformed) for b in batches]
    assert sum(sizes) == 16 and max(sizes) <= 3
    assert [b.done for b in batches] == sorted(b.done for b in batches)
    assert batches[-1].done == batches[-1].total == EXPORT.stat().st_size


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("00:22:36", 1356), ("1:02:03", 3723), ("", None), ("abc", "abc"), ("00:61:00", "00:61:00")],
)
def test_clock_durations(text: str, seconds: object) -> None:
    assert clock_seconds(text) == seconds


@pytest.mark.parametrize(
    ("country", "market"),
    [
        ("DE (Germany)", "DE"),
        ("us (United States)", "US"),
        ("GB", "GB"),
        ("", None),
        ("Mars", "Mars"),
    ],
)
def test_countries_become_iso_codes(country: str, market: object) -> None:
    assert market_code(country) == market


@pytest.mark.parametrize(
    ("device", "family"),
    [
        ("Netflix Windows App - Cadmium Windows Mobile", "desktop"),
        ("Chrome PC (Cadmium)", "desktop"),
        ("Safari MAC (Cadmium)", "desktop"),
        ("DefaultWidevineAndroidPhone", "mobile"),
        ("Apple iPhone 12", "mobile"),
        ("DefaultWidevineAndroidTablets", "tablet"),
        ("iPad Pro", "tablet"),
        ("Amazon Fire TV Stick", "tv"),
        ("LG DTV 2020 webOS Smart TV", "tv"),
        ("Roku 4", "tv"),
        ("Google Chromecast", "tv"),
        ("Sony PS4", "console"),
        ("Microsoft Xbox One", "console"),
        ("Smart Fridge", "Smart Fridge"),  # as written: the ingest counts it as other
        ("", None),
    ],
)
def test_device_types_map_to_families(device: str, family: object) -> None:
    assert device_family(device) == family


def test_a_row_with_bytes_that_are_not_utf8_is_quarantined_not_replaced(tmp_path: Path) -> None:
    # The fixture's header and its first row, then that row with a Latin-1 "é" in the title.
    lines = EXPORT.read_bytes().splitlines(keepends=True)
    bad = lines[1].replace(b"Ancient Apocalypse", b"Ancient Apocalyps\xe9")
    path = tmp_path / "ViewingActivity.csv"
    path.write_bytes(lines[0] + lines[1] + bad)
    store, [summary] = load(path, "netflix", account="home")
    assert counts(summary) == (2, 1, 1, 0)
    assert quarantine(store) == [(3, "invalid_utf8")]
    [record] = store.connection.execute("SELECT record FROM quarantine").fetchone() or [""]
    assert "Apocalyps\\xe9" in str(record) and "\ufffd" not in str(record)
