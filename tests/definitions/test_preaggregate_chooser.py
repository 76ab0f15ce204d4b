"""The chooser of pre-aggregations (issue 18): what it serves, and equal to reading the sessions.

- A metric at a season figure's parameters is read from the figure's table without building
  the metric's relation (``_direct``): its expression must equal the one the general path
  gives (the relation built, then replaced by the table: an independent construction), and its
  results, single and batched (``compute_many``, the dashboard's and the report's way), must
  equal the sessions'.
- A market filter is *not* served from a by-market table, and must not be: ``markets`` selects
  the sessions first (docs/contracts.md), so a unit that views in two markets counts
  differently. Worked by hand below (such a unit's progress is computed from its sessions:
  test_preaggregates_markets.py).
"""

from __future__ import annotations

import dataclasses
import importlib
import math

import duckdb
import pytest
from viewing_world import World, after

from showmeter.definitions import preaggregates as declared
from showmeter.definitions.preaggregate_filters import SWITCH as FILTERED
from showmeter.engines import preaggregates as kept
from showmeter.engines import prepare
from showmeter.engines.batch import compute_many
from showmeter.engines.choice import engine_from
from showmeter.engines.preaggregated import SWITCH, _figure, choose
from showmeter.engines.sharing import substitute

L = "2024-03-01T08:00Z"  # the US launch
L_KR = "2024-03-01T15:00Z"  # the Korean launch, 7 h later

WORLDS = [
    ("test_completion", "_race_world"),
    ("test_completion", "_timing_world"),
    ("test_attention", "_hours_world"),
    ("test_audience", "_index_world"),
]


def _seasons(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    return [
        (str(t), int(s))
        for t, s in con.execute("SELECT title, season FROM seasons ORDER BY 1, 2").fetchall()
    ]


def _same(left: object, right: object) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-12) or (
            math.isnan(left) and math.isnan(right)
        )
    return left == right


@pytest.mark.parametrize(("module", "builder"), WORLDS)
def test_a_season_figure_is_read_from_its_table_without_building_the_metric(
    module: str, builder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    world: World = getattr(importlib.import_module(module), builder)()
    con = world.con
    kept.build(con)
    engine = engine_from("duckdb")
    state = kept.status(con)
    assert state.current
    calls: list[str] = []
    for figure in declared.SEASON_FIGURES:
        for title, season in _seasons(con):
            prepared = prepare(
                figure.metric, dict(figure.params), title=title, season=season, build=False
            )

            def spy(
                t: object,
                p: object,
                real: object = prepared.definition.build,
                name: str = figure.metric,
            ) -> object:
                calls.append(name)
                return real(t, p)  # type: ignore[operator]

            spied = dataclasses.replace(
                prepared, definition=dataclasses.replace(prepared.definition, build=spy)
            )
            chosen, expr, source = choose(con, spied, engine, state)
            assert source.tables == (figure.table,)
            assert calls == []  # the metric's relation was never built
            # the general path: the relation built over every season, then replaced
            wide = dataclasses.replace(prepared, alone=False, aggregates=frozenset(kept.tables()))
            reference = substitute(wide.expr, dict([_figure(figure)]))
            assert expr.equals(reference), (figure.table, title, season)
            assert chosen.expr.equals(reference)


def test_batched_figures_from_their_tables_equal_the_sessions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world: World = importlib.import_module("test_completion")._race_world()
    con = world.con
    kept.build(con)
    requests = [
        prepare(f.metric, dict(f.params), title=t, season=s, build=False)
        for f in declared.SEASON_FIGURES
        for t, s in _seasons(con)
    ]
    served = compute_many(requests, source=con)
    monkeypatch.setenv(SWITCH, "off")
    sessions = compute_many(requests, source=con)
    for request, a, b in zip(requests, served, sessions, strict=True):
        assert "pre-aggregations:" in (a.computed_from or ""), request.metric
        assert a.columns == b.columns and len(a.rows) == len(b.rows), request.metric
        for x, y in zip(a.rows, b.rows, strict=True):
            assert all(_same(x[k], y[k]) for k in x), (request.metric, x, y)


def _traveller_world() -> World:
    # Two episodes of 3000 s; completing one takes 0.9 × 3000 = 2700 s.
    w = World()
    w.season("show", runtimes=[3000, 3000], launches={"US": L, "KR": L_KR})
    # t: first session in Korea (L_KR + 1 h, episode 1 whole), then in the US (L_KR + 2 h,
    # episode 2 whole): its market is KR, and by its Korean launch it completed both episodes
    # in 3 h 50 min: a binge racer of the KR row.
    w.view("t", "show", 1, 1, after(L_KR, hours=1), 3000, market="KR")
    w.view("t", "show", 1, 2, after(L_KR, hours=2), 3000, market="US")
    # u: a US racer, both episodes in the US
    w.view("u", "show", 1, 1, L, 3000)
    w.view("u", "show", 1, 2, after(L, hours=1), 3000)
    return w


def test_a_market_filter_is_not_the_by_market_row_of_that_market(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = _traveller_world()
    kept.build(world.con)
    monkeypatch.setenv(FILTERED, "on")  # the per-unit progress may serve a filter
    # By market, t is a Korean unit and a racer: KR 1, US 1 (u).
    by_market = world.values("binge_racers", "duckdb", by_market=True)
    assert by_market == {("show", 1, "KR"): 1, ("show", 1, "US"): 1}
    # markets=KR keeps the Korean sessions only: t watched episode 1 alone there: 0 racers.
    only_kr = world.compute("binge_racers", "duckdb", markets="KR", title="show", season=1)
    assert [row["value"] for row in only_kr.rows] == [0]
    # so t, whose sessions the filter splits, is computed from its sessions; u from the kept
    # per-unit progress (it has no Korean session: no progress under the filter); and it says so
    said = only_kr.computed_from or ""
    assert said.startswith("Computed from the store's pre-aggregations"), said
    assert "agg_unit_progress" in said and "the sessions of the units" in said
    # over every season the sessions are read, and it says why
    every = world.compute("binge_racers", "duckdb", markets="KR")
    assert every.rows == only_kr.rows
    said = every.computed_from or ""
    assert said.startswith("Computed without pre-aggregations") and "--title" in said
    monkeypatch.setenv(SWITCH, "off")
    assert world.compute("binge_racers", "duckdb", markets="KR").rows == only_kr.rows
