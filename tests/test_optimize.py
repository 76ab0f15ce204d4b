"""optimize: the store rewritten with its sessions sorted by season holds the same rows and
gives the same figures; a failed or impossible rewrite leaves the store as it was."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import namedtuple
from pathlib import Path

import duckdb
import pytest

from showmeter.errors import InputError, ResourceError, UsageError
from showmeter.store import optimize as optimize_module
from showmeter.store.optimize import optimize_store, season_batches

TABLES = ["viewing", "loads", "episodes", "launches", "panels", "signals", "titles"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "showmeter", *args], capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of a small synthetic world: 3 titles, 20,000 sessions, a panel."""
    folder = tmp_path_factory.mktemp("optimize")
    world = folder / "world"
    done = _run("simulate", "--world", "synthetic", "--titles", "3", "--sessions", "20000",
                "--output", str(world), "-q")  # fmt: skip
    assert done.returncode == 0, done.stderr
    store = folder / "store.duckdb"
    done = _run("ingest", "--store", str(store), "--catalog", str(world / "catalog.yaml"),
                "--events", str(world / "sessions"), "--panel", str(world / "panels.parquet"),
                "-q", "--format", "json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return store


@pytest.fixture
def store(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built store."""
    copy = tmp_path / "store.duckdb"
    shutil.copy(built, copy)
    return copy


def _rows(path: Path, table: str, order: str = "ALL") -> list[tuple[object, ...]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()


def _stored_order(path: Path) -> list[tuple[object, ...]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT title, season, started_at FROM viewing").fetchall()


def test_every_table_holds_the_same_rows_and_the_sessions_are_sorted(
    built: Path, store: Path
) -> None:
    assert _stored_order(store) != sorted(_stored_order(store))  # loaded in time order
    done = optimize_store(store)
    for table in TABLES:
        assert _rows(store, table) == _rows(built, table), table
    assert _stored_order(store) == sorted(_stored_order(store))
    assert done.tables["viewing"] == 20_000
    assert done.seasons == 3
    assert done.batches == 1
    assert not Path(f"{store}.optimizing").exists()


def test_the_schema_keeps_its_constraints(built: Path, store: Path) -> None:
    optimize_store(store)
    query = "SELECT table_name, sql FROM duckdb_tables() ORDER BY 1"
    with duckdb.connect(str(built), read_only=True) as before:
        expected = before.execute(query).fetchall()
    with duckdb.connect(str(store), read_only=True) as after:
        assert after.execute(query).fetchall() == expected


def test_a_small_batch_budget_sorts_a_season_at_a_time_with_the_same_result(
    built: Path, store: Path
) -> None:
    progress: list[tuple[int, int]] = []
    done = optimize_store(store, rows_per_batch=1, progress=lambda d, t: progress.append((d, t)))
    assert done.batches == 3
    assert [total for _, total in progress] == [20_000] * 4
    assert progress[0][0] == 0  # before the first sort, so that a bar shows from the start
    assert progress[-1][0] == 20_000
    assert [d for d, _ in progress] == sorted(d for d, _ in progress)
    assert _rows(store, "viewing") == _rows(built, "viewing")
    assert _stored_order(store) == sorted(_stored_order(store))


def test_figures_are_the_same_after(built: Path, store: Path) -> None:
    optimize_store(store)
    with duckdb.connect(str(built), read_only=True) as con:
        title, season = con.execute("SELECT title, season FROM seasons LIMIT 1").fetchall()[0]
    for metric in ("binge_racers", "weekly_reach", "completers"):
        outputs = []
        for path in (built, store):
            done = _run("compute", metric, "--store", str(path), "--title", str(title),
                        "--season", str(season), "--format", "json")  # fmt: skip
            assert done.returncode == 0, done.stderr
            outputs.append(json.loads(done.stdout)["rows"])
        assert outputs[0] == outputs[1], metric
        assert outputs[0], metric


def test_optimizing_twice_changes_nothing(built: Path, store: Path) -> None:
    optimize_store(store)
    order, rows = _stored_order(store), _rows(store, "viewing")
    optimize_store(store)
    assert _stored_order(store) == order
    assert _rows(store, "viewing") == rows == _rows(built, "viewing")


def test_an_interrupted_rewrite_leaves_the_store_as_it_was(built: Path, store: Path) -> None:
    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        optimize_store(store, rows_per_batch=1, progress=stop)
    assert not Path(f"{store}.optimizing").exists()
    assert _stored_order(store) == _stored_order(built)
    assert _rows(store, "viewing") == _rows(built, "viewing")


def test_a_stale_copy_from_an_earlier_run_is_replaced(store: Path) -> None:
    Path(f"{store}.optimizing").write_text("left by a killed run")
    optimize_store(store)
    assert _stored_order(store) == sorted(_stored_order(store))


def test_no_room_for_the_copy_is_refused_before_any_work(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage(10**9, 10**9, 1000))
    with pytest.raises(ResourceError) as raised:
        optimize_store(store)
    message = raised.value.render()
    assert str(store) in message
    assert "1.0 kB are free" in message
    assert "move the store to a disk with room" in message
    assert not Path(f"{store}.optimizing").exists()


def test_a_missing_store_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no store file to optimize"):
        optimize_store(tmp_path / "absent.duckdb")


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("CREATE VIEW mine AS SELECT 1", "view mine"),
        ("CREATE SCHEMA other; CREATE TABLE other.kept (a INTEGER)", "schema other"),
        ("CREATE MACRO twice(x) AS 2 * x", "macro twice"),
        ("COMMENT ON TABLE titles IS 'mine'", "comment on titles"),
    ],
)
def test_a_store_with_objects_the_copy_would_lose_is_refused(
    store: Path, statement: str, named: str
) -> None:
    with duckdb.connect(str(store)) as con:
        con.execute(statement)
    with pytest.raises(UsageError, match=named):
        optimize_store(store)
    assert _stored_order(store) != sorted(_stored_order(store))


def test_a_file_that_is_not_a_store_is_refused_untouched(tmp_path: Path) -> None:
    foreign = tmp_path / "other.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE foo AS SELECT 1 AS a")
    with pytest.raises(InputError, match="not a showmeter store"):
        optimize_store(foreign)
    with duckdb.connect(str(foreign), read_only=True) as con:
        assert con.execute("SELECT table_name FROM duckdb_tables()").fetchall() == [("foo",)]


@pytest.mark.parametrize("name", ["optimized.duckdb", 'odd "quoted" name.v2.duckdb'])
def test_any_file_name_works(built: Path, tmp_path: Path, name: str) -> None:
    store = tmp_path / name
    shutil.copy(built, store)
    optimize_store(store)
    assert _stored_order(store) == sorted(_stored_order(store))
    assert _rows(store, "viewing") == _rows(built, "viewing")


def test_a_symbolic_link_rewrites_its_file_and_keeps_its_mode(built: Path, store: Path) -> None:
    store.chmod(0o600)
    link = store.with_name("link.duckdb")
    link.symlink_to(store)
    optimize_store(link)
    assert link.is_symlink()
    assert _stored_order(store) == sorted(_stored_order(store))
    assert store.stat().st_mode & 0o777 == 0o600


def test_a_copy_that_lacks_rows_never_replaces_the_store(
    built: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def drop_the_last(
        counts: list[tuple[str, int, int]], budget: int
    ) -> list[list[tuple[str, int]]]:
        return season_batches(counts, budget)[:-1]

    monkeypatch.setattr(optimize_module, "season_batches", drop_the_last)
    with pytest.raises(RuntimeError, match="the copy of viewing holds"):
        optimize_store(store, rows_per_batch=1)
    assert _stored_order(store) == _stored_order(built)
    assert not Path(f"{store}.optimizing").exists()


def test_a_failed_statement_shows_its_own_error(
    built: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(optimize_module, "ORDER", ("title", "season", "no_such_column"))
    with pytest.raises(duckdb.BinderException, match="no_such_column"):
        optimize_store(store)
    assert _stored_order(store) == _stored_order(built)
    assert not Path(f"{store}.optimizing").exists()


def test_a_store_open_elsewhere_is_refused_and_its_files_are_left_alone(store: Path) -> None:
    command = [
        sys.executable,
        "-c",
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
        "print('open', flush=True); time.sleep(60)",
        str(store),
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
            running = Path(f"{store}.optimizing")
            running.write_text("another run's copy")
            with pytest.raises(InputError, match="cannot open the store"):
                optimize_store(store)
            assert running.read_text() == "another run's copy"
        finally:
            holder.kill()


def test_seasons_are_batched_in_order_within_the_budget() -> None:
    counts = [("a", 1, 5), ("a", 2, 5), ("b", 1, 20), ("c", 1, 3), ("c", 2, 3)]
    assert season_batches(counts, 10) == [
        [("a", 1), ("a", 2)],
        [("b", 1)],  # larger than the budget: alone
        [("c", 1), ("c", 2)],
    ]
    assert season_batches(counts, 100) == [[(t, s) for t, s, _ in counts]]
    assert season_batches([], 10) == []


def test_the_command_prints_its_summary_as_json(store: Path) -> None:
    done = _run("optimize", "--store", str(store), "--format", "json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["order"] == ["title", "season", "started_at"]
    assert summary["tables"]["viewing"] == 20_000
    assert summary["store"] == str(store)


def test_the_command_names_a_missing_store(tmp_path: Path) -> None:
    done = _run("optimize", "--store", str(tmp_path / "absent.duckdb"))
    assert done.returncode == 2
    assert "no store file to optimize" in done.stderr
