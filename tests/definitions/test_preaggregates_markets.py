"""The per-unit progress under a market or device filter (issue 18), worked by hand.

``markets`` and ``devices`` select the sessions first (METRICS.md, "Common parameters"): a unit
that travelled between markets, or watched on several devices, has under the filter another
market, another L and other completions than its kept per-unit progress says. Such a unit is
computed from its sessions, every other unit from the kept rows
(:mod:`showmeter.definitions.preaggregate_filters`), when one title's or season's figures are
computed and ``SHOWMETER_FILTERED_PROGRESS=on`` (so every figure here is asked for the season
``show`` 1, switched on). Each figure below is
worked out by hand, and must come out the same with the pre-aggregations and without
(``SHOWMETER_PREAGGREGATES=off``); the world is also one of the hand-worked worlds of
test_preaggregates_agree.py.
"""

from __future__ import annotations

import pytest
from viewing_world import World, after

from showmeter.definitions.preaggregate_filters import SWITCH as FILTERED
from showmeter.engines import preaggregates as kept
from showmeter.engines.preaggregated import SWITCH


@pytest.fixture(autouse=True)
def _filtered_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-unit progress serves a filter only when switched on (off by default)."""
    monkeypatch.setenv(FILTERED, "on")


L = "2024-03-01T08:00Z"  # the US and British launch
L_KR = "2024-03-01T15:00Z"  # the Korean launch, 7 h later


def _travel_world() -> World:
    # Two episodes of 3000 s; completing one takes 0.9 × 3000 = 2700 s.
    w = World()
    w.season("show", runtimes=[3000, 3000], launches={"US": L, "GB": L, "KR": L_KR})
    # a: US, both episodes by L + 1 h 50 min: a racer
    w.view("a", "show", 1, 1, L, 3000)
    w.view("a", "show", 1, 2, after(L, hours=1), 3000)
    # t1: episode 1 in the US (done L + 1 h 50), episode 2 in Korea at L_KR + 2 h (done
    # L_KR + 2 h 50 = L + 9 h 50): a US unit and a racer; under markets=KR a Korean unit that
    # completed episode 2 only (at L_KR + 2 h 50), under markets=US episode 1 only
    w.view("t1", "show", 1, 1, after(L, hours=1), 3000)
    w.view("t1", "show", 1, 2, after(L_KR, hours=2), 3000, market="KR")
    # t2: episode 1 in Korea at L_KR + 1 h (done L_KR + 1 h 50), episode 2 in the US at
    # L + 30 h = L_KR + 23 h for 2700 s (done L_KR + 23 h 45): a Korean unit and a racer by the
    # Korean launch; under markets=US a US unit whose one session starts at L + 30 h, after
    # its 24 hours
    w.view("t2", "show", 1, 1, after(L_KR, hours=1), 3000, market="KR")
    w.view("t2", "show", 1, 2, after(L, hours=30), 2700)
    # t3: US, episode 1 on the TV at L + 2 h, episode 2 on the phone at L + 3 h (done
    # L + 3 h 50): a racer; under devices=tv episode 1 only
    w.view("t3", "show", 1, 1, after(L, hours=2), 3000)
    w.view("t3", "show", 1, 2, after(L, hours=3), 3000, device="mobile")
    # g: a Korean session an hour before the Korean launch counts nowhere (filtered or not);
    # then both episodes in the US (done L + 9 h 50): a US racer, whom markets=KR leaves out
    w.view("g", "show", 1, 1, after(L_KR, hours=-1), 3000, market="KR")
    w.view("g", "show", 1, 1, after(L, hours=8), 3000)
    w.view("g", "show", 1, 2, after(L, hours=9), 3000)
    # b: British, episode 1 whole, episode 2 half (1500 s): completes episode 1 only
    w.view("b", "show", 1, 1, after(L, hours=2), 3000, market="GB")
    w.view("b", "show", 1, 2, after(L, hours=4), 1500, market="GB")
    return w


H = 1 / 60  # an hour's minute
CASES: list[tuple[str, dict[str, object], dict[tuple[object, ...], object], str]] = [
    # binge racers (24 h): a, t1, t2, t3, g
    ("binge_racers", {}, {("show", 1): 5.0}, "value"),
    (
        "binge_racers",
        {"by_market": True},
        {("show", 1, "GB"): 0.0, ("show", 1, "KR"): 1.0, ("show", 1, "US"): 4.0},
        "value",
    ),
    # Korea alone: t1 has episode 2, t2 episode 1 there; g's session is before the launch
    ("binge_racers", {"markets": "KR"}, {("show", 1): 0.0}, "value"),
    ("binge_racers", {"markets": "KR", "by_market": True}, {("show", 1, "KR"): 0.0}, "value"),
    # the US alone: a, t3, g (t1 has episode 1 alone; t2's US session is after its 24 h)
    ("binge_racers", {"markets": "US"}, {("show", 1): 3.0}, "value"),
    # t2 has no US session within its 24 h (from the US launch): t1 is its only other unit
    ("binge_racers", {"markets": "US", "by_market": True}, {("show", 1, "US"): 3.0}, "value"),
    # both markets of the travellers: every session, as without a filter
    ("binge_racers", {"markets": "KR,US"}, {("show", 1): 5.0}, "value"),
    ("binge_racers", {"markets": "GB,KR"}, {("show", 1): 0.0}, "value"),
    # the TV alone: t3 has episode 1 alone there
    ("binge_racers", {"devices": "tv"}, {("show", 1): 4.0}, "value"),
    ("binge_racers", {"devices": "mobile"}, {("show", 1): 0.0}, "value"),
    ("binge_racers", {"devices": "tv", "markets": "US"}, {("show", 1): 2.0}, "value"),
    # completers (both episodes within 28 days): as the racers, with their own windows
    ("completers", {"markets": "US"}, {("show", 1): 3.0}, "value"),
    ("completers", {"markets": "KR"}, {("show", 1): 0.0}, "value"),
    ("completers", {"markets": "GB,KR,US"}, {("show", 1): 5.0}, "value"),
    # time to complete, US: a 1 h 50, t3 3 h 50, g 9 h 50
    ("time_to_complete", {"markets": "US"}, {("show", 1): 3 + 50 * H}, "value"),
    ("time_to_complete", {}, {("show", 1): 9 + 50 * H}, "value"),
    # the funnel, Korea: t2 completes episode 1, t1 episode 2 (both viewers of them)
    ("episode_funnel", {"markets": "KR"}, {("show", 1, 1): 1.0, ("show", 1, 2): 1.0}, "value"),
    ("episode_funnel", {"markets": "KR"}, {("show", 1, 1): 1.0, ("show", 1, 2): 1.0}, "started"),
    # every market: six complete episode 1, five episode 2; b views episode 2 (1500 s)
    (
        "episode_funnel",
        {"markets": "GB,KR,US"},
        {("show", 1, 1): 6.0, ("show", 1, 2): 5.0},
        "value",
    ),
    (
        "episode_funnel",
        {"markets": "GB,KR,US"},
        {("show", 1, 1): 6.0, ("show", 1, 2): 6.0},
        "started",
    ),
    # the funnel on the phone: t3's episode 2 alone, from L (t3 is a US unit either way)
    ("episode_funnel", {"devices": "mobile"}, {("show", 1, 1): 0.0, ("show", 1, 2): 1.0}, "value"),
]


@pytest.mark.parametrize(("metric", "params", "expected", "column"), CASES)
def test_a_filtered_completion_figure_is_worked_out_by_hand_both_ways(
    metric: str,
    params: dict[str, object],
    expected: dict[tuple[object, ...], object],
    column: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = _travel_world()
    kept.build(world.con)
    one: dict[str, object] = {"title": "show", "season": 1}  # one season's: see the module
    served = world.compute(metric, "duckdb", title="show", season=1, **params)
    said = served.computed_from or ""
    assert said.startswith("Computed from the store's pre-aggregations"), said
    if "markets" in params or "devices" in params:  # the kept progress, and the split units
        assert "agg_unit_progress" in said and "agg_unit_days" in said, said
        assert "the sessions of the units the market or device filter splits" in said
    assert world.values(metric, "duckdb", column, **one, **params) == pytest.approx(expected)
    monkeypatch.setenv(SWITCH, "off")  # the sessions, every unit
    assert world.values(metric, "duckdb", column, **one, **params) == pytest.approx(expected)


def test_the_progress_of_a_traveller_is_measured_from_its_market_under_the_filter() -> None:
    world = _travel_world()
    kept.build(world.con)
    # under markets=KR, t1 and t2 are Korean units timed from L_KR: t1 completed episode 2
    # at L_KR + 2 h 50, t2 episode 1 at L_KR + 1 h 50
    rows = world.rows("episode_progress", "duckdb", markets="KR", title="show", season=1)
    assert [
        (r["unit_id"], r["episode"], r["seconds"], r["value"], r["completed_hours"]) for r in rows
    ] == [
        ("t1", 2, 3000.0, 1.0, pytest.approx(2 + 50 * H)),
        ("t2", 1, 3000.0, 1.0, pytest.approx(1 + 50 * H)),
    ]
    # without the filter t1 is a US unit: episode 2 done at L + 9 h 50
    rows = world.rows("episode_progress", "duckdb")
    t1 = [(r["episode"], r["completed_hours"]) for r in rows if r["unit_id"] == "t1"]
    assert t1 == [(1, pytest.approx(1 + 50 * H)), (2, pytest.approx(9 + 50 * H))]


def test_off_by_default_a_filtered_figure_reads_the_sessions_and_says_how_to_switch_it_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(FILTERED)
    world = _travel_world()
    kept.build(world.con)
    served = world.compute("binge_racers", "duckdb", title="show", season=1, markets="US")
    assert [row["value"] for row in served.rows] == [3.0]  # a, t3, g (as above)
    said = served.computed_from or ""
    assert said.startswith("Computed without pre-aggregations") and FILTERED in said


def test_episode_progress_under_a_filter_says_it_reads_the_sessions_for_its_own_reason() -> None:
    """Switched on, a filtered ``episode_progress`` still reads the sessions (its rows are not
    computed season by season); the reason says so rather than to name a title and season."""
    world = _travel_world()
    kept.build(world.con)
    served = world.compute("episode_progress", "duckdb", title="show", season=1, markets="KR")
    said = served.computed_from or ""
    assert said.startswith("Computed without pre-aggregations"), said
    assert "not computed one season at a time" in said and "--title" not in said, said
