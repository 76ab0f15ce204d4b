"""Hand-worked cases of the completion family: funnel, completers, racers, time to complete."""

from __future__ import annotations

import pytest
from viewing_world import World, after

L = "2024-03-01T08:00Z"  # the US launch
L_KR = "2024-03-01T15:00Z"  # the Korean launch, 7 h later


def _race_world() -> World:
    # two episodes of 3000 s; completing one takes 0.9 × 3000 = 2700 s
    w = World()
    w.season("show", runtimes=[3000, 3000], launches={"US": L, "KR": L_KR})
    # a: completes e1 at L + 1 h 50 min and e2 at L + 2 h 45 min: a racer
    w.view("a", "show", 1, 1, after(L, hours=1), 3000)
    w.view("a", "show", 1, 2, after(L, hours=2), 2700)
    # b: e2 over two sessions, 1500 + 1200 = 2700 at the second, ending L + 23 h 20 min: a racer
    w.view("b", "show", 1, 1, L, 3000)
    w.view("b", "show", 1, 2, after(L, hours=20), 1500)
    w.view("b", "show", 1, 2, after(L, hours=23), 1200)
    # c: e2 from L + 23 h 15 min for 2700 s ends exactly at L + 24 h: too late
    w.view("c", "show", 1, 1, L, 3000)
    w.view("c", "show", 1, 2, after(L, hours=23, minutes=15), 2700)
    # d: e2 starts exactly at L + 24 h: too late (ends L + 24 h 50 min)
    w.view("d", "show", 1, 1, L, 3000)
    w.view("d", "show", 1, 2, after(L, hours=24), 3000)
    # e in Korea: done at L_KR + 20 h 50 min = L + 27 h 50 min: a racer by the Korean launch
    w.view("e", "show", 1, 1, after(L_KR, hours=1), 3000, market="KR")
    w.view("e", "show", 1, 2, after(L_KR, hours=20), 3000, market="KR")
    # f: episode 1 twice, never episode 2
    w.view("f", "show", 1, 1, L, 3000)
    w.view("f", "show", 1, 1, after(L, hours=2), 3000)
    # g: e1 before the launch does not count, so e1 is never completed from L on
    w.view("g", "show", 1, 1, after(L, hours=-1), 3000)
    w.view("g", "show", 1, 2, after(L, hours=1), 3000)
    return w


def test_binge_racers_complete_every_episode_before_l_plus_24_hours(engine: str) -> None:
    w = _race_world()
    # a, b, e
    assert w.rows("binge_racers", engine) == [
        {"title": "show", "season": 1, "value": 3.0, "units": 3}
    ]
    # by market: a, b in the US; e in Korea
    assert w.values("binge_racers", engine, by_market=True) == {
        ("show", 1, "KR"): 1.0,
        ("show", 1, "US"): 2.0,
    }
    # anchor=global: e is timed from L: L + 27 h 50 min is too late -> a, b
    assert w.values("binge_racers", engine, anchor="global") == {("show", 1): 2.0}
    # 48 hours: c (L + 24 h) and d (L + 24 h 50 min) too -> a, b, c, d, e; g never
    assert w.values("binge_racers", engine, window_hours=48) == {("show", 1): 5.0}
    # completion 0.5 (1500 s): b completes e2 at its first e2 session too; same racers
    assert w.values("binge_racers", engine, completion=0.5) == {("show", 1): 3.0}


def test_binge_race_counts_the_binge_racers_of_each_window(engine: str) -> None:
    w = _race_world()
    # 24 h: a, b, e (as binge_racers); 48 h: c and d too; 1 h: nobody yet
    race = w.rows("binge_race", engine, window_hours="48,1,24")
    assert [(r["hours"], r["value"], r["units"]) for r in race] == [
        (1, 0.0, 0),
        (24, 3.0, 3),
        (48, 5.0, 5),
    ]
    # by market at 24 h: a, b in the US, e in Korea
    by_market = w.rows("binge_race", engine, window_hours="24", by_market=True)
    assert [(r["market"], r["hours"], r["value"]) for r in by_market] == [
        ("KR", 24, 1.0),
        ("US", 24, 2.0),
    ]


def test_binge_racers_weighted_by_a_panel(engine: str) -> None:
    w = _race_world()
    w.member("households", "a", 1200.0)
    w.member("households", "e", 800.0)
    w.member("households", "c", 5000.0)
    rows = w.rows("binge_racers", engine, panel="households")
    assert rows == [{"title": "show", "season": 1, "value": 2000.0, "units": 2}]


def test_a_units_market_and_launch_come_from_its_first_session(engine: str) -> None:
    w = World()
    w.season("show", runtimes=[3000], launches={"US": L, "KR": L_KR})
    # t starts in Korea, then finishes in the US at L + 30 h = L_KR + 23 h: a Korean racer
    w.view("t", "show", 1, 1, after(L_KR, hours=1), 1000, market="KR")
    w.view("t", "show", 1, 1, after(L, hours=29, minutes=20), 2000, market="US")
    # s starts in the US; its Korean session at L_KR + 1 h is measured from L
    w.view("s", "show", 1, 1, after(L, hours=1), 1000, market="US")
    w.view("s", "show", 1, 1, after(L, hours=25), 2000, market="KR")  # ends after L + 24 h
    assert w.values("binge_racers", engine, by_market=True) == {
        ("show", 1, "KR"): 1.0,
        ("show", 1, "US"): 0.0,
    }


def _funnel_world() -> World:
    # episodes of 1000 s and 2000 s: completed at 900 s and 1800 s
    w = World()
    w.season("show", runtimes=[1000, 2000], launches={"US": L})
    w.view("a", "show", 1, 1, after(L, hours=1), 1000)
    w.view("a", "show", 1, 2, after(L, hours=2), 1800)  # exactly 0.9 × 2000
    w.view("b", "show", 1, 1, after(L, hours=1), 900)  # exactly 0.9 × 1000
    w.view("b", "show", 1, 2, after(L, hours=2), 500)  # started, not completed
    w.view("c", "show", 1, 1, after(L, hours=1), 119)  # not even started (< 120 s)
    w.view("c", "show", 1, 2, after(L, hours=2), 120)  # started
    w.view("d", "show", 1, 1, after(L, days=3), 600)  # completed across two sessions
    w.view("d", "show", 1, 1, after(L, days=4), 300)
    w.view("e", "show", 1, 1, after(L, days=28), 1000)  # L + 28 d: outside
    return w


def test_episode_funnel_counts_completers_and_starters_per_episode(engine: str) -> None:
    w = _funnel_world()
    assert w.rows("episode_funnel", engine) == [
        # completed: a, b, d; started (≥ 120 s): a, b, d
        {"title": "show", "season": 1, "episode": 1, "value": 3.0, "started": 3.0},
        # completed: a; started: a, b, c
        {"title": "show", "season": 1, "episode": 2, "value": 1.0, "started": 3.0},
    ]
    # completion=1: only full runtimes: a's e1 (1000); d's 600 + 300 and b's 900 fall short
    values = w.values("episode_funnel", engine, completion=1.0)
    assert values == {("show", 1, 1): 1.0, ("show", 1, 2): 0.0}
    # 3 days: d's sessions (L + 3 d, L + 4 d) are out
    values = w.values("episode_funnel", engine, "started", window_days=3, min_seconds=119)
    assert values == {("show", 1, 1): 3.0, ("show", 1, 2): 3.0}  # a, b, c; a, b, c


def test_completers_need_season_share_of_the_runtime_completed(engine: str) -> None:
    w = _funnel_world()
    # the season lasts 3000 s; 0.9 × 3000 = 2700 needs both episodes: only a
    assert w.rows("completers", engine) == [
        {"title": "show", "season": 1, "value": 1.0, "units": 1}
    ]
    # 0.3 × 3000 = 900: a whole episode 1 (1000 s) is enough: a, b, d
    assert w.values("completers", engine, season_share=0.3) == {("show", 1): 3.0}
    # completion 0.25 (250 s and 500 s): b completes e2 with 500 s, so b has both -> a, b
    assert w.values("completers", engine, completion=0.25) == {("show", 1): 2.0}


def _timing_world() -> World:
    # one episode of 3600 s, completed at 3240 s
    w = World()
    w.season("show", runtimes=[3600], launches={"US": L})
    w.view("a", "show", 1, 1, L, 3600)  # done at L + 1 h
    w.view("b", "show", 1, 1, after(L, hours=2), 3600)  # L + 3 h
    w.view("c", "show", 1, 1, after(L, hours=10), 3240)  # L + 10 h 54 min = 10.9 h
    w.view("d", "show", 1, 1, after(L, hours=20), 3600)  # L + 21 h
    w.view("e", "show", 1, 1, after(L, hours=1), 1000)  # never completes
    w.view("f", "show", 1, 1, after(L, days=29), 3600)  # after 28 days
    return w


def test_time_to_complete_percentiles(engine: str) -> None:
    w = _timing_world()
    # hours 1, 3, 10.9, 21 sit at (k − 0.5) / 4 = 0.125, 0.375, 0.625, 0.875:
    # p50 = 3 + (0.5 − 0.375) / 0.25 × (10.9 − 3) = 6.95 (the usual median);
    # p10 < 0.125 -> 1; p90 > 0.875 -> 21
    assert w.rows("time_to_complete", engine) == [
        {
            "title": "show",
            "season": 1,
            "value": pytest.approx(6.95),
            "p10": pytest.approx(1.0),
            "p50": pytest.approx(6.95),
            "p90": pytest.approx(21.0),
            "units": 4,
        }
    ]


def test_time_to_complete_weighted_by_a_panel(engine: str) -> None:
    w = _timing_world()
    for unit, weight in {"a": 1.0, "b": 1.0, "c": 2.0, "d": 4.0}.items():
        w.member("p", unit, weight)
    # total 8; midpoints: a (1 − 0.5) / 8 = 0.0625, b 0.1875, c (4 − 1) / 8 = 0.375,
    # d (8 − 2) / 8 = 0.75.
    # p10 = 1 + (0.1 − 0.0625) / 0.125 × 2 = 1.6; p50 = 10.9 + 0.125 / 0.375 × 10.1 = 14.2667
    row = w.rows("time_to_complete", engine, panel="p")[0]
    assert row["p10"] == pytest.approx(1.6)
    assert row["p50"] == pytest.approx(10.9 + 10.1 / 3)
    assert row["p90"] == pytest.approx(21.0)
    assert row["units"] == 4


def test_time_to_complete_is_null_without_completers(engine: str) -> None:
    w = _timing_world()
    w.season("slow", runtimes=[3600, 3600], launches={"US": L})
    w.view("a", "slow", 1, 1, L, 3600)  # only one of two episodes
    row = w.rows("time_to_complete", engine, title="slow")[0]
    assert row == {
        "title": "slow",
        "season": 1,
        "value": None,
        "p10": None,
        "p50": None,
        "p90": None,
        "units": 0,
    }
    # a season of two episodes: the last completion counts
    w.view("a", "slow", 1, 2, after(L, hours=5), 3600)  # done at L + 6 h
    assert w.values("time_to_complete", engine, title="slow") == {("slow", 1): 6.0}


def test_episode_progress_gives_each_unit_its_share_and_completion_per_episode(
    engine: str,
) -> None:
    w = _race_world()
    rows = {
        (r["unit_id"], r["episode"]): (r["value"], r["seconds"], r["completed_hours"])
        for r in w.rows("episode_progress", engine)
    }
    # b: e2 over two sessions, 1500 + 1200 s: complete at the second's end, L + 23 h 20 min
    assert rows[("b", 2)] == (0.9, 2700.0, pytest.approx(23 + 20 / 60))
    # a: e1 ends at L + 1 h 50 min; e2's 2700 s reach exactly 0.9 x 3000 at L + 2 h 45 min
    assert rows[("a", 1)] == (1.0, 3000.0, pytest.approx(1 + 50 / 60))
    assert rows[("a", 2)] == (0.9, 2700.0, pytest.approx(2.75))
    # f watched e1 twice: 6000 s is twice the runtime; completed by the first session at L + 50 min
    assert rows[("f", 1)] == (2.0, 6000.0, pytest.approx(50 / 60))
    # e is timed from the Korean launch: e2 ends at L_KR + 20 h 50 min
    assert rows[("e", 2)][2] == pytest.approx(20 + 50 / 60)
    # g's session before L does not count: only its e2 has a row
    assert ("g", 1) not in rows
    assert rows[("g", 2)] == (1.0, 3000.0, pytest.approx(1 + 50 / 60))
    # d's e2 starts at L + 24 h: inside 28 days, completed at L + 24 h 50 min
    assert rows[("d", 2)][2] == pytest.approx(24 + 50 / 60)
    assert len(rows) == 12  # a, b, c, d and e two episodes each; f and g one
