"""The registry and the parameters: lookup, parsing from strings and Python values, errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from showmeter import definitions
from showmeter.definitions.params import (
    AgeRange,
    Ages,
    Boolean,
    Choice,
    Date,
    Integer,
    Names,
    Number,
    SeasonKey,
    SeasonRef,
)
from showmeter.definitions.registry import Metric
from showmeter.errors import UsageError

VIEWING = [
    "reach",
    "daily_reach",
    "weekly_reach",
    "reach_index",
    "hours_viewed",
    "views",
    "average_minute_audience",
    "episode_funnel",
    "completers",
    "binge_racers",
    "time_to_complete",
]


def test_the_viewing_metrics_are_registered_by_family_and_rank_comes_last() -> None:
    names = definitions.names()
    assert [n for n in names if n in VIEWING] == VIEWING
    assert names[-1] == "rank"
    families = {m.name: m.family for m in definitions.all_metrics()}
    assert families["reach_index"] == "audience"
    assert families["average_minute_audience"] == "attention"
    assert families["time_to_complete"] == "completion"
    assert families["rank"] == "ranking"


def test_every_metric_is_documented_and_typed() -> None:
    for m in definitions.all_metrics():
        assert m.summary and m.definition and m.source and m.unit, m.name
        assert m.version >= 1
        assert m.columns[0] == "value"
        assert m.rows[:1] == ("title",)
        names = [p.name for p in m.params]
        assert len(names) == len(set(names)), m.name
        for param in m.params:
            assert param.help and param.kind.label, (m.name, param.name)


def test_common_parameters_have_the_defaults_of_metrics_md() -> None:
    echo = definitions.get("episode_funnel").resolve().echo()
    assert echo == {
        "unit": "account",
        "panel": None,
        "devices": None,
        "markets": None,
        "by_market": False,
        "anchor": "market",
        "completion": 0.9,
        "min_seconds": 120.0,
        "window_days": 28,
    }
    defaults = {
        ("reach", "window_days"): 30,
        ("daily_reach", "days"): 30,
        ("weekly_reach", "weeks"): 4,
        ("reach_index", "window_days"): 30,
        ("reach_index", "normalization"): "raw",
        ("hours_viewed", "window_days"): 91,
        ("views", "window_days"): 91,
        ("average_minute_audience", "window_days"): 7,
        ("completers", "season_share"): 0.9,
        ("completers", "window_days"): 28,
        ("binge_racers", "window_hours"): 24,
        ("time_to_complete", "window_days"): 28,
    }
    for (name, param), default in defaults.items():
        assert definitions.get(name).param(param).default == default, (name, param)


def test_strings_and_python_values_resolve_alike() -> None:
    reach = definitions.get("reach")
    from_cli = reach.resolve(
        {"window_days": "7", "by_market": "yes", "devices": "TV,mobile", "markets": "us, kr"}
    )
    from_python = reach.resolve(
        {"window_days": 7, "by_market": True, "devices": ["mobile", "tv"], "markets": ("KR", "US")}
    )
    assert dict(from_cli) == dict(from_python)
    assert from_cli.echo()["devices"] == ["mobile", "tv"]
    assert from_cli.echo()["markets"] == ["KR", "US"]
    assert reach.resolve({"devices": "all"}).echo()["devices"] is None


def test_unknown_metric_suggests_the_nearest_name() -> None:
    with pytest.raises(UsageError, match="unknown metric 'binge_racer'") as error:
        definitions.get("binge_racer")
    assert "Did you mean 'binge_racers'?" in str(error.value)


def test_unknown_parameter_suggests_the_nearest_name() -> None:
    with pytest.raises(UsageError, match="unknown parameter 'window_day'") as error:
        definitions.get("reach").resolve({"window_day": "30"})
    assert "Did you mean 'window_days'?" in str(error.value)


@pytest.mark.parametrize(
    ("metric", "name", "value", "expected"),
    [
        ("reach", "window_days", "thirty", "an integer from 1 to 3660"),
        ("reach", "window_days", 0, "an integer from 1 to 3660"),
        ("reach", "by_market", "maybe", "true or false"),
        ("reach", "unit", "household", "one of account, profile, person"),
        ("reach", "anchor", "local", "one of market, global"),
        ("reach", "devices", "tvv", "did you mean 'tv'"),
        ("reach", "markets", "USA", "'USA' is not one"),
        ("reach", "min_seconds", "-1", "a number ≥ 0"),
        ("binge_racers", "completion", "0", "a number > 0 and ≤ 1"),
        ("binge_racers", "completion", "1.5", "a number > 0 and ≤ 1"),
        ("reach_index", "reference", "daredevil", "title:season"),
        ("reach_index", "normalization", "projected", "one of raw, share_of_active"),
        ("average_minute_audience", "ages", "49-18", "from the lower age to the higher"),
        ("rank", "metric", "daily_reach", "one value per title and season"),
        ("rank", "metric", "binge_racer", "did you mean 'binge_racers'"),
    ],
)
def test_bad_values_say_what_is_expected(
    metric: str, name: str, value: object, expected: str
) -> None:
    given = {name: value}
    if metric == "reach_index" and name != "reference":
        given["reference"] = "a:1"
    with pytest.raises(UsageError, match=f"bad value for parameter '{name}'") as error:
        definitions.get(metric).resolve(given)
    assert expected in str(error.value)


def test_a_required_parameter_must_be_given() -> None:
    with pytest.raises(UsageError, match="needs the parameter 'reference'"):
        definitions.get("reach_index").resolve()
    with pytest.raises(UsageError, match="needs the parameter 'metric'"):
        definitions.get("rank").resolve()


def test_rank_takes_the_ranked_metrics_parameters() -> None:
    echo = definitions.get("rank").resolve({"metric": "binge_racers", "by_market": "true"}).echo()
    assert echo == {
        "metric": "binge_racers",
        "by_market": True,
        "unit": "account",
        "panel": None,
        "devices": None,
        "markets": None,
        "anchor": "market",
        "completion": 0.9,
        "window_hours": 24,
    }


def test_parameter_kinds_parse_both_forms() -> None:
    assert Integer(minimum=1).parse("12") == 12
    assert Integer().parse(3.0) == 3
    with pytest.raises(ValueError):
        Integer().parse(True)
    assert Number().parse("0.25") == 0.25
    with pytest.raises(ValueError):
        Number().parse("nan")
    assert Boolean().parse("Off") is False
    assert Choice(("raw", "share_of_active")).parse(" RAW ") == "raw"
    assert Names("markets", upper=True).parse("us,,kr, us") == ("KR", "US")
    assert SeasonRef().parse("the-defenders:1") == SeasonKey("the-defenders", 1)
    assert SeasonRef().parse(("daredevil", 2)) == SeasonKey("daredevil", 2)
    assert str(SeasonKey("daredevil", 2)) == "daredevil:2"
    assert AgeRange().parse("18-49") == Ages(18, 49)
    assert AgeRange().parse("50+") == Ages(50, None)
    assert AgeRange().echo(Ages(50, None)) == "50+"
    assert Date().parse("2017-08-20") == dt.date(2017, 8, 20)
    assert Date().echo(dt.date(2017, 8, 20)) == "2017-08-20"
    with pytest.raises(ValueError):
        Date().parse("20/08/2017")


def test_selecting_rows_by_a_column_the_metric_lacks_is_a_usage_error() -> None:
    def build(t: Any, p: Any) -> Any:
        return t.signals.select("title", "market", "date", value=t.signals.value)

    daily = Metric(
        name="signal_values",
        family="demand",
        summary="signal values",
        definition="Signal values.",
        source="a test",
        version=1,
        unit="points",
        rows=("title", "market", "date"),
        columns=("value",),
        params=(),
        build=build,
    )
    assert daily.expression(daily.resolve(), title="x").columns == (
        "title",
        "market",
        "date",
        "value",
    )
    with pytest.raises(UsageError, match="no season column"):
        daily.expression(daily.resolve(), season=1)
