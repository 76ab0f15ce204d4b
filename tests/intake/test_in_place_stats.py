"""Sessions read in place: per-row rules proven from Parquet statistics, or found in the key pass.

The hand-worked world (the small catalog of conftest.py): Parquet files *without* event ids,
so a row's identity is its content and the duplicate key reads its start, seconds and
position; season 1 of the-defenders, all in US on a tv.

- ``clean.parquet``: a1 1x1 2017-08-18 08:00Z 3134 s (position 3134); a2 1x2 09:00Z 3000 s
  (3000). Its statistics prove every per-row rule but NaN (pyarrow writes no NaN count): no
  NULL, unit ids from "a1", seconds 3000-3134, positions >= 0. Both rows used.
- ``dirty.parquet``: a3 1x1 2017-08-19 08:00Z -5 s: ``seconds_out_of_range``; an empty
  account id (1x2, in a triage group of its own with a5's row, so that only this rule can
  reject it): ``missing_unit_id``; a1's row of clean.parquet again, same values: duplicate;
  " a5" (a leading space) 1x2 10:00Z 1200 s: used, as a5. Its statistics prove neither rule.
  Read 4, loaded 1, quarantined 2, duplicates 1.
- ``nan.parquet``: a6 1x1 11:00Z 600 s, position NaN: ``not_a_number`` (position_end_s),
  which no statistic shows: the key pass finds it; "a2 " (a trailing space) 1x1 12:00Z 900 s
  (900): used, as a2. Read 2, loaded 1, quarantined 1. Its least unit id "a2 " proves no value
  is empty or starts with a space, so the metric reads its unit ids trimmed only on the right
  (``in_place_stats.lean_texts``): "a2 " must still be a2.

hours_viewed of the-defenders = (3134 + 3000 + 1200 + 900) / 3600 = 8234 / 3600 h; reach
(>= 120 s) 3 (a1, a2, a5).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import showmeter

_Stat = tuple[int, str | None, str | None, int | None]
"""A column's statistics in one row group: null count, least, greatest, NaN count."""

_HOUR = 3_600_000_000  # microseconds
_AUG_18_08 = 1_503_043_200_000_000  # 2017-08-18T08:00:00Z


def _write(path: Path, rows: list[tuple[str, int, int, float, float]], **options: object) -> Path:
    table = pa.table(
        {
            "account_id": [row[0] for row in rows],
            "title": ["the-defenders"] * len(rows),
            "season": pa.array([1] * len(rows), pa.int32()),
            "episode": pa.array([row[1] for row in rows], pa.int32()),
            "started_at": pa.array([row[2] for row in rows], pa.timestamp("us", tz="UTC")),
            "seconds_watched": pa.array([row[3] for row in rows], pa.float64()),
            "position_end_s": pa.array([row[4] for row in rows], pa.float64()),
            "market": ["US"] * len(rows),
            "device": ["tv"] * len(rows),
        }
    )
    pq.write_table(table, path, **options)
    return path


def _world(folder: Path, **options: object) -> list[Path]:
    day = 24 * _HOUR
    clean = [
        ("a1", 1, _AUG_18_08, 3134.0, 3134.0),
        ("a2", 2, _AUG_18_08 + _HOUR, 3000.0, 3000.0),
    ]
    dirty = [
        ("a3", 1, _AUG_18_08 + day, -5.0, 10.0),
        ("", 2, _AUG_18_08 + day, 100.0, 100.0),
        clean[0],
        (" a5", 2, _AUG_18_08 + 2 * _HOUR, 1200.0, 1200.0),
    ]
    nan = [
        ("a6", 1, _AUG_18_08 + 3 * _HOUR, 600.0, math.nan),
        ("a2 ", 1, _AUG_18_08 + 4 * _HOUR, 900.0, 900.0),
    ]
    return [
        _write(folder / "clean.parquet", clean, **options),
        _write(folder / "dirty.parquet", dirty, **options),
        _write(folder / "nan.parquet", nan, **options),
    ]


def _unproven(path: Path) -> set[tuple[str, str]]:
    """The per-row rules of the file's triage its statistics leave to be evaluated."""
    import duckdb

    from showmeter.intake import readers
    from showmeter.intake.in_place_stats import unproven
    from showmeter.intake.in_place_triage import plan
    from showmeter.intake.rules import VIEWING

    source = readers.parquet_source(path, list(VIEWING.known_columns))
    triaged = plan(VIEWING, source.types, None)
    assert triaged is not None
    checks = unproven(duckdb.connect(), triaged, source, path)
    return {(check.reason, check.column) for check in checks}


def test_statistics_prove_the_clean_file_and_not_the_broken_rules(tmp_path: Path) -> None:
    clean, dirty, nan = _world(tmp_path)
    not_a_number = {("not_a_number", "seconds_watched"), ("not_a_number", "position_end_s")}
    assert _unproven(clean) == not_a_number  # NaN is in no statistic pyarrow writes
    assert _unproven(nan) == not_a_number
    # -5 s is below the least value allowed; "" is an empty least unit id.
    assert _unproven(dirty) == not_a_number | {
        ("seconds_out_of_range", "seconds_watched"),
        ("missing_unit_id", "account_id"),
    }


def test_statistics_left_out_prove_nothing(tmp_path: Path) -> None:
    clean = _world(tmp_path, write_statistics=False)[0]
    assert ("missing_unit_id", "account_id") in _unproven(clean)
    assert ("seconds_out_of_range", "seconds_watched") in _unproven(clean)
    assert ("negative_position", "position_end_s") in _unproven(clean)


@pytest.mark.parametrize("statistics", [True, False])
def test_files_proven_clean_beside_broken_ones_equal_a_loaded_store(
    tmp_path: Path, catalog_file: Path, statistics: bool
) -> None:
    events = _world(tmp_path, write_statistics=statistics)
    hours = showmeter.compute("hours_viewed", catalog=catalog_file, events=events)
    assert {r["title"]: r["value"] for r in hours.rows}["the-defenders"] == pytest.approx(
        8234 / 3600
    )
    reach = showmeter.compute("reach", catalog=catalog_file, events=events)
    assert {r["title"]: r["value"] for r in reach.rows}["the-defenders"] == 3
    files = {Path(str(item["file"])).name: item for item in hours.inputs}
    counts = {
        n: (f["read"], f["loaded"], f["quarantined"], f["duplicates"]) for n, f in files.items()
    }
    assert counts == {
        "clean.parquet": (2, 2, 0, 0),
        "dirty.parquet": (4, 1, 2, 1),
        "nan.parquet": (2, 1, 1, 0),
    }
    assert files["dirty.parquet"]["reasons"] == {"missing_unit_id": 1, "seconds_out_of_range": 1}
    assert files["nan.parquet"]["reasons"] == {"not_a_number": 1}
    store = tmp_path / "s.duckdb"
    summary = showmeter.ingest(store, catalog=catalog_file, events=events)
    assert hours.inputs == [file.to_dict() for file in summary.files]
    for metric in ("hours_viewed", "reach", "average_minute_audience"):
        stored = showmeter.compute(metric, store=store)
        in_place = showmeter.compute(metric, catalog=catalog_file, events=events)
        assert in_place.rows == stored.rows, metric
    folder = tmp_path / "rejects"
    showmeter.compute("reach", catalog=catalog_file, events=events, rejects=folder)
    rows = pq.read_table(folder).to_pylist()
    assert [(Path(r["file"]).name, r["line"], r["column"], r["reason"]) for r in rows] == [
        ("dirty.parquet", 1, "seconds_watched", "seconds_out_of_range"),
        ("dirty.parquet", 2, "account_id", "missing_unit_id"),
        ("nan.parquet", 1, "position_end_s", "not_a_number"),
    ]


def _proven_by(stats: Mapping[str, _Stat], seconds: pa.DataType | None = None) -> set[str]:
    """The reasons proven for a one-row-group file of 10 rows with these statistics.

    Each column: (null count, least, greatest, NaN count); account_id is text, started_at a
    zoned timestamp, seconds_watched (unless ``seconds`` says otherwise) and position_end_s
    float64.
    """
    from showmeter.intake.in_place_stats import ColumnStats, proven
    from showmeter.intake.in_place_triage import plan
    from showmeter.intake.readers import ParquetSource
    from showmeter.intake.rules import VIEWING

    types = {
        "account_id": pa.string(),
        "title": pa.string(),
        "season": pa.int32(),
        "episode": pa.int32(),
        "started_at": pa.timestamp("us", tz="UTC"),
        "seconds_watched": pa.float64() if seconds is None else seconds,
        "position_end_s": pa.float64(),
    }
    triaged = plan(VIEWING, types, None)
    assert triaged is not None
    found = {
        name: ColumnStats((10,), (nulls,), (least,), (greatest,), (nans,))
        for name, (nulls, least, greatest, nans) in stats.items()
    }
    held = proven(triaged.row_checks, triaged.parsed, ParquetSource("", types, 10), found)
    return {f"{c.reason}:{c.column}" for i, c in enumerate(triaged.row_checks) if i in held}


_CLEAN: dict[str, _Stat] = {
    "account_id": (0, "a1", "z9", None),
    "started_at": (0, "2017-08-18 08:00:00+00", "2017-08-19 08:00:00+00", None),
    "seconds_watched": (0, "0.0", "86400.0", 0),
    "position_end_s": (0, "0.0", "5000.0", 0),
}

_EVERYTHING = frozenset(
    {
        "missing_unit_id:account_id",
        "missing_value:started_at",
        "bad_timestamp:started_at",
        "missing_value:seconds_watched",
        "not_a_number:seconds_watched",
        "seconds_out_of_range:seconds_watched",
        "not_a_number:position_end_s",
        "negative_position:position_end_s",
    }
)
"""Every rule the statistics of :data:`_CLEAN` prove (rule:column)."""


def test_what_each_statistic_proves() -> None:
    assert _proven_by(_CLEAN) == _EVERYTHING  # 0 and 86,400 s are inside the range
    # A unit id starting with a space, an empty one, one starting with a non-ASCII letter
    # (a writer comparing signed bytes would rank it lowest): nothing proves one is present.
    for least in (" a1", "", "é1", None):
        stats = _CLEAN | {"account_id": (0, least, "z9", None)}
        assert _proven_by(stats) == _EVERYTHING - {"missing_unit_id:account_id"}, least
    # Parquet orders unsigned bytes: a no-break space (which DuckDB's trim removes) sorts after
    # every ASCII letter, so an ASCII least value is not enough; the greatest must be ASCII too.
    for greatest in ("\u00a0 ", "é1", None):
        stats = _CLEAN | {"account_id": (0, "a1", greatest, None)}
        assert _proven_by(stats) == _EVERYTHING - {"missing_unit_id:account_id"}, greatest
    # A NULL start: missing, and then no parse either.
    stats = _CLEAN | {"started_at": (1, "2017-08-18 08:00:00+00", "2017-08-19 08:00:00+00", None)}
    assert _proven_by(stats) == _EVERYTHING - {
        "missing_value:started_at",
        "bad_timestamp:started_at",
    }
    # No NaN count (pyarrow writes none), or an infinite bound: a number may not parse.
    stats = _CLEAN | {"seconds_watched": (0, "0.0", "86400.0", None)}
    assert _proven_by(stats) == _EVERYTHING - {"not_a_number:seconds_watched"}
    stats = _CLEAN | {"position_end_s": (0, "0.0", "inf", 0)}
    assert _proven_by(stats) == _EVERYTHING - {"not_a_number:position_end_s"}
    # Out of range by one second above, or a negative position.
    stats = _CLEAN | {"seconds_watched": (0, "0.0", "86401.0", 0)}
    assert _proven_by(stats) == _EVERYTHING - {"seconds_out_of_range:seconds_watched"}
    stats = _CLEAN | {"position_end_s": (0, "-1.0", "5000.0", 0)}
    assert _proven_by(stats) == _EVERYTHING - {"negative_position:position_end_s"}
    # A column without statistics proves nothing.
    stats = _CLEAN | {"seconds_watched": (0, None, None, None)}
    assert _proven_by(stats) == _EVERYTHING - {
        "not_a_number:seconds_watched",
        "seconds_out_of_range:seconds_watched",
    }


def test_values_starting_with_a_unicode_space_equal_a_loaded_store(
    tmp_path: Path, catalog_file: Path
) -> None:
    """Text starting with a no-break space: its statistics prove nothing.

    Only ASCII spaces are trimmed (as on Spark), so unit ids a1, "\u00a0a1 " (trimmed to
    "\u00a0a1", another unit) and "\u00a0 " (trimmed to "\u00a0", a unit too); the first row's
    title "\u00a0the-defenders " is trimmed to "\u00a0the-defenders": ``unknown_title``. Each
    row's least value is ASCII, its greatest a no-break space. A loaded store: read 3, loaded
    2, quarantined 1; hours viewed of the-defenders (3000 + 1200) / 3600; reach 2.
    """
    rows = [
        ("a1", 1, _AUG_18_08, 3134.0, 3134.0),
        ("\u00a0a1 ", 2, _AUG_18_08 + _HOUR, 3000.0, 3000.0),
        ("\u00a0 ", 2, _AUG_18_08 + 2 * _HOUR, 1200.0, 1200.0),
    ]
    path = _write(tmp_path / "nbsp.parquet", rows)
    table = pq.read_table(path)
    titles = pa.array(["\u00a0the-defenders ", "the-defenders", "the-defenders"])
    pq.write_table(table.set_column(1, "title", titles), path)
    store = tmp_path / "s.duckdb"
    summary = showmeter.ingest(store, catalog=catalog_file, events=[path])
    (loaded,) = summary.files
    assert (loaded.read, loaded.loaded, loaded.quarantined) == (3, 2, 1)
    for metric in ("hours_viewed", "reach"):
        in_place = showmeter.compute(metric, catalog=catalog_file, events=[path])
        assert in_place.rows == showmeter.compute(metric, store=store).rows, metric
        assert in_place.inputs == [file.to_dict() for file in summary.files], metric
    hours = showmeter.compute("hours_viewed", catalog=catalog_file, events=[path])
    assert {r["title"]: r["value"] for r in hours.rows}["the-defenders"] == pytest.approx(
        4200 / 3600
    )
    reach = showmeter.compute("reach", catalog=catalog_file, events=[path])
    assert {r["title"]: r["value"] for r in reach.rows}["the-defenders"] == 2


def test_float32_statistics_are_read_as_the_cast_to_double_sees_them(tmp_path: Path) -> None:
    """A FLOAT (32 bits) column's bounds are its values once cast to DOUBLE, as the rules do.

    The FLOAT nearest 0.1 is 0.100000001490116… as a DOUBLE. DuckDB prints its statistic
    "0.1", which read as a double would prove that ``p.x > 0.1`` never holds, yet it holds for
    that very row (DuckDB says so). Stored as DOUBLE, 0.1 is exactly 0.1: the rule never holds.
    """
    import duckdb

    from showmeter.intake import readers
    from showmeter.intake.in_place_stats import file_stats, proven
    from showmeter.intake.sql import as_number
    from showmeter.intake.staging_sql import Check
    from showmeter.quoting import quote

    rule = Check("seconds_out_of_range", "seconds_watched", "p.seconds_watched > 0.1")
    connection = duckdb.connect()
    held = {}
    for name, arrow in (("single", pa.float32()), ("double", pa.float64())):
        path = tmp_path / f"{name}.parquet"
        pq.write_table(pa.table({"seconds_watched": pa.array([0.1, 0.05], arrow)}), path)
        source = readers.parquet_source(path, ["seconds_watched"])
        parsed = {"seconds_watched": as_number(f"b.{quote('seconds_watched')}", arrow)}
        stats = file_stats(connection, path)
        assert stats["seconds_watched"].greatest == ("0.1",)  # as DuckDB prints both
        held[name] = proven([rule], parsed, source, stats) == {0}
        [(breaks,)] = connection.execute(
            f"SELECT bool_or(CAST(seconds_watched AS DOUBLE) > 0.1) FROM '{path}'"
        ).fetchall()
        assert breaks is not held[name]  # proven exactly when no row breaks it
    assert held == {"single": False, "double": True}


def test_what_float32_and_decimal_statistics_prove() -> None:
    # 0 and 86,400 are FLOATs exactly: the range is proven as for a DOUBLE.
    assert _proven_by(_CLEAN, pa.float32()) == _EVERYTHING
    # "86400.01" is the FLOAT 86400.0078125, out of range (and as a DOUBLE, so is 86400.01).
    for seconds in (pa.float32(), pa.float64()):
        stats = _CLEAN | {"seconds_watched": (0, "0.0", "86400.01", 0)}
        assert _proven_by(stats, seconds) == _EVERYTHING - {"seconds_out_of_range:seconds_watched"}
    # FLOAT's greatest finite value and beyond: not proven finite, so not proven to parse.
    stats = _CLEAN | {"seconds_watched": (0, "0.0", "3.4028235e+38", 0)}
    assert "not_a_number:seconds_watched" not in _proven_by(stats, pa.float32())
    # A DECIMAL's bounds prove nothing (its cast to DOUBLE is not the text read as one).
    assert _proven_by(_CLEAN, pa.decimal128(7, 1)) == _EVERYTHING - {
        "not_a_number:seconds_watched",
        "seconds_out_of_range:seconds_watched",
    }
