"""An availability window without an end holds the last instants too, on DuckDB and Spark alike.

Spark has no infinite timestamp: an open end of availability was sent to it as 9999-12-31
00:00 UTC, so Spark quarantined a session of that last day (``9999-12-31 23:59:59Z``) as
``outside_availability`` where DuckDB (whose open end is ``infinity``) loaded it. Now an open
span's end is NULL on both engines, as the catalog's windows have it.

The small catalog of tests/conftest.py: the-defenders season 1 is on Disney+ in US and GB from
2022-03-16 with no end, and was on Netflix everywhere until 2022-03-01. So every session below
in US is inside (e4, 23:00 at -14:00, is 13:00 UTC of the year 10000), and the one in KR,
whose only window closed in 2022, is outside.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

import showmeter

SESSIONS = {
    "e1": ("9999-12-31 23:59:59Z", "US"),
    "e2": ("9999-12-31T00:00:00Z", "US"),
    "e3": ("9999-12-30T12:00:00Z", "US"),
    "e4": ("9999-12-31T23:00:00-14:00", "US"),
    "e5": ("9999-12-31 23:59:59.999999Z", "US"),
    "e6": ("9999-12-31 23:59:59Z", "KR"),
    "e7": ("2017-08-18T08:00:00Z", "US"),
}
OUTSIDE = {event: event == "e6" for event in SESSIONS}


def outside(con: Any, spark: bool) -> dict[str, bool]:
    """Each session of table ``b`` and whether the availability rule puts it outside."""
    from showmeter.intake.dialects import spark_sql
    from showmeter.intake.rules import VIEWING
    from showmeter.intake.sql import as_instant

    parsed = (
        "SELECT b.event_id, 'the-defenders' AS title, 1 AS season, 1 AS episode, b.market, "
        f"{as_instant('b.started_at', pa.string(), None)} AS started_at FROM b"
    )
    query = (
        "SELECT p.event_id, COALESCE(s.windowed AND av.title IS NULL, FALSE) AS outside "
        f"FROM ({parsed}) p {VIEWING.joins}"
    )
    rows = con.sql(spark_sql(query)).collect() if spark else con.execute(query).fetchall()
    return dict(rows)


def test_duckdb_loads_and_reads_in_place_the_last_instants(
    tmp_path: Path, catalog_file: Path
) -> None:
    events = tmp_path / "late.csv"
    events.write_text(
        "event_id,account_id,title,season,episode,started_at,seconds_watched,market\n"
        + "".join(
            f"{e},a{e},the-defenders,1,1,{at},100,{market}\n"
            for e, (at, market) in SESSIONS.items()
        )
    )
    summary = showmeter.ingest(tmp_path / "s.duckdb", catalog=catalog_file, events=events)
    assert (summary.loaded, summary.quarantined) == (6, 1)
    assert summary.files[0].reasons == {"outside_availability": 1}
    result = showmeter.compute("reach", catalog=catalog_file, events=events)
    [read] = result.inputs
    assert (read["loaded"], read["reasons"]) == (6, {"outside_availability": 1})


@pytest.mark.spark
def test_spark_puts_the_same_sessions_outside_as_duckdb(catalog_file: Path) -> None:
    from showmeter import engines
    from showmeter.catalog import load_catalog
    from showmeter.engines.spark_in_place import sockets_closed
    from showmeter.engines.spark_in_place_catalog import send_catalog
    from showmeter.intake.catalog_tables import write_catalog
    from showmeter.intake.rules import KINDS
    from showmeter.store import Store

    memory = Store()
    write_catalog(memory.connection, load_catalog(catalog_file))
    for kind in KINDS.values():
        for statement in kind.setup:
            memory.connection.execute(statement).fetchall()
    rows = [(e, at, market) for e, (at, market) in SESSIONS.items()]
    con = memory.connection
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE TABLE b (event_id VARCHAR, started_at VARCHAR, market VARCHAR)")
    con.executemany("INSERT INTO b VALUES (?, ?, ?)", [list(r) for r in rows])
    assert outside(con, spark=False) == OUTSIDE
    spark = engines.spark_session().newSession()
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    with sockets_closed():
        send_catalog(spark, memory)
        frame = spark.createDataFrame(rows, "event_id string, started_at string, market string")
        frame.createOrReplaceTempView("b")
        assert outside(spark, spark=True) == OUTSIDE
