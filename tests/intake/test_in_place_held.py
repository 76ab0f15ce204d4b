"""Guarded unit ids read raw again by the same computation (``in_place_guard``).

A computation (its key) whose guards held is remembered in the cache record with the digest
of its statements; the next one of the same key over the same files reads the ids raw, and
is checked to run the same statements. These tests hold every figure and ``inputs`` to a
store loaded with the same files, and show the check at work: the same key running other
statements (over rows the first did not look at) is run again guarded, and trips.

The hand-worked world (the small catalog of conftest.py): the-defenders 1x1 in the US on
2017-08-18, 600 s, event ids e1..e4: ``a1`` and ``a2`` watched episode 1, ``b1 `` (a trailing
space: ``b1`` once parsed) and ``b1`` episode 2. Distinct accounts of episode 1: 2; of
episode 2: 1 once parsed (2 if read raw).
"""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import showmeter
from showmeter.intake import in_place_guard, in_place_view
from showmeter.intake.in_place_guard import Guard

_AUG_18_08 = 1_503_043_200_000_000  # 2017-08-18T08:00:00Z


def _write(path: Path, accounts: list[str | None], episodes: list[int]) -> Path:
    n = len(accounts)
    table = pa.table(
        {
            "event_id": pa.array([f"e{i}" for i in range(n)], pa.string()),
            "account_id": pa.array(accounts, pa.string()),
            "title": ["the-defenders"] * n,
            "season": pa.array([1] * n, pa.int32()),
            "episode": pa.array(episodes, pa.int32()),
            "started_at": pa.array([_AUG_18_08] * n, pa.timestamp("us", tz="UTC")),
            "seconds_watched": pa.array([600.0] * n, pa.float64()),
            "market": ["US"] * n,
            "device": ["tv"] * n,
        }
    )
    pq.write_table(table, path, row_group_size=2)
    return path


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, turned on."""
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SHOWMETER_INPLACE_CACHE", raising=False)
    return tmp_path / "cache"


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the guards did, in order: ``raw`` (read raw), ``guarded`` (back), ``trip``."""
    seen: list[str] = []
    raw, guarded, unguard = Guard.read_raw, Guard.read_guarded, in_place_view.Exposure.unguard

    def read_raw(self: Guard) -> None:
        seen.append("raw")
        raw(self)

    def read_guarded(self: Guard) -> None:
        seen.append("guarded")
        guarded(self)

    def tripped(self: in_place_view.Exposure) -> bool:
        seen.append("trip")
        return unguard(self)

    monkeypatch.setattr(Guard, "read_raw", read_raw)
    monkeypatch.setattr(Guard, "read_guarded", read_guarded)
    monkeypatch.setattr(in_place_view.Exposure, "unguard", tripped)
    return seen


def _store(tmp_path: Path, catalog: Path, files: list[Path]) -> Path:
    store = tmp_path / f"loaded-{len(list(tmp_path.glob('loaded-*')))}.duckdb"
    showmeter.ingest(store, catalog=catalog, events=files)
    return store


def test_the_same_metric_again_reads_the_ids_raw(
    tmp_path: Path, catalog_file: Path, cached: Path, events: list[str]
) -> None:
    files = [_write(tmp_path / "a.parquet", ["a1", "a2", "a3", "b1"], [1, 1, 2, 2])]
    first = showmeter.compute("reach", catalog=catalog_file, events=files)
    assert events == []  # cold: guarded, held, remembered
    again = showmeter.compute("reach", catalog=catalog_file, events=files)
    assert events == ["raw"]  # the same statements: no second run
    other = showmeter.compute("reach", catalog=catalog_file, events=files, window_days=3)
    assert events == ["raw"]  # another key: guarded, then remembered too
    showmeter.compute("reach", catalog=catalog_file, events=files, window_days=3)
    assert events == ["raw", "raw"]
    store = _store(tmp_path, catalog_file, files)
    assert first.rows == again.rows == showmeter.compute("reach", store=store).rows
    assert other.rows == showmeter.compute("reach", store=store, window_days=3).rows
    assert first.inputs == again.inputs


def test_a_changed_file_is_read_guarded_again(
    tmp_path: Path, catalog_file: Path, cached: Path, events: list[str]
) -> None:
    path = _write(tmp_path / "a.parquet", ["a1", "a2", "a3", "b1"], [1, 1, 2, 2])
    showmeter.compute("reach", catalog=catalog_file, events=[path])
    showmeter.compute("reach", catalog=catalog_file, events=[path])
    assert events == ["raw"]
    _write(path, ["a1", "a2", "b1 ", "b1"], [1, 1, 2, 2])  # another file: the rules run again
    changed = showmeter.compute("reach", catalog=catalog_file, events=[path])
    assert events == ["raw", "trip"]
    store = _store(tmp_path, catalog_file, [path])
    assert changed.rows == showmeter.compute("reach", store=store).rows
    assert {row["value"] for row in changed.rows if row["title"] == "the-defenders"} == {3}


def test_other_statements_under_the_same_key_are_run_guarded(
    tmp_path: Path, catalog_file: Path, cached: Path, events: list[str]
) -> None:
    # The key claims the same computation, but the second run reads episode 2, whose
    # account "b1 " the first never looked at: its statements differ, so it is run again
    # guarded, trips, and counts b1 once.
    from showmeter.catalog import load_catalog
    from showmeter.intake.in_place import read_in_place

    path = _write(tmp_path / "a.parquet", ["a1", "a2", "b1 ", "b1"], [1, 1, 2, 2])
    catalog = load_catalog(catalog_file)
    counts = []
    for episode in (1, 2, 2):
        with read_in_place(catalog, [("viewing", str(path))]) as opened:
            query = f"SELECT count(DISTINCT account_id) FROM main.viewing WHERE episode = {episode}"
            connection = opened.store.connection
            counts.append(
                opened.computed(
                    lambda q=query, c=connection: c.execute(q).fetchall(), key=("same",)
                )
            )
    assert counts == [[(2,)], [(1,)], [(1,)]]
    assert events == ["raw", "guarded", "trip"]  # the third: nothing guarded any more


def test_statements_that_differ_each_run_are_not_read_raw_again(
    tmp_path: Path, catalog_file: Path, cached: Path, events: list[str]
) -> None:
    from showmeter.catalog import load_catalog
    from showmeter.intake.in_place import read_in_place

    path = _write(tmp_path / "a.parquet", ["a1", "a2", "a3", "b1"], [1, 1, 2, 2])
    catalog = load_catalog(catalog_file)
    for run in range(in_place_guard.DIGESTS_KEPT + 2):
        with read_in_place(catalog, [("viewing", str(path))]) as opened:
            query = f"SELECT count(DISTINCT account_id) + {run} FROM main.viewing"
            connection = opened.store.connection
            value = opened.computed(
                lambda q=query, c=connection: c.execute(q).fetchall(), key=("k",)
            )
            assert value == [(4 + run,)]
    # each run reads raw and differs (guarded again, its statements remembered too), until
    # more than DIGESTS_KEPT were seen: then never read raw again
    assert events == ["raw", "guarded"] * in_place_guard.DIGESTS_KEPT


def test_no_key_or_no_cache_remembers_nothing(
    tmp_path: Path, catalog_file: Path, events: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from showmeter.catalog import load_catalog
    from showmeter.intake.in_place import read_in_place

    path = _write(tmp_path / "a.parquet", ["a1", "a2", "a3", "b1"], [1, 1, 2, 2])
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path / "cache"))
    catalog = load_catalog(catalog_file)
    query = "SELECT count(DISTINCT account_id) FROM main.viewing"
    for _ in range(2):
        with read_in_place(catalog, [("viewing", str(path))]) as opened:
            connection = opened.store.connection
            assert opened.computed(lambda c=connection: c.execute(query).fetchall()) == [(4,)]
    monkeypatch.setenv("SHOWMETER_INPLACE_CACHE", "off")
    for _ in range(2):
        showmeter.compute("reach", catalog=catalog_file, events=[path])
    assert events == []


def test_the_remembered_computations_are_bounded(tmp_path: Path) -> None:
    from showmeter.intake.in_place_cache import Record

    record = Record([], [], [], [[]], [["account_id"]])

    class Shown:
        def __init__(self) -> None:
            self.guarded = [{"account_id"}]

    guard = Guard(Shown(), record, lambda: None)  # type: ignore[arg-type]
    for number in range(in_place_guard.HELD_KEPT + 5):
        guard.learn(f"k{number}", "d")
    assert len(record.held) == in_place_guard.HELD_KEPT
    assert "k0" not in record.held and f"k{in_place_guard.HELD_KEPT + 4}" in record.held
    for number in range(1, in_place_guard.DIGESTS_KEPT):
        guard.learn("k10", f"d{number}")
        guard.learn("k10", f"d{number}")  # once each
    assert guard.held("k10") == ["d", *(f"d{n}" for n in range(1, in_place_guard.DIGESTS_KEPT))]
    guard.learn("k10", "more")
    assert guard.held("k10") == []  # too many: never read raw again
    guard.learn("k10", "d")
    assert guard.held("k10") == []
    guard.learn("k99", "")  # no statement seen: nothing to compare, never read raw
    assert guard.held("k99") == []


_POOLS = {
    "clean": ["a1", "a2", "a3", "b1"],
    "trailing": ["a1", "a1 ", "a2", "b1  ", "b1"],
    "tabs": ["a1", "a1\t", "a2", "b1\u00a0"],
    "empty": ["a1", "", "a2", None],
}


def _random_files(folder: Path, generator: random.Random, tag: str) -> list[Path]:
    files = []
    for number in range(generator.randint(1, 3)):
        pool = _POOLS[generator.choice(list(_POOLS))]
        size = generator.randint(2, 30)
        accounts = [generator.choice(pool) for _ in range(size)]
        accounts[0] = "a1"  # a row a store loads
        episodes = [generator.randint(1, 2) for _ in range(size)]
        files.append(_write(folder / f"{tag}-{number}.parquet", accounts, episodes))
    return files


@pytest.mark.parametrize("seed", range(12))
def test_random_sequences_equal_a_loaded_store(
    tmp_path: Path, catalog_file: Path, cached: Path, seed: int
) -> None:
    # Random files (trailing spaces, tabs, no-break spaces, empty and missing ids, several
    # row groups), random sequences of computations over them, a file rewritten between
    # some: every figure and `inputs` equal a store loaded with the files of the moment.
    generator = random.Random(seed)
    files = _random_files(tmp_path, generator, "w")
    store = _store(tmp_path, catalog_file, files)
    loaded = showmeter.ingest(tmp_path / "start.duckdb", catalog=catalog_file, events=files)
    asks = [
        ("reach", {}),
        ("reach", {"window_days": 3}),
        ("average_minute_audience", {}),
        ("hours_viewed", {}),
        ("reach", {"unit": "account", "title": "the-defenders"}),
    ]
    for step in range(8):
        if generator.random() < 0.15:  # a file rewritten between two computations
            index = generator.randrange(len(files))
            again = _random_files(tmp_path, generator, f"x{step}")[0]
            files[index].write_bytes(again.read_bytes())
            store = _store(tmp_path, catalog_file, files)
            loaded = showmeter.ingest(
                tmp_path / f"i{step}.duckdb", catalog=catalog_file, events=files
            )
        metric, given = generator.choice(asks)
        params = {k: v for k, v in given.items() if k != "title"}
        title = given.get("title")
        in_place = showmeter.compute(
            metric, catalog=catalog_file, events=files, title=title, **params
        )
        expected = showmeter.compute(metric, store=store, title=title, **params)
        assert in_place.rows == expected.rows, (seed, step, metric, given)
        assert in_place.inputs == [f.to_dict() for f in loaded.files], (seed, step)


def test_a_report_again_reads_the_ids_raw(
    tmp_path: Path, catalog_file: Path, cached: Path, events: list[str]
) -> None:
    files = [_write(tmp_path / "a.parquet", ["a1", "a2", "a3", "b1"], [1, 1, 2, 2])]
    first = showmeter.report("the-defenders:1", catalog=catalog_file, events=files)
    again = showmeter.report("the-defenders:1", catalog=catalog_file, events=files)
    assert events == ["raw"]  # the report's statements were the same both times
    from_store = showmeter.report("the-defenders:1", store=_store(tmp_path, catalog_file, files))
    cards = [list(view.cards) for view in again.views]
    assert any(cards)
    assert cards == [list(view.cards) for view in first.views]
    assert cards == [list(view.cards) for view in from_store.views]
