"""Hand-worked values of the charts family, on the store of the hand-written fixtures.

Every expected value is read or worked out from the fixture lines (fixtures/global-*.tsv,
countries.tsv, engagement-2023H2.csv, workbooks.py). Each case runs on DuckDB and on Spark.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from showmeter.engines import compute


def rows(store: Path, engine: str, metric: str, /, **kw: object) -> list[dict[str, object]]:
    title = kw.pop("title", None)
    season = kw.pop("season", None)
    with duckdb.connect(str(store), read_only=True) as con:
        result = compute(metric, kw, source=con, engine=engine, title=title, season=season)
        return result.rows


def test_chart_weeks(charts_store: Path, engine: str) -> None:
    weeks = {
        (r["title"], r["season"]): r["value"] for r in rows(charts_store, engine, "chart_weeks")
    }
    # Wednesday 2: the 5 weeks of global-2025.tsv; Wednesday 1: 2022-11-27 and 2022-12-04
    # (repeated by global-2023.tsv: one week) and 2023-06-18; The Sandman 2: 08-10 and 08-24,
    # not consecutive; WWE Raw: two weekly episodes, one season 2025
    assert weeks[("wednesday", 2)] == 5 and weeks[("wednesday", 1)] == 3
    assert weeks[("the-sandman", 2)] == 2 and weeks[("wwe-raw", 2025)] == 2
    per_market = rows(
        charts_store, engine, "chart_weeks", title="wednesday", season=2,
        list="netflix-top10-countries", by_market=True,
    )  # fmt: skip
    # countries.tsv: US and GB in both weeks, BR and NA (Namibia) on 08-10, FR on 08-17
    assert {r["market"]: r["value"] for r in per_market} == {
        "US": 2, "GB": 2, "BR": 1, "NA": 1, "FR": 1,
    }  # fmt: skip


def test_rank_by_weeks_in_the_list_per_category(charts_store: Path, engine: str) -> None:
    ranked = rows(charts_store, engine, "rank", metric="chart_weeks", category="TV (English)")
    got = [(r["title"], r["season"], r["value"], r["rank"]) for r in ranked]
    # TV (English) only: Wednesday 2 (5), Wednesday 1 (3), then four seasons with 2 weeks
    # sharing rank 3, then Love Is Blind 5 (1) at rank 7; films and non-English left out
    assert got[:2] == [("wednesday", 2, 5, 1), ("wednesday", 1, 3, 2)]
    assert {(t, s) for t, s, v, k in got if k == 3} == {
        ("beef", 1), ("stranger-things", 4), ("the-sandman", 2), ("wwe-raw", 2025),
    }  # fmt: skip
    assert got[-1] == ("love-is-blind", 5, 1, 7)


def test_chart_hours(charts_store: Path, engine: str) -> None:
    got = rows(charts_store, engine, "chart_hours", title="wednesday", season=2)
    assert [r["value"] for r in got] == [50e6, 40e6, 20e6, 10e6, 60e6]
    assert [r["week_number"] for r in got] == [1, 2, 3, 4, 5]
    assert [r["rank"] for r in got] == [1, 1, 2, 3, 1]
    # indexed to week 1: 100 × 40/50, 20/50, 10/50, 60/50
    assert [r["index"] for r in got] == [100.0, 80.0, 40.0, 20.0, pytest.approx(120.0)]
    # released in two parts: the runtime grows with Part 2 in the week of 2025-09-07
    assert [r["runtime_h"] for r in got] == [4.0333] * 4 + [7.7833]
    first = rows(charts_store, engine, "chart_hours", title="wednesday", season=1)
    # 2023-06-18 is 203 days = 29 weeks after 2022-11-27: week 30
    assert [(r["value"], r["week_number"]) for r in first] == [
        (341_230_000.0, 1), (411_290_000.0, 2), (5_300_000.0, 30),
    ]  # fmt: skip


def test_chart_views(charts_store: Path, engine: str) -> None:
    got = rows(charts_store, engine, "chart_views", title="wednesday", season=2)
    assert [r["value"] for r in got] == [12.4e6, 9.9e6, 5e6, 2.5e6, 7.7e6]
    first = rows(charts_store, engine, "chart_views", title="wednesday", season=1)
    # no views before the week of 2023-06-18
    assert [r["value"] for r in first] == [None, None, 700_000.0]
    assert [r["index"] for r in first] == [None, None, None]  # no views in week 1
    assert [r["index"] for r in got][:2] == [100.0, pytest.approx(100 * 9.9 / 12.4)]


def test_chart_rank(charts_store: Path, engine: str) -> None:
    got = rows(charts_store, engine, "chart_rank", title="the-sandman")
    assert [(r["week"], r["value"], r["week_number"]) for r in got] == [
        (dt.date(2025, 8, 10).isoformat(), 4, 1), (dt.date(2025, 8, 24).isoformat(), 9, 3),
    ]  # fmt: skip


def test_chart_wow(charts_store: Path, engine: str) -> None:
    got = rows(charts_store, engine, "chart_wow", title="wednesday", season=2)
    # 40/50 − 1, 20/40 − 1, 10/20 − 1, 60/10 − 1
    assert [r["value"] for r in got] == [None, pytest.approx(-0.2), -0.5, -0.5, 5.0]
    sandman = rows(charts_store, engine, "chart_wow", title="the-sandman")
    assert [r["value"] for r in sandman] == [None, None]  # out of the list on 2025-08-17
    first = rows(charts_store, engine, "chart_wow", title="wednesday", season=1)
    assert [r["value"] for r in first] == [None, pytest.approx(411.29 / 341.23 - 1), None]


def test_chart_markets(charts_store: Path, engine: str) -> None:
    ever = rows(charts_store, engine, "chart_markets", title="wednesday", season=2)
    assert [(r["value"], r["number_one"], r["markets"], r["number_one_markets"]) for r in ever] == [
        (5, 3, "BR,FR,GB,NA,US", "GB,NA,US")
    ]
    week = rows(charts_store, engine, "chart_markets", title="wednesday", season=2,
                week="2025-08-17")  # fmt: skip
    assert [(r["value"], r["number_one"], r["markets"]) for r in week] == [(3, 1, "FR,GB,US")]


def test_engagement_hours(charts_store: Path, engine: str) -> None:
    latest = {(r["title"], r["season"]): r["value"] for r in rows(
        charts_store, engine, "engagement_hours")}  # fmt: skip
    assert latest[("squid-game", 2)] == 487_600_000.0 and len(latest) == 5  # H2 2024
    ranked = rows(charts_store, engine, "rank", metric="engagement_hours",
                  period_start="2023-01-01", language="non-english")  # fmt: skip
    # H1 2023, titles with an original name after ' // ': The Glory, then Kill Boksoon
    assert [(r["title"], r["value"], r["rank"]) for r in ranked] == [
        ("the-glory", 622_800_000.0, 1), ("kill-boksoon", 78_100_000.0, 2),
    ]  # fmt: skip
    series = rows(charts_store, engine, "rank", metric="engagement_hours",
                  period_start="2023-01-01", language="non-english", kind="series")  # fmt: skip
    assert [r["title"] for r in series] == ["the-glory"]
    every = rows(charts_store, engine, "engagement_hours", title="wednesday", every_period=True)
    # Wednesday 1 in the three reports: H1 2023, H2 2023 (the CSV), H2 2024
    assert sorted((r["period_start"], r["value"]) for r in every) == [
        ("2023-01-01", 507_700_000.0), ("2023-07-01", 98_000_000.0),
        ("2024-07-01", 95_000_000.0),
    ]  # fmt: skip


def test_engagement_views(charts_store: Path, engine: str) -> None:
    h2 = rows(charts_store, engine, "engagement_views", period_start="2023-07-01")
    got = {r["title"]: (r["value"], r["derived"]) for r in h2}
    # Wednesday 1: no views published; 98,000,000 hours / 8:10 (49/6 hours) = 12,000,000
    assert got["wednesday"] == (pytest.approx(12_000_000.0), True)
    assert got["the-glory"] == (2_600_000.0, False)  # as published
    h1 = rows(charts_store, engine, "engagement_views", period_start="2023-01-01")
    assert {r["value"] for r in h1} == {None}  # neither views nor runtimes in H1 2023
