"""Unit ids read in place *guarded*: raw, unless a value needs parsing after all.

The triage does not read a unit id column whose rules the file's statistics prove (no NULL in
any row group), so it does not know whether a value needs parsing (``"a1 "`` is ``a1``). The
metric then reads the column raw through a guard that fails the query when a value would
change; the computation is run again with the columns found to need it parsed. These tests
hold the figures and ``inputs`` to a store loaded with the same files, whether the guard
trips or not, cold and from the cache.

The hand-worked world (the small catalog of conftest.py): one file, every row the-defenders
1x1 or 1x2 in the US on 2017-08-18, 600 s, ids never NULL:

- ``a1`` 1x1, ``a1 `` 1x2 (the same unit, once trimmed), ``a2`` 1x1: reach 2 (a1, a2), where
  the raw ids would give 3. hours_viewed 1800 / 3600 h either way.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import showmeter
from showmeter.intake import in_place_texts

_AUG_18_08 = 1_503_043_200_000_000  # 2017-08-18T08:00:00Z
_MAR_10_2022 = 1_646_899_200_000_000  # 2022-03-10T08:00:00Z (between two windows)


def _write(
    path: Path,
    rows: list[tuple[object, ...]],
    extra: dict[str, list[object]],
    floats: dict[str, list[object]] | None = None,
) -> Path:
    """Sessions: (event_id, account_id, title, episode, started_at, seconds, market)."""
    names = ("event_id", "account_id", "title", "episode", "started_at", "seconds", "market")
    columns = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    table = pa.table(
        {
            "event_id": pa.array(columns["event_id"], pa.string()),
            "account_id": pa.array(columns["account_id"], pa.string()),
            "title": columns["title"],
            "season": pa.array([1] * len(rows), pa.int32()),
            "episode": pa.array(columns["episode"], pa.int32()),
            "started_at": pa.array(columns["started_at"], pa.timestamp("us", tz="UTC")),
            "seconds_watched": pa.array(columns["seconds"], pa.float64()),
            "market": columns["market"],
            "device": ["tv"] * len(rows),
            **{name: pa.array(values, pa.string()) for name, values in extra.items()},
            **{name: pa.array(values, pa.float64()) for name, values in (floats or {}).items()},
        }
    )
    pq.write_table(table, path)
    return path


def _spaced(path: Path, ids: tuple[str, str, str]) -> Path:
    rows = [
        ("e1", ids[0], "the-defenders", 1, _AUG_18_08, 600.0, "US"),
        ("e2", ids[1], "the-defenders", 2, _AUG_18_08, 600.0, "US"),
        ("e3", ids[2], "the-defenders", 1, _AUG_18_08, 600.0, "US"),
    ]
    return _write(path, rows, {})


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, turned on."""
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SHOWMETER_INPLACE_CACHE", raising=False)
    return tmp_path / "cache"


def _loaded(tmp_path: Path, catalog: Path, events: list[Path]) -> Path:
    store = tmp_path / "loaded.duckdb"
    if not store.exists():
        showmeter.ingest(store, catalog=catalog, events=events)
    return store


def _defenders(result: showmeter.Result) -> object:
    return {row["title"]: row["value"] for row in result.rows}["the-defenders"]


@pytest.mark.parametrize(
    ("ids", "tripped"),
    [(("a1", "a1 ", "a2"), [True]), (("a1", "a1  ", "a2"), [True]), ((" a1", "a1", "a2"), [])],
)
def test_a_spaced_id_trips_the_guard_and_is_parsed(
    tmp_path: Path,
    catalog_file: Path,
    trips: list[bool],
    ids: tuple[str, str, str],
    tripped: list[bool],
) -> None:
    # a trailing space, two; a leading space (the statistics then do not prove the ids
    # present: the triage reads them and finds they need parsing, nothing is guarded)
    events = [_spaced(tmp_path / "a.parquet", ids)]
    reach = showmeter.compute("reach", catalog=catalog_file, events=events)
    assert trips == tripped
    assert _defenders(reach) == 2
    store = _loaded(tmp_path, catalog_file, events)
    assert reach.rows == showmeter.compute("reach", store=store).rows
    summary = showmeter.ingest(tmp_path / "b.duckdb", catalog=catalog_file, events=events)
    assert reach.inputs == [f.to_dict() for f in summary.files]


def test_clean_ids_are_read_raw_without_a_second_run(
    tmp_path: Path, catalog_file: Path, trips: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    scans: list[set[str]] = []
    original = in_place_texts.unchanged

    def seen(*args: object) -> set[str]:
        scans.append(original(*args))  # type: ignore[arg-type]
        return scans[-1]

    monkeypatch.setattr(in_place_texts, "unchanged", seen)
    events = [_spaced(tmp_path / "a.parquet", ("a1", "a3", "a2"))]
    reach = showmeter.compute("reach", catalog=catalog_file, events=events)
    assert (trips, scans) == ([], [])
    assert _defenders(reach) == 3


def test_the_cache_keeps_what_a_trip_found(
    tmp_path: Path, catalog_file: Path, trips: list[bool], cached: Path
) -> None:
    # reach by profile reads no account id: the rules run, nothing trips, the account ids
    # stay guarded in the record. reach by account then (from the cache) trips once and
    # keeps what it found: a second one reads the ids parsed from the start.
    rows = [
        ("e1", "a1", "the-defenders", 1, _AUG_18_08, 600.0, "US"),
        ("e2", "a1 ", "the-defenders", 2, _AUG_18_08, 600.0, "US"),
        ("e3", "a2", "the-defenders", 1, _AUG_18_08, 600.0, "US"),
    ]
    events = [_write(tmp_path / "a.parquet", rows, {"profile_id": ["p1", "p2", "p3"]})]
    profiles = showmeter.compute("reach", catalog=catalog_file, events=events, unit="profile")
    assert (trips, _defenders(profiles)) == ([], 3)
    first = showmeter.compute("reach", catalog=catalog_file, events=events)
    assert trips == [True]
    again = showmeter.compute("reach", catalog=catalog_file, events=events)
    assert trips == [True]
    assert _defenders(again) == 2
    store = _loaded(tmp_path, catalog_file, events)
    assert first.rows == again.rows == showmeter.compute("reach", store=store).rows
    by_profile = showmeter.compute("reach", store=store, unit="profile")
    assert profiles.rows == by_profile.rows
    assert first.inputs == again.inputs == profiles.inputs


def test_another_error_is_not_retried(
    tmp_path: Path, catalog_file: Path, trips: list[bool]
) -> None:
    # profile ids " p1", "" and "p2" (the statistics prove nothing of their spaces: the guard
    # tests both ends and the empty text): 2 once parsed, "" being none
    from showmeter.catalog import load_catalog
    from showmeter.intake.in_place import read_in_place

    rows = [
        ("e1", "a1", "the-defenders", 1, _AUG_18_08, 600.0, "US"),
        ("e2", "a2", "the-defenders", 2, _AUG_18_08, 600.0, "US"),
        ("e3", "a3", "the-defenders", 1, _AUG_18_08, 600.0, "US"),
    ]
    path = _write(tmp_path / "a.parquet", rows, {"profile_id": [" p1", "", "p2"]})
    with read_in_place(load_catalog(catalog_file), [("viewing", str(path))]) as opened:
        runs: list[int] = []

        def failing() -> None:
            runs.append(1)
            raise ValueError("something else")

        with pytest.raises(ValueError, match="something else"):
            opened.computed(failing)
        assert (runs, trips) == ([1], [])
        counted = "SELECT count(DISTINCT profile_id), count(profile_id) FROM main.viewing"
        value = opened.computed(lambda: opened.store.connection.execute(counted).fetchall())
        assert (value, trips) == ([(2, 2)], [True])
        with pytest.raises(ValueError, match="something else"):  # nothing guarded any more
            opened.computed(failing)


def test_an_error_holding_the_guards_words_is_not_taken_for_a_trip(
    tmp_path: Path, catalog_file: Path, trips: list[bool]
) -> None:
    # Found by review: a title asked for that holds the guard's words gave a UsageError that
    # was taken for a trip (every guarded column scanned, the computation run again).
    from showmeter.errors import UsageError
    from showmeter.intake.in_place_texts import TRIPPED

    path = _spaced(tmp_path / "a.parquet", ("a1", "a1 ", "a2"))
    with pytest.raises(UsageError, match="no title"):
        showmeter.compute("reach", catalog=catalog_file, events=[path], title=TRIPPED)
    assert trips == []


def test_the_guards_error_names_the_column_not_the_value(
    tmp_path: Path, catalog_file: Path
) -> None:
    import duckdb

    from showmeter.catalog import load_catalog
    from showmeter.intake.in_place import read_in_place

    path = _spaced(tmp_path / "a.parquet", ("a1", "secret ", "a2"))
    with read_in_place(load_catalog(catalog_file), [("viewing", str(path))]) as opened:
        query = "SELECT count(DISTINCT account_id) FROM main.viewing"
        with pytest.raises(duckdb.Error) as raised:
            opened.store.connection.execute(query).fetchall()
    assert "column account_id" in str(raised.value)
    assert "secret" not in str(raised.value)


_POOLS = {
    "clean": ["a1", "a2", "a3", "b1"],
    "spaced": ["a1", "a1 ", "a2", "a3", "b1  "],
    "missing": ["a1", "a2 ", None, "", " "],
    "leading": [" a1", "a1", "a2\u00a0", "a2"],
}


def _random_world(folder: Path, seed: int) -> list[Path]:
    generator = random.Random(seed)
    files = []
    shared = [f"e{i}" for i in range(6)]  # ids that may repeat across files
    for number in range(generator.randint(1, 3)):
        pool = _POOLS[generator.choice(list(_POOLS))]
        rows: list[tuple[object, ...]] = [  # one row loaded at least: a store takes the files
            (f"g{number}", "a1", "the-defenders", 1, _AUG_18_08, 600.0, "US")
        ]
        for row in range(generator.randint(3, 25)):
            event = generator.choice([*shared, None, f"f{number}-{row}"])
            title = generator.choice(["the-defenders"] * 8 + ["the-defendrs", " the-defenders"])
            start = generator.choice([_AUG_18_08, _AUG_18_08 + 3_600_000_000, _MAR_10_2022])
            seconds = generator.choice([600.0, 3134.0, 60.0, -5.0, 1200.5, float("nan")])
            market = generator.choice(["US", "US", "GB", " gb", "KR"])
            rows.append(
                (
                    event,
                    generator.choice(pool),
                    title,
                    generator.randint(1, 2),
                    start,
                    seconds,
                    market,
                )
            )
        if generator.random() < 0.3:  # the same row again (a duplicate) or altered (conflict)
            seconds = generator.choice([rows[1][5], 999.0])
            rows.append((*rows[1][:5], seconds, *rows[1][6:]))
        extra: dict[str, list[object]] = {}
        if generator.random() < 0.5:  # a position: NaN or infinite breaks a rule the keys test
            choices = [None, 100.0, 3000.0, float("nan"), float("inf")]
            positions = [generator.choice(choices) for _ in rows]
            extra_floats = {"position_end_s": positions}
        else:
            extra_floats = {}
        if generator.random() < 0.4:
            extra["profile_id"] = [generator.choice(["p1", "p1 ", None, " p2", ""]) for _ in rows]
        files.append(_write(folder / f"part-{number}.parquet", rows, extra, extra_floats))
    return files


@pytest.mark.parametrize("seed", range(16))
def test_random_worlds_equal_a_loaded_store(
    tmp_path: Path, catalog_file: Path, cached: Path, seed: int, trips: list[bool]
) -> None:
    events = _random_world(tmp_path, seed)
    store = _loaded(tmp_path, catalog_file, events)
    for metric, unit in (
        ("reach", "profile"),  # cold
        ("average_minute_audience", "account"),  # from the cache, then again
        ("reach", "account"),
    ):
        in_place = showmeter.compute(metric, catalog=catalog_file, events=events, unit=unit)
        expected = showmeter.compute(metric, store=store, unit=unit).rows
        assert in_place.rows == expected, (seed, metric, unit)
    files = showmeter.ingest(tmp_path / "again.duckdb", catalog=catalog_file, events=events)
    assert in_place.inputs == [f.to_dict() for f in files.files]


def test_a_report_from_files_runs_again_when_a_guard_trips(
    tmp_path: Path, catalog_file: Path, trips: list[bool]
) -> None:
    events = [_spaced(tmp_path / "a.parquet", ("a1", "a1 ", "a2"))]
    built = showmeter.report("the-defenders:1", catalog=catalog_file, events=events)
    assert trips == [True]
    store = _loaded(tmp_path, catalog_file, events)
    from_store = showmeter.report("the-defenders:1", store=store)
    cards = [list(view.cards) for view in built.views]
    assert any(cards)
    assert cards == [list(view.cards) for view in from_store.views]
