"""Demand: Parrot-style demand per capita from daily signals, its benchmark, rank and trend.

Demand is per title and market, not per season: the rows are (title, market[, date]), so
``rank`` (which ranks seasons) does not take demand metrics; ``demand_rank`` ranks titles by
demand within each market. The weighted points, the period, the markets and the benchmark set
are defined in :mod:`showmeter.definitions.signals`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from showmeter.definitions.benchmark_sets import daily_sets
from showmeter.definitions.benchmark_sets import members as available_members
from showmeter.definitions.params import Choice, Names, Param, Params
from showmeter.definitions.registry import metric
from showmeter.definitions.signals import (
    COMMON,
    DEMAND_MARKETS,
    END,
    SIGNAL_WEIGHTS,
    daily_points,
    given_date,
    per_capita,
    populations,
    title_totals,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from showmeter.definitions.tables import CanonicalTables

__all__ = [
    "demand",
    "demand_multiple",
    "demand_percentile",
    "demand_rank",
    "demand_wow",
]

SOURCE = (
    "docs/sources.md §4 (Parrot Analytics demand expressions: weighted signals per 100 "
    "people, a daily benchmark of every show in the catalog, weekly changes); docs/contracts.md"
)


@dataclasses.dataclass(frozen=True)
class Either:
    """``all`` (no filter), ``true`` or ``false``."""

    @property
    def label(self) -> str:
        return "all, true or false"

    def parse(self, raw: object) -> bool | None:
        if raw is None or isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text == "all":
            return None
        if text in ("true", "yes", "1"):
            return True
        if text in ("false", "no", "0"):
            return False
        raise ValueError(self.label)

    def echo(self, value: object) -> object:
        return value


@metric(
    name="demand",
    family="demand",
    summary="per day: 100 × Σ signal weight × value / population, per market and for ALL",
    source=SOURCE,
    unit="demand expressions per 100 people",
    rows=("title", "market", "date"),
    columns=("value", "points", "population"),
    params=COMMON,
)
def demand(t: CanonicalTables, p: Params) -> ir.Table:
    """Demand per capita: 100 × Σ weight(signal) × value / population, per day and market.

    For each date of [``start``, ``end``] (both included) and each market: the weighted points
    of the title's signals that day (``points``, Σ weight × value over its signals) per 100
    people of the market's ``population``. The market ``ALL`` sums the points of every
    market and divides by the population summed over every market of the markets table. A
    date without signals has 0 points (a row with value 0). The value is null for a market
    without a population. A title has rows in a market when it has a weighted signal there in
    the period, and in ``ALL`` when it has one anywhere; ``markets`` restricts the markets
    with rows of their own (``ALL`` always counts them all). Demand is per title, not per
    season. The signal weights are the catalog's unless ``signal_weights`` replaces them.
    """
    import ibis

    period = daily_points(t, p, given_date(p, "start"))
    pairs = period.daily.select("title", "market").distinct()
    grid = pairs.cross_join(period.days)
    rows = grid.left_join(period.daily, ["title", "market", "date"])
    rows = rows.select(rows.title, rows.market, rows.date, points=rows.points)
    rows = rows.left_join(populations(t), "market")
    points = ibis.coalesce(rows.points, 0.0)
    return rows.select(
        rows.title,
        rows.market,
        rows.date,
        value=per_capita(points, rows.population),
        points=points,
        population=rows.population,
    )


@metric(
    name="demand_multiple",
    family="demand",
    summary="mean daily demand / mean daily benchmark (the mean demand of the series "
    "available each day)",
    source=SOURCE,
    unit="times the average series",
    rows=("title", "market"),
    columns=("value", "demand", "benchmark"),
    params=COMMON,
)
def demand_multiple(t: CanonicalTables, p: Params) -> ir.Table:
    """Demand multiple: mean daily demand over [start, end] / mean daily benchmark.

    ``demand`` is the title's mean daily demand over every day of the period, both ends
    included (a day without signals counts as 0; demand as in ``demand``). The benchmark of a
    day in a market is the mean demand that day of every catalog series (``kind: series``)
    available that day in that market: an availability window of one of its seasons covers
    part of the market's local day. A series without signals that day counts as 0; a series
    not available that day is not in the set, whatever its signals. ``benchmark`` is the mean
    of the daily benchmarks over the days on which some series is available. The value, the
    ratio of the two means ("3.5 times the average show"), is null when the benchmark is 0
    or missing. In ``ALL`` the set of a day is every series available that day in some
    market, each with its worldwide demand. The title itself is in the benchmark set when it
    is a series available that day.
    """
    period = daily_points(t, p, given_date(p, "start"))
    totals = title_totals(t, period)
    # each day's set: how many series, the sum of their points (benchmark_sets: the same
    # figures as available_days left joined to the points, without a row per series and day)
    per_day = daily_sets(t, p, period.days, period.daily)
    per_day = per_day.left_join(populations(t), "market")
    daily = per_capita(per_day.points, per_day.population) / per_day.titles
    benchmarks = per_day.group_by(per_day.market).agg(benchmark=daily.mean())
    rows = totals.left_join(benchmarks, "market")
    return rows.select(
        rows.title,
        rows.market,
        value=rows.demand / rows.benchmark.nullif(0),
        demand=rows.demand,
        benchmark=rows.benchmark,
    )


@metric(
    name="demand_percentile",
    family="demand",
    summary="100 × series of the benchmark set with a lower mean demand / series in the set",
    source=SOURCE,
    unit="percentile (0–100)",
    rows=("title", "market"),
    columns=("value", "demand", "below", "titles"),
    params=COMMON,
)
def demand_percentile(t: CanonicalTables, p: Params) -> ir.Table:
    """Demand percentile: 100 × titles of the benchmark set with a lower demand / its titles.

    The set is every catalog series available in the market on at least one day of
    [``start``, ``end``] (as for ``demand_multiple``; in ``ALL``: in some market), each with
    its mean daily demand over the period (0 without signals). ``below`` counts the series of
    the set whose mean is strictly lower than the title's, so titles with equal demand share a
    percentile, and ``titles`` is the size of the set; the title counts in the set when it is
    a member, and titles outside it (films, series not available) get a percentile against
    it too. "Top 0.1 %" is a value of at least 99.9. Titles are compared on their points over
    the period, which within one market orders them as their mean daily demand does, so the
    percentile needs no population; ``demand`` is null without one.
    """
    import ibis

    period = daily_points(t, p, given_date(p, "start"))
    totals = title_totals(t, period)
    members = available_members(t, p, period.days)  # as available_days' titles, distinct
    candidates = members.select(
        "title", "market", member=ibis.literal(1), points=ibis.null("float64")
    ).union(totals.select("title", "market", member=ibis.literal(0), points="points"))
    c = candidates.group_by("title", "market").agg(
        member=candidates.member.max(),
        subject=candidates.points.count(),
        points=ibis.coalesce(candidates.points.sum(), 0.0),
    )
    at_or_below = ibis.window(group_by="market", order_by="points", range=(None, 0))
    c = c.mutate(
        below=c.member.sum().over(at_or_below) - c.member.sum().over(group_by=["market", "points"]),
        titles=c.member.sum().over(group_by="market"),
    )
    c = c.filter(c.subject > 0)
    rows = c.join(totals, ["title", "market"])
    return rows.select(
        rows.title,
        rows.market,
        value=100.0 * rows.below / rows.titles.nullif(0),
        demand=rows.demand,
        below=rows.below.cast("int64"),
        titles=rows.titles.cast("int64"),
    )


ORIGINAL = Param(
    "original",
    Either(),
    None,
    "only platform originals (true), only the others (false), or all",
)
KIND = Param("kind", Choice(("all", "series", "film")), "all", "only series, only films, or all")
CATEGORY = Param(
    "category",
    Names("categories"),
    None,
    "only titles of these categories of the catalog (case-insensitive), or all",
)


@metric(
    name="demand_rank",
    family="demand",
    summary="rank by mean daily demand among the titles matching original / kind / category",
    source=SOURCE,
    unit="rank (1 = most in demand)",
    rows=("title", "market"),
    columns=("value", "demand", "titles"),
    params=(*COMMON, ORIGINAL, KIND, CATEGORY),
    order_by=("market", "value", "title"),
)
def demand_rank(t: CanonicalTables, p: Params) -> ir.Table:
    """Demand rank: titles ranked by mean daily demand over [start, end], highest first.

    Only titles matching the filters are ranked: ``original`` (true: platform originals,
    the "digital originals"), ``kind`` (series or film) and ``category``, each "all" by
    default; so "the most in-demand digital original series" is rank 1 with
    ``original=true kind=series``. Titles are ranked within each market (and in ``ALL``)
    among those with a weighted signal there in the period; ties share the lower rank (1, 2,
    2, 4, as SQL ``RANK``). Titles are compared on their points over the period, which within
    one market orders them as their mean daily demand does. ``demand`` is the mean daily
    demand and ``titles`` the number of titles ranked in the market.
    """
    import ibis

    period = daily_points(t, p, given_date(p, "start"))
    totals = title_totals(t, period)
    titles = t.get("titles")
    original = p["original"]
    if original is not None:
        titles = titles.filter(titles.original == original)
    if p.text("kind") != "all":
        titles = titles.filter(titles.kind == p.text("kind"))
    categories = p.names("category")
    if categories is not None:
        titles = titles.filter(titles.category.lower().isin(categories))
    ranked = totals.join(titles.select("title"), "title")
    order = ibis.window(group_by="market", order_by=ibis.desc(ranked.points))
    return ranked.select(
        ranked.title,
        ranked.market,
        value=ibis.rank().over(order) + 1,
        demand=ranked.demand,
        titles=ranked.title.count().over(group_by="market"),
    )


@metric(
    name="demand_wow",
    family="demand",
    summary="mean daily demand in the 7 days ending `end` / in the 7 days before − 1",
    source=SOURCE,
    unit="relative change (0.24 = +24 %)",
    rows=("title", "market"),
    columns=("value", "demand", "previous"),
    params=(
        END.replace(
            help="the last day of the week, included; last = the latest date of the signals"
        ),
        DEMAND_MARKETS,
        SIGNAL_WEIGHTS,
    ),
)
def demand_wow(t: CanonicalTables, p: Params) -> ir.Table:
    """Week-over-week demand: mean daily demand in the week ending ``end`` / the week before − 1.

    The week is the 7 days ending ``end`` (included), the week before the 7 days preceding it,
    as Parrot's "week ending" charts. ``demand`` and ``previous`` are the mean daily demand of
    the two weeks (days without signals count as 0); the value is their ratio − 1, computed
    on the points so that it needs no population: 0.24 is "+24 % on the previous week". It is
    null when the week before has no demand (no signals, or only zeros). A title has a row
    in a market when it has a weighted signal there in the 14 days.
    """
    import ibis

    last = given_date(p, "end")
    period = daily_points(t, p, None if last is None else last - dt.timedelta(days=13))
    days = period.days
    days = days.mutate(back=ibis.row_number().over(order_by=ibis.desc(days.date)))
    recent = period.daily.join(days.filter(days.back < 14), "date")
    sums = recent.group_by("title", "market").agg(
        week=recent.points.sum(where=recent.back < 7),
        before=recent.points.sum(where=recent.back >= 7),
    )
    rows = sums.left_join(populations(t), "market")
    week = ibis.coalesce(rows.week, 0.0)
    before = ibis.coalesce(rows.before, 0.0)
    return rows.select(
        rows.title,
        rows.market,
        value=week / before.nullif(0) - 1,
        demand=per_capita(week, rows.population) / 7,
        previous=per_capita(before, rows.population) / 7,
    )
