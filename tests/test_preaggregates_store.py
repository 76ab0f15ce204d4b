"""The store's pre-aggregations: kept incrementally by loads, upgraded, refused with the command.

The figures they give are checked in tests/definitions/test_preaggregates_agree.py; here, that
a load recomputes only what it touched and leaves the same rows as a whole build, that a store
written without them is read from its sessions (never written by a read-only open) and names
``showmeter optimize --store S``, which builds them, and that ``compute --explain`` says which
was used.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import showmeter
from showmeter.catalog import load_catalog
from showmeter.cli import app
from showmeter.engines import preaggregates as kept
from showmeter.intake.load import ingest as load_rows
from showmeter.simulate import Written, demo_world, write_world
from showmeter.store import Store


@pytest.fixture(autouse=True)
def small_stores_keep_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """These worlds are small: their loads build the pre-aggregations all the same."""
    monkeypatch.setenv(kept.MIN_SESSIONS_VARIABLE, "0")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Written:
    """A small demo world."""
    return write_world(demo_world(), tmp_path_factory.mktemp("world"), sessions=20_000, seed=7)


def _split(world: Written, folder: Path) -> tuple[Path, Path]:
    """The sessions in two files: most of them, then ~1/11 (every season and many units)."""
    listed = ", ".join(f"'{f}'" for f in world.session_files)
    first, second = folder / "first.parquet", folder / "second.parquet"
    for path, test in ((first, "<>"), (second, "=")):
        duckdb.sql(
            f"COPY (SELECT * FROM read_parquet([{listed}]) "
            f"WHERE hash(account_id, started_at, episode) % 11 {test} 0) TO '{path}'"
        )
    return first, second


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[object, ...]]:
    return sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def _close(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9) or (math.isnan(a) and math.isnan(b))
    return a == b


def test_a_second_load_leaves_the_rows_a_whole_build_gives(world: Written, tmp_path: Path) -> None:
    first, second = _split(world, tmp_path)
    store = tmp_path / "store.duckdb"
    showmeter.ingest(store, catalog=world.catalog, events=str(first))
    touched = duckdb.sql(
        f"SELECT count(DISTINCT (title, season, account_id)) FROM '{second}'"
    ).fetchall()[0][0]
    with Store(store) as opened, opened.transaction() as con:
        units = int(con.execute("SELECT count(*) FROM agg_unit_progress").fetchall()[0][0])
    assert 0 < touched < units  # the second load touches some of the units only
    showmeter.ingest(store, catalog=world.catalog, events=str(second))
    whole = tmp_path / "whole.duckdb"
    shutil.copy(store, whole)
    with Store(whole) as opened, opened.transaction() as con:
        kept.build(con)
    once = tmp_path / "once.duckdb"  # the same sessions in one load
    showmeter.ingest(once, catalog=world.catalog, events=[str(first), str(second)])
    con = duckdb.connect(str(store), read_only=True)
    con.execute(f"ATTACH '{whole}' AS whole (READ_ONLY)")
    con.execute(f"ATTACH '{once}' AS once (READ_ONLY)")
    try:
        assert kept.status(con).current
        for table in kept.tables():
            incremental = _rows(con, f"main.{table}")
            for other in ("whole", "once"):
                rebuilt = _rows(con, f"{other}.{table}")
                assert len(incremental) == len(rebuilt), (table, other)
                for a, b in zip(incremental, rebuilt, strict=True):
                    assert all(_close(x, y) for x, y in zip(a, b, strict=True)), (table, a, b)
    finally:
        con.close()


def test_a_load_recomputes_only_the_pairs_and_seasons_it_touches(
    world: Written, tmp_path: Path
) -> None:
    store = tmp_path / "store.duckdb"
    showmeter.ingest(store, catalog=world.catalog, events=world.session_files)
    seasons = duckdb.sql(
        f"SELECT DISTINCT title, season FROM read_parquet('{world.session_files[0]}')"
    ).fetchall()
    title, season = seasons[0]
    extra = tmp_path / "extra.parquet"
    duckdb.sql(  # one unit's sessions of one season, moved a second later: new rows
        f"COPY (SELECT * REPLACE (started_at + INTERVAL 1 SECOND AS started_at) "
        f"FROM read_parquet('{world.session_files[0]}') WHERE title = '{title}' "
        f"AND season = {season} AND account_id = (SELECT min(account_id) FROM "
        f"read_parquet('{world.session_files[0]}') WHERE title = '{title}' "
        f"AND season = {season})) TO '{extra}'"
    )
    refreshed: list[kept.Refreshed] = []
    original = kept.refresh

    def spy(*args: object, **kwargs: object) -> kept.Refreshed:
        done = original(*args, **kwargs)  # type: ignore[arg-type]
        refreshed.append(done)
        return done

    kept_refresh = pytest.MonkeyPatch()
    kept_refresh.setattr(kept, "refresh", spy)
    try:
        showmeter.ingest(store, catalog=world.catalog, events=str(extra))
    finally:
        kept_refresh.undo()
    assert [(r.whole, r.units, r.seasons) for r in refreshed] == [(False, 1, 1)]


def _old_store(world: Written, path: Path) -> None:
    """A store as showmeter wrote it before pre-aggregations: the load alone."""
    with Store(path) as store:
        load_rows(store, load_catalog(Path(world.catalog)), [("viewing", world.session_files[0])])


def test_a_store_without_pre_aggregations_is_read_from_its_sessions_and_not_written(
    world: Written, tmp_path: Path
) -> None:
    store = tmp_path / "old.duckdb"
    _old_store(world, store)
    before = store.stat().st_mtime_ns, store.stat().st_size
    runner = CliRunner()
    done = runner.invoke(app, ["compute", "binge_racers", "--store", str(store), "--explain"])
    assert done.exit_code == 0, done.output
    assert "Computed without pre-aggregations" in done.output
    assert "showmeter optimize --store S" in done.output
    assert (store.stat().st_mtime_ns, store.stat().st_size) == before  # read-only: no write
    built = runner.invoke(app, ["optimize", "--store", str(store), "--aggregates-only", "-q"])
    assert built.exit_code == 0, built.output
    assert "Built the pre-aggregations" in built.output
    done = runner.invoke(app, ["compute", "binge_racers", "--store", str(store), "--explain"])
    assert "agg_season_binge_racers" in done.output
    market = duckdb.sql(f"SELECT min(market) FROM '{world.session_files[0]}'").fetchall()[0][0]
    command = ["compute", "reach", "--store", str(store), "--set", f"markets={market}"]
    done = runner.invoke(app, [*command, "--explain"])  # a market filter: the per-day rows
    assert done.exit_code == 0, done.output
    assert "agg_unit_days (each unit's seconds per market" in done.output
    again = runner.invoke(app, ["optimize", "--store", str(store), "--aggregates-only", "-q"])
    assert "up to date" in again.output


def test_a_load_into_a_store_without_them_builds_them_whole(world: Written, tmp_path: Path) -> None:
    store = tmp_path / "old.duckdb"
    _old_store(world, store)
    steps: list[tuple[str, int, int]] = []
    showmeter.ingest(
        store,
        catalog=world.catalog,
        events=world.session_files,
        aggregates_progress=lambda table, done, total: steps.append((table, done, total)),
    )
    assert steps[0] == (kept.tables()[0], 0, len(kept.tables()))
    assert steps[-1] == ("", len(kept.tables()), len(kept.tables()))
    with Store(store, read_only=True) as opened:
        assert kept.status(opened.connection).current


def test_a_store_whose_aggregates_predate_the_per_day_rows_gets_them_at_its_next_load(
    world: Written, tmp_path: Path
) -> None:
    first, second = _split(world, tmp_path)
    store = tmp_path / "store.duckdb"
    showmeter.ingest(store, catalog=world.catalog, events=str(first))
    with Store(store) as opened, opened.transaction() as con:  # as the previous version left it
        con.execute("DROP TABLE agg_unit_days")
        con.execute(f"DELETE FROM {kept.META} WHERE name = 'agg_unit_days'")
    with Store(store, read_only=True) as opened:
        state = kept.status(opened.connection)
    assert not state.current and "agg_unit_days" in str(state.reason)
    assert "showmeter optimize --store S" in str(state.reason)
    showmeter.ingest(store, catalog=world.catalog, events=str(second))
    with Store(store, read_only=True) as opened:
        assert kept.status(opened.connection).current
        assert "agg_unit_days" in opened.table_names()


def test_a_load_made_without_the_hook_makes_them_out_of_date(
    world: Written, tmp_path: Path
) -> None:
    store = tmp_path / "store.duckdb"
    showmeter.ingest(store, catalog=world.catalog, events=world.session_files[0])
    with Store(store) as opened:  # a writer that does not maintain them (an older version)
        load_rows(
            opened, load_catalog(Path(world.catalog)), [("viewing", f) for f in world.session_files]
        )
        state = kept.status(opened.connection)
    assert not state.current
    assert "showmeter optimize --store S" in str(state.reason)


def test_a_small_store_keeps_none_and_says_why(
    world: Written, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(kept.MIN_SESSIONS_VARIABLE, "1000000")  # the world has 20 000
    store = tmp_path / "small.duckdb"
    showmeter.ingest(store, catalog=world.catalog, events=world.session_files)
    with Store(store, read_only=True) as opened:
        assert kept.META not in opened.table_names()
        state = kept.status(opened.connection)
    assert not state.current
    assert "fewer than 1,000,000 sessions" in str(state.reason)
