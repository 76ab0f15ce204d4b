"""Hand-worked cases of the attention family: hours_viewed, views, average_minute_audience."""

from __future__ import annotations

import pytest
from viewing_world import World, after

from showmeter.errors import UsageError

L = "2024-03-01T08:00Z"
L_KR = "2024-03-01T15:00Z"


def _hours_world() -> World:
    w = World()
    w.season("show", runtimes=[3000, 3000], launches={"US": L, "KR": L_KR})
    w.view("a", "show", 1, 1, after(L, hours=1), 1800)
    w.view("a", "show", 1, 1, after(L, hours=2), 1800)  # a rewatch counts in hours
    w.view("b", "show", 1, 2, after(L, days=90), 900)  # inside 91 days
    w.view("c", "show", 1, 1, after(L, days=91), 900)  # exactly L + 91 d: outside
    w.view("d", "show", 1, 1, after(L, seconds=-1), 900)  # before the launch: ignored
    w.view("k", "show", 1, 1, after(L_KR, days=90, hours=23), 360, market="KR")  # KR's window
    w.member("web", "a", 2.0)
    w.member("web", "b", 0.5)
    return w


def test_hours_viewed_sums_seconds_in_the_window_with_rewatches(engine: str) -> None:
    w = _hours_world()
    # (1800 + 1800 + 900 + 360) / 3600 = 1.35 hours from a, b, k
    rows = w.rows("hours_viewed", engine)
    assert rows == [{"title": "show", "season": 1, "value": pytest.approx(1.35), "units": 3}]
    # web panel: (2 × 3600 + 0.5 × 900) / 3600 = 2.125
    assert w.values("hours_viewed", engine, panel="web") == {("show", 1): 2.125}
    # 7 days: a's 3600 s only
    assert w.values("hours_viewed", engine, window_days=7) == {("show", 1): 1.0}
    # by market: the KR unit's 360 s go to KR
    assert w.values("hours_viewed", engine, by_market=True) == {
        ("show", 1, "KR"): pytest.approx(0.1),
        ("show", 1, "US"): pytest.approx(1.25),
    }


def test_views_are_hours_over_the_season_runtime(engine: str) -> None:
    w = _hours_world()
    # runtime 6000 s = 1.6667 h; 1.35 / 1.6667 = 0.81
    assert w.rows("views", engine) == [
        {
            "title": "show",
            "season": 1,
            "value": pytest.approx(0.81),
            "hours_viewed": pytest.approx(1.35),
            "runtime_hours": pytest.approx(6000 / 3600),
        }
    ]
    # the web panel: 2.125 / 1.6667 = 1.275
    assert w.values("views", engine, panel="web") == {("show", 1): pytest.approx(1.275)}


def _audience_world() -> World:
    w = World()
    w.season("show", runtimes=[3000, 1200], launches={"US": L})
    w.member("tv", "a", 2.0, age=30)
    w.member("tv", "b", 1.0, age=55)
    w.member("tv", "c", 3.0, age=40)
    w.member("tv", "e", 5.0)  # age unknown
    w.view("a", "show", 1, 1, after(L, hours=1), 3000)
    w.view("a", "show", 1, 1, after(L, days=2), 1500)  # a rewatch: a's credit stays 3000 / 3000
    w.view("a", "show", 1, 2, after(L, days=3), 600)  # half of episode 2
    w.view("b", "show", 1, 1, after(L, days=6), 1500)  # half of episode 1
    w.view("b", "show", 1, 1, after(L, days=7), 1500)  # L + 7 d: outside the premiere week
    w.view("c", "show", 1, 1, after(L, hours=5), 750, device="mobile")  # a quarter, on mobile
    w.view("d", "show", 1, 1, after(L, hours=5), 3000)  # not in the panel
    w.view("e", "show", 1, 1, after(L, hours=5), 300)  # a tenth
    return w


def test_average_minute_audience_credits_each_unit_at_most_the_runtime(engine: str) -> None:
    w = _audience_world()
    # episode 1: a 2 × 1 + b 1 × 0.5 + c 3 × 0.25 + e 5 × 0.1 = 3.75; episode 2: a 2 × 0.5 = 1
    assert w.rows("average_minute_audience", engine, panel="tv") == [
        {"title": "show", "season": 1, "episode": 1, "value": 3.75, "units": 4},
        {"title": "show", "season": 1, "episode": 2, "value": 1.0, "units": 1},
    ]
    # without a panel every unit weighs 1: 1 + 0.5 + 0.25 + 1 (d) + 0.1 = 2.85; 0.5
    values = w.values("average_minute_audience", engine)
    assert values == {("show", 1, 1): pytest.approx(2.85), ("show", 1, 2): 0.5}


def test_average_minute_audience_on_tv_and_by_age(engine: str) -> None:
    w = _audience_world()
    # TV only: c's mobile session drops out: 2 + 0.5 + 0.5 = 3.0
    values = w.values("average_minute_audience", engine, panel="tv", devices="tv")
    assert values == {("show", 1, 1): 3.0, ("show", 1, 2): 1.0}
    # adults 18-49: a (30) and c (40): 2 + 0.75 = 2.75; e's age is unknown
    values = w.values("average_minute_audience", engine, panel="tv", ages="18-49")
    assert values == {("show", 1, 1): 2.75, ("show", 1, 2): 1.0}
    # 50 and over: b: 0.5; nobody in episode 2
    values = w.values("average_minute_audience", engine, panel="tv", ages="50+")
    assert values == {("show", 1, 1): 0.5, ("show", 1, 2): 0.0}
    # the first day only: a 2 and c 0.75 and e 0.5 = 3.25
    values = w.values("average_minute_audience", engine, panel="tv", window_days=1)
    assert values == {("show", 1, 1): 3.25, ("show", 1, 2): 0.0}


def test_ages_needs_a_panel(engine: str) -> None:
    w = _audience_world()
    with pytest.raises(UsageError, match=r"ages.*needs a panel"):
        w.compute("average_minute_audience", engine, ages="18-49")
