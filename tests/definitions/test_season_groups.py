"""The binge race of several seasons in one query (engines.season_groups): each season's
result is the one its own computation gives, on hand-worked and random worlds."""

from __future__ import annotations

from typing import Any

import pytest
from batch_support import Ask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import _common, worlds
from viewing_world import World, after

from showmeter.engines import compute, prepare
from showmeter.engines import preaggregates as kept
from showmeter.engines import season_groups as season_groups_module
from showmeter.engines.batch import compute_many
from showmeter.engines.duckdb_engine import DuckDBEngine
from showmeter.engines.season_groups import MEMBER, SeasonGroup, groups, split

L = "2024-03-01T08:00Z"


def _counted(monkeypatch: pytest.MonkeyPatch, texts: list[str] | None = None) -> list[bool]:
    """Each query a batch runs: whether it is a group's (numbers its rows by member)."""
    queries: list[bool] = []
    run_sql = DuckDBEngine.run_sql

    def noted(self: DuckDBEngine, con: Any, sql: str) -> Any:
        queries.append(MEMBER in sql)
        if texts is not None:
            texts.append(sql)
        return run_sql(self, con, sql)

    monkeypatch.setattr(DuckDBEngine, "run_sql", noted)
    return queries


def _world() -> World:
    w = World()
    w.season("show", runtimes=[1000, 1000], launches={"US": L})
    w.season("other", runtimes=[1000], launches={"US": L, "GB": after(L, hours=2)})
    w.season("third", runtimes=[1000], launches={"US": L})
    w.view("a", "show", 1, 1, after(L, hours=1), 1000)
    w.view("a", "show", 1, 2, after(L, hours=2), 950)  # 950 ≥ 0.9 × 1000: done at 2.26 h
    w.view("b", "show", 1, 1, after(L, hours=30), 900)  # one episode of two
    w.view("b", "other", 1, 1, after(L, hours=3), 400)
    w.view("b", "other", 1, 1, after(L, hours=4), 600)  # 1000 s in all: done at 4.17 h
    w.view("c", "third", 1, 1, after(L, hours=20), 1000, market="US")  # done at 20.28 h
    w.view("d", "other", 1, 1, after(L, hours=5), 1000, market="GB", device="mobile")
    return w


def _race(rows: list[dict[str, Any]]) -> list[tuple[int, float, int]]:
    return [(r["hours"], r["value"], r["units"]) for r in rows]


def test_the_races_of_three_seasons_are_one_query_worked_by_hand(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = _world()
    params = {"window_hours": "6,24,48"}
    asks = [Ask("binge_race", params, t, 1) for t in ("show", "other", "third")]
    queries = _counted(monkeypatch)
    results = compute_many(asks, source=w.con)
    assert queries == [True]  # one query for the three seasons
    # show: a completes both episodes 2.26 h after the launch; b only one. other: b 4.17 h
    # after it, d (GB, launched there at L + 2 h) at L + 5.28 h, 3.28 h after its launch.
    # third: c at 20.28 h, not within 6 h.
    assert _race(results[0].rows) == [(6, 1.0, 1), (24, 1.0, 1), (48, 1.0, 1)]
    assert _race(results[1].rows) == [(6, 2.0, 2), (24, 2.0, 2), (48, 2.0, 2)]
    assert _race(results[2].rows) == [(6, 0.0, 0), (24, 1.0, 1), (48, 1.0, 1)]
    for ask, result in zip(asks, results, strict=True):
        assert {r["title"] for r in result.rows} == {ask.title}
        alone = compute(ask.metric, ask.params, source=w.con, title=ask.title, season=ask.season)
        assert result.table.equals(alone.table)
        assert result.table.schema.equals(alone.table.schema)


def test_a_filter_and_by_market_keep_each_season_as_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    w = _world()
    queries = _counted(monkeypatch)
    for params in (
        {"window_hours": "6,24", "markets": "GB"},
        {"window_hours": "6", "devices": "mobile", "by_market": True},
        {"window_hours": "3,6", "by_market": True},
    ):
        asks = [Ask("binge_race", params, t, 1) for t in ("show", "other", "third")]
        queries.clear()
        results = compute_many(asks, source=w.con)
        assert queries == [True]
        for ask, result in zip(asks, results, strict=True):
            alone = compute(ask.metric, ask.params, source=w.con, title=ask.title, season=1)
            assert result.table.equals(alone.table), (params, ask.title)
    # by hand: in GB only d, who completed "other" 3.28 h after its GB launch
    gb = compute_many(
        [Ask("binge_race", {"window_hours": "6", "markets": "GB"}, "other", 1)], source=w.con
    )
    assert _race(gb[0].rows) == [(6, 1.0, 1)]


def test_a_season_asked_twice_and_other_parameters_are_computed_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = _world()
    asks = [
        Ask("binge_race", {"window_hours": "6"}, "show", 1),
        Ask("binge_race", {"window_hours": "6"}, "other", 1),
        Ask("binge_race", {"window_hours": "6"}, "show", 1),  # again: alone
        Ask("binge_race", {"window_hours": "24"}, "third", 1),  # other hours: alone
        Ask("binge_race", {"window_hours": "6"}),  # every title: alone
        Ask("binge_racers", {}, "show", 1),  # another metric
    ]
    queries = _counted(monkeypatch)
    results = compute_many(asks, source=w.con)
    # show and other together; show again, third, every title and binge_racers each alone
    assert sorted(queries) == [False, False, False, False, True]
    for ask, result in zip(asks, results, strict=True):
        alone = compute(ask.metric, ask.params, source=w.con, title=ask.title, season=ask.season)
        assert result.table.equals(alone.table), ask


def test_groups_take_one_metric_of_several_seasons_with_the_same_parameters() -> None:
    asked = [
        prepare("binge_race", {}, title="a", season=1, build=False).aligned(False),
        prepare("binge_race", {}, title="b", season=1, build=False).aligned(False),
        prepare("binge_race", {}, title="a", season=1, build=False).aligned(False),
        prepare("binge_race", {"markets": "KR"}, title="c", season=1, build=False).aligned(False),
        prepare("binge_race", {}, title="c", season=2, build=False),  # alone: reads its own
        prepare("binge_race", {}, build=False),
        prepare("completers", {}, title="c", season=1, build=False).aligned(False),
        prepare("binge_race", {}, title="d", season=1, build=False).aligned(False),
    ]
    assert groups(asked) == [[0, 1, 7]]


def test_split_keeps_each_members_rows_in_order() -> None:
    import pyarrow as pa

    table = pa.table({"x": [1, 2, 3, 4], MEMBER: [0, 0, 2, 2]})
    assert [t.to_pydict() for t in split(table, 3, MEMBER)] == [
        {"x": [1, 2]},
        {"x": []},
        {"x": [3, 4]},
    ]
    shuffled = pa.table({"x": [3, 1, 4, 2], MEMBER: [1, 0, 1, 0]})
    assert [t.to_pydict() for t in split(shuffled, 2, MEMBER)] == [{"x": [1, 2]}, {"x": [3, 4]}]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_random_worlds_give_each_season_its_race_alone(data: st.DataObject) -> None:
    world = data.draw(worlds())
    params = _common(data.draw)
    params["panel"] = None  # a panel needs its unit kind; the other parameters vary freely
    params["window_hours"] = data.draw(st.sampled_from(["6,24,48", "1", "12,168,720"]))
    titles = sorted({s.title for s in world.seasons})
    asks = [Ask("binge_race", params, t, 1) for t in data.draw(st.permutations(titles))]
    asks.insert(data.draw(st.integers(0, len(asks))), Ask("binge_race", params))
    store = world.world()
    alone = [
        compute(a.metric, a.params, source=store.con, title=a.title, season=a.season) for a in asks
    ]
    for got, want in zip(compute_many(asks, source=store.con), alone, strict=True):
        assert got.params == want.params
        assert got.table.schema.equals(want.table.schema)
        assert got.table.equals(want.table), (got.rows, want.rows)


def test_seasons_served_by_the_season_figure_read_it_each_not_grouped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # At the figure's parameters (the defaults) each season's race is its few stored rows of
    # agg_season_binge_race: cheaper than one query of the relation over every session.
    w = _world()
    kept.build(w.con)
    asks = [Ask("binge_race", {}, t, 1) for t in ("show", "other", "third")]
    texts: list[str] = []
    queries = _counted(monkeypatch, texts)
    results = compute_many(asks, source=w.con)
    assert queries == [False, False, False]
    assert all('"agg_season_binge_race"' in t and "agg_unit_progress" not in t for t in texts)
    for ask, result in zip(asks, results, strict=True):
        assert "agg_season_binge_race" in (result.computed_from or "")
        alone = compute(ask.metric, ask.params, source=w.con, title=ask.title, season=1)
        assert result.table.equals(alone.table)
    # hours that are not the figure's: the relation is built, so the seasons are one query
    queries.clear()
    other = [Ask("binge_race", {"window_hours": "6"}, t, 1) for t in ("show", "other", "third")]
    results = compute_many(other, source=w.con)
    assert queries == [True]
    assert all("agg_season_binge_race" not in (r.computed_from or "") for r in results)
    assert [r.rows[0]["units"] for r in results] == [1, 2, 0]  # worked above


def test_many_seasons_are_groups_of_at_most_max_members() -> None:
    n = 1100
    asked = [
        prepare("binge_race", {"markets": "GB"}, title=f"t{k}", season=1, build=False).aligned(
            False
        )
        for k in range(n)
    ]
    found = groups(asked)
    assert [len(g) for g in found] == [183, 183, 184, 183, 183, 184]
    assert [p for g in found for p in g] == list(range(n))  # each once, in order
    # a group of more members than that still builds and compiles (its filter is no chain
    # as deep as it is long, which exceeded Python's recursion limit)
    sql = DuckDBEngine().compile(SeasonGroup(asked).expr)
    assert sql.count("t1099") == 2  # its filter and its member number


def test_groups_split_in_parts_each_as_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(season_groups_module, "MAX_MEMBERS", 2)
    w = _world()
    w.season("fourth", runtimes=[1000], launches={"US": L})
    w.season("fifth", runtimes=[1000], launches={"US": L})
    w.view("e", "fifth", 1, 1, after(L, hours=1), 1000)
    titles = ("show", "other", "third", "fourth", "fifth")
    asks = [Ask("binge_race", {"window_hours": "6,24"}, t, 1) for t in titles]
    queries = _counted(monkeypatch)
    results = compute_many(asks, source=w.con)
    assert queries == [False, True, True]  # show alone, then (other, third), (fourth, fifth)
    assert [[r["units"] for r in result.rows] for result in results] == [
        [1, 1],
        [2, 2],
        [0, 1],
        [0, 0],
        [1, 1],
    ]
    for ask, result in zip(asks, results, strict=True):
        alone = compute(ask.metric, ask.params, source=w.con, title=ask.title, season=1)
        assert result.table.equals(alone.table), ask.title
