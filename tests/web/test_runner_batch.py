"""The dashboard's runner computes a page's figures together, each cached as if alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_support import same_result

from showmeter.engines.base import Batch
from showmeter.launch.query import Query
from showmeter.launch.runner import QueryTimeout, Runner
from showmeter.web.limits import Limits

ASKED = [
    Query("time_to_complete"),
    Query("rank", {"metric": "completers"}),
    Query("completers", {}, "the-defenders", 1),
    Query("binge_race", {}, "the-defenders", 1),
]


def test_a_batch_gives_what_each_computation_gives_alone(demo_store: Path) -> None:
    together, alone = Runner(demo_store, Limits()), Runner(demo_store, Limits())
    try:
        batch = together.compute_all(ASKED)
        single = [alone.compute(q.metric, q.params, title=q.title, season=q.season) for q in ASKED]
        assert [r.to_json() for r in batch] == [r.to_json() for r in single]
        misses = together.results.misses
        again = together.compute_all(ASKED)  # every result is cached now
        assert together.results.misses == misses
        assert [r.to_json() for r in again] == [r.to_json() for r in batch]
        # and each one is the cached result a single computation finds
        assert together.compute("completers", {}, title="the-defenders", season=1) is batch[2]
    finally:
        together.close()
        alone.close()


def test_a_batch_past_the_time_limit_is_cut_off(demo_store: Path) -> None:
    runner = Runner(demo_store, Limits())  # opening reads the store under the limit; set it after
    runner.timeout = 0.001
    try:
        with pytest.raises(QueryTimeout, match="figures took longer than the limit"):
            runner.compute_all(ASKED)
        runner.timeout = 30.0
        assert len(runner.compute_all(ASKED[:1])) == 1  # the next batch starts clean
    finally:
        runner.close()


def test_demand_multiples_of_several_periods_are_one_query_each_as_alone(
    demo_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A season page asks for the demand multiple of each week around the launch: those of one
    # market (and of every market) are computed in one query (engines.periods); each result
    # must be the one demand_multiple gives for its period alone. The reference is the metric
    # computed alone, one period at a time.
    weeks = [
        ("2017-08-11", "2017-08-17"),
        ("2017-08-18", "2017-08-24"),
        ("2017-08-25", "2017-09-16"),
    ]
    asked = [Query("demand_multiple", {"start": s, "end": e}) for s, e in weeks]
    asked += [Query("demand_multiple", {"start": s, "end": e, "markets": "KR"}) for s, e in weeks]
    asked.append(Query("demand_multiple", {"start": "first", "end": "2017-08-17"}))  # alone
    together, alone = Runner(demo_store, Limits()), Runner(demo_store, Limits())
    queries = []
    execute = Batch.execute
    monkeypatch.setattr(
        Batch, "execute", lambda self, p, e=None: queries.append(p.metric) or execute(self, p, e)
    )
    try:
        batch = together.compute_all(asked)
        assert len(queries) == 3  # every market's weeks, KR's weeks, and the one from `first`
        for query, merged in zip(asked, batch, strict=True):
            same_result(merged, alone.compute(query.metric, query.params))
    finally:
        together.close()
        alone.close()


def test_a_relation_several_seasons_hold_is_compiled_once_each_as_alone(
    demo_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Computations of one metric for two seasons (none for every title) hold the same
    # relation over every session: compiled once, inlined in each one's SQL
    # (engines.inlined); each result must be the one computed alone.
    from showmeter.engines.inlined import Inlined

    asked = [
        Query(metric, {}, title, season)
        for metric in ("binge_race", "completers")
        for title, season in (("the-defenders", 1), ("daredevil", 2))
    ]
    inlined: list[str] = []
    sql = Inlined.sql

    def recorded(self: Inlined, position: int, expr: object) -> str | None:
        found = sql(self, position, expr)  # type: ignore[arg-type]
        if found is not None:
            inlined.append(found)
        return found

    monkeypatch.setattr(Inlined, "sql", recorded)
    together, alone = Runner(demo_store, Limits()), Runner(demo_store, Limits())
    try:
        batch = together.compute_all(asked)
        single = [alone.compute(q.metric, q.params, title=q.title, season=q.season) for q in asked]
        assert [r.to_json() for r in batch] == [r.to_json() for r in single]
        # each completers' SQL names the relation compiled once; the binge races of the two
        # seasons are one query (engines.season_groups), which inlines nothing
        assert len(inlined) == 2
        assert all("showmeter_inline_" in text for text in inlined)
    finally:
        together.close()
        alone.close()
