"""Parquet files read in place: rules in one narrow pass, the metric over the files themselves.

The hand-worked world (the small catalog of conftest.py), two typed Parquet files with event ids:

- ``a.parquet``, rows 1-8: e1 a1 the-defenders 1x1 2017-08-18 08:00Z 3134 s US tv: used;
  e2 a1 1x2 09:00Z 3000 s US on a "Smart Fridge": used, its device mapped to ``other``
  (a note); e3 a2 1x1 2017-08-19 600 s KR: used; e4 -5 s: ``seconds_out_of_range``; e5 title
  ``the-defendrs``: ``unknown_title``; e1 again, same values: duplicate; e3 again with 700 s:
  ``conflicting_row``; e6 on 2022-03-10, between the Netflix and the Disney+ windows:
  ``outside_availability``. So read 8, loaded 3, quarantined 4, duplicates 1, one device note.
- ``b.parquet``, rows 1-2: e7 a7 `` the-defenders `` (outer spaces) 1x2 2017-08-20 1500 s
  market ``gb`` (lower case): used, as the-defenders in GB; e2 again with the values of a's
  row 2: duplicate, and its fridge is *not* a note of b (a note counts loaded rows only).
  So read 2, loaded 1, duplicates 1, no note. Its title and market need parsing, so this file
  is read through the rules' parsing while ``a.parquet`` is read plainly.

hours_viewed of the-defenders = (3134 + 3000 + 600 + 1500) / 3600 = 8234 / 3600 h; reach
(≥ 120 s of an episode) 3 (a1, a2, a7).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import showmeter

_HOUR = 3_600_000_000  # microseconds
_AUG_18_08 = 1_503_043_200_000_000  # 2017-08-18T08:00:00Z
_MAR_10_2022 = 1_646_899_200_000_000  # 2022-03-10T08:00:00Z


def _write(path: Path, rows: list[tuple[object, ...]]) -> Path:
    names = ("event_id", "account_id", "title", "episode", "started_at", "seconds", "market")
    columns = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    table = pa.table(
        {
            "event_id": columns["event_id"],
            "account_id": columns["account_id"],
            "title": columns["title"],
            "season": pa.array([1] * len(rows), pa.int32()),
            "episode": pa.array(columns["episode"], pa.int32()),
            "started_at": pa.array(columns["started_at"], pa.timestamp("us", tz="UTC")),
            "seconds_watched": pa.array(columns["seconds"], pa.float64()),
            "market": columns["market"],
            "device": [row[7] for row in rows],
        }
    )
    pq.write_table(table, path)
    return path


def _world(folder: Path) -> list[Path]:
    a = _write(
        folder / "a.parquet",
        [
            ("e1", "a1", "the-defenders", 1, _AUG_18_08, 3134.0, "US", "tv"),
            ("e2", "a1", "the-defenders", 2, _AUG_18_08 + _HOUR, 3000.0, "US", "Smart Fridge"),
            ("e3", "a2", "the-defenders", 1, _AUG_18_08 + 24 * _HOUR, 600.0, "KR", "tv"),
            ("e4", "a3", "the-defenders", 1, _AUG_18_08 + 24 * _HOUR, -5.0, "US", "tv"),
            ("e5", "a3", "the-defendrs", 1, _AUG_18_08 + 24 * _HOUR, 100.0, "US", "tv"),
            ("e1", "a1", "the-defenders", 1, _AUG_18_08, 3134.0, "US", "tv"),
            ("e3", "a2", "the-defenders", 1, _AUG_18_08 + 24 * _HOUR, 700.0, "KR", "tv"),
            ("e6", "a4", "the-defenders", 1, _MAR_10_2022, 200.0, "US", "tv"),
        ],
    )
    b = _write(
        folder / "b.parquet",
        [
            ("e7", "a7", " the-defenders ", 2, _AUG_18_08 + 40 * _HOUR, 1500.0, "gb", "tv"),
            ("e2", "a1", "the-defenders", 2, _AUG_18_08 + _HOUR, 3000.0, "US", "Smart Fridge"),
        ],
    )
    return [a, b]


def _by_file(inputs: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {Path(str(item["file"])).name: item for item in inputs}


def test_hand_worked_figures_and_counts_from_parquet_in_place(
    tmp_path: Path, catalog_file: Path
) -> None:
    events = _world(tmp_path)
    hours = showmeter.compute("hours_viewed", catalog=catalog_file, events=events)
    values = {row["title"]: row["value"] for row in hours.rows}
    assert values["the-defenders"] == pytest.approx(8234 / 3600)
    reach = showmeter.compute("reach", catalog=catalog_file, events=events)
    assert {row["title"]: row["value"] for row in reach.rows}["the-defenders"] == 3
    files = _by_file(hours.inputs)
    a, b = files["a.parquet"], files["b.parquet"]
    assert (a["read"], a["loaded"], a["quarantined"], a["duplicates"]) == (8, 3, 4, 1)
    assert a["reasons"] == {
        "conflicting_row": 1,
        "outside_availability": 1,
        "seconds_out_of_range": 1,
        "unknown_title": 1,
    }
    assert a["notes"]["devices_mapped_to_other"] == {"smart fridge": 1}  # type: ignore[index]
    assert (b["read"], b["loaded"], b["quarantined"], b["duplicates"]) == (2, 1, 0, 1)
    assert "devices_mapped_to_other" not in b["notes"]  # type: ignore[operator]


def test_parquet_in_place_equals_a_store_loaded_with_the_same_files(
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


def test_parquet_rejects_in_place_list_the_rows_a_load_quarantines(
    tmp_path: Path, catalog_file: Path
) -> None:
    events = _world(tmp_path)
    folder = tmp_path / "rejects"
    showmeter.compute("reach", catalog=catalog_file, events=events, rejects=folder)
    rows = pq.read_table(folder).to_pylist()
    found = [(Path(r["file"]).name, r["line"], r["column"], r["reason"]) for r in rows]
    assert found == [
        ("a.parquet", 4, "seconds_watched", "seconds_out_of_range"),
        ("a.parquet", 5, "title", "unknown_title"),
        ("a.parquet", 7, "row_id", "conflicting_row"),
        ("a.parquet", 8, "started_at", "outside_availability"),
    ]


def test_numbers_of_another_type_read_plainly_never_fail_the_query(
    tmp_path: Path, catalog_file: Path
) -> None:
    # season as float64 and episode as int64: read plainly, cast to INTEGER. Rows 2-4 are
    # quarantined by the rules (2.5 and 1e12 are no season, 2**40 is no episode); filtering
    # by season must not cast their raw values into an error before they are left out.
    # Reach of the-defenders season 1 = 1 (a1's 3134 s of 1x1), as from a loaded store.
    table = pa.table(
        {
            "event_id": ["e1", "e2", "e3", "e4"],
            "account_id": ["a1", "a2", "a3", "a4"],
            "title": ["the-defenders"] * 4,
            "season": pa.array([1.0, 2.5, 1e12, 1.0], pa.float64()),
            "episode": pa.array([1, 1, 1, 2**40], pa.int64()),
            "started_at": pa.array([_AUG_18_08] * 4, pa.timestamp("us", tz="UTC")),
            "seconds_watched": pa.array([3134.0] * 4, pa.float64()),
            "market": ["US"] * 4,
            "device": ["tv"] * 4,
        }
    )
    events = [tmp_path / "typed.parquet"]
    pq.write_table(table, events[0])
    store = tmp_path / "s.duckdb"
    showmeter.ingest(store, catalog=catalog_file, events=events)
    for metric in ("reach", "hours_viewed"):
        in_place = showmeter.compute(
            metric, catalog=catalog_file, events=events, title="the-defenders", season=1
        )
        stored = showmeter.compute(metric, store=store, title="the-defenders", season=1)
        assert in_place.rows == stored.rows, metric
    reach = showmeter.compute(
        "reach", catalog=catalog_file, events=events, title="the-defenders", season=1
    )
    assert [row["value"] for row in reach.rows] == [1]
    file = _by_file(reach.inputs)["typed.parquet"]
    assert (file["read"], file["loaded"], file["quarantined"]) == (4, 1, 3)


def test_a_group_whose_first_and_last_start_are_available_is_still_checked_row_by_row(
    tmp_path: Path, catalog_file: Path
) -> None:
    # The rows of the-defenders 1x1 in US on a tv form one group of the triage; its earliest
    # start (2017-08-18, in Netflix's window) and its latest (2022-04-01, in Disney+'s US
    # window from 2022-03-16) are both available, but row 2 (2022-03-10) falls in the gap
    # between the windows (Netflix's ends 2022-03-01): ``outside_availability``, as a load
    # says. Row 4 (KR, 2017-08-19) is a group of its own, and its account " a1 " needs
    # trimming: it is a1, so the metric must parse that file's account ids. Read 4, loaded 3,
    # quarantined 1; reach (>= 120 s within the 30 days from launch) 1 account (a1; a3 views
    # in 2022).
    day = 24 * _HOUR
    table = pa.table(
        {
            "event_id": ["e1", "e2", "e3", "e4"],
            "account_id": ["a1", "a2", "a3", " a1 "],
            "title": ["the-defenders"] * 4,
            "season": pa.array([1] * 4, pa.int32()),
            "episode": pa.array([1] * 4, pa.int32()),
            "started_at": pa.array(
                [_AUG_18_08, _MAR_10_2022, _MAR_10_2022 + 22 * day, _AUG_18_08 + day],
                pa.timestamp("us", tz="UTC"),
            ),
            "seconds_watched": pa.array([3134.0, 200.0, 1000.0, 600.0], pa.float64()),
            "market": ["US", "US", "US", "KR"],
            "device": ["tv"] * 4,
        }
    )
    events = [tmp_path / "gap.parquet"]
    pq.write_table(table, events[0])
    folder = tmp_path / "rejects"
    reach = showmeter.compute("reach", catalog=catalog_file, events=events, rejects=folder)
    assert {row["title"]: row["value"] for row in reach.rows}["the-defenders"] == 1
    file = _by_file(reach.inputs)["gap.parquet"]
    assert (file["read"], file["loaded"], file["quarantined"]) == (4, 3, 1)
    assert file["reasons"] == {"outside_availability": 1}
    rows = pq.read_table(folder).to_pylist()
    assert [(r["line"], r["reason"]) for r in rows] == [(2, "outside_availability")]
    store = tmp_path / "s.duckdb"
    summary = showmeter.ingest(store, catalog=catalog_file, events=events)
    assert reach.inputs == [f.to_dict() for f in summary.files]
    for metric in ("reach", "hours_viewed", "average_minute_audience"):
        in_place = showmeter.compute(metric, catalog=catalog_file, events=events)
        assert in_place.rows == showmeter.compute(metric, store=store).rows, metric


def test_missing_unit_ids_are_found_whether_the_ids_are_read_raw_or_parsed(
    tmp_path: Path, catalog_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # c.parquet: e1 a1 (used), e2 without an account id (``missing_unit_id``); no id needs
    # trimming, so the metric reads account_id raw. d.parquet: e3 with an empty id
    # (``missing_unit_id``: empty is missing) and e4 " a4" (used as a4): this file's ids are
    # parsed. Read 2 + 2, loaded 1 + 1, quarantined 1 + 1, as a store loaded with both says.
    # The statistics do not prove the ids present, so the triage reads them, and finds which
    # file's need parsing: none is read guarded.
    from showmeter.intake import in_place_parquet

    def one(path: Path, ids: list[str | None]) -> Path:
        table = pa.table(
            {
                "event_id": [f"{path.stem}{i}" for i in range(len(ids))],
                "account_id": pa.array(ids, pa.string()),
                "title": ["the-defenders"] * len(ids),
                "season": pa.array([1] * len(ids), pa.int32()),
                "episode": pa.array([1] * len(ids), pa.int32()),
                "started_at": pa.array([_AUG_18_08] * len(ids), pa.timestamp("us", tz="UTC")),
                "seconds_watched": pa.array([600.0] * len(ids), pa.float64()),
                "market": ["US"] * len(ids),
                "device": ["tv"] * len(ids),
            }
        )
        pq.write_table(table, path)
        return path

    events = [one(tmp_path / "c.parquet", ["a1", None]), one(tmp_path / "d.parquet", ["", " a4"])]
    found: list[tuple[dict[int, set[str]], dict[int, set[str]]]] = []
    original = in_place_parquet.triage

    def seen(*args: object) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
        found.append(original(*args))  # type: ignore[arg-type]
        return found[-1]

    monkeypatch.setattr(in_place_parquet, "triage", seen)
    monkeypatch.setenv("SHOWMETER_INPLACE_CACHE", "off")  # the rules run
    reach = showmeter.compute("reach", catalog=catalog_file, events=events)
    [(plain, guarded)] = found
    assert ("account_id" in plain[0], "account_id" in plain[1]) == (True, False)
    assert guarded == {0: set(), 1: set()}
    files = _by_file(reach.inputs)
    for name in ("c.parquet", "d.parquet"):
        assert (files[name]["read"], files[name]["loaded"], files[name]["quarantined"]) == (2, 1, 1)
        assert files[name]["reasons"] == {"missing_unit_id": 1}
    store = tmp_path / "s.duckdb"
    summary = showmeter.ingest(store, catalog=catalog_file, events=events)
    assert reach.inputs == [f.to_dict() for f in summary.files]
    assert reach.rows == showmeter.compute("reach", store=store).rows
