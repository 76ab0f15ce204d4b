"""The demo world: Marvel's series on Netflix among invented peers, members and two panels.

- **Markets**: nineteen countries in their own zones, with 2017 populations and the share of
  the platform's members living there (:data:`MARKETS`).
- **Titles**: :mod:`showmeter.simulate.demo_titles`.
- **Members**: accounts with profiles, in every market, on every kind of device.
- **jumpshot**: a US desktop-web clickstream panel of accounts (sessions on ``desktop`` in
  ``US``), weighted to the US desktop audience.
- **nielsen**: a US TV people-meter panel of persons (sessions on ``tv``, with ``person_id``),
  with ages, sexes and regions, post-stratified to the US population aged 2 and over.
- **Reviews**: 100 reviews of The Defenders, among them those the encyclopedia article names
  with their marks as written, and reviews of the solo seasons.
- **Demand**: daily signals in a few markets around the periods of interest, for the
  titles with a demand curve (not the long tail of library series, whose demand is 0).

Every knob is a field of the returned :class:`~showmeter.simulate.spec.World`; change one with
:func:`dataclasses.replace`. :data:`DEMO_SEED` is the seed the demo is generated with.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from showmeter.simulate.demo_titles import MARVEL, demo_titles
from showmeter.simulate.spec import (
    AgeBand,
    Behaviour,
    MarketSpec,
    NamedReview,
    PanelSpec,
    PopulationSpec,
    Reviews,
    World,
)

__all__ = ["DEMO_SEED", "DEMO_SESSIONS", "MARKETS", "demo_world"]

DEMO_SEED = 2017
"""The seed of the demo world."""

DEMO_SESSIONS = 1_500_000
"""Sessions of the demo world at its own scale (panels included)."""

MARKETS = (
    # market, zone, population (2017), share of the platform's members
    MarketSpec("US", "America/New_York", 325_700_000, 0.42),
    MarketSpec("CA", "America/Toronto", 36_700_000, 0.05),
    MarketSpec("GB", "Europe/London", 66_000_000, 0.07),
    MarketSpec("IE", "Europe/Dublin", 4_800_000, 0.006),
    MarketSpec("AU", "Australia/Sydney", 24_600_000, 0.045),
    MarketSpec("NZ", "Pacific/Auckland", 4_800_000, 0.007),
    MarketSpec("KR", "Asia/Seoul", 51_500_000, 0.02),
    MarketSpec("PH", "Asia/Manila", 105_000_000, 0.02),
    MarketSpec("JP", "Asia/Tokyo", 126_800_000, 0.02),
    MarketSpec("DE", "Europe/Berlin", 82_800_000, 0.05),
    MarketSpec("FR", "Europe/Paris", 67_100_000, 0.05),
    MarketSpec("BR", "America/Sao_Paulo", 209_300_000, 0.07),
    MarketSpec("MX", "America/Mexico_City", 129_200_000, 0.05),
    MarketSpec("IN", "Asia/Kolkata", 1_339_000_000, 0.015),
    MarketSpec("ES", "Europe/Madrid", 46_600_000, 0.025),
    MarketSpec("IT", "Europe/Rome", 60_500_000, 0.025),
    MarketSpec("NL", "Europe/Amsterdam", 17_100_000, 0.02),
    MarketSpec("SE", "Europe/Stockholm", 10_100_000, 0.015),
    MarketSpec("AR", "America/Argentina/Buenos_Aires", 44_300_000, 0.02),
)

US_REGIONS = {"northeast": 0.17, "midwest": 0.21, "south": 0.38, "west": 0.24}

NIELSEN_AGES = (
    # low, high, share of US persons 2+, share of the panel, affinity for streaming drama
    AgeBand(2, 11, 0.125, 0.11, 0.5),
    AgeBand(12, 17, 0.078, 0.07, 1.0),
    AgeBand(18, 34, 0.235, 0.20, 0.9396),
    AgeBand(35, 49, 0.195, 0.20, 0.9396),
    AgeBand(50, 64, 0.195, 0.22, 1.1),
    AgeBand(65, 99, 0.172, 0.20, 0.9),
)

MARVEL_TITLES = tuple(dict.fromkeys(row[0] for row in MARVEL))
"""The panels report on the Marvel seasons only (the demo measures those launches)."""

POPULATIONS = (
    PopulationSpec(
        "jumpshot",
        "account",
        devices={"desktop": 1.0},
        units=120_000,
        markets={"US": 1.0},
        reach_scale=1.0,
        titles=MARVEL_TITLES,
        panel=PanelSpec("jumpshot", projects_to=24_000_000, regions=US_REGIONS),
    ),
    PopulationSpec(
        "nielsen",
        "person",
        devices={"tv": 1.0},
        units=20_000,
        markets={"US": 1.0},
        titles=MARVEL_TITLES,
        reach_scale=2.328,
        binge_scale=0.4283,
        panel=PanelSpec("nielsen", projects_to=317_500_000, ages=NIELSEN_AGES, regions=US_REGIONS),
    ),
    PopulationSpec(
        "members",
        "account",
        devices={"tv": 0.5, "mobile": 0.2, "desktop": 0.15, "tablet": 0.1, "console": 0.05},
        profiles=0.7,
    ),
)

DEFENDERS_REVIEWS = Reviews(
    title="the-defenders",
    season=1,
    count=100,
    fresh=78,
    rated=30,
    mean_mark=66.0,
    weighted_mean_mark=63.0,
    top_critics=28,
    published=date(2017, 8, 17),
    named=(
        NamedReview("Entertainment Weekly", "Jeff Jensen", "B+", "fresh", weight=1.5),
        NamedReview("Empire", "Dan Jolin", "3/5", "fresh", weight=1.0),
        NamedReview("Collider", "Allison Keene", "3 stars", "fresh", scale=5, weight=1.0),
        NamedReview("USA Today", "Kelly Lawler", "2/4", "rotten", weight=1.5),
        NamedReview("IGN", "Daniel Krupa", "6.5/10", "fresh", weight=1.0),
        NamedReview("io9", "Katharine Trendacosta", None, "fresh"),
        NamedReview("The Washington Post", "David Betancourt", None, "fresh"),
        NamedReview("Uproxx", "Alan Sepinwall", None, "fresh"),
        NamedReview("Variety", "Maureen Ryan", None, "rotten"),
    ),
)


def _solo_reviews(title: str, season: int, day: date, fresh: int, mean: float) -> Reviews:
    return Reviews(title, season, 40, fresh, 15, mean, mean - 2.0, 10, day)


REVIEWS = (
    DEFENDERS_REVIEWS,
    _solo_reviews("daredevil", 1, date(2015, 4, 9), 39, 80.0),
    _solo_reviews("daredevil", 2, date(2016, 3, 17), 33, 72.0),
    _solo_reviews("jessica-jones", 1, date(2015, 11, 19), 37, 79.0),
    _solo_reviews("luke-cage", 1, date(2016, 9, 29), 38, 78.0),
    _solo_reviews("iron-fist", 1, date(2017, 3, 16), 8, 42.0),
    _solo_reviews("the-punisher", 1, date(2017, 11, 16), 34, 70.0),
)


def demo_world() -> World:
    """The demo world's spec (generate it with :data:`DEMO_SEED`).

    Returns:
        The world.
    """
    codes = tuple(m.market for m in MARKETS)
    return World(
        name="demo",
        markets=MARKETS,
        titles=demo_titles(codes),
        populations=POPULATIONS,
        horizon=datetime(2023, 1, 1, tzinfo=UTC),
        sessions=DEMO_SESSIONS,
        behaviour=Behaviour(),
        signal_weights={"pageviews": 1.0, "searches": 2.0, "social": 0.5, "p2p": 4.0},
        signal_mix={"pageviews": 0.35, "searches": 0.3, "social": 0.2, "p2p": 0.15},
        signal_periods=(
            (date(2017, 7, 15), date(2018, 11, 30)),
            (date(2021, 6, 1), date(2021, 7, 31)),
        ),
        signal_markets=("US", "GB", "KR", "PH", "BR", "DE"),
        reviews=REVIEWS,
        seed=DEMO_SEED,
    )
