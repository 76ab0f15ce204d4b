"""The lake tests' hand-written sessions (see conftest.py's table) and their writer.

A module of its own, not conftest.py: every test folder has a conftest, so ``from conftest
import ...`` finds whichever folder's conftest was imported first when the whole suite runs.
"""

from __future__ import annotations

from pathlib import Path

ROWS = [
    ("e1", "a", "the-defenders", 1, 1, "2017-08-18 08:00:00+00", 3000.0),
    ("e2", "b", "the-defenders", 1, 2, "2017-08-19 08:00:00+00", 2500.0),
    ("e3", "a", "daredevil", 2, 1, "2016-03-19 08:00:00+00", 3300.0),
    ("e1", "a", "the-defenders", 1, 1, "2017-08-18 08:00:00+00", 3000.0),
    ("e2", "b", "the-defenders", 1, 2, "2017-08-19 08:00:00+00", 100.0),
    ("e4", "a", "the-defenders", 1, 9, "2017-08-19 09:00:00+00", 3000.0),
    ("e5", "b", "the-defenders", 1, 1, "2017-08-19 10:00:00+00", -5.0),
    (None, "c", "the-defenders", 1, 1, "2017-08-20 08:00:00+00", 1000.0),
    (None, "c", "the-defenders", 1, 1, "2017-08-20 08:00:00+00", 1000.0),
]


def write_sessions(path: Path, rows: list[tuple[object, ...]] = ROWS) -> Path:
    """Write sessions as a Parquet file in the canonical form (device tv, market US)."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(
        "CREATE TABLE s (event_id VARCHAR, account_id VARCHAR, title VARCHAR, season INTEGER, "
        "episode INTEGER, started_at TIMESTAMPTZ, seconds_watched DOUBLE)"
    )
    con.executemany("INSERT INTO s VALUES (?, ?, ?, ?, ?, ?::TIMESTAMPTZ, ?)", rows)
    con.execute(
        f"COPY (SELECT *, 'tv' AS device, 'US' AS market FROM s) TO '{path}' (FORMAT parquet)"
    )
    con.close()
    return path
