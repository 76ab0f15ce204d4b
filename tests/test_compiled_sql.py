"""The cache of compiled SQL: a hit runs the same SQL without Ibis; any change of the key misses.

The figures are those of tests/test_python_api.py's world (worked out there): account a1 is
the one binge racer of The Defenders S1, so ``binge_racers`` is 1 on every path below.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import showmeter
from showmeter.engines import compiled as compiled_sql
from showmeter.engines.duckdb_engine import DuckDBEngine
from showmeter.engines.prepared import prepare

HEADER = "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
SESSIONS = (
    HEADER
    + "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,3134,tv,US\n"
    + "e2,a1,the-defenders,1,2,2017-08-18T09:00:00Z,3000,tv,US\n"
    + "e3,a2,the-defenders,1,1,2017-08-18T10:00:00Z,3134,desktop,KR\n"
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(folder))
    monkeypatch.delenv("SHOWMETER_SQL_CACHE", raising=False)
    return folder / "sql"


@pytest.fixture
def store(tmp_path: Path, catalog_file: Path) -> Path:
    events = tmp_path / "sessions.csv"
    events.write_text(SESSIONS)
    path = tmp_path / "launch.duckdb"
    showmeter.ingest(path, catalog=catalog_file, events=events)
    return path


def _racers(store: Path, **params: object) -> list[tuple[object, ...]]:
    result = showmeter.compute("binge_racers", store=store, title="the-defenders", **params)
    return [(row["title"], row["season"], row["value"], row["units"]) for row in result.rows]


def test_a_second_computation_reads_the_sql_kept_by_the_first_and_compiles_nothing(
    cache: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _racers(store)
    assert first == [("the-defenders", 1, 1.0, 1)]
    entries = list(cache.glob("*.json"))
    assert len(entries) == 1
    entry = json.loads(entries[0].read_text())
    assert entry["key"]["metric"] == "binge_racers"
    assert entry["key"]["params"]["window_hours"] == 24
    assert entry["key"]["title"] == "the-defenders"

    def no_compiling(self: object, expr: object) -> str:
        raise AssertionError("compiled again")

    monkeypatch.setattr(DuckDBEngine, "compile", no_compiling)
    assert _racers(store) == first  # from the cache, with the same column types
    with_result = showmeter.compute("binge_racers", store=store, title="the-defenders")
    assert with_result.to_arrow().schema.field("units").type.bit_width == 64


def test_other_parameters_another_title_or_the_cache_turned_off_compile_again(
    cache: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _racers(store)
    _racers(store, window_hours=1)  # a1's second episode ends after 1 h: no racer
    assert _racers(store, window_hours=1) == [("the-defenders", 1, 0.0, 0)]
    showmeter.compute("binge_racers", store=store)
    assert len(list(cache.glob("*.json"))) == 3
    monkeypatch.setenv("SHOWMETER_SQL_CACHE", "off")
    assert compiled_sql.cache_folder() is None
    assert _racers(store) == [("the-defenders", 1, 1.0, 1)]
    assert len(list(cache.glob("*.json"))) == 3


def test_the_key_holds_the_version_the_metric_versions_and_the_sources(cache: Path) -> None:
    prepared = prepare("binge_racers", {"completion": "0.8"}, build=False)
    key = compiled_sql.entry_key(prepared, "duckdb")
    assert key["showmeter"] == showmeter.__version__
    assert key["version"] == prepared.definition.version
    assert ["binge_racers", prepared.definition.version] in [list(v) for v in key["versions"]]
    assert key["params"]["completion"] == 0.8
    assert key["dialect"] == "duckdb"
    assert len(key["sources"]) == 64


def test_a_changed_key_or_a_damaged_entry_is_not_read(cache: Path, store: Path) -> None:
    _racers(store)
    (entry,) = cache.glob("*.json")
    data = json.loads(entry.read_text())
    data["key"]["version"] = -1  # as if written for another version of the metric
    entry.write_text(json.dumps(data))
    assert _racers(store) == [("the-defenders", 1, 1.0, 1)]
    assert json.loads(entry.read_text())["key"]["version"] != -1  # written again
    entry.write_text('{"key": ')  # cut short
    assert _racers(store) == [("the-defenders", 1, 1.0, 1)]
    assert json.loads(entry.read_text())["sql"].lstrip().upper().startswith(("WITH", "SELECT"))


def test_concurrent_writers_leave_one_whole_entry(cache: Path) -> None:
    prepared = prepare("average_minute_audience", {}, build=True)
    engine = DuckDBEngine()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                done = compiled_sql.compiled(prepared, engine)
                assert "SELECT" in done.sql.upper()
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert [p.suffix for p in cache.iterdir()] == [".json"]  # no temporary file left
    assert compiled_sql.compiled(prepared, engine).cached


def test_a_folder_that_cannot_be_written_is_no_error(
    tmp_path: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(blocker))
    assert _racers(store) == [("the-defenders", 1, 1.0, 1)]


def test_a_cached_compute_in_a_new_process_imports_no_ibis(cache: Path, store: Path) -> None:
    _racers(store)
    code = (
        "import sys, showmeter; "
        f"r = showmeter.compute('binge_racers', store={str(store)!r}, title='the-defenders'); "
        "print(r.rows[0]['value'], 'ibis' in sys.modules, 'pandas' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    assert done.stdout.split() == ["1.0", "False", "False"]
