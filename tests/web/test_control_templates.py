"""A control change replays the page's template (engines.literals): the same figures both ways.

Every computation of a season page is computed under several market and device values twice:
through the kept plan of the page's template (the values put back into SQL compiled once with
marks) and directly (``SHOWMETER_SQL_CACHE=off``: each expression built with its own values and
compiled), and every result must be the same. Only the first value of a shape builds
expressions: the later ones are checked to build none, so the equality is the template's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from web_support import same_result

from showmeter.engines.prepared import Prepared
from showmeter.launch.query import Query
from showmeter.launch.runner import Runner
from showmeter.results import Result
from showmeter.schema import SeasonKey
from showmeter.web import season
from showmeter.web.limits import Limits

PAGE = SeasonKey("the-defenders", 1)

# one market and others of the same page (each its demand too), two markets absent from the
# data (whose page shows the demand of every market instead), lists of markets, a device, a
# device with a market
ONE_MARKET = [season.Controls(market=m) for m in ("KR", "GB", "US")]
ABSENT = [season.Controls(market=m) for m in ("ZZ", "QQ")]
SEVERAL = [season.Controls(market=m) for m in ("GB,KR,US", "KR,US,ZZ")]
DEVICES = [season.Controls(device=d) for d in ("mobile", "tv")]
BOTH = [season.Controls(device="desktop", market="KR"), season.Controls(device="tv", market="US")]


def _same(computed: Result, reference: Result) -> None:
    """Equal results (:func:`web_support.same_result`); an absent market's have no rows."""
    same_result(computed, reference, rows_may_be_none=True)


def _page(store: Path, controls: season.Controls) -> list[Result]:
    runner = Runner(store, Limits(query_timeout=3600.0))
    try:
        return runner.compute_all(season.queries(runner, PAGE, controls))
    finally:
        runner.close()


def _no_expression(self: Prepared) -> None:
    raise AssertionError(f"{self.metric}'s expression was built")


@pytest.mark.parametrize("values", [ONE_MARKET, ABSENT, SEVERAL, DEVICES, BOTH])
def test_every_figure_of_the_page_is_the_same_from_the_template_and_compiled_directly(
    values: list[season.Controls],
    demo_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("SHOWMETER_SQL_CACHE", raising=False)
    templated = [_page(demo_store, values[0])]  # the template kept, then replayed
    with monkeypatch.context() as patched:  # the later values: the template alone
        patched.setattr(Prepared, "expr", property(_no_expression))
        templated += [_page(demo_store, c) for c in values[1:]]
    [kept] = (tmp_path / "sql").glob("batch-*.json")  # one plan for every value
    text = kept.read_text()
    assert "@showmeter:" in text
    for controls in values:
        for value in f"{controls.market},{controls.device}".split(","):
            assert f"'{value}'" not in text
    monkeypatch.setenv("SHOWMETER_SQL_CACHE", "off")
    for controls, replayed in zip(values, templated, strict=True):
        direct = _page(demo_store, controls)
        assert len(replayed) == len(direct) >= 40
        for one, other in zip(replayed, direct, strict=True):
            _same(one, other)


def test_the_filters_give_other_figures_so_the_comparison_can_fail(
    demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The comparison above would pass on a template that ignored the values if every market
    # gave the same figures: they do not (KR is a small share of the sessions, ZZ has none).
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    korea = _page(demo_store, season.Controls(market="KR"))
    britain = _page(demo_store, season.Controls(market="GB"))
    nowhere = _page(demo_store, season.Controls(market="ZZ"))
    differ = [
        k.metric
        for k, g in zip(korea, britain, strict=True)
        if k.table.to_pylist() != g.table.to_pylist()
    ]
    assert len(differ) >= 10
    reach = [r for r in nowhere if r.metric == "reach"]
    assert reach and all(row["value"] in (0, 0.0, None) for r in reach for row in r.rows)


def test_a_template_plan_replays_with_the_values_and_its_echo_and_notes_are_the_values(
    demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    _page(demo_store, season.Controls(market="KR"))
    monkeypatch.setattr(Prepared, "expr", property(_no_expression))
    results = _page(demo_store, season.Controls(market="US"))
    markets = {json.dumps(r.params.get("markets")) for r in results if "markets" in r.params}
    assert markets == {'["US"]'}


def test_a_market_with_a_quote_or_odd_characters_is_refused_before_any_sql(
    app: object,
) -> None:
    from showmeter.errors import UsageError

    runner = app.state.runner  # type: ignore[attr-defined]
    for odd in ("K'R", "KR') OR ('1'='1", "K\\R", "%", "@showmeter:markets:000@"):
        with pytest.raises(UsageError):
            season.parse_controls(runner, {"market": [odd]})
        with pytest.raises(UsageError):
            season.parse_controls(runner, {"device": [odd]})


def _replayed(
    store: Path,
    monkeypatch: pytest.MonkeyPatch,
    visited: tuple[str | None, ...],
    last: str,
    after_first: Callable[[Runner, dict[str | None, list[Query]]], None] | None = None,
) -> None:
    """Visit the pages of ``visited`` markets in one runner, then ``last``'s, which must replay
    (build no expression) and equal its page compiled directly."""
    runner = Runner(store, Limits(query_timeout=3600.0))
    try:
        asked = {
            m: season.queries(runner, PAGE, season.Controls(market=m)) for m in (*visited, last)
        }
        for position, market in enumerate(visited):
            runner.compute_all(asked[market])
            if position == 0 and after_first is not None:
                after_first(runner, asked)
        with monkeypatch.context() as patched:
            patched.setattr(Prepared, "expr", property(_no_expression))
            replayed = runner.compute_all(asked[last])
    finally:
        runner.close()
    monkeypatch.setenv("SHOWMETER_SQL_CACHE", "off")
    for one, other in zip(replayed, _page(store, season.Controls(market=last)), strict=True):
        _same(one, other)


def test_in_one_runner_a_second_market_replays_though_some_of_its_figures_are_cached(
    demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The default page shows the demand of one market (US on the demo): its figures of the US
    # page are cached by then, the KR page's are not. The batch of a page with a filter holds
    # every computation of the page, cached or not, so that both are one template's batch.
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))

    def some_cached(runner: Runner, asked: dict[str | None, list[Query]]) -> None:
        assert runner.missing(asked["US"]) < runner.missing(asked["KR"])

    _replayed(demo_store, monkeypatch, (None, "KR"), "US", some_cached)


def test_a_plan_replays_whatever_the_process_computed_before(
    demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A market page first (the whole page computed), then the default page (some figures
    # cached, others not), then another market: its batch is the whole page again, so the
    # first market's plan replays though this process holds other figures by then.
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    _replayed(demo_store, monkeypatch, ("KR", None), "GB")
