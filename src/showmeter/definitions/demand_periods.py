"""``demand_multiple`` over several periods in one query (a dashboard's weekly demand trend).

The definition is :func:`showmeter.definitions.demand.demand_multiple`'s; this computes it for
many periods at once, sharing each day's points and benchmark across the periods (tested equal
to each period computed alone: tests/web/test_runner_batch.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.definitions.benchmark_sets import daily_sets
from showmeter.definitions.signals import (
    WORLD,
    per_capita,
    populations,
    sql_builtins,
    weighted_points,
)
from showmeter.errors import UsageError

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    import ibis.expr.types as ir

    from showmeter.definitions.params import Params
    from showmeter.definitions.tables import CanonicalTables

__all__ = ["PERIOD", "demand_multiples"]

PERIOD = "period"
"""The column of :func:`demand_multiples` that numbers the periods (0, 1, ...)."""


def demand_multiples(
    t: CanonicalTables, p: Params, periods: Sequence[tuple[dt.date, dt.date]]
) -> ir.Table:
    """``demand_multiple`` over several periods at once: its rows for each, numbered.

    The same definition as :func:`demand_multiple` (mean daily demand over the period / mean
    daily benchmark), computed in one query: the weighted points of each day and the daily
    benchmark of each day and market do not depend on the period, so they are computed once
    over every day of the periods, then averaged over each period's days. A dashboard's
    demand trend (one multiple per week, 22 weeks) is one computation instead of 22.

    Args:
        t: The canonical tables.
        p: The parameters every period shares (``markets``, ``signal_weights``; ``start`` and
            ``end`` are not read).
        periods: Each period's first and last date (both included), in the order numbered.

    Returns:
        Columns ``period`` (the position in ``periods``), then ``demand_multiple``'s
        (``title, market, value, demand, benchmark``), sorted by period, then as
        ``demand_multiple`` sorts its rows.

    Raises:
        UsageError: A period starts after it ends.
    """
    import ibis

    for first, last in periods:
        if first > last:
            raise UsageError(
                "demand_multiple: the period starts after it ends",
                value=f"start={first.isoformat()}, end={last.isoformat()}",
                remedy="Give start ≤ end (both dates are included).",
            )
    one = t.markets.aggregate(rows=t.markets.count())  # one row without reading the signals
    spans = [
        one.select(
            period=ibis.literal(k, "int64"), first=ibis.literal(first), last=ibis.literal(last)
        )
        for k, (first, last) in enumerate(periods)
    ]
    span = spans[0].union(*spans[1:]) if len(spans) > 1 else spans[0]
    dates = sql_builtins()["dates"](span.first, span.last, ibis.interval(hours=24))
    days = span.select("period", date=dates.unnest())
    every_day = days.select("date").distinct()
    count = days.group_by("period").agg(days=days.count())

    # the points of each day of [first start, last end], as daily_points gives them
    points = weighted_points(t, p)
    points = points.filter(
        (points.date >= min(f for f, _ in periods)) & (points.date <= max(e for _, e in periods))
    )
    per_market = points
    markets = p.names("markets")
    if markets is not None:
        per_market = points.filter(points.market.isin(markets))
    by_market = per_market.group_by("title", "market", "date").agg(points=per_market.points.sum())
    world = points.group_by("title", "date").agg(points=points.points.sum())
    world = world.select("title", market=ibis.literal(WORLD), date="date", points="points")
    daily = by_market.cast({"market": "string"}).union(world)

    # each title's points over each period (title_totals, per period)
    held = daily.join(days, "date")
    totals = held.group_by("period", "title", "market").agg(points=held.points.sum())
    totals = totals.left_join(populations(t), "market").join(count, "period")
    totals = totals.select(
        totals.period,
        totals.title,
        totals.market,
        demand=per_capita(totals.points, totals.population) / totals.days,
    )

    # the benchmark of each day and market, then its mean over each period's days
    per_day = daily_sets(t, p, every_day, daily)  # each day's set: its size, its points
    per_day = per_day.left_join(populations(t), "market")
    per_day = per_day.select(
        per_day.market,
        per_day.date,
        daily=per_capita(per_day.points, per_day.population) / per_day.titles,
    )
    in_period = per_day.join(days, "date")
    benchmarks = in_period.group_by("period", "market").agg(benchmark=in_period.daily.mean())

    rows = totals.left_join(benchmarks, ["period", "market"])
    rows = rows.select(
        rows.period,
        rows.title,
        rows.market,
        value=rows.demand / rows.benchmark.nullif(0),
        demand=rows.demand,
        benchmark=rows.benchmark,
    )
    return rows.order_by("period", "title", "market")
