"""A batch seen before runs the SQL it kept (engines.plans); the page's charts are valid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from web_support import same_result

from showmeter.engines.prepared import Prepared
from showmeter.launch.query import Query
from showmeter.launch.runner import Runner
from showmeter.web.limits import Limits

# What a season page's batch holds: relations shared by every title (time_to_complete and the
# rank of completers), one metric for two seasons (a relation compiled once and inlined),
# demand multiples of several periods (one query, split), a market filter. (This store is too
# small to keep pre-aggregations, so the plans kept here read the sessions only.)
ASKED = [
    Query("time_to_complete"),
    Query("rank", {"metric": "completers"}),
    Query("completers", {}, "the-defenders", 1),
    Query("binge_race", {}, "the-defenders", 1),
    Query("binge_race", {}, "daredevil", 2),
    Query("demand_multiple", {"start": "2017-08-11", "end": "2017-08-17"}),
    Query("demand_multiple", {"start": "2017-08-18", "end": "2017-08-24"}),
    Query("demand_multiple", {"start": "2017-08-25", "end": "2017-09-16"}),
    Query("reach", {"markets": "KR"}, "the-defenders", 1),
]


def test_a_batch_seen_before_runs_its_kept_sql_and_gives_the_same_results(
    demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    first = Runner(demo_store, Limits()).compute_all(ASKED)
    kept = list((tmp_path / "sql").glob("batch-*.json"))
    assert len(kept) == 1

    # Another runner (another process would do the same): no expression may be built now.
    def no_expression(self: Prepared) -> None:
        raise AssertionError(f"{self.metric}'s expression was built")

    monkeypatch.setattr(Prepared, "expr", property(no_expression))
    steps: list[tuple[int, int]] = []
    again = Runner(demo_store, Limits()).compute_all(
        ASKED, lambda done, total, _: steps.append((done, total))
    )
    # every result the same: rows, parameters, inputs (the launch and runtime notes, made
    # again on the store's rows), and what it was computed from
    for replayed, computed in zip(again, first, strict=True):
        same_result(replayed, computed)
    assert [r.computed_from for r in again] == [r.computed_from for r in first]
    assert [r.table.schema for r in again] == [r.table.schema for r in first]
    assert steps[-1] == (2 * len(ASKED), 2 * len(ASKED))  # the progress reaches its end


def test_another_batch_or_a_store_of_another_shape_is_computed_again(
    demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    Runner(demo_store, Limits()).compute_all(ASKED[:3])
    Runner(demo_store, Limits()).compute_all(ASKED[1:3])  # another batch: another plan
    monkeypatch.setenv("SHOWMETER_PREAGGREGATES", "off")  # the sessions: another plan
    off = Runner(demo_store, Limits()).compute_all(ASKED[:3])
    assert len(list((tmp_path / "sql").glob("batch-*.json"))) == 3
    assert all("without pre-aggregations" in str(r.computed_from) for r in off)


def test_a_kept_plan_that_cannot_be_replayed_is_computed_again_and_kept_anew(
    demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A kept plan of the right key but a broken body (another build's, edited by hand) was an
    # internal error on the page (found by review): the batch now computes and keeps it anew.
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    first = Runner(demo_store, Limits()).compute_all(ASKED[:3])
    [kept] = (tmp_path / "sql").glob("batch-*.json")
    entry = json.loads(kept.read_text())
    entry["steps"] = [["run", 99, "SELECT 1"]]  # a position no computation has
    kept.write_text(json.dumps(entry))
    again = Runner(demo_store, Limits()).compute_all(ASKED[:3])
    for replayed, computed in zip(again, first, strict=True):
        same_result(replayed, computed)
    assert json.loads(kept.read_text())["steps"] != entry["steps"]  # kept anew


def test_every_chart_of_the_season_page_is_valid_vega_lite(app: object) -> None:
    # The page draws its charts without Altair's check of each specification (its cost was
    # most of a chart's); Vega-Lite's JSON schema checks them here.
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    from showmeter.schema import SeasonKey
    from showmeter.web import season

    runner = app.state.runner  # type: ignore[attr-defined]
    limit, runner.timeout = runner.timeout, None  # the page built here (on a busy machine too)
    try:
        page = season.build(runner, SeasonKey("the-defenders", 1), season.Controls())
    finally:
        runner.timeout = limit
    specs = [p.chart for v in page.views for p in v.panels if p.chart is not None]
    assert len(specs) >= 8
    schema = load_schema()
    for spec in specs:
        validate_jsonschema(json.loads(json.dumps(spec)), schema)
