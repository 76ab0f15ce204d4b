"""season_alone: a one-season request that reads only its season's sessions gives the rows that
the request over every season gives for that season."""

from __future__ import annotations

from typing import Any

import ibis
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import _params, _same, worlds

from showmeter import definitions
from showmeter.engines import prepare

ALONE = [m.name for m in definitions.all_metrics() if m.season_alone]


def test_the_metrics_that_read_one_season_alone() -> None:
    assert sorted(ALONE) == [
        "average_minute_audience",
        "binge_race",
        "binge_racers",
        "completers",
        "daily_reach",
        "episode_funnel",
        "hours_viewed",
        "reach",
        "time_to_complete",
        "views",
        "weekly_reach",
    ]
    assert not definitions.get("reach_index").season_alone  # against the average of every title
    assert not definitions.get("rank").season_alone


def test_a_one_season_request_filters_the_sessions_first() -> None:
    sql = ibis.to_sql(prepare("completers", {}, title="show", season=1).expr, dialect="duckdb")
    every = ibis.to_sql(prepare("completers", {}).expr, dialect="duckdb")
    assert sql.count("'show'") > every.count("'show'")
    assert "'show'" not in every


@pytest.mark.parametrize("metric", ALONE)
def test_one_season_alone_equals_its_rows_among_every_season(metric: str) -> None:
    @settings(
        max_examples=8,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        world = data.draw(worlds())
        params = _params(metric, world, data.draw)
        season = data.draw(st.sampled_from(world.seasons))
        store = world.world()
        every = store.compute(metric, "duckdb", **params).rows
        wanted = [r for r in every if r["title"] == season.title and r["season"] == 1]
        alone: list[dict[str, Any]] = store.compute(
            metric, "duckdb", title=season.title, season=1, **params
        ).rows
        assert _same(alone, wanted)

    check()
