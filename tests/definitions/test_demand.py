"""Hand-worked cases of the demand family: demand, demand_multiple, demand_percentile,
demand_rank, demand_wow; and a property test of demand against a plain-Python reference."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from collections import defaultdict
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from viewing_world import World

from showmeter import definitions
from showmeter.engines import compile_sql
from showmeter.errors import UsageError

D = dt.date(2017, 8, 20)
ZONES = {"US": "America/New_York", "KR": "Asia/Seoul", "GB": "Europe/London", "ZZ": "UTC"}


def day(n: int) -> dt.date:
    """The date ``n`` days after 2017-08-20."""
    return D + dt.timedelta(days=n)


class Signals(World):
    """A store with markets, titles, availability windows, signal weights and signals."""

    def __init__(self, populations: dict[str, int | None], weights: dict[str, float]) -> None:
        super().__init__()
        self._rows = itertools.count(1)
        for market, population in populations.items():
            self.con.execute(
                "INSERT INTO markets VALUES (?, ?, ?, ?)",
                [market, market, ZONES[market], population],
            )
        for signal, weight in weights.items():
            self.con.execute("INSERT INTO signal_weights VALUES (?, ?)", [signal, weight])

    def title(
        self,
        title: str,
        *,
        kind: str = "series",
        original: bool = False,
        category: str | None = None,
        available: dict[str, tuple[dt.date, dt.date | None]] | None = None,
    ) -> None:
        """A title and, per market, one availability window [from, until) of local dates."""
        self.con.execute(
            "INSERT INTO titles VALUES (?, ?, ?, ?, 'en', ?)",
            [title, title, kind, original, category],
        )
        for market, (start, until) in (available or {}).items():
            zone = ZoneInfo(ZONES[market])
            self.con.execute(
                "INSERT INTO availability VALUES (?, 1, 'netflix', ?, ?, ?)",
                [
                    title,
                    market,
                    dt.datetime.combine(start, dt.time(), zone),
                    None if until is None else dt.datetime.combine(until, dt.time(), zone),
                ],
            )

    def signal(
        self, title: str, on: dt.date, value: float, market: str = "US", signal: str = "pageviews"
    ) -> None:
        """One day's value of one signal."""
        self.con.execute(
            "INSERT INTO signals VALUES (?, ?, ?, ?, ?, ?)",
            [f"s{next(self._rows):05d}", on, market, title, signal, float(value)],
        )

    def keyed(self, metric: str, engine: str, /, **params: Any) -> dict[tuple[Any, ...], Any]:
        """Each row (without its keys) keyed by its identifying columns."""
        result = self.compute(metric, engine, **params)
        ids = [c for c in result.columns if c in ("title", "market", "date")]
        return {
            tuple(row[c] for c in ids): {k: v for k, v in row.items() if k not in ids}
            for row in result.rows
        }


# --- demand ---------------------------------------------------------------------------------


def _per_capita_world() -> Signals:
    w = Signals({"US": 1000, "KR": 500, "GB": 500}, {"pageviews": 1.0, "searches": 2.0})
    w.title("show")
    w.signal("show", day(0), 10)  # US: 10 × 1
    w.signal("show", day(0), 5, signal="searches")  # US: 5 × 2
    w.signal("show", day(0), 1000, signal="social")  # no weight in the catalog: left out
    w.signal("show", day(0), 4, market="KR")  # KR: 4 × 1
    w.signal("show", day(1), 1, signal="searches")  # US: 1 × 2
    return w


def test_demand_per_capita_in_two_markets_and_all(engine: str) -> None:
    w = _per_capita_world()
    # US day 0: 100 × (10 + 10) / 1000 = 2.0; day 1: 100 × 2 / 1000 = 0.2
    # KR day 0: 100 × 4 / 500 = 0.8; day 1: no signals, 0
    # ALL: population 1000 + 500 + 500 = 2000; day 0: 100 × 24 / 2000 = 1.2; day 1: 0.1
    # GB has no signals for the show: no GB rows
    assert w.keyed("demand", engine) == {
        ("show", "ALL", "2017-08-20"): {"value": 1.2, "points": 24.0, "population": 2000},
        ("show", "ALL", "2017-08-21"): {"value": 0.1, "points": 2.0, "population": 2000},
        ("show", "KR", "2017-08-20"): {"value": 0.8, "points": 4.0, "population": 500},
        ("show", "KR", "2017-08-21"): {"value": 0.0, "points": 0.0, "population": 500},
        ("show", "US", "2017-08-20"): {"value": 2.0, "points": 20.0, "population": 1000},
        ("show", "US", "2017-08-21"): {"value": 0.2, "points": 2.0, "population": 1000},
    }


def test_demand_period_markets_and_weights_are_parameters(engine: str) -> None:
    w = _per_capita_world()
    # one more day before the signals: a day of zero demand everywhere
    rows = w.keyed("demand", engine, start="2017-08-19", end="2017-08-20")
    assert {key: row["value"] for key, row in rows.items()} == {
        ("show", "ALL", "2017-08-19"): 0.0,
        ("show", "ALL", "2017-08-20"): 1.2,
        ("show", "KR", "2017-08-19"): 0.0,
        ("show", "KR", "2017-08-20"): 0.8,
        ("show", "US", "2017-08-19"): 0.0,
        ("show", "US", "2017-08-20"): 2.0,
    }
    # markets=KR: KR's rows and ALL's, which still counts every market
    rows = w.keyed("demand", engine, markets="kr")
    assert {key[1] for key in rows} == {"ALL", "KR"}
    assert rows["show", "ALL", "2017-08-20"]["value"] == 1.2
    # weights for this run replace the catalog's: pageviews 1, social 0.5, searches left out
    # US day 0: 100 × (10 + 500) / 1000 = 51; day 1: nothing weighted
    result = w.compute("demand", engine, signal_weights="pageviews:1,social:0.5", markets="US")
    assert result.params["signal_weights"] == {"pageviews": 1.0, "social": 0.5}
    values = {(r["market"], r["date"]): r["value"] for r in result.rows}
    assert values == {
        ("ALL", "2017-08-20"): 100 * 514 / 2000,
        ("ALL", "2017-08-21"): 0.0,
        ("US", "2017-08-20"): 51.0,
        ("US", "2017-08-21"): 0.0,
    }


def test_demand_without_a_population_is_null(engine: str) -> None:
    w = Signals({"US": 1000, "ZZ": None}, {"pageviews": 1.0})
    w.title("show")
    w.signal("show", D, 30, market="ZZ")  # the unknown market counts in ALL
    rows = w.keyed("demand", engine)
    assert rows == {
        ("show", "ALL", "2017-08-20"): {"value": 3.0, "points": 30.0, "population": 1000},
        ("show", "ZZ", "2017-08-20"): {"value": None, "points": 30.0, "population": None},
    }


def test_demand_parameters_are_checked() -> None:
    w = _per_capita_world()
    with pytest.raises(UsageError, match="the period starts after it ends"):
        w.compute("demand", "duckdb", start="2017-08-21", end="2017-08-20")
    with pytest.raises(UsageError, match="bad value for parameter 'signal_weights'"):
        w.compute("demand", "duckdb", signal_weights="pageviews=1")
    with pytest.raises(UsageError, match="bad value for parameter 'start'"):
        w.compute("demand", "duckdb", start="yesterday")


def test_a_period_outside_the_signals_has_no_rows(engine: str) -> None:
    w = _per_capita_world()
    # a start after the last date of the signals, an end before the first: an empty period
    assert w.rows("demand", engine, start="2018-01-01") == []
    assert w.rows("demand_multiple", engine, end="2016-01-01") == []
    assert w.rows("demand_wow", engine, end="2016-01-01") == []


# --- demand_multiple ------------------------------------------------------------------------


def _benchmark_world() -> Signals:
    # US and KR, 100 people each (so US demand = points); pageviews weigh 1
    w = Signals({"US": 100, "KR": 100}, {"pageviews": 1.0})
    w.title("a", available={"US": (D, None)})
    w.title("b", available={"US": (D, day(2))})  # until local midnight of day 2: not on day 2
    w.title("c", available={"US": (day(2), None), "KR": (day(1), None)})
    w.title("f", kind="film", available={"US": (D, None)})  # a film: never in the benchmark
    for n in range(3):
        w.signal("a", day(n), 30)
    w.signal("b", day(0), 10)
    w.signal("b", day(2), 50)  # b is not available on day 2: not in that day's benchmark
    w.signal("c", day(1), 100)  # c is not available in the US on day 1
    w.signal("f", day(0), 1000)
    return w


def test_demand_multiple_against_the_series_available_each_day(engine: str) -> None:
    w = _benchmark_world()
    rows = w.keyed("demand_multiple", engine)
    # US benchmark: day 0 {a, b}: (30 + 10) / 2 = 20; day 1 {a, b}: (30 + 0) / 2 = 15;
    # day 2 {a, c}: (30 + 0) / 2 = 15 -> mean 50 / 3
    bench = 50 / 3
    assert rows["a", "US"] == {
        "value": pytest.approx(30 / bench),
        "demand": 30.0,
        "benchmark": pytest.approx(bench),
    }
    assert rows["b", "US"]["value"] == pytest.approx((60 / 3) / bench)  # 20 / 16.67 = 1.2
    assert rows["c", "US"]["value"] == pytest.approx((100 / 3) / bench)  # 2.0
    assert rows["f", "US"]["value"] == pytest.approx((1000 / 3) / bench)  # 20.0
    # ALL: population 200, so demand halves; the set of a day is every series available in
    # some market: c is available in KR from KR's day 1 (15:00 UTC on day 0, which is KR's
    # local day 1), so day 0 {a, b}: 40 / 2 / 2 = 10; day 1 {a, b, c}: 130 / 3 / 2 = 65 / 3;
    # day 2 {a, c}: 30 / 2 / 2 = 7.5 -> mean (10 + 65 / 3 + 7.5) / 3 = 235 / 18
    bench_all = 235 / 18
    assert rows["a", "ALL"]["benchmark"] == pytest.approx(bench_all)
    assert rows["a", "ALL"]["value"] == pytest.approx(15 / bench_all)
    assert set(rows) == {(t, m) for t in "abcf" for m in ("ALL", "US")}


def test_demand_multiple_is_null_without_a_benchmark(engine: str) -> None:
    w = Signals({"US": 100}, {"pageviews": 1.0})
    w.title("a")  # never available: no benchmark set on any day
    w.title("b", available={"US": (D, None)})  # available, without signals: benchmark 0
    w.signal("a", D, 10)
    rows = w.keyed("demand_multiple", engine)
    assert rows["a", "US"] == {"value": None, "demand": 10.0, "benchmark": 0.0}


# --- demand_percentile and demand_rank ------------------------------------------------------


def _ranking_world() -> Signals:
    w = Signals({"US": 100}, {"pageviews": 1.0})
    w.title("s1", category="Drama", available={"US": (D, None)})
    w.title("s2", category="drama", original=True, available={"US": (D, None)})
    w.title("s3", category="comedy", available={"US": (D, None)})
    w.title("s4", available={"US": (D, None)})
    w.title("s5", available={"US": (D, None)})  # no signals: demand 0, in the set
    w.title("f", kind="film", original=True, available={"US": (D, None)})
    w.title("x", original=True, available={"US": (day(5), None)})  # not available yet
    for title, value in {"s1": 50, "s2": 30, "s3": 30, "s4": 10, "f": 30, "x": 100}.items():
        w.signal(title, D, value)
    return w


def test_demand_percentile_with_ties(engine: str) -> None:
    w = _ranking_world()
    rows = w.keyed("demand_percentile", engine, markets="US")
    us = {key[0]: row for key, row in rows.items() if key[1] == "US"}
    # the set: s1..s5 (5 series available in the period); strictly lower demand:
    # s1 (50): s2, s3, s4, s5 -> 80; s2 and s3 (30, tied): s4, s5 -> 40; s4 (10): s5 -> 20
    # f (a film, 30) and x (not available, 100) are not in the set but get a percentile
    assert {t: (r["value"], r["below"], r["titles"]) for t, r in us.items()} == {
        "s1": (80.0, 4, 5),
        "s2": (40.0, 2, 5),
        "s3": (40.0, 2, 5),
        "s4": (20.0, 1, 5),
        "f": (40.0, 2, 5),
        "x": (100.0, 5, 5),
    }
    assert us["s1"]["demand"] == 50.0


def test_demand_rank_with_ties_and_filters(engine: str) -> None:
    w = _ranking_world()

    def ranks(**params: object) -> dict[str, int]:
        rows = w.keyed("demand_rank", engine, markets="US", **params)
        return {key[0]: row["value"] for key, row in rows.items() if key[1] == "US"}

    # x 100, s1 50, s2 = s3 = f 30, s4 10: ties share the lower rank
    assert ranks() == {"x": 1, "s1": 2, "s2": 3, "s3": 3, "f": 3, "s4": 6}
    assert ranks(kind="series") == {"x": 1, "s1": 2, "s2": 3, "s3": 3, "s4": 5}
    # the most in-demand digital original series: x
    assert ranks(original=True, kind="series") == {"x": 1, "s2": 2}
    assert ranks(original="false") == {"s1": 1, "s3": 2, "s4": 3}
    assert ranks(category="drama") == {"s1": 1, "s2": 2}  # categories ignore case
    rows = w.rows("demand_rank", engine, markets="US", original=True)
    assert rows[:3] == [
        {"title": "x", "market": "ALL", "value": 1, "demand": 100.0, "titles": 3},
        {"title": "f", "market": "ALL", "value": 2, "demand": 30.0, "titles": 3},
        {"title": "s2", "market": "ALL", "value": 2, "demand": 30.0, "titles": 3},
    ]


def test_rank_does_not_take_demand_metrics() -> None:
    w = _ranking_world()
    with pytest.raises(UsageError, match="bad value for parameter 'metric'"):
        w.compute("rank", "duckdb", metric="demand_multiple")


# --- demand_wow -----------------------------------------------------------------------------


def test_demand_week_over_week(engine: str) -> None:
    w = Signals({"US": 100}, {"pageviews": 1.0})
    end = dt.date(2017, 8, 26)  # the week is Aug 20–26, the week before Aug 13–19
    for title in "abcd":
        w.title(title)
    w.signal("a", dt.date(2017, 8, 13), 50)
    w.signal("a", dt.date(2017, 8, 19), 20)  # the last day of the week before
    w.signal("a", dt.date(2017, 8, 20), 40)  # the first day of the week
    w.signal("a", end, 47)
    w.signal("b", end, 10)  # no signals in the week before
    w.signal("c", dt.date(2017, 8, 19), 10)  # no signals in the week
    w.signal("d", dt.date(2017, 8, 12), 99)  # before the 14 days
    w.signal("d", dt.date(2017, 8, 27), 99)  # after the end
    rows = w.keyed("demand_wow", engine, end="2017-08-26", markets="US")
    # a: (40 + 47) / (50 + 20) − 1 = 87 / 70 − 1 = +24.3 %; mean daily 87 / 7 and 70 / 7
    assert rows["a", "US"] == {
        "value": pytest.approx(87 / 70 - 1),
        "demand": pytest.approx(87 / 7),
        "previous": 10.0,
    }
    assert rows["b", "US"] == {"value": None, "demand": pytest.approx(10 / 7), "previous": 0.0}
    assert rows["c", "US"]["value"] == -1.0
    assert {key[0] for key in rows} == {"a", "b", "c"}
    # by default the week ends on the last date of the signals (Aug 27): only d's 99 and
    # b's and a's Aug 26 values are in the week; a's Aug 19 and 20 in the week before
    rows = w.keyed("demand_wow", engine, markets="US")
    assert rows["a", "US"]["value"] == pytest.approx(47 / 60 - 1)
    assert rows["d", "US"]["value"] is None


# --- property test: demand against a plain-Python reference ---------------------------------

EXAMPLES = {"duckdb": 20, "spark": 2}
POPULATIONS = {"US": 1000, "KR": 500, "GB": None}


def _reference(
    signals: list[tuple[dt.date, str, str, str, float]], p: dict[str, Any]
) -> dict[tuple[Any, ...], float | None]:
    weights = {"pageviews": 1.0, "searches": 2.5}
    if p["signal_weights"] != "catalog":
        weights = dict(p["signal_weights"])
    dates = [s[0] for s in signals]
    start = dt.date.fromisoformat(p["start"]) if p["start"] != "first" else min(dates)
    end = dt.date.fromisoformat(p["end"]) if p["end"] != "last" else max(dates)
    points: dict[tuple[str, str, dt.date], float] = defaultdict(float)
    for on, market, title, signal, value in signals:
        if signal in weights and start <= on <= end:
            points[title, market, on] += weights[signal] * value
    total = sum(v for v in POPULATIONS.values() if v is not None)
    out: dict[tuple[Any, ...], float | None] = {}
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    pairs = {(title, market) for title, market, _ in points}
    wanted = p["markets"]
    for title, market in pairs:
        if wanted is None or market in wanted:
            population = POPULATIONS[market]
            for on in days:
                value = points.get((title, market, on), 0.0)
                out[title, market, on.isoformat()] = (
                    100 * value / population if population else None
                )
    for title in {title for title, _ in pairs}:
        for on in days:
            value = sum(v for (t, _, d), v in points.items() if t == title and d == on)
            out[title, "ALL", on.isoformat()] = 100 * value / total
    return out


@st.composite
def _signals(draw: st.DrawFn) -> list[tuple[dt.date, str, str, str, float]]:
    return [
        (
            day(draw(st.integers(0, 4))),
            draw(st.sampled_from(list(POPULATIONS))),
            draw(st.sampled_from(["a", "b"])),
            draw(st.sampled_from(["pageviews", "searches", "social"])),
            float(draw(st.integers(0, 1000))),
        )
        for _ in range(draw(st.integers(1, 12)))
    ]


ENGINES = [pytest.param("duckdb"), pytest.param("spark", marks=pytest.mark.spark)]


@pytest.mark.parametrize("engine", ENGINES)
def test_demand_matches_the_reference(engine: str, request: Any) -> None:
    if engine == "spark":
        request.getfixturevalue("spark")

    @settings(
        max_examples=EXAMPLES[engine],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(signals=_signals(), data=st.data())
    def check(signals: list[tuple[dt.date, str, str, str, float]], data: st.DataObject) -> None:
        params: dict[str, Any] = {
            "start": data.draw(st.sampled_from(["first", "2017-08-21"])),
            "end": data.draw(st.sampled_from(["last", "2017-08-23", "2017-08-24"])),
            "markets": data.draw(st.sampled_from([None, "US", "KR,GB"])),
            "signal_weights": data.draw(st.sampled_from([None, "social:3,searches:0.5"])),
        }
        w = Signals(POPULATIONS, {"pageviews": 1.0, "searches": 2.5})
        for title in ("a", "b"):
            w.title(title)
        first = {s[:4]: s for s in reversed(signals)}  # one value per key, as ingest keeps
        for on, market, title, signal, value in first.values():
            w.signal(title, on, value, market=market, signal=signal)
        result = w.compute("demand", engine, **params)
        got = {(r["title"], r["market"], r["date"]): r["value"] for r in result.rows}
        want = _reference(list(first.values()), result.params)
        assert got.keys() == want.keys()
        for key, expected in want.items():
            if expected is None:
                assert got[key] is None, key
            else:
                assert got[key] == pytest.approx(expected, rel=1e-12), key

    check()


def test_the_demand_metrics_are_registered_with_their_defaults() -> None:
    for name in ("demand", "demand_multiple", "demand_percentile", "demand_rank", "demand_wow"):
        m = definitions.get(name)
        assert m.family == "demand" and not m.per_season
        echo = m.resolve().echo()
        assert echo["end"] == "last"
        assert echo["markets"] is None
        assert echo["signal_weights"] == "catalog"
        assert ("start" in echo) == (name != "demand_wow")
    assert definitions.get("demand").rows == ("title", "market", "date")
    assert definitions.get("demand_rank").resolve({"original": "true"}).echo()["original"] is True


# --- golden SQL: the compiled SQL of each case, per engine, checked in ----------------------

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SHOWMETER_UPDATE_GOLDEN") == "1"
DIALECTS = {"duckdb": "duckdb", "spark": "pyspark"}
PERIOD = {"start": "2017-08-20", "end": "2017-08-26"}
GOLDEN_CASES: dict[str, tuple[str, dict[str, object]]] = {
    "demand": ("demand", {}),
    "demand-period-markets-weights": (
        "demand",
        {**PERIOD, "markets": "US,KR", "signal_weights": "pageviews:1,searches:2"},
    ),
    "demand_multiple": ("demand_multiple", {}),
    "demand_multiple-period-markets": ("demand_multiple", {**PERIOD, "markets": "US"}),
    "demand_percentile": ("demand_percentile", {}),
    "demand_rank": ("demand_rank", {}),
    "demand_rank-digital_original_series": (
        "demand_rank",
        {**PERIOD, "original": True, "kind": "series", "category": "drama"},
    ),
    "demand_wow": ("demand_wow", {}),
    "demand_wow-end": ("demand_wow", {"end": "2017-08-26"}),
}


@pytest.mark.parametrize(
    "engine",
    [pytest.param(e, marks=[pytest.mark.spark] if e == "spark" else []) for e in DIALECTS],
)
@pytest.mark.parametrize("case", sorted(GOLDEN_CASES))
def test_compiled_sql_matches_the_golden_file(case: str, engine: str) -> None:
    metric, params = GOLDEN_CASES[case]
    sql = compile_sql(metric, params, engine=engine).rstrip() + "\n"
    path = GOLDEN / f"{case}.{DIALECTS[engine]}.sql"
    if UPDATE:
        path.write_text(sql)
    assert path.exists(), f"{path.name} is missing; write it with SHOWMETER_UPDATE_GOLDEN=1"
    assert sql == path.read_text(), (
        f"{path.name} is stale; regenerate with SHOWMETER_UPDATE_GOLDEN=1"
    )
    # dates are compared, never subtracted; the date series steps by 24 hours
    assert not re.search(r"DATE_?DIFF|EPOCH\(CAST|INTERVAL '\d+' DAY", sql, re.IGNORECASE)


def test_every_demand_metric_has_golden_sql_and_every_file_is_in_use() -> None:
    family = {m.name for m in definitions.all_metrics() if m.family == "demand"}
    assert {metric for metric, _ in GOLDEN_CASES.values()} == family
    present = {p.name for p in GOLDEN.glob("*.sql") if p.name.split(".")[0].split("-")[0] in family}
    assert present == {f"{case}.{d}.sql" for case in GOLDEN_CASES for d in DIALECTS.values()}
