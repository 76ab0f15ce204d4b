"""Hand-worked cases of rank: ties, markets, filters after ranking, nulls."""

from __future__ import annotations

import pytest
from viewing_world import World, after

from showmeter.errors import UsageError

L = "2024-03-01T08:00Z"
L_KR = "2024-03-01T15:00Z"


def _hours_world() -> World:
    # hours viewed in the first 91 days: A 4 h, B 2 h, C 2 h, D 1 h, E nothing
    w = World()
    for title, hours in {"A": 4, "B": 2, "C": 2, "D": 1, "E": 0}.items():
        w.season(title, launches={"US": L})
        if hours:
            w.view("u", title, 1, 1, after(L, hours=1), hours * 3600)
    return w


def test_rank_is_descending_and_ties_share_the_lower_rank(engine: str) -> None:
    w = _hours_world()
    assert w.rows("rank", engine, metric="hours_viewed") == [
        {"title": "A", "season": 1, "value": 4.0, "rank": 1},
        {"title": "B", "season": 1, "value": 2.0, "rank": 2},
        {"title": "C", "season": 1, "value": 2.0, "rank": 2},
        {"title": "D", "season": 1, "value": 1.0, "rank": 4},
        {"title": "E", "season": 1, "value": 0.0, "rank": 5},
    ]


def test_rank_passes_parameters_to_the_ranked_metric_and_filters_after_ranking(
    engine: str,
) -> None:
    w = _hours_world()
    result = w.compute("rank", engine, metric="hours_viewed", window_days="7", title="C")
    assert result.rows == [{"title": "C", "season": 1, "value": 2.0, "rank": 2}]
    assert result.params["metric"] == "hours_viewed"
    assert result.params["window_days"] == 7
    assert result.params["by_market"] is False


def test_third_globally_first_in_korea(engine: str) -> None:
    # binge racers: one 3000 s episode per season, each racer watches it whole on day one
    racers = {"A": {"US": 5}, "B": {"US": 4}, "D": {"US": 1, "KR": 2}, "C": {"KR": 1}}
    w = World()
    for title, by_market in racers.items():
        w.season(title, runtimes=[3000], launches={"US": L, "KR": L_KR})
        for market, count in by_market.items():
            start = after(L_KR if market == "KR" else L, hours=2)
            for i in range(count):
                w.view(f"{title}{market}{i}", title, 1, 1, start, 3000, market=market)
    # globally: A 5, B 4, D 3, C 1 -> D is third
    ranks = w.values("rank", engine, "rank", metric="binge_racers")
    assert ranks == {("A", 1): 1, ("B", 1): 2, ("D", 1): 3, ("C", 1): 4}
    # in Korea: D 2, C 1 (A and B have no Korean sessions, so no Korean row)
    ranks = w.values("rank", engine, "rank", metric="binge_racers", by_market=True)
    assert ranks == {
        ("A", 1, "US"): 1,
        ("B", 1, "US"): 2,
        ("C", 1, "KR"): 2,
        ("D", 1, "KR"): 1,
        ("D", 1, "US"): 3,
    }


def test_a_null_value_has_a_null_rank(engine: str) -> None:
    w = World()
    w.season("fast", runtimes=[3600], launches={"US": L})
    w.season("slow", runtimes=[3600], launches={"US": L})
    w.season("never", runtimes=[3600], launches={"US": L})
    w.view("a", "fast", 1, 1, L, 3600)  # 1 h
    w.view("a", "slow", 1, 1, after(L, hours=9), 3600)  # 10 h
    assert w.rows("rank", engine, metric="time_to_complete") == [
        {"title": "slow", "season": 1, "value": 10.0, "rank": 1},
        {"title": "fast", "season": 1, "value": 1.0, "rank": 2},
        {"title": "never", "season": 1, "value": None, "rank": None},
    ]


def test_rank_refuses_metrics_without_one_value_per_season(engine: str) -> None:
    w = _hours_world()
    with pytest.raises(UsageError, match="metric with one value per title and season"):
        w.compute("rank", engine, metric="daily_reach")
    with pytest.raises(UsageError, match="cannot rank reach_index by market"):
        w.compute("rank", engine, metric="reach_index", reference="A:1", by_market=True)
    with pytest.raises(UsageError, match="rank by hours_viewed: unknown parameter 'min_seconds'"):
        w.compute("rank", engine, metric="hours_viewed", min_seconds=10)
