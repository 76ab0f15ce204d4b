"""The finer, additive pre-aggregation: each unit's seconds per market, device, episode and day.

Declared next to the others (:mod:`showmeter.definitions.preaggregates`) and kept the same
way, for the store's default unit (:func:`unit_days_table`): one row per
(title, season, episode, unit, market, device, day), where the market and device are the
sessions' own and *day* is the 24-hour period from L(s, market) — the launch in the
sessions' market — in which they start (day 1 = [L, L + 24 h); sessions before L, or in a
market where the season has no launch, count nowhere and have no row). Each row holds the
seconds watched (their sum), the number of sessions and the first start.

Why it re-derives a metric of :data:`ADDITIVE` exactly, at any ``markets``, ``devices``,
``by_market``, ``panel``, ``ages``, ``min_seconds``, window of whole days (``window_days``,
``days``, ``weeks``), as long as the unit is the store's and ``anchor=market``: read as
sessions (:func:`as_viewing`: each row one "session" that starts at the group's first start
and lasts its seconds), every step of :func:`~showmeter.definitions.windows.sessions` and of
those metrics gives the same answer:

- ``devices`` and ``markets`` select whole rows (a row holds one device and one market);
- a window of whole days from L in the sessions' market holds a row whole or not at all, and
  the row's first start lies in the same day as every session of it, so the window's test on
  the first start is the test on each session (and so are the day and week buckets);
- a unit's market is the market of its first session (ties: the smaller code): the smallest
  (first start, market) over its rows is the smallest (start, market) over its sessions;
- the metrics use only sums of seconds per (unit, episode[, period]), distinct units, their
  weights (one per unit) and the unit's market: sums of sums are the sums (a double summed
  in another order may differ in its last bits, as the engine's own parallel sums do).

Metrics that need single sessions (the completion family's running sums, reach_index's
activity windows of other seasons) are not covered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.definitions.params import UNIT_COLUMNS
from showmeter.definitions.windows import DAY_US, Scope, offset_us

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from showmeter.definitions.params import Params
    from showmeter.definitions.tables import CanonicalTables

__all__ = [
    "ADDITIVE",
    "UNIT_DAYS",
    "UNIT_DAYS_SCHEMA",
    "UNIT_DAYS_VERSION",
    "as_viewing",
    "build_unit_days",
    "days_uncovered",
    "unit_days_table",
]

UNIT_DAYS = "agg_unit_days"
"""The table of each account's seconds per market, device, episode and day from L."""

UNIT_DAYS_VERSION = 1
"""Bumped whenever :func:`build_unit_days` changes what it holds (the store rebuilds it)."""

ADDITIVE = (
    "reach",
    "hours_viewed",
    "views",
    "daily_reach",
    "weekly_reach",
    "average_minute_audience",
)
"""The metrics the rows re-derive (and ``rank`` of one of them)."""

UNIT_DAYS_SCHEMA: dict[str, str] = {
    "title": "string",
    "season": "int32",
    "episode": "int32",
    "unit_id": "string",
    "market": "string",
    "device": "string",
    "day": "int64",
    "first_at": "timestamp('UTC')",
    "seconds": "float64",
    "sessions": "int64",
}
"""The columns of :data:`UNIT_DAYS` and their Ibis types."""


def unit_days_table(unit: str = "account") -> str:
    """The table kept for ``unit``: :data:`UNIT_DAYS` for accounts, ``agg_unit_days_<unit>``."""
    return UNIT_DAYS if unit == "account" else f"{UNIT_DAYS}_{unit}"


def build_unit_days(t: CanonicalTables, unit: str = "account", *, sort: bool = False) -> ir.Table:
    """Each unit's sessions from L on, summed per (episode, market, device, day).

    Args:
        t: The canonical tables (restricted to what a load touched, to refresh).
        unit: The unit whose column identifies the rows (sessions without one have none).
        sort: Order the rows by season and market (title, season, market), as the stored
            table is kept (:func:`~showmeter.engines.preaggregate_build.days_expr`).

    Returns:
        The columns of :data:`UNIT_DAYS_SCHEMA`.
    """
    import ibis

    v = t.viewing
    unit_id = v[UNIT_COLUMNS[unit]]
    v = v.filter(unit_id.notnull(), unit_id != "").select(
        "title",
        "season",
        "episode",
        unit_id.name("unit_id"),
        "market",
        "device",
        "started_at",
        "seconds_watched",
    )
    launches = t.launches.select("title", "season", "market", "launch_at")
    keys = ["title", "season", "episode", "unit_id", "market", "device"]
    if sort:
        # Sorted by one integer, each (title, season, market)'s place among the launches (every
        # row has a launch: the rows are counted from it): the same order as by the three
        # columns, two of them text, for about a third less CPU of the sort. The place comes
        # with the launch the rows are joined to anyway, as one more key of the grouping (it
        # follows from title, season and market, so the groups are the same), rather than from
        # a second join of the grouped rows (``benchmarks/load_profile.py``).
        order = ibis.row_number().over(order_by=["title", "season", "market"])
        launches = launches.mutate(_place=order.cast("int32"))
        keys.append("_place")
    s = v.join(launches, ["title", "season", "market"])
    s = s.filter(s.started_at >= s.launch_at)
    day = offset_us(s) // DAY_US + 1
    rows = s.group_by([*keys, day.name("day")]).agg(
        first_at=s.started_at.min(),
        seconds=s.seconds_watched.sum(),
        sessions=s.count(),
    )
    if sort:
        rows = rows.order_by("_place")
    return rows.select(*UNIT_DAYS_SCHEMA)


def as_viewing(table: ir.Table, unit: str = "account") -> ir.Table:
    """The rows as the ``viewing`` table a metric reads: one session per row.

    Each row is a session of the unit (in the column of ``unit``) that starts at the row's
    first start and lasts its seconds; the columns no covered metric reads are null.
    """
    import ibis

    from showmeter.definitions.tables import canonical_table

    renamed = {
        UNIT_COLUMNS[unit]: table.unit_id,
        "started_at": table.first_at,
        "seconds_watched": table.seconds,
    }
    columns = []
    for name, dtype in canonical_table("viewing").schema().items():
        if name in renamed:
            column = renamed[name]
        elif name in table.columns:
            column = table[name]
        else:
            column = ibis.null()
        columns.append(column.cast(dtype).name(name))
    return table.select(*columns)


def days_uncovered(metric: str, p: Params, unit: str = "account") -> str | None:
    """Why the rows cannot serve a computation; None when they can.

    Args:
        metric: The metric computed.
        p: Its resolved parameters (``rank``'s hold its ranked metric's).
        unit: The unit the store keeps the rows for (its default unit).

    Returns:
        The reason as a clause (e.g. ``anchor=global (the rows are kept from L in each
        market)``); None when the rows re-derive the metric at these parameters.
    """
    if metric == "rank":
        metric = str(p.get_value("metric", ""))
    if metric not in ADDITIVE:
        return f"{metric} needs single sessions"
    scope = Scope.of(p)
    if scope.unit != unit:
        return f"unit={scope.unit} (the rows are kept for unit={unit})"
    if scope.anchor != "market":
        return f"anchor={scope.anchor} (the rows are kept from L in each market)"
    return None
