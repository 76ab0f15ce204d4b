"""Sessions read in place: the keys' pass marks the rows that break a rule by their key's low bit.

One Parquet file of sessions without event ids (their identity is their start, seconds and
position), every row the-defenders 1x1 in the US on 2017-08-18 08:00Z, ids never NULL:

- rows 1-2: a1, 600 s, position 100: the same session twice, a duplicate (loaded 1);
- row 3: a2, 600 s, position NaN (a position that is not a number breaks a rule the keys'
  pass evaluates); row 4 its twin: rejected twice, and no valid row's repeat;
- row 5: a3, 700 s, no position: used.

So read 5, loaded 2 (a1, a3), duplicates 1, quarantined 2.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

import showmeter
from showmeter.intake import in_place_keys

_AUG_18_08 = 1_503_043_200_000_000  # 2017-08-18T08:00:00Z


def _file(path: Path) -> Path:
    table = pa.table(
        {
            "account_id": ["a1", "a1", "a2", "a2", "a3"],
            "title": ["the-defenders"] * 5,
            "season": pa.array([1] * 5, pa.int32()),
            "episode": pa.array([1] * 5, pa.int32()),
            "started_at": pa.array([_AUG_18_08] * 5, pa.timestamp("us", tz="UTC")),
            "seconds_watched": [600.0, 600.0, 600.0, 600.0, 700.0],
            "position_end_s": [100.0, 100.0, float("nan"), float("nan"), None],
            "market": ["US"] * 5,
            "device": ["tv"] * 5,
        }
    )
    pq.write_table(table, path)
    return path


def test_a_broken_row_is_marked_and_repeats_no_valid_row(
    tmp_path: Path, catalog_file: Path
) -> None:
    events = [_file(tmp_path / "a.parquet")]
    reach = showmeter.compute("reach", catalog=catalog_file, events=events)
    [summary] = reach.inputs
    assert (summary["read"], summary["loaded"], summary["duplicates"]) == (5, 2, 1)
    assert summary["quarantined"] == 2
    store = tmp_path / "s.duckdb"
    loaded = showmeter.ingest(store, catalog=catalog_file, events=events)
    assert reach.inputs == [f.to_dict() for f in loaded.files]
    assert reach.rows == showmeter.compute("reach", store=store).rows


def test_the_keys_low_bit_tells_the_broken_rows(tmp_path: Path) -> None:
    # the keys' pass itself: the valid rows' keys even (the duplicate's twice), the broken
    # rows' odd; the repeats listed are the valid ones only
    import duckdb

    from showmeter.intake import readers
    from showmeter.intake.in_place_stats import file_stats, unproven
    from showmeter.intake.in_place_triage import plan
    from showmeter.intake.rules import KINDS

    path = _file(tmp_path / "a.parquet")
    kind = KINDS["viewing"]
    connection = duckdb.connect()
    source = readers.parquet_source(path, list(kind.known_columns))
    triaged = plan(kind, source.types, None)
    assert triaged is not None
    checks = unproven(connection, triaged, source, path, file_stats(connection, path))
    assert in_place_keys.foldable(kind, checks)  # the position's rule is evaluated by the keys
    repeats, clean = in_place_keys.repeated_keys(
        connection, kind, [source], None, "repeated", [checks]
    )
    assert (repeats, clean) == (1, set())  # a1's session twice; the file has broken rows
    [(key,)] = connection.execute("SELECT _key FROM repeated").fetchall()
    assert key % 2 == 0
