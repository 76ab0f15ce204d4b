"""The plan of a season's page: its figures, in reading order, and what each one computes.

:func:`plan_report` lists the figures of a season's page (the launch report's, which the
dashboard's season page shows too); :class:`~showmeter.launch.runner.Runner` computes them.
Nothing here computes a figure: the charts, cards and tables only select and show the results.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from showmeter.launch.plan_charts import (
    chart_figures,
    has_published,
    has_sessions,
    published_files,
    with_sources,
)
from showmeter.launch.query import Query
from showmeter.launch.scope import RANKED, Figure, Scope, on_basis

if TYPE_CHECKING:
    from showmeter.launch.records import Records
    from showmeter.schema import SeasonKey

__all__ = ["HEADLINE", "plan_report", "race_queries"]


def _one(name: str, key: SeasonKey, **params: object) -> Query:
    return Query(name, params, key.title, key.season)


def _every(name: str, **params: object) -> Query:
    return Query(name, params)


def _pair(name: str, scope: Scope, **params: object) -> dict[str, Query]:
    """The same query for the season and for its reference."""
    found = {"season": _one(name, scope.season, **params)}
    if scope.reference is not None:
        found["reference"] = _one(name, scope.reference, **params)
    return found


def _name(records: Records, key: SeasonKey) -> str:
    facts = records.seasons.get(key)
    return facts.short if facts else str(key)


def _audience(scope: Scope, records: Records) -> list[Figure]:
    reference = f" against {_name(records, scope.reference)}" if scope.reference else ""
    found = [
        Figure(
            "daily_reach",
            "audience",
            "Daily reach, first 30 days",
            f"Units that viewed the season on each day since its launch{reference}.",
            _pair("daily_reach", scope, days=30),
        ),
        Figure(
            "weekly_reach",
            "audience",
            "Weekly reach and week-over-week change",
            "Units that viewed the season in each week since its launch; the labels give "
            "the change on the week before.",
            _pair("weekly_reach", scope, weeks=4),
        ),
    ]
    if scope.reference is not None:
        found.append(
            Figure(
                "reach_index",
                "audience",
                f"30-day reach index ({_name(records, scope.reference)} = 100)",
                "Each season's viewers in its own first 30 days, as a share of the reference "
                "season's.",
                {"every": _every("reach_index", reference=str(scope.reference))},
            )
        )
    return found


def race_queries(keys: tuple[SeasonKey, ...]) -> dict[str, Query]:
    """The binge race of each season: ``binge_race`` (every hour from 6 to 168) of that season.

    Each season's race is one computation of its own rows: the race of a season needs its
    sessions only, and a title's rows are read alone.
    """
    return {str(key): _one("binge_race", key) for key in keys}


def _completion(scope: Scope) -> list[Figure]:
    race = race_queries(scope.compared)
    return [
        Figure(
            "episode_funnel",
            "completion",
            "Episode funnel, first 28 days",
            "For each episode, the units that started it and those that completed it; the "
            "labels give the share of the first episode's starters.",
            {"season": _one("episode_funnel", scope.season)},
        ),
        Figure(
            "binge_race",
            "completion",
            "The binge race: season completers by hours since launch",
            "Units that completed every episode before L + h hours, for h from 6 hours to a "
            "week (binge_race: binge_racers with window_hours = h for each h); at 24 hours "
            "they are Netflix's binge racers.",
            race,
        ),
        Figure(
            "time_to_complete",
            "completion",
            "Time to complete the season",
            "Hours from the launch to the last episode's completion, among the units that "
            "completed every episode within 28 days.",
            {"every": _every("time_to_complete")},
        ),
    ]


def _attention(scope: Scope) -> list[Figure]:
    return [
        Figure(
            "average_minute_audience",
            "attention",
            "Average minute audience per episode, first 7 days",
            "The audience of an average minute of each episode in the week after the launch.",
            {"season": _one("average_minute_audience", scope.season)},
        )
    ]


def _critics() -> list[Figure]:
    queries = {
        name: _every(name)
        for name in ("tomatometer", "average_rating", "metascore", "certified_fresh")
    }
    return [
        Figure(
            "critics",
            "critics",
            "The aggregators' figures",
            "Tomatometer, average rating, Metascore and Certified Fresh status of each season.",
            queries,
        ),
        Figure(
            "reviews",
            "critics",
            "The reviews",
            "Every review of the season as written by its outlet, with the score it "
            "normalizes to at ingest (score_100); the distribution of those scores.",
            {},
        ),
    ]


def _clip(start: dt.date, end: dt.date, dates: tuple[dt.date, dt.date]) -> tuple[str, str] | None:
    start, end = max(start, dates[0]), min(end, dates[1])
    return (start.isoformat(), end.isoformat()) if start <= end else None


def _demand(scope: Scope, records: Records) -> list[Figure]:
    facts = records.season(scope.season)
    if records.signal_dates is None or facts.launch_at is None:
        return []
    launch = facts.launch_at.date()
    market = {} if scope.demand_market == "ALL" else {"markets": scope.demand_market}
    weekly: dict[str, Query] = {}
    for week in range(-4, 17):
        first = launch + dt.timedelta(days=7 * week)
        period = _clip(first, first + dt.timedelta(days=6), records.signal_dates)
        if period is not None:
            weekly[str(week)] = _every("demand_multiple", start=period[0], end=period[1], **market)
    headline: dict[str, Query] = {}
    launch_week = _clip(launch, launch + dt.timedelta(days=6), records.signal_dates)
    if launch_week is not None:
        start, end = launch_week
        headline["rank_series"] = _every(
            "demand_rank", start=start, end=end, kind="series", **market
        )
        headline["rank_originals"] = _every(
            "demand_rank", start=start, end=end, kind="series", original="true", **market
        )
        headline["wow"] = _every("demand_wow", end=end, **market)
    year = _clip(launch, launch + dt.timedelta(days=364), records.signal_dates)
    if year is not None:
        headline["percentile"] = _every("demand_percentile", start=year[0], end=year[1], **market)
    month = _clip(launch, launch + dt.timedelta(days=29), records.signal_dates)
    if month is not None:
        headline["multiple"] = _every("demand_multiple", start=month[0], end=month[1], **market)
    return [
        Figure(
            "demand_trend",
            "demand",
            "Demand against the average series, week by week",
            "Mean daily demand expressions per 100 people of the title and of the benchmark "
            "(the average catalog series available that day), for each week from four weeks "
            "before the launch to sixteen after.",
            weekly,
        ),
        Figure(
            "demand_figures",
            "demand",
            "Demand in the launch week, year and month",
            "Rank in the launch week among series and among original series, the change on "
            "the week before, the percentile over the first year and the multiple of the "
            "average series over the first 30 days.",
            headline,
        ),
    ]


def _rankings() -> list[Figure]:
    ranks = {name: _every("rank", metric=name) for name in RANKED}
    return [
        Figure(
            "ranks",
            "rankings",
            "Ranks among every season",
            "The season's rank by each metric among every season of the store (1 = highest; "
            "ties share the lower rank).",
            ranks,
        ),
        Figure(
            "binge_rank_by_market",
            "rankings",
            "Binge racers: rank in each market",
            "The season's rank by binge racers (24 hours from the launch in the market) among "
            "the seasons raced in each market.",
            {"every": _every("rank", metric="binge_racers", by_market="true")},
        ),
    ]


HEADLINE = (
    "reach",
    "hours_viewed",
    "views",
    "completers",
    "binge_racers",
    "time_to_complete",
    "average_minute_audience",
    "tomatometer",
    "metascore",
)
"""The metrics of the headline's cards."""


def _headline(scope: Scope) -> Figure:
    # Each card needs two seasons only: the season's query, and the reference's under
    # "<metric> reference". Asking for one title lets the engine read that title's rows alone.
    queries: dict[str, Query] = {}
    for name in HEADLINE:
        for role, query in _pair(name, scope).items():
            queries[name if role == "season" else f"{name} reference"] = query
    if scope.reference is not None:
        queries["reach_index"] = _one("reach_index", scope.season, reference=str(scope.reference))
    return Figure(
        "headline",
        "headline",
        "Key figures",
        "Each card gives the season's figure and, below it, the change against the reference "
        "season's figure measured the same way.",
        queries,
    )


def plan_report(scope: Scope, records: Records) -> list[Figure]:
    """The figures of a season's page (its launch report), in reading order.

    A store of Netflix's published figures (``--source netflix-top10``) gets their section;
    one with those alone (no session) gets that section, and critics and demand when loaded,
    without the viewing figures.

    Args:
        scope: The season, its reference and peers, and the viewing basis.
        records: The store's records (the catalog's launches, the signals' dates, the loads).

    Returns:
        The figures, each with its queries on the scope's basis, resolved.
    """
    if has_published(records) and not has_sessions(records):
        # Netflix's published figures alone: no session, so no viewing figure to show
        figures = [*_charts(scope, records), *_demand(scope, records)]
        if any(load.kind == "reviews" for load in records.loads):
            figures[-1:-1] = _critics()
    else:
        figures = [
            _headline(scope),
            *_audience(scope, records),
            *_completion(scope),
            *_attention(scope),
            *(_charts(scope, records) if has_published(records) else []),
            *_critics(),
            *_demand(scope, records),
            *_rankings(),
        ]
    for figure in figures:
        figure.queries = {name: on_basis(scope, q) for name, q in figure.queries.items()}
    return figures


def _charts(scope: Scope, records: Records) -> list[Figure]:
    """The published-figures section, each caption naming the files it was published in."""
    return with_sources(chart_figures(scope), published_files(records))
