"""The dashboard's runner computes a page's figures together, each cached as if alone."""

from __future__ import annotations

from pathlib import Path

import pytest

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
