"""What a season's page is about, and the shape of its figures.

A :class:`Scope` is the season, its reference and peers, and the viewing basis every figure
counts on; a :class:`Figure` names the computations it needs (:class:`~showmeter.launch.query.
Query`) under a :class:`Section` of the page. :func:`on_basis` gives a query the scope's basis
where its metric takes it. :mod:`showmeter.launch.plan` lists a page's figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from showmeter import definitions
from showmeter.definitions.params import Params
from showmeter.launch.query import Query, resolved

if TYPE_CHECKING:
    from collections.abc import Mapping

    from showmeter.results import Result
    from showmeter.schema import SeasonKey

__all__ = [
    "RANKED",
    "SECTIONS",
    "VIEWING_FAMILIES",
    "Figure",
    "Scope",
    "Section",
    "on_basis",
]


RANKED = (
    "reach",
    "hours_viewed",
    "views",
    "completers",
    "binge_racers",
    "tomatometer",
    "metascore",
)
"""The metrics the rankings section ranks every season by."""

VIEWING_FAMILIES = ("audience", "attention", "completion")
"""The families whose metrics take the viewing basis (unit, panel, devices, markets...)."""


@dataclass(frozen=True)
class Section:
    """A section of a season's page."""

    key: str
    heading: str
    lede: str


SECTIONS = (
    Section("headline", "Headline", "The launch at a glance, against the reference season."),
    Section(
        "audience",
        "Audience",
        "How many viewed, day by day and week by week from the launch, and the season's "
        "30-day reach against its peers.",
    ),
    Section(
        "completion",
        "Completion and binge racing",
        "Who finished each episode, and how fast the whole season was finished.",
    ),
    Section("attention", "Attention", "The average minute audience of each episode."),
    Section(
        "charts",
        "Netflix's published figures",
        "What Netflix itself published: its weekly Top 10 lists (hours, views, rank, weeks in "
        "the list, countries) and its engagement reports, as loaded from its files.",
    ),
    Section("critics", "Critics", "The reviews, their scores and the aggregators' figures."),
    Section("demand", "Demand", "Demand expressions against the average series, over time."),
    Section("rankings", "Rankings", "Where the season ranks among every season of the store."),
)


@dataclass
class Figure:
    """A figure of a season's page: what it shows and the results it is drawn from.

    Attributes:
        key: Its identifier (the renderer draws it by this key).
        section: The key of its :class:`Section`.
        heading: Its heading.
        caption: What it shows, in one or two sentences.
        queries: The computations it needs, by name.
        results: The results, by the same names (filled by
            :meth:`~showmeter.launch.runner.Runner.compute_figures`).
    """

    key: str
    section: str
    heading: str
    caption: str
    queries: dict[str, Query]
    results: dict[str, Result] = field(default_factory=dict)


@dataclass(frozen=True)
class Scope:
    """What a season's page is about, and on which basis it counts.

    Attributes:
        season: The season the page is about.
        reference: The season the headline compares with (``None``: no comparison).
        peers: Further seasons shown beside it in the comparisons.
        basis: Parameters given to every viewing metric that takes them (``unit``, ``panel``,
            ``devices``, ``markets``, ``anchor``, ``min_seconds``, ``completion``...).
        demand_market: The market of the demand figures (``ALL``: every market).
    """

    season: SeasonKey
    reference: SeasonKey | None = None
    peers: tuple[SeasonKey, ...] = ()
    basis: Mapping[str, object] = field(default_factory=dict)
    demand_market: str = "ALL"

    @property
    def compared(self) -> tuple[SeasonKey, ...]:
        """The season, the reference and the peers, each once, in that order."""
        keys = (self.season, *((self.reference,) if self.reference else ()), *self.peers)
        return tuple(dict.fromkeys(keys))


def _params_of(metric: str, given: Mapping[str, object]) -> set[str]:
    names = {param.name for param in definitions.get(metric).params}
    ranked = given.get("metric")
    if metric == "rank" and isinstance(ranked, str):
        names |= {param.name for param in definitions.get(ranked).params}
    return names


def on_basis(scope: Scope, query: Query) -> Query:
    """The query with the scope's viewing basis added where its metric takes it, resolved.

    This is where a page's parameters are resolved, once (:func:`~showmeter.launch.query.
    resolved`); a query already resolved is returned as it is.

    Raises:
        UsageError: Unknown metric or parameter, or a bad value.
    """
    if isinstance(query.params, Params):
        return query
    ranked = query.params.get("metric", query.metric)
    if definitions.get(str(ranked)).family in VIEWING_FAMILIES:
        accepted = _params_of(query.metric, query.params)
        extra = {k: v for k, v in scope.basis.items() if k in accepted and k not in query.params}
        if extra:
            query = Query(query.metric, {**query.params, **extra}, query.title, query.season)
    return resolved(query)
