"""Demand signals: the parameters and shared building blocks of the demand metrics.

The signals table holds one value per (date, market, title, signal): page views, searches,
social activity, downloads. The rules, as in docs/sources.md §4 and docs/contracts.md:

- The **weighted points** of a title on a date in a market are Σ weight(signal) × value. The
  weights are the catalog's (the store's ``signal_weights`` table), unless the parameter
  ``signal_weights`` gives others for the run (``pageviews:1,searches:2``), which then replace
  the catalog's entirely. A signal without a weight is left out.
- **Demand** is per 100 people: 100 × points / population(market). The market ``ALL`` sums
  the points of every market (``ZZ``, the unknown market, included) and divides by the
  population summed over every market of the markets table.
- A **day** is a date of the signals table, a calendar date of the market; a day without
  signals for a title is a day of zero demand for it. The period is [``start``, ``end``],
  both included; by default it runs from the first to the last date of the signals table.
- The **benchmark set** of a market on a day is every catalog series (``kind: series``)
  available that day in that market: some availability window of one of its seasons covers
  part of that local day. For ``ALL``, available that day in some market.
- Rows: every title with a weighted signal in the period, in each market where it has one
  (``markets`` restricts those), and in ``ALL``.

Dates are compared, never subtracted, in SQL: a period is generated as a series of dates, and
the local date of an availability instant comes from the market's time zone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from showmeter.definitions.params import MARKETS, Date, Param, Params
from showmeter.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable

    import ibis.expr.types as ir

    from showmeter.definitions.tables import CanonicalTables

__all__ = [
    "COMMON",
    "DEMAND_MARKETS",
    "END",
    "SIGNAL_WEIGHTS",
    "WORLD",
    "Period",
    "daily_points",
    "given_date",
    "per_capita",
    "populations",
    "title_totals",
]

WORLD = "ALL"
"""The market of the worldwide figures."""


# --- parameters -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PeriodDate:
    """A date, ``YYYY-MM-DD``, or a word for the first or last date of the signals."""

    word: str

    @property
    def label(self) -> str:
        which = "earliest" if self.word == "first" else "latest"
        return f"a date as YYYY-MM-DD, or {self.word} (the {which} date of the signals)"

    def parse(self, raw: object) -> dt.date | str:
        if isinstance(raw, str) and raw.strip().lower() == self.word:
            return self.word
        try:
            return Date().parse(raw)
        except ValueError:
            raise ValueError(self.label) from None

    def echo(self, value: object) -> object:
        return value.isoformat() if isinstance(value, dt.date) else value


@dataclasses.dataclass(frozen=True)
class SignalWeights:
    """``catalog``, or ``signal:weight`` pairs (``pageviews:1,searches:2``) or a mapping."""

    @property
    def label(self) -> str:
        return "catalog, or signal:weight pairs such as pageviews:1,searches:2 (weights ≥ 0)"

    def parse(self, raw: object) -> str | tuple[tuple[str, float], ...]:
        if raw is None or (isinstance(raw, str) and raw.strip().lower() == "catalog"):
            return "catalog"
        pairs: list[tuple[object, object]]
        if isinstance(raw, str):
            pairs = []
            for item in raw.split(","):
                match = re.fullmatch(r"\s*([^:\s]+)\s*:\s*(\S+)\s*", item)
                if match is None:
                    raise ValueError(self.label)
                pairs.append((match[1], match[2]))
        elif isinstance(raw, Mapping):
            pairs = list(raw.items())
        else:
            raise ValueError(self.label)
        weights: dict[str, float] = {}
        for name, weight in pairs:
            try:
                value = float(weight)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise ValueError(self.label) from None
            key = str(name).strip().lower()
            if not key or key in weights or not 0 <= value < float("inf"):
                raise ValueError(
                    self.label + (f"; {key!r} is given twice" if key in weights else "")
                )
            weights[key] = value
        if not weights:
            raise ValueError(self.label)
        return tuple(sorted(weights.items()))

    def echo(self, value: object) -> object:
        return value if isinstance(value, str) else dict(value)  # type: ignore[call-overload]


START = Param(
    "start",
    PeriodDate("first"),
    "first",
    "the first date of the period, included; first = the earliest date of the signals",
)
END = Param(
    "end",
    PeriodDate("last"),
    "last",
    "the last date of the period, included; last = the latest date of the signals",
)
DEMAND_MARKETS = MARKETS.replace(
    help="the markets that get rows of their own; the ALL row (every market) is always given"
)
SIGNAL_WEIGHTS = Param(
    "signal_weights",
    SignalWeights(),
    "catalog",
    "the weight of each signal: catalog = the catalog's signal_weights; pairs replace them "
    "for this run (a signal not listed is left out)",
)
COMMON = (START, END, DEMAND_MARKETS, SIGNAL_WEIGHTS)


# --- building blocks ------------------------------------------------------------------------


@functools.cache
def sql_builtins() -> dict[str, Callable[..., Any]]:
    """Two SQL builtins that sqlglot writes per dialect.

    ``generate_date_array(start, end, step)``: ``GENERATE_SERIES`` on DuckDB, ``SEQUENCE`` on
    Spark. ``convert_timezone('UTC', zone, instant)``: the wall-clock time of an instant in a
    zone (``AT TIME ZONE`` on DuckDB, ``CONVERT_TIMEZONE`` on Spark); both read a UTC session,
    as the store and the Spark engine set.
    """
    import ibis
    import ibis.expr.datatypes as dt

    def generate_date_array(start: object, end: object, step: object) -> object:
        raise NotImplementedError  # pragma: no cover - a builtin, never called

    def convert_timezone(source: object, target: object, instant: object) -> object:
        raise NotImplementedError  # pragma: no cover - a builtin, never called

    return {
        "dates": ibis.udf.scalar.builtin(
            generate_date_array,
            signature=((dt.date, dt.date, dt.Interval("h")), dt.Array(dt.date)),
        ),
        "local": ibis.udf.scalar.builtin(
            convert_timezone,
            signature=((dt.string, dt.string, dt.Timestamp(timezone="UTC")), dt.Timestamp()),
        ),
    }


def local_date(instant: ir.TimestampValue, zone: ir.StringValue) -> ir.DateValue:
    """The calendar date, in ``zone``, of an instant."""
    local: ir.TimestampValue = sql_builtins()["local"]("UTC", zone, instant)
    return local.cast("date")


def given_date(p: Params, name: str) -> dt.date | None:
    """A date parameter's value, or None for ``first`` / ``last`` (or when absent)."""
    value = p.get_value(name)
    return value if isinstance(value, dt.date) else None


class Period(NamedTuple):
    """The days of a period and the weighted points of each title on them.

    Attributes:
        days: One row per date of the period (column ``date``); none when the period holds
            no date of the signals' span.
        count: One row, ``days``: the number of days of the period.
        daily: Weighted points per ``title, market, date`` on the days of the period with
            signals, for the selected markets and ``ALL``.
    """

    days: ir.Table
    count: ir.Table
    daily: ir.Table


def weighted_points(t: CanonicalTables, p: Params) -> ir.Table:
    """Every signal's weighted points: columns ``date, market, title, points``."""
    s = t.get("signals")
    weights = p["signal_weights"]
    if weights == "catalog":
        catalog = t.get("signal_weights")
        joined = s.join(catalog, "signal")
        return joined.select("date", "market", "title", points=joined.value * joined.weight)
    assert isinstance(weights, tuple)
    s = s.filter(s.signal.isin([name for name, _ in weights]))
    return s.select("date", "market", "title", points=s.value * s.signal.cases(*weights))


def daily_points(t: CanonicalTables, p: Params, first: dt.date | None) -> Period:
    """The days from ``first`` to the ``end`` parameter, and the daily points on them.

    Args:
        t: The canonical tables.
        p: The metric's parameters (``end``, ``markets``, ``signal_weights``).
        first: The first day, or None for the earliest date of the signals.

    Raises:
        UsageError: ``first`` is after ``end``.
    """
    import ibis

    last = given_date(p, "end")
    if first is not None and last is not None and first > last:
        raise UsageError(
            f"{p.metric}: the period starts after it ends",
            value=f"start={first.isoformat()}, end={last.isoformat()}",
            remedy="Give start ≤ end (both dates are included).",
        )
    s = t.get("signals")
    if first is None or last is None:
        bounds = s.aggregate(first=s.date.min(), last=s.date.max())
    else:  # one row without reading the signals
        bounds = t.markets.aggregate(first=t.markets.count(), last=t.markets.count())
    span = bounds.select(
        first=bounds.first if first is None else ibis.literal(first),
        last=bounds.last if last is None else ibis.literal(last),
    )
    # a start after the signals' last date (or an end before their first) is an empty period
    span = span.filter(span.first <= span.last)
    dates = sql_builtins()["dates"](span.first, span.last, ibis.interval(hours=24))
    days = span.select(date=dates.unnest())

    points = weighted_points(t, p)
    if first is not None:
        points = points.filter(points.date >= first)
    if last is not None:
        points = points.filter(points.date <= last)
    per_market = points
    markets = p.names("markets")
    if markets is not None:
        per_market = points.filter(points.market.isin(markets))
    daily = per_market.group_by("title", "market", "date").agg(points=per_market.points.sum())
    world = points.group_by("title", "date").agg(points=points.points.sum())
    world = world.select("title", market=ibis.literal(WORLD), date="date", points="points")
    count = days.aggregate(days=days.count())
    return Period(days, count, daily.cast({"market": "string"}).union(world))


def populations(t: CanonicalTables) -> ir.Table:
    """``market, population`` of every market, and of ``ALL`` (their sum)."""
    import ibis

    m = t.markets
    world = m.aggregate(population=m.population.sum().cast("int64"))
    world = world.select(market=ibis.literal(WORLD), population="population")
    each = m.select(market=m.market.cast("string"), population=m.population)
    return each.union(world)


def per_capita(points: ir.NumericValue, population: ir.NumericValue) -> ir.FloatingValue:
    """Demand per 100 people; null without a population."""
    result: ir.FloatingValue = 100.0 * points / population.nullif(0)
    return result


def title_totals(t: CanonicalTables, period: Period) -> ir.Table:
    """Each title's points over the period, per market, and its mean daily demand.

    Returns:
        Columns ``title, market, points, demand``: ``demand`` is the points per 100 people
        divided by the number of days of the period (days without signals count as 0).
    """
    daily = period.daily
    totals = daily.group_by("title", "market").agg(points=daily.points.sum())
    joined = totals.left_join(populations(t), "market").cross_join(period.count)
    return joined.select(
        joined.title,
        joined.market,
        joined.points,
        demand=per_capita(joined.points, joined.population) / joined.days,
    )
