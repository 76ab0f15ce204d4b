"""The hour 24 of a text timestamp is read alike by DuckDB (the ingest) and Spark (in place).

DuckDB's ``TRY_CAST`` reads ``2017-08-18 24:00:00`` as the next day's midnight (minutes and
seconds zero, no microsecond); Spark's cast reads no time, so such a row was quarantined on
Spark alone. Expected instants by hand: 2017-08-19 00:00 UTC is 1503100800 s; +05:30 is
19800 s earlier; midnight in New York (EDT, -04:00) is 14400 s later; 2018-01-01 00:00 UTC is
1514764800 s, 2016-03-01 00:00 UTC 1456790400 s.
"""

from __future__ import annotations

import pytest
from timestamp_spellings_support import on_both_engines

MIDNIGHT = 1503100800  # 2017-08-19 00:00:00 UTC
NEW_YORK = MIDNIGHT + 4 * 3600

# spelling: (instant without --assume-tz, instant with --assume-tz America/New_York)
SPELLINGS: dict[str, tuple[float | None, float | None]] = {
    "2017-08-18T24:00:00Z": (MIDNIGHT, MIDNIGHT),
    "2017-08-18 24:00Z": (MIDNIGHT, MIDNIGHT),
    "2017-08-18 24:00 UTC": (MIDNIGHT, MIDNIGHT),
    "2017-08-18 24:00:00+05:30": (MIDNIGHT - 19800, MIDNIGHT - 19800),
    "2017-08-18T24:00:00.000Z": (MIDNIGHT, MIDNIGHT),
    "2017-08-18T24:00:00.0000009Z": (MIDNIGHT, MIDNIGHT),  # below a microsecond: cut off
    "2017-08-18 24:0:0": (None, NEW_YORK),
    "2017-08-18T 24:00:00Z": (MIDNIGHT, MIDNIGHT),
    "2017-08-18 0024:00:00Z": (MIDNIGHT, MIDNIGHT),
    "2017-12-31 24:00:00Z": (1514764800, 1514764800),
    "2016-02-29 24:00Z": (1456790400, 1456790400),
    "2017-08-18 24:00:00": (None, NEW_YORK),  # naive: only with --assume-tz
    "2017-08-18T24:00": (None, NEW_YORK),
    "2017-08-18 24:00:00.": (None, NEW_YORK),
    "2017-08-18 24:00:00.000001Z": (None, None),  # not midnight
    "2017-08-18 24:00:00.5Z": (None, None),
    "2017-08-18 24:00:01Z": (None, None),
    "2017-08-18 24:30Z": (None, None),
    "2017-08-18 25:00:00Z": (None, None),
    "2017-08-18 24:000:00Z": (None, None),
    "2017-08-18T24Z": (None, None),  # an hour alone is no time
    "2017-02-30 24:00Z": (None, None),  # no such date
    "2017-08-18 24:00:00 +01:00": (None, None),  # DuckDB: no space before an offset
    "2017-08-18 00:00:00Z": (MIDNIGHT - 86400, MIDNIGHT - 86400),
}


@pytest.mark.spark
@pytest.mark.parametrize("assume_tz", [None, "America/New_York"])
def test_the_hour_24_is_the_next_midnight_on_duckdb_and_spark(assume_tz: str | None) -> None:
    expected = {s: pair[assume_tz is not None] for s, pair in SPELLINGS.items()}
    on_duckdb, on_spark = on_both_engines(SPELLINGS, assume_tz)
    assert on_duckdb == expected
    assert on_spark == expected
