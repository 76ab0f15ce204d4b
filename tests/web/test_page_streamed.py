"""A season page made as its figures come in is the page made after all of them, figure by figure.

:func:`showmeter.web.season.build` makes each figure's view (in a thread of its own) as soon as
a kept plan has given the figure's results, and draws its charts in another thread, while DuckDB
runs the next statements. These tests make the same pages the way they were made before (every
result first, then each view in turn, then each chart drawn by vl-convert directly) and compare
every table, chart specification and SVG, under several controls; and they check that the
results do come in one by one (else the comparison would test nothing new).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from showmeter.engines.plans import BatchPlan
from showmeter.launch.chart_style import render_svg
from showmeter.launch.display import Context
from showmeter.launch.query import Query
from showmeter.launch.runner import Runner
from showmeter.launch.scope import Figure
from showmeter.launch.views import view
from showmeter.results import Result
from showmeter.schema import SeasonKey
from showmeter.web import household, season, season_views, storeinfo
from showmeter.web.limits import Limits
from showmeter.web.render import unchecked

PAGE = SeasonKey("the-defenders", 1)

# the default page, a market (its template recorded), a second and third (replayed), a device
# and a second one, a window (another shape), the audience in time with a market
CONTROLS = [
    season.Controls(),
    season.Controls(market="KR"),
    season.Controls(market="GB"),
    season.Controls(market="US"),
    season.Controls(device="mobile"),
    season.Controls(device="tv"),
    season.Controls(window=7),
    season.Controls(market="GB", measure="time"),
]


def _as_before(runner: Runner, controls: season.Controls) -> list[dict[str, Any]]:
    """The page as it was made before: all results, then each view, then each chart drawn."""
    records = storeinfo.records(runner, PAGE)
    scope = season._scope(runner, PAGE, records, controls)
    small = storeinfo.viewers(runner, PAGE) <= storeinfo.SMALL_STORE
    figures = season._figures(scope, records, controls, small)
    answers = iter(runner.compute_all([q for f in figures for q in f.queries.values()]))
    for figure in figures:
        figure.results = {name: next(answers) for name in figure.queries}
    context = Context(scope, records)
    special = {"hours_by_week": season_views.time_view, household.KEY: household.progress_view}
    with unchecked():
        views = [special.get(f.key, view)(f, context) for f in figures]
    return [
        {
            "figure": shown.figure.key,
            "results": {k: r.to_json() for k, r in shown.figure.results.items()},
            "panels": [
                {
                    "table": (p.table.name, [c.key for c in p.table.columns], p.table.rows),
                    "chart": p.chart,
                    "svg": render_svg(p.chart) if p.chart is not None else p.svg,
                }
                for p in shown.panels
            ],
        }
        for shown in views
    ]


def _rounded(value: Any) -> Any:
    """``value`` with its doubles to 12 significant digits (in results' JSON and drawings too).

    A result the runner's cache no longer holds is computed again, and DuckDB's sums of
    doubles may then differ in their last bits (added in another order); the page is the same.
    """
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_rounded(item) for item in value)
    if isinstance(value, str) and value.startswith("{"):
        return _rounded(json.loads(value))
    if isinstance(value, str):
        return re.sub(r"\d+\.\d{10,}", lambda m: f"{float(m[0]):.12g}", value)
    return value


def _as_made(page: season.SeasonPage) -> list[dict[str, Any]]:
    return [
        {
            "figure": shown.figure.key,
            "results": {k: r.to_json() for k, r in shown.figure.results.items()},
            "panels": [
                {
                    "table": (p.table.name, [c.key for c in p.table.columns], p.table.rows),
                    "chart": p.chart,
                    "svg": p.svg,
                }
                for p in shown.panels
            ],
        }
        for shown in page.views
    ]


def test_every_view_table_chart_and_drawing_is_the_one_made_after_all_the_results(
    demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))  # plans recorded, then replayed
    monkeypatch.delenv("SHOWMETER_SQL_CACHE", raising=False)
    runner = Runner(demo_store, Limits(query_timeout=3600.0))
    pages = []
    try:
        for controls in CONTROLS:
            made = _as_made(season.build(runner, PAGE, controls))
            before = _as_before(runner, controls)  # the same results, from the runner's cache
            assert [v["figure"] for v in made] == [v["figure"] for v in before]
            assert len(made) >= 12
            for one, other in zip(made, before, strict=True):
                assert _rounded(one) == _rounded(other), (controls, one["figure"])
            assert sum(bool(p["svg"]) for v in made for p in v["panels"]) >= 8
            pages.append(made)
    finally:
        runner.close()
    # the controls give other pages (so equal pages are not equal by accident)
    svgs = [[p["svg"] for v in page for p in v["panels"]] for page in pages]
    assert len({tuple(s) for s in svgs}) == len(CONTROLS)


def test_a_replayed_page_gives_each_figure_as_it_comes_in_before_the_last_statement(
    demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("SHOWMETER_SQL_CACHE", raising=False)
    _queries(demo_store, "KR", compute=True)  # the template's plan kept
    runner = Runner(demo_store, Limits(query_timeout=3600.0))  # a new process: nothing cached
    events: list[tuple[str, int]] = []
    try:
        records = storeinfo.records(runner, PAGE)
        controls = season.Controls(market="GB")
        scope = season._scope(runner, PAGE, records, controls)
        figures = season._figures(scope, records, controls, small=False)

        def ready(n: int, figure: Figure) -> None:
            assert figure is figures[n] and list(figure.results) == list(figure.queries)
            events.append(("ready", n))

        runner.compute_figures(figures, lambda done, *_: events.append(("done", done)), ready)
        asked = [q for f in figures for q in f.queries.values()]
        expected = runner.compute_all(asked)  # cached now: what the batch gave
    finally:
        runner.close()
    readies = [n for kind, n in events if kind == "ready"]
    assert sorted(readies) == list(range(len(figures)))  # each once
    last_done = max(i for i, (kind, _) in enumerate(events) if kind == "done")
    first_ready = min(i for i, (kind, _) in enumerate(events) if kind == "ready")
    assert first_ready < last_done  # streamed, not all at the end
    got = [r for f in figures for r in f.results.values()]
    assert [r.to_json() for r in got] == [r.to_json() for r in expected]


def _queries(store: Path, market: str, *, compute: bool = False) -> list[Query]:
    runner = Runner(store, Limits(query_timeout=3600.0))
    try:
        asked = season.queries(runner, PAGE, season.Controls(market=market))
        if compute:
            runner.compute_all(asked)
        return asked
    finally:
        runner.close()


def test_each_query_is_told_once_with_its_result_cached_ones_and_repeats_included(
    demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    asked = [
        Query("completers", {}, "the-defenders", 1),
        Query("binge_race", {}, "the-defenders", 1),
        Query("completers", {}, "the-defenders", 1),  # the same again
        Query("reach", {}, "daredevil", 2),
    ]
    runner = Runner(demo_store, Limits(query_timeout=3600.0))
    try:
        runner.compute_all(asked[:1])  # one cached before
        told: list[tuple[int, Result]] = []
        results = runner.compute_all(asked, each=lambda i, r: told.append((i, r)))
    finally:
        runner.close()
    assert sorted(i for i, _ in told) == [0, 1, 2, 3]
    assert told[0][0] in (0, 2)  # the cached one first
    assert all(r is results[i] for i, r in told)


def test_an_error_of_the_page_during_a_replay_is_raised_and_the_plan_kept(
    demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A replay that fails with a ValueError (a plan of another shape) forgets its plan and
    # computes again; the same error raised by the page's own `each` is the page's: it is
    # raised as it is and the plan is kept (found by review: it was taken for the plan's)
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("SHOWMETER_SQL_CACHE", raising=False)
    _queries(demo_store, "KR", compute=True)  # the template's plan kept
    asked = _queries(demo_store, "GB")
    forgotten: list[object] = []
    monkeypatch.setattr(BatchPlan, "forget", lambda plan: forgotten.append(plan))

    def broken(_position: int, _result: Result) -> None:
        raise ValueError("the page's own error")

    runner = Runner(demo_store, Limits(query_timeout=3600.0))
    try:
        with pytest.raises(ValueError, match="the page's own error"):
            runner.compute_all(asked, each=broken)
    finally:
        runner.close()
    assert forgotten == []
