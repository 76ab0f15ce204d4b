"""Hand-worked cases of the audience family: reach, daily_reach, weekly_reach, reach_index."""

from __future__ import annotations

import pytest
from viewing_world import World, after

from showmeter.errors import UsageError

L_US = "2024-03-01T08:00Z"  # midnight in Los Angeles (PST)
L_KR = "2024-03-01T15:00Z"  # midnight in Seoul, 7 hours later


def test_reach_needs_min_seconds_of_one_episode_summed_over_sessions(engine: str) -> None:
    w = World()
    w.season("show", runtimes=[3000, 3000], launches={"US": L_US})
    w.view("a", "show", 1, 1, after(L_US, hours=1), 120)  # exactly min_seconds: a viewer
    w.view("b", "show", 1, 1, after(L_US, hours=1), 119)  # one second short
    w.view("c", "show", 1, 1, after(L_US, hours=1), 60)  # 60 + 60 of one episode = 120: a viewer
    w.view("c", "show", 1, 1, after(L_US, hours=5), 60)
    w.view("d", "show", 1, 1, after(L_US, hours=1), 100)  # 100 + 100 of two episodes: not one
    w.view("d", "show", 1, 2, after(L_US, hours=2), 100)
    # viewers: a, c -> reach 2
    assert w.rows("reach", engine) == [{"title": "show", "season": 1, "value": 2.0, "units": 2}]
    # min_seconds=100: a, b, c (120 ≥ 100) and d (100 of episode 1) -> 4
    assert w.values("reach", engine, min_seconds=100) == {("show", 1): 4.0}


def test_reach_measures_each_session_from_the_launch_in_its_market(engine: str) -> None:
    w = World()
    w.season("show", launches={"US": L_US, "KR": L_KR})
    w.view("us1", "show", 1, 1, L_US, 600)  # at L exactly: counts
    w.view("us2", "show", 1, 1, after(L_US, hours=24), 600)  # at L + 24 h: outside 1 day
    w.view("us0", "show", 1, 1, after(L_US, seconds=-1), 600)  # before the launch: ignored
    w.view("kr1", "show", 1, 1, after(L_US, hours=1), 600, market="KR")  # before the KR launch
    w.view("kr2", "show", 1, 1, L_KR, 600, market="KR")
    w.view("kr3", "show", 1, 1, after(L_US, hours=30), 600, market="KR")  # L_KR + 23 h
    # anchor=market, 1 day: us1, kr2, kr3 -> 3
    assert w.values("reach", engine, window_days=1) == {("show", 1): 3.0}
    # anchor=global: L = L_US everywhere; [L_US, L_US + 24 h) holds us1, kr1 (L_US + 1 h),
    # kr2 (L_US + 7 h); kr3 (L_US + 30 h) and us2 (L_US + 24 h) are outside -> 3, other units
    rows = w.rows("reach", engine, window_days=1, anchor="global")
    assert rows == [{"title": "show", "season": 1, "value": 3.0, "units": 3}]
    # 2 days, by market anchor: us1, us2, kr2, kr3 -> 4; global: us1, us2, kr1, kr2, kr3 -> 5
    assert w.values("reach", engine, window_days=2) == {("show", 1): 4.0}
    assert w.values("reach", engine, window_days=2, anchor="global") == {("show", 1): 5.0}


def test_windows_are_whole_hours_across_a_daylight_saving_change(engine: str) -> None:
    # US clocks went forward on 2024-03-10. Each season launches at midnight in Los Angeles:
    # 08:00Z before the change (PST), 07:00Z after it (PDT).
    w = World()
    w.season("winter", launches={"US": "2024-03-09T08:00Z"})
    w.season("summer", launches={"US": "2024-03-15T07:00Z"})
    # winter's day 2 is [03-10T08:00Z, 03-11T08:00Z): 07:30Z on the 11th is after local
    # midnight (07:00Z) but still day 2; 08:00Z on the 11th is day 3.
    w.view("a", "winter", 1, 1, "2024-03-11T07:30Z", 600)
    w.view("b", "winter", 1, 1, "2024-03-11T08:00Z", 600)
    w.view("c", "summer", 1, 1, "2024-03-15T07:00Z", 600)  # at L: day 1
    w.view("d", "summer", 1, 1, "2024-03-15T06:59:59Z", 600)  # one second before L: ignored
    daily = w.values("daily_reach", engine, days=3)
    assert daily == {
        ("summer", 1, 1): 1.0,
        ("summer", 1, 2): 0.0,
        ("summer", 1, 3): 0.0,
        ("winter", 1, 1): 0.0,
        ("winter", 1, 2): 1.0,
        ("winter", 1, 3): 1.0,
    }
    # a 2-day window of winter is [03-09T08:00Z, 03-11T08:00Z): a is in, b is out
    assert w.values("reach", engine, window_days=2) == {("summer", 1): 1.0, ("winter", 1): 1.0}


def test_a_30_day_window_ends_720_hours_after_the_launch(engine: str) -> None:
    # L = 2024-03-01T08:00Z; L + 720 h = 2024-03-31T08:00Z, which is 01:00 in Los Angeles
    # (daylight time): counting 30 local calendar days would end at 07:00Z instead.
    w = World()
    w.season("show", launches={"US": L_US})
    w.view("a", "show", 1, 1, "2024-03-31T07:30Z", 600)  # inside
    w.view("b", "show", 1, 1, "2024-03-31T08:00Z", 600)  # exactly L + 720 h: outside
    assert w.values("reach", engine) == {("show", 1): 1.0}


def test_unit_picks_the_id_column_and_leaves_out_sessions_without_it(engine: str) -> None:
    w = World()
    w.season("show", launches={"US": L_US})
    start = after(L_US, hours=1)
    w.view("A", "show", 1, 1, start, 600, profile="A1", person="P")
    w.view("A", "show", 1, 1, start, 600, profile="A2")
    w.view("B", "show", 1, 1, start, 600, person="Q")
    w.view(None, "show", 1, 1, start, 600, profile="C1", person="Q")
    # accounts A, B -> 2; profiles A1, A2, C1 -> 3; persons P, Q -> 2
    assert w.values("reach", engine) == {("show", 1): 2.0}
    assert w.values("reach", engine, unit="profile") == {("show", 1): 3.0}
    assert w.values("reach", engine, unit="person") == {("show", 1): 2.0}


def test_panel_counts_only_its_units_of_the_unit_kind_with_their_weights(engine: str) -> None:
    w = World()
    w.season("show", launches={"US": L_US})
    for unit in ("a", "b", "c"):
        w.view(unit, "show", 1, 1, after(L_US, hours=2), 600, person="p-" + unit)
    w.member("desktop", "a", 2.5)
    w.member("desktop", "b", 1.5)  # c is not in the panel
    w.member("tv", "p-c", 1000.0, unit="person", age=30)  # a second panel, of persons
    w.member("tv", "a", 7.0, unit="person")  # a person id equal to an account id: never matched
    assert w.rows("reach", engine) == [{"title": "show", "season": 1, "value": 3.0, "units": 3}]
    # desktop panel: a (2.5) + b (1.5) = 4.0 from 2 units
    rows = w.rows("reach", engine, panel="desktop")
    assert rows == [{"title": "show", "season": 1, "value": 4.0, "units": 2}]
    # tv panel counts persons: p-c weighs 1000
    assert w.values("reach", engine, panel="tv", unit="person") == {("show", 1): 1000.0}
    with pytest.raises(UsageError, match="no panel 'tv' of account units"):
        w.compute("reach", engine, panel="tv")


def test_devices_and_markets_select_the_sessions_that_count(engine: str) -> None:
    w = World()
    w.season("show", launches={"US": L_US, "KR": L_KR})
    start = after(L_KR, hours=1)
    w.view("a", "show", 1, 1, start, 600, device="tv")
    w.view("b", "show", 1, 1, start, 600, device="mobile")
    w.view("c", "show", 1, 1, start, 600, device="tv", market="KR")
    w.view("d", "show", 1, 1, start, 60, device="tv")  # 60 on tv + 60 on mobile = 120
    w.view("d", "show", 1, 1, start, 60, device="mobile")
    assert w.values("reach", engine) == {("show", 1): 4.0}  # a, b, c, d
    assert w.values("reach", engine, devices="tv") == {("show", 1): 2.0}  # a, c (d has 60 s)
    assert w.values("reach", engine, devices="TV, mobile") == {("show", 1): 4.0}
    assert w.values("reach", engine, markets="kr") == {("show", 1): 1.0}  # c
    assert w.values("reach", engine, devices=["mobile"], markets=["US"]) == {("show", 1): 1.0}


def test_by_market_puts_each_unit_in_the_market_of_its_first_session(engine: str) -> None:
    w = World()
    w.season("show", launches={"US": L_US, "KR": L_KR, "GB": L_US})
    w.view("t", "show", 1, 1, after(L_KR, hours=1), 600, market="KR")  # first in KR, then US
    w.view("t", "show", 1, 1, after(L_KR, hours=5), 600, market="US")
    w.view("u", "show", 1, 1, after(L_US, hours=-1), 600, market="US")  # before launch: ignored
    w.view("u", "show", 1, 1, after(L_KR, hours=2), 600, market="KR")  # so u is KR
    w.view("v", "show", 1, 1, after(L_US, hours=1), 600, market="US")
    w.view("w", "show", 1, 1, after(L_KR, hours=3), 600, market="US")  # simultaneous sessions:
    w.view("w", "show", 1, 1, after(L_KR, hours=3), 600, market="GB")  # GB < US
    w.view("x", "show", 1, 1, after(L_US, hours=1), 600, market="US", device="mobile")
    w.view("x", "show", 1, 1, after(L_KR, hours=9), 600, market="KR")  # x: US, but KR on tv
    assert w.values("reach", engine, by_market=True) == {
        ("show", 1, "GB"): 1.0,  # w
        ("show", 1, "KR"): 2.0,  # t, u
        ("show", 1, "US"): 2.0,  # v, x
    }
    # devices select sessions first: on tv, x's first session is in KR
    assert w.values("reach", engine, by_market="true", devices="tv") == {
        ("show", 1, "GB"): 1.0,
        ("show", 1, "KR"): 3.0,
        ("show", 1, "US"): 1.0,
    }
    assert w.values("reach", engine) == {("show", 1): 5.0}  # the markets add up


def test_every_launched_season_has_a_row_even_without_viewers(engine: str) -> None:
    w = World()
    w.season("watched", launches={"US": L_US})
    w.season("unwatched", launches={"US": L_US})
    w.view("a", "watched", 1, 1, after(L_US, hours=1), 600)
    assert w.rows("reach", engine) == [
        {"title": "unwatched", "season": 1, "value": 0.0, "units": 0},
        {"title": "watched", "season": 1, "value": 1.0, "units": 1},
    ]
    assert w.rows("reach", engine, title="watched") == [
        {"title": "watched", "season": 1, "value": 1.0, "units": 1}
    ]


def test_daily_reach_counts_each_day_separately(engine: str) -> None:
    w = World()
    w.season("show", launches={"US": L_US})
    w.view("a", "show", 1, 1, after(L_US, hours=23, minutes=59), 60)  # day 1, 60 s
    w.view("a", "show", 1, 1, after(L_US, hours=24), 60)  # day 2, 60 s: 120 s over two days
    w.view("b", "show", 1, 1, after(L_US, hours=24), 600)  # day 2
    w.view("b", "show", 1, 1, after(L_US, hours=47), 600)  # day 2 again: counted once
    w.view("c", "show", 1, 1, after(L_US, hours=48), 600)  # day 3, outside days=2
    rows = w.rows("daily_reach", engine, days=2, min_seconds=60)
    assert rows == [
        {"title": "show", "season": 1, "day": 1, "value": 1.0, "units": 1},  # a
        {"title": "show", "season": 1, "day": 2, "value": 2.0, "units": 2},  # a, b
    ]
    # with min_seconds=120, a's 60 s a day never count
    assert w.values("daily_reach", engine, days=2) == {("show", 1, 1): 0.0, ("show", 1, 2): 1.0}


def test_weekly_reach_and_week_over_week_change(engine: str) -> None:
    w = World()
    w.season("show", launches={"US": L_US})
    for unit in "abcd":  # week 1: 4 units
        w.view(unit, "show", 1, 1, after(L_US, days=6, hours=23, minutes=59), 600)
    for unit in "ab":  # week 2 starts exactly at L + 7 d: 2 units
        w.view(unit, "show", 1, 1, after(L_US, days=7), 600)
    # week 3: nobody; week 4: a
    w.view("a", "show", 1, 1, after(L_US, days=27), 600)
    w.view("e", "show", 1, 1, after(L_US, days=28), 600)  # L + 28 d: after week 4
    assert w.rows("weekly_reach", engine) == [
        {"title": "show", "season": 1, "week": 1, "value": 4.0, "units": 4, "wow_change": None},
        # 2 / 4 − 1 = −0.5 (a 50 % drop)
        {"title": "show", "season": 1, "week": 2, "value": 2.0, "units": 2, "wow_change": -0.5},
        # 0 / 2 − 1 = −1
        {"title": "show", "season": 1, "week": 3, "value": 0.0, "units": 0, "wow_change": -1.0},
        # 1 / 0: null after an empty week
        {"title": "show", "season": 1, "week": 4, "value": 1.0, "units": 1, "wow_change": None},
    ]


def test_weekly_reach_by_market_keeps_each_markets_weeks_apart(engine: str) -> None:
    w = World()
    w.season("show", launches={"US": L_US, "KR": L_KR})
    w.view("a", "show", 1, 1, after(L_US, days=1), 600)  # US week 1
    w.view("b", "show", 1, 1, after(L_US, days=8), 600)  # US week 2
    w.view("c", "show", 1, 1, after(L_KR, days=8), 600, market="KR")  # KR week 2
    w.view("d", "show", 1, 1, after(L_KR, days=9), 600, market="KR")  # KR week 2
    values = w.values("weekly_reach", engine, "wow_change", by_market=True, weeks=2)
    # KR: week 1 is empty, so week 2's change is null; US: 1 / 1 − 1 = 0
    assert values == {
        ("show", 1, "KR", 1): None,
        ("show", 1, "KR", 2): None,
        ("show", 1, "US", 1): None,
        ("show", 1, "US", 2): 0.0,
    }


def _index_world() -> World:
    w = World()
    w.season("daredevil", 2, launches={"US": "2016-03-18T07:00Z"})
    w.season("the-defenders", 1, launches={"US": "2017-08-18T07:00Z"})
    w.season("other", 1, launches={"US": "2015-01-01T08:00Z"})
    for unit in "abcd":  # 4 viewers of Daredevil S2 in its first 30 days
        w.view(unit, "daredevil", 2, 1, "2016-03-20T12:00Z", 1800)
    w.view("a", "the-defenders", 1, 1, "2017-08-19T12:00Z", 1800)  # 1 viewer of The Defenders
    w.view("z", "the-defenders", 1, 1, "2017-09-17T07:00Z", 1800)  # L + 30 d: too late
    # other activity: e in Daredevil's window; f, g, h in The Defenders' window
    w.view("e", "other", 1, 1, "2016-03-25T12:00Z", 10)
    for unit in "fgh":
        w.view(unit, "other", 1, 1, "2017-08-25T12:00Z", 10)
    return w


def test_reach_index_against_a_reference_season(engine: str) -> None:
    w = _index_world()
    rows = {r["title"]: r for r in w.rows("reach_index", engine, reference="daredevil:2")}
    # raw: 100 × 1 / 4 = 25
    assert rows["the-defenders"]["value"] == 25.0
    assert rows["daredevil"]["value"] == 100.0
    assert rows["the-defenders"]["reference_reach"] == 4.0
    assert rows["the-defenders"]["active"] is None
    # share of active: Daredevil 4 viewers of 5 active units (a, b, c, d, e) = 0.8; The
    # Defenders 1 viewer of 4 active units (a, f, g, h; z started at L + 30 d, outside) = 0.25;
    # index = 100 × 0.25 / 0.8 = 31.25
    shares = w.rows("reach_index", engine, reference="daredevil:2", normalization="share_of_active")
    defenders = next(r for r in shares if r["title"] == "the-defenders")
    assert defenders == {
        "title": "the-defenders",
        "season": 1,
        "value": pytest.approx(31.25),
        "reach": 1.0,
        "reference_reach": 4.0,
        "active": 4.0,
        "reference_active": 5.0,
    }


def test_reach_index_reference_must_exist_and_a_zero_reference_gives_null(engine: str) -> None:
    w = _index_world()
    with pytest.raises(UsageError, match="no season daredevil:3"):
        w.compute("reach_index", engine, reference="daredevil:3")
    w.season("flop", 1, launches={"US": "2018-01-01T08:00Z"})
    values = w.values("reach_index", engine, reference="flop:1")
    assert values[("the-defenders", 1)] is None  # 1 / 0
