"""A synthetic world of invented titles, for trials and benchmarks.

``synthetic_world(titles=50)`` makes a catalog of invented series and films (names built from
word lists, so clearly fictional), 8–13 episodes of 22–60 minutes, launched at 00:00
America/Los_Angeles over a span of years, with Zipf-like audiences, in the demo world's
markets, watched by members (accounts with profiles) and by a small US TV panel. Its knobs
come from one random stream, so the same arguments give the same world.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from showmeter.simulate.demo_titles import pacific_midnight
from showmeter.simulate.demo_world import MARKETS, NIELSEN_AGES, POPULATIONS, US_REGIONS
from showmeter.simulate.spec import (
    Audience,
    Demand,
    PanelSpec,
    PopulationSpec,
    SeasonSpec,
    TitleSpec,
    Window,
    World,
)

if TYPE_CHECKING:
    import numpy as np

__all__ = ["synthetic_world"]

_ADJECTIVES = (
    "amber", "silent", "hollow", "crimson", "distant", "golden", "iron", "paper", "velvet",
    "broken", "northern", "wild", "quiet", "electric", "frozen", "secret", "last", "burning",
)  # fmt: skip
_NOUNS = (
    "harbor", "orchard", "signal", "kingdom", "ferry", "lantern", "comet", "meridian", "valley",
    "circus", "frontier", "archive", "garden", "tide", "engine", "citadel", "river", "mirror",
)  # fmt: skip
_CATEGORIES = (
    "drama", "comedy", "crime", "sci-fi", "documentary", "reality", "animation", "thriller",
    "fantasy", "horror", "romance", "kids",
)  # fmt: skip


def _title(
    rng: np.random.Generator, index: int, used: set[str], first: date, days: int
) -> TitleSpec:
    adjective, noun = _ADJECTIVES[index % len(_ADJECTIVES)], _NOUNS[(index * 7) % len(_NOUNS)]
    slug = f"the-{adjective}-{noun}"
    if slug in used:
        slug = f"{slug}-{index}"
    used.add(slug)
    film = rng.random() < 0.2
    launch = first + timedelta(days=int(rng.integers(0, days)))
    episodes = 1 if film else int(rng.integers(8, 14))
    minutes = int(rng.integers(85, 130)) if film else int(rng.integers(22, 61))
    jitter = rng.uniform(0.85, 1.15, episodes)
    reach = float(min(0.25, 0.2 / (index + 2) ** 0.8))
    audience = Audience(
        reach=reach,
        binge_share=float(rng.uniform(0.02, 0.06)),
        weekly_decay=(float(rng.uniform(0.35, 0.7)),),
        tail=reach / 3,
    )
    season = SeasonSpec(
        season=0 if film else 1,
        runtimes=tuple(float(round(60 * minutes * j)) for j in jitter),
        launch=pacific_midnight(launch),
        audience=audience,
        availability=(Window("netflix", "*", launch),),
    )
    return TitleSpec(
        slug,
        slug.replace("-", " ").title(),
        (season,),
        kind="film" if film else "series",
        original=bool(rng.random() < 0.6),
        category=_CATEGORIES[int(rng.integers(0, len(_CATEGORIES)))],
        demand=Demand(peak=float(reach * 20)),
    )


def synthetic_world(
    *,
    titles: int = 50,
    sessions: int = 10_000_000,
    first_launch: date = date(2024, 1, 5),
    launch_days: int = 360,
    seed: int = 0,
) -> World:
    """A world of invented titles.

    Args:
        titles: Number of titles (about a fifth of them films).
        sessions: Sessions at the world's own scale.
        first_launch: The earliest possible launch day.
        launch_days: Launches fall within this many days of ``first_launch``.
        seed: The seed of the world's knobs (and of its runs, by default).

    Returns:
        The world.
    """
    import numpy as np

    rng = np.random.default_rng(np.random.SeedSequence([seed, 1]))
    used: set[str] = set()
    specs = tuple(_title(rng, i, used, first_launch, launch_days) for i in range(titles))
    last = max(s.launch for t in specs for s in t.seasons)
    members = next(p for p in POPULATIONS if p.units is None)
    panel = PopulationSpec(
        "panel",
        "person",
        devices={"tv": 1.0},
        units=5_000,
        markets={"US": 1.0},
        panel=PanelSpec("tv-panel", projects_to=317_500_000, ages=NIELSEN_AGES, regions=US_REGIONS),
    )
    return World(
        name=f"synthetic-{titles}",
        markets=MARKETS,
        titles=specs,
        populations=(panel, members),
        horizon=datetime.combine(last.date() + timedelta(days=120), datetime.min.time(), UTC),
        sessions=sessions,
        signal_weights={"pageviews": 1.0, "searches": 2.0},
        signal_mix={"pageviews": 0.6, "searches": 0.4},
        signal_periods=((first_launch, first_launch + timedelta(days=launch_days + 30)),),
        signal_markets=("US", "GB"),
        seed=seed,
    )
