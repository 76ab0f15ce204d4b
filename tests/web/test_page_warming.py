"""Issue 18.3: ``showmeter serve`` computes season pages in the background, most wanted first.

The order is worked out from the demo world's own spec (the featured season, its reference,
the other Marvel seasons) and the catalog's launch dates; a warmed page must be the page a
fresh dashboard computes when asked (every figure's results equal), and its batch's plan kept
for the next process. The warmer's wait for visitors is checked through its switches, not
through time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_support import TestClient, same_result

from showmeter.definitions.params import DEVICE_NAMES
from showmeter.demo.scope import DEMO_REFERENCE, DEMO_SEASON, demo_scope
from showmeter.launch.runner import Runner
from showmeter.web import season as season_page
from showmeter.web import storeinfo
from showmeter.web.app import create_app
from showmeter.web.limits import Limits
from showmeter.web.pagewarm import (
    MARKETS,
    Activity,
    PageWarmer,
    featured,
    first_changes,
    variants,
    warm_order,
    warm_plan,
)
from showmeter.web.progress import Builds


@pytest.fixture
def sql_cache(tmp_path: Path) -> Iterator[Path]:
    """An empty cache folder of compiled SQL and page plans for the test."""
    before = os.environ.get("SHOWMETER_CACHE_DIR")
    os.environ["SHOWMETER_CACHE_DIR"] = str(tmp_path)
    yield tmp_path
    if before is None:
        os.environ.pop("SHOWMETER_CACHE_DIR", None)
    else:
        os.environ["SHOWMETER_CACHE_DIR"] = before


def test_the_featured_season_its_reference_and_peers_come_first(demo_store: Path) -> None:
    runner = Runner(demo_store)
    known = storeinfo.seasons(runner)
    order = warm_order(runner, len(known) + 5)
    # the demo's featured season (The Defenders), its reference (Daredevil 2), then the other
    # Marvel seasons of the demo world's spec, in the spec's order
    peers = [k for k in demo_scope().peers if k in known]
    assert order[:2] == [DEMO_SEASON, DEMO_REFERENCE]
    assert order[2 : 2 + len(peers)] == peers
    # then every other season once, from the latest launch back
    rest = order[2 + len(peers) :]
    assert sorted(order, key=str) == sorted(known, key=str)
    launches = [known[k].launch_at for k in rest]
    dated = [at for at in launches if at is not None]
    assert dated == sorted(dated, reverse=True)
    assert launches[: len(dated)] == dated  # seasons without a launch last
    assert warm_order(runner, 3) == order[:3]
    assert warm_order(runner, 0) == []
    assert featured(runner) == order[: 2 + len(peers)]


def test_the_featured_pages_control_changes_come_before_other_seasons(demo_store: Path) -> None:
    runner = Runner(demo_store)
    first = featured(runner)
    changes = variants(runner)
    codes = [c.value for c in storeinfo.markets(runner)]
    demand = storeinfo.demand_markets(runner)
    markets = [c for c in codes if c in demand] + [c for c in codes if c not in demand]
    assert len(markets) <= MARKETS  # the small demo world has fewer markets than the cap
    assert demand and markets[: len(demand)] == sorted(demand)
    # the first change of each control (a market with demand signals, one without, a device:
    # the templates the other values replay), each window offered, the audience in hours,
    # then each other market with sessions, those with demand signals first, and each device
    without = [m for m in markets if m not in demand]
    firsts = [
        season_page.Controls(market=markets[0]),
        *([season_page.Controls(market=without[0])] if without else []),
        season_page.Controls(device=DEVICE_NAMES[0]),
    ]
    assert first_changes(runner) == firsts
    assert changes == [
        *firsts,
        *(season_page.Controls(window=w) for w in season_page.WINDOWS),
        season_page.Controls(measure="time"),
        *(c for c in (season_page.Controls(market=m) for m in markets) if c not in firsts),
        *(season_page.Controls(device=d) for d in DEVICE_NAMES[1:]),
    ]
    default = season_page.Controls()
    plan = warm_plan(runner, 10_000)
    assert plan[: len(first)] == [(k, default) for k in first]
    assert plan[len(first) : len(first) + len(changes)] == [(first[0], c) for c in changes]
    rest = [k for k in warm_order(runner, 10_000) if k not in first]
    assert plan[len(first) + len(changes) :] == [(k, default) for k in rest]
    assert warm_plan(runner, 4) == plan[:4]
    assert warm_plan(runner, 0) == []


def test_serve_warms_pages_equal_to_those_computed_when_asked(
    demo_store: Path, sql_cache: Path
) -> None:
    limits = Limits(query_timeout=600.0)
    web = create_app(demo_store, limits=limits, warm_pages=2)
    with TestClient(web, base_url="http://127.0.0.1") as client:  # type: ignore[arg-type]
        web.state.pages.join(600)
        default = season_page.Controls()
        assert web.state.pages.warmed == [(DEMO_SEASON, default), (DEMO_REFERENCE, default)]
        runner = web.state.runner
        controls = season_page.Controls()
        warmed = season_page.cached(runner, DEMO_SEASON, controls)
        assert warmed is not None
        assert season_page.cached(runner, DEMO_REFERENCE, controls) is not None
        answer = client.get(f"/season/{DEMO_SEASON.title}/{DEMO_SEASON.season}")
        assert answer.status_code == 200
    assert list(sql_cache.rglob("batch-*.json"))  # the plans kept for the next process
    # the same page computed by a fresh runner, asked, with nothing warmed
    fresh = season_page.build(Runner(demo_store), DEMO_SEASON, season_page.Controls())
    assert [v.figure.key for v in warmed.views] == [v.figure.key for v in fresh.views]
    for shown, asked in zip(warmed.views, fresh.views, strict=True):
        assert shown.figure.results.keys() == asked.figure.results.keys()
        for name, result in shown.figure.results.items():
            same_result(result, asked.figure.results[name])


def test_a_dashboard_not_serving_warms_nothing(demo_store: Path) -> None:
    web = create_app(demo_store)  # create_app's default: no page warmed
    with TestClient(web, base_url="http://127.0.0.1"):  # type: ignore[arg-type]
        assert web.state.pages.thread is None
        assert web.state.pages.warmed == []


def test_activity_is_idle_only_without_requests_for_the_quiet_time() -> None:
    activity = Activity()
    assert activity.idle(0.0)
    activity.begin()
    activity.begin()
    assert not activity.idle(0.0)  # two requests run
    activity.end()
    assert not activity.idle(0.0)  # one still runs
    activity.end()
    assert activity.idle(0.0)
    assert not activity.idle(3600.0)  # a request ended less than an hour ago


def test_the_warmer_waits_for_visitors_and_stops_when_asked(demo_store: Path) -> None:
    runner = Runner(demo_store)
    activity = Activity()
    warmer = PageWarmer(runner, Builds(runner), activity, 5)
    activity.begin()  # a visitor's request runs
    warmer.stop()
    assert warmer._wait_idle() is False  # waited for the visitor, then stopped
    warmer.start()
    warmer.join(60)
    assert warmer.warmed == []  # stopped before any page


def test_altairs_check_is_back_on_when_the_last_page_has_drawn() -> None:
    from altair.utils import schemapi

    from showmeter.web.render import unchecked

    assert schemapi.DEBUG_MODE is True
    with unchecked():
        with unchecked():  # a second page drawn at the same time
            assert schemapi.DEBUG_MODE is False
        assert schemapi.DEBUG_MODE is False  # the first still draws
    assert schemapi.DEBUG_MODE is True
    schemapi.DEBUG_MODE = False  # a process that turned the check off keeps it off
    try:
        with unchecked():
            assert schemapi.DEBUG_MODE is False
        assert schemapi.DEBUG_MODE is False
    finally:
        schemapi.DEBUG_MODE = True


def test_shutting_down_stops_the_warmer_mid_page(demo_store: Path, sql_cache: Path) -> None:
    """The app's shutdown cancels the page the warmer is computing and ends the warmer.

    The warmer's first page is held at its start until it is cancelled (as a long page would
    be, between two computations); the app shuts down while it is held. Its next step then
    raises ``Cancelled``: the page ends with that error, unwarmed, and the warmer's thread ends.
    """
    import threading
    import time

    from showmeter.web.progress import Build, Cancelled

    web = create_app(demo_store, limits=Limits(query_timeout=600.0), warm_pages=50)
    builds: Builds = web.state.builds
    started: list[Build] = []
    reached = threading.Event()
    original = builds.start

    def held(key: object, run: object) -> Build:
        def until_cancelled(build: Build) -> None:
            reached.set()
            until = time.monotonic() + 60
            while not build.cancelled and time.monotonic() < until:
                time.sleep(0.01)
            build.step(0, 1, "held")  # the page's next step
            run(build)  # type: ignore[operator]

        build = original(key, until_cancelled)  # type: ignore[arg-type]
        started.append(build)
        return build

    builds.start = held  # type: ignore[method-assign]
    with TestClient(web, base_url="http://127.0.0.1"):  # type: ignore[arg-type]
        assert web.state.pages.thread is not None  # started with the app
        assert reached.wait(120)  # the warmer's first page is under way
    web.state.pages.join(60)
    assert not web.state.pages.thread.is_alive()
    assert len(started) == 1 and isinstance(started[0].error, Cancelled)
    assert web.state.pages.warmed == []
    assert builds.running() == 0


def test_no_build_starts_once_the_builds_are_closed(demo_store: Path) -> None:
    from showmeter.web.progress import Cancelled

    runner = Runner(demo_store, Limits())
    try:
        builds = Builds(runner)
        builds.close()
        ran: list[object] = []
        build = builds.start("page", ran.append)
        assert build.finished.is_set() and isinstance(build.error, Cancelled)
        assert ran == [] and builds.running() == 0
    finally:
        runner.close()
