"""Property tests: on generated worlds, every metric equals the plain-Python reference.

Worlds are small (a few seasons, markets, units and sessions) and lean on the boundaries:
sessions at L − 1 s, L, L + 24 h, L + 7 d, launches that differ by market, seconds at the
thresholds, two panels. DuckDB runs many examples; Spark runs a few (each query takes ~1 s).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_metrics import Data, Member, Season, Session, reference
from viewing_world import at

from showmeter import definitions

EXAMPLES = {"duckdb": 25, "spark": 2}
BASE = at("2024-03-09T08:00Z")  # the day before the US daylight-saving change
HOUR = dt.timedelta(hours=1)
MARKETS = ("GB", "KR", "US")
UNITS = ("u1", "u2", "u3", "u4")
BOUNDARIES_H = (0, 1, 23, 24, 25, 48, 24 * 7, 24 * 14, 24 * 28, 24 * 30)


@st.composite
def worlds(draw: st.DrawFn) -> Data:
    titles = draw(st.lists(st.sampled_from("abc"), min_size=1, max_size=3, unique=True))
    seasons = []
    for index, title in enumerate(sorted(titles)):
        runtimes = draw(st.lists(st.sampled_from([600.0, 1000.0, 3000.0]), min_size=1, max_size=3))
        start = BASE + index * draw(st.sampled_from([0, 24, 30 * 24])) * HOUR
        markets = draw(st.lists(st.sampled_from(MARKETS), min_size=1, max_size=3, unique=True))
        launches = {m: start + draw(st.sampled_from([0, 1, 7, 24])) * HOUR for m in markets}
        seasons.append(Season(title, 1, runtimes, launches))
    sessions = []
    for number in range(draw(st.integers(0, 30))):
        season = draw(st.sampled_from(seasons))
        unit = draw(st.sampled_from(UNITS))
        episode = draw(st.integers(1, len(season.runtimes)))
        runtime = season.runtimes[episode - 1]
        seconds = draw(
            st.one_of(
                st.sampled_from([0, 60, 119, 119.5, 120, 300, 540, 600, 900, 2700, 3000, 3600]),
                st.sampled_from([0.25 * runtime, 0.5 * runtime, 0.9 * runtime, runtime]),
                st.integers(0, 4000),
            )
        )
        boundary = dt.timedelta(hours=draw(st.sampled_from(BOUNDARIES_H)))
        offset = draw(
            st.sampled_from(
                [
                    boundary,  # starts at L + k h
                    boundary - dt.timedelta(seconds=1),  # just before
                    boundary - dt.timedelta(microseconds=500_000),
                    boundary - dt.timedelta(seconds=seconds),  # ends exactly at L + k h
                    boundary - dt.timedelta(seconds=seconds),
                    draw(st.integers(-4, 24 * 32 * 2)) * HOUR / 2,  # anywhere, by half hours
                ]
            )
        )
        market = draw(st.sampled_from(MARKETS))
        earliest = min(season.launches.values())
        first = draw(st.sampled_from([season.launches.get(market, earliest), earliest]))
        sessions.append(
            Session(
                row_id=f"r{number:03d}",
                account=unit,
                profile=draw(st.sampled_from([None, unit + "-1", unit + "-2"])),
                person=draw(st.sampled_from([None, "p1", "p2", "p3"])),
                title=season.title,
                season=1,
                episode=episode,
                start=first + offset,
                seconds=float(seconds),
                device=draw(st.sampled_from(["tv", "mobile"])),
                market=market,
            )
        )
    members = [
        Member(
            "tv",
            "account",
            unit,
            draw(st.sampled_from([0.5, 1.0, 2.5, 4.0])),
            draw(st.sampled_from([None, 17, 18, 30, 49, 50, 70])),
        )
        for unit in draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=4, unique=True))
    ]
    members += [
        Member("web", "person", person, draw(st.sampled_from([1.0, 3.0])), None)
        for person in draw(st.lists(st.sampled_from(["p1", "p2"]), min_size=1, unique=True))
    ]
    return Data(seasons, sessions, members)


def _common(draw: st.DrawFn, *, by_market: bool = True) -> dict[str, Any]:
    unit = draw(st.sampled_from(["account", "account", "profile", "person"]))
    panels = {"account": [None, "tv"], "person": [None, "web"], "profile": [None]}[unit]
    params = {
        "unit": unit,
        "panel": draw(st.sampled_from(panels)),
        "devices": draw(st.sampled_from([None, "tv", "tv,mobile"])),
        "markets": draw(st.sampled_from([None, "US", "KR,GB"])),
        "anchor": draw(st.sampled_from(["market", "global"])),
    }
    if by_market:
        params["by_market"] = draw(st.booleans())
    return params


def _params(metric: str, data: Data, draw: st.DrawFn) -> dict[str, Any]:
    min_seconds = st.sampled_from([0, 120, 600])
    completion = st.sampled_from([0.5, 0.9, 1.0])
    window = st.sampled_from([1, 2, 7, 30])
    if metric == "reach":
        return {**_common(draw), "min_seconds": draw(min_seconds), "window_days": draw(window)}
    if metric == "daily_reach":
        return {
            **_common(draw),
            "min_seconds": draw(min_seconds),
            "days": draw(st.sampled_from([2, 9])),
        }
    if metric == "weekly_reach":
        return {
            **_common(draw),
            "min_seconds": draw(min_seconds),
            "weeks": draw(st.sampled_from([2, 5])),
        }
    if metric == "reach_index":
        return {
            **_common(draw, by_market=False),
            "min_seconds": draw(min_seconds),
            "reference": f"{draw(st.sampled_from(data.seasons)).title}:1",
            "window_days": draw(window),
            "normalization": draw(st.sampled_from(["raw", "share_of_active"])),
        }
    if metric in ("hours_viewed", "views"):
        return {**_common(draw), "window_days": draw(window)}
    if metric == "average_minute_audience":
        params = {**_common(draw), "window_days": draw(window)}
        if params["panel"] is not None:
            params["ages"] = draw(st.sampled_from([None, "18-49", "50+"]))
        return params
    if metric == "episode_funnel":
        return {
            **_common(draw),
            "completion": draw(completion),
            "min_seconds": draw(min_seconds),
            "window_days": draw(window),
        }
    if metric == "completers":
        return {
            **_common(draw),
            "completion": draw(completion),
            "season_share": draw(st.sampled_from([0.3, 0.9])),
            "window_days": draw(window),
        }
    if metric == "binge_racers":
        return {
            **_common(draw),
            "completion": draw(completion),
            "window_hours": draw(st.sampled_from([24, 48])),
        }
    if metric == "binge_race":
        hours = draw(st.lists(st.sampled_from([1, 6, 24, 25, 48, 168]), min_size=1, max_size=4))
        return {
            **_common(draw),
            "completion": draw(completion),
            "window_hours": ",".join(map(str, hours)),
        }
    if metric in ("time_to_complete", "episode_progress"):
        return {**_common(draw), "completion": draw(completion), "window_days": draw(window)}
    assert metric == "rank"
    ranked = draw(st.sampled_from(["reach", "hours_viewed", "binge_racers", "time_to_complete"]))
    return {"metric": ranked, **_params(ranked, data, draw)}


def _same(actual: list[dict[str, Any]], expected: list[dict[str, Any]]) -> bool:
    assert [list(r) for r in actual] == [list(r) for r in expected]
    for got, want in zip(actual, expected, strict=True):
        for name, value in want.items():
            if isinstance(value, float):
                assert got[name] == pytest.approx(value, rel=1e-9, abs=1e-9), (name, got, want)
            else:
                assert got[name] == value, (name, got, want)
    return True


ENGINES = [pytest.param("duckdb"), pytest.param("spark", marks=pytest.mark.spark)]
METRICS = [
    m.name
    for m in definitions.all_metrics()
    if m.family in ("audience", "attention", "completion", "ranking")
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("metric", METRICS)
def test_every_metric_matches_the_reference(metric: str, engine: str, request: Any) -> None:
    if engine == "spark":
        request.getfixturevalue("spark")

    @settings(
        max_examples=EXAMPLES[engine],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        world = data.draw(worlds())
        params = _params(metric, world, data.draw)
        result = world.world().compute(metric, engine, **params)
        assert _same(result.rows, reference(metric, world, result.params))

    check()
