"""A kept plan replays the binge race of several seasons as one query (engines.season_groups),
each season's result the one its own computation gives, for the market recorded and another."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from showmeter.engines import compute, season_groups
from showmeter.engines.duckdb_engine import DuckDBEngine
from showmeter.engines.season_groups import MEMBER
from showmeter.launch.query import Query
from showmeter.launch.runner import Runner
from showmeter.web.limits import Limits

SEASONS = (("the-defenders", 1), ("daredevil", 2), ("daredevil", 1), ("jessica-jones", 1))


def _asked(market: str) -> list[Query]:
    races = [Query("binge_race", {"markets": market}, t, s) for t, s in SEASONS]
    return [*races, Query("binge_racers", {"markets": market}, "the-defenders", 1)]


def _batch(store: Path, asked: list[Query]) -> list[Any]:
    runner = Runner(store, Limits(query_timeout=3600.0))
    try:
        return runner.compute_all(asked)
    finally:
        runner.close()


def _each_as_alone(store: Path, asked: list[Query], replayed: list[Any], market: str) -> None:
    """Each replayed result equals its computation alone: rows, schema and parameters."""
    for query, result in zip(asked, replayed, strict=True):
        alone = compute(
            query.metric, query.params, source=store, title=query.title, season=query.season
        )
        assert result.table.equals(alone.table), (market, query)
        assert result.table.schema.equals(alone.table.schema)
        assert result.params == alone.params


def test_a_replayed_plan_runs_one_query_of_the_seasons_each_as_alone(
    demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    _batch(demo_store, _asked("KR"))  # recorded: the template of every market
    kept = [json.loads(p.read_text()) for p in tmp_path.rglob("batch-*.json")]
    steps = [s for entry in kept for s in entry["steps"]]
    assert [s[0] for s in steps if s[0] in ("group", "member")] == ["group"] + ["member"] * 3
    assert next(s for s in steps if s[0] == "group")[3] == len(SEASONS)
    queries: list[str] = []
    run_sql = DuckDBEngine.run_sql

    def noted(self: DuckDBEngine, con: Any, sql: str) -> Any:
        queries.append(sql)
        return run_sql(self, con, sql)

    monkeypatch.setattr(DuckDBEngine, "run_sql", noted)
    for market in ("KR", "GB"):
        queries.clear()
        asked = _asked(market)
        replayed = _batch(demo_store, asked)
        assert sum(MEMBER in q for q in queries) == 1  # the four races: one query
        assert len(queries) == 2  # and the binge racers
        monkeypatch.setenv("SHOWMETER_SQL_CACHE", "off")
        _each_as_alone(demo_store, asked, replayed, market)
        # some racers, so that the comparison can fail
        assert any(row["value"] > 0 for result in replayed[: len(SEASONS)] for row in result.rows)
        monkeypatch.delenv("SHOWMETER_SQL_CACHE")


def test_a_batch_recorded_gives_back_the_results_the_runner_held(
    demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A filtered batch holds the whole request, cached figures too (engines.literals): when
    # its plan is recorded every computation runs, but the runner keeps the results it had
    # (not copies computed again, whose sums may differ in the last bits).
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    unfiltered = [Query("tomatometer", {}, "the-defenders", 1), Query("views", {}, "daredevil", 2)]
    runner = Runner(demo_store, Limits(query_timeout=3600.0))
    try:
        held = runner.compute_all(unfiltered)
        got = runner.compute_all([*_asked("KR"), *unfiltered])  # recorded now
        assert all(a is b for a, b in zip(got[-2:], held, strict=True))
        assert list(tmp_path.rglob("batch-*.json"))  # the plan was recorded
        for one, alone in zip(got[:5], _batch(demo_store, _asked("KR")), strict=True):
            assert one.table.equals(alone.table)
    finally:
        runner.close()


@pytest.mark.parametrize("held_at", [0, 2])
def test_a_replay_gives_back_the_held_members_of_a_group_it_runs(
    held_at: int, demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One season's race held (the group's first member, or a later one): the group's query
    # runs for the others, and the held result is given back, not its copy split off.
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    asked = _asked("GB")
    _batch(demo_store, asked)  # its plan recorded
    queries: list[str] = []
    run_sql = DuckDBEngine.run_sql

    def noted(self: DuckDBEngine, con: Any, sql: str) -> Any:
        queries.append(sql)
        return run_sql(self, con, sql)

    runner = Runner(demo_store, Limits(query_timeout=3600.0))
    try:
        held = runner.compute_all([asked[held_at]])[0]
        monkeypatch.setattr(DuckDBEngine, "run_sql", noted)
        got = runner.compute_all(asked)  # replayed
    finally:
        runner.close()
    assert got[held_at] is held
    assert sum(MEMBER in q for q in queries) == 1
    for one, alone in zip(got, _batch(demo_store, asked), strict=True):
        assert one.table.equals(alone.table)


def test_a_plan_of_seasons_in_several_groups_replays_each_as_alone(
    demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(season_groups, "MAX_MEMBERS", 2)
    _batch(demo_store, _asked("KR"))  # recorded
    kept = [json.loads(p.read_text()) for p in tmp_path.rglob("batch-*.json")]
    steps = [s[0] for entry in kept for s in entry["steps"] if s[0] in ("group", "member")]
    assert steps == ["group", "member", "group", "member"]
    for market, asked in (("KR", _asked("KR")), ("GB", _asked("GB"))):
        replayed = _batch(demo_store, asked)
        monkeypatch.setenv("SHOWMETER_SQL_CACHE", "off")
        _each_as_alone(demo_store, asked, replayed, market)
        monkeypatch.delenv("SHOWMETER_SQL_CACHE")
