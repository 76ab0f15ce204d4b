"""The spec of a synthetic world: what exists, who watches what, and how.

A :class:`World` is plain, frozen data. Every knob that shapes a figure is a field here, with
its meaning: the catalog (titles, seasons, episodes, launches, availability), the markets and
their share of the members, each season's :class:`Audience` (how many start it, how many race
through it on launch day, how fast new viewers decay week after week), the populations that
watch (the platform's members and the panels, with their sizes, devices and weights), the
viewing :class:`Behaviour` shared by everyone, the critics' reviews and the demand signals.

The generator (:mod:`showmeter.simulate.sessions` and the modules beside it) turns a world into
rows; it knows nothing of any published figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date, datetime

__all__ = [
    "AgeBand",
    "Audience",
    "Behaviour",
    "Demand",
    "MarketSpec",
    "NamedReview",
    "PanelSpec",
    "PopulationSpec",
    "Reviews",
    "SeasonSpec",
    "TitleSpec",
    "Window",
    "World",
]

Unit = Literal["account", "person"]


@dataclass(frozen=True)
class MarketSpec:
    """A market of the world.

    Attributes:
        market: ISO 3166-1 alpha-2 code.
        tz: IANA zone in which its viewers live.
        population: People living there (demand is per capita of it).
        share: Relative share of the platform's members living there.
    """

    market: str
    tz: str
    population: int
    share: float


@dataclass(frozen=True)
class Window:
    """An availability window ``[start, until)`` of a platform in some markets.

    Attributes:
        platform: The platform, e.g. ``netflix``.
        markets: ``"*"`` (every market) or a tuple of codes.
        start: A date (the first instant of the day in each market) or an aware instant.
        until: Exclusive end, same kinds; ``None`` when open-ended.
    """

    platform: str
    markets: tuple[str, ...] | Literal["*"]
    start: date | datetime
    until: date | datetime | None = None


@dataclass(frozen=True)
class Audience:
    """Who starts a season, and when: the knobs of one season's viewing.

    Attributes:
        reach: Share of a population's viewers (profiles or persons) who start the season in
            its launch phase (the first ``Behaviour.launch_weeks`` weeks).
        binge_share: Share of those starters who start within hours of the launch and race
            through every episode (most finish within 24 hours).
        weekly_decay: New starters in week k+1 / new starters in week k, for k = 1, 2, ...;
            the last ratio repeats. Within a week, starts decay at the same daily rate.
        tail: Further share of viewers who start later, at a uniform time from the end of
            the launch phase to the world's horizon (sessions outside availability vanish).
        markets: Market -> multiplier of ``reach`` and ``tail`` there (default 1).
    """

    reach: float
    binge_share: float = 0.02
    weekly_decay: tuple[float, ...] = (0.5,)
    tail: float = 0.0
    markets: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class SeasonSpec:
    """A season (season 0: a film).

    Attributes:
        season: Its number.
        runtimes: The runtime of each episode, in seconds, episode 1 first.
        launch: The launch instant everywhere (aware; the catalog writes it as ``*``).
        audience: Who watches it.
        availability: Where and when it can be watched; empty: always, from the launch on.
        label: A label such as ``Limited Series``.
        platform: The platform of the launch.
        episode_names: Optional names of the episodes.
    """

    season: int
    runtimes: tuple[float, ...]
    launch: datetime
    audience: Audience
    availability: tuple[Window, ...] = ()
    label: str | None = None
    platform: str = "netflix"
    episode_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Demand:
    """The daily demand a title raises, before signal weights and noise.

    The level of a day is ``peak`` × a curve: before the launch it rises from ``buzz`` × peak
    over ``buzz_days``; it peaks ``peak_day`` days after the launch; then it decays towards
    ``floor`` × peak with a half-life of ``half_life_days``.

    Attributes:
        peak: Weighted demand points per 100 000 people at the peak.
        buzz: Level before the launch, relative to the peak.
        buzz_days: Days before the launch over which buzz builds.
        peak_day: Days from the launch to the peak.
        half_life_days: Half-life of the decay after the peak.
        floor: Long-run level relative to the peak.
        markets: Market -> multiplier of the level there (default 1).
        noise: Standard deviation of the daily log-normal noise.
    """

    peak: float
    buzz: float = 0.1
    buzz_days: int = 30
    peak_day: float = 3.0
    half_life_days: float = 10.0
    floor: float = 0.05
    markets: Mapping[str, float] = field(default_factory=dict)
    noise: float = 0.1


@dataclass(frozen=True)
class TitleSpec:
    """A series or a film.

    Attributes:
        title: Its id (a lower-case slug).
        name: Its display name.
        seasons: Its seasons (one season 0 for a film).
        kind: ``series`` or ``film``.
        original: A platform original.
        category: A category such as ``drama``.
        language: Its original language.
        demand: The demand it raises (none when ``None``).
    """

    title: str
    name: str
    seasons: tuple[SeasonSpec, ...]
    kind: Literal["series", "film"] = "series"
    original: bool = False
    category: str | None = None
    language: str = "en"
    demand: Demand | None = None


@dataclass(frozen=True)
class Behaviour:
    """How everyone watches: the shape of a viewer's sessions, shared by every season.

    Attributes:
        launch_weeks: Length of the launch phase in which ``Audience.reach`` starts.
        drop_after_first: Share of regular starters who stop after the first episode.
        keep_going: Chance that a regular viewer goes on to the next episode.
        binge_finish: Share of launch-day bingers who finish the season.
        binge_start_hours: Mean delay of a binger's start after the launch, in hours.
        binge_sleep: Share of bingers who take one sleep break of 6 to 10 hours.
        back_to_back: Chance that a regular viewer plays the next episode right away.
        days_between: Mean days between a regular viewer's sittings.
        resume_share: Share of episodes watched in two sessions (a stop, then a resume).
        resume_hours: Mean hours before a resume.
        rewatch_share: Share of viewers who later watch one of their episodes again.
        rewatch_days: Mean days before a rewatch.
        evening_hour: Local hour around which regular sittings start.
        evening_spread: Standard deviation of that hour.
        device_loyalty: Chance that a session is on the viewer's own device.
    """

    launch_weeks: int = 26
    drop_after_first: float = 0.35
    keep_going: float = 0.85
    binge_finish: float = 0.9
    binge_start_hours: float = 1.5
    binge_sleep: float = 0.25
    back_to_back: float = 0.45
    days_between: float = 1.8
    resume_share: float = 0.2
    resume_hours: float = 5.0
    rewatch_share: float = 0.05
    rewatch_days: float = 30.0
    evening_hour: float = 20.5
    evening_spread: float = 2.5
    device_loyalty: float = 0.8


@dataclass(frozen=True)
class AgeBand:
    """An age band of a people panel.

    Attributes:
        low: First age of the band.
        high: Last age of the band (inclusive).
        population: Share of the projected population in the band.
        panel: Share of the panel's persons in the band (weights correct the difference).
        affinity: Multiplier of the chance to start a season, for persons of the band.
    """

    low: int
    high: int
    population: float
    panel: float
    affinity: float = 1.0


@dataclass(frozen=True)
class PanelSpec:
    """A measurement panel: its name, what it projects to, and its persons' ages.

    Attributes:
        name: The panel's name in the panels table.
        projects_to: The population the weights sum to (e.g. US persons 2+).
        ages: Age bands (people panels); empty for a panel of accounts.
        regions: Region -> share of the panel's units.
    """

    name: str
    projects_to: float
    ages: tuple[AgeBand, ...] = ()
    regions: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class PopulationSpec:
    """A population of viewers: the platform's members, or the units of a panel.

    Attributes:
        name: Its name; also the prefix of its ids.
        unit: ``account`` (an account id, with profiles when ``profiles`` > 0) or ``person``.
        devices: Device -> share of viewers for whom it is their own device.
        units: Number of units (accounts or persons); ``None``: as many as the sessions need.
        markets: Market -> share of units; ``None``: the world's market shares.
        profiles: Mean number of extra profiles per account (0: no profile ids).
        reach_scale: Multiplier of every season's reach and tail in this population.
        binge_scale: Multiplier of every season's launch-day binge share in this population.
        titles: Only these titles are watched (``None``: every title).
        panel: The panel these units form, with their weights.
    """

    name: str
    unit: Unit
    devices: Mapping[str, float]
    units: int | None = None
    markets: Mapping[str, float] | None = None
    profiles: float = 0.0
    reach_scale: float = 1.0
    binge_scale: float = 1.0
    titles: tuple[str, ...] | None = None
    panel: PanelSpec | None = None


@dataclass(frozen=True)
class NamedReview:
    """A review given as written, e.g. Entertainment Weekly's ``B+``.

    Attributes:
        outlet: The outlet.
        critic: The critic.
        rating: The mark as written (``B+``, ``3/5``, ``★★★½``...), or ``None``.
        scale: The maximum of a bare number or of stars, when needed.
        verdict: ``fresh`` or ``rotten``.
        top_critic: A top critic.
        weight: The outlet's weight (Metacritic-style).
    """

    outlet: str
    critic: str
    rating: str | None
    verdict: Literal["fresh", "rotten"]
    scale: float | None = None
    top_critic: bool = True
    weight: float = 1.0


@dataclass(frozen=True)
class Reviews:
    """The critics' reviews of one season.

    The named reviews come first, as written; the rest are generated so that the rated
    reviews' marks (on a 0–100 scale) have the given plain and weighted means, and the
    fresh reviews number ``fresh``.

    Attributes:
        title: The title reviewed.
        season: The season reviewed.
        count: Reviews in all.
        fresh: Fresh reviews among them.
        rated: Reviews that carry a mark (the others carry a verdict only).
        mean_mark: Plain mean of the marks of the rated reviews, 0–100.
        weighted_mean_mark: Mean of those marks weighted by outlet weight, 0–100.
        top_critics: Reviews by top critics.
        named: Reviews given as written (counted in the totals above).
        published: The day the first review is published.
    """

    title: str
    season: int
    count: int
    fresh: int
    rated: int
    mean_mark: float
    weighted_mean_mark: float
    top_critics: int
    published: date
    named: tuple[NamedReview, ...] = ()


@dataclass(frozen=True)
class World:
    """A synthetic world: everything the generator needs, and nothing else.

    Attributes:
        name: A short name.
        markets: The markets, with their zones, populations and member shares.
        titles: The catalog.
        populations: The populations that watch (members first, then panels).
        behaviour: How everyone watches.
        horizon: No session starts at or after this instant.
        sessions: The number of sessions of the world at its own scale.
        signal_weights: Demand signal -> weight, for the catalog.
        signal_mix: Demand signal -> share of a day's weighted demand it carries.
        signal_periods: The periods ``(first, last)`` (inclusive) with demand signals.
        signal_markets: The markets with demand signals (``None``: every market).
        reviews: The critics' reviews.
        seed: The seed a run uses unless told otherwise.
    """

    name: str
    markets: tuple[MarketSpec, ...]
    titles: tuple[TitleSpec, ...]
    populations: tuple[PopulationSpec, ...]
    horizon: datetime
    sessions: int
    behaviour: Behaviour = field(default_factory=Behaviour)
    signal_weights: Mapping[str, float] = field(default_factory=dict)
    signal_mix: Mapping[str, float] = field(default_factory=dict)
    signal_periods: tuple[tuple[date, date], ...] = ()
    signal_markets: tuple[str, ...] | None = None
    reviews: tuple[Reviews, ...] = ()
    seed: int = 0

    def title(self, title_id: str) -> TitleSpec:
        """Return a title by its id.

        Raises:
            KeyError: When the world has no such title.
        """
        for title in self.titles:
            if title.title == title_id:
                return title
        raise KeyError(title_id)

    def market(self, code: str) -> MarketSpec:
        """Return a market by its code.

        Raises:
            KeyError: When the world has no such market.
        """
        for market in self.markets:
            if market.market == code:
                return market
        raise KeyError(code)
