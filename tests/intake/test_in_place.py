"""Computing straight from files, in place: the ingest's rules, the same figures as a store.

The hand-worked world (the small catalog of conftest.py):

- ``sessions.csv`` (with event ids), header on line 1:
  line 2 e1 a1 defenders ep1 3134 s US: used; line 3 e2 a1 ep2 3000 s US: used;
  line 4 e3 a2 ep1 600 s KR: used; line 5 e4 -5 s: ``seconds_out_of_range``;
  line 6 e5 title ``the-defendrs``: ``unknown_title``; line 7 e1 again, same values:
  duplicate; line 8 e3 again with 700 s: ``conflicting_row``; line 9 e6 on 2022-03-10, between
  the Netflix and the Disney+ windows: ``outside_availability``.
- ``viewing/title=daredevil/season=2/part-0.parquet`` (Hive partitions give title and season;
  no event ids): row 1 a5 3300 s: used; row 2 90 000 s: ``seconds_out_of_range``; row 3 = row 1:
  duplicate by content.
- ``more.jsonl``: line 1 a7 ep2 1500 s GB: used; line 2 not JSON: ``malformed_json``.

So hours_viewed of the-defenders = (3134 + 3000 + 600 + 1500) / 3600 = 8234 / 3600 h, of
daredevil 3300 / 3600 h; reach (≥ 120 s of an episode) 3 (a1, a2, a7) and 1 (a5).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import showmeter
from showmeter.errors import UsageError

SESSIONS = """\
event_id,account_id,title,season,episode,started_at,seconds_watched,market
e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,3134,US
e2,a1,the-defenders,1,2,2017-08-18T09:00:00Z,3000,US
e3,a2,the-defenders,1,1,2017-08-19T08:00:00Z,600,KR
e4,a3,the-defenders,1,1,2017-08-19T08:00:00Z,-5,US
e5,a3,the-defendrs,1,1,2017-08-19T08:00:00Z,100,US
e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,3134,US
e3,a2,the-defenders,1,1,2017-08-19T08:00:00Z,700,KR
e6,a4,the-defenders,1,1,2022-03-10T08:00:00Z,200,US
"""

JSONL = (
    '{"account_id": "a7", "title": "the-defenders", "season": "1", "episode": 2, '
    '"started_at": "2017-08-20T00:00:00Z", "seconds_watched": 1500, "market": "GB"}\n'
    "not json\n"
)


def _world(folder: Path) -> list[Path]:
    csv = folder / "sessions.csv"
    csv.write_text(SESSIONS)
    partition = folder / "viewing" / "title=daredevil" / "season=2"
    partition.mkdir(parents=True)
    instant = pa.timestamp("us", tz="UTC")
    table = pa.table(
        {
            "account_id": ["a5", "a6", "a5"],
            "episode": pa.array([1, 1, 1], pa.int32()),
            "started_at": pa.array(
                [1458288000_000000, 1458291600_000000, 1458288000_000000], instant
            ),
            "seconds_watched": [3300.0, 90000.0, 3300.0],
            "market": ["US", "US", "US"],
        }
    )
    pq.write_table(table, partition / "part-0.parquet")
    jsonl = folder / "more.jsonl"
    jsonl.write_text(JSONL)
    return [csv, folder / "viewing", jsonl]


def _same_rows(left: list[dict[str, object]], right: list[dict[str, object]], label: str) -> None:
    """Equal rows; doubles to 1e-12 relative (a parallel sum adds in another order)."""
    assert len(left) == len(right), label
    for one, other in zip(left, right, strict=True):
        assert one.keys() == other.keys(), label
        for key, value in one.items():
            if isinstance(value, float):
                assert value == pytest.approx(other[key], rel=1e-12), (label, key)
            else:
                assert value == other[key], (label, key)


def _by_file(inputs: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {Path(str(item["file"])).name: item for item in inputs}


def test_hand_worked_figures_and_inputs_from_files_in_place(
    tmp_path: Path, catalog_file: Path
) -> None:
    events = _world(tmp_path)
    hours = showmeter.compute("hours_viewed", catalog=catalog_file, events=events)
    values = {row["title"]: row["value"] for row in hours.rows}
    assert values["the-defenders"] == pytest.approx(8234 / 3600)
    assert values["daredevil"] == pytest.approx(3300 / 3600)
    reach = showmeter.compute("reach", catalog=catalog_file, events=events)
    assert {row["title"]: row["value"] for row in reach.rows} == {
        "the-defenders": 3,
        "daredevil": 1,
    }
    files = _by_file(hours.inputs)
    assert files["sessions.csv"] | {"notes": {}} == {
        "file": str(events[0]),
        "kind": "viewing",
        "source": "canonical",
        "read": 8,
        "loaded": 3,
        "quarantined": 4,
        "duplicates": 1,
        "reasons": {
            "conflicting_row": 1,
            "outside_availability": 1,
            "seconds_out_of_range": 1,
            "unknown_title": 1,
        },
        "notes": {},
    }
    parquet = files["part-0.parquet"]
    assert (parquet["read"], parquet["loaded"], parquet["duplicates"]) == (3, 1, 1)
    assert parquet["reasons"] == {"seconds_out_of_range": 1}
    jsonl = files["more.jsonl"]
    assert (jsonl["read"], jsonl["loaded"], jsonl["reasons"]) == (2, 1, {"malformed_json": 1})


def test_in_place_equals_a_store_loaded_with_the_same_files(
    tmp_path: Path, catalog_file: Path
) -> None:
    events = _world(tmp_path)
    store = tmp_path / "s.duckdb"
    summary = showmeter.ingest(store, catalog=catalog_file, events=events)
    for metric in ("hours_viewed", "reach", "episode_funnel", "average_minute_audience"):
        in_place = showmeter.compute(metric, catalog=catalog_file, events=events)
        stored = showmeter.compute(metric, store=store)
        assert in_place.rows == stored.rows, metric
    assert in_place.inputs == [file.to_dict() for file in summary.files]


def test_rejects_writes_the_quarantined_rows_as_parquet(tmp_path: Path, catalog_file: Path) -> None:
    events = _world(tmp_path)
    folder = tmp_path / "rejects"
    showmeter.compute("reach", catalog=catalog_file, events=events, rejects=folder)
    rows = pq.read_table(folder).to_pylist()
    found = {(Path(r["file"]).name, r["line"], r["column"], r["reason"]) for r in rows}
    assert found == {
        ("sessions.csv", 5, "seconds_watched", "seconds_out_of_range"),
        ("sessions.csv", 6, "title", "unknown_title"),
        ("sessions.csv", 8, "row_id", "conflicting_row"),
        ("sessions.csv", 9, "started_at", "outside_availability"),
        ("part-0.parquet", 2, "seconds_watched", "seconds_out_of_range"),
        ("more.jsonl", 2, None, "malformed_json"),
    }
    assert all(r["kind"] == "viewing" for r in rows)
    with pytest.raises(UsageError, match="not empty"):
        showmeter.compute("reach", catalog=catalog_file, events=events, rejects=folder)


def test_report_from_files_in_place_equals_the_report_from_a_store(
    tmp_path: Path, catalog_file: Path
) -> None:
    """Every section, and the data quality (quarantine by reason, the files' counts)."""
    from showmeter.reporting.jsonout import report_json

    events = _world(tmp_path)
    store = tmp_path / "s.duckdb"
    showmeter.ingest(store, catalog=catalog_file, events=events)
    built = {
        "files": showmeter.report(
            "the-defenders:1", catalog=catalog_file, events=events, reference="daredevil:2"
        ),
        "store": showmeter.report("the-defenders:1", store=store, reference="daredevil:2"),
    }
    texts = {}
    for name, report in built.items():
        data = report_json(report)
        del data["report"]["seconds"], data["report"]["generated_at"], data["store"]["store"]
        for load in data["quality"]["loads"]:
            load.pop("loaded_at", None)
            load.pop("load_id", None)
        texts[name] = data
    assert texts["files"] == texts["store"]
    reasons = {row["reason"]: row["rows"] for row in texts["files"]["quality"]["quarantine"]}
    assert reasons["seconds_out_of_range"] == 2  # e4 of the CSV, row 2 of the Parquet


def test_rejects_needs_files_not_a_store(tmp_path: Path, catalog_file: Path) -> None:
    with pytest.raises(UsageError, match="straight from files"):
        showmeter.compute("reach", store=tmp_path / "s.duckdb", rejects=tmp_path / "r")


def test_generated_world_with_bad_rows_in_place_equals_the_store(tmp_path: Path) -> None:
    """A simulated world plus a file of broken and repeated rows: every figure agrees."""
    world = tmp_path / "world"
    subprocess.run(
        [
            *(sys.executable, "-m", "showmeter", "simulate", "--world", "synthetic"),
            *("--sessions", "20000", "--titles", "4", "--output", str(world), "--quiet"),
        ],
        check=True,
    )
    sessions = pq.read_table(next((world / "sessions").glob("*.parquet")))
    sample = sessions.slice(0, 300).to_pylist()
    broken = []
    for index, row in enumerate(sample):
        row = dict(row)
        if index % 5 == 1:
            row["seconds_watched"] = -1.0
        elif index % 5 == 2:
            row["title"] = "no-such-title"
        elif index % 5 == 3:
            row["episode"] = 99
        broken.append(row)  # index % 5 in (0, 4): a repeat of a row of the world
    bad = world / "bad"
    bad.mkdir()
    pq.write_table(pa.Table.from_pylist(broken, schema=sessions.schema), bad / "bad.parquet")
    catalog = world / "catalog.yaml"
    events = [world / "sessions", bad]
    store = tmp_path / "s.duckdb"
    summary = showmeter.ingest(store, catalog=catalog, events=events)
    assert summary.files[-1].duplicates == 120
    for metric in ("binge_racers", "weekly_reach", "average_minute_audience", "hours_viewed"):
        in_place = showmeter.compute(metric, catalog=catalog, events=events)
        _same_rows(in_place.rows, showmeter.compute(metric, store=store).rows, metric)
    assert in_place.inputs == [file.to_dict() for file in summary.files]
    assert in_place.inputs[-1]["reasons"] == {
        "seconds_out_of_range": 60,
        "unknown_episode": 60,
        "unknown_title": 60,
    }


@pytest.mark.spark
def test_spark_reads_parquet_in_place_and_equals_duckdb(tmp_path: Path, catalog_file: Path) -> None:
    """The Hive-partitioned Parquet of the hand-worked world, and a second Parquet file of the
    other title with a duplicate and a conflict, on Spark: DuckDB's figures and counts."""
    events = _world(tmp_path)
    more = tmp_path / "defenders.parquet"
    instant = pa.timestamp("us", tz="UTC")
    pq.write_table(
        pa.table(
            {
                "event_id": ["e1", "e2", "e1", "e2", "e9"],
                "account_id": ["a1", "a1", "a1", "a1", "a8"],
                "title": ["the-defenders"] * 4 + ["nope"],
                "season": pa.array([1, 1, 1, 1, 1], pa.int32()),
                "episode": pa.array([1, 2, 1, 2, 1], pa.int32()),
                # 2017-08-18T08:00Z and 09:00Z
                "started_at": pa.array([1503043200_000000, 1503046800_000000] * 2 + [0], instant),
                "seconds_watched": [3134.0, 3000.0, 3134.0, 2000.0, 10.0],
            }
        ),
        more,
    )
    inputs = [events[1], more]
    folder = tmp_path / "rejects"
    on_spark = {}
    # the rules and the rejects on Spark; the metrics' own SQL on Spark is the parity suite's
    for metric in ("hours_viewed", "reach"):
        on_spark[metric] = showmeter.compute(
            metric,
            catalog=catalog_file,
            events=inputs,
            engine="spark",
            rejects=folder if metric == "reach" else None,
        )
        on_duckdb = showmeter.compute(metric, catalog=catalog_file, events=inputs)
        _same_rows(on_spark[metric].rows, on_duckdb.rows, metric)
        assert on_spark[metric].inputs == on_duckdb.inputs, metric
    # By hand: daredevil 3300 s (a5); the-defenders e1 3134 + e2 3000 s (the second e2, 2000 s,
    # conflicts), the repeated e1 a duplicate, e9's title unknown.
    hours = {row["title"]: row["value"] for row in on_spark["hours_viewed"].rows}
    assert hours == pytest.approx({"daredevil": 3300 / 3600, "the-defenders": 6134 / 3600})
    files = _by_file(on_spark["reach"].inputs)
    assert files["defenders.parquet"]["reasons"] == {"conflicting_row": 1, "unknown_title": 1}
    assert files["defenders.parquet"]["duplicates"] == 1
    rows = pq.read_table(folder).to_pylist()
    found = {(Path(r["file"]).name, r["line"], r["column"], r["reason"]) for r in rows}
    assert found == {
        ("part-0.parquet", 2, "seconds_watched", "seconds_out_of_range"),
        ("defenders.parquet", 4, "row_id", "conflicting_row"),
        ("defenders.parquet", 5, "title", "unknown_title"),
    }


def test_spark_in_place_refuses_an_adapters_export_with_the_remedy(
    tmp_path: Path, catalog_file: Path
) -> None:
    """CSV and JSON Lines are read on Spark in place (test_spark_files_in_place.py); an
    adapter's export is not, and the refusal comes before Spark starts."""
    events = _world(tmp_path)
    with pytest.raises(UsageError, match="canonical form"):
        showmeter.compute(
            "reach", catalog=catalog_file, events=[events[0]], engine="spark", source="netflix"
        )
