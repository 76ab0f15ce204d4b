"""compute_many: a batch computed with its shared relations once (whole, or season by season)
equals each computed alone."""

from __future__ import annotations

from typing import Any

import pytest
from batch_support import Ask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import _common, worlds
from viewing_world import World, after

from showmeter.engines import batch as batch_module
from showmeter.engines import compute, prepare
from showmeter.engines.batch import compute_many
from showmeter.engines.sharing import shared_relations
from showmeter.errors import UsageError

L = "2024-03-01T08:00Z"


def _report_like(title: str, params: dict[str, Any]) -> list[Ask]:
    """A launch report's kinds of request: every title, one title, and ranks."""
    common = {k: v for k, v in params.items() if k != "by_market"}
    return [
        Ask("time_to_complete", common),
        Ask("rank", {"metric": "completers", **common}),
        Ask("completers", common, title, 1),
        Ask("time_to_complete", common, title, 1),
        Ask("episode_funnel", common, title, 1),
        Ask("binge_racers", params),
        Ask("rank", {"metric": "binge_racers", **params}),
        Ask("binge_racers", params, title, 1),
        Ask("binge_race", {**params, "window_hours": "6,24,48"}, title, 1),
        Ask("reach", common, title, 1),
        Ask("rank", {"metric": "reach", **common}),
        Ask("hours_viewed", common, title, 1),
        Ask("rank", {"metric": "hours_viewed", **common}),
    ]


def _same(batch: list[Any], alone: list[Any]) -> None:
    for got, want in zip(batch, alone, strict=True):
        assert got.params == want.params
        assert got.columns == want.columns
        assert len(got.rows) == len(want.rows)
        for row, expected in zip(got.rows, want.rows, strict=True):
            assert row.keys() == expected.keys()
            for name, value in expected.items():
                if isinstance(value, float):
                    assert row[name] == pytest.approx(value, rel=1e-9, abs=1e-9), (name, row)
                else:
                    assert row[name] == value, (name, row, expected)


@settings(
    max_examples=8,  # ~5 s of CPU each: 39 computations of a random world (CI's budget)
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_a_batch_equals_each_computation_alone(data: st.DataObject) -> None:
    world = data.draw(worlds())
    title = data.draw(st.sampled_from(world.seasons)).title
    params = _common(data.draw)
    params["panel"] = None  # a panel needs its unit kind; the other parameters vary freely
    asks = _report_like(title, params)
    store = world.world()
    alone = [
        compute(a.metric, a.params, source=store.con, title=a.title, season=a.season) for a in asks
    ]
    _same(compute_many(asks, source=store.con), alone)
    _same(compute_many(asks, source=store.con, by_season=True), alone)
    assert _shared_tables(store) == []


def _world() -> World:
    w = World()
    w.season("show", runtimes=[1000, 1000], launches={"US": L})
    w.season("other", runtimes=[1000], launches={"US": L})
    w.view("a", "show", 1, 1, after(L, hours=1), 1000)
    w.view("a", "show", 1, 2, after(L, hours=2), 950)
    w.view("b", "show", 1, 1, after(L, hours=30), 900)
    w.view("b", "other", 1, 1, after(L, hours=3), 400)
    w.view("b", "other", 1, 1, after(L, hours=4), 600)
    return w


def _shared_tables(w: World) -> list[str]:
    rows = w.con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'showmeter_shared_%'"
    ).fetchall()
    return [name for (name,) in rows]


def test_the_completions_are_shared_by_the_time_to_complete_and_the_rank_of_completers() -> None:
    asks = [
        Ask("time_to_complete"),
        Ask("rank", {"metric": "completers"}),
        Ask("completers", {}, "show", 1),
    ]
    exprs = [prepare(a.metric, a.params, title=a.title, season=a.season).expr for a in asks]
    shared = shared_relations(exprs, [a.title is None for a in asks])
    # the completions within 28 days of every season (the time to complete and the rank), and
    # the launches with their horizon (all three); the season's completers read its sessions
    assert {s.users for s in shared} == {frozenset({0, 1}), frozenset({0, 1, 2})}
    assert {"completed_us"} <= set(next(s for s in shared if s.users == {0, 1}).node.schema.names)
    w = _world()
    results = compute_many(asks, source=w.con)
    assert [r.rows for r in results][2] == [
        {"title": "show", "season": 1, "value": 1.0, "units": 1}
    ]
    assert results[1].rows[0]["value"] == 1.0


def test_season_by_season_builds_the_shared_relations_one_season_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[list[tuple[str, int]]] = []
    create = batch_module.seasonwise.create

    def spy(con: Any, name: str, sql: str, seasons: list[tuple[str, int]]) -> None:
        built.append(seasons)
        create(con, name, sql, seasons)

    monkeypatch.setattr(batch_module.seasonwise, "create", spy)
    asks = [Ask("completers"), Ask("rank", {"metric": "completers"})]
    w = _world()
    alone = [compute(a.metric, a.params, source=w.con) for a in asks]
    _same(compute_many(asks, source=w.con, by_season=True), alone)
    assert built and all(seasons == [("other", 1), ("show", 1)] for seasons in built)
    built.clear()
    _same(compute_many(asks, source=w.con, by_season=False), alone)
    assert built == []


def test_nothing_is_shared_when_every_computation_reads_one_title() -> None:
    asks = [Ask("completers", {}, "show", 1), Ask("time_to_complete", {}, "show", 1)]
    exprs = [prepare(a.metric, a.params, title=a.title, season=a.season).expr for a in asks]
    assert shared_relations(exprs, [False, False]) == []


def test_the_shared_tables_are_dropped_after_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    w = _world()
    calls = []
    from showmeter.engines.base import Batch

    real = Batch.execute  # each computation of a batch runs through its Batch (issue 16)

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            assert _shared_tables(w)  # the completions exist while the batch runs
            raise RuntimeError("interrupted")
        return real(*args, **kwargs)

    monkeypatch.setattr(Batch, "execute", failing)
    with pytest.raises(RuntimeError, match="interrupted"):
        compute_many([Ask("time_to_complete"), Ask("rank", {"metric": "completers"})], source=w.con)
    assert _shared_tables(w) == []


def _counting_resolutions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The metrics whose parameters are resolved from now on, one entry a resolution."""
    from showmeter.definitions.registry import Metric

    resolved: list[str] = []
    real = Metric.resolve

    def counting(self: Metric, given: Any = None) -> Any:
        resolved.append(self.name)
        return real(self, given)

    monkeypatch.setattr(Metric, "resolve", counting)
    return resolved


def test_each_request_is_resolved_once(monkeypatch: pytest.MonkeyPatch) -> None:
    w = _world()
    asks = [
        Ask("time_to_complete"),
        Ask("rank", {"metric": "completers"}),
        Ask("completers", {}, "show", 1),
    ]
    resolved = _counting_resolutions(monkeypatch)
    for a in asks:
        prepare(a.metric, a.params, title=a.title, season=a.season)
    once = list(resolved)
    resolved.clear()
    compute_many(asks, source=w.con)
    assert resolved == once
    resolved.clear()
    compute_many(asks, source=w.con, by_season=True)
    assert resolved == once


def test_prepared_computations_are_taken_as_they_are(monkeypatch: pytest.MonkeyPatch) -> None:
    w = _world()
    asks = [
        Ask("time_to_complete"),
        Ask("rank", {"metric": "completers"}),
        Ask("completers", {"window_days": "7"}, "show", 1),
    ]
    alone = [
        compute(a.metric, a.params, source=w.con, title=a.title, season=a.season) for a in asks
    ]
    prepared = [prepare(a.metric, a.params, title=a.title, season=a.season) for a in asks]
    resolved = _counting_resolutions(monkeypatch)
    prepare("rank", {"metric": "completers"})
    rank = list(resolved)  # the rank resolves its metric's parameters too
    resolved.clear()
    _same(compute_many(prepared, source=w.con), alone)
    assert resolved == []
    _same(compute_many([prepared[0], asks[1], prepared[2]], source=w.con, by_season=True), alone)
    assert resolved == rank  # only the request's, not the prepared computations'
    assert _shared_tables(w) == []


def test_a_bad_request_fails_before_anything_runs() -> None:
    w = _world()
    with pytest.raises(UsageError, match="no title 'shw'"):
        compute_many([Ask("time_to_complete"), Ask("completers", {}, "shw", 1)], source=w.con)
    assert _shared_tables(w) == []


@pytest.mark.spark
def test_spark_computes_each_request_alone(spark: Any) -> None:
    w = _world()
    asks = [Ask("time_to_complete"), Ask("rank", {"metric": "completers"})]
    alone = [compute(a.metric, a.params, source=w.con, engine="spark") for a in asks]
    _same(compute_many(asks, source=w.con, engine="spark"), alone)
