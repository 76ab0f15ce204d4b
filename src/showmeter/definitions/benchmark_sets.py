"""The benchmark set of the demand metrics without a row per title and day.

The benchmark set of a market on a day is every catalog series available that day there
(``available_days`` in the tests' ``available_days_support``, the plain definition: one row per
series, market and day). ``demand_multiple`` needs only two figures per market and day (how
many series are in the set, and the sum of their points), and ``demand_percentile`` only which
series are in the set on some day of the period. Over a year of a catalog of a thousand series
the plain relation holds hundreds of thousands of rows, deduplicated and then joined to the
few days with signals: most of those queries' cost. The same figures come from the windows:

- :func:`available_spans`: each series' availability windows as local days ``[first,
  last]``, per market and in ``ALL`` (the relation ``available_days`` expands to days).
- :func:`available_islands`: the spans of one series in one market merged where they overlap,
  so that the islands of a series cover disjoint days, and each day of the set is covered by
  exactly one island of each series in it. Counting the islands that cover a day counts the
  series in the set, and a title's points on a day belong to the set when an island of it
  covers the day: no deduplication of days is needed.
- :func:`members`: the series whose spans meet a period (some day of the period is in a span).

Each is tested equal to the plain definition on hand-worked cases and on random worlds
(tests/definitions/test_benchmark_sets.py). Dates are compared, never subtracted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.definitions.signals import WORLD, local_date

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from showmeter.definitions.params import Params
    from showmeter.definitions.tables import CanonicalTables

__all__ = ["available_islands", "available_spans", "daily_sets", "members"]


def available_spans(t: CanonicalTables, p: Params) -> ir.Table:
    """Each series' availability as spans of local days: ``title, market, first, last``.

    A window of one of a series' seasons in a market covers the local days from the date of
    ``available_from`` to the date just before ``available_until`` (``last`` null: open). In
    ``ALL``, the spans of every market. Distinct rows; ``markets`` keeps the markets given
    (``ALL`` always has every market's). Spans that cover no day (``last`` before ``first``)
    are left out.
    """
    import ibis

    a = t.get("availability")
    zones = t.markets.select("market", "tz")
    series = t.get("titles")
    series = series.filter(series.kind == "series").select("title")
    a = a.join(zones, "market").join(series, "title")
    until = a.available_until - ibis.interval(microseconds=1)
    windows = a.select(
        "title",
        "market",
        first=local_date(a.available_from, a.tz),
        last=local_date(until, a.tz),
    )
    windows = windows.filter(windows["last"].isnull() | (windows["first"] <= windows["last"]))
    per_market = windows
    markets = p.names("markets")
    if markets is not None:
        per_market = windows.filter(windows.market.isin(markets))
    world = windows.select("title", market=ibis.literal(WORLD), first="first", last="last")
    per_market = per_market.select(
        "title", market=per_market.market.cast("string"), first="first", last="last"
    )
    return per_market.union(world).distinct()


def available_islands(t: CanonicalTables, p: Params) -> ir.Table:
    """The spans of each series in each market, merged where they overlap.

    Spans sorted by ``first`` (then ``last``) start a new island when no earlier span of the
    series in the market is open or reaches the span's first day; each island covers the days
    of its spans, and the islands of one series in one market cover disjoint days.

    Returns:
        Columns ``title, market, first, last`` (``last`` null: open).
    """
    import ibis

    spans = available_spans(t, p)
    keys = ["title", "market"]
    order = [spans["first"], spans["last"]]
    before = ibis.window(group_by=keys, order_by=order, rows=(None, -1))
    reach = spans["last"].max().over(before)
    opened = spans["last"].isnull().cast("int64").max().over(before)
    starts = (ibis.coalesce(opened, 0) == 0) & (reach.isnull() | (spans["first"] > reach))
    flagged = spans.mutate(starts=starts.cast("int64"))
    upto = ibis.window(group_by=keys, order_by=[flagged["first"], flagged["last"]], rows=(None, 0))
    numbered = flagged.mutate(island=flagged.starts.sum().over(upto))
    merged = numbered.group_by("title", "market", "island").agg(
        first=numbered["first"].min(),
        last=numbered["last"].max(),
        open=numbered["last"].count() < numbered.count(),
    )
    return merged.select(
        "title",
        "market",
        "first",
        last=ibis.ifelse(merged.open, ibis.null("date"), merged["last"]),
    )


def _covers(islands: ir.Table, days: ir.Table, date: str = "date") -> list[ir.BooleanValue]:
    """The join conditions of a day (column ``date`` of ``days``) within an island."""
    return [
        islands["first"] <= days[date],
        islands["last"].isnull() | (days[date] <= islands["last"]),
    ]


def daily_sets(t: CanonicalTables, p: Params, days: ir.Table, daily: ir.Table) -> ir.Table:
    """The benchmark set of each day and market: its size and the sum of its series' points.

    The same figures as grouping the plain ``available_days`` (the tests' reference) left
    joined to ``daily`` by market and day: a series available without points that day counts
    in ``titles`` and adds nothing to ``points``.

    Args:
        t: The canonical tables.
        p: The metric's parameters (``markets``).
        days: The days (column ``date``).
        daily: Weighted points per ``title, market, date`` (as
            :attr:`~showmeter.definitions.signals.Period.daily`).

    Returns:
        Columns ``market, date, titles, points``: one row per market and day with a series in
        the set.
    """
    import ibis

    islands = available_islands(t, p)
    covered = islands.join(days, _covers(islands, days))
    counts = covered.group_by("market", "date").agg(titles=covered.count())
    held = daily.join(islands, ["title", "market", *_covers(islands, daily)])
    sums = held.group_by(held.market, held.date).agg(points=held.points.sum())
    rows = counts.left_join(sums, ["market", "date"])
    return rows.select(
        rows.market, rows.date, titles=rows.titles, points=ibis.coalesce(rows.points, 0.0)
    )


def members(t: CanonicalTables, p: Params, days: ir.Table) -> ir.Table:
    """The series in the benchmark set on some day of ``days``: ``title, market``, distinct.

    The days of a period are consecutive, so a span holds one of them when it starts on or
    before the last and ends on or after the first (the spans cover at least their first day).
    No days: no members.
    """
    spans = available_spans(t, p)
    bounds = days.aggregate(start=days.date.min(), end=days.date.max())
    met = spans.join(
        bounds,
        [
            spans["first"] <= bounds.end,
            spans["last"].isnull() | (bounds.start <= spans["last"]),
        ],
    )
    return met.select("title", "market").distinct()
