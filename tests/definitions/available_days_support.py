"""The plain benchmark set, one row per series, market and day: the reference the tests hold
:mod:`showmeter.definitions.benchmark_sets` to.

Production reads the set from availability islands (``benchmark_sets``); this expands every
window to its local days, as the demand metrics read it before, so the two are computed by
different means from the same rule of ``signals``' docstring.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from showmeter.definitions.signals import WORLD, local_date

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from showmeter.definitions.params import Params
    from showmeter.definitions.tables import CanonicalTables


def available_days(t: CanonicalTables, p: Params, days: ir.Table) -> ir.Table:
    """The benchmark set of each day: ``title, market, date`` of every series available then.

    A series is available on a day in a market when an availability window of one of its
    seasons in that market covers part of the local day: the window's first local date is on
    or before it and its last (the local date just before ``available_until``) on or after
    it. In ``ALL``, a series is available on a day when it is in some market.
    """
    a = t.get("availability")
    zones = t.markets.select("market", "tz")
    series = t.get("titles")
    series = series.filter(series.kind == "series").select("title")
    a = a.join(zones, "market").join(series, "title")
    until = a.available_until - ibis.interval(microseconds=1)
    windows = a.select(
        "title",
        "market",
        first_day=local_date(a.available_from, a.tz),
        last_day=local_date(until, a.tz),
    )
    per_market = windows
    markets = p.names("markets")
    if markets is not None:
        per_market = windows.filter(windows.market.isin(markets))
    world = windows.select("title", "first_day", "last_day").distinct()
    world = world.select("title", market=ibis.literal(WORLD), first="first_day", last="last_day")
    per_market = per_market.select("title", "market", first="first_day", last="last_day")
    spans = per_market.distinct().union(world)
    covered = spans.join(
        days, [spans.first <= days.date, spans.last.isnull() | (days.date <= spans.last)]
    )
    return covered.select("title", "market", "date").distinct()
