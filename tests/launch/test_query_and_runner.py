"""The launch model's queries are resolved once, and its one runner caches by resolved key."""

from __future__ import annotations

from pathlib import Path

import pytest

from showmeter.catalog import load_catalog
from showmeter.definitions.params import Params, SeasonKey
from showmeter.engines import compute
from showmeter.intake.load import ingest
from showmeter.launch.plan import plan_report
from showmeter.launch.query import Query, distinct_queries, resolved
from showmeter.launch.records import read_records
from showmeter.launch.runner import Runner
from showmeter.launch.scope import Scope
from showmeter.store import Store

EVENTS = (
    "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
    "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,1800,tv,US\n"
    "e2,a2,the-defenders,1,1,2017-08-18T09:00:00Z,1500,tv,KR\n"
)


def test_queries_written_differently_with_the_same_resolved_parameters_are_one() -> None:
    written = Query("reach", {"window_days": "30"}, "the-defenders", 1)
    default = Query("reach", {}, "the-defenders", 1)
    assert written.key == default.key
    assert len(distinct_queries([written, default])) == 1
    done = resolved(written)
    assert isinstance(done.params, Params)
    assert resolved(done) is done


@pytest.fixture
def store(catalog_file: Path, write) -> Store:  # type: ignore[no-untyped-def]
    opened = Store()
    ingest(opened, load_catalog(catalog_file), [("viewing", write("events.csv", EVENTS))])
    return opened


def test_a_page_plan_holds_resolved_queries(store: Store) -> None:
    key = SeasonKey("the-defenders", 1)
    figures = plan_report(Scope(key, basis={"markets": "US"}), read_records(store, key))
    queries = [q for figure in figures for q in figure.queries.values()]
    assert queries and all(isinstance(q.params, Params) for q in queries)
    reach = next(q for q in queries if q.metric == "reach")
    assert reach.params["markets"] == ("US",)


def test_the_runner_computes_what_compute_gives_and_caches_it(store: Store) -> None:
    runner = Runner(store)
    asked = [Query("reach", {"window_days": "30"}, "the-defenders", 1), Query("reach")]
    [one, every] = runner.compute_all(asked)
    alone = compute("reach", source=store.connection, title="the-defenders", season=1)
    assert one.rows == alone.rows
    assert every.rows == compute("reach", source=store.connection).rows
    misses = runner.results.misses
    assert runner.compute("reach", {}, title="the-defenders", season=1) is one
    assert runner.results.misses == misses
    runner.close()  # an open store given to the runner stays open
    assert store.load_count() == 1
