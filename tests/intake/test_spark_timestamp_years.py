"""Years, eras and one-digit minutes of a text timestamp: read or quarantined alike by both engines.

Before, DuckDB (the ingest) and Spark (in place) disagreed on such texts: DuckDB read
``17-08-18`` as the year 17 (Spark, whose years have four digits or more, read no time), read
``-2017-08-18`` as 2018 BC, and passed over a trailing ``BC`` or ``AD`` of a local time under
``--assume-tz`` (so ``… BC`` was a time of 2017 AD); and ``08:0:0Z`` or ``24:0:0Z`` were taken
for local times (their ``Z`` passed over under ``--assume-tz``, else ``naive_timestamp``). Now
a text timestamp's year has four digits, with no sign and no era, on both engines, and one-digit
minutes and seconds with a zone are the instant they spell. Instants by hand: 2017-08-18
08:00 UTC is 1503043200 s; 08:00 in New York (EDT) is 14400 s later; the next midnight UTC
is 1503100800 s.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from timestamp_spellings_support import on_both_engines

import showmeter

AT = 1503043200  # 2017-08-18 08:00:00 UTC
NEW_YORK = AT + 4 * 3600
MIDNIGHT = 1503100800  # 2017-08-19 00:00:00 UTC
YEAR_17 = dt.datetime(17, 8, 18, 8, tzinfo=dt.UTC).timestamp()

# spelling: (instant without --assume-tz, instant with --assume-tz America/New_York)
SPELLINGS: dict[str, tuple[float | None, float | None]] = {
    "2017-08-18 08:0:0Z": (AT, AT),
    "2017-08-18T08:0:0Z": (AT, AT),
    "2017-08-18 8:0Z": (AT, AT),
    "2017-08-18 08:0:0+00:00": (AT, AT),
    "2017-08-18 08:0:0": (None, NEW_YORK),
    "2017-08-18 24:0:0Z": (MIDNIGHT, MIDNIGHT),
    "2017-08-18T24:0:0Z": (MIDNIGHT, MIDNIGHT),
    "2017-08-18T 24:0:0Z": (MIDNIGHT, MIDNIGHT),
    "2017-08-18T 24:00:00Z": (MIDNIGHT, MIDNIGHT),
    "2017-08-18 24:0:0": (None, MIDNIGHT + 4 * 3600),
    "0017-08-18 08:00:00Z": (YEAR_17, YEAR_17),  # four digits: the year 17
    "17-08-18 08:00:00Z": (None, None),  # two digits: no year either engine agrees on
    "17-08-18 08:00:00": (None, None),
    "17-8-18 8:00Z": (None, None),
    "-2017-08-18 08:00:00Z": (None, None),
    "-2017-08-18 08:00:00": (None, None),
    "+2017-08-18 08:00:00Z": (None, None),
    "02017-08-18 08:00:00Z": (None, None),
    "2017-08-18 08:00:00 BC": (None, None),
    "2017-08-18 08:00:00 AD": (None, None),
    "2017-08-18 08:00 bc": (None, None),
    "2017-08-18 08:00:00Z BC": (None, None),
    "2017-08-18 08:00:00 (BC)": (None, None),
    "2017/08/18 08:00:00Z": (None, None),  # a date parted by / is no ISO 8601 date
    "2017/08/18 08:00:00": (None, None),
    "2017/8/18 8:00 UTC": (None, None),
    "2017-08-18 08:00:00Z": (AT, AT),  # the usual spellings still read
    "2017-08-18 08:00 UTC": (AT, AT),
    "2017-08-18": (None, NEW_YORK - 8 * 3600),
}


@pytest.mark.spark
@pytest.mark.parametrize("assume_tz", [None, "America/New_York"])
def test_years_eras_and_short_fields_are_read_alike_on_duckdb_and_spark(
    assume_tz: str | None,
) -> None:
    expected = {s: pair[assume_tz is not None] for s, pair in SPELLINGS.items()}
    on_duckdb, on_spark = on_both_engines(SPELLINGS, assume_tz)
    assert on_duckdb == expected
    assert on_spark == expected


def test_the_ingest_and_duckdb_in_place_quarantine_them_as_bad_timestamps(
    tmp_path: Path, catalog_file: Path
) -> None:
    # a two-digit year, a negative year and a BC local time were naive (or read) before: now
    # bad_timestamp with or without --assume-tz, as is a date parted by / (it loaded on DuckDB
    # before); 08:0:0Z loads as 08:00 UTC either way
    events = tmp_path / "sessions.csv"
    events.write_text(
        "event_id,account_id,title,season,episode,started_at,seconds_watched,market\n"
        "e1,a1,the-defenders,1,1,17-08-18 08:00:00,600,US\n"
        "e2,a2,the-defenders,1,1,-2017-08-18 08:00:00,600,US\n"
        "e3,a3,the-defenders,1,1,2017-08-18 08:00:00 BC,600,US\n"
        "e4,a4,the-defenders,1,1,2017-08-18 08:0:0Z,600,US\n"
        "e5,a5,the-defenders,1,1,2017/08/18 08:00:00Z,600,US\n"
    )
    for assume_tz in (None, "America/New_York"):
        store = tmp_path / f"s-{assume_tz is None}.duckdb"
        summary = showmeter.ingest(store, catalog=catalog_file, events=events, assume_tz=assume_tz)
        assert summary.reasons == {"bad_timestamp": 4}, assume_tz
        assert summary.loaded == 1
        with duckdb.connect(str(store), read_only=True) as con:
            [(started,)] = con.execute("SELECT epoch(started_at) FROM viewing").fetchall()
        assert started == AT, assume_tz
        # and in place on DuckDB, alike
        result = showmeter.compute(
            "reach", catalog=catalog_file, events=events, assume_tz=assume_tz
        )
        [read] = result.inputs
        assert (read["loaded"], read["reasons"]) == (1, {"bad_timestamp": 4}), assume_tz
