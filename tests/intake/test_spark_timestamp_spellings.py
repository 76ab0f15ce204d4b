"""A text timestamp is read alike by DuckDB (the ingest) and Spark (in place), spelling by spelling.

The rules' SQL of a text ``started_at`` (:func:`showmeter.intake.sql.as_instant`) runs on DuckDB
as written and on Spark as transpiled (:func:`showmeter.intake.dialects.spark_sql`): every
spelling gives the same verdict (an instant, or none) and the same instant on both. The
expected instants are worked out by hand: 2017-08-18 08:00 UTC is 1503043200 s; +05:30 is
19800 s earlier; 08:00 in New York (EDT, -04:00) is 14400 s later.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from timestamp_spellings_support import on_both_engines

import showmeter

AT = 1503043200  # 2017-08-18 08:00:00 UTC
NEW_YORK = AT + 4 * 3600

# spelling: (instant without --assume-tz, instant with --assume-tz America/New_York)
SPELLINGS: dict[str, tuple[float | None, float | None]] = {
    "2017-08-18T08:00:00Z": (AT, AT),
    "2017-08-18T08:00Z": (AT, AT),  # no seconds
    "2017-08-18 08:00Z": (AT, AT),
    "2017-08-18 08:00 UTC": (AT, AT),
    "2017-08-18 08:00:00 UTC": (AT, AT),
    "2017-08-18T08:00+05:30": (AT - 19800, AT - 19800),
    "2017-08-18 08:00+0530": (AT - 19800, AT - 19800),
    "2017-08-18 08:00:00+05:30": (AT - 19800, AT - 19800),
    "2017-08-18 08:00:00-05": (AT + 5 * 3600, AT + 5 * 3600),
    "2017-08-18T08:00:00.5Z": (AT + 0.5, AT + 0.5),
    "2017-08-18T08:00:00.123456+01:00": (AT - 3600 + 0.123456, AT - 3600 + 0.123456),
    "2017-08-18T08:00:00.123456789Z": (AT + 0.123456, AT + 0.123456),  # to microseconds
    "2017-08-18T 08:00Z": (AT, AT),  # DuckDB takes T and spaces
    "2017-08-18  08:00Z": (AT, AT),
    "2017-08-18 08:00": (None, NEW_YORK),  # naive: only with --assume-tz
    "2017-08-18T08:00": (None, NEW_YORK),
    "2017-08-18 08:00:00": (None, NEW_YORK),
    "2017-08-18T08:00:00.5": (None, NEW_YORK + 0.5),
    "2017-08-18": (None, NEW_YORK - 8 * 3600),
    "2017-08-18 08:00:00 +01:00": (None, None),  # DuckDB: no space before an offset
    "2017-08-18 08:00 +01:00": (None, None),
    "2017-08-18T08:00:00 Z": (None, None),
    "2017-08-18 08:00:00UTC": (None, None),
    "2017-08-18 08:00UTC": (None, None),
    "2017-08-18 08": (None, None),  # an hour alone is no time
    "2017-08-18T08Z": (None, None),
    "2017-08-18 08:00+14:30": (None, None),  # no such offset
    "2017-08-18 08:00:60Z": (None, None),
    "2017-02-30 08:00Z": (None, None),
    "20170818T080000Z": (None, None),
    "18/08/2017 08:00": (None, None),
}


@pytest.mark.spark
@pytest.mark.parametrize("assume_tz", [None, "America/New_York"])
def test_every_spelling_is_the_same_instant_or_none_on_duckdb_and_spark(
    assume_tz: str | None,
) -> None:
    expected = {s: pair[assume_tz is not None] for s, pair in SPELLINGS.items()}
    on_duckdb, on_spark = on_both_engines(SPELLINGS, assume_tz)
    assert on_duckdb == expected
    assert on_spark == expected


@pytest.mark.spark
def test_a_csv_timestamp_without_seconds_is_read_in_place_on_spark(
    tmp_path: Path, catalog_file: Path
) -> None:
    """Two sessions of the-defenders 1x1, 600 s and 300 s, one at ``08:00Z``: 900 s on both."""
    events = tmp_path / "sessions.csv"
    events.write_text(
        "title,season,episode,started_at,seconds_watched,account_id\n"
        "the-defenders,1,1,2017-08-18T08:00Z,600,a1\n"
        "the-defenders,1,1,2017-08-18 13:30:00+05:30,300,a2\n"
    )
    for engine in ("duckdb", "spark"):
        result = showmeter.compute(
            "hours_viewed", catalog=catalog_file, engine=engine, events=[events]
        )
        value = {r["title"]: r["value"] for r in result.rows}["the-defenders"]
        assert value == pytest.approx(900 / 3600, rel=1e-12), engine
