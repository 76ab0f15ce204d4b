"""Audience: how many units viewed a season — reach, daily and weekly reach, reach index.

A unit **views** season *s* in a window when, for some episode, the sum of its
``seconds_watched`` over sessions starting in the window is ≥ ``min_seconds``. Each session is
measured from the launch in its own market (or the global launch with ``anchor=global``).
Reach is the sum of the viewing units' weights: their number without a panel, a projection
with one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.definitions.exact_sums import weight_sum
from showmeter.definitions.params import (
    ANCHOR,
    BY_MARKET,
    DEVICES,
    MARKETS,
    MIN_SECONDS,
    PANEL,
    REQUIRED,
    UNIT,
    Choice,
    Integer,
    Param,
    Params,
    SeasonRef,
    window_days,
)
from showmeter.definitions.registry import metric
from showmeter.definitions.windows import (
    Scope,
    attach,
    bucket,
    count_units,
    season_rows,
    sessions,
    unit_viewing,
    viewers,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    import ibis.expr.types as ir

    from showmeter.definitions.tables import CanonicalTables

__all__ = ["daily_reach", "reach", "reach_figures", "reach_index", "weekly_reach"]

SOURCE = (
    "docs/sources.md §1 (Jumpshot: viewers of at least one episode in the first 30 days, "
    "weekly drops) and §9; docs/contracts.md"
)
COMMON = (UNIT, PANEL, DEVICES, MARKETS, BY_MARKET, ANCHOR, MIN_SECONDS)


def reach_figures(
    counted: ir.Table, keys: Sequence[str], min_seconds: float, *, exact: bool = True
) -> ir.Table:
    """Reach (``value``, Σ weight) and ``units`` (their number) per group of ``keys``.

    ``exact``: whether the weights can be fractional (a panel is named), see ``weight_sum``.
    """
    return count_units(viewers(counted, keys, min_seconds), keys, exact=exact)


def _reach_rows(t: CanonicalTables, scope: Scope, hours: int, min_seconds: float) -> ir.Table:
    counted = sessions(t, scope, hours=hours)
    figures = reach_figures(counted, scope.keys, min_seconds, exact=scope.fractional_weights)
    rows = season_rows(t, scope, counted)
    return attach(rows, figures, scope.keys, fill={"value": 0.0, "units": 0})


@metric(
    name="reach",
    family="audience",
    season_alone=True,
    summary="Σ weight of the units that view the season in [L, L + window_days)",
    source=SOURCE,
    unit="units (Σ weight)",
    rows=("title", "season"),
    columns=("value", "units"),
    params=(*COMMON, window_days(30)),
    per_season=True,
)
def reach(t: CanonicalTables, p: Params) -> ir.Table:
    """Reach: Σ weight of the units that view the season in [L, L + window_days × 24 h).

    A unit views the season when, for some episode, its ``seconds_watched`` summed over
    sessions starting in the window is ≥ ``min_seconds``; each session is measured from L in
    its own market (``anchor=market``) or from the earliest launch (``anchor=global``), and
    sessions before L are ignored. ``units`` is the number of viewing units (the sample size
    behind a weighted ``value``). Every launched season has a row (0 when nobody viewed it);
    with ``by_market``, every market where some unit of that market has a session in the
    window. The Σ weight is exact: a panel's weights (1234.56) give the same double whatever
    order the units are added in, on every engine (so do daily, weekly reach and the index).
    """
    scope = Scope.of(p)
    return _reach_rows(t, scope, 24 * p.integer("window_days"), p.number("min_seconds"))


def _periodic(t: CanonicalTables, p: Params, *, period: str, hours: int, count: int) -> ir.Table:
    import ibis

    scope = Scope.of(p)
    counted = sessions(t, scope, hours=hours * count)
    counted = counted.mutate(**{period: bucket(counted, hours)})
    keys = (*scope.keys, period)
    figures = reach_figures(counted, keys, p.number("min_seconds"), exact=scope.fractional_weights)
    rows = season_rows(t, scope, counted)
    grid = rows.select(*rows.columns, **{period: ibis.range(1, count + 1).unnest()})
    return attach(grid, figures, keys, fill={"value": 0.0, "units": 0})


@metric(
    name="daily_reach",
    family="audience",
    season_alone=True,
    summary="reach within day k = [L + 24(k−1) h, L + 24k h), k = 1..days",
    source=SOURCE,
    unit="units (Σ weight)",
    rows=("title", "season", "day"),
    columns=("value", "units"),
    params=(
        *COMMON,
        Param("days", Integer(minimum=1, maximum=366), 30, "days reported, from day 1"),
    ),
)
def daily_reach(t: CanonicalTables, p: Params) -> ir.Table:
    """Daily reach: reach within day k = [L + 24(k−1) h, L + 24k h), for k = 1..days.

    A unit views on day *k* when, for some episode, its seconds watched in sessions starting
    that day sum to ≥ ``min_seconds`` (sessions of other days do not add up). Every day
    1..days has a row, 0 when nobody viewed. Days are 24-hour periods from the launch
    instant, not calendar days, so a daylight-saving change does not shift them.
    """
    return _periodic(t, p, period="day", hours=24, count=p.integer("days"))


@metric(
    name="weekly_reach",
    family="audience",
    season_alone=True,
    summary="reach within week k = [L + 7(k−1) d, L + 7k d), k = 1..weeks, with wow_change",
    source=SOURCE,
    unit="units (Σ weight)",
    rows=("title", "season", "week"),
    columns=("value", "units", "wow_change"),
    params=(
        *COMMON,
        Param("weeks", Integer(minimum=1, maximum=104), 4, "weeks reported, from week 1"),
    ),
)
def weekly_reach(t: CanonicalTables, p: Params) -> ir.Table:
    """Weekly reach: reach within week k = [L + 7(k−1) d, L + 7k d), for k = 1..weeks.

    ``wow_change`` = reach_k / reach_(k−1) − 1 (−0.67 is a 67 % drop); null for week 1 and
    after a week with zero reach. Every week 1..weeks has a row, 0 when nobody viewed.
    """
    import ibis

    table = _periodic(t, p, period="week", hours=7 * 24, count=p.integer("weeks"))
    keys = [k for k in table.columns if k in ("title", "season", "market")]
    previous = table.value.lag().over(ibis.window(group_by=keys, order_by="week"))
    return table.mutate(wow_change=table.value / previous.nullif(0) - 1)


def active_units(t: CanonicalTables, scope: Scope, hours: int) -> ir.Table:
    """Σ weight of the units with any session of any title in each season's window.

    The window of season *s* for a session in market *m* is [L(s, m), L(s, m) + hours)
    (``anchor=global``: the earliest launch of *s*), as for reach. This joins every session
    to every season launched in its market, in a range join; it is the costly part of
    ``normalization=share_of_active``.

    Returns:
        Columns ``title, season, active``.
    """
    import ibis

    v = unit_viewing(t, scope)
    window = ibis.interval(hours=hours)
    if scope.anchor == "market":
        launches = t.launches
        w = launches.select(
            launches.title.name("window_title"),
            launches.season.name("window_season"),
            launches.market.name("window_market"),
            "launch_at",
        )
        on = [v.market == w.window_market]
    else:
        seasons = t.seasons.filter(t.seasons.launch_at.notnull())
        w = seasons.select(
            seasons.title.name("window_title"), seasons.season.name("window_season"), "launch_at"
        )
        on = []
    joined = v.join(w, [*on, v.started_at >= w.launch_at, v.started_at < w.launch_at + window])
    units = joined.select("window_title", "window_season", "unit_id", "weight").distinct()
    return units.group_by(title=units.window_title, season=units.window_season).agg(
        active=weight_sum(units.weight, scope.fractional_weights)
    )


@metric(
    name="reach_index",
    family="audience",
    summary="100 × reach / reach of the reference season, each in its own first window_days",
    source=SOURCE + " (the 30-day index against Daredevil S2 = 100)",
    unit="index (reference = 100)",
    rows=("title", "season"),
    columns=("value", "reach", "reference_reach", "active", "reference_active"),
    params=(
        UNIT,
        PANEL,
        DEVICES,
        MARKETS,
        ANCHOR,
        MIN_SECONDS,
        Param("reference", SeasonRef(), REQUIRED, "the season indexed as 100, as title:season"),
        window_days(30, "each season's window"),
        Param(
            "normalization",
            Choice(("raw", "share_of_active")),
            "raw",
            "raw: reach as counted; share_of_active: each reach divided by the units with any "
            "session of any title in the same window",
        ),
    ),
    per_season=True,
)
def reach_index(t: CanonicalTables, p: Params) -> ir.Table:
    """Reach index: 100 × reach / reach of ``reference``, each in its own first window_days.

    Reach is as in ``reach``. With ``normalization=share_of_active`` each reach is first
    divided by ``active``: the Σ weight of units with any session of any title (of the
    selected devices and markets, whatever that title's own launch) that starts in that
    season's window, measured from the season's launch in the session's market (which
    corrects for a panel or subscriber base that grew between the two launches); ``active``
    and ``reference_active`` are null with ``raw``. The value is null when a denominator is
    0. There is no ``by_market``: the index compares seasons.
    """
    import ibis

    scope = Scope.of(p)
    hours = 24 * p.integer("window_days")
    rows = _reach_rows(t, scope, hours, p.number("min_seconds")).rename(reach="value")
    rows = rows.drop("units")
    if p.text("normalization") == "share_of_active":
        rows = attach(rows, active_units(t, scope, hours), ["title", "season"], {"active": 0.0})
    else:
        rows = rows.mutate(active=ibis.null("float64"))
    ref = p.season("reference")
    is_reference = (rows.title == ref.title) & (rows.season == ref.season)
    everywhere = ibis.window()
    rows = rows.mutate(
        reference_reach=ibis.ifelse(is_reference, rows.reach, None).max().over(everywhere),
        reference_active=ibis.ifelse(is_reference, rows.active, None).max().over(everywhere),
    )
    if p.text("normalization") == "share_of_active":
        share = rows.reach / rows.active.nullif(0)
        reference_share = rows.reference_reach / rows.reference_active.nullif(0)
    else:
        share, reference_share = rows.reach, rows.reference_reach
    return rows.select(
        "title",
        "season",
        value=100 * share / reference_share.nullif(0),
        reach=rows.reach,
        reference_reach=rows.reference_reach,
        active=rows.active,
        reference_active=rows.reference_active,
    )
