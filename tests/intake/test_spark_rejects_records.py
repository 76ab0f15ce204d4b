"""``--rejects`` gives the same ``record`` and ``value`` on Spark as on DuckDB, byte for byte.

Worked by hand (the small catalog of tests/conftest.py: the-defenders season 1 from
2017-08-18). Every file has the sessions' twelve columns in the kind's order (a file with
fewer columns, or in another order, still differs: see docs/in-place.md).

``sessions.csv``: line 2 a1 ep1 600 s US: used; line 3 season ``x``: ``not_an_integer``, its
empty fields NULL in the record; line 4 ``lots`` seconds: ``not_a_number``.

``instants.parquet`` (UTC timestamps, doubles, NULLs): row 1 a5 ep1 at
2017-08-19 09:00:00.5 UTC, 3300.5 s: used; row 2 at 09:00:03, 90 000.25 s:
``seconds_out_of_range``; row 3 market ``XX``, no position: ``unknown_market``; row 4 at
2022-03-10 08:00 UTC (after the Netflix window): ``outside_availability``, its value the
instant as DuckDB writes it.

``naive.parquet`` (a timestamp without a zone, and no ``--assume-tz``): its one row, at
2017-08-19 09:00:00.123456, is ``naive_timestamp``.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import showmeter

COLUMNS = (
    "title,season,episode,started_at,seconds_watched,account_id,profile_id,person_id,event_id,"
    "position_end_s,device,market"
)
SESSIONS = (
    f"{COLUMNS}\n"
    "the-defenders,1,1,2017-08-18T08:00:00Z,600,a1,,,e1,,,US\n"
    "the-defenders,x,1,2017-08-18T09:00:00Z,100,a2,,,e2,,tv,\n"
    "the-defenders,1,1,2017-08-18T09:00:00Z,lots,a3,,,e3,5,,US\n"
)
SECOND = 1_000_000  # microseconds
AT = 1503133200 * SECOND  # 2017-08-19 09:00:00 UTC
NO_TEXT = pa.array([None] * 4, pa.string())
LATER = 1646899200 * SECOND  # 2022-03-10 08:00:00 UTC


def _files(folder: Path) -> list[Path]:
    (folder / "sessions.csv").write_text(SESSIONS)
    instants = pa.table(
        {
            "title": ["the-defenders"] * 4,
            "season": pa.array([1] * 4, pa.int32()),
            "episode": pa.array([1] * 4, pa.int32()),
            "started_at": pa.array(
                [AT + SECOND // 2, AT + 3 * SECOND, AT, LATER], pa.timestamp("us", tz="UTC")
            ),
            "seconds_watched": [3300.5, 90000.25, 100.0, 200.0],
            "account_id": ["a5", "a6", "a7", "a8"],
            "profile_id": NO_TEXT,
            "person_id": NO_TEXT,
            "event_id": ["p1", "p2", "p3", "p4"],
            "position_end_s": pa.array([10.0, 20.0, None, 30.0], pa.float64()),
            "device": NO_TEXT,
            "market": ["US", "US", "XX", "US"],
        }
    )
    pq.write_table(instants, folder / "instants.parquet")
    naive = instants.slice(0, 1).set_column(
        3, "started_at", pa.array([AT + 123456], pa.timestamp("us"))
    )
    pq.write_table(naive, folder / "naive.parquet")
    return [folder / "sessions.csv", folder / "instants.parquet", folder / "naive.parquet"]


def _rejects(folder: Path) -> dict[tuple[str, int], tuple[str, str | None, str]]:
    rows = pq.read_table(folder).to_pylist()
    return {(Path(r["file"]).name, r["line"]): (r["reason"], r["value"], r["record"]) for r in rows}


def _record(*values: str) -> str:
    return (
        "{" + ",".join(f'"{c}":{v}' for c, v in zip(COLUMNS.split(","), values, strict=True)) + "}"
    )


EXPECTED = {
    ("sessions.csv", 3): (
        "not_an_integer",
        "x",
        _record(
            *['"the-defenders"', '"x"', '"1"', '"2017-08-18T09:00:00Z"', '"100"', '"a2"'],
            "null",
            "null",
            '"e2"',
            "null",
            '"tv"',
            "null",
        ),
    ),
    ("sessions.csv", 4): (
        "not_a_number",
        "lots",
        _record(
            *['"the-defenders"', '"1"', '"1"', '"2017-08-18T09:00:00Z"', '"lots"', '"a3"'],
            "null",
            "null",
            '"e3"',
            '"5"',
            "null",
            '"US"',
        ),
    ),
    ("instants.parquet", 2): (
        "seconds_out_of_range",
        "90000.25",
        _record(
            '"the-defenders"',
            "1",
            "1",
            '"2017-08-19 09:00:03+00"',
            "90000.25",
            '"a6"',
            "null",
            "null",
            '"p2"',
            "20.0",
            "null",
            '"US"',
        ),
    ),
    ("instants.parquet", 3): (
        "unknown_market",
        "XX",
        _record(
            '"the-defenders"',
            "1",
            "1",
            '"2017-08-19 09:00:00+00"',
            "100.0",
            '"a7"',
            "null",
            "null",
            '"p3"',
            "null",
            "null",
            '"XX"',
        ),
    ),
    ("instants.parquet", 4): (
        "outside_availability",
        "2022-03-10 08:00:00+00",
        _record(
            '"the-defenders"',
            "1",
            "1",
            '"2022-03-10 08:00:00+00"',
            "200.0",
            '"a8"',
            "null",
            "null",
            '"p4"',
            "30.0",
            "null",
            '"US"',
        ),
    ),
    ("naive.parquet", 1): (
        "naive_timestamp",
        "2017-08-19 09:00:00.123456",
        _record(
            '"the-defenders"',
            "1",
            "1",
            '"2017-08-19 09:00:00.123456"',
            "3300.5",
            '"a5"',
            "null",
            "null",
            '"p1"',
            "10.0",
            "null",
            '"US"',
        ),
    ),
}


@pytest.mark.spark
def test_the_rejects_of_the_same_files_are_byte_equal_on_spark_and_duckdb(
    tmp_path: Path, catalog_file: Path
) -> None:
    events = _files(tmp_path)
    for engine in ("duckdb", "spark"):
        showmeter.compute(
            "hours_viewed",
            catalog=catalog_file,
            events=events,
            engine=engine,
            rejects=tmp_path / f"rejects-{engine}",
        )
    assert _rejects(tmp_path / "rejects-duckdb") == EXPECTED
    assert _rejects(tmp_path / "rejects-spark") == EXPECTED


def test_the_spark_sql_of_a_record_keeps_nulls_and_writes_timestamps_as_duckdb() -> None:
    """Without Spark: the transpiled text (the test above runs it)."""
    from showmeter.intake.dialects import spark_sql
    from showmeter.intake.staging_sql import typed

    fields = {"a": pa.string(), "t": pa.timestamp("us", "UTC"), "n": pa.timestamp("us")}
    fields |= {"m": pa.timestamp("ms")}  # not microseconds: left as it is
    record = ", ".join(f"{c} := {typed(f'p.{c}', t)}" for c, t in fields.items())
    value = f"CAST({typed('p.t', fields['t'])} AS VARCHAR)"
    duckdb = f"SELECT to_json(struct_pack({record})) AS r, {value} AS v FROM p"
    assert spark_sql(duckdb) == (
        "SELECT TO_JSON(STRUCT(p.a AS a, CONCAT(CAST(CAST(p.t AS TIMESTAMP) AS STRING), '+00') "
        "AS t, CAST(CAST(p.n AS TIMESTAMP_NTZ) AS STRING) AS n, p.m AS m), "
        "MAP('ignoreNullFields', 'false')) AS r, "
        "CONCAT(CAST(CAST(p.t AS TIMESTAMP) AS STRING), '+00') AS v FROM p"
    )


@pytest.mark.spark
def test_files_loaded_into_a_lake_on_duckdb_then_on_spark_are_quarantined_once(
    tmp_path: Path, catalog_file: Path
) -> None:
    """The lake matches a reload's rejected rows by their record: now equal across engines."""
    from showmeter.store.lake_store import LakeStore

    events = _files(tmp_path)[1:]  # the Parquet files (Spark loads a lake from Parquet)
    lake = f"lake:{tmp_path / 'lake'}"
    showmeter.ingest(lake, catalog=catalog_file, events=events)
    showmeter.ingest(lake, catalog=catalog_file, events=events, engine="spark")
    with LakeStore(tmp_path / "lake") as opened:
        held = opened.rows("SELECT file, line, reason, record FROM quarantine ORDER BY ALL")
    assert [(Path(str(f)).name, line, reason, record) for f, line, reason, record in held] == (
        sorted(
            (*key, reason, record)
            for key, (reason, _, record) in EXPECTED.items()
            if key[0].endswith(".parquet")
        )
    )


@pytest.mark.spark
def test_a_parquet_file_in_another_column_order_is_quarantined_once_across_engines(
    tmp_path: Path, catalog_file: Path
) -> None:
    """The record's keys follow the kind's order on both engines, not the file's."""
    from showmeter.store.lake_store import LakeStore

    instants = pq.read_table(_files(tmp_path)[1])
    backwards = tmp_path / "backwards"
    backwards.mkdir()
    pq.write_table(instants.select(instants.column_names[::-1]), backwards / "b.parquet")
    lake = f"lake:{tmp_path / 'lake'}"
    query = "SELECT line, reason, record FROM quarantine ORDER BY ALL"
    showmeter.ingest(lake, catalog=catalog_file, events=[backwards / "b.parquet"])
    with LakeStore(tmp_path / "lake") as opened:
        first = opened.rows(query)
    showmeter.ingest(lake, catalog=catalog_file, events=[backwards / "b.parquet"], engine="spark")
    with LakeStore(tmp_path / "lake") as opened:
        assert opened.rows(query) == first
    assert [(line, reason) for line, reason, _ in first] == [
        (2, "seconds_out_of_range"),
        (3, "unknown_market"),
        (4, "outside_availability"),
    ]
