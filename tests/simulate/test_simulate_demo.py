"""The demo world: the Marvel catalog as published, its peers, panels, reviews and signals."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from showmeter.catalog import Catalog, load_catalog
from showmeter.intake.ratings import normalize_rating
from showmeter.simulate import Written

MARVEL = {
    ("daredevil", 1): ("2015-04-10T07:00:00+00:00", 13),
    ("daredevil", 2): ("2016-03-18T07:00:00+00:00", 13),
    ("jessica-jones", 1): ("2015-11-20T08:00:00+00:00", 13),
    ("luke-cage", 1): ("2016-09-30T07:00:00+00:00", 13),
    ("iron-fist", 1): ("2017-03-17T07:00:00+00:00", 13),
    ("the-defenders", 1): ("2017-08-18T07:00:00+00:00", 8),
    ("the-punisher", 1): ("2017-11-17T08:00:00+00:00", 13),
}
DISNEY_FIRST = ("US", "CA", "GB", "IE", "AU", "NZ")


@pytest.fixture(scope="module")
def catalog(small_world: Written) -> Catalog:
    return load_catalog(small_world.catalog)


def test_the_marvel_seasons_have_their_published_episodes_and_launches(catalog: Catalog) -> None:
    for (title, number), (launch, episodes) in MARVEL.items():
        season = catalog.season(title, number)
        assert season is not None, (title, number)
        assert len(season.episodes) == episodes
        assert all(44 * 60 <= e.runtime_s <= 62 * 60 for e in season.episodes)
        [entry] = season.launches
        assert entry.market == "*" and entry.platform == "netflix"
        assert entry.instant("UTC").isoformat() == launch
    defenders = catalog.season("the-defenders", 1)
    assert defenders is not None
    assert defenders.episodes[0].name == "The H Word" and defenders.episodes[0].runtime_s == 3134
    assert all(e.runtime_s <= 55 * 60 for e in defenders.episodes)


def test_the_marvel_seasons_leave_netflix_for_disney_plus(catalog: Catalog) -> None:
    codes = {m.market for m in catalog.markets} - {"ZZ"}
    for title, number in MARVEL:
        season = catalog.season(title, number)
        assert season is not None
        netflix, first, elsewhere = season.availability
        assert (netflix.platform, netflix.markets, netflix.until) == (
            "netflix",
            "*",
            date(2022, 3, 1),
        )
        assert (first.platform, first.start, first.until) == (
            "disney-plus",
            date(2022, 3, 16),
            None,
        )
        assert set(first.markets) == set(DISNEY_FIRST)
        assert elsewhere.platform == "disney-plus"
        assert set(elsewhere.markets) == codes - set(DISNEY_FIRST)
        assert isinstance(elsewhere.start, date) and elsewhere.start <= date(2022, 12, 31)


def test_the_marvel_series_rank_among_many_varied_peers_in_many_markets(catalog: Catalog) -> None:
    marvel = {title for title, _ in MARVEL}
    others = [t for t in catalog.titles if t.title not in marvel]
    assert len(others) >= 40
    assert {t.kind for t in others} == {"series", "film"}
    assert {t.original for t in others} == {True, False}
    assert len({t.category for t in others}) >= 8
    launches = {s.launches[0].instant("UTC").year for t in others for s in t.seasons}
    assert launches == {2015, 2016, 2017, 2018, 2019, 2020, 2021}
    codes = {m.market for m in catalog.markets}
    assert {
        "US",
        "CA",
        "GB",
        "IE",
        "AU",
        "NZ",
        "KR",
        "PH",
        "JP",
        "DE",
        "FR",
        "BR",
        "MX",
        "IN",
    } <= codes
    zones = {m.market: m.tz for m in catalog.markets}
    assert zones["KR"] == "Asia/Seoul" and zones["US"] == "America/New_York"
    assert set(catalog.signal_weights) == {"pageviews", "searches", "social", "p2p"}


def test_the_panels_project_to_their_populations_with_demographics(small_world: Written) -> None:
    panels = pq.read_table(small_world.folder / "panels.parquet").to_pylist()
    nielsen = [p for p in panels if p["panel"] == "nielsen"]
    jumpshot = [p for p in panels if p["panel"] == "jumpshot"]
    assert nielsen and jumpshot
    assert sum(p["weight"] for p in nielsen) == pytest.approx(317_500_000)
    assert sum(p["weight"] for p in jumpshot) == pytest.approx(24_000_000)
    assert all(p["person_id"] and p["account_id"] is None for p in nielsen)
    assert all(2 <= p["age"] <= 99 and p["sex"] in ("F", "M") and p["region"] for p in nielsen)
    assert all(p["account_id"] and p["person_id"] is None for p in jumpshot)
    weights = {round(p["weight"]) for p in nielsen}
    assert len(weights) > 3  # post-stratified by age band


def test_the_full_panel_weighs_about_sixteen_thousand_persons_each() -> None:
    from showmeter.simulate.demo_world import POPULATIONS

    nielsen = next(p for p in POPULATIONS if p.name == "nielsen")
    assert nielsen.units is not None and nielsen.panel is not None
    assert 14_000 < nielsen.panel.projects_to / nielsen.units < 18_000


def test_the_defenders_reviews_have_the_named_marks_and_the_knobs_figures(
    small_world: Written,
) -> None:
    with open(small_world.folder / "reviews.csv", encoding="utf-8") as file:
        rows = [r for r in csv.DictReader(file) if r["title"] == "the-defenders"]
    assert len(rows) == 100
    named = {r["outlet"]: r["rating"] for r in rows}
    assert named["Entertainment Weekly"] == "B+"
    assert named["Empire"] == "3/5"
    assert named["USA Today"] == "2/4"
    assert named["IGN"] == "6.5/10"
    scored = [
        (
            normalize_rating(r["rating"], float(r["scale"]) if r["scale"] else None),
            float(r["weight"]),
        )
        for r in rows
        if r["rating"]
    ]
    assert len(scored) == 30
    notations = {r["rating"][-1] for r in rows if r["rating"]}
    assert len(notations) >= 5  # letter grades, fractions, stars, numbers with a scale
    mean = sum(s for s, _ in scored) / 30  # type: ignore[misc]
    weighted = sum(s * w for s, w in scored) / sum(w for _, w in scored)  # type: ignore[operator]
    assert mean == pytest.approx(66.0, abs=0.01)
    assert weighted == pytest.approx(63.0, abs=0.1)
    fresh = [r for r in rows if r["verdict"] == "fresh"]
    assert len(fresh) == 78
    assert len({(r["outlet"], r["critic"]) for r in rows}) == 100


def test_demand_signals_are_daily_per_market_title_and_signal(small_world: Written) -> None:
    signals = pq.read_table(small_world.folder / "signals.parquet")
    assert set(signals.column("signal").unique().to_pylist()) == {
        "pageviews",
        "searches",
        "social",
        "p2p",
    }
    assert set(signals.column("market").unique().to_pylist()) <= {
        "US",
        "GB",
        "KR",
        "PH",
        "BR",
        "DE",
    }
    days = set(signals.column("date").to_pylist())
    assert date(2017, 8, 20) in days and date(2021, 7, 31) in days
    assert min(signals.column("value").to_pylist()) > 0
    defenders = signals.filter(pc.equal(signals.column("title"), "the-defenders"))
    assert min(defenders.column("date").to_pylist()) >= date(2017, 7, 15)
    assert datetime(2017, 8, 18, 7, tzinfo=UTC).date() in set(defenders.column("date").to_pylist())
