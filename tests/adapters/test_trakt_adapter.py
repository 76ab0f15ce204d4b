"""--source trakt: the export ZIP's watched-history pages, in numeric order, as completed views."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from adapters_support import FIXTURES, counts, load, quarantine, reload_changes_nothing, sessions

from showmeter.errors import InputError, UsageError
from showmeter.intake.adapters import ADAPTERS
from showmeter.intake.adapters.trakt import APPROXIMATIONS, page_number

PAGES = FIXTURES / "trakt"
COLUMNS = (
    "row_id, account_id, profile_id, title, season, episode, started_at, seconds_watched, "
    "position_end_s"
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def export(tmp_path: Path) -> Path:
    """The export as Trakt sends it: a ZIP holding the pages and other files."""
    path = tmp_path / "trakt-export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for page in sorted(PAGES.glob("*.json")):  # written in name order: -1, -10, -2
            archive.write(page, f"export/{page.name}")
        archive.writestr("export/ratings-episodes.json", "[]")
    return path


def test_the_history_pages_are_read_in_numeric_order(tmp_path: Path) -> None:
    store, [summary] = load(export(tmp_path), "trakt", account="me")
    # page 1: 3 items, page 2: 2, page 10: 1 (watched-movies.json is not history)
    assert counts(summary) == (6, 4, 2, 0)
    assert summary.reasons == {"manual_watch": 1, "unresolved_title": 1}
    # the line is the position in the history: Dark (page 2) is 4th, not 5th after page 10
    assert quarantine(store) == [(2, "manual_watch"), (4, "unresolved_title")]


def test_each_view_is_complete_and_ends_at_watched_at() -> None:
    store, [summary] = load(PAGES / "watched-history-1.json", "trakt", account="me", profile="Ann")
    assert counts(summary) == (3, 2, 1, 0)
    assert summary.notes == {"approximations": APPROXIMATIONS}
    assert sessions(store, COLUMNS) == [
        # watched 21:47, Ozymandias runs 47:00: started 21:00
        ("trakt/101", "me", "me/Ann", "breaking-bad", 5, 14, at("2023-01-04T21:00:00"), 2820, 2820),
        # a check-in at 22:00 for a 28-minute episode: started 21:32
        ("trakt/103", "me", "me/Ann", "cobra-kai", 1, 2, at("2024-03-01T21:32:00"), 1680, 1680),
    ]  # fmt: skip


def test_watch_rows_are_kept_on_request(tmp_path: Path) -> None:
    store, [summary] = load(export(tmp_path), "trakt", account="me", include_watch="true")
    assert counts(summary) == (6, 5, 1, 0)
    films = sessions(store, "row_id, started_at")
    # marked as watched at 10:00; the film runs 2:19:00
    assert ("trakt/102", at("2022-12-31T07:41:00")) in films


def test_reloading_the_export_changes_nothing(tmp_path: Path) -> None:
    [again] = reload_changes_nothing(tmp_path, export(tmp_path), "trakt", account="me")
    assert counts(again) == (6, 0, 2, 4)


def test_an_unzipped_export_is_read_page_by_page_in_numeric_order() -> None:
    found = ADAPTERS["trakt"].expand(PAGES)
    assert [p.name for p in found] == [
        "watched-history-1.json",
        "watched-history-2.json",
        "watched-history-10.json",
    ]


def test_the_account_is_required(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--account"):
        load(export(tmp_path), "trakt")


def test_a_zip_without_history_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("watched-movies.json", "[]")
    with pytest.raises(InputError, match="no watched-history pages"):
        load(path, "trakt", account="me")


def test_a_page_that_is_not_a_list_is_refused(write) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="not a JSON array"):
        load(write("watched-history-3.json", '{"id": 1}'), "trakt", account="me")


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("watched-history.json", 0),
        ("watched-history-2.json", 2),
        ("export/watched-history-10.json", 10),
        ("watched-movies.json", None),
        ("watched-shows-1.json", None),
    ],
)
def test_page_numbers(name: str, number: int | None) -> None:
    assert page_number(name) == number


# --- quirks of real exports (issue 14) ----------------------------------------------------------
#
# trakt_quirks/watched-history.json, written from the format: 301 a scrobble of It's Always
# Sunny 1x1 under Trakt's slug it-s-always-sunny-in-philadelphia; 302 a check-in of 1x2 whose
# show title is null (found by the slug alone, and its ids are null); 303 and 304 back-dated
# `watch` rows at 04:00Z (EDT midnight, 2005-08-18) and 05:00Z (EST midnight, 2019-12-20); 305 a
# `watch` marked at 18:31:07; the last item has a null history id and null ids everywhere.

QUIRKS = FIXTURES / "trakt_quirks" / "watched-history.json"


def test_scrobbles_checkins_null_ids_and_both_slugs_load_as_one_title() -> None:
    store, [summary] = load(QUIRKS, "trakt", account="me")
    assert counts(summary) == (6, 3, 3, 0)
    assert summary.reasons == {"manual_watch": 3}  # 303, 304, 305
    assert "approximate_viewing_times" not in summary.notes  # no back-dated row was kept
    assert sessions(store, "title, season, episode, started_at") == [
        ("breaking-bad", 5, 15, at("2023-01-05T21:10:00")),  # 22:05 − 55:00
        ("its-always-sunny-in-philadelphia", 1, 1, at("2024-05-01T20:00:00")),  # 20:22 − 22:00
        ("its-always-sunny-in-philadelphia", 1, 2, at("2024-05-01T20:48:00")),  # 21:10 − 22:00
    ]
    # a history item without an id is identified by the hash of its values (not "trakt/None")
    ids = [row[0] for row in sessions(store, "row_id")]
    assert "trakt/None" not in ids and "trakt/301" in ids


def test_a_back_dated_watch_is_a_date_loaded_at_midday_and_flagged() -> None:
    from showmeter.intake.adapters.trakt import BACKDATED

    store, [summary] = load(QUIRKS, "trakt", account="me", include_watch="true")
    assert counts(summary) == (6, 6, 0, 0)
    started = dict(
        store.connection.execute(
            "SELECT title || ':' || season || ':' || episode, started_at FROM viewing"
        ).fetchall()
    )
    assert started["its-always-sunny-in-philadelphia:1:3"] == at("2005-08-18T12:00:00")
    assert started["money-heist:3:2"] == at("2019-12-20T12:00:00")
    assert started["money-heist:3:1"] == at("2024-05-02T17:50:07")  # 18:31:07 − 41:00: a time
    note = BACKDATED.format(rows=2)
    assert summary.notes["approximate_viewing_times"] == [note]
    # every result computed from the store says so in its inputs: showmeter.compute and the
    # report's and dashboard's runner give Store.describe() as a result's inputs
    described = store.describe()
    assert described["approximate_viewing_times"] == [f"{QUIRKS}: {note}"]
    # and the report's data-quality section lists it among the approximations
    from showmeter.launch.records import read_records
    from showmeter.reporting.html import _quality

    assert "2 &#x27;watch&#x27; row(s) marked as watched on the air date" in _quality(
        read_records(store), described, "report"
    )


@pytest.mark.parametrize(
    ("watched_at", "day"),
    [
        ("2005-08-18T04:00:00.000Z", "2005-08-18"),  # EDT midnight
        ("2019-12-20T05:00:00Z", "2019-12-20"),  # EST midnight
        ("2019-12-20T05:00:01.000Z", None),  # a time, not a date
        ("2019-12-20T00:00:00.000Z", None),  # UTC midnight is not US Eastern midnight
        ("2019-12-20T06:00:00.000Z", None),
        (None, None),
    ],
)
def test_backdated_days(watched_at: str | None, day: str | None) -> None:
    from showmeter.intake.adapters.trakt import backdated_day

    assert backdated_day(watched_at) == day
