"""Canonical ingest of viewing sessions: every quarantine reason, reconciliation, reloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from showmeter.catalog import load_catalog
from showmeter.errors import InputError, UsageError
from showmeter.intake.load import ingest
from showmeter.store import Store

HEADER = (
    "event_id,account_id,profile_id,title,season,episode,started_at,seconds_watched,device,market"
)

# One row per rule, in the order the rules are checked; the comment names the expected reason.
ROWS = [
    "e1,a1,,the-defenders,1,1,2017-08-18T08:00:00Z,1800,TV,US",  # loaded (TV -> tv)
    "e2,a1,,the-defenders,1,1,2017-08-18T09:00:00Z,1500,Roku,us",  # loaded (Roku -> other)
    "e3,,,the-defenders,1,1,2017-08-18T09:00:00Z,1500,tv,US",  # missing_unit_id
    "e4,a2,,,1,1,2017-08-18T09:00:00Z,1500,tv,US",  # missing_value (title)
    "e5,a2,,the-defenders,one,1,2017-08-18T09:00:00Z,1500,tv,US",  # not_an_integer (season)
    "e6,a2,,the-defenders,1,1,2017-08-18 09:00:00,1500,tv,US",  # naive_timestamp
    "e7,a2,,the-defenders,1,1,yesterday,1500,tv,US",  # bad_timestamp
    "e8,a2,,the-defenders,1,1,2017-08-18T09:00:00Z,abc,tv,US",  # not_a_number
    "e9,a2,,the-defenders,1,1,2017-08-18T09:00:00Z,86401,tv,US",  # seconds_out_of_range
    "e10,a2,,the-defenders,1,1,2017-08-18T09:00:00Z,-1,tv,US",  # seconds_out_of_range
    "e11,a2,,the-defenders,1,1,2017-08-18T09:00:00Z,100,tv,XX",  # unknown_market
    "e12,a2,,daredevil,1,1,2017-08-18T09:00:00Z,100,tv,US",  # unknown_season
    "e13,a2,,jessica-jones,1,1,2017-08-18T09:00:00Z,100,tv,US",  # unknown_title
    "e14,a2,,the-defenders,1,9,2017-08-18T09:00:00Z,100,tv,US",  # unknown_episode
    "e15,a2,,the-defenders,1,1,2022-03-05T12:00:00Z,100,tv,US",  # outside_availability (gap)
    "e16,a2,,the-defenders,1,1,2022-03-20T12:00:00Z,100,tv,US",  # loaded (disney-plus, US)
    "e17,a2,,the-defenders,1,1,2022-03-20T12:00:00Z,100,tv,KR",  # outside_availability
    "e18,a2,,the-defenders,1,1,2017-08-18T09:00:00Z,100,tv,US,extra",  # malformed_row
    "e1,a9,,the-defenders,1,2,2017-08-19T09:00:00Z,100,tv,US",  # conflicting_row (id of e1)
    "e2,a1,,the-defenders,1,1,2017-08-18T09:00:00Z,1500,Roku,us",  # duplicate of e2
    ",a3,,the-defenders,1,2,2017-08-19T09:00:00Z,86400,,",  # loaded (no id: hash; ZZ)
    ",a3,,the-defenders,1,2,2017-08-19T09:00:00Z,86400,,",  # duplicate (same hash)
]


def _events(write, rows: list[str] = ROWS) -> Path:  # type: ignore[no-untyped-def]
    return write("events.csv", HEADER + "\n" + "\n".join(rows) + "\n")


def _load(store: Store, catalog_file: Path, *inputs: tuple[str, Path], **options: object):  # type: ignore[no-untyped-def]
    return ingest(store, load_catalog(catalog_file), list(inputs), **options)  # type: ignore[arg-type]


def test_every_reason_is_counted_and_the_counts_reconcile(catalog_file: Path, write) -> None:  # type: ignore[no-untyped-def]
    store = Store()
    [summary] = _load(store, catalog_file, ("viewing", _events(write)))
    assert summary.reasons == {
        "missing_unit_id": 1,
        "missing_value": 1,
        "not_an_integer": 1,
        "naive_timestamp": 1,
        "bad_timestamp": 1,
        "not_a_number": 1,
        "seconds_out_of_range": 2,
        "unknown_market": 1,
        "unknown_season": 1,
        "unknown_title": 1,
        "unknown_episode": 1,
        "outside_availability": 2,
        "malformed_row": 1,
        "conflicting_row": 1,
    }
    assert (summary.read, summary.loaded, summary.quarantined, summary.duplicates) == (
        22,
        4,
        16,
        2,
    )
    assert summary.reconciles
    # Issue 19 adds the suggestions: daredevil has only season 2 in the catalog; jessica-jones
    # is close to no catalog title (the-defenders, daredevil), so it gets none.
    assert summary.notes == {
        "devices_mapped_to_other": {"roku": 1},
        "did_you_mean": {"unknown_season": {"daredevil:1": "daredevil:2"}},
    }
    stored = store.connection.execute(
        "SELECT row_id, device, market FROM viewing ORDER BY started_at"
    ).fetchall()
    assert [(r[1], r[2]) for r in stored] == [
        ("tv", "US"),
        ("other", "US"),
        ("other", "ZZ"),
        ("tv", "US"),
    ]
    assert stored[2][0] is None  # no event_id: the row is identified by all its values


def test_quarantine_rows_name_file_line_column_and_value(catalog_file: Path, write) -> None:  # type: ignore[no-untyped-def]
    store = Store()
    events = _events(write)
    _load(store, catalog_file, ("viewing", events))
    rows = store.connection.execute(
        'SELECT file, line, "column", reason, value, record FROM quarantine ORDER BY line'
    ).fetchall()
    by_reason = {row[3]: row for row in rows}
    # header is line 1, so ROWS[i] is on line i + 2
    assert by_reason["missing_unit_id"][:5] == (
        str(events),
        4,
        "account_id",
        "missing_unit_id",
        None,
    )
    assert by_reason["not_an_integer"][1:5] == (6, "season", "not_an_integer", "one")
    assert by_reason["naive_timestamp"][1:5] == (
        7,
        "started_at",
        "naive_timestamp",
        "2017-08-18 09:00:00",
    )
    assert by_reason["unknown_market"][1:5] == (12, "market", "unknown_market", "XX")
    assert by_reason["malformed_row"][1] == 19
    assert by_reason["conflicting_row"][1:5] == (20, "row_id", "conflicting_row", "e1")
    record = json.loads(by_reason["bad_timestamp"][5])
    assert record["started_at"] == "yesterday" and record["event_id"] == "e7"


def test_reloading_the_same_file_changes_nothing(catalog_file: Path, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "store.duckdb"
    events = _events(write)
    with Store(path) as store:
        _load(store, catalog_file, ("viewing", events))
        before = store.connection.execute(
            "SELECT (SELECT count(*) FROM viewing), (SELECT count(*) FROM quarantine)"
        ).fetchone()
    with Store(path) as store:
        [again] = _load(store, catalog_file, ("viewing", events))
        after = store.connection.execute(
            "SELECT (SELECT count(*) FROM viewing), (SELECT count(*) FROM quarantine)"
        ).fetchone()
    assert before == after == (4, 16)
    assert again.loaded == 0
    assert again.duplicates == 6  # the 4 stored rows and the 2 repeats
    assert again.quarantined == 16
    assert again.reconciles


def test_assume_tz_reads_naive_timestamps_as_local_time(catalog_file: Path, write) -> None:  # type: ignore[no-untyped-def]
    events = write(
        "naive.csv",
        HEADER + "\n"
        "n1,a1,,the-defenders,1,1,2017-08-18 09:00:00,60,tv,US\n"  # EDT (UTC-4) -> 13:00Z
        "n2,a1,,the-defenders,1,1,2017-12-18 09:00:00,60,tv,US\n"  # EST (UTC-5) -> 14:00Z
        "n3,a1,,the-defenders,1,1,2017-08-18T09:00:00+02:00,60,tv,US\n",  # offset wins: 07:00Z
    )
    store = Store()
    [summary] = _load(store, catalog_file, ("viewing", events), assume_tz="America/New_York")
    assert summary.loaded == 3
    instants = store.connection.execute(
        "SELECT row_id, strftime(started_at, '%Y-%m-%dT%H:%MZ') FROM viewing ORDER BY row_id"
    ).fetchall()
    assert instants == [
        ("n1", "2017-08-18T13:00Z"),
        ("n2", "2017-12-18T14:00Z"),
        ("n3", "2017-08-18T07:00Z"),
    ]

    without = Store()
    [rejected] = _load(without, catalog_file, ("viewing", events))
    assert rejected.reasons == {"naive_timestamp": 2}


def test_an_unknown_zone_is_a_usage_error(catalog_file: Path, write) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match="IANA"):
        _load(Store(), catalog_file, ("viewing", _events(write)), assume_tz="Mars/Olympus")


def test_a_missing_required_column_names_the_file_and_the_column(catalog_file: Path, write) -> None:  # type: ignore[no-untyped-def]
    events = write("no-title.csv", "account_id,season,episode,started_at,seconds_watched\n")
    with pytest.raises(InputError) as raised:
        _load(Store(), catalog_file, ("viewing", events))
    assert raised.value.file == str(events)
    assert raised.value.column == "title"
    assert "Rename or add the column" in str(raised.value)


def test_the_catalog_tables_are_replaced_by_each_load(catalog_file: Path, write) -> None:  # type: ignore[no-untyped-def]
    store = Store()
    _load(store, catalog_file, ("viewing", _events(write)))
    _load(store, catalog_file, ("viewing", _events(write)))
    counts = store.counts()
    assert counts["titles"] == 2
    assert counts["episodes"] == 3
    # US, KR, GB and ZZ: the * launch is expanded per market for both seasons
    assert counts["launches"] == 8
    launch = store.connection.execute(
        "SELECT strftime(launch_at, '%Y-%m-%dT%H:%MZ') FROM launches "
        "WHERE title = 'the-defenders' AND market = 'KR'"
    ).fetchone()
    assert launch == ("2017-08-18T07:00Z",)
    # availability "from: 2017-08-18" is local midnight in each market's zone
    window = store.connection.execute(
        "SELECT strftime(available_from, '%Y-%m-%dT%H:%MZ') FROM availability "
        "WHERE title = 'the-defenders' AND market = 'KR' AND platform = 'netflix'"
    ).fetchone()
    assert window == ("2017-08-17T15:00Z",)
