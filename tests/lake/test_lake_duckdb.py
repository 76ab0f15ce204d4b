"""A lake loaded and read on DuckDB: equal to a store, idempotent, atomic per load."""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

import showmeter
from showmeter.engines.lake import ingest_into_lake
from showmeter.intake.lake_load import write_table
from showmeter.schema import TABLES
from showmeter.store.lake import Lake, LakeConflict, Pending
from showmeter.store.lake_store import LakeStore

SUMMARY_KEYS = ("kind", "read", "loaded", "quarantined", "duplicates", "reasons")


def _counts(summary: showmeter.results.LoadSummary) -> list[dict[str, object]]:
    return [{k: row[k] for k in SUMMARY_KEYS} for row in summary.to_list()]


def _reach(store: str) -> dict[tuple[object, object], object]:
    rows = showmeter.compute("reach", store=store).rows
    return {(r["title"], r["season"]): r["value"] for r in rows}


def test_a_load_counts_and_reads_as_a_store_loaded_with_the_same_file(
    tmp_path: Path, catalog_file: Path, sessions: Path
) -> None:
    lake = f"lake:{tmp_path / 'lake'}"
    store = str(tmp_path / "store.duckdb")
    into_lake = showmeter.ingest(lake, catalog=catalog_file, events=sessions)
    into_store = showmeter.ingest(store, catalog=catalog_file, events=sessions)
    # worked by hand (conftest): 9 read, 4 loaded, 3 quarantined, 2 duplicates
    [first] = _counts(into_lake)
    assert (first["read"], first["loaded"], first["quarantined"], first["duplicates"]) == (
        9,
        4,
        3,
        2,
    )
    assert _counts(into_lake) == _counts(into_store)
    assert into_lake.store == lake
    assert _reach(lake) == _reach(store) == {("daredevil", 2): 1, ("the-defenders", 1): 3}
    with LakeStore(tmp_path / "lake") as opened, showmeter.store.Store(store) as stored:
        assert opened.counts() == stored.counts()
        quarantine = "SELECT kind, file, line, reason, value FROM quarantine ORDER BY ALL"
        assert opened.rows(quarantine) == stored.rows(quarantine)
        assert opened.describe()["store"] == lake


def test_loading_the_same_file_again_changes_nothing(
    tmp_path: Path, catalog_file: Path, sessions: Path
) -> None:
    lake = f"lake:{tmp_path / 'lake'}"
    store = str(tmp_path / "store.duckdb")
    for target in (lake, store):
        showmeter.ingest(target, catalog=catalog_file, events=sessions)
    with LakeStore(tmp_path / "lake") as opened:
        before = opened.counts()
    again = showmeter.ingest(lake, catalog=catalog_file, events=sessions)
    # worked by hand: nothing loaded, the same 3 quarantined, 6 duplicates
    [row] = _counts(again)
    assert (row["loaded"], row["quarantined"], row["duplicates"]) == (0, 3, 6)
    assert _counts(again) == _counts(showmeter.ingest(store, catalog=catalog_file, events=sessions))
    with LakeStore(tmp_path / "lake") as opened:
        after = opened.counts()
    assert after == {**before, "loads": before["loads"] + 1}  # only the load's own record
    assert _reach(lake) == _reach(store)


def test_the_cli_loads_and_computes_a_lake(
    tmp_path: Path, catalog_file: Path, sessions: Path
) -> None:
    from typer.testing import CliRunner

    from showmeter.cli import app

    runner = CliRunner()
    lake = f"lake:{tmp_path / 'lake'}"
    loaded = runner.invoke(
        app,
        [
            "ingest",
            "--store",
            lake,
            "--catalog",
            str(catalog_file),
            "--events",
            str(sessions),
            "--format",
            "json",
        ],
    )
    assert loaded.exit_code == 0, loaded.output
    computed = runner.invoke(
        app, ["compute", "reach", "--store", lake, "--title", "daredevil", "--format", "csv"]
    )
    assert computed.exit_code == 0, computed.output
    assert "daredevil,2,1.0" in computed.output.replace('"', "")
    shown = runner.invoke(app, ["quarantine", "--store", lake, "--format", "csv"])
    assert shown.exit_code == 0, shown.output
    assert shown.output.count("sessions.parquet") == 3  # the 3 quarantined rows


def test_a_fault_before_the_commit_leaves_nothing_visible_and_the_next_load_works(
    tmp_path: Path, catalog_file: Path, sessions: Path
) -> None:
    root = tmp_path / "lake"
    showmeter.ingest(f"lake:{root}", catalog=catalog_file, events=sessions)
    more = write_sessions_more(tmp_path)
    with LakeStore(root) as opened:
        before = opened.counts()

    def fail(pending: Pending) -> None:
        assert any(pending.folder.rglob("*.parquet"))  # every file written
        raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):
        ingest_into_lake(f"lake:{root}", catalog_file, [("viewing", str(more))], before_commit=fail)
    with LakeStore(root) as opened:
        assert opened.counts() == before
    assert Lake(root).uncommitted() == []  # the failed load's folder was deleted
    [row] = _counts(showmeter.ingest(f"lake:{root}", catalog=catalog_file, events=more))
    assert row["loaded"] == 1
    with LakeStore(root) as opened:
        assert opened.counts()["viewing"] == before["viewing"] + 1


def write_sessions_more(tmp_path: Path) -> Path:
    """One new session: account d watches daredevil 2:1."""
    from lake_support import write_sessions

    row = ("e9", "d", "daredevil", 2, 1, "2016-03-20 08:00:00+00", 3300.0)
    return write_sessions(tmp_path / "more.parquet", [row])


_KILLED_LOAD = """
import sys, time
from pathlib import Path
from showmeter.engines.lake import ingest_into_lake

def wait(pending):
    Path(sys.argv[4]).write_text(str(pending.folder))
    time.sleep(600)

ingest_into_lake("lake:" + sys.argv[1], sys.argv[2], [("viewing", sys.argv[3])], before_commit=wait)
"""


def test_a_load_killed_before_its_commit_leaves_nothing_visible(
    tmp_path: Path, catalog_file: Path, sessions: Path
) -> None:
    root = tmp_path / "lake"
    showmeter.ingest(f"lake:{root}", catalog=catalog_file, events=sessions)
    with LakeStore(root) as opened:
        before = opened.counts()
    more = write_sessions_more(tmp_path)
    flag = tmp_path / "written"
    process = subprocess.Popen(
        [sys.executable, "-c", _KILLED_LOAD, str(root), str(catalog_file), str(more), str(flag)],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        deadline = time.monotonic() + 120
        while not flag.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert flag.exists(), "the load did not reach its commit"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    orphan = Path(flag.read_text())
    assert Lake(root).uncommitted() == [orphan]  # its files are there, named by no entry
    assert any(orphan.rglob("*.parquet"))
    with LakeStore(root) as opened:
        assert opened.counts() == before
    [row] = _counts(showmeter.ingest(f"lake:{root}", catalog=catalog_file, events=more))
    assert row["loaded"] == 1  # the next load works, and the killed one's row is new to it
    from showmeter.store.lake_vacuum import vacuum

    assert [d.path for d in vacuum(Lake(root), older_than=0)] == [orphan]  # its lock died too
    assert Lake(root).uncommitted() == []


def test_a_reader_sees_the_lake_before_or_after_a_load_never_between(
    tmp_path: Path, catalog_file: Path, sessions: Path
) -> None:
    root = tmp_path / "lake"
    showmeter.ingest(f"lake:{root}", catalog=catalog_file, events=sessions)
    more = write_sessions_more(tmp_path)
    seen: list[tuple[int, int]] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            with LakeStore(root) as opened:
                counts = opened.counts()
            seen.append((counts["viewing"], counts["loads"]))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        ingest_into_lake(
            f"lake:{root}",
            catalog_file,
            [("viewing", str(more))],
            before_commit=lambda pending: time.sleep(0.5),  # a reader runs meanwhile
        )
        deadline = time.monotonic() + 60  # a loaded machine may open the lake slowly
        while (5, 2) not in seen and reader.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        reader.join()
    assert set(seen) <= {(4, 1), (5, 2)}  # worked by hand: before, after
    assert (4, 1) in seen and (5, 2) in seen


def test_a_load_that_loses_the_race_runs_again_against_the_winner(
    tmp_path: Path, catalog_file: Path, sessions: Path
) -> None:
    root = tmp_path / "lake"
    calls: list[int] = []

    def race(pending: object) -> None:
        calls.append(1)
        if len(calls) == 1:  # another load of the same file commits first
            showmeter.ingest(f"lake:{root}", catalog=catalog_file, events=sessions)

    [row] = ingest_into_lake(
        f"lake:{root}", catalog_file, [("viewing", str(sessions))], before_commit=race
    )
    assert len(calls) == 2  # ran again after the conflict
    assert (row.loaded, row.duplicates) == (0, 6)  # against the winner's rows: a reload
    with LakeStore(root) as opened:
        assert opened.counts()["viewing"] == 4
    assert Lake(root).uncommitted() == []


def test_a_commit_fails_when_another_committed_first(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake", create=True)
    first, second = lake.begin(), lake.begin()
    lake.commit(first)
    with pytest.raises(LakeConflict):
        lake.commit(second)
    assert [c.load_id for c in lake.commits()] == [first.load_id]


def _write_world(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """A hand-worked world's tables as one lake load."""
    lake = Lake(root, create=True)
    pending = lake.begin()
    for name in TABLES:
        write_table(con, f'SELECT * FROM "{name}"', pending, name)
    lake.commit(pending)


WORLDS = [
    ("test_completion", "_race_world"),
    ("test_completion", "_funnel_world"),
    ("test_completion", "_timing_world"),
    ("test_attention", "_hours_world"),
    ("test_attention", "_audience_world"),
    ("test_audience", "_index_world"),
    ("test_ranking", "_hours_world"),
    ("test_engines_batch", "_world"),
    ("test_engines_by_season", "_world"),
]
"""The hand-worked worlds of the metric tests, as test_preaggregates_agree reads them."""


@pytest.mark.parametrize(("module", "builder"), WORLDS)
def test_every_metric_of_a_hand_worked_world_is_the_same_from_its_lake(
    module: str, builder: str, tmp_path: Path
) -> None:
    from test_preaggregates_agree import _requests, _same

    from showmeter.engines import compute

    world = getattr(importlib.import_module(module), builder)()
    _write_world(world.con, tmp_path / "lake")
    first = world.con.execute("SELECT title, season FROM seasons ORDER BY 1, 2 LIMIT 1").fetchall()
    checked: set[str] = set()
    with LakeStore(tmp_path / "lake") as lake:
        for metric, params, one in _requests(world.con):
            if metric in checked:  # each metric once, as its first request asks (CI time)
                continue
            checked.add(metric)
            where = {"title": first[0][0], "season": first[0][1]} if one else {}
            expected = compute(metric, params, source=world.con, **where)  # type: ignore[arg-type]
            got = compute(metric, params, source=lake.connection, **where)  # type: ignore[arg-type]
            assert got.columns == expected.columns, (metric, params)
            assert len(got.rows) == len(expected.rows), (metric, params, one)
            for a, b in zip(got.rows, expected.rows, strict=True):
                assert all(_same(a[k], b[k]) for k in a), (metric, params, one, a, b)
    assert len(checked) > 25  # every metric of the registry
