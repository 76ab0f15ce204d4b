"""The store: its memory limit, its lookups, and cursors cut off past a time limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from showmeter.catalog import load_catalog
from showmeter.definitions.params import SeasonKey
from showmeter.errors import UsageError
from showmeter.intake.load import ingest
from showmeter.store import MEMORY_LIMIT_VARIABLE, OutOfTime, Store


def _limit(store: Store) -> str:
    return str(store.connection.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])


def test_the_memory_limit_comes_from_the_argument_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_VARIABLE, "300MB")
    assert _limit(Store()) == "286.1 MiB"  # 300 * 1000^2 bytes, shown in MiB
    assert _limit(Store(memory_limit="1GiB")) == "1.0 GiB"


def test_a_bad_memory_limit_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_VARIABLE, "lots")
    with pytest.raises(UsageError) as error:
        Store()
    assert error.value.exit_code == 2
    assert "--memory-limit" in str(error.value)


EVENTS = (
    "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
    "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,1800,tv,US\n"
    "e2,a2,the-defenders,1,1,2017-08-18T09:00:00Z,1500,tv,KR\n"
    "e3,a2,the-defenders,1,1,yesterday,1500,tv,KR\n"
)


def _loaded(catalog_file: Path, write) -> Store:  # type: ignore[no-untyped-def]
    store = Store()
    ingest(store, load_catalog(catalog_file), [("viewing", write("events.csv", EVENTS))])
    return store


def test_the_store_reads_its_records_as_frozen_values(catalog_file: Path, write) -> None:  # type: ignore[no-untyped-def]
    store = _loaded(catalog_file, write)
    seasons = store.seasons()
    defenders = seasons[SeasonKey("the-defenders", 1)]
    assert defenders.episodes and defenders.launch_at is not None
    assert [m.code for m in store.markets()] == ["KR", "US"]
    assert store.viewers(SeasonKey("the-defenders", 1)) == 2
    [load] = store.loads()
    assert (load.read, load.loaded, load.quarantined) == (3, 2, 1) and load.reconciles
    assert store.load_count() == 1
    [reason] = store.quarantine()
    assert (reason.reason, reason.rows) == ("bad_timestamp", 1)
    rows, total = store.quarantined_rows("bad_timestamp", 0, 10)
    assert total == 1 and rows[0]["line"] == 4
    assert store.quarantined_rows("no_such_reason", 0, 10) == ([], 0)
    assert store.signal_dates() is None and store.panels() == []
    assert not store.simulated()
    store.mark_simulated("a test world")
    assert store.simulated()


def test_a_cursor_past_its_time_limit_is_interrupted_and_the_next_one_runs() -> None:
    store = Store()
    slow = "SELECT count(*) FROM range(100000000000) a"
    with pytest.raises(OutOfTime), store.cursor(0.05) as cursor:
        cursor.connection.execute(slow).fetchall()
    with store.cursor(5.0) as cursor:
        assert cursor.connection.execute("SELECT 1").fetchall() == [(1,)]
